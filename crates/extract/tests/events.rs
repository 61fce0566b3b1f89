//! Event coding on whole articles: cleaned by `tidings-clean`, annotated by
//! `tidings-nlp`, then coded by the extract stage. The fixtures are invented
//! (the towns of Velmora and Portavel, real countries as actors); the seeds
//! tests read `shared/seeds` and are ignored unless asked for (`--ignored`).

mod common;

use tidings_extract::events::event_key;
use tidings_model::{Article, DateSource, DocId, Event, Published, Span};
use tidings_nlp::annotate;

use common::{annotator, coder};

/// Cleans, annotates and codes a plain-text page (title on the first line).
fn code_page(text: &str, published: &str) -> (String, Vec<Event>) {
    let article = common::clean_page(text, Some(published));
    let events = common::code_article(&article);
    (article.text, events)
}

/// Codes an article whose body is `body` (one paragraph), published on
/// `published`.
fn code_body(body: &str, published: &str) -> Vec<Event> {
    common::code_article(&common::one_paragraph(
        body,
        Some("Harbour news"),
        Some(published),
    ))
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
        coded(&events)
    );
}

/// Each event's type, code, source and target: what a failing assertion
/// shows.
fn coded(events: &[Event]) -> Vec<(&str, &str, Option<String>, Option<String>)> {
    events
        .iter()
        .map(|e| {
            (
                e.plover.as_str(),
                e.cameo.as_str(),
                source_of(e),
                target_of(e),
            )
        })
        .collect()
}

fn source_of(event: &Event) -> Option<String> {
    source(event).map(str::to_string)
}

fn target_of(event: &Event) -> Option<String> {
    target(event).map(str::to_string)
}

