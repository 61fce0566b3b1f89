//! The dedup stage as the pipeline runs it: each article, in ingest order,
//! is checked for an exact or near copy of an earlier one and placed in a
//! story and a storyline. A copy joins the story of its original and is
//! not clustered itself (copies neither shift term weights nor grow
//! stories).
//!
//! The state goes on across ingests: [`Placer::snapshot`] holds the
//! clusterer and each placed article's exact key; the signatures are kept by
//! the caller with each placement (see [`Placed::signature`]) and handed
//! back to [`Placer::restore`], so no text is read again. Articles placed
//! after the snapshot was taken are placed again, in the same order, to
//! catch up (placing is deterministic, so they land where they did).

use crate::bytes::{Reader, SnapshotError, Writer};
use crate::near::{Dedup, NearConfig, NearError, Signature, Verdict};
use crate::stories::{StoryClusterer, StoryConfig, StoryInput};

/// One article to place.
#[derive(Debug, Clone, Default)]
pub struct PlaceInput<'a> {
    /// Seconds since the epoch: publication time, else fetch time; `None`
    /// when neither is known (the article is then taken to be as recent as
    /// the latest one placed).
    pub time: Option<i64>,
    /// The title, if any.
    pub title: &'a str,
    /// The body text.
    pub text: &'a str,
    /// Canonical names of its people, organisations and places.
    pub entities: Vec<String>,
}

/// Where an article was placed.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// Its number in the order of placing (0, 1, 2, …).
    pub seq: u64,
    /// The time it was placed at (see [`PlaceInput::time`]).
    pub time: i64,
    /// Its story.
    pub story: u64,
    /// Its story's storyline, if any.
    pub storyline: Option<u64>,
    /// The `seq` of the first-seen article it copies, if any.
    pub duplicate_of: Option<u64>,
    /// Estimated Jaccard similarity to that original (1 for an exact copy).
    pub similarity: Option<f64>,
    /// Its MinHash signature (none for an exact copy: its original's serves).
    pub signature: Option<Vec<u8>>,
    /// Earlier stories whose storyline changed: (story, storyline).
    pub relinked: Vec<(u64, u64)>,
    /// Storylines merged: (absorbed, survivor).
    pub merged: Vec<(u64, u64)>,
    /// Stories merged: (absorbed, survivor); the absorbed story's articles
    /// now belong to the survivor.
    pub stories_merged: Vec<(u64, u64)>,
}

/// What the caller kept of an article placed before a snapshot, to rebuild
/// the duplicate index without reading texts again.
#[derive(Debug, Clone, Copy)]
pub struct Kept<'a> {
    /// Its `seq`.
    pub seq: u64,
    /// The `seq` of its original, if it is a copy.
    pub duplicate_of: Option<u64>,
    /// Its similarity to the original.
    pub similarity: Option<f64>,
    /// Its signature bytes, if it has one.
    pub signature: Option<&'a [u8]>,
}

/// The dedup stage's state: the duplicate index and the story clusterer.
#[derive(Debug)]
pub struct Placer {
    near: Dedup,
    stories: StoryClusterer,
    /// The exact key of each placed article, by seq.
    keys: Vec<u128>,
    /// The story of each placed article, by seq.
    story_of: Vec<u64>,
    /// The latest time placed so far.
    latest: i64,
}

/// The first bytes of a placer snapshot (and its format version).
const MAGIC: &[u8] = b"tidings-placer-1";

impl Placer {
    /// An empty placer.
    pub fn new(stories: StoryConfig, near: &NearConfig) -> Result<Placer, NearError> {
        Ok(Placer {
            near: Dedup::new(near)?,
            stories: StoryClusterer::new(stories),
            keys: Vec::new(),
            story_of: Vec::new(),
            latest: 0,
        })
    }

    /// The `seq` the next article will get.
    pub fn next_seq(&self) -> u64 {
        self.keys.len() as u64
    }

    /// The story `story` is part of now (itself unless it was merged into
    /// another).
    pub fn story_root(&self, story: u64) -> u64 {
        self.stories.story_root(story)
    }

    /// The current storyline of `story`.
    pub fn storyline_of(&self, story: u64) -> Option<u64> {
        self.stories.storyline_of(story)
    }

