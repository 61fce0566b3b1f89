//! Regrouping a window of stories into storylines: a latent semantic
//! representation fitted on the stories themselves, and average-link
//! clustering over it.
//!
//! A bag of words tells two stories apart only by the words they share:
//! three different Russian topics share "Moscow" and "Russian", a computer
//! virus and West Nile virus share "virus". Words that occur together
//! across many stories ("mosquito", "encephalitis", "spraying") form a
//! direction of their own in the stories' term matrix; a truncated
//! singular value decomposition (latent semantic analysis) keeps the
//! strongest of those directions, and the cosine of two stories along them
//! says whether they are about the same theme even when they share few
//! words. The decomposition is fitted on the window itself, with term
//! weights from the stream, so nothing is learnt in advance and nothing is
//! shipped: a new theme gets its direction as soon as it has stories.
//!
//! - [`similarities`]: for unit-length sparse rows, the matrix
//!   `(1 - mix) · cosine + mix · latent cosine`, the latent cosine taken in
//!   the top `dims` singular directions (the Lanczos method from a fixed
//!   start with full reorthogonalisation, the small tridiagonal matrix
//!   solved by the implicit QL method).
//! - [`average_link`]: agglomerative clustering with average linkage,
//!   merging the most similar pair of groups until no pair reaches the
//!   threshold.
//!
//! Everything is sequential with fixed orders and a fixed pseudo-random
//! sequence: the same rows give the same groups, bit for bit.

/// Lanczos steps beyond the dimensions kept (more steps, more exact
/// leading directions; twice the dimensions plus 20 gave the same
/// storylines on the DUC development file at 1.5 times the cost).
const EXTRA_STEPS: usize = 30;

/// A sparse row: (term, weight), terms ascending.
pub(crate) type Row = Vec<(u32, f64)>;

