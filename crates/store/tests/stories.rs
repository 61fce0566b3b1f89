//! Stories in the store: placements kept as put, stories counted and titled,
//! storylines relinked and merged, the story queries with their filters,
//! duplicates, events counted once per original, re-clustering and the
//! clusterer's snapshot, on invented news.

mod common;

use common::{organisation, person, place, Backend, Doc, Named, TestStore};
use tidings_model::{DocId, Entity, EntityKind, Placement};
use tidings_store::{
    DedupSnapshot, Duplicate, Error, EventFilter, Put, PutOutcome, StoredPlacement, StoryFilter,
    StoryOrder,
};

crate::on_both_backends! {
    placements_round_trip_and_seq_continues,
    stories_count_title_and_time_their_articles,
    the_title_is_the_first_placed_articles_whatever_the_put_order,
    relinked_stories_and_merged_storylines_change_storylines,
    stories_are_filtered_by_days_and_entity_and_ordered,
    duplicates_are_listed_and_kept,
    a_copy_is_one_more_mention_of_its_original_and_events_count_stories,
    a_merged_story_moves_its_articles_to_the_survivor,
    clearing_and_placing_again_gives_the_same_stories,
    the_snapshot_is_saved_compressed_and_replaced,
    putting_a_stored_document_again_changes_nothing,
    a_bad_placement_stores_nothing_of_its_batch,
}

/// Seconds since the epoch of an RFC 3339 instant.
fn at(time: &str) -> i64 {
    time.parse::<jiff::Timestamp>().unwrap().as_second()
}

fn ts(time: &str) -> Option<jiff::Timestamp> {
    Some(time.parse().unwrap())
}

/// Article number `seq` of story `story`, seen at `time`, with no storyline.
fn placement(seq: u64, time: &str, story: u64) -> Placement {
    Placement {
        seq,
        time: at(time),
        story,
        storyline: None,
        duplicate_of: None,
        similarity: None,
        signature: None,
        relinked: vec![],
        merged: vec![],
        stories_merged: vec![],
    }
}

/// A copy of `original`.
fn copy_of(mut placement: Placement, original: &Doc, similarity: f32) -> Placement {
    placement.duplicate_of = Some(original.id().clone());
    placement.similarity = Some(similarity);
    placement
}

fn in_storyline(mut placement: Placement, storyline: u64) -> Placement {
    placement.storyline = Some(storyline);
    placement
}

fn open(backend: Backend) -> TestStore {
    backend.fresh()
}

fn put_all(store: &mut TestStore, docs: &[Doc]) {
    let batch: Vec<Put<'_>> = docs.iter().map(Doc::put).collect();
    for outcome in store.put_batch(&batch).unwrap() {
        assert_eq!(outcome, PutOutcome::New);
    }
}

/// Something named that is neither a person, an organisation nor a place.
fn other(name: &str) -> Named {
    Named {
        entity: Entity {
            name: name.to_string(),
            kind: EntityKind::Other,
            aliases: vec![],
            country: None,
            roles: vec![],
            mentions: 0,
        },
    }
}

