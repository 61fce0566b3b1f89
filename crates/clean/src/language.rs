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

/// The most text whatlang looks at, in bytes. Its cost grows with the
/// length of the text while its verdict settles after a few hundred
/// characters, so longer texts are judged on a sample: their start up to a
/// word boundary. (Language detection was half of all cleaning time before.)
const SAMPLE_BYTES: usize = 600;

/// The language of `text`: by its function words when they leave no doubt,
/// else whatlang's best guess, reliable or not.
pub(crate) fn guess(text: &str) -> Option<Guess> {
    if let Some(code) = quick(text).decided {
        return Some(Guess {
            code,
            reliable: true,
        });
    }
    whatlang_guess(text)
}

/// What the function words of `text` say, at the cost of one map lookup
/// per word: the language when they leave no doubt, else the language with
/// strictly the most of them (at least one), if any.
pub(crate) fn quick(text: &str) -> Quick {
    if let Some(code) = by_script(text) {
        return Quick {
            decided: Some(code),
            leaning: Some(code),
        };
    }
    let (decided, leaning) = function_word_verdict(text);
    Quick { decided, leaning }
}

/// Korean, Japanese and Chinese by their scripts: Hangul is Korean; kana
/// among Han characters is Japanese; Han with no kana and no Hangul is
/// Chinese. Needs 20 letters, and the script must hold half of them (a
/// Latin text quoting a Korean name is not Korean).
fn by_script(text: &str) -> Option<&'static str> {
    let (mut letters, mut hangul, mut kana, mut han) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        match u32::from(c) {
            0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F => hangul += 1,
            0x3040..=0x30FF => kana += 1,
            0x4E00..=0x9FFF | 0x3400..=0x4DBF => han += 1,
            _ => {}
        }
    }
    if letters < 20 {
        return None;
    }
    if hangul * 2 >= letters {
        Some("ko")
    } else if kana * 10 >= letters && (kana + han) * 2 >= letters {
        Some("ja")
    } else if han * 2 >= letters && kana == 0 && hangul == 0 {
        Some("zh")
    } else {
        None
    }
}

/// The verdict of [`quick`].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Quick {
    /// The language when its function words settle it.
    pub decided: Option<&'static str>,
    /// The language with strictly the most function words in the text.
    pub leaning: Option<&'static str>,
}

/// Whatlang's best guess, reliable or not.
pub(crate) fn whatlang_guess(text: &str) -> Option<Guess> {
    let info = whatlang::detect(sample(text, SAMPLE_BYTES))?;
    Some(Guess {
        code: iso639_1(info.lang()),
        reliable: info.is_reliable(),
    })
}

