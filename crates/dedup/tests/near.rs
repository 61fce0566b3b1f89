//! Near-duplicate detection on invented articles, with property tests.

use proptest::prelude::*;
use tidings_dedup::near::{exact_key, Dedup, LshIndex, MinHasher, Signature, Verdict};

/// An invented article of about 300 words (the places do not exist).
const ARTICLE: &str = "\
Storm closes the harbour of Velmora for a third day

VELMORA — The harbour of Velmora stayed closed on Wednesday for a third day as \
the storm that flooded the lower town moved slowly north along the coast, the \
port authority said. Fishing boats were tied two deep along the eastern quay and \
the morning ferry to the island of Kerra was cancelled again.

The authority said pilots would inspect the channel at first light on Thursday \
and that the harbour could reopen by noon if the wind fell below forty knots. \
\"We will not send a single boat out until the channel markers are back where \
they belong,\" said Ilsa Marrow, who runs the pilot station on the breakwater.

In the lower town, volunteers carried sandbags to the market hall, where water \
reached the second step on Tuesday night. The council opened the old grain store \
on Tannery Hill as a shelter, and about ninety people slept there, most of them \
families from the streets behind the fish market. Bakers from the upper town \
brought bread in the morning and the school kitchen cooked soup for everyone.

Kerra depends on the ferry for fuel, medicine and post. The island's clinic said \
it had enough insulin for a week and asked the mainland hospital to prepare a \
supply for the first crossing. Shops on Kerra were limiting sales of bottled gas \
to one cylinder per household.

Weather officers in Dunmere expect the storm to weaken by Friday. They warned \
that a second band of rain could bring more flooding to the valley villages of \
Orrin and Sallow, where the river is already close to the top of its banks. \
Farmers there moved sheep to higher fields on Tuesday. The council asked drivers \
to keep off the coast road between Velmora and Orrin until the water falls.";

const UNRELATED: &str = "\
Orchard cooperative in Thessary reports its best apple harvest in a decade

THESSARY — The fruit growers' cooperative of Thessary picked more apples this \
autumn than in any year since it opened its cold store, its chair told members \
at the annual meeting on Saturday. A dry spring and a warm September gave large, \
sweet fruit, and the new netting kept most of the hail damage away in July. \
Members agreed to spend part of the surplus on a second pressing line for juice \
and cider, and to pay pickers a bonus for the long weeks of work. The chair said \
buyers in the capital had already ordered twice as many crates as last year.";

fn change_one_sentence(article: &str) -> String {
    article.replace(
        "Farmers there moved sheep to higher fields on Tuesday.",
        "Shepherds in both villages spent Tuesday driving their flocks up to the hill pastures.",
    )
}

#[test]
fn a_copy_with_one_sentence_changed_is_a_near_duplicate() {
    let mut dedup = Dedup::default();
    assert_eq!(dedup.check(1, ARTICLE), Verdict::Original);
    let copy = change_one_sentence(ARTICLE);
    let verdict = dedup.check(2, &copy);
    let Verdict::Near(of, jaccard) = verdict else {
        panic!("expected a near duplicate, got {verdict:?}");
    };
    assert_eq!(of, 1);
    assert!((0.8..1.0).contains(&jaccard), "{jaccard}");
    assert_eq!(dedup.check(3, UNRELATED), Verdict::Original);
    // The same article restyled is an exact copy of the first.
    let restyled = ARTICLE.to_lowercase().replace(',', " ,");
    assert_eq!(dedup.check(4, &restyled), Verdict::Exact(1));
}

#[test]
fn a_copy_of_a_copy_points_at_the_first_original() {
    let mut dedup = Dedup::default();
    let copy = change_one_sentence(ARTICLE);
    let copy_of_copy = copy.replace("about ninety people", "nearly a hundred people");
    assert_eq!(dedup.check(7, ARTICLE), Verdict::Original);
    assert!(matches!(dedup.check(8, &copy), Verdict::Near(7, _)));
    assert!(matches!(dedup.check(9, &copy_of_copy), Verdict::Near(7, _)));
}