/// The ferry strike at Portavel: story 1 told by three originals (two sites
/// and one without) and one copy, plus story 2 (the lighthouse budget) a few
/// days later.
fn ferry_strike() -> Vec<Doc> {
    let portavel = || place("Portavel");
    let authority = || organisation("Harbour Authority");
    let roskov = || person("Ina Roskov").alias("Roskov");
    let week = || other("Ferry Week");
    let mut untitled = Doc::new(
        "",
        &["Ferry crews in Portavel walked out at dawn. The Harbour Authority said talks go on. Ferry Week is off."],
    )
    .on_site("Portavel Courier")
    .naming(&[portavel(), authority(), week()])
    .placed(placement(0, "2026-03-02T06:00:00Z", 1));
    untitled.article.title = None;
    let strike = Doc::new(
        "Ferry strike stops Portavel crossings",
        &["No ferry left Portavel on Monday. Skipper Ina Roskov said crews want safer boats. Ferry Week is off."],
    )
    .on_site("Velmora Post")
    .naming(&[portavel(), roskov(), week()])
    .placed(placement(1, "2026-03-02T09:00:00Z", 1));
    let copy = Doc::new(
        "Ferry strike stops Portavel crossings (wire)",
        &["No ferry left Portavel on Monday. Skipper Ina Roskov said crews want safer boats. Ferry Week is off!"],
    )
    .on_site("Coast Wire")
    .naming(&[portavel(), roskov(), week()])
    .placed(copy_of(placement(2, "2026-03-02T10:00:00Z", 1), &strike, 0.92));
    let ends = Doc::new(
        "Portavel ferry strike ends",
        &["Crews in Portavel went back to work on Wednesday. Roskov thanked the Harbour Authority."],
    )
    .naming(&[portavel(), authority(), roskov()])
    .placed(placement(3, "2026-03-04T12:00:00Z", 1));
    let budget = Doc::new(
        "Velmora council approves lighthouse budget",
        &["The council of Velmora approved the lighthouse budget on Thursday."],
    )
    .on_site("Velmora Post")
    .naming(&[place("Velmora")])
    .placed(placement(4, "2026-03-05T15:00:00Z", 2));
    vec![untitled, strike, copy, ends, budget]
}

fn placements_round_trip_and_seq_continues(backend: Backend) {
    let mut store = open(backend);
    assert_eq!(store.next_seq().unwrap(), 0);
    assert!(store.placed_from(0).unwrap().is_empty());

    let mut docs = ferry_strike();
    if let Some(placement) = docs[2].placement.as_mut() {
        placement.signature = Some(vec![0, 1, 2, 254, 255]);
    }
    if let Some(placement) = docs[4].placement.as_mut() {
        placement.storyline = Some(7);
        placement.relinked = vec![(1, 7)];
        placement.merged = vec![(3, 7), (5, 7)];
    }
    let unplaced = Doc::new("Gull Point log", &["The keeper logged calm seas."]);
    put_all(&mut store, &docs);
    put_all(&mut store, std::slice::from_ref(&unplaced));

    let expected: Vec<(DocId, Placement)> = docs
        .iter()
        .map(|doc| (doc.id().clone(), doc.placement.clone().unwrap()))
        .collect();
    assert_eq!(store.placed_from(0).unwrap(), expected);
    assert_eq!(store.placed_from(3).unwrap(), expected[3..]);
    assert!(store.placed_from(5).unwrap().is_empty());
    assert!(store.placed_from(u64::MAX).unwrap().is_empty());
    assert_eq!(store.next_seq().unwrap(), 5);

    assert_eq!(
        store.placement(docs[2].id()).unwrap(),
        Some(StoredPlacement {
            story: 1,
            // Relinked by the budget article.
            storyline: Some(7),
            duplicate_of: Some(docs[1].id().clone()),
            similarity: Some(0.92),
        })
    );
    assert_eq!(store.placement(unplaced.id()).unwrap(), None);
    assert_eq!(
        store.placement(&DocId::of_bytes(b"never stored")).unwrap(),
        None
    );
}

