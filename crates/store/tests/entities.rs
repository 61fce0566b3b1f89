//! Annotations in the store and store-wide entity resolution, on invented news.

mod common;

use common::{organisation, person, place, Backend, Doc, TestStore};
use proptest::prelude::*;
use tidings_model::{Annotations, DateMention, DatePrecision, EntityKind, Mention, Sentence, Span};
use tidings_store::{EntitySummary, Error, Put, PutOutcome, SqliteStore, Store};

crate::on_both_backends! {
    annotations_round_trip_exactly_as_put,
    a_bare_surname_joins_the_one_person_it_is_an_alias_of,
    a_surname_two_people_share_joins_neither,
    different_countries_keep_namesakes_apart,
    a_full_name_after_its_bare_form_takes_over_the_canonical_name,
    organisations_and_places_of_one_name_and_country_merge_and_nothing_else_does,
    entity_finds_by_alias_with_sentences_companions_and_a_timeline,
    entities_rank_by_articles_then_mentions_then_name_and_filter_by_kind,
    replacing_articles_takes_back_what_the_old_version_gave,
    annotations_that_do_not_fit_the_text_store_nothing,
    the_same_puts_give_the_same_ids_and_rows,
    a_bare_surname_finds_the_person_no_document_named_by_it_alone,
}

fn store_with(backend: Backend, docs: &[Doc]) -> TestStore {
    let mut store = backend.fresh();
    let batch: Vec<Put<'_>> = docs.iter().map(Doc::put).collect();
    store.put_batch(&batch).unwrap();
    store
}

fn summary(store: &TestStore, name: &str) -> EntitySummary {
    store
        .entity(name, 0)
        .unwrap()
        .unwrap_or_else(|| panic!("no entity {name:?}"))
        .entity
}

/// Everything about the entities but their ids, for comparing two stores.
fn without_ids(entities: Vec<EntitySummary>) -> Vec<EntitySummary> {
    entities
        .into_iter()
        .map(|entity| EntitySummary { id: 0, ..entity })
        .collect()
}

fn summit_in_velmora() -> Doc {
    Doc::new(
        "Putin meets Velmora council",
        &[
            "Russian President Vladimir Putin arrived in Velmora on Friday. Putin was met by Councillor Ina Roskov.",
            "The Harbour Authority of Portavel sent a pilot boat.",
        ],
    )
    .published("2026-01-16")
    .naming(&[
        person("Vladimir Putin")
            .alias("Putin")
            .country("RUS")
            .role("President"),
        place("Velmora"),
        person("Ina Roskov").role("Councillor"),
        organisation("Harbour Authority of Portavel"),
    ])
}

fn putin_at_the_harbour() -> Doc {
    Doc::new(
        "Vladimir Putin tours Portavel harbour",
        &["Vladimir Putin toured the harbour of Portavel late Wednesday."],
    )
    .published("2026-01-14T21:30:00Z")
    .naming(&[person("Vladimir Putin").country("RUS"), place("Portavel")])
}

fn putin_alone() -> Doc {
    Doc::new(
        "Ferry named after a visitor",
        &["The new Velmora ferry will not be named after Putin, the council said."],
    )
    .naming(&[person("Putin"), place("Velmora")])
}

fn annotations_round_trip_exactly_as_put(backend: Backend) {
    let mut doc = summit_in_velmora();
    doc.annotations.dates = vec![
        DateMention {
            span: Span::new(55, 64),
            text: "on Friday".into(),
            date: Some("2026-01-16".parse().unwrap()),
            precision: DatePrecision::Day,
        },
        DateMention {
            span: Span::new(0, 7),
            text: "Russian".into(),
            date: None,
            precision: DatePrecision::Month,
        },
    ];
    let bare = Doc::new("Quiet day in Velmora", &["Nothing happened."]);
    let store = store_with(backend, &[doc.clone(), bare.clone()]);

    let stored = store.annotations(doc.id()).unwrap().unwrap();
    assert_eq!(stored, doc.annotations);
    assert!(stored.sentences.len() >= 3);
    assert!(stored.sentences[0].tokens.len() > 5);
    assert_eq!(stored.mentions.len(), 5, "{:#?}", stored.mentions);
    assert_eq!(stored.entities[0].mentions, 2);

    assert_eq!(
        store.annotations(bare.id()).unwrap(),
        Some(Annotations::default())
    );
    let stranger = Doc::new("Never stored", &["Gull Point stays dark."]);
    assert_eq!(store.annotations(stranger.id()).unwrap(), None);

    let stats = store.stats().unwrap();
    assert_eq!(stats.mentions, 5);
    assert_eq!(stats.entities, 4);
}