/// Cuts `row` to its `keep` strongest terms (ties: the lower term; 0:
/// all), in term order.
pub(crate) fn keep_strongest(row: &mut Row, keep: usize) {
    if keep > 0 && row.len() > keep {
        row.select_nth_unstable_by(keep - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        row.truncate(keep);
    }
    row.sort_unstable_by_key(|&(term, _)| term);
}

/// The n × n similarity matrix (row-major) of unit-length `rows`: `mix`
/// of the cosine in the top `dims` latent directions, the rest plain
/// cosine. With `dims` 0 or `mix` 0 it is the plain cosine.
pub(crate) fn similarities(rows: &[Row], dims: usize, mix: f64) -> Vec<f64> {
    let n = rows.len();
    let x = Sparse::new(rows);
    let (latent, k) = if n > 0 && dims > 0 && mix != 0.0 {
        let latent = latent_rows(&x, dims);
        let k = latent.len() / n;
        (latent, k)
    } else {
        (Vec::new(), 0)
    };
    let mix = if k == 0 { 0.0 } else { mix };
    // Term slot → (row, weight), rows ascending.
    let mut postings: Vec<Vec<(usize, f64)>> = vec![Vec::new(); x.terms];
    for r in 0..n {
        for &(term, weight) in x.row(r) {
            postings[term].push((r, weight));
        }
    }
    // Row by row, the plain cosine with every later row summed in the
    // row's term order, then the latent cosine mixed in; mirrored after.
    let mut out = vec![0.0; n * n];
    let mut plain = vec![0.0; n];
    // Rows come in order, so a term's next posting is always the row at
    // hand: a cursor per term replaces a search.
    let mut cursor = vec![0usize; x.terms];
    for i in 0..n {
        for &(term, weight) in x.row(i) {
            let list = &postings[term];
            let from = cursor[term];
            cursor[term] += 1;
            for &(j, other) in &list[from..] {
                plain[j] += weight * other;
            }
        }
        let a = &latent[i * k..(i + 1) * k];
        for j in i..n {
            let dense = if k == 0 {
                0.0
            } else {
                dot(a, &latent[j * k..(j + 1) * k])
            };
            out[i * n + j] = (1.0 - mix) * plain[j] + mix * dense;
            plain[j] = 0.0;
        }
    }
    for i in 0..n {
        for j in 0..i {
            out[i * n + j] = out[j * n + i];
        }
    }
    out
}

/// The rows' coordinates in the top `dims` left singular directions of
/// the row × term matrix X, scaled by the singular values and made unit
/// length: n × k row-major (k ≤ dims; fewer when the rows span fewer).
/// The directions are the leading eigenvectors of X Xᵀ, found by the
/// Lanczos method with full reorthogonalisation (dims + 30 steps from a
/// fixed start), the small tridiagonal matrix solved by the implicit QL
/// method ([`tridiagonal_eigen`]).
fn latent_rows(x: &Sparse, dims: usize) -> Vec<f64> {
    let n = x.starts.len() - 1;
    let steps = (dims + EXTRA_STEPS).min(n);
    let mut random = 0x7469_6469_6e67_7321_u64;
    let mut start: Vec<f64> = (0..n)
        .map(|_| {
            if crate::near::splitmix64(&mut random) & 1 == 0 {
                1.0
            } else {
                -1.0
            }
        })
        .collect();
    let norm = dot(&start, &start).sqrt();
    start.iter_mut().for_each(|v| *v /= norm);
    let mut basis: Vec<Vec<f64>> = vec![start];
    let mut alpha: Vec<f64> = Vec::new();
    let mut beta: Vec<f64> = Vec::new();
    let mut scratch = vec![0.0; x.terms];
    let mut scale = 0.0_f64;
    while alpha.len() < steps {
        let j = alpha.len();
        let mut w = x.gram_times(&basis[j], &mut scratch);
        let a = dot(&w, &basis[j]);
        alpha.push(a);
        scale = scale.max(a.abs());
        // Full reorthogonalisation; a second pass only when the first
        // cancelled most of the vector, where rounding can leave a part
        // along the basis ("twice is enough", Kahan).
        let before = dot(&w, &w);
        reorthogonalise(&mut w, &basis);
        let mut square = dot(&w, &w);
        if square <= 0.5 * before {
            reorthogonalise(&mut w, &basis);
            square = dot(&w, &w);
        }
        let b = square.sqrt();
        if alpha.len() == steps || b <= 1e-10 * scale.max(1e-300) {
            break;
        }
        beta.push(b);
        w.iter_mut().for_each(|v| *v /= b);
        basis.push(w);
    }
    let m = alpha.len();
    let mut off = beta;
    off.truncate(m.saturating_sub(1));
    let (values, vectors) = tridiagonal_eigen(alpha, off);
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    order.truncate(dims);
    order.retain(|&c| values[c] > 1e-12 * scale.max(1e-300));
    let k = order.len();
    // Coordinates: the Ritz vectors (basis × eigenvectors) times the
    // square root of their eigenvalues, rows made unit length.
    let mut out = vec![0.0; n * k];
    for (slot, &c) in order.iter().enumerate() {
        let root = values[c].sqrt();
        for (j, v) in basis.iter().enumerate().take(m) {
            let weight = vectors[c * m + j] * root;
            for r in 0..n {
                out[r * k + slot] += weight * v[r];
            }
        }
    }
    for r in 0..n {
        let row = &mut out[r * k..(r + 1) * k];
        let norm = dot(row, row).sqrt();
        if norm > 0.0 {
            row.iter_mut().for_each(|x| *x /= norm);
        }
    }
    out
}

/// Takes from `w` its part along each (orthonormal) vector of `basis`, in
/// order.
fn reorthogonalise(w: &mut [f64], basis: &[Vec<f64>]) {
    for v in basis {
        let d = dot(w, v);
        w.iter_mut().zip(v).for_each(|(w, v)| *w -= d * v);
    }
}

/// The dot product, in four running sums (so that it vectorises), added
/// up in a fixed order at the end.
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut sums = [0.0; 4];
    let (a4, a_rest) = a.split_at(a.len() - a.len() % 4);
    let (b4, b_rest) = b.split_at(a4.len());
    for (x, y) in a4.chunks_exact(4).zip(b4.chunks_exact(4)) {
        for k in 0..4 {
            sums[k] += x[k] * y[k];
        }
    }
    let tail: f64 = a_rest.iter().zip(b_rest).map(|(x, y)| x * y).sum();
    (sums[0] + sums[1]) + (sums[2] + sums[3]) + tail
}

