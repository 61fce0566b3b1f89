//! Where the dedup stage placed an article: its story, its storyline, and
//! the earlier article it copies, if any.

use serde::{Deserialize, Serialize};

use crate::doc::DocId;

/// Where the dedup stage placed an article.
///
/// The clusterer sees articles one at a time, in ingest order; each gets the
/// next `seq`. A story groups the articles about one happening; a storyline
/// groups stories that continue one another. Placing an article may move
/// earlier stories to another storyline (`relinked`), merge storylines
/// (`merged`) or merge stories (`stories_merged`); the lists say so, so a
/// store can follow without re-running the clusterer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    /// Its position in the store's stream of placed articles (0, 1, 2, … in
    /// the order the clusterer saw them).
    pub seq: u64,
    /// The time the clusterer used (seconds since the epoch: publication,
    /// else fetch time).
    pub time: i64,
    /// Its story.
    pub story: u64,
    /// Its story's storyline once this article was placed, if any.
    pub storyline: Option<u64>,
    /// The first-seen article it copies (exact or near duplicate), if any.
    pub duplicate_of: Option<DocId>,
    /// Estimated Jaccard similarity to that original (1.0 for an exact copy).
    pub similarity: Option<f32>,
    /// Its MinHash signature as bytes (kept so nothing needs re-reading), if
    /// computed.
    pub signature: Option<Vec<u8>>,
    /// Earlier stories whose storyline changed with this article:
    /// `(story, storyline)`.
    pub relinked: Vec<(u64, u64)>,
    /// Storylines merged with this article: `(absorbed, survivor)`.
    pub merged: Vec<(u64, u64)>,
    /// Stories merged before this article was placed: `(absorbed,
    /// survivor)`. The absorbed story's articles belong to the survivor
    /// from then on and the absorbed story is gone.
    #[serde(default)]
    pub stories_merged: Vec<(u64, u64)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_placement_survives_json() {
        let placement = Placement {
            seq: 7,
            time: 1_767_225_600,
            story: 3,
            storyline: Some(1),
            duplicate_of: Some(DocId::of_bytes(b"Ferries resume at Portavel")),
            similarity: Some(0.875),
            signature: Some(vec![1, 2, 3]),
            relinked: vec![(2, 1)],
            merged: vec![(4, 1)],
            stories_merged: vec![(5, 3)],
        };
        let json = serde_json::to_string(&placement).unwrap();
        assert_eq!(serde_json::from_str::<Placement>(&json).unwrap(), placement);
    }
}
