//! Facts in the store: round trips, events merged across articles, the event,
//! quote and figure queries, and replacing articles, on invented news.

mod common;

use common::{organisation, person, Backend, Doc, TestStore};
use proptest::prelude::*;
use tidings_model::{Actor, Facts, Figure, Qualifier, Quote, Span};
use tidings_store::{Error, EventFilter, Put, SqliteStore, Store};

crate::on_both_backends! {
    facts_round_trip_exactly_as_put,
    three_reports_of_one_call_from_two_sites_are_one_event,
    another_day_another_code_or_no_day_stays_apart,
    one_article_repeating_an_event_is_one_article_with_two_mentions,
    events_are_filtered_by_actor_prefix_on_either_side,
    events_are_filtered_by_cameo_prefix_or_plover_name,
    events_are_filtered_by_day_and_limited,
    quotes_are_found_by_speaker_name_or_alias,
    figures_are_found_by_kind_with_their_sentence,
    replacing_articles_keeps_event_counts_right,
    replacing_an_article_swaps_its_quotes_and_figures,
    facts_that_do_not_fit_their_article_store_nothing,
}

fn store_with(backend: Backend, docs: &[Doc]) -> TestStore {
    let mut store = backend.fresh();
    let batch: Vec<Put<'_>> = docs.iter().map(Doc::put).collect();
    store.put_batch(&batch).unwrap();
    store
}

fn filter(actor: Option<&str>, code: Option<&str>) -> EventFilter {
    EventFilter {
        actor: actor.map(String::from),
        code: code.map(String::from),
        ..EventFilter::default()
    }
}

fn everything() -> EventFilter {
    EventFilter::default()
}

/// A quote of `words` (without quote marks) in `doc`, said by `speaker`.
fn quote(doc: &Doc, words: &str, speaker: Option<&str>, entity: Option<usize>) -> Quote {
    let span = doc.span_of(words);
    Quote {
        span,
        text: words.to_string(),
        speaker: speaker.map(String::from),
        speaker_entity: entity,
        cue: "said".into(),
        direct: true,
        sentence: doc.sentence_of(span).0,
    }
}

/// A figure written `words` in `doc`.
fn figure(doc: &Doc, words: &str, kind: &str, value: f64, qualifier: Qualifier) -> Figure {
    let span = doc.span_of(words);
    Figure {
        kind: kind.into(),
        value,
        high: None,
        words: None,
        qualifier,
        counts: words.rsplit(' ').next().unwrap().into(),
        unit: None,
        source: Some("the Harbour Authority".into()),
        source_entity: None,
        sentence: doc.sentence_of(span).0,
        span,
    }
}

/// The phone call between the mayors of Velmora and Portavel, on 2 March 2026.
fn phone_call(title: &str, text: &str, site: Option<&str>, published: &str) -> Doc {
    let mut doc = Doc::new(title, &[text]).published(published);
    if let Some(site) = site {
        doc = doc.on_site(site);
    }
    let event = doc.event(
        "spoke by phone",
        "041",
        Some("VELGOV"),
        Some("PTVGOV"),
        Some("2026-03-02"),
    );
    doc.facts.events.push(event);
    doc
}

/// Three articles from two sites about the same call.
fn three_reports() -> Vec<Doc> {
    vec![
        phone_call(
            "Mayors talk ferries",
            "The mayor of Velmora spoke by phone with her Portavel counterpart on Monday.",
            Some("Velmora Post"),
            "2026-03-03",
        ),
        phone_call(
            "Velmora and Portavel mayors discuss the strike",
            "On Monday the two mayors spoke by phone for an hour about the ferry strike.",
            Some("Velmora Post"),
            "2026-03-02",
        ),
        phone_call(
            "A call across the strait",
            "Portavel's mayor said she spoke by phone with Velmora's mayor on Monday.",
            Some("Portavel Courier"),
            "2026-03-04",
        ),
    ]
}