    /// Places the next article.
    pub fn place(&mut self, input: &PlaceInput<'_>) -> Placed {
        let seq = self.next_seq();
        let time = input.time.unwrap_or(self.latest);
        self.latest = self.latest.max(time);
        // Copies are judged on the body; a headline-only item on its title.
        let text = if input.text.trim().is_empty() {
            input.title
        } else {
            input.text
        };
        let (key, signature) = self.near.hasher().key_and_signature(text);
        let verdict = self.near.judge(seq, key, &signature);
        self.keys.push(key);
        let (duplicate_of, similarity) = match verdict {
            Verdict::Original => (None, None),
            Verdict::Exact(of) => (Some(of), Some(1.0)),
            Verdict::Near(of, jaccard) => (Some(of), Some(jaccard)),
        };
        let original_story = duplicate_of
            .and_then(|of| self.story_of.get(of as usize).copied())
            .map(|story| self.stories.story_root(story));
        let (story, relinked, merged, stories_merged) = match original_story {
            Some(story) => (story, Vec::new(), Vec::new(), Vec::new()),
            None => {
                let assignment = self.stories.add(&StoryInput {
                    time,
                    title: input.title,
                    text: input.text,
                    entities: input.entities.clone(),
                });
                (
                    assignment.story,
                    assignment.relinked,
                    assignment.merged,
                    assignment.stories_merged,
                )
            }
        };
        self.story_of.push(story);
        Placed {
            seq,
            time,
            story,
            storyline: self.stories.storyline_of(story),
            duplicate_of,
            similarity,
            signature: (!matches!(verdict, Verdict::Exact(_))).then(|| signature.to_bytes()),
            relinked,
            merged,
            stories_merged,
        }
    }

    /// The state, to be given back to [`Placer::restore`] with what the
    /// caller kept of each article placed so far.
    pub fn snapshot(&self) -> Vec<u8> {
        let mut out = Writer::default();
        out.bytes.extend_from_slice(MAGIC);
        out.raw(&self.stories.to_bytes());
        out.i64(self.latest);
        out.len(self.keys.len());
        for (key, story) in self.keys.iter().zip(&self.story_of) {
            out.u64(*key as u64);
            out.u64((*key >> 64) as u64);
            out.u64(*story);
        }
        out.bytes
    }

