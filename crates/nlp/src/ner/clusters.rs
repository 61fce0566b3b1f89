//! Word clusters learned from unlabeled text: each frequent word is a
//! vector of its left and right neighbours (log counts over the most
//! frequent words), grouped by spherical k-means into fine clusters, whose
//! centroids are grouped again into coarse ones. Deterministic for a seed.

use std::collections::HashMap;

use crate::ner::features::text_key;
use crate::ner::train::Rng;

/// How clusters are learned.
#[derive(Debug, Clone)]
pub(crate) struct ClusterConfig {
    /// Fine clusters (at most 65,535).
    pub fine: usize,
    /// Coarse clusters (at most 250).
    pub coarse: usize,
    /// Words seen fewer times get no cluster.
    pub min_count: u32,
    /// At most this many words get a cluster (the most frequent).
    pub max_words: usize,
    /// Context words: the most frequent ones.
    pub context: usize,
    /// k-means rounds.
    pub rounds: usize,
    /// Seed of the initial centroids.
    pub seed: u64,
}

type Sparse = Vec<(u32, f32)>;

fn normalised(mut vector: Sparse) -> Sparse {
    let norm = vector.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, v) in vector.iter_mut() {
            *v /= norm;
        }
    }
    vector
}

/// Spherical k-means; returns each vector's cluster and the centroids.
fn kmeans(
    vectors: &[Sparse],
    dims: usize,
    k: usize,
    rounds: usize,
    rng: &mut Rng,
) -> (Vec<usize>, Vec<Vec<f32>>) {
    let k = k.min(vectors.len()).max(1);
    let mut order: Vec<usize> = (0..vectors.len()).collect();
    rng.shuffle(&mut order);
    let mut centroids: Vec<Vec<f32>> = order
        .iter()
        .take(k)
        .map(|&i| {
            let mut dense = vec![0f32; dims];
            for &(d, v) in &vectors[i] {
                dense[d as usize] = v;
            }
            dense
        })
        .collect();
    let mut assignment = vec![0usize; vectors.len()];
    for _ in 0..rounds {
        for (vector, assigned) in vectors.iter().zip(assignment.iter_mut()) {
            let mut best = f32::MIN;
            let mut arg = 0;
            for (c, centroid) in centroids.iter().enumerate() {
                let dot: f32 = vector.iter().map(|&(d, v)| centroid[d as usize] * v).sum();
                if dot > best {
                    best = dot;
                    arg = c;
                }
            }
            *assigned = arg;
        }
        let mut sums = vec![vec![0f32; dims]; k];
        let mut sizes = vec![0usize; k];
        for (vector, &c) in vectors.iter().zip(&assignment) {
            sizes[c] += 1;
            for &(d, v) in vector {
                sums[c][d as usize] += v;
            }
        }
        for (c, sum) in sums.into_iter().enumerate() {
            if sizes[c] == 0 {
                continue;
            }
            let norm = sum.iter().map(|v| v * v).sum::<f32>().sqrt();
            if norm > 0.0 {
                centroids[c] = sum.into_iter().map(|v| v / norm).collect();
            }
        }
    }
    (assignment, centroids)
}

/// Learns clusters from sentences of normalised tokens (lowercased, digits
/// as 0); returns word key → (fine cluster, coarse cluster).
pub(crate) fn learn(sentences: &[Vec<String>], config: &ClusterConfig) -> HashMap<u64, (u16, u8)> {
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for sentence in sentences {
        for word in sentence {
            *counts.entry(word.as_str()).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, u32)> = counts.into_iter().collect();
    ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let context: HashMap<&str, u32> = ranked
        .iter()
        .take(config.context)
        .enumerate()
        .map(|(i, (w, _))| (*w, i as u32))
        .collect();
    let width = context.len() as u32;
    let dims = 2 * width as usize + 2;
    let words: Vec<&str> = ranked
        .iter()
        .filter(|(_, c)| *c >= config.min_count)
        .take(config.max_words)
        .map(|(w, _)| *w)
        .collect();
    if words.is_empty() {
        return HashMap::new();
    }
    let index: HashMap<&str, usize> = words.iter().enumerate().map(|(i, w)| (*w, i)).collect();
    let mut raw: Vec<HashMap<u32, f32>> = vec![HashMap::new(); words.len()];
    for sentence in sentences {
        for (i, word) in sentence.iter().enumerate() {
            let Some(&v) = index.get(word.as_str()) else {
                continue;
            };
            let left = match i.checked_sub(1) {
                Some(j) => context.get(sentence[j].as_str()).copied(),
                None => Some(2 * width),
            };
            let right = match sentence.get(i + 1) {
                Some(next) => context.get(next.as_str()).map(|d| width + d),
                None => Some(2 * width + 1),
            };
            for dim in [left, right].into_iter().flatten() {
                *raw[v].entry(dim).or_default() += 1.0;
            }
        }
    }
    let vectors: Vec<Sparse> = raw
        .into_iter()
        .map(|map| {
            let mut vector: Sparse = map.into_iter().map(|(d, c)| (d, (1.0 + c).ln())).collect();
            vector.sort_unstable_by_key(|(d, _)| *d);
            normalised(vector)
        })
        .collect();
    let mut rng = Rng::new(config.seed ^ 0xC1A5_7E25);
    let (fine, centroids) = kmeans(
        &vectors,
        dims,
        config.fine.min(65_535),
        config.rounds,
        &mut rng,
    );
    let centroid_vectors: Vec<Sparse> = centroids
        .iter()
        .map(|c| {
            c.iter()
                .enumerate()
                .filter(|(_, v)| **v != 0.0)
                .map(|(d, v)| (d as u32, *v))
                .collect()
        })
        .collect();
    let (coarse, _) = kmeans(
        &centroid_vectors,
        dims,
        config.coarse.min(250),
        config.rounds,
        &mut rng,
    );
    words
        .iter()
        .zip(fine)
        .map(|(word, f)| {
            (
                text_key(word),
                (f as u16, coarse.get(f).copied().unwrap_or(0) as u8),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Vec<Vec<String>> {
        let mut sentences = Vec::new();
        for town in ["velmora", "portavel", "ostrand", "kelby"] {
            for verb in ["visited", "left", "praised"] {
                for person in ["ilse", "marek", "tova"] {
                    let text = format!("{person} {verb} {town} on monday .");
                    sentences.push(text.split(' ').map(str::to_string).collect());
                }
            }
        }
        sentences
    }

    #[test]
    fn words_in_the_same_slots_share_clusters_and_learning_is_deterministic() {
        let config = ClusterConfig {
            fine: 4,
            coarse: 2,
            min_count: 2,
            max_words: 1000,
            context: 20,
            rounds: 10,
            seed: 7,
        };
        let clusters = learn(&corpus(), &config);
        let of = |w: &str| clusters[&text_key(w)].0;
        assert_eq!(of("velmora"), of("portavel"));
        assert_eq!(of("ilse"), of("marek"));
        assert_ne!(of("velmora"), of("ilse"));
        assert_eq!(clusters, learn(&corpus(), &config));
    }
}