/// Function words of the languages news is most often written in. A block of
/// ordinary prose is a quarter or more function words, and those of one
/// language rarely pass for another's, so counting them settles most blocks
/// at a fraction of the cost of whatlang's trigram profiles (which took half
/// of all cleaning time). Anything less clear-cut goes to whatlang.
#[rustfmt::skip]
const FUNCTION_WORDS: &[(&str, &[&str])] = &[
    ("en", &["the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "was", "at",
        "by", "said", "it", "from", "has", "have", "be", "are", "his", "her", "their", "an", "will",
        "not", "this", "which", "who", "after", "its", "were", "been", "had", "but", "or", "they",
        "he", "she", "would", "than", "also", "about", "into", "over", "we", "our", "you", "your"]),
    ("de", &["der", "die", "und", "den", "von", "zu", "das", "mit", "sich", "des", "auf", "für", "ist",
        "im", "dem", "nicht", "ein", "eine", "als", "auch", "es", "werden", "aus", "er", "hat", "dass",
        "sie", "nach", "wird", "bei", "einer", "um", "am", "sind", "noch", "wie", "einem", "über",
        "einen", "zum", "war", "haben", "nur", "oder", "aber", "vor", "zur", "bis", "mehr", "durch",
        "wurde", "wir", "ihre", "unserer", "unsere", "können", "finden"]),
    ("fr", &["le", "la", "les", "des", "du", "et", "à", "un", "une", "est", "que", "qui", "dans",
        "pour", "pas", "sur", "au", "par", "il", "elle", "ce", "plus", "ont", "ne", "se", "aux",
        "avec", "son", "sa", "ses", "été", "sont", "mais", "ou", "nous", "vous", "leur", "cette",
        "d", "l", "qu", "n", "s", "c", "j", "notre", "nos", "votre", "vos"]),
    ("es", &["el", "los", "las", "del", "y", "en", "que", "un", "una", "por", "con", "para", "su",
        "sus", "es", "al", "lo", "como", "más", "pero", "fue", "ha", "han", "este", "esta",
        "también", "sobre", "entre", "sin", "ya", "según", "nuestra", "nuestro", "nuestros", "usted"]),
    ("it", &["il", "gli", "di", "della", "che", "per", "non", "è", "da", "alla", "sono", "anche",
        "più", "ma", "nel", "nella", "dei", "delle", "degli", "questo", "questa", "ha", "hanno"]),
    ("pt", &["o", "os", "do", "da", "dos", "das", "em", "um", "uma", "para", "com", "não", "no",
        "na", "mais", "foi", "ao", "à", "mas", "ele", "ela", "são", "pelo", "pela", "também"]),
    ("nl", &["het", "een", "van", "dat", "op", "te", "zijn", "met", "voor", "niet", "aan", "er",
        "maar", "om", "ook", "als", "bij", "door", "werd", "naar", "heeft", "hij", "ze", "wordt"]),
    ("tr", &["ve", "bir", "bu", "ile", "için", "olarak", "daha", "gibi", "çok", "olan", "ancak",
        "sonra", "kadar", "ise", "veya", "her", "ama", "göre", "değil", "ki", "olduğunu", "size",
        "sizlere", "bunu"]),
    // The Cyrillic languages share many short words: Russian keeps the
    // common ones, Ukrainian and Bulgarian only words of their own, so a
    // Ukrainian or Bulgarian text never passes for Russian three to one
    // (and one that is not clear-cut goes to whatlang).
    ("ru", &["и", "в", "не", "на", "что", "с", "по", "как", "это", "к", "из", "за", "от", "о",
        "но", "же", "для", "он", "она", "так", "был", "была", "были", "его", "её", "их", "который",
        "которые", "также", "при", "а", "бы", "уже", "или", "только", "ещё", "если", "после", "мы",
        "вы", "они", "этого", "этом", "года"]),
    ("uk", &["і", "та", "що", "з", "від", "це", "як", "він", "вона", "його", "її", "їх", "який",
        "які", "також", "але", "вже", "або", "тільки", "ще", "якщо", "після", "ми", "ви", "вони",
        "був", "була", "були", "року"]),
    ("bg", &["се", "да", "че", "са", "е", "към", "това", "ще", "които", "който", "която", "беше",
        "бяха", "след", "година", "тази", "този"]),
    ("id", &["yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "dalam", "tidak", "akan",
        "pada", "juga", "ke", "karena", "ada", "oleh", "atau", "sudah", "telah", "bahwa", "mereka",
        "kami", "saya", "lebih", "bisa", "para", "sebagai", "hingga", "seperti", "namun"]),
];

// One bit per language in the map below.
const _: () = assert!(FUNCTION_WORDS.len() <= 32);

/// Each function word with the languages it belongs to (bit `i` for
/// `FUNCTION_WORDS[i]`): one lookup per word instead of a scan of every list.
static FUNCTION_WORD_LANGUAGES: std::sync::LazyLock<crate::HashMap<&'static str, u32>> =
    std::sync::LazyLock::new(|| {
        let mut map = crate::HashMap::default();
        for (i, (_, list)) in FUNCTION_WORDS.iter().enumerate() {
            for word in *list {
                *map.entry(*word).or_insert(0u32) |= 1 << i;
            }
        }
        map
    });

/// The fewest words a block needs for its function words to decide.
const FUNCTION_WORDS_MIN_WORDS: usize = 8;

/// The language whose function words make up at least a quarter of the
/// words of `text` and outnumber any other language's at least three to one.
#[cfg(test)]
fn by_function_words(text: &str) -> Option<&'static str> {
    function_word_verdict(text).0
}

/// [`by_function_words`], and the language with strictly the most function
/// words (at least one) whether or not they decide.
fn function_word_verdict(text: &str) -> (Option<&'static str>, Option<&'static str>) {
    let mut words = 0usize;
    let mut hits = [0usize; FUNCTION_WORDS.len()];
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        let lower;
        let word = if word.chars().any(char::is_uppercase) {
            lower = word.to_lowercase();
            lower.as_str()
        } else {
            word
        };
        if let Some(&mask) = FUNCTION_WORD_LANGUAGES.get(word) {
            for (i, hit) in hits.iter_mut().enumerate() {
                *hit += usize::from(mask >> i & 1 == 1);
            }
        }
    }
    let Some((best, &top)) = hits
        .iter()
        .enumerate()
        .max_by_key(|&(i, n)| (*n, usize::MAX - i))
    else {
        return (None, None);
    };
    let runner_up = hits
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != best)
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0);
    let code = FUNCTION_WORDS[best].0;
    let leaning = (top > runner_up).then_some(code);
    let decided =
        (words >= FUNCTION_WORDS_MIN_WORDS && top * 4 >= words && top >= 3 * runner_up.max(1))
            .then_some(code);
    (decided, leaning)
}