/// The rows as a compressed sparse matrix over term slots 0..terms.
struct Sparse {
    /// Row r's entries are `entries[starts[r]..starts[r + 1]]`.
    starts: Vec<usize>,
    entries: Vec<(usize, f64)>,
    terms: usize,
}

impl Sparse {
    fn new(rows: &[Row]) -> Sparse {
        let mut slot: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
        let mut starts = Vec::with_capacity(rows.len() + 1);
        let mut entries = Vec::new();
        starts.push(0);
        for row in rows {
            for &(term, weight) in row {
                let next = slot.len();
                entries.push((*slot.entry(term).or_insert(next), weight));
            }
            starts.push(entries.len());
        }
        Sparse {
            starts,
            entries,
            terms: slot.len(),
        }
    }

    fn row(&self, r: usize) -> &[(usize, f64)] {
        &self.entries[self.starts[r]..self.starts[r + 1]]
    }

    /// X Xᵀ v, through `scratch` (one value per term, left zeroed).
    fn gram_times(&self, v: &[f64], scratch: &mut [f64]) -> Vec<f64> {
        for (r, &x) in v.iter().enumerate() {
            for &(term, weight) in &self.entries[self.starts[r]..self.starts[r + 1]] {
                scratch[term] += weight * x;
            }
        }
        let out = (0..v.len())
            .map(|r| {
                self.entries[self.starts[r]..self.starts[r + 1]]
                    .iter()
                    .map(|&(term, weight)| weight * scratch[term])
                    .sum()
            })
            .collect();
        scratch.iter_mut().for_each(|s| *s = 0.0);
        out
    }
}

/// Eigenvalues and eigenvectors of the symmetric tridiagonal matrix with
/// `diagonal` (m values) and `off` (its m − 1 values beside the diagonal),
/// by the implicit QL method with Wilkinson shifts. The vectors come as
/// rows of the result (vector c is `vectors[c * m..(c + 1) * m]`), so each
/// plane rotation updates two contiguous rows.
fn tridiagonal_eigen(diagonal: Vec<f64>, off: Vec<f64>) -> (Vec<f64>, Vec<f64>) {
    let m = diagonal.len();
    let mut d = diagonal;
    // e[i] couples i and i + 1; e[m - 1] is 0.
    let mut e = off;
    e.resize(m, 0.0);
    let mut z = vec![0.0; m * m];
    for i in 0..m {
        z[i * m + i] = 1.0;
    }
    for l in 0..m {
        for _iteration in 0..60 {
            // The first negligible coupling at or after l splits the
            // matrix; l is done when it is its own block.
            let mut end = l;
            while end + 1 < m {
                let size = d[end].abs() + d[end + 1].abs();
                if e[end].abs() <= f64::EPSILON * size {
                    break;
                }
                end += 1;
            }
            if end == l {
                break;
            }
            // Wilkinson's shift from the top 2 × 2 block at l.
            let g = (d[l + 1] - d[l]) / (2.0 * e[l]);
            let r = g.hypot(1.0);
            let mut g = d[end] - d[l] + e[l] / (g + r.copysign(g));
            let (mut sin, mut cos, mut p) = (1.0_f64, 1.0_f64, 0.0_f64);
            let mut deflated = false;
            for i in (l..end).rev() {
                let f = sin * e[i];
                let b = cos * e[i];
                let r = f.hypot(g);
                e[i + 1] = r;
                if r == 0.0 {
                    // Underflow: the block splits at i; start again.
                    d[i + 1] -= p;
                    e[end] = 0.0;
                    deflated = true;
                    break;
                }
                sin = f / r;
                cos = g / r;
                let h = d[i + 1] - p;
                let t = (d[i] - h) * sin + 2.0 * cos * b;
                p = sin * t;
                d[i + 1] = h + p;
                g = cos * t - b;
                let (upper, lower) = z.split_at_mut((i + 1) * m);
                let zi = &mut upper[i * m..];
                let zn = &mut lower[..m];
                for (a, b) in zi.iter_mut().zip(zn.iter_mut()) {
                    let next = *b;
                    *b = sin * *a + cos * next;
                    *a = cos * *a - sin * next;
                }
            }
            if deflated {
                continue;
            }
            d[l] -= p;
            e[l] = g;
            e[end] = 0.0;
        }
    }
    (d, z)
}

