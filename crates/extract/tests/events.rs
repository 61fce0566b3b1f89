//! Event coding on whole articles: cleaned by `tidings-clean`, annotated by
//! `tidings-nlp`, then coded by the extract stage. The fixtures are invented
//! (the towns of Velmora and Portavel, real countries as actors); the seeds
//! test reads `shared/seeds` and skips when it is absent.

use std::path::Path;
use std::sync::OnceLock;

use tidings_clean::{clean, CleanConfig};
use tidings_extract::events::{event_key, EventCoder};
use tidings_model::{Article, DocId, Event, Hints, MediaType, Origin, Published, RawDoc, Span};
use tidings_nlp::{annotate, Annotator};

fn annotator() -> &'static Annotator {
    static ANNOTATOR: OnceLock<Annotator> = OnceLock::new();
    ANNOTATOR.get_or_init(|| Annotator::bundled().unwrap())
}

fn coder() -> &'static EventCoder {
    static CODER: OnceLock<EventCoder> = OnceLock::new();
    CODER.get_or_init(|| EventCoder::bundled().unwrap())
}

/// Cleans, annotates and codes a plain-text page (title on the first line).
fn code_page(text: &str, published: &str) -> (String, Vec<Event>) {
    let raw = RawDoc {
        id: DocId::of_bytes(text.as_bytes()),
        origin: Origin::default(),
        fetched: None,
        media_type: MediaType::Text,
        encoding: "utf-8".into(),
        hints: Hints::default(),
        bytes: text.as_bytes().to_vec(),
        text: text.into(),
    };
    let mut article = clean(&raw, &CleanConfig::default());
    article.published = Some(published.parse::<Published>().unwrap());
    let annotations = annotate(&article, annotator());
    let events = coder().code(&article, &annotations, annotator().gazetteer());
    (article.text, events)
}

/// Codes an article whose body is `body` (one paragraph), published on
/// `published`.
fn code_body(body: &str, published: &str) -> Vec<Event> {
    let article = Article {
        id: DocId::of_bytes(body.as_bytes()),
        title: Some("Harbour news".into()),
        lede: None,
        lang: Some("en".into()),
        published: Some(published.parse::<Published>().unwrap()),
        site: None,
        url: None,
        authors: vec![],
        text: body.into(),
        paragraphs: vec![Span::new(0, body.len())],
        removed: vec![],
    };
    let annotations = annotate(&article, annotator());
    coder().code(&article, &annotations, annotator().gazetteer())
}

/// Codes body sentences published on 2026-03-06, a Friday.
fn code(body: &str) -> Vec<Event> {
    code_body(body, "2026-03-06")
}

fn source(event: &Event) -> Option<&str> {
    event.source.as_ref()?.code.as_deref()
}

fn target(event: &Event) -> Option<&str> {
    event.target.as_ref()?.code.as_deref()
}

/// The events with this PLOVER type, as (cameo, source, target).
fn of_type<'e>(
    events: &'e [Event],
    plover: &str,
) -> Vec<(&'e str, Option<&'e str>, Option<&'e str>)> {
    events
        .iter()
        .filter(|e| e.plover == plover)
        .map(|e| (e.cameo.as_str(), source(e), target(e)))
        .collect()
}

/// Checks that a sentence gives an event of this type, CAMEO code, source
/// and target (actor codes), among others.
fn check(body: &str, plover: &str, cameo: &str, source: Option<&str>, target: Option<&str>) {
    let events = code(body);
    let found = of_type(&events, plover);
    assert!(
        found.contains(&(cameo, source, target)),
        "{body}\nwanted {plover} {cameo} {source:?} -> {target:?}\ngot {:#?}",
        events
            .iter()
            .map(|e| (&e.plover, &e.cameo, source_of(e), target_of(e)))
            .collect::<Vec<_>>()
    );
}

fn source_of(event: &Event) -> Option<String> {
    source(event).map(str::to_string)
}

fn target_of(event: &Event) -> Option<String> {
    target(event).map(str::to_string)
}