fn facts_round_trip_exactly_as_put(backend: Backend) {
    let mut doc = Doc::new(
        "Storm toll rises in Velmora",
        &[
            "Velmora police arrested 14 looters on Sunday, the Harbour Authority said.",
            "“We will rebuild the quay within a year,” Mayor Ilse Varga told reporters.",
            "About 2,500 people were evacuated and at least 3 were killed, according to the coast guard.",
            "Repairs may cost up to 40 million euros.",
        ],
    )
    .published("2026-03-09")
    .naming(&[person("Ilse Varga").role("Mayor"), organisation("Harbour Authority")]);
    let mut arrest = doc.event("arrested", "173", Some("VELCOP"), None, Some("2026-03-08"));
    arrest.mode = Some("raid".into());
    arrest.place = Some("Velmora".into());
    arrest.confidence = 0.734_567_9;
    arrest.goldstein = -5.0;
    arrest.target = Some(Actor {
        code: None,
        country: None,
        sector: None,
        text: "14 looters".into(),
        entity: None,
    });
    if let Some(source) = arrest.source.as_mut() {
        source.entity = Some(1);
    }
    let undated = doc.event("rebuild", "030", Some("VELGOV"), None, None);
    let mut reported = quote(
        &doc,
        "Velmora police arrested 14 looters on Sunday",
        Some("the Harbour Authority"),
        Some(1),
    );
    reported.direct = false;
    let mut money = figure(
        &doc,
        "up to 40 million euros",
        "money",
        40e6,
        Qualifier::AtMost,
    );
    money.unit = Some("EUR".into());
    money.source = None;
    doc.facts = Facts {
        events: vec![arrest, undated],
        quotes: vec![
            reported,
            quote(
                &doc,
                "We will rebuild the quay within a year,",
                Some("Ilse Varga"),
                Some(0),
            ),
        ],
        figures: vec![
            figure(&doc, "14 looters", "arrested", 14.0, Qualifier::Exact),
            figure(
                &doc,
                "About 2,500 people",
                "evacuated",
                2500.0,
                Qualifier::Approximate,
            ),
            figure(&doc, "at least 3", "killed", 3.0, Qualifier::AtLeast),
            money,
        ],
    };
    let bare = Doc::new("Quiet day in Portavel", &["Nothing happened in Portavel."]);
    let store = store_with(backend, &[doc.clone(), bare.clone()]);

    assert_eq!(store.facts(doc.id()).unwrap().unwrap(), doc.facts);
    assert_eq!(store.facts(bare.id()).unwrap().unwrap(), Facts::default());
    let stranger = Doc::new("Never stored", &["No one put this."]);
    assert_eq!(store.facts(stranger.id()).unwrap(), None);
    // And after reopening.
    let mut store = store;
    store.reopen();
    assert_eq!(store.facts(doc.id()).unwrap().unwrap(), doc.facts);
    let stats = store.stats().unwrap();
    assert_eq!(
        (
            stats.events,
            stats.event_mentions,
            stats.quotes,
            stats.figures
        ),
        (2, 2, 2, 4)
    );
}

fn three_reports_of_one_call_from_two_sites_are_one_event(backend: Backend) {
    let docs = three_reports();
    let store = store_with(backend, &docs);
    let events = store.events(&everything(), 10).unwrap();
    assert_eq!(events.len(), 1, "{events:#?}");
    let call = &events[0];
    assert_eq!(
        (call.mentions, call.articles, call.sources),
        (3, 3, 2),
        "{call:#?}"
    );
    assert_eq!(call.cameo, "041");
    assert_eq!(call.root, "04");
    assert_eq!(call.plover, "CONSULT");
    assert_eq!(call.date, Some("2026-03-02".parse().unwrap()));
    assert_eq!(
        call.source.as_ref().and_then(|a| a.code.as_deref()),
        Some("VELGOV")
    );
    assert_eq!(
        call.target.as_ref().and_then(|a| a.code.as_deref()),
        Some("PTVGOV")
    );
    // Evidence: one sentence per article, newest article first at equal confidence.
    assert_eq!(call.evidence.len(), 3);
    assert_eq!(call.evidence[0].id, *docs[2].id());
    assert_eq!(
        call.evidence[0].sentence,
        "Portavel's mayor said she spoke by phone with Velmora's mayor on Monday."
    );
    for evidence in &call.evidence {
        assert_eq!(
            evidence.trigger.slice(&evidence.sentence),
            Some("spoke by phone")
        );
        assert_eq!(evidence.confidence, 0.8);
    }
    let stats = store.stats().unwrap();
    assert_eq!((stats.events, stats.event_mentions), (1, 3));
    // The summary serialises for the CLI and the server.
    let json = serde_json::to_value(&events).unwrap();
    assert_eq!(json[0]["sources"], 2);
    assert_eq!(json[0]["evidence"][0]["trigger"]["start"], 26);
}