fn stories_count_title_and_time_their_articles(backend: Backend) {
    let mut store = open(backend);
    let docs = ferry_strike();
    put_all(&mut store, &docs);

    let all = store
        .stories(&StoryFilter::default(), StoryOrder::Biggest, 10)
        .unwrap();
    assert_eq!(all.len(), 2);
    let strike = &all[0];
    assert_eq!(strike.id, 1);
    // The first placed article has no title: the next one's is taken.
    assert_eq!(
        strike.title.as_deref(),
        Some("Ferry strike stops Portavel crossings")
    );
    assert_eq!(strike.storyline, None);
    assert_eq!(strike.first_seen, ts("2026-03-02T06:00:00Z"));
    assert_eq!(strike.last_seen, ts("2026-03-04T12:00:00Z"));
    assert_eq!((strike.articles, strike.duplicates), (4, 1));
    // Portavel Courier, Velmora Post and the article without a site; the
    // copy on Coast Wire is no source of its own.
    assert_eq!(strike.sources, 3);
    // Named in most articles first, ties by name; "Ferry Week" (in three)
    // is no person, organisation or place.
    assert_eq!(
        strike.entities,
        ["Portavel", "Ina Roskov", "Harbour Authority"]
    );

    let budget = &all[1];
    assert_eq!(
        (
            budget.id,
            budget.articles,
            budget.duplicates,
            budget.sources
        ),
        (2, 1, 0, 1)
    );
    assert_eq!(budget.first_seen, budget.last_seen);
    assert_eq!(budget.entities, ["Velmora"]);

    let detail = store.story(1).unwrap().unwrap();
    assert_eq!(&detail.story, strike);
    let ids: Vec<&DocId> = detail.articles.iter().map(|a| &a.id).collect();
    assert_eq!(
        ids,
        [docs[0].id(), docs[1].id(), docs[2].id(), docs[3].id()]
    );
    let copy = &detail.articles[2];
    assert_eq!(copy.site.as_deref(), Some("Coast Wire"));
    assert_eq!(copy.duplicate_of.as_ref(), Some(docs[1].id()));
    assert_eq!(copy.similarity, Some(0.92));
    assert_eq!(copy.time, "2026-03-02T10:00:00Z".parse().unwrap());
    assert_eq!(detail.articles[0].title, None);
    assert_eq!(store.story(99).unwrap(), None);
    assert_eq!(store.story(u64::MAX).unwrap(), None);
}

fn the_title_is_the_first_placed_articles_whatever_the_put_order(backend: Backend) {
    let mut store = open(backend);
    let later = Doc::new("Ferries sail again", &["The ferries sail again."]).placed(placement(
        1,
        "2026-03-02T09:00:00Z",
        1,
    ));
    let first = Doc::new("Strike ends at Portavel", &["The strike ended at noon."])
        .placed(placement(0, "2026-03-02T12:00:00Z", 1));
    put_all(&mut store, std::slice::from_ref(&later));
    put_all(&mut store, std::slice::from_ref(&first));
    let story = store.story(1).unwrap().unwrap();
    assert_eq!(
        story.story.title.as_deref(),
        Some("Strike ends at Portavel")
    );
    // Time order, not placement order.
    assert_eq!(story.articles[0].id, *later.id());
    assert_eq!(story.story.first_seen, ts("2026-03-02T09:00:00Z"));
    assert_eq!(story.story.last_seen, ts("2026-03-02T12:00:00Z"));

    // Reprocessing that article changes the story's title with it.
    let mut retitled = first.clone();
    retitled.article.title = Some("Portavel strike over".into());
    store.replace_articles(&[retitled.put()]).unwrap();
    let story = store.story(1).unwrap().unwrap();
    assert_eq!(story.story.title.as_deref(), Some("Portavel strike over"));
}