#[test]
fn one_sentence_per_plover_type() {
    check(
        "Kenya agreed on Monday to a new fishing accord with Tanzania.",
        "AGREE",
        "030",
        Some("KEN"),
        Some("TZA"),
    );
    check(
        "The Chilean president held talks with Peruvian officials in Portavel.",
        "CONSULT",
        "040",
        Some("CHLGOV"),
        Some("PERGOV"),
    );
    check(
        "The Norwegian prime minister phoned the Danish prime minister on Tuesday.",
        "CONSULT",
        "041",
        Some("NORGOV"),
        Some("DNKGOV"),
    );
    check(
        "Finland praised Estonia for its handling of the harbour dispute.",
        "SUPPORT",
        "051",
        Some("FIN"),
        Some("EST"),
    );
    check(
        "Ghana signed a trade treaty with Togo.",
        "SUPPORT",
        "057",
        Some("GHA"),
        Some("TGO"),
    );
    check(
        "The Peruvian government lifted the curfew in the port of Velmora.",
        "CONCEDE",
        "081",
        Some("PERGOV"),
        None,
    );
    check(
        "Colombian troops withdrew from the Venezuelan border town.",
        "RETREAT",
        "087",
        Some("COLMIL"),
        Some("VEN"),
    );
    check(
        "Canada sent humanitarian aid to Haiti after the storm.",
        "AID",
        "073",
        Some("CAN"),
        Some("HTI"),
    );
    check(
        "Chile and Argentina share intelligence on smuggling rings.",
        "COOPERATE",
        "064",
        Some("CHL"),
        None,
    );
    check(
        "Mongolia released two Chinese fishermen on Thursday.",
        "RETREAT",
        "084",
        Some("MNG"),
        Some("CHN"),
    );
    check(
        "Uruguay lifted its ban on Paraguayan beef imports.",
        "CONCEDE",
        "081",
        Some("URY"),
        Some("PRY"),
    );
    check(
        "Portugal urged Spain to resume negotiations over the river dam.",
        "REQUEST",
        "106",
        Some("PRT"),
        Some("ESP"),
    );
    check(
        "Brazil accused Bolivia of smuggling weapons across the border.",
        "ACCUSE",
        "1121",
        Some("BRA"),
        Some("BOL"),
    );
    check(
        "Austria condemned the Hungarian decision to close the border.",
        "ACCUSE",
        "111",
        Some("AUT"),
        Some("HUN"),
    );
    check(
        "Egypt rejected a Sudanese proposal to share the dam's water.",
        "REJECT",
        "127",
        Some("EGY"),
        Some("SDN"),
    );
    check(
        "Egypt refused to release the Sudanese sailors.",
        "REJECT",
        "1243",
        Some("EGY"),
        Some("SDN"),
    );
    check(
        "Serbia threatened to cut ties with Montenegro.",
        "THREATEN",
        "1313",
        Some("SRB"),
        Some("MNE"),
    );
    check(
        "Thousands of protesters in Velmora marched against the Romanian government.",
        "PROTEST",
        "141",
        Some("OPP"),
        Some("ROUGOV"),
    );
    check(
        "Greece expelled two Turkish diplomats on Friday.",
        "SANCTION",
        "166",
        Some("GRC"),
        Some("TURGOV"),
    );
    check(
        "Thailand imposed sanctions on Myanmar.",
        "SANCTION",
        "163",
        Some("THA"),
        Some("MMR"),
    );
    check(
        "Pakistan deployed troops along the Afghan border.",
        "MOBILIZE",
        "154",
        Some("PAK"),
        Some("AFG"),
    );
    check(
        "Nigerian police arrested twelve Ghanaian traders in Lagos.",
        "COERCE",
        "173",
        Some("NGACOP"),
        Some("GHA"),
    );
    check(
        "Ethiopian warplanes bombed rebel positions in Eritrea.",
        "ASSAULT",
        "195",
        Some("ETHMIL"),
        Some("ERIREB"),
    );
}

#[test]
fn modality_changes_the_type() {
    // Intent: a cooperative act promised is AGREE, a hostile one THREATEN.
    check(
        "Norway will send food aid to Yemen.",
        "AGREE",
        "0333",
        Some("NOR"),
        Some("YEM"),
    );
    check(
        "Iran vowed to strike Israel.",
        "THREATEN",
        "1384",
        Some("IRN"),
        Some("ISR"),
    );
    check(
        "Russia threatened to impose sanctions on Georgia.",
        "THREATEN",
        "1312",
        Some("RUS"),
        Some("GEO"),
    );
    check(
        "Moscow offered to mediate between Armenia and Azerbaijan.",
        "AGREE",
        "039",
        Some("RUSGOV"),
        Some("ARM"),
    );
    // Speculation codes nothing: "may", "possible".
    let events = code("Turkey may attack Syria next month.");
    assert!(of_type(&events, "ASSAULT").is_empty(), "{events:#?}");
    assert!(of_type(&events, "THREATEN").is_empty(), "{events:#?}");
    let events = code("Officials discussed a possible Russian strike against Ukraine.");
    assert!(of_type(&events, "ASSAULT").is_empty(), "{events:#?}");
}

#[test]
fn negation_drops_or_flips_the_event() {
    let events = code("Venezuela did not attack Guyana.");
    assert!(of_type(&events, "ASSAULT").is_empty(), "{events:#?}");
    let events = code("Colombia denied attacking Ecuadorean soldiers.");
    assert!(of_type(&events, "ASSAULT").is_empty(), "{events:#?}");
    let events = code("The Kenyan minister did not comment on the report.");
    assert!(events.is_empty(), "{events:#?}");
    // A cooperative act refused is a REJECT.
    check(
        "Algeria will not negotiate with Morocco.",
        "REJECT",
        "125",
        Some("DZA"),
        Some("MAR"),
    );
}