/// Asserts that no event coded from `body` is `bad`, showing them all if one is.
fn assert_no_event(body: &str, bad: impl Fn(&Event) -> bool) {
    let events = code(body);
    assert!(!events.iter().any(bad), "{body}\n{:#?}", coded(&events));
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
    // Protesters in a town the gazetteer does not know take the country
    // of the government they march against.
    check(
        "Thousands of protesters in Velmora marched against the Romanian government.",
        "PROTEST",
        "141",
        Some("ROUOPP"),
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
    // Eagerness is intent, not the act.
    check(
        "Israel is poised to strike Iran.",
        "THREATEN",
        "1384",
        Some("ISR"),
        Some("IRN"),
    );
    let events = code("Kenyan police were eager to make arrests in the case.");
    assert!(of_type(&events, "COERCE").is_empty(), "{events:#?}");
    // A prediction about the subject is neither its act nor its intent;
    // the subject's own expectation is.
    let events = code("The Kenyan parliament is expected to approve the treaty with Japan.");
    assert!(of_type(&events, "AGREE").is_empty(), "{events:#?}");
    assert!(of_type(&events, "COOPERATE").is_empty(), "{events:#?}");
    check(
        "Russia expects to sign the treaty with Japan.",
        "AGREE",
        "030",
        Some("RUS"),
        Some("JPN"),
    );
    // An obligation whose act has no request form is only wished for.
    let events = code("The Peruvian minister must be convicted, the senator said.");
    assert!(of_type(&events, "DISAPPROVE").is_empty(), "{events:#?}");
    assert!(of_type(&events, "ACCUSE").is_empty(), "{events:#?}");
}

#[test]
fn a_question_is_no_demand() {
    let events = code("At a news conference, a Kenyan reporter asked the Tanzanian president what he would do next.");
    assert!(of_type(&events, "REQUEST").is_empty(), "{events:#?}");
    let events = code("Kenya asked Tanzania to extradite the two suspects.");
    assert!(!of_type(&events, "REQUEST").is_empty(), "{events:#?}");
    let events =
        code("Kenya asked the court to determine whether the suspects could be extradited.");
    assert!(!of_type(&events, "REQUEST").is_empty(), "{events:#?}");
}

#[test]
fn a_warning_is_a_threat_only_when_it_threatens() {
    let events = code("The United Nations warned of a looming famine in Somalia.");
    assert!(of_type(&events, "THREATEN").is_empty(), "{events:#?}");
    let events =
        code("The finance minister warned against any delay in the launch of the new currency.");
    assert!(of_type(&events, "THREATEN").is_empty(), "{events:#?}");
    let events =
        code("Russia warned Georgia of serious consequences if it attacked South Ossetia.");
    assert!(
        of_type(&events, "THREATEN")
            .iter()
            .any(|&(_, source, target)| source == Some("RUS") && target == Some("GEO")),
        "{events:#?}"
    );
    let events = code("Iran warned it would retaliate against any attack on its nuclear sites.");
    assert!(!of_type(&events, "THREATEN").is_empty(), "{events:#?}");
}

#[test]
fn negation_drops_or_flips_the_event() {
    let events = code("Venezuela did not attack Guyana.");
    assert!(of_type(&events, "ASSAULT").is_empty(), "{events:#?}");
    let events = code("Colombia denied attacking Ecuadorean soldiers.");
    assert!(of_type(&events, "ASSAULT").is_empty(), "{events:#?}");
    // What nobody has evidence for did not happen as far as the report
    // goes; the same clause told plainly is an attack.
    let events =
        code("Officials said there was no evidence the Sudanese army shelled the village.");
    assert!(of_type(&events, "ASSAULT").is_empty(), "{events:#?}");
    let events = code("Officials said the Sudanese army shelled the village.");
    assert_eq!(of_type(&events, "ASSAULT").len(), 1, "{events:#?}");
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
    assert_eq!(event.date_source, Some(DateSource::Sentence));
}

/// (date, date source) of the first event coded `plover`.
fn dated(events: &[Event], plover: &str) -> (Option<String>, Option<DateSource>) {
    let event = events
        .iter()
        .find(|e| e.plover == plover)
        .unwrap_or_else(|| panic!("no {plover} in {events:?}"));
    (event.date.map(|d| d.to_string()), event.date_source)
}

#[test]
fn a_date_in_another_clause_does_not_date_the_event() {
    // "since 1921" and "since records began in 1921" start a period: the
    // arrest is dated by the article, not by 1921.
    for text in [
        "Police arrested forty protesters in the largest demonstration since 1921.",
        "Police arrested forty protesters at the largest rally since records began in 1921.",
    ] {
        assert_eq!(
            dated(&code(text), "COERCE"),
            (Some("2026-03-06".into()), Some(DateSource::Published)),
            "{text}"
        );
    }
    // A date in a relative clause belongs to it.
    let events = code("Police arrested forty protesters who had marched in 2019.");
    assert_eq!(
        dated(&events, "COERCE"),
        (Some("2026-03-06".into()), Some(DateSource::Published))
    );
    // A date in an opening "when" clause dates that clause, not the act.
    let events = code("When the talks failed on 2 March, Kenyan troops attacked the rebels.");
    assert_eq!(
        dated(&events, "ASSAULT"),
        (Some("2026-03-06".into()), Some(DateSource::Published))
    );
    // Without a second clause the date in the sentence still dates the act.
    let events = code("Kenyan troops attacked the rebels on 2 March.");
    assert_eq!(
        dated(&events, "ASSAULT"),
        (Some("2026-03-02".into()), Some(DateSource::Sentence))
    );
}

#[test]
fn every_event_of_a_dated_article_is_dated_and_says_from_where() {
    // Without a date expression, past or present tense: the publication date.
    for text in ["Kenya condemned Uganda.", "Kenya condemns Uganda."] {
        assert_eq!(
            dated(&code(text), "ACCUSE"),
            (Some("2026-03-06".into()), Some(DateSource::Published)),
            "{text}"
        );
    }
    // The nearest date expression before the sentence, in its paragraph.
    let events = code(
        "On Tuesday, Velmora's harbour closed after a storm. \
         Kenya condemned Uganda over the closure.",
    );
    assert_eq!(
        dated(&events, "ACCUSE"),
        (Some("2026-03-03".into()), Some(DateSource::Paragraph))
    );
    // The sentence's own expression wins over the paragraph's.
    let events = code(
        "On Tuesday, Velmora's harbour closed after a storm. \
         Kenya condemned Uganda on Wednesday.",
    );
    assert_eq!(
        dated(&events, "ACCUSE"),
        (Some("2026-03-04".into()), Some(DateSource::Sentence))
    );
    // A date in another paragraph does not carry over.
    let body = "On Tuesday, Velmora's harbour closed after a storm.\n\n\
                Kenya condemned Uganda over the closure.";
    let mut article = Article {
        id: DocId::of_bytes(body.as_bytes()),
        title: Some("Harbour news".into()),
        lede: None,
        lang: Some("en".into()),
        published: Some("2026-03-06".parse::<Published>().unwrap()),
        site: None,
        url: None,
        authors: vec![],
        text: body.into(),
        paragraphs: vec![Span::new(0, 51), Span::new(53, body.len())],
        removed: vec![],
    };
    assert_eq!(&body[53..58], "Kenya");
    let annotations = annotate(&article, annotator());
    let events = coder().code(&article, &annotations, annotator().gazetteer());
    assert_eq!(
        dated(&events, "ACCUSE"),
        (Some("2026-03-06".into()), Some(DateSource::Published))
    );
    // Undated only when the article has no date at all.
    article.published = None;
    let annotations = annotate(&article, annotator());
    let events = coder().code(&article, &annotations, annotator().gazetteer());
    assert_eq!(dated(&events, "ACCUSE"), (None, None));
}

fn seed(name: &str) -> String {
    let path = common::shared("seeds").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
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
#[ignore = "needs ../shared/seeds (or $TIDINGS_SHARED): cargo test --workspace -- --ignored"]
fn seed_000_putin_netanyahu_call() {
    let text = seed("000_2586115594d43654.txt");
    let (_, events) = code_page(&text, "2026-01-16");
    let summary = coded(&events);
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
#[ignore = "needs ../shared/seeds (or $TIDINGS_SHARED): cargo test --workspace -- --ignored"]
fn seed_002_putin_pezeshkian_call() {
    let text = seed("002_a437a26006dae97f.txt");
    let (body, events) = code_page(&text, "2025-06-13");
    let summary = coded(&events);
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

#[test]
fn a_leader_without_a_country_acts_at_home() {
    // The role names no country: the target's country, else the sentence's.
    check(
        "President Tomas Varga has banned Kenyan opposition candidates from the vote.",
        "COERCE",
        "1722",
        Some("KENGOV"),
        Some("KENOPP"),
    );
    let events = code("President Aldo Renzi threatened to impose a curfew in Nairobi.");
    assert!(
        events
            .iter()
            .any(|e| e.plover == "THREATEN" && source(e) == Some("KENGOV")),
        "{events:#?}"
    );
    // Well-known leaders named alone carry their country.
    check(
        "Putin criticised the Latvian government.",
        "ACCUSE",
        "111",
        Some("RUSGOV"),
        Some("LVAGOV"),
    );
}

#[test]
fn names_in_apposition_take_the_country_of_the_noun_before() {
    check(
        "Portugal's prime minister, Rui Sampaio Costa, launched a mediation effort between Egypt and Sudan.",
        "CONSULT",
        "045",
        Some("PRTGOV"),
        Some("EGY"),
    );
    let events = code(
        "A member of the Peruvian parliament, Ana Quispe, started a hunger strike to protest the arrest of activists.",
    );
    assert!(
        events.iter().any(|e| e.plover == "PROTEST"
            && source(e) == Some("PERLEG")
            && target(e) == Some("PEROPP")),
        "{events:#?}"
    );
}

#[test]
fn compound_demonyms_before_a_plural_noun_are_two_actors() {
    let events =
        code("American and Kyrgyz negotiators return to Vienna this week for talks on trade.");
    let sources: Vec<_> = events
        .iter()
        .filter(|e| e.plover == "CONSULT")
        .filter_map(source)
        .collect();
    assert_eq!(sources, ["USAGOV", "KGZGOV"], "{events:#?}");
}

#[test]
fn a_reduced_passive_relative_is_not_the_main_event() {
    // "a lunch hosted by X" is embedded: the meeting is the event.
    let events = code(
        "Moroccan diplomats held a meeting with Egyptian officials at a lunch hosted by the ambassador of Morocco.",
    );
    let best = events
        .iter()
        .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
        .unwrap();
    assert_eq!(
        (best.cameo.as_str(), source(best), target(best)),
        ("040", Some("MARGOV"), Some("EGYGOV")),
        "{events:#?}"
    );
}

#[test]
fn unplaced_names_take_the_country_of_the_other_actor() {
    // A catenative verb ("began collecting") looks through to its subject;
    // the party the gazetteer lacks takes the country it acts on.
    check(
        "The Farmers Front (Greens) began collecting signatures to convince the Lithuanian Parliament to amend the law.",
        "PROTEST",
        "141",
        Some("LTUAGR"),
        Some("LTULEG"),
    );
    // A pronoun subject points back to the unplaced name.
    check(
        "The radical Velm (Unity) party has said it will boycott Algeria's first elections.",
        "THREATEN",
        "131",
        Some("DZA"),
        Some("DZA"),
    );
    // A name nobody can place, with no other actor, is no actor at all.
    let events = code("The Velm Front rejected the proposal.");
    assert!(events.iter().all(|e| e.source.is_none()), "{events:#?}");
}

#[test]
fn an_obligation_in_reported_speech_is_the_speakers_request() {
    // "X said that Y must …": X asks it of Y.
    let events = code(
        "The Spanish foreign minister said on Friday that the Sudanese government and the rebels in Darfur must reach an agreement.",
    );
    assert!(
        events.iter().any(|e| e.plover == "REQUEST"
            && source(e).is_some_and(|c| c.starts_with("ESP"))
            && target(e).is_some_and(|c| c.starts_with("SDN"))),
        "{events:#?}"
    );
}

#[test]
fn targets_behind_a_plural_after_to_and_in_a_condition() {
    // "to demands from X": the plural after "to" is a noun, not a verb.
    let events = code(
        "President Anton Belov has conceded at last to demands from the opposition party of Angola to reform the courts.",
    );
    assert!(
        events
            .iter()
            .any(|e| e.plover == "CONCEDE" && target(e).is_some_and(|c| c.starts_with("AGO"))),
        "{events:#?}"
    );
    // A threat is aimed at whoever its condition names.
    let events = code(
        "Portugal has threatened to stop the negotiations if Spain goes ahead with the new dam.",
    );
    assert!(
        events.iter().any(|e| e.plover == "THREATEN"
            && source(e).is_some_and(|c| c.starts_with("PRT"))
            && target(e).is_some_and(|c| c.starts_with("ESP"))),
        "{events:#?}"
    );
}

#[test]
fn an_unknown_association_is_a_non_governmental_organisation() {
    let events = code(
        "Members of the Association of Velmoran Jurists investigated the welfare of 2,000 Libyans.",
    );
    assert!(
        events
            .iter()
            .any(|e| source(e) == Some("NGO") && target(e).is_some_and(|c| c.starts_with("LBY"))),
        "{events:#?}"
    );
    // A known body keeps the reference coding.
    let events = code("The United Nations condemned the Syrian government.");
    assert!(
        events
            .iter()
            .any(|e| source(e).is_some_and(|c| c.starts_with("IGO"))),
        "{events:#?}"
    );
}

#[test]
fn a_language_is_no_actor() {
    let events = code(
        "The Latvian parliament lifted restrictions on the use of the Russian language in schools.",
    );
    assert!(!events.is_empty());
    assert!(
        events
            .iter()
            .all(|e| !target(e).is_some_and(|c| c.starts_with("RUS"))),
        "{events:#?}"
    );
}

#[test]
fn coordinated_verbs_share_their_object_past_a_sum_of_money() {
    let events = code(
        "Canadian doctors donated and personally delivered $50,000 worth of goods to Cairo University Hospital.",
    );
    assert!(
        events.iter().any(|e| e.plover == "AID"
            && source(e).is_some_and(|c| c.starts_with("CAN"))
            && target(e).is_some_and(|c| c.starts_with("EGY"))),
        "{events:#?}"
    );
}

#[test]
fn a_demand_that_names_its_target_after_that() {
    let events = code(
        "The World Health Organization reiterated its demand today that Spain ease restrictions on the movement of Moroccan workers.",
    );
    assert!(
        events.iter().any(|e| e.plover == "REQUEST"
            && source(e).is_some_and(|c| c.starts_with("IGO"))
            && target(e).is_some_and(|c| c.starts_with("ESP"))),
        "{events:#?}"
    );
}

#[test]
fn protesters_are_where_they_protest_and_target_whom_they_defy() {
    let events = code(
        "Thousands of people blocked streets in Buenos Aires in defiance of the Chilean authorities.",
    );
    assert!(
        events.iter().any(|e| e.plover == "PROTEST"
            && source(e).is_some_and(|c| c.starts_with("ARG"))
            && target(e).is_some_and(|c| c.starts_with("CHL"))),
        "{events:#?}"
    );
}

#[test]
fn a_protest_calling_for_a_removal_targets_whom_it_removes() {
    let events = code(
        "Velmoran students rioted following a rally calling for the removal of President Mugabe.",
    );
    assert!(
        events
            .iter()
            .any(|e| e.plover == "PROTEST" && target(e).is_some_and(|c| c.starts_with("ZWE"))),
        "{events:#?}"
    );
    // Northern Ireland is part of the United Kingdom.
    check(
        "The Irish government condemned the violence in Northern Ireland.",
        "ACCUSE",
        "111",
        Some("IRLGOV"),
        Some("GBR"),
    );
}

#[test]
fn a_relative_clause_neither_hides_the_subject_nor_wins() {
    // The main verb is the event; its subject stands before the clause.
    for (body, plover, wanted_source, wanted_target) in [
        (
            "Portugal, which is backed by Spain, attacked Moroccan troops.",
            "ASSAULT",
            "PRT",
            "MAR",
        ),
        (
            "The Portuguese president, who is backed by Spain, criticised the Moroccan government.",
            "ACCUSE",
            "PRT",
            "MAR",
        ),
    ] {
        let events = code(body);
        let best = events
            .iter()
            .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
            .unwrap();
        assert_eq!(best.plover, plover, "{events:#?}");
        assert!(
            source(best).is_some_and(|c| c.starts_with(wanted_source))
                && target(best).is_some_and(|c| c.starts_with(wanted_target)),
            "{events:#?}"
        );
    }
}

#[test]
fn a_purpose_infinitive_takes_the_subject_of_the_main_verb() {
    let events = code(
        "Up to 500 ethnic Turks began a hunger strike on Monday to protest against Norway's decision to deport them.",
    );
    assert!(
        events.iter().any(|e| e.plover == "PROTEST"
            && source(e).is_some_and(|c| c.starts_with("TUR"))
            && target(e).is_some_and(|c| c.starts_with("NOR"))),
        "{events:#?}"
    );
}

/// The events of a sentence as (PLOVER type, CAMEO code), for messages.
fn types(events: &[Event]) -> Vec<(&str, &str)> {
    events
        .iter()
        .map(|e| (e.plover.as_str(), e.cameo.as_str()))
        .collect()
}

#[test]
fn hypotheticals_conditions_and_questions_are_no_acts() {
    // Speculation in the clause reaches the infinitive.
    let events = code("The ministry said it might impose sanctions on the company.");
    assert!(
        of_type(&events, "SANCTION").is_empty(),
        "{:?}",
        types(&events)
    );
    let events = code("Velmora might be able to test a missile next year.");
    assert!(
        of_type(&events, "MOBILIZE").is_empty(),
        "{:?}",
        types(&events)
    );
    // A condition names no act; the promise after it is a threat.
    let events = code("If the army attacks the city, the rebels will retaliate.");
    assert!(
        of_type(&events, "ASSAULT").is_empty(),
        "{:?}",
        types(&events)
    );
    // A question asks.
    let events = code("Will Norway impose sanctions on Velmora?");
    assert!(
        of_type(&events, "SANCTION").is_empty(),
        "{:?}",
        types(&events)
    );
    // A plan is the intent, never the act.
    let events = code("Norway plans to impose sanctions on Sweden.");
    assert!(
        of_type(&events, "SANCTION").is_empty(),
        "{:?}",
        types(&events)
    );
    // A hostile act refused did not happen.
    let events = code("The soldiers refused to attack the village.");
    assert!(
        of_type(&events, "ASSAULT").is_empty(),
        "{:?}",
        types(&events)
    );
}

#[test]
fn disasters_accidents_and_effects_without_an_actor_are_no_events() {
    for body in [
        "Floods killed 12 people in the province on Monday.",
        "Nine people were injured when a bus overturned on a mountain road.",
        "A strong earthquake destroyed hundreds of homes in the valley.",
        "Oil prices hit a record high on Tuesday.",
        "Two explosions hit the port district, caused by chemicals stored in a warehouse.",
        "Forecasters warned that the storm would continue for days.",
    ] {
        let events = code(body);
        assert!(events.is_empty(), "{body}\n{:?}", types(&events));
    }
    // An actor acting in a disaster is an event.
    check(
        "Police arrested 30 protesters after the floods.",
        "COERCE",
        "173",
        Some("COP"),
        Some("OPP"),
    );
}

#[test]
fn words_in_another_sense_are_no_events() {
    // A drug test, a participle used as an adjective.
    let events = code("Three athletes tested positive for banned drugs.");
    assert!(events.is_empty(), "{:?}", types(&events));
    // Sport.
    let events = code("Velmora United beat the visitors 2-1 in the cup final.");
    assert!(
        of_type(&events, "ASSAULT").is_empty(),
        "{:?}",
        types(&events)
    );
    // A metaphor.
    let events = code("The two ministers fought a war of words over the border.");
    assert!(
        of_type(&events, "ASSAULT").is_empty(),
        "{:?}",
        types(&events)
    );
    let events =
        code("Firefighters in Norway gained ground in their battle against the wildfires.");
    assert!(
        of_type(&events, "ASSAULT").is_empty(),
        "{:?}",
        types(&events)
    );
    // A standing relation described is no act; a sign held up is no signing.
    let events = code("Rebels backed by Velmora crossed the river.");
    assert!(
        of_type(&events, "SUPPORT").is_empty(),
        "{:?}",
        types(&events)
    );
    let events = code("Students held up signs outside the ministry.");
    assert!(of_type(&events, "AGREE").is_empty(), "{:?}", types(&events));
    assert!(
        of_type(&events, "COOPERATE").is_empty(),
        "{:?}",
        types(&events)
    );
    // A picture captured is no capture; a town captured is territory taken.
    let events = code("A Norwegian drone captured footage of the landslides.");
    assert!(
        of_type(&events, "COERCE").is_empty(),
        "{:?}",
        types(&events)
    );
    check(
        "Syrian troops captured two villages near the border.",
        "COERCE",
        "192",
        Some("SYRMIL"),
        None,
    );
    // Weapons seized in a place are seized, not territory taken.
    let events = code("Police said rifles were seized in Oslo on Monday.");
    assert!(
        events.iter().all(|e| e.cameo != "192"),
        "{:?}",
        types(&events)
    );
    // To sanction a thing is to approve it.
    let events = code("The Norwegian council sanctioned the new education budget.");
    assert!(
        of_type(&events, "SANCTION").is_empty(),
        "{:?}",
        types(&events)
    );
    let events = code("Norway sanctioned three Velmoran officials.");
    assert!(
        !of_type(&events, "SANCTION").is_empty(),
        "{:?}",
        types(&events)
    );
    // A weapon found is no attack; an impact is no criticism.
    let events = code("Norwegian police found two bombs and a grenade in a car.");
    assert!(
        of_type(&events, "ASSAULT").is_empty(),
        "{:?}",
        types(&events)
    );
    let events = code("Velmoran rockets slammed into the Norwegian camp.");
    assert!(
        of_type(&events, "ACCUSE").is_empty(),
        "{:?}",
        types(&events)
    );
    // Victims described are not the ones who acted.
    let events = code("Norwegian students rallied to mourn the protesters killed last month.");
    assert!(
        of_type(&events, "ASSAULT").is_empty(),
        "{:?}",
        types(&events)
    );
}

#[test]
fn confidence_is_a_probability() {
    let events = code("Norwegian police arrested 30 protesters in Oslo on Monday.");
    assert!(!events.is_empty());
    for event in &events {
        assert!((0.0..=1.0).contains(&event.confidence), "{event:#?}");
    }
}

#[test]
fn a_crowd_that_gathers_demonstrates_and_one_that_clashes_riots() {
    // Verbs of assembly with a crowd as subject, no preposition needed.
    for body in [
        "Thousands of protesters rallied in Velmora on Saturday.",
        "Hundreds of demonstrators marched peacefully through the old town of Portavel.",
        "Protesters have gathered outside the Velmora town hall since Monday.",
    ] {
        let events = code(body);
        assert!(
            events.iter().any(|e| e.cameo.starts_with("14")),
            "{body}\n{:?}",
            types(&events)
        );
    }
    // A crowd that clashes is rioting, not fighting a war.
    let events = code("Rioters clashed with police in Portavel on Wednesday night.");
    assert!(
        events.iter().any(|e| e.cameo == "145")
            && !events.iter().any(|e| e.cameo.starts_with("19")),
        "{:?}",
        types(&events)
    );
    // A clash with a crowd is a riot too.
    for body in [
        "Velmoran police clashed on Saturday with hundreds of protesters in Portavel.",
        "Clashes broke out between police and demonstrators in the Velmora market.",
    ] {
        let events = code(body);
        assert!(
            events.iter().any(|e| e.cameo == "145")
                && !events.iter().any(|e| e.cameo.starts_with("19")),
            "{body}\n{:?}",
            types(&events)
        );
    }
    // The same verbs with soldiers as subject are no protest.
    let events = code("Soldiers gathered near the Velmora border crossing.");
    assert!(
        !events.iter().any(|e| e.cameo.starts_with("14")),
        "{:?}",
        types(&events)
    );
}

#[test]
fn force_on_a_crowd_is_repression() {
    // Security forces firing on or attacking a crowd or its protest:
    // repression (175), not a battle.
    for body in [
        "Velmoran police fired tear gas at hundreds of protesters in Portavel.",
        "Soldiers attacked a peaceful protest outside the Velmora town hall on Friday.",
    ] {
        let events = code(body);
        assert!(
            events.iter().any(|e| e.cameo == "175")
                && !events.iter().any(|e| e.cameo.starts_with("19")),
            "{body}\n{:?}",
            types(&events)
        );
    }
    // A crowd attacking is not repressed; soldiers attacking soldiers fight.
    for body in [
        "Protesters attacked the police station in Portavel.",
        "Kenyan troops attacked rebel positions near Velmora.",
    ] {
        let events = code(body);
        assert!(
            !events.iter().any(|e| e.cameo == "175")
                && events.iter().any(|e| e.cameo.starts_with("19")),
            "{body}\n{:?}",
            types(&events)
        );
    }
}

#[test]
fn relief_work_in_a_disaster_is_no_political_event() {
    for body in [
        "More than 200 fires are burning across the Velmora hills, and the government took control of the water services.",
        "The Portavel army was helping the local administration with relief and rescue after the earthquake.",
        "More than 200 fires are burning in the Velmora hills. The government declared a state of emergency on Thursday.",
    ] {
        let events = code(body);
        assert!(events.is_empty(), "{body}\n{:?}", types(&events));
    }
}

#[test]
fn a_verb_of_force_on_a_thing_is_no_violence() {
    for body in [
        "The Velmora high court struck down the ordinance on Monday.",
        "Portavel councillors beat back the amendments in a late vote.",
        "The new method could help in attacking the problem at its roots.",
    ] {
        let events = code(body);
        assert!(
            !events.iter().any(|e| e.quad_class == 4),
            "{body}\n{:?}",
            types(&events)
        );
    }
    // People, places and vehicles stay targets.
    let events = code("Velmoran soldiers attacked the village of Portavel on Monday.");
    assert!(
        events.iter().any(|e| e.plover == "ASSAULT"),
        "{:?}",
        types(&events)
    );
}

#[test]
fn the_dead_of_an_act_of_force_are_its_result_not_a_second_event() {
    // A battle or a shelling with its dead: one event of force, no killing
    // beside it.
    for body in [
        "Kenyan troops clashed with rebels near Velmora on Sunday, killing six fighters and wounding nine.",
        "Four soldiers were killed when Velmoran artillery shelled the border town of Portavel.",
    ] {
        let events = code(body);
        assert!(
            events.iter().any(|e| e.cameo.starts_with("19"))
                && !events.iter().any(|e| e.cameo.starts_with("18")),
            "{body}\n{:?}",
            types(&events)
        );
    }
    // A killing with no act of force beside it stays a killing.
    let events = code("Gunmen killed six villagers near Velmora on Sunday.");
    assert!(
        events.iter().any(|e| e.cameo.starts_with("18")),
        "{:?}",
        types(&events)
    );
}

#[test]
fn saying_and_meeting_need_someone_to_do_them() {
    // Verbal acts, meetings and help with nobody the coder can name on
    // either side are no political event.
    for body in [
        "When last we talked, the harbour of Portavel was still frozen.",
        "The fourth draft reflected the criticisms of the committee, the clerk said.",
        "Programmers worked with the manufacturers of anti-virus programs to develop an antidote.",
    ] {
        let events = code(body);
        assert!(
            !events
                .iter()
                .any(|e| e.quad_class <= 3 && !e.cameo.starts_with("14")),
            "{body}\n{:?}",
            types(&events)
        );
    }
    // Force, arrests and protests are reported without their doers.
    for (body, root) in [
        ("Three men were arrested in Portavel on Sunday.", "17"),
        ("Protests erupted across Velmora after the vote.", "14"),
        ("Clashes broke out in the Velmora market on Friday.", "19"),
    ] {
        let events = code(body);
        assert!(
            events.iter().any(|e| e.cameo.starts_with(root)),
            "{body}\n{:?}",
            types(&events)
        );
    }
    // With a named side, the same verbal act is an event.
    let events = code("Velmora criticised the Portavel government on Monday.");
    assert!(
        events.iter().any(|e| e.cameo.starts_with("11")),
        "{:?}",
        types(&events)
    );
}

#[test]
fn nouns_of_fighting_and_protest_code() {
    for (body, root) in [
        (
            "Two soldiers died in a gun battle with smugglers near Velmora.",
            "19",
        ),
        (
            "A shootout between police and bandits in Portavel left one dead.",
            "19",
        ),
        (
            "Velmoran troops exchanged fire with rebels across the river.",
            "19",
        ),
        (
            "The army regained control of the Portavel district on Friday.",
            "19",
        ),
        (
            "Hundreds of students joined a march to the Velmora parliament.",
            "14",
        ),
    ] {
        let events = code(body);
        assert!(
            events.iter().any(|e| e.cameo.starts_with(root)),
            "{body}\n{:?}",
            types(&events)
        );
    }
}

#[test]
fn a_verb_of_force_needs_a_subject_that_can_do_violence() {
    for body in [
        "Critics attacked the novel as a thinly disguised memoir of the author's childhood in Kessa.",
        "Sales shot up 36 percent in the third quarter, the retailer said.",
        "Wolves attacked three sheep on a farm near Tesk last week, the farmer said.",
    ] {
        let events = code(body);
        assert!(
            !events.iter().any(|e| e.quad_class == 4),
            "{body}\n{:?}",
            types(&events)
        );
    }
    // Unnamed doers of violence, weapons and crowds are doers.
    for (body, root) in [
        (
            "Unknown gunmen attacked a police post near Tesk on Sunday.",
            "19",
        ),
        (
            "Masked men stormed a police station in Tesk on Sunday.",
            "19",
        ),
        (
            "Armed men attacked a bus on the road to Kessa, killing four passengers.",
            "19",
        ),
    ] {
        let events = code(body);
        assert!(
            events.iter().any(|e| e.cameo.starts_with(root)),
            "{body}\n{:?}",
            types(&events)
        );
    }
}

#[test]
fn visits_promises_and_inquiries_in_a_disaster_are_its_response() {
    for body in [
        "The president visited the districts hit by the floods on Monday and promised money to rebuild homes.",
        "Authorities said they would investigate the cause of the explosion at the fireworks warehouse, which was an accident.",
    ] {
        let events = code(body);
        assert!(events.is_empty(), "{body}\n{:?}", types(&events));
    }
    // A protest about the response stays a protest.
    let events =
        code("Hundreds of protesters rallied in Kessa after the floods to demand faster relief.");
    assert!(
        events.iter().any(|e| e.cameo.starts_with("14")),
        "{:?}",
        types(&events)
    );
}

#[test]
fn weapons_found_or_defused_are_taken_out_of_use() {
    // Found, seized, defused: 171, with the agent of a passive as source.
    let events = code(
        "A large cache of weapons was discovered by Kenyan soldiers in the hills above Marrek.",
    );
    assert!(
        events
            .iter()
            .any(|e| e.cameo == "171" && source(e).is_some_and(|c| c.starts_with("KEN"))),
        "{:?}",
        types(&events)
    );
    for body in [
        "Police found a cache of grenades in a house in Kessa on Monday.",
        "Two bombs were defused near the market in Tesk on Sunday.",
    ] {
        let events = code(body);
        assert!(
            events.iter().any(|e| e.cameo == "171")
                && !events.iter().any(|e| e.cameo.starts_with("18")),
            "{body}\n{:?}",
            types(&events)
        );
    }
}

#[test]
fn clashes_in_a_sentence_about_a_crowd_are_a_riot() {
    for body in [
        "Clashes broke out on Sunday between police in the capital Kessa and thousands of anti-government demonstrators.",
        "Protesters lit fires and threw stones during clashes outside the Velmora parliament.",
    ] {
        let events = code(body);
        assert!(
            events.iter().any(|e| e.cameo == "145")
                && !events.iter().any(|e| e.cameo.starts_with("19")),
            "{body}\n{:?}",
            types(&events)
        );
    }
    // Activists who report a battle take no part in it.
    let events =
        code("Kenyan troops clashed with rebels near the border town of Tesk, opposition activists said.");
    assert!(
        events.iter().any(|e| e.cameo.starts_with("19")),
        "{:?}",
        types(&events)
    );
}

#[test]
fn territory_won_and_handed_over() {
    for (body, cameo) in [
        (
            "Kenyan troops liberated the town of Marrek from the rebels on Friday.",
            "192",
        ),
        (
            "Government forces pushed the militants out of three villages near Tesk.",
            "192",
        ),
        (
            "The army won back the district of Sarrin after a week of fighting.",
            "192",
        ),
        (
            "The coalition handed over control of the Kessa air base to the Iraqi army on Sunday.",
            "087",
        ),
    ] {
        let events = code(body);
        assert!(
            events.iter().any(|e| e.cameo == cameo),
            "{body}\n{:?}",
            types(&events)
        );
    }
}

#[test]
fn what_is_planned_or_said_by_an_agent_is_not_done_to_it() {
    for (body, not) in [
        // An actor after "by" is the agent, not the one released.
        ("A statement released this week by the office of Prime Minister Benjamin Netanyahu was read as a confirmation.", "084"),
        // Planned, scheduled: not yet done.
        ("Two more executions are scheduled in Texas during the next two days.", "186"),
        ("The planned strike by Portavel dock workers was called off.", "143"),
        ("Ms Bisek is scheduled to answer questions under oath about the contract.", "173"),
        // Nouns that only look like verbs of the patterns.
        ("He was angered by a remark inside the same bar that Matthew Shepard visited.", "172"),
    ] {
        let events = code(body);
        assert!(
            !events.iter().any(|e| e.cameo == not),
            "{body}\n{:?}",
            types(&events)
        );
    }
    // Done, not planned.
    let events = code("Texas executed Gary Graham in Huntsville on Thursday night.");
    assert!(
        events.iter().any(|e| e.cameo == "186"),
        "{:?}",
        types(&events)
    );
}

#[test]
fn the_place_of_a_disaster_does_not_act() {
    for body in [
        "A fire at a nightclub in Skopje killed 59 people early on Sunday.",
        "A train crash near Larissa in Greece killed 57 people, most of them students.",
    ] {
        let events = code(body);
        assert!(events.is_empty(), "{body}\n{:?}", types(&events));
    }
    // Firing is no fire.
    let events =
        code("Kenyan soldiers opened fire on the militants near Tesk, killing four of them.");
    assert!(
        events.iter().any(|e| e.cameo.starts_with("19")),
        "{:?}",
        types(&events)
    );
}

#[test]
fn by_phone_after_a_statement_is_its_way_not_a_call() {
    let events =
        code("The governor told Xinhua by phone that rebels had attacked a police post in Kaya.");
    assert!(
        !events.iter().any(|e| e.cameo.starts_with("04")),
        "{:?}",
        types(&events)
    );
    let events = code("Kenyan President William Ruto spoke by phone with Ugandan President Yoweri Museveni on Monday.");
    assert!(
        events.iter().any(|e| e.cameo == "041"),
        "{:?}",
        types(&events)
    );
}

#[test]
fn what_protesters_do_is_their_demonstration() {
    for body in [
        "Protesters in Kessa sat on the steps of the town hall on Thursday night.",
        "Demonstrators are throwing paper rolls into the air outside the Velmora courthouse.",
    ] {
        let events = code(body);
        assert!(
            events
                .iter()
                .any(|e| e.cameo == "141" && e.confidence >= 0.5),
            "{body}\n{:?}",
            types(&events)
        );
    }
    for body in [
        "Demonstrators said the march would end at the Velmora courthouse.",
        "Protesters may gather again in Kessa next week.",
        "Several protesters were beaten outside the courthouse.",
    ] {
        let events = code(body);
        assert!(
            !events.iter().any(|e| e.cameo == "141"),
            "{body}\n{:?}",
            types(&events)
        );
    }
}

#[test]
fn gas_used_as_a_weapon_is_mass_violence() {
    let events =
        code("The militants used mustard gas against Kenyan soldiers near Tesk on Sunday.");
    assert!(
        events.iter().any(|e| e.cameo == "2041"),
        "{:?}",
        types(&events)
    );
}

#[test]
fn the_dead_of_a_passive_with_armed_men_named_were_killed_by_someone() {
    let events = code("At least 20 fighters were killed on Sunday when insurgents set upon a base outside Kismayo.");
    assert!(
        events.iter().any(|e| e.cameo.starts_with("18")),
        "{:?}",
        types(&events)
    );
    // Without armed men or weapons, the dead of a passive have no killer.
    for body in [
        "At least 17 people were killed when a bus plunged into a ravine near Ostrova.",
        "Nine miners were killed in the mine in eastern Velmora on Thursday.",
    ] {
        let events = code(body);
        assert!(events.is_empty(), "{body}\n{:?}", types(&events));
    }
}

#[test]
fn a_noun_that_modifies_another_names_no_event() {
    for body in [
        "Three submarines and five attack vessels have come to its rescue.",
        "Riot police stood outside the stadium in Kessa before the match.",
        "The murder suspect was seen in Portavel last year, the newspaper said.",
    ] {
        let events = code(body);
        assert!(
            !events.iter().any(|e| e.quad_class == 4),
            "{body}\n{:?}",
            types(&events)
        );
    }
    // The event noun before another event noun or a time is an event.
    let events = code("A bomb attack on a bus in Tesk killed four people on Sunday.");
    assert!(
        events.iter().any(|e| e.cameo.starts_with("18")),
        "{:?}",
        types(&events)
    );
}

#[test]
fn a_duty_described_is_no_demand_one_said_is() {
    let events = code("Home Secretary Jack Straw must decide by Friday whether the extradition hearing can go ahead.");
    assert!(
        !events.iter().any(|e| e.cameo.starts_with("10")),
        "{:?}",
        types(&events)
    );
    let events =
        code("Kenya must pay the Ugandan traders back, the Ugandan trade minister said on Monday.");
    assert!(
        events.iter().any(|e| e.cameo.starts_with("10")),
        "{:?}",
        types(&events)
    );
}

#[test]
fn a_court_that_strikes_down_a_law_rules() {
    let events =
        code("A court in Trenton struck down Princeton's broad anti-smoking ordinance last week.");
    assert!(
        !events.iter().any(|e| e.quad_class == 4),
        "{:?}",
        types(&events)
    );
}

#[test]
fn a_fight_against_a_disease_or_a_curriculum_is_no_fighting() {
    for body in [
        "The drug companies are announcing big gains in the fight against arthritis this week.",
        "Parents worried about attacks on the school curriculum wrote to the board in Kessa.",
        "The council wants market power behind the battle to save our fishing stocks.",
    ] {
        let events = code(body);
        assert!(
            !events.iter().any(|e| e.quad_class == 4),
            "{body}\n{:?}",
            types(&events)
        );
    }
    for body in [
        "An attack on a police post near Tesk killed two officers on Sunday.",
        "The battle for the town of Marrek lasted three days.",
    ] {
        let events = code(body);
        assert!(
            events.iter().any(|e| e.quad_class == 4),
            "{body}\n{:?}",
            types(&events)
        );
    }
}

#[test]
fn films_bodies_and_animals_suffer_no_political_violence() {
    for body in [
        "The film was shot over six weeks in the mountains of northern Albania.",
        "Shooting on the film begins in July in the hills outside Marrek.",
        "The heart attack killed him instantly, his family said.",
        "Doctors at the Kessa hospital have been fighting a rise in infections.",
    ] {
        let events = code(body);
        assert!(
            !events.iter().any(|e| e.quad_class == 4),
            "{body}\n{:?}",
            types(&events)
        );
    }
    let events = code("Two soldiers were shot near the border crossing at Tesk on Friday.");
    assert!(
        events.iter().any(|e| e.quad_class == 4),
        "{:?}",
        types(&events)
    );
}

#[test]
fn a_lightning_offensive_is_no_storm() {
    let events = code("Syrian rebels seized control of Aleppo after a lightning offensive.");
    assert!(
        events.iter().any(|e| e.cameo.starts_with("19")),
        "{:?}",
        types(&events)
    );
}

#[test]
fn both_sides_are_the_two_of_the_event_before() {
    let events = code(
        "Kenya condemned Uganda over the closure of the border. Both governments will hold new talks in Nairobi on Friday.",
    );
    assert!(
        events
            .iter()
            .any(|e| e.plover == "AGREE" && source(e) == Some("KEN") && target(e) == Some("UGA")),
        "{:?}",
        types(&events)
    );
}

#[test]
fn protesters_demonstrate_beside_another_event() {
    let events = code(
        "Anti-government protesters in Kessa shut down two ministries on Sunday, escalating a month of rallies demanding new elections.",
    );
    assert!(
        events
            .iter()
            .any(|e| e.cameo == "141" && e.confidence >= 0.5),
        "{:?}",
        types(&events)
    );
}

#[test]
fn the_dead_told_right_after_a_battle_are_its_dead() {
    let events = code(
        "Kenyan troops attacked a rebel camp near Tesk on Wednesday. Two soldiers died and ten rebels were also killed.",
    );
    assert!(
        events.iter().any(|e| e.cameo.starts_with("19"))
            && !events.iter().any(|e| e.cameo.starts_with("18")),
        "{:?}",
        types(&events)
    );
}

#[test]
fn troops_deployed_somewhere_after_another_verb_stand_there() {
    let events = code(
        "Two men hurled grenades at soldiers deployed in front of a school in Tesk on Friday.",
    );
    assert!(
        !events.iter().any(|e| e.cameo.starts_with("15")),
        "{:?}",
        types(&events)
    );
    let events = code("Kenya deployed 400 police officers to Haiti on Tuesday.");
    assert!(
        events.iter().any(|e| e.cameo.starts_with("15")),
        "{:?}",
        types(&events)
    );
}

#[test]
fn one_event_coded_twice_is_given_once() {
    let events = code("The Ethiopian government and Tigrayan leaders signed a deal in Velmora on Friday to end two years of war.");
    let deals: Vec<_> = events
        .iter()
        .filter(|e| e.cameo.starts_with("05"))
        .collect();
    assert!(!deals.is_empty(), "{:?}", types(&events));
    for (i, a) in deals.iter().enumerate() {
        for b in &deals[i + 1..] {
            assert!(
                !(a.cameo == b.cameo
                    && a.trigger == b.trigger
                    && source(a) == source(b)
                    && target(a) == target(b)),
                "{:?}",
                types(&events)
            );
        }
    }
}

#[test]
fn a_press_conference_presses_nobody() {
    let events =
        code("The army commander broke the news in a press conference in Velmora on Thursday.");
    assert!(
        !events.iter().any(|e| e.cameo.starts_with("10")),
        "{:?}",
        types(&events)
    );
    let events = code("Washington pressed Cairo to open the border crossing on Friday.");
    assert!(
        events.iter().any(|e| e.cameo.starts_with("10")),
        "{:?}",
        types(&events)
    );
}

#[test]
fn what_they_called_and_a_call_to_act_are_no_phone_calls() {
    for text in [
        "Hundreds of students marched in Velmora on Friday, denouncing what they called the Kenyan government's war on teachers.",
        "Thousands of protesters rallied in Moscow on Saturday, heeding the opposition leader's call to pressure the authorities.",
    ] {
        let events = code(text);
        assert!(
            !events.iter().any(|e| e.cameo.starts_with("04")),
            "{text}: {:?}",
            types(&events)
        );
        assert!(
            events.iter().any(|e| e.cameo.starts_with("14")),
            "{text}: {:?}",
            types(&events)
        );
    }
    let events = code("Macron called Putin on Friday to discuss the war.");
    assert!(
        events.iter().any(|e| e.cameo == "041"),
        "{:?}",
        types(&events)
    );
}

#[test]
fn an_armed_force_destroying_the_other_sides_arms_is_fighting() {
    for text in [
        "The Syrian air force destroyed a number of rebel vehicles near Tesk on Monday.",
        "Azerbaijani forces destroyed three Armenian tanks and an ammunition depot on Thursday.",
    ] {
        let events = code(text);
        assert!(
            events.iter().any(|e| e.cameo.starts_with("19")),
            "{text}: {:?}",
            types(&events)
        );
        assert!(
            !events.iter().any(|e| e.cameo == "171"),
            "{text}: {:?}",
            types(&events)
        );
    }
    // Weapons found and destroyed, houses destroyed: still 171.
    for text in [
        "Afghan special forces destroyed a large cache of weapons in Ghazni on Monday.",
        "Israeli forces destroyed two Palestinian houses in Tesk on Monday.",
    ] {
        let events = code(text);
        assert!(
            events.iter().any(|e| e.cameo == "171"),
            "{text}: {:?}",
            types(&events)
        );
    }
}

#[test]
fn force_that_breaks_up_a_gathering_is_repression() {
    for text in [
        "Israeli soldiers violently suppressed a peaceful march in the village of Tesk on Friday.",
        "Security forces quelled the protests in Velmora on Sunday.",
        "The police broke up the rally outside parliament in Velmora and detained 20 people.",
    ] {
        let events = code(text);
        assert!(
            events.iter().any(|e| e.cameo == "175"),
            "{text}: {:?}",
            types(&events)
        );
        // The police did not demonstrate.
        assert!(
            !events.iter().any(|e| e.cameo.starts_with("14")),
            "{text}: {:?}",
            types(&events)
        );
    }
}

#[test]
fn who_reacts_to_an_event_noun_did_not_do_it() {
    // The police arrested people for the bombing, the bureau investigates
    // it, the soldiers suffered from ambushes: none of them is its source.
    for body in [
        "Police in Portavel said they arrested 14 people in the bombing of the Velmora embassy.",
        "The Kenyan police are investigating the bombing of the market in Velmora.",
        "Turkish soldiers suffered heavy losses from ambushes near Velmora.",
    ] {
        assert_no_event(body, |e| e.plover == "ASSAULT" && source(e).is_some());
    }
    // Who carries the noun as its own act is its source ("launched an
    // offensive", "declared a state of siege"), and who arrests people in
    // raids runs the raids.
    check(
        "Russian forces launched an offensive against Chechen rebels on Friday.",
        "ASSAULT",
        "190",
        Some("RUSMIL"),
        Some("RUSREB"),
    );
    check(
        "Israeli forces detained 12 Palestinians in overnight raids in the West Bank.",
        "COERCE",
        "171",
        Some("ISRMIL"),
        Some("PSE"),
    );
}

#[test]
fn an_adjective_that_is_also_a_role_names_nobody() {
    // "official" before "visit" is an adjective; the visitor is the subject.
    check(
        "The Ukrainian foreign minister paid an official visit to Poland on Monday.",
        "CONSULT",
        "042",
        Some("UKRGOV"),
        Some("POL"),
    );
}

#[test]
fn a_guess_about_someone_else_is_no_event() {
    assert_no_event(
        "Two diplomats in Dodoma said they thought that Tanzania would resist efforts to extradite the suspects.",
        |e| e.plover == "REJECT",
    );
    // An opinion about what others ought to do is no request either.
    assert_no_event(
        "\"He thinks individuals should invest directly in the bond market instead of the government making those choices,\" spokesman Paul Arden said.",
        |e| e.plover == "REQUEST",
    );
    assert_no_event(
        "Many analysts think Kenya must demand compensation from Uganda.",
        |e| e.plover == "REQUEST",
    );
    // A stated intent stays: "said it would".
    let events = code("Tanzania said it would resist efforts to extradite the suspects.");
    assert!(
        events
            .iter()
            .any(|e| e.plover == "REJECT" && source(e) == Some("TZA")),
        "{:#?}",
        events
            .iter()
            .map(|e| (&e.plover, &e.cameo, source_of(e)))
            .collect::<Vec<_>>()
    );
}

#[test]
fn who_comes_under_fire_suffers_it() {
    check(
        "Armenian villagers have come under heavy artillery, mortar and rocket fire from Azerbaijani forces, the group said.",
        "ASSAULT",
        "194",
        Some("AZEMIL"),
        Some("ARMCVL"),
    );
}

#[test]
fn the_speaker_of_another_clause_is_not_the_actor_of_its_noun() {
    assert_no_event(
        "American officials said the rebel network was behind the bombings of the embassies in Kenya.",
        |e| e.plover == "ASSAULT" && source(e) == Some("USAGOV"),
    );
    // An infinitive goes on with the same subject.
    check(
        "The Cypriot president has accepted an invitation to pay an official visit to Israel.",
        "CONSULT",
        "042",
        Some("CYPGOV"),
        Some("ISR"),
    );
}

/// Words of other senses: a court's appeal, meeting resistance, insisting
/// that something is so, hoping someone else would act. Their request and
/// meeting senses stay.
#[test]
fn appeals_resistance_insistence_and_hopes_in_other_senses() {
    for body in [
        "The Velmora Shipping Company won a court appeal on Tuesday against the Kenyan government.",
        "The judge of the Velmora appeals court ruled on Tuesday.",
        "The Kenyan harbour projects have met opposition because of their effect on the fishing grounds.",
        "Kenya has repeatedly insisted that its ties with Uganda are not directed against Tanzania.",
        "Velmoran officials said Kenya hoped the Security Council would agree to Uganda's request that a team visit the port.",
    ] {
        assert_no_event(body, |e| {
            matches!(e.plover.as_str(), "REQUEST" | "CONSULT" | "AGREE")
        });
    }
    check(
        "The Kenyan government made an appeal to Uganda for calm on Tuesday.",
        "REQUEST",
        "100",
        Some("KENGOV"),
        Some("UGA"),
    );
    check(
        "The Kenyan president met opposition leaders in Nairobi on Monday.",
        "CONSULT",
        "040",
        Some("KENGOV"),
        Some("KENOPP"),
    );
    check(
        "Kenya insisted on a withdrawal of Ugandan troops.",
        "REQUEST",
        "1056",
        Some("KEN"),
        Some("UGAMIL"),
    );
}

/// A ban on things (landmines, smoking, nuclear tests) sanctions nobody,
/// and what it bans did not happen; approving a bill or a ban is no
/// endorsement of anyone, and a place after "in" is where it was
/// approved. A ban on a party and an approval of a country's request stay.
#[test]
fn bans_of_things_and_approvals_of_bills() {
    for body in [
        "A spokesman for the Kenyan campaign to ban landmines welcomed the treaty on Monday.",
        "The Kenyan cabinet on Wednesday approved a bill banning smoking in public places.",
        "Russian lawmakers also approved the nuclear test ban treaty on Friday.",
        "The Velmoran vaccine is approved in Kenya, Uganda and Tanzania.",
    ] {
        assert_no_event(body, |e| {
            matches!(
                e.plover.as_str(),
                "SANCTION" | "COERCE" | "SUPPORT" | "MOBILIZE" | "ASSAULT"
            )
        });
    }
    check(
        "The Kenyan government banned the opposition party from holding rallies.",
        "COERCE",
        "1722",
        Some("KENGOV"),
        Some("KENOPP"),
    );
    check(
        "The Kenyan parliament approved Uganda's request for talks.",
        "SUPPORT",
        "051",
        Some("KENLEG"),
        Some("UGA"),
    );
}

/// A duty laid on one's own people or country is advice or opinion, not a
/// demand: "residents should take precautions", "we must pass the bill".
#[test]
fn a_duty_laid_on_ones_own_side_is_no_demand() {
    for body in [
        "The Kenyan health minister said residents should take precautions against mosquito bites.",
        "Kenyan President William Ruto said on Monday that Kenya must pass the new port law.",
        "Ugandan officials said the drought should be dealt with by common strategies.",
    ] {
        assert_no_event(body, |e| e.cameo.starts_with("10"));
    }
}

/// "called X's decision to certify Y ``a sham''" names; "a special appeal
/// for the Japanese" charms: neither is a call or a plea.
#[test]
fn a_name_given_across_an_infinitive_and_an_appeal_that_charms() {
    for body in [
        "Kenyan opposition leader Raila Odinga called Ruto's decision to certify Uganda ``a sham.''",
        "The Velmoran films hold a special appeal for the Kenyans, who see them as classics.",
    ] {
        assert_no_event(body, |e| {
            matches!(e.plover.as_str(), "REQUEST" | "CONSULT")
        });
    }
}

/// "they represent a threat to Kenya" judges, it threatens nobody; a suit
/// threatened or planned is a threat, not a suit filed.
#[test]
fn a_threat_judged_and_a_suit_threatened() {
    for body in [
        "The Kenyan defence minister said Uganda remains a threat to regional peace.",
        "``I believe the cartels represent a threat to Kenya,'' the Kenyan minister told reporters.",
    ] {
        assert_no_event(body, |e| e.plover == "THREATEN");
    }
    check(
        "Uganda issued a threat to cut off power supplies to Kenya.",
        "THREATEN",
        "130",
        Some("UGA"),
        Some("KEN"),
    );
    let events = code(
        "The Kenyan Legal Aid Society threatened to file a lawsuit against the Ugandan government.",
    );
    assert!(
        events.iter().any(|e| e.cameo == "130") && events.iter().all(|e| e.cameo != "115"),
        "{:?}",
        types(&events)
    );
}

/// Doctors sent are aid, not inspectors; failing to find something
/// refuses nothing; insisting that something will happen demands nothing;
/// ", also called X" names. "failed to withdraw", "insisted on" and "X
/// also called Y" keep their events.
#[test]
fn teams_failures_insistence_and_names() {
    check(
        "Kenya has sent several hundred medical teams to Uganda.",
        "AID",
        "073",
        Some("KEN"),
        Some("UGA"),
    );
    assert_no_event(
        "Kenya has sent several hundred medical teams to Uganda.",
        |e| e.cameo.starts_with("09"),
    );
    for body in [
        "A Kenyan inspector failed to find a single smoker to fine in the department store.",
        "The Kenyan president insists Kenya will pull out of any trade pact if Uganda raises its tariffs.",
        "Kenyan mint marigold, also called Kenyan tarragon, has the scent of anise.",
    ] {
        assert_no_event(body, |e| {
            matches!(e.plover.as_str(), "REJECT" | "REQUEST" | "CONSULT")
        });
    }
    check(
        "Uganda failed to withdraw its troops from Kenya.",
        "REJECT",
        "1246",
        Some("UGA"),
        Some("KEN"),
    );
    check(
        "Kenyan President William Ruto also called Ugandan President Yoweri Museveni on Monday.",
        "CONSULT",
        "041",
        Some("KENGOV"),
        Some("UGAGOV"),
    );
}

/// An act that was halted or averted did not happen; asking someone to
/// stop one is still a demand.
#[test]
fn a_halted_act_did_not_happen() {
    assert_no_event(
        "The Kenyan High Court on Thursday halted the execution of a Ugandan prisoner.",
        |e| e.plover == "ASSAULT",
    );
    let events = code("Uganda urged Kenya to stop the bombing raids on the border.");
    assert!(
        events.iter().any(|e| e.plover == "REQUEST"),
        "{:?}",
        types(&events)
    );
}

/// An opportunity or a chance to act, and what one "would have done better"
/// to do, are no acts: "had not had the opportunity to talk with", "would
/// have done better to strike".
#[test]
fn a_chance_to_act_is_no_act() {
    for body in [
        "The Kenyan minister had not had the opportunity to talk with Ugandan officials.",
        "Critics said Kenya would have done better to strike Ugandan rebel camps.",
    ] {
        assert_no_event(body, |e| matches!(e.plover.as_str(), "CONSULT" | "ASSAULT"));
    }
    check(
        "The Kenyan minister talked with Ugandan officials on Monday.",
        "CONSULT",
        "040",
        Some("KENGOV"),
        Some("UGAGOV"),
    );
}

/// "Agree that" something is so, or "agree with" someone, shares a view:
/// no promise and no act under it ("the court agreed that the ban was
/// unlawful", "Kenya agrees with the ruling", "agree that the threat is
/// real"). Agreeing to do something, on something, or that something
/// will be done stays an agreement.
#[test]
fn agreeing_with_a_view_is_no_agreement() {
    for body in [
        "The Kenyan High Court agreed that the ban on Ugandan imports was unlawful.",
        "Kenya's foreign minister agrees with the ruling of the Ugandan court.",
        "Kenyan and Ugandan officials agree that the chief threat to the region is drought.",
        "The Ugandan president said he agreed there is a problem with Kenyan tariffs.",
    ] {
        assert_no_event(body, |e| matches!(e.plover.as_str(), "AGREE" | "THREATEN"));
    }
    check(
        "Kenya agreed that its troops would leave the Ugandan border zone by June.",
        "AGREE",
        "030",
        Some("KEN"),
        Some("UGA"),
    );
    check(
        "Kenya agreed to resume talks with Uganda.",
        "AGREE",
        "036",
        Some("KEN"),
        Some("UGA"),
    );
    check(
        "Kenya and Uganda agreed on a ceasefire.",
        "AGREE",
        "030",
        Some("KEN"),
        None,
    );
}

/// "In order to" states a purpose: no order, no request.
#[test]
fn in_order_to_is_no_order() {
    assert_no_event(
        "The Kenyan government sold its stake in the Ugandan railway in order to raise revenue.",
        |e| e.plover == "REQUEST",
    );
    check(
        "The Kenyan government ordered Uganda to close the border.",
        "REQUEST",
        "100",
        Some("KENGOV"),
        Some("UGA"),
    );
}

/// "Meet" a need, a demand, the terms or a deadline is to satisfy it: no
/// meeting, and failing to is no refusal to meet.
#[test]
fn meeting_a_demand_is_no_meeting() {
    for body in [
        "The Kenyan minister spoke at a seminar dedicated to meeting Uganda's future energy demands.",
        "Kenya said the Ugandan proposals fail to meet the terms of the border treaty.",
        "The Kenyan government met its deadline for the Ugandan railway payments.",
    ] {
        assert_no_event(body, |e| matches!(e.plover.as_str(), "CONSULT" | "REJECT"));
    }
    check(
        "The Kenyan minister met Ugandan officials on Monday.",
        "CONSULT",
        "040",
        Some("KENGOV"),
        Some("UGAGOV"),
    );
    check(
        "The Kenyan minister met with the Ugandan president to discuss energy demands.",
        "CONSULT",
        "040",
        Some("KENGOV"),
        Some("UGAGOV"),
    );
}

/// "The Ottawa treaty", "the Kyoto protocol", "the Ottawa Convention" name
/// treaties: the city is no party to the act.
#[test]
fn a_treaty_named_after_a_city_is_no_actor() {
    for body in [
        "Kenya did not sign the Ottawa treaty.",
        "Uganda signed the Kyoto protocol on Monday.",
        "Kenya will ratify the Ottawa Convention next year.",
    ] {
        let events = code(body);
        assert!(!events.is_empty(), "{body}");
        assert!(
            events.iter().all(|e| e.target.is_none()),
            "{body}: {:?}",
            coded(&events)
        );
    }
    check(
        "Ottawa signed the treaty with Washington.",
        "SUPPORT",
        "057",
        Some("CANGOV"),
        Some("USA"),
    );
}

/// A campaign, an association or a foundation named with a country is its
/// citizens (`NGO`), not its government; one named with none is no
/// country at all, whoever it addresses.
#[test]
fn a_campaign_is_citizens_not_the_state() {
    check(
        "Ugandan officials met with the Kenya Manufacturers Association in Kampala.",
        "CONSULT",
        "040",
        Some("UGAGOV"),
        Some("KENNGO"),
    );
    let events = code(
        "The South African Campaign Against Landmines has called on President Bill Clinton of the United States to sign a treaty banning landmines.",
    );
    assert!(
        events
            .iter()
            .all(|e| source_of(e).is_some_and(|s| s.ends_with("NGO"))),
        "{:?}",
        coded(&events)
    );
}

/// A participle phrase between commas, right after its noun and before
/// that noun's verb, says what was done to the noun ("The minister, asked
/// about the strike, said …"): the minister asked nothing.
#[test]
fn a_participle_set_off_by_commas_is_passive() {
    assert_no_event(
        "The Kenyan minister, asked about the execution of a Ugandan prisoner in an interview with a Nairobi weekly last year, said nothing.",
        |e| e.plover == "REQUEST",
    );
    check(
        "The Kenyan minister asked Uganda to halt the execution of the prisoner.",
        "REQUEST",
        "100",
        Some("KENGOV"),
        Some("UGA"),
    );
}

/// "Has never met" says what did not happen: no event, and no refusal.
/// "Will never negotiate" and "did not meet" stay refusals.
#[test]
fn never_done_is_no_refusal() {
    for body in [
        "The Kenyan businessman said he has never met with Ugandan rebel leaders.",
        "Kenya said it has never met with the Ugandan rebels.",
        "Idris said he has never met with bin Laden.",
    ] {
        assert_no_event(body, |e| e.plover == "REJECT" || e.plover == "CONSULT");
    }
    check(
        "Kenya will never negotiate with the Ugandan rebels.",
        "REJECT",
        "125",
        Some("KEN"),
        Some("UGAREB"),
    );
}

/// "Social Security" is a welfare programme, not the police.
#[test]
fn social_security_is_no_police() {
    for body in [
        "The Kenyan president is now firmly committed to using the entire Social Security surplus for debt reduction.",
        "Uganda's central bank governor said he supports using budget surpluses to strengthen Social Security.",
    ] {
        let events = code(body);
        assert!(
            events
                .iter()
                .all(|e| !source_of(e).is_some_and(|s| s.ends_with("COP"))
                    && !target_of(e).is_some_and(|t| t.ends_with("COP"))),
            "{body}: {:?}",
            coded(&events)
        );
    }
    check(
        "Kenyan security forces arrested Ugandan smugglers.",
        "COERCE",
        "173",
        Some("KENCOP"),
        Some("UGA"),
    );
}

/// Force between a country's own politicians, with no word of force in the
/// sentence, is politics: "the prosecutor has targeted the president's
/// testimony", "the minister is fighting hard against the opposition
/// leader's campaign". With troops, or an arrest, it stays.
#[test]
fn a_political_fight_at_home_is_no_violence() {
    for body in [
        "In the president's case, Kenya's chief prosecutor has targeted the president's testimony before the Kenyan parliament.",
        "Speaking from Mombasa, where Kenyan President Daniel arap Moi is fighting hard against Kenyan Vice President George Saitoti, the analyst predicted a close vote.",
    ] {
        assert_no_event(body, |e| e.quad_class == 4);
    }
    let events = code("Troops loyal to the Kenyan president shelled the Kenyan parliament.");
    assert!(
        events.iter().any(|e| e.quad_class == 4),
        "{:?}",
        types(&events)
    );
    let events = code("Kenyan prosecutors arrested the former Kenyan finance minister.");
    assert!(
        events.iter().any(|e| e.cameo == "173"),
        "{:?}",
        types(&events)
    );
}

/// "Cannot" is "can not": no act, like "can't".
#[test]
fn cannot_is_no_act() {
    for body in [
        "Kenya cannot attack Uganda.",
        "A Kenyan senator argued that the Kenyan parliament cannot censure the Ugandan president.",
    ] {
        assert_no_event(body, |e| matches!(e.plover.as_str(), "ASSAULT" | "ACCUSE"));
    }
    check(
        "Kenya attacked Uganda.",
        "ASSAULT",
        "190",
        Some("KEN"),
        Some("UGA"),
    );
}

/// What someone is deterred, barred or kept from doing did not happen.
#[test]
fn kept_from_doing_is_not_done() {
    for body in [
        "Kenya says the mines are needed on the border to deter Uganda from invading Kenya.",
        "The Kenyan court barred the army from entering Ugandan territory.",
    ] {
        assert_no_event(body, |e| e.cameo.starts_with("19"));
    }
    check(
        "Uganda invaded Kenya.",
        "COERCE",
        "192",
        Some("UGA"),
        Some("KEN"),
    );
}

/// "Offer" with a thing and no "to" or act after it promises nothing:
/// "Kenyan doctors have long offered acupuncture in Uganda", "the vote
/// offered a glimpse of Kenya's policy". "Offered to mediate" and
/// "offered aid" stay.
#[test]
fn offering_a_thing_is_no_promise() {
    for body in [
        "Kenyan doctors have long offered acupuncture in Uganda.",
        "The Kenyan parliament's vote offered one a glimpse of Uganda's foreign policy.",
        "Kenya is offering up to 5 million shillings for information leading to the arrest of the Ugandan rebel leader.",
    ] {
        assert_no_event(body, |e| e.plover == "AGREE");
    }
    check(
        "Kenya offered to mediate between Uganda and Sudan.",
        "AGREE",
        "039",
        Some("KEN"),
        Some("UGA"),
    );
}

/// A request or an order named as a noun with its owner ("President Moi's
/// order to dismiss the prosecutor") is the owner's, whoever the clause is
/// about.
#[test]
fn an_owned_order_is_its_owners() {
    let body = "Opposition lawmakers have invited Wanjiku Kamau, who in 1998 resigned as attorney general rather than carry out Daniel arap Moi's order to dismiss special prosecutor John Otieno.";
    let events = code(body);
    let orders: Vec<_> = events
        .iter()
        .filter(|e| body[e.trigger.start..e.trigger.end].contains("order"))
        .map(|e| (&e.cameo, source_of(e), target_of(e)))
        .collect();
    assert!(
        !orders.is_empty()
            && orders.iter().all(|(_, s, _)| s
                .as_deref()
                .is_some_and(|s| s.starts_with("KEN") && !s.ends_with("JUD"))),
        "{orders:?}"
    );
}

/// A refusal in the passive is the agent's: "Kenya's request was rejected
/// by Uganda" is Uganda rejecting Kenya.
#[test]
fn a_passive_refusal_is_the_agents() {
    check(
        "Kenya's request was rejected by Uganda.",
        "REJECT",
        "120",
        Some("UGA"),
        Some("KEN"),
    );
}