fn a_bare_surname_joins_the_one_person_it_is_an_alias_of(backend: Backend) {
    let docs = [summit_in_velmora(), putin_at_the_harbour(), putin_alone()];
    let store = store_with(backend, &docs);

    let putin = summary(&store, "Vladimir Putin");
    assert_eq!(putin.articles, 3);
    assert_eq!(putin.mentions, 2 + 1 + 1);
    assert_eq!(putin.aliases, ["Putin"]);
    assert_eq!(putin.country.as_deref(), Some("RUS"));
    assert_eq!(putin.roles, ["President"]);

    let confidences: Vec<f64> = docs
        .iter()
        .map(|doc| store.entity_links(doc.id()).unwrap()[0].confidence)
        .collect();
    assert_eq!(confidences, [1.0, 1.0, 0.7]);
    let stores: Vec<i64> = docs
        .iter()
        .map(|doc| store.entity_links(doc.id()).unwrap()[0].store)
        .collect();
    assert_eq!(stores, [putin.id; 3]);

    // Velmora is one place in two articles.
    assert_eq!(summary(&store, "velmora").articles, 2);
    assert_eq!(store.stats().unwrap().entities, 5);
}

fn a_surname_two_people_share_joins_neither(backend: Backend) {
    let anna = Doc::new(
        "Anna Berg wins the regatta",
        &["Anna Berg sailed home first. Berg thanked her crew."],
    )
    .naming(&[person("Anna Berg").alias("Berg")]);
    let lotte = Doc::new(
        "Lotte Berg opens a bakery",
        &["Lotte Berg opened a bakery on Quay Street. Berg bakes rye."],
    )
    .naming(&[person("Lotte Berg").alias("Berg")]);
    let bare = Doc::new(
        "Berg speaks to the council",
        &["Berg asked the council for a bigger quay."],
    )
    .naming(&[person("Berg")]);
    let store = store_with(backend, &[anna, lotte, bare.clone()]);

    let people = store.entities(Some(EntityKind::Person), 10).unwrap();
    let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
    // One article each: more mentions first.
    assert_eq!(names, ["Anna Berg", "Lotte Berg", "Berg"]);
    assert!(people.iter().all(|p| p.articles == 1));
    // The bare name is its own entity, found by its own name first.
    let berg = summary(&store, "berg");
    assert_eq!(berg.name, "Berg");
    assert_eq!(store.entity_links(bare.id()).unwrap()[0].store, berg.id);
    assert_eq!(store.entity_links(bare.id()).unwrap()[0].confidence, 1.0);
}

fn different_countries_keep_namesakes_apart(backend: Backend) {
    let swedish = Doc::new(
        "Anna Berg of Sweden sets a record",
        &["Anna Berg swam the strait in four hours."],
    )
    .naming(&[person("Anna Berg").country("SWE")]);
    let swedish_again = Doc::new(
        "Record swimmer returns",
        &["Anna Berg came back to a crowd at the pier."],
    )
    .naming(&[person("Anna Berg").country("SWE")]);
    let norwegian = Doc::new(
        "Anna Berg of Norway named minister",
        &["Anna Berg will lead the fisheries ministry."],
    )
    .naming(&[person("Anna Berg").country("NOR")]);
    // A bare surname from Norway: an alias of the Swedish swimmer, but the
    // country contradicts it.
    let berg_norway = Doc::new(
        "Berg meets trawler crews",
        &["Berg met trawler crews in the north."],
    )
    .naming(&[person("Berg").country("NOR")]);
    let unknown = Doc::new("Anna Berg again", &["Anna Berg was seen at the harbour."])
        .naming(&[person("Anna Berg")]);
    let docs = [
        swedish,
        swedish_again,
        norwegian,
        berg_norway.clone(),
        unknown.clone(),
    ];
    let store = store_with(backend, &docs);

    let people = store.entities(Some(EntityKind::Person), 10).unwrap();
    let described: Vec<(String, Option<String>, u64)> = people
        .iter()
        .map(|p| (p.name.clone(), p.country.clone(), p.articles))
        .collect();
    assert_eq!(
        described,
        [
            ("Anna Berg".to_string(), Some("SWE".to_string()), 3),
            ("Anna Berg".to_string(), Some("NOR".to_string()), 1),
            ("Berg".to_string(), Some("NOR".to_string()), 1),
        ]
    );
    // Without a country, the namesake with most articles takes it, less surely.
    let link = store.entity_links(unknown.id()).unwrap()[0];
    assert_eq!(link.store, people[0].id);
    assert_eq!(link.confidence, 0.5);
    assert_eq!(
        store.entity_links(berg_norway.id()).unwrap()[0].store,
        people[2].id
    );
}