fn relinked_stories_and_merged_storylines_change_storylines(backend: Backend) {
    let mut store = open(backend);
    let doc = |n: usize, title: &str| {
        Doc::new(title, &[&format!("Report {n} from the Velmora coast.")])
            .naming(&[place("Velmora")])
    };
    // Stories 1 and 2 begin without a storyline.
    let a = doc(0, "Storm warning for Velmora").placed(placement(0, "2026-03-01T08:00:00Z", 1));
    let b = doc(1, "Storm floods Velmora quay").placed(placement(1, "2026-03-02T08:00:00Z", 1));
    let c = doc(2, "Ferry strike at Portavel").placed(placement(2, "2026-03-03T08:00:00Z", 2));
    put_all(&mut store, &[a.clone(), b.clone(), c.clone()]);
    assert!(store.storylines(10).unwrap().is_empty());

    // Story 3 continues story 1: both in storyline 10.
    let mut d_placement = in_storyline(placement(3, "2026-03-04T08:00:00Z", 3), 10);
    d_placement.relinked = vec![(1, 10)];
    let d = doc(3, "Velmora counts storm damage").placed(d_placement);
    // Story 4 continues story 2: storyline 11.
    let mut e_placement = in_storyline(placement(4, "2026-03-05T08:00:00Z", 4), 11);
    e_placement.relinked = vec![(2, 11)];
    let e = doc(4, "Portavel strike talks").placed(e_placement);
    put_all(&mut store, &[d.clone(), e.clone()]);

    let lines = store.storylines(10).unwrap();
    let shape: Vec<(u64, u64, Vec<u64>)> = lines
        .iter()
        .map(|line| {
            (
                line.id,
                line.articles,
                line.stories.iter().map(|s| s.id).collect(),
            )
        })
        .collect();
    assert_eq!(shape, [(10, 3, vec![1, 3]), (11, 2, vec![2, 4])]);
    assert_eq!(lines[0].title.as_deref(), Some("Storm warning for Velmora"));
    assert_eq!(lines[0].first_seen, ts("2026-03-01T08:00:00Z"));
    assert_eq!(lines[0].last_seen, ts("2026-03-04T08:00:00Z"));
    assert_eq!(lines[0].entities, ["Velmora"]);
    // Ties between stories go to the lower id.
    assert_eq!(lines[1].title.as_deref(), Some("Ferry strike at Portavel"));
    assert_eq!(
        store.placement(a.id()).unwrap().unwrap().storyline,
        Some(10)
    );

    // Storyline 10 merges into 11 with a sixth article in story 4.
    let mut f_placement = in_storyline(placement(5, "2026-03-06T08:00:00Z", 4), 11);
    f_placement.merged = vec![(10, 11)];
    let f = doc(5, "Velmora and Portavel count the cost").placed(f_placement);
    put_all(&mut store, std::slice::from_ref(&f));
    let lines = store.storylines(10).unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].id, 11);
    assert_eq!(lines[0].articles, 6);
    let stories: Vec<u64> = lines[0].stories.iter().map(|s| s.id).collect();
    assert_eq!(stories, [1, 2, 3, 4]);
    // Stories 1 and 4 both have two articles: the lower id wins.
    assert_eq!(lines[0].title.as_deref(), Some("Storm warning for Velmora"));
    for doc in [&a, &b, &c, &d, &e, &f] {
        assert_eq!(
            store.placement(doc.id()).unwrap().unwrap().storyline,
            Some(11)
        );
    }
    // The placements themselves keep what they said when they were put.
    let placed = store.placed_from(0).unwrap();
    assert_eq!(placed[0].1.storyline, None);
    assert_eq!(placed[3].1.storyline, Some(10));
    assert_eq!(store.storylines(0).unwrap(), []);
}