/// Average-link agglomerative clustering of an n × n similarity matrix:
/// the most similar pair of groups (ties: the lowest pair in row order)
/// becomes one while that similarity reaches `threshold`; a group's
/// similarity with another is the mean over their members' pairs. Returns
/// each item's group, numbered by its lowest member.
pub(crate) fn average_link(similarity: Vec<f64>, n: usize, threshold: f64) -> Vec<usize> {
    let mut s = similarity;
    let mut size = vec![1.0_f64; n];
    let mut active = vec![true; n];
    let mut group: Vec<usize> = (0..n).collect();
    // best[i]: the most similar active j ≠ i (ties: the lowest j).
    let best_of = |s: &[f64], active: &[bool], i: usize| -> Option<(f64, usize)> {
        let mut best: Option<(f64, usize)> = None;
        for j in 0..n {
            if j != i && active[j] && best.is_none_or(|(v, _)| s[i * n + j] > v) {
                best = Some((s[i * n + j], j));
            }
        }
        best
    };
    let mut best: Vec<Option<(f64, usize)>> = (0..n).map(|i| best_of(&s, &active, i)).collect();
    loop {
        let mut pick: Option<(f64, usize, usize)> = None;
        for i in 0..n {
            if !active[i] {
                continue;
            }
            if let Some((v, j)) = best[i] {
                let (a, b) = (i.min(j), i.max(j));
                let better = match pick {
                    None => true,
                    Some((pv, pa, pb)) => v > pv || (v == pv && (a, b) < (pa, pb)),
                };
                if better {
                    pick = Some((v, a, b));
                }
            }
        }
        let Some((value, i, j)) = pick else { break };
        if value < threshold {
            break;
        }
        // j joins i.
        let (si, sj) = (size[i], size[j]);
        for x in 0..n {
            if active[x] && x != i && x != j {
                let merged = (s[i * n + x] * si + s[j * n + x] * sj) / (si + sj);
                s[i * n + x] = merged;
                s[x * n + i] = merged;
            }
        }
        size[i] = si + sj;
        active[j] = false;
        best[j] = None;
        for g in &mut group {
            if *g == j {
                *g = i;
            }
        }
        for x in 0..n {
            if !active[x] {
                continue;
            }
            if x == i {
                best[x] = best_of(&s, &active, x);
                continue;
            }
            match best[x] {
                Some((_, b)) if b == i || b == j => best[x] = best_of(&s, &active, x),
                Some((v, b)) => {
                    let value = s[x * n + i];
                    if value > v || (value == v && i < b) {
                        best[x] = Some((value, i));
                    }
                }
                None => best[x] = best_of(&s, &active, x),
            }
        }
    }
    group
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unit rows from (term, weight) lists.
    fn unit(rows: &[&[(u32, f64)]]) -> Vec<Row> {
        rows.iter()
            .map(|row| {
                let norm = row.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
                row.iter().map(|&(t, w)| (t, w / norm)).collect()
            })
            .collect()
    }

    #[test]
    fn a_row_keeps_its_strongest_terms_in_term_order() {
        let mut row: Row = vec![(9, 0.5), (2, 0.1), (4, 0.5), (7, 0.9), (1, 0.3)];
        keep_strongest(&mut row, 3);
        // 0.9, then the tie at 0.5 both in, 0.3 and 0.1 out.
        assert_eq!(row, vec![(4, 0.5), (7, 0.9), (9, 0.5)]);
        let mut tie: Row = vec![(5, 1.0), (3, 1.0), (8, 1.0)];
        keep_strongest(&mut tie, 2);
        assert_eq!(tie, vec![(3, 1.0), (5, 1.0)]);
        let mut all: Row = vec![(6, 0.2), (1, 0.4)];
        keep_strongest(&mut all, 0);
        assert_eq!(all, vec![(1, 0.4), (6, 0.2)]);
    }

    #[test]
    fn the_plain_part_is_the_cosine() {
        let rows = unit(&[&[(1, 1.0), (2, 1.0)], &[(2, 1.0), (3, 1.0)], &[(4, 2.0)]]);
        let s = similarities(&rows, 0, 0.3);
        assert!((s[0] - 1.0).abs() < 1e-12);
        assert!((s[1] - 0.5).abs() < 1e-12 && (s[3] - 0.5).abs() < 1e-12);
        assert_eq!(s[2], 0.0);
        assert_eq!(s[5], 0.0);
    }

    /// The matrix with 2 on the diagonal and −1 beside it has the
    /// eigenvalues 2 − 2 cos(kπ / (m + 1)); each pair found must satisfy
    /// T v = λ v, and the vectors be orthonormal.
    #[test]
    fn the_tridiagonal_solver_finds_every_eigenpair() {
        for m in [1usize, 2, 3, 7, 40] {
            let (values, vectors) = tridiagonal_eigen(vec![2.0; m], vec![-1.0; m - 1]);
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            for (k, got) in sorted.iter().enumerate() {
                let angle = (k + 1) as f64 * std::f64::consts::PI / (m + 1) as f64;
                let want = 2.0 - 2.0 * angle.cos();
                assert!((got - want).abs() < 1e-10, "m {m}: {got} against {want}");
            }
            for c in 0..m {
                let v = &vectors[c * m..(c + 1) * m];
                for r in 0..m {
                    let mut tv = 2.0 * v[r];
                    if r > 0 {
                        tv -= v[r - 1];
                    }
                    if r + 1 < m {
                        tv -= v[r + 1];
                    }
                    assert!((tv - values[c] * v[r]).abs() < 1e-9, "m {m}, vector {c}");
                }
                for other in 0..m {
                    let w = &vectors[other * m..(other + 1) * m];
                    let want = if other == c { 1.0 } else { 0.0 };
                    assert!((dot(v, w) - want).abs() < 1e-9);
                }
            }
        }
        // Uneven entries: each value found is a root of det(T − λI),
        // taken by the recurrence of the leading minors.
        let diagonal = vec![4.0, -1.0, 3.5, 0.25, 9.0];
        let off = vec![1.5, -2.0, 0.75, 3.0];
        let (values, _) = tridiagonal_eigen(diagonal.clone(), off.clone());
        for &lambda in &values {
            let (mut before, mut now) = (1.0, diagonal[0] - lambda);
            for i in 1..5 {
                let next = (diagonal[i] - lambda) * now - off[i - 1] * off[i - 1] * before;
                before = now;
                now = next;
            }
            assert!(now.abs() < 1e-8, "{lambda}: {now}");
        }
    }

    /// Two themes whose articles share few words pairwise (a chain of
    /// words within each theme) and one word across them: in the latent
    /// directions the ends of each chain are close, the themes apart,
    /// while their plain cosines are the same.
    #[test]
    fn latent_cosine_joins_a_theme_whose_ends_share_no_word() {
        // Theme one: terms 10..16, each row a window of three; theme two:
        // terms 20..26; term 1 ("virus") in every row of both.
        let mut lists: Vec<Vec<(u32, f64)>> = Vec::new();
        for base in [10u32, 20] {
            for start in 0..5 {
                let mut row: Vec<(u32, f64)> = (0..3).map(|k| (base + start + k, 1.0)).collect();
                row.insert(0, (1, 1.0));
                lists.push(row);
            }
        }
        let refs: Vec<&[(u32, f64)]> = lists.iter().map(Vec::as_slice).collect();
        let rows = unit(&refs);
        let n = rows.len();
        let plain = similarities(&rows, 0, 0.0);
        let latent = similarities(&rows, 2, 1.0);
        // Row 0 and row 4 (same theme) share only "virus", as do row 0 and
        // row 5 (other theme): the same plain cosine.
        assert!((plain[4] - plain[5]).abs() < 1e-12);
        // The first direction is what all rows share ("virus"), the second
        // tells the themes apart; an exact SVD gives 1.0 and 0.5533.
        assert!((latent[4] - 1.0).abs() < 1e-9, "same theme: {}", latent[4]);
        assert!(
            (latent[5] - 0.553_343_515).abs() < 1e-6,
            "other theme: {}",
            latent[5]
        );
        for i in 0..n {
            assert!((latent[i * n + i] - 1.0).abs() < 1e-9);
        }
    }

    /// Sixty rows of three themes (30, 20 and 10 rows), each row its
    /// theme's three words and one word of its own: the three leading
    /// directions are the themes (eigenvalues 27.8, 18.5 and 9.3, then
    /// 0.08 many times over), so the latent cosine is 1 within a theme and
    /// 0 across, where the plain cosine of two rows of a theme is 0.92.
    /// The Lanczos run stops early: the rows span few directions that a
    /// start vector can reach.
    #[test]
    fn three_themes_are_the_three_leading_directions() {
        let theme = |r: usize| [0u32, 0, 0, 1, 1, 2][r % 6];
        let lists: Vec<Vec<(u32, f64)>> = (0..60usize)
            .map(|i| {
                let t = theme(i) * 100;
                vec![
                    (t, 2.0),
                    (t + 1, 2.0),
                    (t + 2, 2.0),
                    (t + 10 + i as u32, 1.0),
                ]
            })
            .collect();
        let refs: Vec<&[(u32, f64)]> = lists.iter().map(Vec::as_slice).collect();
        let rows = unit(&refs);
        let latent = similarities(&rows, 3, 1.0);
        for i in 0..60 {
            for j in 0..60 {
                let want = if theme(i) == theme(j) { 1.0 } else { 0.0 };
                let got = latent[i * 60 + j];
                assert!((got - want).abs() < 1e-6, "rows {i} and {j}: {got}");
            }
        }
    }

    #[test]
    fn average_link_merges_by_the_mean_not_the_best_pair() {
        // 0–1 close; 2 close to 1 only. Single link would take 2 in at
        // 0.5; the mean of 2 with {0, 1} is (0.0 + 0.5) / 2 = 0.25.
        let s = vec![
            1.0, 0.9, 0.0, //
            0.9, 1.0, 0.5, //
            0.0, 0.5, 1.0,
        ];
        assert_eq!(average_link(s.clone(), 3, 0.3), vec![0, 0, 2]);
        assert_eq!(average_link(s.clone(), 3, 0.2), vec![0, 0, 0]);
        assert_eq!(average_link(s.clone(), 3, 0.95), vec![0, 1, 2]);
    }

    #[test]
    fn average_link_finds_blocks_and_ties_go_to_the_lower_pair() {
        // Items 0, 2, 4 and 1, 3, 5 are two blocks (0.6 within, 0.1
        // across), every within-block pair tied.
        let n = 6;
        let mut s = vec![0.1; n * n];
        for i in 0..n {
            for j in 0..n {
                if i % 2 == j % 2 {
                    s[i * n + j] = if i == j { 1.0 } else { 0.6 };
                }
            }
        }
        assert_eq!(average_link(s.clone(), n, 0.5), vec![0, 1, 0, 1, 0, 1]);
        assert_eq!(average_link(s.clone(), n, 0.05), vec![0; 6]);
    }

    #[test]
    fn the_same_rows_give_the_same_bits() {
        let lists: Vec<Vec<(u32, f64)>> = (0..40u32)
            .map(|i| {
                (0..6)
                    .map(|k| ((i * 7 + k * 13) % 50, 1.0 + f64::from(k)))
                    .collect()
            })
            .map(|mut row: Vec<(u32, f64)>| {
                row.sort_by_key(|&(t, _)| t);
                row.dedup_by_key(|&mut (t, _)| t);
                row
            })
            .collect();
        let refs: Vec<&[(u32, f64)]> = lists.iter().map(Vec::as_slice).collect();
        let rows = unit(&refs);
        let a = similarities(&rows, 5, 0.3);
        let b = similarities(&rows, 5, 0.3);
        assert!(a.iter().zip(&b).all(|(x, y)| x.to_bits() == y.to_bits()));
        assert_eq!(average_link(a, 40, 0.2), average_link(b, 40, 0.2));
    }
}