fn a_full_name_after_its_bare_form_takes_over_the_canonical_name(backend: Backend) {
    let short = Doc::new(
        "HRANA counts arrests",
        &["HRANA said 40 people were held in Velmora."],
    )
    .naming(&[organisation("HRANA")]);
    let long = Doc::new(
        "Rights group reports",
        &["The Human Rights Activists News Agency (HRANA) published its report."],
    )
    .naming(&[organisation("Human Rights Activists News Agency").alias("HRANA")]);
    let store = store_with(backend, &[short, long.clone()]);
    let orgs = store.entities(Some(EntityKind::Organisation), 10).unwrap();
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0].name, "Human Rights Activists News Agency");
    assert_eq!(orgs[0].aliases, ["HRANA"]);
    assert_eq!(orgs[0].articles, 2);
    assert_eq!(store.entity_links(long.id()).unwrap()[0].confidence, 0.7);
    assert_eq!(summary(&store, "hrana").id, orgs[0].id);
}

fn organisations_and_places_of_one_name_and_country_merge_and_nothing_else_does(backend: Backend) {
    let city = Doc::new("Snow in Moscow", &["Moscow had its first snow."])
        .naming(&[place("Moscow").country("RUS")]);
    let government = Doc::new("Moscow protests", &["Moscow protested the ruling."])
        .naming(&[organisation("Moscow").country("RUS")]);
    let elsewhere = Doc::new("Moscow, Idaho", &["Moscow voted on a new school."])
        .naming(&[organisation("Moscow").country("USA")]);
    let a_person = Doc::new("Jordan wins", &["Jordan won the race."]).naming(&[person("Jordan")]);
    let a_country =
        Doc::new("Jordan votes", &["Jordan held elections."]).naming(&[place("Jordan")]);
    let store = store_with(
        backend,
        &[city, government.clone(), elsewhere, a_person, a_country],
    );

    let moscow: Vec<EntitySummary> = store
        .entities(None, 10)
        .unwrap()
        .into_iter()
        .filter(|e| e.name == "Moscow")
        .collect();
    assert_eq!(moscow.len(), 2);
    assert_eq!(moscow[0].kind, EntityKind::Location);
    assert_eq!(moscow[0].articles, 2);
    assert_eq!(moscow[1].country.as_deref(), Some("USA"));
    assert_eq!(
        store.entity_links(government.id()).unwrap()[0].confidence,
        0.8
    );
    let jordans = store
        .entities(None, 10)
        .unwrap()
        .into_iter()
        .filter(|e| e.name == "Jordan")
        .count();
    assert_eq!(jordans, 2);
}

fn entity_finds_by_alias_with_sentences_companions_and_a_timeline(backend: Backend) {
    let docs = [summit_in_velmora(), putin_at_the_harbour(), putin_alone()];
    let store = store_with(backend, &docs);
    let detail = store.entity("  PUTIN ", 10).unwrap().unwrap();
    assert_eq!(detail.entity.name, "Vladimir Putin");

    // Newest article first, undated last; each mention in its sentence.
    let seen: Vec<(&str, &str, &str)> = detail
        .mentions
        .iter()
        .map(|hit| {
            let range = hit.range.start..hit.range.end;
            assert_eq!(&hit.sentence[range], hit.text);
            (hit.id.as_str(), hit.text.as_str(), hit.sentence.as_str())
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                docs[0].id().as_str(),
                "Vladimir Putin",
                "Russian President Vladimir Putin arrived in Velmora on Friday."
            ),
            (
                docs[0].id().as_str(),
                "Putin",
                "Putin was met by Councillor Ina Roskov."
            ),
            (
                docs[1].id().as_str(),
                "Vladimir Putin",
                "Vladimir Putin toured the harbour of Portavel late Wednesday."
            ),
            (
                docs[2].id().as_str(),
                "Putin",
                "The new Velmora ferry will not be named after Putin, the council said."
            ),
        ]
    );
    assert_eq!(detail.mentions[1].range, Span::new(0, 5));
    assert_eq!(
        detail.mentions[0].title.as_deref(),
        Some("Putin meets Velmora council")
    );
    assert_eq!(store.entity("putin", 2).unwrap().unwrap().mentions.len(), 2);

    let companions: Vec<(&str, u64)> = detail
        .co_occurring
        .iter()
        .map(|co| (co.name.as_str(), co.articles))
        .collect();
    assert_eq!(
        companions,
        [
            ("Velmora", 2),
            ("Harbour Authority of Portavel", 1),
            ("Ina Roskov", 1),
            ("Portavel", 1)
        ]
    );
    let timeline: Vec<(String, u64)> = detail
        .timeline
        .iter()
        .map(|(day, n)| (day.to_string(), *n))
        .collect();
    assert_eq!(
        timeline,
        [("2026-01-14".to_string(), 1), ("2026-01-16".to_string(), 2)]
    );
    assert_eq!(detail.undated, 1);
    let json = serde_json::to_value(&detail).unwrap();
    assert_eq!(json["timeline"][0][0], "2026-01-14");
    assert_eq!(json["entity"]["kind"], "person");

    assert!(store.entity("Gull Point", 10).unwrap().is_none());
    assert!(store.entity("   ", 10).unwrap().is_none());
}

