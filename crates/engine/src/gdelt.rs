//! GDELT-shaped rows: a merged event as a row of the GDELT 2.0 event table,
//! an article as a row of the GDELT Global Knowledge Graph 2.1. What we know
//! is filled in; every column we have no value for is left empty, never
//! guessed.

use tidings_model::{Actor, Annotations, Article, EntityKind, Facts};
use tidings_store::StoredEvent;

/// The GDELT 2.0 event table's 61 columns, in GDELT's order, as the GDELT
/// 2.0 Event Database Data Format Codebook (V2.0, 2015-02-19,
/// <http://data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf>)
/// lists them and the daily `*.export.CSV` files ship them (tab-separated,
/// no header).
pub const EVENT_COLUMNS: [&str; 61] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// The GKG 2.1 columns, in GDELT's order, as the GDELT Global Knowledge
/// Graph Data Format Codebook V2.1 (2015-02-19,
/// <http://data.gdeltproject.org/documentation/GDELT-Global_Knowledge_Graph_Codebook-V2.1.pdf>)
/// lists them and the `*.gkg.csv` files ship them (tab-separated, no header).
pub const GKG_COLUMNS: [&str; 27] = [
    "GKGRECORDID",
    "DATE",
    "SourceCollectionIdentifier",
    "SourceCommonName",
    "DocumentIdentifier",
    "Counts",
    "V2Counts",
    "Themes",
    "V2Themes",
    "Locations",
    "V2Locations",
    "Persons",
    "V2Persons",
    "Organizations",
    "V2Organizations",
    "V2Tone",
    "Dates",
    "GCAM",
    "SharingImage",
    "RelatedImages",
    "SocialImageEmbeds",
    "SocialVideoEmbeds",
    "Quotations",
    "AllNames",
    "Amounts",
    "TranslationInfo",
    "Extras",
];

/// One event as a GDELT 2.0 event row ([`EVENT_COLUMNS`]).
///
/// Filled: GlobalEventID (our event id), Day, MonthYear, Year and
/// FractionDate (the year plus the day of the year over 365, four decimals,
/// as GDELT's files have it: 2019-01-25 is 2019.0685) when the event has a
/// day; per actor its Code, Name (the words that name it, as written),
/// CountryCode and Type1Code (its CAMEO sector); EventCode (CAMEO),
/// EventBaseCode (its first three digits), EventRootCode, QuadClass,
/// GoldsteinScale, NumMentions, NumSources, NumArticles; ActionGeo_FullName
/// (the event's place as written); SOURCEURL (the earliest reporting
/// article's URL); AvgTone when `avg_tone` is given (the mean tone of the
/// reporting articles, two decimals). Empty: IsRootEvent, the known group,
/// ethnic and religion codes, every other geo field and DATEADDED, which we
/// do not know.
pub fn event_row(event: &StoredEvent, avg_tone: Option<f32>) -> Vec<String> {
    let mut row = vec![String::new(); EVENT_COLUMNS.len()];
    row[0] = event.id.to_string();
    if let Some(date) = event.date {
        row[1] = date.strftime("%Y%m%d").to_string();
        row[2] = date.strftime("%Y%m").to_string();
        row[3] = date.year().to_string();
        row[4] = format!(
            "{:.4}",
            f64::from(date.year()) + f64::from(date.day_of_year()) / 365.0
        );
    }
    fill_actor(&mut row[5..15], event.source.as_ref());
    fill_actor(&mut row[15..25], event.target.as_ref());
    row[26] = event.cameo.clone();
    row[27] = event.cameo.chars().take(3).collect();
    row[28] = event.root.clone();
    row[29] = event.quad_class.to_string();
    row[30] = format!("{:.1}", event.goldstein);
    row[31] = event.mentions.to_string();
    row[32] = event.sources.to_string();
    row[33] = event.articles.to_string();
    row[34] = avg_tone
        .map(|tone| format!("{tone:.2}"))
        .unwrap_or_default();
    row[52] = event.place.clone().unwrap_or_default();
    row[60] = event.source_url.clone().unwrap_or_default();
    row
}

/// Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1Code,
/// Religion2Code, Type1Code, Type2Code, Type3Code of one actor.
fn fill_actor(columns: &mut [String], actor: Option<&Actor>) {
    let Some(actor) = actor else {
        return;
    };
    columns[0] = actor.code.clone().unwrap_or_default();
    columns[1] = actor.text.clone();
    columns[2] = actor.country.clone().unwrap_or_default();
    columns[7] = actor.sector.clone().unwrap_or_default();
}

