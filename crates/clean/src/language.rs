//! Language identification: a thin wrapper over whatlang that speaks ISO 639-1.

use whatlang::Lang;

/// ISO 639-1 code of the language of `text` if whatlang is reliable enough,
/// else `None`.
///
/// ```
/// let text = "The council of Velmora approved the new harbour budget on Monday evening.";
/// assert_eq!(tidings_clean::detect_language(text), Some("en"));
/// assert_eq!(tidings_clean::detect_language("X"), None);
/// ```
pub fn detect_language(text: &str) -> Option<&'static str> {
    guess(text)
        .filter(|guess| guess.reliable)
        .map(|guess| guess.code)
}

/// What whatlang says about a text, in ISO 639-1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Guess {
    /// ISO 639-1 code (or the 639-3 code where no two-letter code exists).
    pub code: &'static str,
    /// Whatlang's own reliability verdict.
    pub reliable: bool,
}

/// Whatlang's best guess, reliable or not.
pub(crate) fn guess(text: &str) -> Option<Guess> {
    let info = whatlang::detect(text)?;
    Some(Guess {
        code: iso639_1(info.lang()),
        reliable: info.is_reliable(),
    })
}

/// The primary subtag of a `<html lang>` value (`en-GB` → `en`), if it looks
/// like a two-letter code.
pub(crate) fn primary_subtag(lang: &str) -> Option<String> {
    let primary = lang.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() == 2 && primary.bytes().all(|b| b.is_ascii_lowercase())).then_some(primary)
}

/// Maps whatlang's ISO 639-3 languages to ISO 639-1.
fn iso639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_maps_to_a_short_code() {
        for &lang in Lang::all() {
            let code = iso639_1(lang);
            assert_eq!(code.len(), 2, "{lang:?} -> {code}");
        }
    }

    #[test]
    fn detects_common_languages_of_news() {
        let cases = [
            ("tr", "Belediye meclisi yeni liman bütçesini pazartesi akşamı oy birliğiyle kabul etti."),
            ("de", "Der Stadtrat von Velmora hat am Montagabend den neuen Hafenhaushalt einstimmig beschlossen."),
            ("fr", "Le conseil municipal de Velmora a adopté lundi soir le nouveau budget du port à l'unanimité."),
            ("es", "El ayuntamiento de Velmora aprobó el lunes por la noche el nuevo presupuesto del puerto."),
        ];
        for (code, text) in cases {
            assert_eq!(detect_language(text), Some(code), "{text}");
        }
    }

    #[test]
    fn html_lang_primary_subtag() {
        assert_eq!(primary_subtag("en-GB").as_deref(), Some("en"));
        assert_eq!(primary_subtag(" TR ").as_deref(), Some("tr"));
        assert_eq!(primary_subtag("x-klingon"), None);
        assert_eq!(primary_subtag(""), None);
    }
}