fn another_day_another_code_or_no_day_stays_apart(backend: Backend) {
    let mut docs = three_reports();
    // The next day's call is another event.
    docs[1].facts.events[0].date = Some("2026-03-03".parse().unwrap());
    // A visit (042) on the same day is another event.
    docs[2].facts.events[0].cameo = "042".into();
    // Two undated reports of the same call, in two articles: never merged.
    let mut undated = vec![
        phone_call(
            "Undated one",
            "The mayors spoke by phone again.",
            None,
            "2026-03-05",
        ),
        phone_call(
            "Undated two",
            "They spoke by phone, aides said.",
            None,
            "2026-03-06",
        ),
    ];
    for doc in &mut undated {
        doc.facts.events[0].date = None;
    }
    docs.extend(undated);
    let store = store_with(backend, &docs);
    let events = store.events(&everything(), 10).unwrap();
    let summary: Vec<(Option<String>, &str, u64)> = events
        .iter()
        .map(|e| (e.date.map(|d| d.to_string()), e.cameo.as_str(), e.articles))
        .collect();
    assert_eq!(
        summary,
        [
            (Some("2026-03-03".to_string()), "041", 1),
            (Some("2026-03-02".to_string()), "041", 1),
            (Some("2026-03-02".to_string()), "042", 1),
            (None, "041", 1),
            (None, "041", 1),
        ]
    );
    // An article without a site is a source of its own.
    assert!(events.iter().all(|e| e.sources == 1));
}

fn one_article_repeating_an_event_is_one_article_with_two_mentions(backend: Backend) {
    let mut doc = phone_call(
        "The call, twice",
        "The mayors spoke by phone on Monday. Aides confirmed the call, adding that they talked by phone for an hour.",
        None,
        "2026-03-03",
    );
    let mut again = doc.event(
        "talked by phone",
        "041",
        Some("VELGOV"),
        Some("PTVGOV"),
        Some("2026-03-02"),
    );
    again.confidence = 0.95;
    again.place = Some("Velmora".into());
    doc.facts.events.push(again);
    // The same codes without a day merge within the article too.
    let first_undated = doc.event("spoke by phone", "043", Some("VELGOV"), None, None);
    let second_undated = doc.event("talked by phone", "043", Some("VELGOV"), None, None);
    doc.facts.events.extend([first_undated, second_undated]);
    let store = store_with(backend, &[doc]);
    let events = store.events(&everything(), 10).unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(
        (events[0].mentions, events[0].articles, events[0].sources),
        (2, 1, 1)
    );
    assert_eq!(
        (events[1].mentions, events[1].articles, events[1].date),
        (2, 1, None)
    );
    // The most confident report describes the event; its second sentence
    // comes after the first one of every other article (here: none).
    assert_eq!(events[0].place.as_deref(), Some("Velmora"));
    assert_eq!(events[0].evidence.len(), 2);
    assert_eq!(events[0].evidence[0].confidence, 0.95);
    assert!(events[0].evidence[0]
        .sentence
        .starts_with("Aides confirmed"));
    assert_eq!(
        events[0].evidence[0]
            .trigger
            .slice(&events[0].evidence[0].sentence),
        Some("talked by phone")
    );
}

fn a_week_of_events() -> Vec<Doc> {
    let mut strike = Doc::new(
        "Strikers accuse the harbour board",
        &["Dock workers accused the Portavel harbour board of lying about wages. Police in Velmora raided a union office."],
    )
    .published("2026-03-05");
    let accuse = strike.event(
        "accused",
        "112",
        Some("PTVLAB"),
        Some("PTVBUS"),
        Some("2026-03-05"),
    );
    let raid = strike.event(
        "raided",
        "190",
        Some("VELCOP"),
        Some("VELLAB"),
        Some("2026-03-04"),
    );
    strike.facts.events = vec![accuse, raid];
    let mut summit = Doc::new(
        "Mayors agree to meet",
        &["Velmora agreed to mediate between the Portavel harbour board and its workers."],
    )
    .published("2026-03-06");
    let agree = summit.event(
        "agreed to mediate",
        "039",
        Some("VELGOV"),
        Some("PTVBUS"),
        Some("2026-03-06"),
    );
    summit.facts.events = vec![agree];
    let mut docs = three_reports();
    docs.push(strike);
    docs.push(summit);
    docs
}