fn entities_rank_by_articles_then_mentions_then_name_and_filter_by_kind(backend: Backend) {
    let docs = [summit_in_velmora(), putin_at_the_harbour(), putin_alone()];
    let store = store_with(backend, &docs);
    let ranked: Vec<(String, u64, u64)> = store
        .entities(None, 100)
        .unwrap()
        .into_iter()
        .map(|e| (e.name, e.articles, e.mentions))
        .collect();
    assert_eq!(
        ranked,
        [
            ("Vladimir Putin".to_string(), 3, 4),
            ("Velmora".to_string(), 2, 2),
            ("Harbour Authority of Portavel".to_string(), 1, 1),
            ("Ina Roskov".to_string(), 1, 1),
            ("Portavel".to_string(), 1, 1),
        ]
    );
    assert_eq!(store.entities(None, 2).unwrap().len(), 2);
    let places: Vec<String> = store
        .entities(Some(EntityKind::Location), 10)
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(places, ["Velmora", "Portavel"]);
    assert!(store
        .entities(Some(EntityKind::Other), 10)
        .unwrap()
        .is_empty());
}

fn replacing_articles_takes_back_what_the_old_version_gave(backend: Backend) {
    let docs = [summit_in_velmora(), putin_at_the_harbour(), putin_alone()];
    let mut store = store_with(backend, &docs);
    let velmora_id = summary(&store, "Velmora").id;

    // The third article now names the councillor, not Putin.
    let mut rewritten = docs[2].clone();
    rewritten.article.text = "Councillor Ina Roskov named the new Velmora ferry.".into();
    rewritten.article.paragraphs = vec![Span::new(0, rewritten.article.text.len())];
    let rewritten = Doc {
        annotations: common::annotate(
            &rewritten.article.text,
            &[person("Ina Roskov").role("Councillor"), place("Velmora")],
        ),
        ..rewritten
    };
    // The second article loses its only mention of Portavel.
    let mut quiet = docs[1].clone();
    quiet.annotations = common::annotate(
        &quiet.article.text,
        &[person("Vladimir Putin").country("RUS")],
    );
    store
        .replace_articles(&[rewritten.put(), quiet.put()])
        .unwrap();

    let putin = summary(&store, "Vladimir Putin");
    assert_eq!((putin.articles, putin.mentions), (2, 3));
    assert_eq!(summary(&store, "Ina Roskov").articles, 2);
    let velmora = summary(&store, "Velmora");
    assert_eq!((velmora.id, velmora.articles), (velmora_id, 2));
    assert!(
        store.entity("Portavel", 10).unwrap().is_none(),
        "no article names it now"
    );
    assert_eq!(
        store.annotations(rewritten.id()).unwrap().unwrap(),
        rewritten.annotations
    );

    // The same as storing the final versions from scratch.
    let fresh = store_with(
        backend,
        &[docs[0].clone(), quiet.clone(), rewritten.clone()],
    );
    assert_eq!(
        without_ids(store.entities(None, 100).unwrap()),
        without_ids(fresh.entities(None, 100).unwrap())
    );
    assert_eq!(
        store.stats().unwrap().entities,
        fresh.stats().unwrap().entities
    );
    assert_eq!(
        store.stats().unwrap().mentions,
        fresh.stats().unwrap().mentions
    );

    // Replacing with no annotations takes everything back.
    let plain: Vec<Doc> = docs
        .iter()
        .map(|doc| Doc {
            annotations: Annotations::default(),
            ..doc.clone()
        })
        .collect();
    let puts: Vec<Put<'_>> = plain.iter().map(Doc::put).collect();
    store.replace_articles(&puts).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!((stats.entities, stats.mentions), (0, 0));
    store.check_integrity().unwrap();
}