    /// A placer in the state `snapshot` holds, with the duplicate index
    /// rebuilt from `kept` (what the caller kept of every article the
    /// snapshot covers, in seq order). Articles placed after it must then
    /// be placed again, in order, to catch up.
    pub fn restore<'a>(
        stories: StoryConfig,
        near: &NearConfig,
        snapshot: &[u8],
        kept: impl IntoIterator<Item = Kept<'a>>,
    ) -> Result<Placer, SnapshotError> {
        let damaged = |why: String| SnapshotError { why };
        let mut input = Reader::new(snapshot);
        input.expect(MAGIC)?;
        let clusterer = StoryClusterer::from_bytes(stories, input.raw()?)?;
        let mut placer = Placer {
            near: Dedup::new(near).map_err(|err| damaged(err.to_string()))?,
            stories: clusterer,
            keys: Vec::new(),
            story_of: Vec::new(),
            latest: input.i64()?,
        };
        let n = input.len(24)?;
        for _ in 0..n {
            let low = u128::from(input.u64()?);
            let high = u128::from(input.u64()?);
            placer.keys.push(high << 64 | low);
            placer.story_of.push(input.u64()?);
        }
        input.done()?;
        let mut next = 0u64;
        for item in kept {
            if item.seq != next || next >= n as u64 {
                return Err(damaged(format!(
                    "kept placements do not match the snapshot (seq {} where {next} of {n} was expected)",
                    item.seq
                )));
            }
            let signature = item
                .signature
                .map(Signature::from_bytes)
                .transpose()
                .map_err(|err| damaged(format!("signature of seq {}: {err}", item.seq)))?;
            let verdict = match (item.duplicate_of, &signature) {
                (None, _) => Verdict::Original,
                (Some(of), None) => Verdict::Exact(of),
                (Some(of), Some(_)) => Verdict::Near(of, item.similarity.unwrap_or(1.0)),
            };
            placer.near.remember(
                item.seq,
                placer.keys[item.seq as usize],
                signature.as_ref(),
                verdict,
            );
            next += 1;
        }
        if next != n as u64 {
            return Err(damaged(format!(
                "the snapshot covers {n} placements, {next} were kept"
            )));
        }
        Ok(placer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(day: i64, title: &'static str, text: &'static str) -> PlaceInput<'static> {
        PlaceInput {
            time: Some(day * 86_400),
            title,
            text,
            entities: vec![],
        }
    }

    const STRIKE: &str = "Dockworkers at the port of Velmora walked out on Monday over \
        night-shift pay, halting ferries to Portavel and the Isle of Kerra. The union said \
        the harbour authority had ignored three offers since the spring, and that the strike \
        would last until the authority agreed to talks. Ferry passengers were told to travel \
        through Dunmere instead, and freight queued on the coast road for most of the day.";
    const STRIKE_COPY: &str = "Dockworkers at the port of Velmora walked out on Monday over \
        night-shift pay, halting ferries to Portavel and the Isle of Kerra. The union said \
        the harbour authority had ignored three offers since the spring, and that the strike \
        would last until the authority agreed to talks. Ferry passengers were told to travel \
        through Dunmere instead, and lorries waited on the coast road for most of the day.";
    const LAKE: &str = "Farmers around Lake Orin face water limits after the lake fell to a \
        record low following the driest winter in forty years.";

    fn inputs() -> Vec<PlaceInput<'static>> {
        vec![
            article(0, "Velmora dockworkers strike", STRIKE),
            article(0, "Lake Orin falls to a record low", LAKE),
            article(0, "Strike at Velmora port", STRIKE_COPY),
            article(1, "Velmora dockworkers strike", STRIKE),
        ]
    }

    proptest::proptest! {
        /// Whatever arrives, in any order and at any time: every article is
        /// in exactly one story, a copy points back at an earlier original
        /// and shares its story, and the same input places the same way.
        #[test]
        fn every_article_is_in_exactly_one_story(
            docs in proptest::collection::vec(
                (0usize..6, 0usize..4, proptest::option::of(-5i64..40)),
                1..30,
            )
        ) {
            const BODIES: [&str; 6] = [STRIKE, STRIKE_COPY, LAKE, "", "Velmora", "Kerra ferries run again after the storm"];
            const TITLES: [&str; 4] = ["Velmora strike", "Lake Orin", "", "Ferries to Kerra"];
            let inputs: Vec<PlaceInput<'static>> = docs
                .iter()
                .map(|&(body, title, day)| PlaceInput {
                    time: day.map(|d| d * 86_400),
                    title: TITLES[title],
                    text: BODIES[body],
                    entities: vec![],
                })
                .collect();
            let run = || {
                let mut placer = Placer::new(StoryConfig::default(), &NearConfig::default()).unwrap();
                inputs.iter().map(|i| placer.place(i)).collect::<Vec<Placed>>()
            };
            let placed = run();
            let stories: std::collections::BTreeSet<u64> = placed.iter().map(|p| p.story).collect();
            for (seq, p) in placed.iter().enumerate() {
                proptest::prop_assert_eq!(p.seq, seq as u64);
                proptest::prop_assert!(stories.contains(&p.story));
                if let Some(of) = p.duplicate_of {
                    proptest::prop_assert!(of < p.seq);
                    proptest::prop_assert_eq!(placed[of as usize].duplicate_of, None);
                    proptest::prop_assert_eq!(placed[of as usize].story, p.story);
                }
            }
            // Stories are numbered densely from 0 in order of creation.
            proptest::prop_assert_eq!(stories.iter().copied().collect::<Vec<_>>(), (0..stories.len() as u64).collect::<Vec<_>>());
            proptest::prop_assert_eq!(run(), placed);
        }
    }

    proptest::proptest! {
        /// A damaged store can hand back any bytes: restoring from them is
        /// an error or a placer, never a panic.
        #[test]
        fn any_snapshot_bytes_are_read_without_panic(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
            keep_magic in proptest::bool::ANY,
        ) {
            let mut snapshot = Vec::new();
            if keep_magic {
                snapshot.extend_from_slice(MAGIC);
            }
            snapshot.extend_from_slice(&bytes);
            let _ = Placer::restore(StoryConfig::default(), &NearConfig::default(), &snapshot, []);
            let _ = StoryClusterer::from_bytes(StoryConfig::default(), &bytes);
        }

        /// The same for a real snapshot with a few bytes changed.
        #[test]
        fn a_damaged_real_snapshot_is_read_without_panic(
            changes in proptest::collection::vec((proptest::num::usize::ANY, proptest::num::u8::ANY), 1..6),
        ) {
            let mut placer = Placer::new(StoryConfig::default(), &NearConfig::default()).unwrap();
            let placed: Vec<Placed> = inputs().iter().map(|i| placer.place(i)).collect();
            let mut snapshot = placer.snapshot();
            for (at, value) in changes {
                let at = at % snapshot.len();
                snapshot[at] = value;
            }
            let kept = placed.iter().map(|p| Kept {
                seq: p.seq,
                duplicate_of: p.duplicate_of,
                similarity: p.similarity,
                signature: p.signature.as_deref(),
            });
            if let Ok(mut restored) =
                Placer::restore(StoryConfig::default(), &NearConfig::default(), &snapshot, kept)
            {
                // Whatever it holds, it can go on placing.
                for input in inputs() {
                    restored.place(&input);
                }
            }
        }
    }

    #[test]
    fn copies_join_their_originals_story() {
        let mut placer = Placer::new(StoryConfig::default(), &NearConfig::default()).unwrap();
        let placed: Vec<Placed> = inputs().iter().map(|i| placer.place(i)).collect();
        assert_eq!(placed[0].duplicate_of, None);
        assert_eq!(placed[1].duplicate_of, None);
        assert_ne!(placed[1].story, placed[0].story);
        assert_eq!(placed[2].duplicate_of, Some(0), "{:?}", placed[2]);
        assert!(placed[2].similarity.unwrap() >= 0.8);
        assert!(placed[2].signature.is_some());
        assert_eq!(placed[2].story, placed[0].story);
        assert_eq!(
            (placed[3].duplicate_of, placed[3].similarity),
            (Some(0), Some(1.0))
        );
        assert_eq!(placed[3].signature, None);
        assert_eq!(placed[3].story, placed[0].story);
    }

    #[test]
    fn a_restored_placer_goes_on_as_the_one_that_wrote_the_snapshot() {
        let inputs = inputs();
        let mut straight = Placer::new(StoryConfig::default(), &NearConfig::default()).unwrap();
        let expected: Vec<Placed> = inputs.iter().map(|i| straight.place(i)).collect();
        for cut in 0..=inputs.len() {
            let mut first = Placer::new(StoryConfig::default(), &NearConfig::default()).unwrap();
            let mut got: Vec<Placed> = inputs[..cut].iter().map(|i| first.place(i)).collect();
            let kept: Vec<Kept<'_>> = got
                .iter()
                .map(|p| Kept {
                    seq: p.seq,
                    duplicate_of: p.duplicate_of,
                    similarity: p.similarity,
                    signature: p.signature.as_deref(),
                })
                .collect();
            let mut second = Placer::restore(
                StoryConfig::default(),
                &NearConfig::default(),
                &first.snapshot(),
                kept,
            )
            .unwrap();
            got.extend(inputs[cut..].iter().map(|i| second.place(i)));
            assert_eq!(got, expected, "cut at {cut}");
        }
    }

    #[test]
    fn a_snapshot_and_kept_placements_that_disagree_are_an_error() {
        let mut placer = Placer::new(StoryConfig::default(), &NearConfig::default()).unwrap();
        let placed: Vec<Placed> = inputs().iter().map(|i| placer.place(i)).collect();
        let snapshot = placer.snapshot();
        fn kept(p: &Placed) -> Kept<'_> {
            Kept {
                seq: p.seq,
                duplicate_of: p.duplicate_of,
                similarity: p.similarity,
                signature: p.signature.as_deref(),
            }
        }
        let short: Vec<Kept<'_>> = placed[..2].iter().map(kept).collect();
        let restore = |items: Vec<Kept<'_>>| {
            Placer::restore(
                StoryConfig::default(),
                &NearConfig::default(),
                &snapshot,
                items,
            )
        };
        assert!(restore(short).is_err());
        let mut shuffled: Vec<Kept<'_>> = placed.iter().map(kept).collect();
        shuffled.swap(0, 1);
        assert!(restore(shuffled).is_err());
        assert!(Placer::restore(
            StoryConfig::default(),
            &NearConfig::default(),
            &snapshot[..snapshot.len() - 1],
            placed.iter().map(kept)
        )
        .is_err());
    }
}