fn stories_are_filtered_by_days_and_entity_and_ordered(backend: Backend) {
    let mut store = open(backend);
    let docs = ferry_strike();
    put_all(&mut store, &docs);
    let day = |text: &str| Some(text.parse::<jiff::civil::Date>().unwrap());
    let ids = |filter: &StoryFilter, order: StoryOrder| -> Vec<u64> {
        store
            .stories(filter, order, 10)
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect()
    };
    let biggest = StoryOrder::Biggest;
    let newest = StoryOrder::Newest;
    let all = StoryFilter::default();
    assert_eq!(ids(&all, biggest), [1, 2]);
    assert_eq!(ids(&all, newest), [2, 1]);
    assert_eq!(
        store.stories(&all, biggest, 1).unwrap().len(),
        1,
        "the limit holds"
    );

    // Story 1 runs from 2 to 4 March, story 2 is on 5 March: overlapping days.
    let since = |d| StoryFilter {
        since: day(d),
        ..StoryFilter::default()
    };
    let until = |d| StoryFilter {
        until: day(d),
        ..StoryFilter::default()
    };
    assert_eq!(ids(&since("2026-03-04"), biggest), [1, 2]);
    assert_eq!(ids(&since("2026-03-05"), biggest), [2]);
    assert_eq!(ids(&since("2026-03-06"), biggest), Vec::<u64>::new());
    assert_eq!(ids(&until("2026-03-02"), biggest), [1]);
    assert_eq!(ids(&until("2026-03-01"), biggest), Vec::<u64>::new());
    assert_eq!(ids(&until("2026-03-05"), newest), [2, 1]);
    let window = StoryFilter {
        since: day("2026-03-03"),
        until: day("2026-03-03"),
        ..StoryFilter::default()
    };
    assert_eq!(ids(&window, biggest), [1]);

    // The entity is found as `entity` finds it: name, alias, case ignored.
    let naming = |name: &str| StoryFilter {
        entity: Some(name.to_string()),
        ..StoryFilter::default()
    };
    assert_eq!(ids(&naming("Velmora"), biggest), [2]);
    assert_eq!(ids(&naming("roskov"), biggest), [1]);
    assert_eq!(ids(&naming("  harbour   authority "), biggest), [1]);
    assert_eq!(ids(&naming("Nobody Atall"), biggest), Vec::<u64>::new());
    assert_eq!(ids(&naming(" "), biggest), [1, 2], "blank is no filter");
    let both = StoryFilter {
        entity: Some("Portavel".into()),
        since: day("2026-03-05"),
        ..StoryFilter::default()
    };
    assert_eq!(ids(&both, biggest), Vec::<u64>::new());
}

fn duplicates_are_listed_and_kept(backend: Backend) {
    let mut store = open(backend);
    let docs = ferry_strike();
    put_all(&mut store, &docs);
    assert_eq!(
        store.duplicates(docs[1].id()).unwrap(),
        [Duplicate {
            id: docs[2].id().clone(),
            title: Some("Ferry strike stops Portavel crossings (wire)".into()),
            site: Some("Coast Wire".into()),
            similarity: Some(0.92),
        }]
    );
    assert!(store.duplicates(docs[0].id()).unwrap().is_empty());
    assert!(store.duplicates(docs[2].id()).unwrap().is_empty());
    // The copy is stored like any article.
    assert_eq!(store.stats().unwrap().articles, 5);
    let copy = store.article(docs[2].id().as_str()).unwrap().unwrap();
    assert_eq!(copy.article, docs[2].article);
    let hits = store.search("\"safer boats\"", 10).unwrap();
    assert_eq!(hits.len(), 2);
}