fn codes(events: &[tidings_store::StoredEvent]) -> Vec<&str> {
    events.iter().map(|e| e.cameo.as_str()).collect()
}

fn events_are_filtered_by_actor_prefix_on_either_side(backend: Backend) {
    let store = store_with(backend, &a_week_of_events());
    let all = store.events(&everything(), 10).unwrap();
    // Latest day first.
    assert_eq!(codes(&all), ["039", "112", "190", "041"]);
    let velmora = store.events(&filter(Some("VEL"), None), 10).unwrap();
    assert_eq!(codes(&velmora), ["039", "190", "041"]);
    // As target only: the call's target is PTVGOV.
    let portavel_government = store.events(&filter(Some("ptvgov"), None), 10).unwrap();
    assert_eq!(codes(&portavel_government), ["041"]);
    let business = store.events(&filter(Some("PTVBUS"), None), 10).unwrap();
    assert_eq!(codes(&business), ["039", "112"]);
    assert!(store
        .events(&filter(Some("ISR"), None), 10)
        .unwrap()
        .is_empty());
    // A blank actor filters nothing.
    assert_eq!(
        store.events(&filter(Some("  "), None), 10).unwrap().len(),
        4
    );
}

fn events_are_filtered_by_cameo_prefix_or_plover_name(backend: Backend) {
    let store = store_with(backend, &a_week_of_events());
    assert_eq!(
        codes(&store.events(&filter(None, Some("04")), 10).unwrap()),
        ["041"]
    );
    assert_eq!(
        codes(&store.events(&filter(None, Some("1")), 10).unwrap()),
        ["112", "190"]
    );
    assert_eq!(
        codes(&store.events(&filter(None, Some("0")), 10).unwrap()),
        ["039", "041"]
    );
    assert_eq!(
        codes(&store.events(&filter(None, Some("1121")), 10).unwrap()),
        Vec::<&str>::new()
    );
    assert_eq!(
        codes(&store.events(&filter(None, Some("CONSULT")), 10).unwrap()),
        ["041"]
    );
    assert_eq!(
        codes(&store.events(&filter(None, Some("accuse")), 10).unwrap()),
        ["112"]
    );
    assert!(store
        .events(&filter(None, Some("MOBILIZE")), 10)
        .unwrap()
        .is_empty());
    // Combined with an actor.
    let velmora_assaults = store
        .events(&filter(Some("VEL"), Some("ASSAULT")), 10)
        .unwrap();
    assert_eq!(codes(&velmora_assaults), ["190"]);
}

fn events_are_filtered_by_day_and_limited(backend: Backend) {
    let mut docs = a_week_of_events();
    let mut undated = Doc::new("Talks, some day", &["The boards consulted each other."]);
    let event = undated.event("consulted", "040", Some("PTVBUS"), Some("VELBUS"), None);
    undated.facts.events.push(event);
    docs.push(undated);
    let store = store_with(backend, &docs);
    assert_eq!(
        codes(&store.events(&everything(), 10).unwrap()),
        ["039", "112", "190", "041", "040"]
    );
    let day = |text: &str| Some(text.parse::<jiff::civil::Date>().unwrap());
    let since = EventFilter {
        since: day("2026-03-04"),
        ..EventFilter::default()
    };
    assert_eq!(
        codes(&store.events(&since, 10).unwrap()),
        ["039", "112", "190"]
    );
    let until = EventFilter {
        until: day("2026-03-04"),
        ..EventFilter::default()
    };
    assert_eq!(codes(&store.events(&until, 10).unwrap()), ["190", "041"]);
    let one_day = EventFilter {
        since: day("2026-03-05"),
        until: day("2026-03-05"),
        ..EventFilter::default()
    };
    assert_eq!(codes(&store.events(&one_day, 10).unwrap()), ["112"]);
    assert_eq!(
        codes(&store.events(&everything(), 2).unwrap()),
        ["039", "112"]
    );
    assert!(store.events(&everything(), 0).unwrap().is_empty());
}

