//! Clustering scores, as `shared/tools/score_clustering.py` computes them:
//! B-cubed and pairwise precision, recall and F1 over the gold items.

use std::collections::HashMap;

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// The scores of a predicted clustering against the gold one.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    /// B-cubed: per item, the share of its predicted cluster that is in its
    /// gold cluster (precision) and the share of its gold cluster that is in
    /// its predicted one (recall), averaged over items.
    pub bcubed: Prf,
    /// Over unordered pairs of items: pairs together in both clusterings
    /// over pairs together in the prediction (precision) or in the gold
    /// (recall).
    pub pairwise: Prf,
    /// Gold items.
    pub items: usize,
    /// Gold items missing from the prediction (scored as singletons).
    pub missing: usize,
}

/// Scores `predicted` (item → cluster) against `gold` (item → cluster).
/// Items of `predicted` that `gold` lacks are ignored; gold items that
/// `predicted` lacks are singletons of their own.
pub fn score(gold: &[(String, String)], predicted: &[(String, String)]) -> Scores {
    let predicted: HashMap<&str, &str> = predicted
        .iter()
        .map(|(item, cluster)| (item.as_str(), cluster.as_str()))
        .collect();
    // Cluster names interned: gold clusters, predicted clusters (a missing
    // item gets a cluster of its own).
    let mut gold_ids: HashMap<&str, usize> = HashMap::new();
    let mut predicted_ids: HashMap<&str, usize> = HashMap::new();
    let mut missing = 0;
    let mut assignments: Vec<(usize, usize)> = Vec::with_capacity(gold.len());
    let mut own = 0usize;
    for (item, cluster) in gold {
        let n = gold_ids.len();
        let g = *gold_ids.entry(cluster.as_str()).or_insert(n);
        let p = match predicted.get(item.as_str()) {
            Some(cluster) => {
                let n = predicted_ids.len();
                *predicted_ids.entry(cluster).or_insert(n)
            }
            None => {
                missing += 1;
                own += 1;
                usize::MAX - own
            }
        };
        assignments.push((g, p));
    }
    let mut gold_size: HashMap<usize, u64> = HashMap::new();
    let mut predicted_size: HashMap<usize, u64> = HashMap::new();
    let mut both: HashMap<(usize, usize), u64> = HashMap::new();
    for &(g, p) in &assignments {
        *gold_size.entry(g).or_default() += 1;
        *predicted_size.entry(p).or_default() += 1;
        *both.entry((g, p)).or_default() += 1;
    }
    let n = assignments.len();
    if n == 0 {
        return Scores::default();
    }
    // B-cubed: each item of a (g, p) cell has |cell|/|p| and |cell|/|g|.
    let mut precision = 0.0;
    let mut recall = 0.0;
    let mut together = 0u64;
    for (&(g, p), &cell) in &both {
        let cell_f = cell as f64;
        precision += cell_f * cell_f / predicted_size[&p] as f64;
        recall += cell_f * cell_f / gold_size[&g] as f64;
        together += cell * (cell - 1) / 2;
    }
    let bcubed = Prf::new(precision / n as f64, recall / n as f64);
    let pairs = |sizes: &HashMap<usize, u64>| sizes.values().map(|s| s * (s - 1) / 2).sum::<u64>();
    let predicted_pairs = pairs(&predicted_size);
    let gold_pairs = pairs(&gold_size);
    let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let pairwise = Prf::new(
        ratio(together, predicted_pairs),
        ratio(together, gold_pairs),
    );
    Scores {
        bcubed,
        pairwise,
        items: n,
        missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn perfect_and_merged_clusterings() {
        let gold = pairs(&[("a", "1"), ("b", "1"), ("c", "2"), ("d", "2")]);
        let same = score(
            &gold,
            &pairs(&[("a", "x"), ("b", "x"), ("c", "y"), ("d", "y")]),
        );
        assert_eq!(same.bcubed.f1, 1.0);
        assert_eq!(same.pairwise.f1, 1.0);
        let merged = score(
            &gold,
            &pairs(&[("a", "x"), ("b", "x"), ("c", "x"), ("d", "x")]),
        );
        assert_eq!(merged.bcubed.precision, 0.5);
        assert_eq!(merged.bcubed.recall, 1.0);
        assert!((merged.pairwise.precision - 2.0 / 6.0).abs() < 1e-12);
        // Missing items are singletons; unknown ones ignored.
        let partial = score(&gold, &pairs(&[("a", "x"), ("b", "x"), ("z", "x")]));
        assert_eq!(partial.missing, 2);
        assert_eq!(partial.bcubed.precision, 1.0);
        assert_eq!(partial.bcubed.recall, 0.75);
    }
}