/// A phone call between the mayors of Velmora and Portavel on 2 March,
/// reported in `doc`'s only sentence.
fn reporting_the_call(title: &str, site: Option<&str>, placement: Placement) -> Doc {
    let mut doc = Doc::new(
        title,
        &["The mayor of Velmora spoke by phone with the mayor of Portavel."],
    )
    .placed(placement);
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

/// The one merged event of `store` (the call of [`reporting_the_call`]): its
/// mentions, articles, sources and stories.
fn call(store: &TestStore) -> (u64, u64, u64, u64) {
    let events = store.events(&EventFilter::default(), 10).unwrap();
    assert_eq!(events.len(), 1);
    let e = &events[0];
    (e.mentions, e.articles, e.sources, e.stories)
}

fn a_copy_is_one_more_mention_of_its_original_and_events_count_stories(backend: Backend) {
    let mut store = open(backend);
    let original = reporting_the_call(
        "Mayors speak",
        Some("Velmora Post"),
        placement(0, "2026-03-02T08:00:00Z", 1),
    );
    let copy = reporting_the_call(
        "Mayors speak (wire)",
        Some("Coast Wire"),
        copy_of(placement(1, "2026-03-02T09:00:00Z", 1), &original, 1.0),
    );
    let other_site = reporting_the_call(
        "Mayors talk by phone",
        Some("Portavel Courier"),
        placement(2, "2026-03-02T10:00:00Z", 1),
    );
    let later_story = reporting_the_call(
        "A week after the call",
        Some("Portavel Courier"),
        placement(3, "2026-03-09T10:00:00Z", 2),
    );
    put_all(&mut store, &[original.clone(), copy.clone()]);
    // The copy's sentence is a mention; it is no article or source of its own.
    assert_eq!(call(&store), (2, 1, 1, 1));
    put_all(&mut store, &[other_site, later_story]);
    assert_eq!(call(&store), (4, 3, 2, 2));

    // A copy reporting what its original does not stands for the original.
    let mut store2 = open(backend);
    let mut quiet = Doc::new("Mayors speak", &["Nothing was said about it."])
        .on_site("Velmora Post")
        .placed(placement(0, "2026-03-02T08:00:00Z", 1));
    quiet.facts.events.clear();
    let loud_copy = reporting_the_call(
        "Mayors speak (wire)",
        Some("Coast Wire"),
        copy_of(placement(1, "2026-03-02T09:00:00Z", 1), &quiet, 0.8),
    );
    put_all(&mut store2, &[quiet, loud_copy]);
    assert_eq!(call(&store2), (1, 1, 1, 1));

    // Without placements nothing is a copy and no story is counted.
    let mut store3 = open(backend);
    let unplaced: Vec<Doc> = [original, copy]
        .into_iter()
        .map(|doc| Doc {
            placement: None,
            ..doc
        })
        .collect();
    put_all(&mut store3, &unplaced);
    assert_eq!(call(&store3), (2, 2, 2, 0));
}

fn a_merged_story_moves_its_articles_to_the_survivor(backend: Backend) {
    let mut store = open(backend);
    // Two reports of one call land in two stories; the second story is in
    // storyline 7, the first in none.
    let first = reporting_the_call(
        "Mayors speak",
        Some("Velmora Post"),
        placement(0, "2026-03-02T08:00:00Z", 1),
    );
    let second = reporting_the_call(
        "Phone call between the mayors",
        Some("Portavel Courier"),
        in_storyline(placement(1, "2026-03-02T10:00:00Z", 2), 7),
    );
    let copy = reporting_the_call(
        "Phone call between the mayors (wire)",
        Some("Coast Wire"),
        copy_of(
            in_storyline(placement(2, "2026-03-02T11:00:00Z", 2), 7),
            &second,
            0.9,
        ),
    );
    put_all(&mut store, &[first.clone(), second.clone(), copy.clone()]);
    assert_eq!(call(&store), (3, 2, 2, 2));
    assert_eq!(
        store
            .stories(&StoryFilter::default(), StoryOrder::Biggest, 10)
            .unwrap()
            .len(),
        2
    );

    // Before the fourth report is placed, story 2 merges into story 1,
    // which takes story 2's storyline.
    let mut merging = in_storyline(placement(3, "2026-03-02T12:00:00Z", 1), 7);
    merging.stories_merged = vec![(2, 1)];
    merging.relinked = vec![(1, 7)];
    let fourth = reporting_the_call("Mayors agree to meet", Some("Lake Herald"), merging);
    put_all(&mut store, std::slice::from_ref(&fourth));

    assert_eq!(store.story(2).unwrap(), None);
    let story = store.story(1).unwrap().unwrap();
    assert_eq!(story.story.articles, 4);
    assert_eq!(story.story.duplicates, 1);
    assert_eq!(story.story.storyline, Some(7));
    assert_eq!(story.story.title.as_deref(), Some("Mayors speak"));
    assert_eq!(story.story.first_seen, ts("2026-03-02T08:00:00Z"));
    assert_eq!(story.story.last_seen, ts("2026-03-02T12:00:00Z"));
    let ids: Vec<&DocId> = story.articles.iter().map(|a| &a.id).collect();
    assert_eq!(ids, [first.id(), second.id(), copy.id(), fourth.id()]);
    let listed = store
        .stories(&StoryFilter::default(), StoryOrder::Biggest, 10)
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, 1);
    for doc in [&first, &second, &copy, &fourth] {
        let placed = store.placement(doc.id()).unwrap().unwrap();
        assert_eq!((placed.story, placed.storyline), (1, Some(7)));
    }
    // The event is reported by one story now.
    assert_eq!(call(&store), (4, 3, 3, 1));
    let lines = store.storylines(10).unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(
        lines[0].stories.iter().map(|s| s.id).collect::<Vec<_>>(),
        [1]
    );
    // The placements say where their articles are now, and the merge.
    let placed = store.placed_from(0).unwrap();
    assert_eq!(
        placed.iter().map(|(_, p)| p.story).collect::<Vec<_>>(),
        [1, 1, 1, 1]
    );
    assert_eq!(placed[3].1.stories_merged, [(2, 1)]);
}