/// At most `max` bytes of `text`, cut at a char boundary and, where there
/// is one, at the last whitespace before it.
fn sample(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    match head.rfind(char::is_whitespace) {
        Some(space) if space > max / 2 => &head[..space],
        _ => head,
    }
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
    fn quick_settles_prose_and_leans_on_short_text() {
        let prose = "The council said that the new bridge over the river will be built by the \
                     end of the year, and it has asked the region for the money.";
        assert_eq!(
            quick(prose),
            Quick {
                decided: Some("en"),
                leaning: Some("en")
            }
        );
        // Too few words to decide, but one English function word leans.
        assert_eq!(
            quick("Floods close the harbour road"),
            Quick {
                decided: None,
                leaning: Some("en")
            }
        );
        // "in" (English) against "die" (German): no leaning either way.
        assert_eq!(quick("Die Zahlen in Velmora").leaning, None);
        assert_eq!(quick("Velmora 2026").leaning, None);
    }

    #[test]
    fn every_language_maps_to_a_short_code() {
        for &lang in Lang::all() {
            let code = iso639_1(lang);
            assert_eq!(code.len(), 2, "{lang:?} -> {code}");
        }
    }

    #[test]
    fn function_words_agree_with_whatlang_on_clear_prose_and_abstain_otherwise() {
        let cases = [
            ("en", "The council said on Monday that the harbour would reopen to ferries after the storm damage was repaired."),
            ("de", "Wir verwenden Cookies, um Inhalte und Anzeigen zu personalisieren und die Zugriffe auf unsere Website zu analysieren."),
            ("fr", "Nous utilisons des cookies pour vous offrir la meilleure expérience possible sur notre site et pour mesurer l'audience."),
            ("es", "Utilizamos cookies propias y de terceros para mejorar nuestros servicios y mostrarle publicidad relacionada con sus preferencias."),
            ("tr", "Bu çerezlere izin vermeniz halinde sizlere daha iyi bir deneyim sunabilir ve bunu her zaman yaparız."),
            ("ru", "Городской совет заявил в понедельник, что паром снова начнёт работу после того, как на причале закончат ремонт, и что это займёт всего неделю."),
            ("uk", "Міська рада заявила у понеділок, що пором знову почне роботу після того, як на причалі завершать ремонт, і що це займе лише тиждень."),
            ("id", "Dewan kota mengatakan pada hari Senin bahwa kapal feri akan kembali beroperasi setelah dermaga yang rusak itu diperbaiki dalam waktu seminggu."),
        ];
        for (code, text) in cases {
            assert_eq!(by_function_words(text), Some(code), "{text}");
            let whatlang = whatlang_guess(text).unwrap();
            assert_eq!(whatlang.code, code, "whatlang disagrees on {text}");
        }
        // Bulgarian shares most of its short words with Russian: neither
        // list decides it, whatlang does.
        let bulgarian = "Общинският съвет каза в понеделник, че фериботът ще започне отново \
                         работа, след като ремонтът на кея бъде завършен, и това ще отнеме седмица.";
        assert_eq!(by_function_words(bulgarian), None);
        assert_eq!(guess(bulgarian).map(|g| g.code), Some("bg"));
        // Too short, or names without function words: whatlang decides.
        assert_eq!(
            by_function_words("Velmora port strike enters second day"),
            None
        );
        assert_eq!(
            by_function_words(
                "Kerra Sound Lines Portavel Velmora Dunmere Kessing Orin Norvania Lind"
            ),
            None
        );
    }

    #[test]
    fn korean_japanese_and_chinese_are_told_by_their_scripts() {
        let cases = [
            ("ko", "벨모라 시의회는 월요일 항구의 새 예산을 승인했으며 시장은 봄에 이 계획을 제안했다."),
            ("ja", "ベルモラ市議会は月曜日、港の新しい予算を承認した。市長は春にこの計画を提案していた。"),
            ("zh", "贝尔莫拉市议会周一批准了港口的新预算，市长在春天提出了这项计划，经过了长时间的辩论。"),
        ];
        for (code, text) in cases {
            assert_eq!(by_script(text), Some(code), "{text}");
            assert_eq!(
                whatlang_guess(text).map(|g| g.code),
                Some(code),
                "whatlang on {text}"
            );
        }
        // A Latin text quoting a Korean name is not Korean.
        assert_eq!(
            by_script("The harbour council of Velmora met the mayor of 부산 on Monday evening."),
            None
        );
        assert_eq!(by_script("짧은 글"), None);
    }

    #[test]
    fn long_texts_are_judged_on_a_sample_cut_at_a_word() {
        let text = "Velmora çerez ".repeat(100);
        let cut = sample(&text, 50);
        assert!(cut.len() <= 50 && text.starts_with(cut));
        assert!(
            cut.ends_with("Velmora") || cut.ends_with("çerez"),
            "{cut:?}"
        );
        assert_eq!(sample("short", 50), "short");
        // No whitespace at all: still a char boundary.
        let word = "ç".repeat(40);
        let cut = sample(&word, 51);
        assert_eq!(cut.len(), 50);
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