fn annotations_that_do_not_fit_the_text_store_nothing(backend: Backend) {
    let good = summit_in_velmora();
    let mut outside = putin_at_the_harbour();
    outside.annotations.mentions[0].span = Span::new(5, 5000);
    let mut no_entity = putin_alone();
    no_entity.annotations.mentions[0].entity = 9;
    let mut mid_char = Doc::new("Kücük café", &["Kücük café opens."]);
    mid_char.annotations.sentences = vec![Sentence {
        span: Span::new(0, 2),
        tokens: vec![],
    }];
    for bad in [&outside, &no_entity, &mid_char] {
        let mut store = backend.fresh();
        let err = store.put_batch(&[good.put(), bad.put()]).unwrap_err();
        assert!(matches!(err, Error::BadAnnotations { .. }), "{err}");
        assert!(err.to_string().contains(bad.id().as_str()), "{err}");
        assert_eq!(store.stats().unwrap().articles, 0);
        assert_eq!(store.stats().unwrap().entities, 0);
    }
}

fn the_same_puts_give_the_same_ids_and_rows(backend: Backend) {
    let docs = [summit_in_velmora(), putin_alone(), putin_at_the_harbour()];
    let first = store_with(backend, &docs);
    let second = store_with(backend, &docs);
    assert_eq!(
        first.entities(None, 100).unwrap(),
        second.entities(None, 100).unwrap()
    );
    for doc in &docs {
        assert_eq!(
            first.entity_links(doc.id()).unwrap(),
            second.entity_links(doc.id()).unwrap()
        );
    }
    // Putting again changes nothing.
    let mut again = first;
    let outcomes = again
        .put_batch(&docs.iter().map(Doc::put).collect::<Vec<_>>())
        .unwrap();
    assert!(outcomes.iter().all(|o| *o == PutOutcome::AlreadyPresent));
    assert_eq!(summary(&again, "Putin").articles, 3);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Whatever spans a buggy tagger hands over, the store either keeps them
    /// exactly or refuses them with a clear error; it never panics.
    #[test]
    fn any_annotations_round_trip_or_are_refused(
        spans in proptest::collection::vec((0usize..80, 0usize..20), 1..6),
        sentence in 0usize..3,
        entity in 0usize..3,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(dir.path()).unwrap();
        let mut doc = Doc::new("Gull Point light", &["The keeper of Gull Point lit the lamp at dusk in Velmora."]);
        doc.annotations = common::annotate(&doc.article.text, &[place("Gull Point"), place("Velmora")]);
        for (i, &(start, len)) in spans.iter().enumerate() {
            let span = Span::new(start, start + len);
            doc.annotations.mentions.push(Mention {
                span,
                text: format!("m{i}"),
                kind: EntityKind::Other,
                sentence,
                entity,
            });
            doc.annotations.dates.push(DateMention {
                span,
                text: "at dusk".into(),
                date: None,
                precision: DatePrecision::Year,
            });
        }
        match store.put_batch(&[doc.put()]) {
            Ok(_) => prop_assert_eq!(store.annotations(doc.id()).unwrap().unwrap(), doc.annotations),
            Err(Error::BadAnnotations { .. }) => prop_assert_eq!(store.stats().unwrap().articles, 0),
            Err(err) => prop_assert!(false, "unexpected error {}", err),
        }
    }
}

fn a_bare_surname_finds_the_person_no_document_named_by_it_alone(backend: Backend) {
    let ilves = Doc::new(
        "Union chair rejects the offer",
        &["Marta Ilves rejected the offer of the Harbour Authority."],
    )
    .naming(&[person("Marta Ilves")]);
    let quay = Doc::new(
        "A quay named after a skipper",
        &["The council named the new quay after Hanna Quay_Ilves%."],
    )
    .naming(&[person("Hanna Quay_Ilves%")]);
    let store = store_with(backend, &[ilves, quay]);
    let found = store.entity("ILVES", 5).unwrap().expect("found by surname");
    assert_eq!(found.entity.name, "Marta Ilves");
    // LIKE wildcards in the query are literal characters.
    let found = store
        .entity("quay_ilves%", 5)
        .unwrap()
        .expect("found by surname");
    assert_eq!(found.entity.name, "Hanna Quay_Ilves%");
    assert!(
        store.entity("Ilv", 5).unwrap().is_none(),
        "a surname, not a prefix"
    );
    assert!(store.entity("%", 5).unwrap().is_none());
}