fn clearing_and_placing_again_gives_the_same_stories(backend: Backend) {
    let mut store = open(backend);
    let mut docs = ferry_strike();
    // Storylines too: the budget story continues the strike.
    if let Some(placement) = docs[4].placement.as_mut() {
        placement.storyline = Some(3);
        placement.relinked = vec![(1, 3)];
    }
    let call = reporting_the_call(
        "Mayors speak (wire)",
        Some("Coast Wire"),
        copy_of(placement(5, "2026-03-02T11:00:00Z", 1), &docs[1], 0.7),
    );
    docs.push(call);
    put_all(&mut store, &docs);
    let stories = |store: &TestStore| {
        store
            .stories(&StoryFilter::default(), StoryOrder::Biggest, 10)
            .unwrap()
    };
    let before = (
        stories(&store),
        store.storylines(10).unwrap(),
        store.events(&EventFilter::default(), 10).unwrap(),
        store.story(1).unwrap(),
    );
    let placed = store.placed_from(0).unwrap();
    store
        .save_dedup_snapshot(&DedupSnapshot {
            seq: 6,
            bytes: vec![1; 100],
        })
        .unwrap();

    store.clear_placements().unwrap();
    assert!(stories(&store).is_empty());
    assert!(store.storylines(10).unwrap().is_empty());
    assert_eq!(store.next_seq().unwrap(), 0);
    assert_eq!(store.dedup_snapshot().unwrap(), None);
    assert_eq!(store.placement(docs[0].id()).unwrap(), None);
    assert!(store.duplicates(docs[1].id()).unwrap().is_empty());
    assert_eq!(store.stats().unwrap().articles, 6, "articles stay");
    // Unplaced, the copy counts as an article and a source of its own.
    let event = &store.events(&EventFilter::default(), 10).unwrap()[0];
    assert_eq!((event.articles, event.sources, event.stories), (1, 1, 0));

    // Refused: an article not stored, one placed twice, a seq taken.
    let stranger = DocId::of_bytes(b"not in the store");
    let err = store
        .put_placements(&[placed[0].clone(), (stranger, placed[1].1.clone())])
        .unwrap_err();
    assert!(matches!(err, Error::NotStored { .. }), "{err}");
    let err = store
        .put_placements(&[placed[0].clone(), placed[0].clone()])
        .unwrap_err();
    assert!(matches!(err, Error::BadPlacement { .. }), "{err}");
    let mut taken = placed[1].clone();
    taken.1.seq = 0;
    let err = store
        .put_placements(&[placed[0].clone(), taken])
        .unwrap_err();
    assert!(matches!(err, Error::BadPlacement { .. }), "{err}");
    assert!(stories(&store).is_empty(), "a refused batch writes nothing");

    store.put_placements(&placed).unwrap();
    let after = (
        stories(&store),
        store.storylines(10).unwrap(),
        store.events(&EventFilter::default(), 10).unwrap(),
        store.story(1).unwrap(),
    );
    assert_eq!(after, before);
    assert_eq!(store.placed_from(0).unwrap(), placed);
    assert_eq!(store.next_seq().unwrap(), 6);
}