/// One article as a GKG 2.1 row ([`GKG_COLUMNS`]).
///
/// Filled: GKGRECORDID (our article id), DATE (publication, `YYYYMMDDHHMMSS`
/// in UTC; a day without a time is its midnight), SourceCollectionIdentifier
/// (1, WEB, when the article has a URL), SourceCommonName (the site),
/// DocumentIdentifier (the URL); Counts and V2Counts from the figures whose
/// kind has a GKG count type (killed KILL, injured WOUND, arrested and
/// detained ARREST, protesters PROTEST, displaced, evacuated and missing
/// AFFECT; `type#count#object#` then empty location fields, V2 with the
/// character offset); Locations, Persons, Organizations (names, `;`) and
/// their V2 forms (name with the character offset of its first mention;
/// locations with an empty type and empty codes); Quotations
/// (`offset|length|verb|quote`, joined by `#`); AllNames (every entity, with
/// its offset); Amounts (`amount,object,offset` per figure); V2Tone for an
/// English article (`tone,positive,negative,polarity,,,words`: the tone,
/// the positive and negative words in percent of all words, their sum; the
/// two reference densities left empty). Empty: Themes, V2Themes, Dates,
/// GCAM, the image and embed columns, TranslationInfo and Extras.
pub fn gkg_row(article: &Article, annotations: &Annotations, facts: &Facts) -> Vec<String> {
    let mut row = vec![String::new(); GKG_COLUMNS.len()];
    let offset = |byte: usize| char_offset(&article.text, byte);
    row[0] = article.id.to_string();
    row[1] = article
        .published
        .map(|published| match published {
            tidings_model::Published::Day(date) => date.strftime("%Y%m%d000000").to_string(),
            tidings_model::Published::At(ts) => ts.strftime("%Y%m%d%H%M%S").to_string(),
        })
        .unwrap_or_default();
    if article.url.is_some() {
        row[2] = "1".to_string();
    }
    row[3] = clean(article.site.as_deref().unwrap_or_default());
    row[4] = clean(article.url.as_deref().unwrap_or_default());

    let mut counts = Vec::new();
    let mut v2_counts = Vec::new();
    let mut amounts = Vec::new();
    for figure in &facts.figures {
        let at = offset(figure.span.start);
        let object = clean(&figure.counts).replace([';', '#', ','], " ");
        amounts.push(format!("{},{object},{at}", number(figure.value)));
        if let Some(kind) = count_type(&figure.kind) {
            let count = format!("{kind}#{}#{object}#", number(figure.value));
            v2_counts.push(format!("{count}#######{at}"));
            counts.push(format!("{count}######"));
        }
    }
    row[5] = counts.join(";");
    row[6] = v2_counts.join(";");

    // Each entity once, with the offset of its first mention.
    let mut first = vec![None; annotations.entities.len()];
    for mention in &annotations.mentions {
        if let Some(slot) = first.get_mut(mention.entity) {
            let at = offset(mention.span.start);
            if slot.is_none_or(|seen| at < seen) {
                *slot = Some(at);
            }
        }
    }
    let names = |kind: Option<EntityKind>| -> (Vec<String>, Vec<String>) {
        let mut plain = Vec::new();
        let mut with_offset = Vec::new();
        for (entity, at) in annotations.entities.iter().zip(&first) {
            if kind.is_some_and(|kind| entity.kind != kind) {
                continue;
            }
            let name = clean(&entity.name).replace([';', '#', ','], " ");
            if let Some(at) = at {
                with_offset.push(format!("{name},{at}"));
            }
            plain.push(name);
        }
        (plain, with_offset)
    };
    let (locations, located) = names(Some(EntityKind::Location));
    row[9] = locations
        .iter()
        .map(|name| format!("#{name}#####"))
        .collect::<Vec<_>>()
        .join(";");
    row[10] = located
        .iter()
        .filter_map(|name| name.rsplit_once(','))
        .map(|(name, at)| format!("#{name}#######{at}"))
        .collect::<Vec<_>>()
        .join(";");
    let (persons, persons_at) = names(Some(EntityKind::Person));
    row[11] = persons.join(";");
    row[12] = persons_at.join(";");
    let (organisations, organisations_at) = names(Some(EntityKind::Organisation));
    row[13] = organisations.join(";");
    row[14] = organisations_at.join(";");
    row[15] = v2_tone(&article.text, article.lang.as_deref());
    row[22] = facts
        .quotes
        .iter()
        .map(|quote| {
            let text = clean(&quote.text).replace(['|', '#'], " ");
            format!(
                "{}|{}|{}|{text}",
                offset(quote.span.start),
                quote.text.chars().count(),
                clean(&quote.cue).replace(['|', '#'], " ")
            )
        })
        .collect::<Vec<_>>()
        .join("#");
    row[23] = names(None).1.join(";");
    row[24] = amounts.join(";");
    row
}