#[test]
fn a_later_run_continues_from_kept_signatures() {
    let mut first = Dedup::default();
    assert_eq!(first.check(1, ARTICLE), Verdict::Original);
    let Some(signature) = first.signature(1) else {
        panic!("no signature kept");
    };
    let bytes = signature.to_bytes();

    let mut later = Dedup::default();
    let Ok(signature) = Signature::from_bytes(&bytes) else {
        panic!("bytes do not read back");
    };
    assert!(later.remember(1, exact_key(ARTICLE), Some(&signature), Verdict::Original));
    assert!(later.remember(5, exact_key(UNRELATED), None, Verdict::Original));
    let Ok(five_words) = MinHasher::new(5) else {
        panic!("5-word shingles refused");
    };
    let other_scheme = five_words.signature(UNRELATED);
    assert!(!later.remember(9, exact_key("x"), Some(&other_scheme), Verdict::Original));
    assert!(matches!(
        later.check(2, &change_one_sentence(ARTICLE)),
        Verdict::Near(1, _)
    ));
    assert_eq!(later.check(3, ARTICLE), Verdict::Exact(1));
    assert_eq!(later.check(6, UNRELATED), Verdict::Exact(5));
}

#[test]
fn everything_is_deterministic() {
    let hasher = MinHasher::default();
    let signature = hasher.signature(ARTICLE);
    assert_eq!(signature, MinHasher::default().signature(ARTICLE));
    // Pinned so that stored signatures stay comparable across versions.
    assert_eq!(signature.mins()[..4], [4302498, 911976, 15362662, 28741440]);
    assert_eq!(exact_key("Velmora harbour"), exact_key("velmora, HARBOUR."));
    assert_eq!(
        hasher.key_and_signature(ARTICLE),
        (exact_key(ARTICLE), signature.clone())
    );
    let index = LshIndex::default();
    assert_eq!(
        index.band_keys(&signature),
        index.band_keys(&signature.clone())
    );
    let run = || {
        let mut dedup = Dedup::default();
        [ARTICLE, UNRELATED, &change_one_sentence(ARTICLE), ARTICLE]
            .iter()
            .enumerate()
            .map(|(i, text)| dedup.check(i as u64, text))
            .collect::<Vec<_>>()
    };
    assert_eq!(run(), run());
}

proptest! {
    #[test]
    fn identical_texts_are_exact_duplicates(text in "\\PC{0,200}", id in 0u64..1000) {
        let mut dedup = Dedup::default();
        prop_assert_eq!(dedup.check(id, &text), Verdict::Original);
        prop_assert_eq!(dedup.check(id + 1, &text), Verdict::Exact(id));
    }

    #[test]
    fn query_results_reach_the_threshold(
        texts in prop::collection::vec(prop::collection::vec("[a-e]{1,3}", 1..40), 2..12),
    ) {
        let hasher = MinHasher::new(1).unwrap_or_default();
        let mut index = LshIndex::default();
        for (id, words) in texts.iter().enumerate() {
            let signature = hasher.signature(&words.join(" "));
            let found = index.query(&signature);
            for pair in found.windows(2) {
                prop_assert!(pair[0].1 > pair[1].1 || (pair[0].1 == pair[1].1 && pair[0].0 < pair[1].0));
            }
            for (other, jaccard) in found {
                prop_assert!(jaccard >= index.threshold());
                let stored = index.signature(other).cloned().unwrap_or_else(|| signature.clone());
                prop_assert_eq!(jaccard, signature.jaccard(&stored));
            }
            index.insert(id as u64, &signature);
        }
    }

    #[test]
    fn signature_bytes_round_trip(text in "\\PC{0,300}") {
        let signature = MinHasher::default().signature(&text);
        prop_assert_eq!(Signature::from_bytes(&signature.to_bytes()), Ok(signature));
    }

    #[test]
    fn any_bytes_are_read_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..700)) {
        let _ = Signature::from_bytes(&bytes);
    }
}