fn the_snapshot_is_saved_compressed_and_replaced(backend: Backend) {
    let mut store = open(backend);
    assert_eq!(store.dedup_snapshot().unwrap(), None);
    let first = DedupSnapshot {
        seq: 12,
        bytes: b"story terms: ferry strike portavel ".repeat(200),
    };
    store.save_dedup_snapshot(&first).unwrap();
    assert_eq!(store.dedup_snapshot().unwrap(), Some(first.clone()));
    if let Some(dir) = store.sqlite_dir() {
        let conn = rusqlite::Connection::open(dir.join("tidings.db")).unwrap();
        let stored: i64 = conn
            .query_row("SELECT length(bytes) FROM dedup_state", [], |row| {
                row.get(0)
            })
            .unwrap();
        assert!((stored as usize) < first.bytes.len() / 4, "{stored} bytes");
    }

    let second = DedupSnapshot {
        seq: 40,
        bytes: vec![],
    };
    store.save_dedup_snapshot(&second).unwrap();
    assert_eq!(store.dedup_snapshot().unwrap(), Some(second));
    // Another connection sees what was committed.
    store.reopen();
    assert_eq!(store.dedup_snapshot().unwrap().unwrap().seq, 40);
}

fn putting_a_stored_document_again_changes_nothing(backend: Backend) {
    let mut store = open(backend);
    let docs = ferry_strike();
    put_all(&mut store, &docs);
    let before = (
        store
            .stories(&StoryFilter::default(), StoryOrder::Biggest, 10)
            .unwrap(),
        store.placed_from(0).unwrap(),
    );
    // The same documents, placed elsewhere this time.
    let again: Vec<Doc> = docs
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            doc.clone().placed(in_storyline(
                placement(10 + i as u64, "2027-01-01T00:00:00Z", 9),
                4,
            ))
        })
        .collect();
    let batch: Vec<Put<'_>> = again.iter().map(Doc::put).collect();
    assert_eq!(
        store.put_batch(&batch).unwrap(),
        vec![PutOutcome::AlreadyPresent; docs.len()]
    );
    let after = (
        store
            .stories(&StoryFilter::default(), StoryOrder::Biggest, 10)
            .unwrap(),
        store.placed_from(0).unwrap(),
    );
    assert_eq!(after, before);
    assert_eq!(store.next_seq().unwrap(), 5);
}

fn a_bad_placement_stores_nothing_of_its_batch(backend: Backend) {
    let mut store = open(backend);
    let good = Doc::new("Ferries sail", &["The ferries sail."]).placed(placement(
        0,
        "2026-03-02T08:00:00Z",
        1,
    ));
    let mut nan = placement(1, "2026-03-02T09:00:00Z", 1);
    nan.similarity = Some(f32::NAN);
    let mut huge = placement(1, "2026-03-02T09:00:00Z", 1);
    huge.story = u64::MAX;
    let mut far = placement(1, "2026-03-02T09:00:00Z", 1);
    far.time = i64::MAX;
    // Two articles with the same seq in one batch.
    let same_seq = placement(0, "2026-03-02T09:00:00Z", 2);
    for bad in [nan, huge, far, same_seq] {
        let doc = Doc::new("Ferries wait", &["The ferries wait."]).placed(bad);
        let err = store.put_batch(&[good.put(), doc.put()]).unwrap_err();
        assert!(matches!(err, Error::BadPlacement { .. }), "{err}");
        assert_eq!(store.stats().unwrap().articles, 0);
        assert_eq!(store.next_seq().unwrap(), 0);
    }
}