/// V2Tone: Tone, Positive Score, Negative Score, Polarity, Activity
/// Reference Density, Self/Group Reference Density, Word Count, from the
/// article's tone (`tidings_extract::tone`: words of the VADER lexicon, in
/// percent of all words, two decimals). The two densities are left empty
/// (we do not count activity words or pronouns); an article without a tone
/// (not English) has an empty V2Tone.
fn v2_tone(text: &str, lang: Option<&str>) -> String {
    let Some(tone) = tidings_extract::tone::tone(text, lang) else {
        return String::new();
    };
    let share = |n: u32| f64::from(n) * 100.0 / f64::from(tone.words);
    let (positive, negative) = (share(tone.positive), share(tone.negative));
    // The tone as `tidings show` gives it (positive minus negative, the
    // same shares up to rounding).
    format!(
        "{:.2},{positive:.2},{negative:.2},{:.2},,,{}",
        tone.score,
        positive + negative,
        tone.words
    )
}

/// The GKG count type of a figure kind, where there is one.
fn count_type(kind: &str) -> Option<&'static str> {
    match kind {
        "killed" => Some("KILL"),
        "injured" => Some("WOUND"),
        "arrested" | "detained" => Some("ARREST"),
        "protesters" => Some("PROTEST"),
        "displaced" | "evacuated" | "missing" => Some("AFFECT"),
        _ => None,
    }
}

/// A figure's number as GKG writes counts: whole numbers without a fraction.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

/// The character offset of a byte offset in `text` (GDELT counts characters).
fn char_offset(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |head| head.chars().count())
}

/// Text with tabs and line breaks made spaces, so it fits in one column.
fn clean(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_event_table_has_gdelts_61_columns() {
        assert_eq!(EVENT_COLUMNS.len(), 61);
        assert_eq!(EVENT_COLUMNS[26], "EventCode");
        assert_eq!(EVENT_COLUMNS[52], "ActionGeo_FullName");
        assert_eq!(EVENT_COLUMNS[60], "SOURCEURL");
        assert_eq!(GKG_COLUMNS[22], "Quotations");
        assert_eq!(GKG_COLUMNS[15], "V2Tone");
    }

    #[test]
    fn v2_tone_has_gdelts_seven_fields() {
        let text = "The rescue was a great success, but two people were killed.";
        let tone = v2_tone(text, Some("en"));
        let fields: Vec<&str> = tone.split(',').collect();
        assert_eq!(fields.len(), 7, "{tone}");
        let value = |i: usize| fields[i].parse::<f64>().expect("a number");
        assert!((value(0) - (value(1) - value(2))).abs() < 0.011, "{tone}");
        assert!((value(3) - (value(1) + value(2))).abs() < 0.011, "{tone}");
        assert!(value(1) > 0.0 && value(2) > 0.0, "{tone}");
        assert_eq!(fields[6], "11");
        assert_eq!(v2_tone(text, Some("de")), "");
    }

    #[test]
    fn fraction_date_is_the_share_of_the_year_gdelt_writes() {
        let event = StoredEvent {
            id: 7,
            source: None,
            target: None,
            plover: "CONSULT".into(),
            mode: None,
            cameo: "0411".into(),
            root: "04".into(),
            quad_class: 1,
            goldstein: 1.0,
            date: Some(jiff::civil::date(2019, 1, 25)),
            date_source: None,
            place: Some("Velmora".into()),
            mentions: 2,
            articles: 1,
            sources: 1,
            stories: 1,
            evidence: vec![],
            source_url: None,
        };
        let row = event_row(&event, None);
        assert_eq!(row.len(), 61);
        assert_eq!(&row[1..5], ["20190125", "201901", "2019", "2019.0685"]);
        assert_eq!(&row[26..29], ["0411", "041", "04"]);
        assert_eq!(row[52], "Velmora");
    }
}