fn quotes_are_found_by_speaker_name_or_alias(backend: Backend) {
    let mut first = Doc::new(
        "Varga promises a new quay",
        &["“The quay will be rebuilt,” Mayor Ilse Varga said on Tuesday."],
    )
    .published("2026-03-10")
    .naming(&[person("Ilse Varga").role("Mayor")]);
    let promise = quote(
        &first,
        "The quay will be rebuilt,",
        Some("Ilse Varga"),
        Some(0),
    );
    first.facts.quotes.push(promise);
    let mut second = Doc::new(
        "Varga again",
        &["“No ferry leaves before the inspection,” Varga told reporters. The Harbour Authority said the inspection would take a week."],
    )
    .published("2026-03-11")
    .naming(&[person("Ilse Varga").alias("Varga")]);
    // The extract stage named the speaker by the words used.
    let inspection = quote(
        &second,
        "No ferry leaves before the inspection,",
        Some("Varga"),
        Some(0),
    );
    let mut authority = quote(
        &second,
        "the inspection would take a week",
        Some("The Harbour Authority"),
        None,
    );
    authority.direct = false;
    second.facts.quotes = vec![inspection, authority];
    let store = store_with(backend, &[first.clone(), second.clone()]);

    let texts = |speaker: Option<&str>| -> Vec<String> {
        store
            .quotes(speaker, 10)
            .unwrap()
            .into_iter()
            .map(|q| q.text)
            .collect()
    };
    let by_varga = [
        "No ferry leaves before the inspection,".to_string(),
        "The quay will be rebuilt,".to_string(),
    ];
    // By the full name (the second quote through its entity link), by the
    // alias (the first through the store entity's aliases), case ignored.
    assert_eq!(texts(Some("Ilse Varga")), by_varga);
    assert_eq!(texts(Some("varga")), by_varga);
    assert_eq!(texts(Some("  ILSE   varga ")), by_varga);
    // Without an entity: the speaker's own name, a leading "the" dropped.
    assert_eq!(
        texts(Some("harbour authority")),
        ["the inspection would take a week"]
    );
    assert_eq!(
        texts(Some("The Harbour Authority")),
        ["the inspection would take a week"]
    );
    assert!(texts(Some("Anna Berg")).is_empty());
    // All quotes, newest article first, then text order; a blank speaker is all.
    assert_eq!(texts(None).len(), 3);
    assert_eq!(texts(None), texts(Some(" ")));
    let all = store.quotes(None, 10).unwrap();
    assert_eq!(all[0].id, *second.id());
    assert_eq!(all[0].speaker.as_deref(), Some("Varga"));
    assert!(all[0].direct);
    assert!(!all[1].direct);
    assert_eq!(all[2].title, first.article.title);
    assert_eq!(all[2].cue, "said");
    assert_eq!(store.quotes(None, 1).unwrap().len(), 1);
}

fn figures_are_found_by_kind_with_their_sentence(backend: Backend) {
    let mut older = Doc::new(
        "Storm toll",
        &["At least 3 people were killed in Velmora. Police arrested 14 looters overnight."],
    )
    .published("2026-03-08")
    .naming(&[]);
    older.facts.figures = vec![
        figure(
            &older,
            "At least 3 people",
            "killed",
            3.0,
            Qualifier::AtLeast,
        ),
        figure(&older, "14 looters", "arrested", 14.0, Qualifier::Exact),
    ];
    let mut newer = Doc::new(
        "Storm toll rises",
        &["More than 20 people were killed, the Harbour Authority said."],
    )
    .published("2026-03-09")
    .naming(&[]);
    newer.facts.figures = vec![figure(
        &newer,
        "More than 20 people",
        "killed",
        20.0,
        Qualifier::AtLeast,
    )];
    // Without annotations the figure's own words stand in for the sentence.
    let mut bare = Doc::new("Arrests", &["Officers detained 9 sailors."]);
    bare.facts.figures = vec![figure(
        &bare,
        "9 sailors",
        "detained",
        9.0,
        Qualifier::Exact,
    )];
    let store = store_with(backend, &[older.clone(), newer.clone(), bare]);

    let killed = store.figures(Some("killed"), 10).unwrap();
    assert_eq!(killed.len(), 2);
    assert_eq!(killed[0].id, *newer.id());
    assert_eq!(killed[0].value, 20.0);
    assert_eq!(killed[0].qualifier, Qualifier::AtLeast);
    assert_eq!(killed[0].source.as_deref(), Some("the Harbour Authority"));
    assert_eq!(
        killed[0].sentence,
        "More than 20 people were killed, the Harbour Authority said."
    );
    assert_eq!(
        killed[1].sentence,
        "At least 3 people were killed in Velmora."
    );
    assert_eq!(killed[1].counts, "people");
    assert_eq!(store.figures(Some("KILLED"), 10).unwrap(), killed);
    let arrested = store.figures(Some("arrested"), 10).unwrap();
    assert_eq!(
        arrested[0].sentence,
        "Police arrested 14 looters overnight."
    );
    assert_eq!(
        store.figures(Some("detained"), 10).unwrap()[0].sentence,
        "9 sailors"
    );
    assert!(store.figures(Some("displaced"), 10).unwrap().is_empty());
    assert_eq!(store.figures(None, 10).unwrap().len(), 4);
    assert_eq!(store.figures(None, 2).unwrap().len(), 2);
    let json = serde_json::to_value(&killed[0]).unwrap();
    assert_eq!(json["qualifier"], "at-least");
}