#[test]
fn reported_speech_codes_what_was_said() {
    let events = code("Peruvian officials said Bolivian troops attacked a border post.");
    let assaults = of_type(&events, "ASSAULT");
    assert_eq!(assaults, [("190", Some("BOLMIL"), None)], "{events:#?}");
    check(
        "Hungary has said it will support the Austrian proposal.",
        "AGREE",
        "032",
        Some("HUN"),
        Some("AUT"),
    );
}

#[test]
fn passives_swap_source_and_target() {
    check(
        "A Malian convoy was attacked by Nigerien troops near the border.",
        "ASSAULT",
        "190",
        Some("NERMIL"),
        Some("MLI"),
    );
}

#[test]
fn events_carry_date_place_trigger_and_key() {
    let text = "Portugal and Spain held talks in Lisbon on Tuesday.";
    let events = code(text);
    let event = events.iter().find(|e| e.plover == "CONSULT").unwrap();
    assert_eq!(
        event.date.map(|d| d.to_string()).as_deref(),
        Some("2026-03-03")
    );
    assert_eq!(event.place.as_deref(), Some("Lisbon"));
    assert_eq!(&text[event.trigger.start..event.trigger.end], "held talks");
    assert_eq!(
        &text[event.span.start..event.span.end],
        "Portugal and Spain held talks in Lisbon on Tuesday."
    );
    assert_eq!(event.root, "04");
    assert_eq!(event.quad_class, 1);
    assert!(event.confidence > 0.5 && event.confidence <= 1.0);
    assert_eq!(event_key(event), "PRT|-|040|2026-03-03");
    // A past-tense verb without a date expression takes the publication date.
    let events = code("Kenya condemned Uganda.");
    assert_eq!(
        events[0].date.map(|d| d.to_string()).as_deref(),
        Some("2026-03-06")
    );
    // A present-tense verb without one has no date.
    let events = code("Kenya condemns Uganda.");
    assert_eq!(events[0].date, None);
}

fn seed(name: &str) -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seeds")
        .join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            println!("skipped: {} is absent", path.display());
            None
        }
    }
}

fn has(events: &[Event], plover: &str, cameo: &str, source: &str, target: Option<&str>) -> bool {
    events.iter().any(|e| {
        e.plover == plover
            && e.cameo == cameo
            && self::source(e) == Some(source)
            && (target.is_none() || self::target(e) == target)
    })
}

#[test]
fn seed_000_putin_netanyahu_call() {
    let Some(text) = seed("000_2586115594d43654.txt") else {
        return;
    };
    let (_, events) = code_page(&text, "2026-01-16");
    let summary: Vec<_> = events
        .iter()
        .map(|e| (&e.plover, &e.cameo, source_of(e), target_of(e)))
        .collect();
    assert!(
        has(&events, "CONSULT", "041", "RUSGOV", Some("ISRGOV")),
        "{summary:#?}"
    );
    assert!(has(&events, "AGREE", "039", "RUSGOV", None), "{summary:#?}");
    assert!(
        has(&events, "ACCUSE", "112", "IRNGOV", Some("USA")),
        "{summary:#?}"
    );
    assert!(
        has(&events, "ACCUSE", "112", "IRNGOV", Some("ISR")),
        "{summary:#?}"
    );
    // The Turkish cookie notice is cleaned away: every event is in English text.
    assert!(events.iter().all(|e| e.sentence < 20));
}

#[test]
fn seed_002_putin_pezeshkian_call() {
    let Some(text) = seed("002_a437a26006dae97f.txt") else {
        return;
    };
    let (body, events) = code_page(&text, "2025-06-13");
    let summary: Vec<_> = events
        .iter()
        .map(|e| (&e.plover, &e.cameo, source_of(e), target_of(e)))
        .collect();
    assert!(
        has(&events, "CONSULT", "041", "RUSGOV", Some("IRNGOV")),
        "{summary:#?}"
    );
    assert!(
        has(&events, "CONSULT", "041", "RUSGOV", Some("ISRGOV")),
        "{summary:#?}"
    );
    assert!(has(&events, "AGREE", "039", "RUSGOV", None), "{summary:#?}");
    assert!(
        has(&events, "ACCUSE", "111", "RUSGOV", Some("ISR")),
        "{summary:#?}"
    );
    assert!(
        has(&events, "SUPPORT", "018", "RUSGOV", None),
        "{summary:#?}"
    );
    assert!(
        has(&events, "ASSAULT", "195", "ISR", Some("IRN")),
        "{summary:#?}"
    );
    let strike = events.iter().find(|e| e.cameo == "195").unwrap();
    assert_eq!(strike.mode.as_deref(), Some("aerial"));
    assert!(!body.contains("çerez"));
}
