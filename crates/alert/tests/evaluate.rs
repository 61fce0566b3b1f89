//! Rules against a real store: articles run through the pipeline into a
//! SQLite store in a temporary directory, then evaluated as `tidings watch`
//! does after a poll. A story fires once, when enough sites match; a rule's
//! quiet period holds a later match; nothing fires twice.

use tidings_alert::evaluate::evaluate;
use tidings_alert::{AlertLog, Rules};
use tidings_engine::ingest::ingest_records;
use tidings_engine::Pipeline;
use tidings_ingest::IngestConfig;
use tidings_model::Origin;
use tidings_store::SqliteStore;

fn page(site: &str, url: &str, title: &str, day: &str, paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>")).collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>{title}</title>\
         <meta property=\"og:site_name\" content=\"{site}\">\
         <meta property=\"article:published_time\" content=\"{day}T08:00:00Z\">\
         <link rel=\"canonical\" href=\"{url}\"></head>\
         <body><article><h1>{title}</h1>{body}</article></body></html>"
    )
    .into_bytes()
}

const QUAY: [&str; 3] = [
    "The harbour master of Velmora, Ilse Varga, closed the north quay on Tuesday after divers found cracks in its foundations.",
    "Ferries to Kerra will leave from the south quay until repairs are finished, Ilse Varga told reporters at the harbour office.",
    "Engineers from the Harbour Authority said the repairs could take six weeks and cost about two million euros.",
];

fn store_one(pipeline: &Pipeline, store: &mut SqliteStore, bytes: Vec<u8>) -> String {
    let origin = Origin {
        path: Some("test.html".into()),
        ..Origin::default()
    };
    let records = tidings_ingest::read_bytes(bytes, origin, &IngestConfig::default());
    let report = ingest_records(pipeline, store, records).unwrap();
    assert_eq!(report.new.len(), 1, "{report:?}");
    report.new[0].clone()
}

#[test]
fn a_story_fires_once_when_enough_sources_match_and_quiet_periods_hold() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    let pipeline = Pipeline::new().unwrap();
    let rules = Rules::parse(
        "[[rule]]\nname = \"two-sources\"\nentity = \"Ilse Varga\"\nmin_sources = 2\n\n\
         [[rule]]\nname = \"quiet\"\nentity = \"ilse  varga\"\nquiet = \"1h\"\n\n\
         [[rule]]\nname = \"elsewhere\"\nentity = \"Ilse Varga\"\nplace = \"Dunmere\"\n",
    )
    .unwrap();
    let mut log = AlertLog::open(dir.path()).unwrap();
    let t0: jiff::Timestamp = "2026-05-12T09:00:00Z".parse().unwrap();
    let minutes = |m: i64| t0 + jiff::SignedDuration::from_mins(m);

    // One site: the quiet rule fires, the two-source rule waits.
    let a = store_one(
        &pipeline,
        &mut store,
        page(
            "Velmora Courier",
            "https://courier.example/quay",
            "Velmora closes north quay after cracks found",
            "2026-05-12",
            &QUAY,
        ),
    );
    let first = evaluate(&store, &rules, std::slice::from_ref(&a), &log, t0).unwrap();
    assert_eq!(first.len(), 1, "{first:#?}");
    assert_eq!(first[0].rule, "quiet");
    assert!(!first[0].held);
    assert_eq!(first[0].articles, std::slice::from_ref(&a));
    let evidence = &first[0].evidence[0];
    assert!(evidence.sentence.contains("Ilse Varga"), "{evidence:?}");
    assert_eq!(evidence.matched, "entity ilse varga");
    assert_eq!(
        evidence.url.as_deref(),
        Some("https://courier.example/quay")
    );
    for alert in &first {
        log.append(alert).unwrap();
    }

    // A second site in the same story: the two-source rule fires with both
    // articles; the quiet rule's story already fired.
    let b = store_one(
        &pipeline,
        &mut store,
        page(
            "Coastal Herald",
            "https://herald.example/velmora-quay",
            "Cracks close Velmora's north quay",
            "2026-05-12",
            &QUAY,
        ),
    );
    let second = evaluate(&store, &rules, std::slice::from_ref(&b), &log, minutes(1)).unwrap();
    assert_eq!(second.len(), 1, "{second:#?}");
    assert_eq!(second[0].rule, "two-sources");
    assert_eq!(second[0].sources, 2);
    assert_eq!(second[0].story, first[0].story);
    let mut both = second[0].articles.clone();
    both.sort();
    let mut expected = vec![a.clone(), b.clone()];
    expected.sort();
    assert_eq!(both, expected);
    for alert in &second {
        log.append(alert).unwrap();
    }

    // Another story within the hour: the quiet rule's alert is held; the
    // place rule fires on its own (Dunmere is named only here).
    let c = store_one(
        &pipeline,
        &mut store,
        page(
            "Dunmere Post",
            "https://post.example/museum",
            "Maritime museum opens in Dunmere",
            "2026-09-20",
            &[
                "A maritime museum opened in Dunmere on Saturday in the old customs house on Market Square.",
                "Ilse Varga, who lent the museum her collection of ship models, cut the ribbon before a crowd of four hundred.",
                "Tickets cost six euros, and schoolchildren will be let in free until the summer holidays.",
            ],
        ),
    );
    let third = evaluate(&store, &rules, std::slice::from_ref(&c), &log, minutes(10)).unwrap();
    let by_rule = |rule: &str| third.iter().find(|alert| alert.rule == rule);
    assert!(by_rule("two-sources").is_none(), "{third:#?}");
    assert!(
        by_rule("quiet").is_some_and(|alert| alert.held),
        "{third:#?}"
    );
    assert!(
        by_rule("elsewhere").is_some_and(|alert| !alert.held),
        "{third:#?}"
    );
    assert_ne!(by_rule("quiet").unwrap().story, first[0].story);
    for alert in &third {
        log.append(alert).unwrap();
    }

    // Nothing fires twice, whatever is evaluated again.
    let again = evaluate(&store, &rules, &[a, b, c], &log, minutes(200)).unwrap();
    assert!(again.is_empty(), "{again:#?}");
}