fn replacing_articles_keeps_event_counts_right(backend: Backend) {
    let docs = three_reports();
    let mut store = store_with(backend, &docs);
    let call_id = store.events(&everything(), 10).unwrap()[0].id;

    // Reprocessing the same article changes nothing.
    store.replace_articles(&[docs[0].put()]).unwrap();
    let call = &store.events(&everything(), 10).unwrap()[0];
    assert_eq!(
        (call.id, call.mentions, call.articles, call.sources),
        (call_id, 3, 3, 2)
    );

    // The third article now dates the call a day later: it leaves the merged
    // event (and with it the only other site) for an event of its own.
    let mut redated = docs[2].clone();
    redated.facts.events[0].date = Some("2026-03-03".parse().unwrap());
    store.replace_articles(&[redated.put()]).unwrap();
    let events = store.events(&everything(), 10).unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!((events[0].articles, events[0].sources), (1, 1));
    assert_eq!(events[1].id, call_id);
    assert_eq!(
        (events[1].mentions, events[1].articles, events[1].sources),
        (2, 2, 1)
    );
    assert_eq!(store.facts(redated.id()).unwrap().unwrap(), redated.facts);

    // The second article moves to another site: the call has two sources again.
    let mut moved = docs[1].clone();
    moved.article.site = Some("Strait Radio".into());
    store.replace_articles(&[moved.put()]).unwrap();
    let call = store.events(&filter(None, None), 10).unwrap()[1].clone();
    assert_eq!(
        (call.id, call.mentions, call.articles, call.sources),
        (call_id, 2, 2, 2)
    );

    // Without facts, both remaining reports go, and so does the event.
    let mut silent = docs[0].clone();
    silent.facts = Facts::default();
    let mut silent_too = moved.clone();
    silent_too.facts = Facts::default();
    store
        .replace_articles(&[silent.put(), silent_too.put()])
        .unwrap();
    let events = store.events(&everything(), 10).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].date, Some("2026-03-03".parse().unwrap()));
    let stats = store.stats().unwrap();
    assert_eq!((stats.events, stats.event_mentions), (1, 1));

    // Reported again, it comes back as a new event with a new id.
    store.replace_articles(&[docs[0].put()]).unwrap();
    let back = store.events(&filter(None, Some("041")), 10).unwrap();
    let back: Vec<_> = back
        .iter()
        .filter(|e| e.date == Some("2026-03-02".parse().unwrap()))
        .collect();
    assert_eq!(back.len(), 1);
    assert_ne!(back[0].id, call_id);
    assert_eq!(
        (back[0].mentions, back[0].articles, back[0].sources),
        (1, 1, 1)
    );
    store.check_integrity().unwrap();
}

fn replacing_an_article_swaps_its_quotes_and_figures(backend: Backend) {
    let mut doc = Doc::new(
        "Ferry fares",
        &["“Fares stay the same,” the Harbour Authority said. Some 900 passengers sailed."],
    )
    .published("2026-03-12");
    let fares = quote(
        &doc,
        "Fares stay the same,",
        Some("Harbour Authority"),
        None,
    );
    let passengers = figure(
        &doc,
        "Some 900 passengers",
        "other",
        900.0,
        Qualifier::Approximate,
    );
    doc.facts.quotes.push(fares);
    doc.facts.figures.push(passengers);
    let mut store = store_with(backend, std::slice::from_ref(&doc));
    assert_eq!(
        store.quotes(Some("Harbour Authority"), 10).unwrap().len(),
        1
    );

    let mut replaced = doc.clone();
    replaced.facts.quotes.clear();
    replaced.facts.figures[0].kind = "passengers".into();
    store.replace_articles(&[replaced.put()]).unwrap();
    assert!(store.quotes(None, 10).unwrap().is_empty());
    assert!(store.figures(Some("other"), 10).unwrap().is_empty());
    assert_eq!(store.figures(Some("passengers"), 10).unwrap().len(), 1);
    let stats = store.stats().unwrap();
    assert_eq!((stats.quotes, stats.figures), (0, 1));
    assert_eq!(store.facts(doc.id()).unwrap().unwrap(), replaced.facts);
}

fn facts_that_do_not_fit_their_article_store_nothing(backend: Backend) {
    let good = three_reports().remove(0);
    let base = three_reports().remove(1);
    let text_len = base.article.text.len();
    let mut cases: Vec<(Doc, &str)> = Vec::new();

    let mut outside = base.clone();
    outside.facts.events[0].span = Span::new(0, text_len + 5);
    cases.push((outside, "outside the text"));
    let mut loose_trigger = base.clone();
    loose_trigger.facts.events[0].trigger = Span::new(0, 2);
    loose_trigger.facts.events[0].span = Span::new(3, 20);
    cases.push((loose_trigger, "not inside its sentence"));
    let mut unsure = base.clone();
    unsure.facts.events[0].confidence = f32::NAN;
    cases.push((unsure, "must be finite"));
    let mut no_code = base.clone();
    no_code.facts.events[0].cameo = String::new();
    cases.push((no_code, "no CAMEO code"));
    let mut endless = base.clone();
    endless.facts.figures.push(figure(
        &base,
        "an hour",
        "other",
        f64::INFINITY,
        Qualifier::Exact,
    ));
    cases.push((endless, "must be finite"));
    let mut stray_quote = base.clone();
    stray_quote.facts.quotes.push(Quote {
        span: Span::new(text_len, text_len + 1),
        text: "?".into(),
        speaker: None,
        speaker_entity: None,
        cue: "said".into(),
        direct: true,
        sentence: 0,
    });
    cases.push((stray_quote, "quote 0"));

    for (bad, expected) in &cases {
        let mut store = backend.fresh();
        let err = store.put_batch(&[good.put(), bad.put()]).unwrap_err();
        assert!(matches!(err, Error::BadFacts { .. }), "{err}");
        let message = err.to_string();
        assert!(message.contains(expected), "{message}");
        assert!(
            message.starts_with("cannot store facts of document"),
            "{message}"
        );
        assert_eq!(store.stats().unwrap().documents, 0);
        assert_eq!(store.stats().unwrap().events, 0);
        // Replacing is refused the same way and changes nothing.
        store.put_batch(&[good.put(), base.put()]).unwrap();
        let before = store.events(&everything(), 10).unwrap();
        let err = store.replace_articles(&[bad.put()]).unwrap_err();
        assert!(matches!(err, Error::BadFacts { .. }), "{err}");
        assert_eq!(store.events(&everything(), 10).unwrap(), before);
        assert_eq!(store.facts(base.id()).unwrap().unwrap(), base.facts);
    }
}

#[test]
fn a_store_from_before_facts_is_upgraded_and_takes_facts() {
    let dir = tempfile::tempdir().unwrap();
    let docs = three_reports();
    {
        let mut store = SqliteStore::open(dir.path()).unwrap();
        let plain: Vec<Doc> = docs
            .iter()
            .map(|doc| Doc {
                facts: Facts::default(),
                ..doc.clone()
            })
            .collect();
        let batch: Vec<Put<'_>> = plain.iter().map(Doc::put).collect();
        store.put_batch(&batch).unwrap();
    }
    // Make it look like a version 2 store: no fact or story tables, version 2.
    {
        let conn = rusqlite::Connection::open(dir.path().join("tidings.db")).unwrap();
        conn.execute_batch(
            "DROP TABLE event_mentions; DROP TABLE events; DROP TABLE quotes; \
             DROP TABLE figures; DROP TABLE placements; DROP TABLE stories; \
             DROP TABLE dedup_state; PRAGMA user_version = 2;",
        )
        .unwrap();
    }
    let mut store = SqliteStore::open_existing(dir.path()).unwrap();
    assert_eq!(store.stats().unwrap().articles, 3);
    assert_eq!(
        store.facts(docs[0].id()).unwrap().unwrap(),
        Facts::default()
    );
    let batch: Vec<Put<'_>> = docs.iter().map(Doc::put).collect();
    store.replace_articles(&batch).unwrap();
    let events = store.events(&everything(), 10).unwrap();
    assert_eq!(
        (events[0].mentions, events[0].articles, events[0].sources),
        (3, 3, 2)
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Whatever spans, numbers and codes the extract stage hands over, the
    /// store either refuses them with `BadFacts` or gives them back exactly.
    #[test]
    fn any_facts_are_refused_cleanly_or_round_trip(
        spans in proptest::collection::vec((0usize..64, 8usize..24, 0usize..10, 0usize..10), 0..4),
        codes in proptest::collection::vec(proptest::option::of("[A-Z]{0,6}"), 0..4),
        confidence in prop_oneof![1 => Just(f32::NAN), 9 => 0.0f32..1.0],
        value in prop_oneof![1 => Just(f64::INFINITY), 9 => -1e9f64..1e9],
        speaker in proptest::option::of("\\PC{0,12}"),
    ) {
        let mut doc = Doc::new(
            "Kücük café reopens",
            &["The Kücük café on Quay Street reopened, its owner said. Some 40 guests came."],
        );
        let template = doc.event("reopened", "030", Some("PTVBUS"), None, Some("2026-03-01"));
        // Mostly a trigger inside its span; sometimes not, or off the text,
        // or off a character boundary (the text has a "ü").
        for (i, &(start, len, offset, trigger_len)) in spans.iter().enumerate() {
            let (a, b) = (start, start + len);
            let (c, d) = (start + offset, start + offset + trigger_len);
            let mut event = template.clone();
            event.span = Span::new(a, b);
            event.trigger = Span::new(c, d);
            event.confidence = confidence;
            if let Some(actor) = event.source.as_mut() {
                actor.code = codes.get(i).cloned().flatten();
            }
            doc.facts.events.push(event);
            doc.facts.quotes.push(Quote {
                span: Span::new(a, b),
                text: "reopened".into(),
                speaker: speaker.clone(),
                speaker_entity: Some(i),
                cue: "said".into(),
                direct: i % 2 == 0,
                sentence: i,
            });
            doc.facts.figures.push(Figure {
                kind: "other".into(),
                value,
                high: (i % 2 == 0).then_some(value + 1.0),
                words: (i % 2 == 0).then(|| "Dozens".to_string()),
                qualifier: Qualifier::Range,
                counts: "guests".into(),
                unit: None,
                source: speaker.clone(),
                source_entity: None,
                sentence: 1,
                span: Span::new(c, d),
            });
        }
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(dir.path()).unwrap();
        match store.put_batch(&[doc.put()]) {
            Ok(_) => {
                println!("stored {} events", doc.facts.events.len());
                prop_assert_eq!(store.facts(doc.id()).unwrap().unwrap(), doc.facts.clone());
                let stats = store.stats().unwrap();
                prop_assert_eq!(stats.event_mentions, doc.facts.events.len() as u64);
                let events = store.events(&EventFilter::default(), 100).unwrap();
                let mentions: u64 = events.iter().map(|e| e.mentions).sum();
                prop_assert_eq!(mentions, doc.facts.events.len() as u64);
                if speaker.as_deref().is_some_and(|s| !s.trim().is_empty()) {
                    let said = store.quotes(speaker.as_deref(), 100).unwrap();
                    prop_assert_eq!(said.len(), doc.facts.quotes.len());
                }
                prop_assert_eq!(store.figures(None, 100).unwrap().len(), doc.facts.figures.len());
            }
            Err(Error::BadFacts { .. }) => {
                prop_assert_eq!(store.stats().unwrap().documents, 0);
            }
            Err(err) => prop_assert!(false, "unexpected error: {}", err),
        }
    }
}
