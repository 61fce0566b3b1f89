//! Exact and near-duplicate detection: which texts are copies of one another.
//!
//! - [`exact_key`]: the xxh3-128 hash of a text's normalised words (the
//!   words of [`crate::text::words`] joined by single spaces). Two texts that
//!   differ only in case, punctuation or spacing get the same key.
//! - [`MinHasher`] turns a text into a [`Signature`]: its word shingles
//!   ([`DEFAULT_SHINGLE_WORDS`] = 3 consecutive words; a text shorter than
//!   that is one shingle), each hashed with xxh3, summarised twice:
//!   [`PERMUTATIONS`] = 128 MinHash values (the smallest hash of the text
//!   under each of 128 hash permutations, for LSH banding) and a sample of
//!   the [`SAMPLE`] = 256 smallest distinct shingle hashes (a bottom-k
//!   sketch, for estimating Jaccard similarity).
//! - [`LshIndex`] holds signatures and finds those of a new one: the 128
//!   MinHash values are cut into bands of rows; two texts are candidates
//!   when one band agrees; candidates are kept when their estimated Jaccard
//!   similarity is at least the threshold ([`DEFAULT_THRESHOLD`] = 0.8).
//!   [`LshIndex::band_keys`] gives the keys a store can persist to find
//!   candidates later without re-reading any text.
//! - [`Dedup`] strings them together: [`Dedup::check`] says whether a text
//!   is an original, an exact copy or a near copy, always pointing at the
//!   first-seen original.
//!
//! ## Parameters and why
//!
//! **Bands × rows.** With `b` bands of `r` rows, two texts of Jaccard
//! similarity `J` become candidates with probability `1 − (1 − J^r)^b` (the
//! S-curve). [`bands_for`] takes the most rows (fewest chance candidates)
//! such that `b = 128 / r` bands still give probability ≥
//! [`CANDIDATE_RECALL`] = 0.99 at `J = threshold`; since the curve rises
//! with `J`, every pair above the threshold is a candidate with at least that
//! probability. For the default threshold 0.8 that is **21 bands × 6 rows**
//! (126 of the 128 values): `P(0.8) = 0.998`, `P(0.9) ≈ 1`, `P(0.7) = 0.92`,
//! `P(0.5) = 0.28`, `P(0.3) = 0.015`. Seven rows would give `P(0.8) = 0.986`,
//! below the target. Chance candidates cost one verification each, so the
//! loose lower end of the curve costs time, not precision.
//!
//! **Verification.** A candidate is kept when its estimated Jaccard
//! similarity is ≥ the threshold, so precision comes from the estimate and
//! recall just above the threshold from its spread. The 128 MinHash values
//! estimate `J` with standard deviation `√(J(1−J)/128)` ≈ 0.035 at 0.8,
//! which loses about one pair in three within 0.03 above the threshold. The
//! bottom-256 sample estimates it from the 256 smallest hashes of the union
//! ([`Signature::jaccard`]): the same 0.025 for long texts, but exact when
//! both texts have at most 256 distinct shingles and much tighter near that
//! (a 300-word news article has about 300), because it samples without
//! replacement.
//!
//! **Permutations.** Permutation `i` maps a 32-bit shingle hash `x` to
//! `(x ^ s_i) · m_i mod 2³²` with fixed random `s_i` and odd `m_i`: a
//! bijection whose high bits (the ones that decide a minimum) depend on
//! every bit of `x`. The shingle hashes are already xxh3 output, so this
//! one multiply per value suffices; the loop over the 128 values
//! vectorises (compiled for AVX2 too, chosen at run time when the CPU has
//! it; both give the same values). All constants come from a fixed seed:
//! signatures are the same on every machine and run.
//!
//! **Speed.** About 70,000 300-word documents per second on one core for
//! signature, query and insert (`bench/near_dup/run.sh`, BENCHMARKS.md).
//!
//! ```
//! use tidings_dedup::near::{Dedup, Verdict};
//!
//! let mut dedup = Dedup::default();
//! let text = "The ferry to Velmora sails again on Monday after the storm closed the harbour for three days, \
//!             the port authority said, and the first boat will carry medicine and fuel for the island.";
//! assert_eq!(dedup.check(1, text), Verdict::Original);
//! assert_eq!(dedup.check(2, &text.to_uppercase()), Verdict::Exact(1));
//! let edited = text.replace("three days", "four days");
//! assert!(matches!(dedup.check(3, &edited), Verdict::Near(1, j) if j >= 0.8));
//! ```

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_128, xxh3_64_with_seed};

/// How many MinHash values a [`Signature`] holds (hash permutations).
pub const PERMUTATIONS: usize = 128;
/// How many of a text's smallest distinct shingle hashes a [`Signature`]
/// keeps for estimating Jaccard similarity (the bottom-k sample).
pub const SAMPLE: usize = 256;
/// The default Jaccard similarity at or above which a text is a near copy.
pub const DEFAULT_THRESHOLD: f64 = 0.8;
/// The default number of consecutive words in a shingle.
pub const DEFAULT_SHINGLE_WORDS: usize = 3;
/// The probability with which [`bands_for`] makes a pair whose similarity
/// is exactly the threshold an LSH candidate.
pub const CANDIDATE_RECALL: f64 = 0.99;

/// The longest shingle [`MinHasher::new`] accepts, in words.
const MAX_SHINGLE_WORDS: usize = 32;
/// The first byte of [`Signature::to_bytes`]: the layout and hash scheme.
const SIGNATURE_VERSION: u8 = 1;
/// The seed every hash constant is derived from.
const SEED: u64 = 0x7469_6469_6e67_7331; // "tidings1"

/// The exact-duplicate key of `text`: xxh3-128 of its normalised words (the
/// lower-cased words of [`crate::text::words`] joined by single spaces).
///
/// ```
/// use tidings_dedup::near::exact_key;
/// assert_eq!(exact_key("Port closed, again!"), exact_key("port  CLOSED again"));
/// assert_ne!(exact_key("port closed"), exact_key("port opened"));
/// ```
pub fn exact_key(text: &str) -> u128 {
    xxh3_128(&Normalised::new(text).text)
}

/// Options for near-duplicate detection, with documented defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NearConfig {
    /// Jaccard similarity of word shingles at or above which a text is a
    /// near copy of an earlier one (0 < threshold ≤ 1; default 0.8).
    pub threshold: f64,
    /// Consecutive words in a shingle (1 to 32; default 3).
    pub shingle_words: usize,
}

impl Default for NearConfig {
    fn default() -> Self {
        NearConfig {
            threshold: DEFAULT_THRESHOLD,
            shingle_words: DEFAULT_SHINGLE_WORDS,
        }
    }
}

/// What went wrong building a detector or reading a stored signature.
#[derive(Clone, Debug, PartialEq)]
pub enum NearError {
    /// The threshold is not in (0, 1].
    Threshold(f64),
    /// The shingle length is not between 1 and 32 words.
    ShingleWords(usize),
    /// Stored signature bytes are not a signature.
    Signature {
        /// How many bytes were given.
        len: usize,
        /// What is wrong with them.
        why: &'static str,
    },
}

impl fmt::Display for NearError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NearError::Threshold(t) => {
                write!(
                    f,
                    "near-duplicate threshold {t}: must be above 0 and at most 1"
                )
            }
            NearError::ShingleWords(n) => {
                write!(
                    f,
                    "shingle of {n} words: must be 1 to {MAX_SHINGLE_WORDS} words"
                )
            }
            NearError::Signature { len, why } => write!(f, "signature of {len} bytes: {why}"),
        }
    }
}

impl std::error::Error for NearError {}

/// The summary of one text that near-duplicate detection compares: 128
/// MinHash values and the 256 smallest distinct shingle hashes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    shingle_words: u8,
    mins: [u32; PERMUTATIONS],
    /// Ascending, distinct, 1 to [`SAMPLE`] values.
    sample: Vec<u32>,
}

impl Signature {
    /// The MinHash values, one per permutation.
    pub fn mins(&self) -> &[u32; PERMUTATIONS] {
        &self.mins
    }

    /// The smallest distinct shingle hashes, ascending.
    pub fn sample(&self) -> &[u32] {
        &self.sample
    }

    /// The shingle length the signature was computed with, in words.
    pub fn shingle_words(&self) -> usize {
        usize::from(self.shingle_words)
    }

    /// Estimated Jaccard similarity of the two texts' shingle sets, from
    /// the bottom-k samples: of the 256 smallest hashes of the union of
    /// both samples, the share that is in both. Exact when both texts have
    /// at most 256 distinct shingles.
    pub fn jaccard(&self, other: &Signature) -> f64 {
        let (a, b) = (&self.sample, &other.sample);
        let (mut i, mut j, mut taken, mut both) = (0, 0, 0usize, 0usize);
        while taken < SAMPLE {
            match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if x == y => {
                    both += 1;
                    i += 1;
                    j += 1;
                }
                (Some(x), Some(y)) if x < y => i += 1,
                (Some(_), Some(_)) | (None, Some(_)) => j += 1,
                (Some(_), None) => i += 1,
                (None, None) => break,
            }
            taken += 1;
        }
        if taken == 0 {
            return 1.0;
        }
        both as f64 / taken as f64
    }

    /// Estimated Jaccard similarity from the MinHash values alone: the share
    /// of permutations whose minimum agrees. Noisier than [`Self::jaccard`];
    /// kept for comparison.
    pub fn minhash_jaccard(&self, other: &Signature) -> f64 {
        let equal = self
            .mins
            .iter()
            .zip(&other.mins)
            .filter(|(a, b)| a == b)
            .count();
        equal as f64 / PERMUTATIONS as f64
    }

    /// The signature as bytes for storage: a version byte, the shingle
    /// length, 128 MinHash values (u32 little-endian), the sample's length
    /// (u16 little-endian) and its values (u32 little-endian).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + 4 * (PERMUTATIONS + self.sample.len()));
        out.push(SIGNATURE_VERSION);
        out.push(self.shingle_words);
        for value in &self.mins {
            out.extend_from_slice(&value.to_le_bytes());
        }
        // The sample never holds more than SAMPLE (256) values.
        out.extend_from_slice(&(self.sample.len() as u16).to_le_bytes());
        for value in &self.sample {
            out.extend_from_slice(&value.to_le_bytes());
        }
        out
    }

    /// Reads bytes written by [`Self::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Signature, NearError> {
        let bad = |why| NearError::Signature {
            len: bytes.len(),
            why,
        };
        let head = 2 + 4 * PERMUTATIONS + 2;
        if bytes.len() < head {
            return Err(bad("too short"));
        }
        if bytes[0] != SIGNATURE_VERSION {
            return Err(bad("unknown version"));
        }
        let shingle_words = bytes[1];
        if shingle_words == 0 || usize::from(shingle_words) > MAX_SHINGLE_WORDS {
            return Err(bad("bad shingle length"));
        }
        let word = |at: usize| {
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let mut mins = [0u32; PERMUTATIONS];
        for (i, value) in mins.iter_mut().enumerate() {
            *value = word(2 + 4 * i);
        }
        let count = usize::from(u16::from_le_bytes([bytes[head - 2], bytes[head - 1]]));
        if count == 0 || count > SAMPLE {
            return Err(bad("sample length out of range"));
        }
        if bytes.len() != head + 4 * count {
            return Err(bad("length does not match the sample"));
        }
        let sample: Vec<u32> = (0..count).map(|i| word(head + 4 * i)).collect();
        if sample.windows(2).any(|w| w[0] >= w[1]) {
            return Err(bad("sample not strictly ascending"));
        }
        Ok(Signature {
            shingle_words,
            mins,
            sample,
        })
    }
}

/// Computes [`Signature`]s. Holds only constants derived from a fixed seed.
#[derive(Clone, Debug)]
pub struct MinHasher {
    shingle_words: usize,
    xors: [u32; PERMUTATIONS],
    multipliers: [u32; PERMUTATIONS],
}

impl Default for MinHasher {
    fn default() -> Self {
        MinHasher::with_words(DEFAULT_SHINGLE_WORDS)
    }
}

impl MinHasher {
    /// A hasher over shingles of `shingle_words` words (1 to 32).
    pub fn new(shingle_words: usize) -> Result<MinHasher, NearError> {
        if shingle_words == 0 || shingle_words > MAX_SHINGLE_WORDS {
            return Err(NearError::ShingleWords(shingle_words));
        }
        Ok(MinHasher::with_words(shingle_words))
    }

    fn with_words(shingle_words: usize) -> MinHasher {
        let mut state = SEED;
        let mut xors = [0u32; PERMUTATIONS];
        let mut multipliers = [0u32; PERMUTATIONS];
        for (xor, multiplier) in xors.iter_mut().zip(multipliers.iter_mut()) {
            let value = splitmix64(&mut state);
            *xor = value as u32;
            *multiplier = (value >> 32) as u32 | 1;
        }
        MinHasher {
            shingle_words,
            xors,
            multipliers,
        }
    }

    /// The shingle length, in words.
    pub fn shingle_words(&self) -> usize {
        self.shingle_words
    }

    /// The signature of `text`.
    pub fn signature(&self, text: &str) -> Signature {
        self.signature_of(&Normalised::new(text))
    }

    /// The exact key ([`exact_key`]) and signature of `text`, normalising
    /// it once.
    pub fn key_and_signature(&self, text: &str) -> (u128, Signature) {
        let normal = Normalised::new(text);
        (xxh3_128(&normal.text), self.signature_of(&normal))
    }

    fn signature_of(&self, normal: &Normalised) -> Signature {
        let mut hashes = self.shingle_hashes(normal);
        hashes.sort_unstable();
        hashes.dedup();
        let mut mins = [u32::MAX; PERMUTATIONS];
        min_hashes(&hashes, &self.xors, &self.multipliers, &mut mins);
        hashes.truncate(SAMPLE);
        Signature {
            // At most MAX_SHINGLE_WORDS (32), checked in `new`.
            shingle_words: self.shingle_words as u8,
            mins,
            sample: hashes,
        }
    }

    /// The 32-bit hash of every shingle, in order, repeats kept.
    fn shingle_hashes(&self, normal: &Normalised) -> Vec<u32> {
        let k = self.shingle_words;
        let count = normal.starts.len();
        if count < k {
            return vec![shingle_hash(&normal.text)];
        }
        (0..=count - k)
            .map(|i| shingle_hash(&normal.text[normal.starts[i]..normal.end(i + k - 1)]))
            .collect()
    }
}

/// The hash of one shingle's text (its words joined by single spaces).
fn shingle_hash(bytes: &[u8]) -> u32 {
    xxh3_64_with_seed(bytes, SEED) as u32
}

/// Lowers each running minimum by every hash under its permutation: with
/// AVX2 when the CPU has it (checked once at run time; eight values per
/// instruction, about twice as fast), else with what the build targets.
/// Both give the same values.
fn min_hashes(
    hashes: &[u32],
    xors: &[u32; PERMUTATIONS],
    multipliers: &[u32; PERMUTATIONS],
    mins: &mut [u32; PERMUTATIONS],
) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2, checked just above.
        unsafe { min_hashes_avx2(hashes, xors, multipliers, mins) };
        return;
    }
    min_hashes_portable(hashes, xors, multipliers, mins);
}

/// [`min_hashes_portable`] compiled for AVX2.
///
/// # Safety
///
/// The CPU must support AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn min_hashes_avx2(
    hashes: &[u32],
    xors: &[u32; PERMUTATIONS],
    multipliers: &[u32; PERMUTATIONS],
    mins: &mut [u32; PERMUTATIONS],
) {
    min_hashes_portable(hashes, xors, multipliers, mins);
}

/// A plain loop over fixed-size arrays, so that it vectorises; inlined into
/// [`min_hashes_avx2`] so that it vectorises for AVX2 there.
#[inline(always)]
fn min_hashes_portable(
    hashes: &[u32],
    xors: &[u32; PERMUTATIONS],
    multipliers: &[u32; PERMUTATIONS],
    mins: &mut [u32; PERMUTATIONS],
) {
    for &hash in hashes {
        for ((min, xor), multiplier) in mins.iter_mut().zip(xors).zip(multipliers) {
            *min = (*min).min((hash ^ xor).wrapping_mul(*multiplier));
        }
    }
}

/// SplitMix64: the next number of a fixed pseudo-random sequence.
pub(crate) fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// For each byte: 0 for ASCII that is not a letter or digit, the lower-case
/// byte for an ASCII letter or digit, [`NOT_ASCII`] for the rest.
const ASCII_WORD_BYTES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = if !b.is_ascii() {
            NOT_ASCII
        } else if b.is_ascii_alphanumeric() {
            b.to_ascii_lowercase()
        } else {
            0
        };
        byte += 1;
    }
    table
};
const NOT_ASCII: u8 = 0xff;

/// A text's words, lower-cased and joined by single spaces (UTF-8), with
/// where each word starts. The same words as [`crate::text::words`],
/// without one allocation per word; ASCII goes byte by byte.
struct Normalised {
    text: Vec<u8>,
    starts: Vec<usize>,
}

impl Normalised {
    fn new(text: &str) -> Normalised {
        if text.is_ascii() {
            Self::ascii(text.as_bytes())
        } else {
            Self::unicode(text)
        }
    }

    /// Without a branch per byte: every byte writes the next output byte
    /// (its lower case, or a space) and the next word start, and moves each
    /// on only when it belongs there. Word boundaries are too frequent to
    /// predict, so branches on them cost more than the writes.
    fn ascii(bytes: &[u8]) -> Normalised {
        let mut out = vec![0u8; bytes.len()];
        // A word after the first needs a separator before it.
        let mut starts = vec![0usize; bytes.len() / 2 + 2];
        let (mut len, mut words, mut in_word) = (0usize, 0usize, false);
        for &byte in bytes {
            let lower = ASCII_WORD_BYTES[usize::from(byte)];
            let alphanumeric = lower != 0;
            out[len] = if alphanumeric { lower } else { b' ' };
            starts[words] = len;
            words += usize::from(alphanumeric & !in_word);
            len += usize::from(alphanumeric | in_word);
            in_word = alphanumeric;
        }
        if len > 0 && !in_word {
            // The space written after the last word.
            len -= 1;
        }
        out.truncate(len);
        starts.truncate(words);
        Normalised { text: out, starts }
    }

    fn unicode(text: &str) -> Normalised {
        let bytes = text.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut starts = Vec::with_capacity(bytes.len() / 5 + 1);
        let mut in_word = false;
        let mut at = 0;
        while at < bytes.len() {
            match ASCII_WORD_BYTES[usize::from(bytes[at])] {
                0 => {
                    in_word = false;
                    at += 1;
                }
                NOT_ASCII => {
                    let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
                        break;
                    };
                    at += c.len_utf8();
                    if c.is_alphanumeric() {
                        if !in_word {
                            Self::start_word(&mut out, &mut starts);
                            in_word = true;
                        }
                        let mut buffer = [0u8; 4];
                        for lower in c.to_lowercase() {
                            out.extend_from_slice(lower.encode_utf8(&mut buffer).as_bytes());
                        }
                    } else {
                        in_word = false;
                    }
                }
                lower => {
                    if !in_word {
                        Self::start_word(&mut out, &mut starts);
                        in_word = true;
                    }
                    out.push(lower);
                    at += 1;
                }
            }
        }
        Normalised { text: out, starts }
    }

    fn start_word(out: &mut Vec<u8>, starts: &mut Vec<usize>) {
        if !out.is_empty() {
            out.push(b' ');
        }
        starts.push(out.len());
    }

    /// Where word `i` ends (exclusive).
    fn end(&self, i: usize) -> usize {
        match self.starts.get(i + 1) {
            Some(next) => next - 1,
            None => self.text.len(),
        }
    }
}

/// The number of bands and rows per band for a threshold: the most rows `r`
/// such that `128 / r` bands make a pair of similarity `threshold` a
/// candidate with probability ≥ [`CANDIDATE_RECALL`].
///
/// ```
/// assert_eq!(tidings_dedup::near::bands_for(0.8), (21, 6));
/// ```
pub fn bands_for(threshold: f64) -> (usize, usize) {
    for rows in (1..=PERMUTATIONS).rev() {
        let bands = PERMUTATIONS / rows;
        if candidate_probability(threshold, bands, rows) >= CANDIDATE_RECALL {
            return (bands, rows);
        }
    }
    (PERMUTATIONS, 1)
}

/// The probability that two texts of Jaccard similarity `jaccard` agree on
/// at least one of `bands` bands of `rows` rows: `1 − (1 − J^r)^b`.
pub fn candidate_probability(jaccard: f64, bands: usize, rows: usize) -> f64 {
    let rows = i32::try_from(rows).unwrap_or(i32::MAX);
    let bands = i32::try_from(bands).unwrap_or(i32::MAX);
    1.0 - (1.0 - jaccard.powi(rows)).powi(bands)
}

/// An in-memory index of signatures, banded for locality-sensitive hashing.
#[derive(Clone, Debug)]
pub struct LshIndex {
    threshold: f64,
    bands: usize,
    rows: usize,
    /// Band key → the newest entry in its bucket.
    heads: HashMap<u64, u32, BuildHasherDefault<KeyHasher>>,
    /// (slot of the document, the next entry in the bucket or `NONE`).
    entries: Vec<(u32, u32)>,
    ids: Vec<u64>,
    signatures: Vec<Signature>,
    slots: HashMap<u64, u32>,
}

const NONE: u32 = u32::MAX;

impl Default for LshIndex {
    fn default() -> Self {
        LshIndex::with_threshold(DEFAULT_THRESHOLD)
    }
}

impl LshIndex {
    /// An empty index for near copies at or above `threshold` (0 < t ≤ 1),
    /// with bands and rows from [`bands_for`].
    pub fn new(threshold: f64) -> Result<LshIndex, NearError> {
        if !(threshold > 0.0 && threshold <= 1.0) {
            return Err(NearError::Threshold(threshold));
        }
        Ok(LshIndex::with_threshold(threshold))
    }

    fn with_threshold(threshold: f64) -> LshIndex {
        let (bands, rows) = bands_for(threshold);
        LshIndex {
            threshold,
            bands,
            rows,
            heads: HashMap::default(),
            entries: Vec::new(),
            ids: Vec::new(),
            signatures: Vec::new(),
            slots: HashMap::new(),
        }
    }

    /// The similarity threshold.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// The number of bands and the rows in each.
    pub fn bands(&self) -> (usize, usize) {
        (self.bands, self.rows)
    }

    /// How many signatures the index holds.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the index holds no signature.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The signature stored under `id`.
    pub fn signature(&self, id: u64) -> Option<&Signature> {
        let slot = *self.slots.get(&id)?;
        self.signatures.get(slot as usize)
    }

    /// One key per band of `signature`: xxh3 of the band's values, seeded
    /// with the band's number, so keys of different bands differ. Two
    /// signatures are candidates when they share a key; a store can keep
    /// these keys and look them up instead of holding an index in memory.
    pub fn band_keys(&self, signature: &Signature) -> Vec<u64> {
        let mut bytes = [0u8; 4 * PERMUTATIONS];
        (0..self.bands)
            .map(|band| {
                let values = &signature.mins[band * self.rows..(band + 1) * self.rows];
                for (chunk, value) in bytes.chunks_exact_mut(4).zip(values) {
                    chunk.copy_from_slice(&value.to_le_bytes());
                }
                xxh3_64_with_seed(&bytes[..4 * self.rows], band as u64)
            })
            .collect()
    }

    /// Adds `signature` under `id`. Returns false, changing nothing, when
    /// `id` is already in the index.
    pub fn insert(&mut self, id: u64, signature: &Signature) -> bool {
        if self.slots.contains_key(&id) || self.ids.len() >= NONE as usize {
            return false;
        }
        let slot = self.ids.len() as u32;
        self.slots.insert(id, slot);
        self.ids.push(id);
        self.signatures.push(signature.clone());
        for key in self.band_keys(signature) {
            let entry = self.entries.len() as u32;
            let next = self.heads.insert(key, entry).unwrap_or(NONE);
            self.entries.push((slot, next));
        }
        true
    }

    /// The ids that share at least one band with `signature`, ascending.
    pub fn candidates(&self, signature: &Signature) -> Vec<u64> {
        let mut ids: Vec<u64> = self
            .candidate_slots(signature)
            .into_iter()
            .map(|slot| self.ids[slot as usize])
            .collect();
        ids.sort_unstable();
        ids
    }

    fn candidate_slots(&self, signature: &Signature) -> Vec<u32> {
        let mut slots = Vec::new();
        for key in self.band_keys(signature) {
            let mut entry = self.heads.get(&key).copied().unwrap_or(NONE);
            while entry != NONE {
                let (slot, next) = self.entries[entry as usize];
                slots.push(slot);
                entry = next;
            }
        }
        slots.sort_unstable();
        slots.dedup();
        slots
    }

    /// The stored texts whose estimated Jaccard similarity with `signature`
    /// ([`Signature::jaccard`]) is at least the threshold, as `(id,
    /// similarity)`, most similar first, ties by id.
    pub fn query(&self, signature: &Signature) -> Vec<(u64, f64)> {
        let mut found: Vec<(u64, f64)> = self
            .candidate_slots(signature)
            .into_iter()
            .filter_map(|slot| {
                let jaccard = signature.jaccard(&self.signatures[slot as usize]);
                (jaccard >= self.threshold).then(|| (self.ids[slot as usize], jaccard))
            })
            .collect();
        found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        found
    }
}

/// Band keys are xxh3 output already: the map uses them as their own hash.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8 | u64::from(byte)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// What [`Dedup::check`] says of a text. Every duplicate points at an
/// original, never at another duplicate.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Verdict {
    /// Not a copy of anything seen before.
    Original,
    /// The same normalised words as the original with this id.
    Exact(u64),
    /// A near copy: estimated Jaccard similarity ≥ the threshold with a
    /// text seen before. The id is that text's original (the text itself
    /// when it is one); the number is the similarity to the most similar
    /// earlier text.
    Near(u64, f64),
}

/// Exact and near-duplicate detection over a stream of texts: the exact
/// keys, signatures and verdicts seen so far.
#[derive(Clone, Debug, Default)]
pub struct Dedup {
    hasher: MinHasher,
    index: LshIndex,
    exact: HashMap<u128, u64>,
    verdicts: HashMap<u64, Verdict>,
}

impl Dedup {
    /// A detector with the given options.
    pub fn new(config: &NearConfig) -> Result<Dedup, NearError> {
        Ok(Dedup {
            hasher: MinHasher::new(config.shingle_words)?,
            index: LshIndex::new(config.threshold)?,
            exact: HashMap::new(),
            verdicts: HashMap::new(),
        })
    }

    /// Says whether `text` copies a text seen before and remembers it under
    /// `id`. An exact copy of a near copy is a near copy of the same
    /// original with the same similarity. A near copy matches the most
    /// similar earlier text (ties by id) and points at its original. An
    /// `id` seen before gets its earlier verdict again.
    pub fn check(&mut self, id: u64, text: &str) -> Verdict {
        let (key, signature) = self.hasher.key_and_signature(text);
        self.judge(id, key, &signature)
    }

    /// What [`Dedup::check`] does, for a text whose exact key and signature
    /// the caller has already computed (with [`Dedup::hasher`]) and keeps.
    pub fn judge(&mut self, id: u64, key: u128, signature: &Signature) -> Verdict {
        if let Some(verdict) = self.verdicts.get(&id) {
            return *verdict;
        }
        if let Some(first) = self.exact.get(&key) {
            let verdict = match self.verdicts.get(first) {
                Some(Verdict::Near(of, jaccard)) => Verdict::Near(*of, *jaccard),
                Some(Verdict::Exact(of)) => Verdict::Exact(*of),
                Some(Verdict::Original) | None => Verdict::Exact(*first),
            };
            self.verdicts.insert(id, verdict);
            return verdict;
        }
        let verdict = match self.index.query(signature).first() {
            Some(&(best, jaccard)) => Verdict::Near(self.original_of(best), jaccard),
            None => Verdict::Original,
        };
        self.remember(id, key, Some(signature), verdict);
        verdict
    }

    /// Takes back a text checked in an earlier run, from what the store
    /// kept (its exact key, signature and verdict), without its text. An
    /// exact copy needs no signature (its original's is the same); a text
    /// given without one can still be found as an exact copy. Returns false
    /// when the signature was left out of the index because it was computed
    /// over shingles of another length (it could not be compared).
    pub fn remember(
        &mut self,
        id: u64,
        key: u128,
        signature: Option<&Signature>,
        verdict: Verdict,
    ) -> bool {
        self.exact.entry(key).or_insert(id);
        self.verdicts.insert(id, verdict);
        match signature {
            Some(signature) if signature.shingle_words() != self.hasher.shingle_words() => false,
            Some(signature) if !matches!(verdict, Verdict::Exact(_)) => {
                self.index.insert(id, signature);
                true
            }
            _ => true,
        }
    }

    /// The signature computed for `id`, kept for the store (none for an
    /// exact copy, whose original's signature is the same).
    pub fn signature(&self, id: u64) -> Option<&Signature> {
        self.index.signature(id)
    }

    /// The index of signatures (for its band keys and figures).
    pub fn index(&self) -> &LshIndex {
        &self.index
    }

    /// The hasher that computes signatures.
    pub fn hasher(&self) -> &MinHasher {
        &self.hasher
    }

    fn original_of(&self, id: u64) -> u64 {
        match self.verdicts.get(&id) {
            Some(Verdict::Near(of, _) | Verdict::Exact(of)) => *of,
            Some(Verdict::Original) | None => id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::words;

    fn random_words(state: &mut u64, count: usize) -> Vec<String> {
        (0..count)
            .map(|_| format!("w{}", splitmix64(state) % 100_000))
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn normalised_words_are_text_words_for_any_text(text in "[a-zA-Z0-9 ,.'É\u{0307}ß-]{0,60}") {
            let normal = Normalised::new(&text);
            let joined = String::from_utf8(normal.text.clone()).unwrap();
            proptest::prop_assert_eq!(joined, words(&text).join(" "));
            proptest::prop_assert_eq!(normal.starts.len(), words(&text).len());
        }
    }

    #[test]
    fn normalised_words_are_text_words() {
        for text in [
            "",
            "  ",
            "a",
            ".a.",
            "ab, cd. ",
            "Velmora's port, CLOSED again!",
            "İstanbul ÉTÉ 42x",
            "a\u{0307}b c",
        ] {
            let normal = Normalised::new(text);
            let joined = String::from_utf8(normal.text.clone()).unwrap();
            let got: Vec<&str> = (0..normal.starts.len())
                .map(|i| &joined[normal.starts[i]..normal.end(i)])
                .collect();
            assert_eq!(got, words(text), "{text:?}");
            assert_eq!(joined, words(text).join(" "));
        }
    }

    #[test]
    fn every_way_of_computing_minimums_agrees() {
        let hasher = MinHasher::default();
        let mut state = 5;
        let hashes: Vec<u32> = (0..300).map(|_| splitmix64(&mut state) as u32).collect();
        let (mut fast, mut plain) = ([u32::MAX; PERMUTATIONS], [u32::MAX; PERMUTATIONS]);
        min_hashes(&hashes, &hasher.xors, &hasher.multipliers, &mut fast);
        min_hashes_portable(&hashes, &hasher.xors, &hasher.multipliers, &mut plain);
        assert_eq!(fast, plain);
    }

    #[test]
    fn short_texts_are_one_shingle() {
        let hasher = MinHasher::default();
        let count = |text| hasher.shingle_hashes(&Normalised::new(text)).len();
        assert_eq!(count("two words"), 1);
        assert_eq!(count(""), 1);
        assert_eq!(count("one two three four"), 2);
        assert_eq!(
            hasher.signature("Two, words!"),
            hasher.signature("two words")
        );
    }

    #[test]
    fn default_bands_follow_the_s_curve() {
        assert_eq!(bands_for(0.8), (21, 6));
        assert!(candidate_probability(0.8, 21, 6) >= 0.99);
        assert!(candidate_probability(0.8, 18, 7) < 0.99);
        for threshold in [0.3, 0.5, 0.7, 0.9, 0.95, 1.0] {
            let (bands, rows) = bands_for(threshold);
            assert!(bands * rows <= PERMUTATIONS);
            assert!(candidate_probability(threshold, bands, rows) >= CANDIDATE_RECALL);
        }
    }

    #[test]
    fn bad_options_are_refused() {
        assert_eq!(LshIndex::new(0.0).err(), Some(NearError::Threshold(0.0)));
        assert!(LshIndex::new(f64::NAN).is_err());
        assert!(LshIndex::new(1.5).is_err());
        assert_eq!(MinHasher::new(0).err(), Some(NearError::ShingleWords(0)));
        let config = NearConfig {
            threshold: 0.9,
            shingle_words: 5,
        };
        assert!(Dedup::new(&config).is_ok());
        assert_eq!(
            NearError::Threshold(2.0).to_string(),
            "near-duplicate threshold 2: must be above 0 and at most 1"
        );
    }

    /// Word lists of known shingle Jaccard similarity: the estimates centre
    /// on it with the spread of sampling, for both estimators.
    #[test]
    fn estimates_centre_on_the_true_similarity() {
        let hasher = MinHasher::new(1).unwrap();
        let mut state = 7;
        for (shared, own) in [(400, 50), (300, 150), (200, 200), (100, 300)] {
            let truth = shared as f64 / (shared + 2 * own) as f64;
            let (mut bottom, mut minhash, mut squares) = (0.0, 0.0, 0.0);
            let trials = 200;
            for _ in 0..trials {
                let common = random_words(&mut state, shared);
                let mut a = common.clone();
                a.extend(random_words(&mut state, own));
                let mut b = common;
                b.extend(random_words(&mut state, own));
                let (sa, sb) = (
                    hasher.signature(&a.join(" ")),
                    hasher.signature(&b.join(" ")),
                );
                bottom += sa.jaccard(&sb);
                minhash += sa.minhash_jaccard(&sb);
                squares += (sa.minhash_jaccard(&sb) - truth).powi(2);
            }
            let (bottom, minhash) = (bottom / trials as f64, minhash / trials as f64);
            assert!(
                (bottom - truth).abs() < 0.01,
                "bottom-k {bottom} vs {truth}"
            );
            assert!(
                (minhash - truth).abs() < 0.01,
                "minhash {minhash} vs {truth}"
            );
            // Independent permutations spread like a binomial: √(J(1−J)/128).
            let spread = (squares / trials as f64).sqrt();
            let binomial = (truth * (1.0 - truth) / PERMUTATIONS as f64).sqrt();
            assert!(spread < 1.25 * binomial, "spread {spread} vs {binomial}");
        }
    }

    #[test]
    fn small_sets_are_compared_exactly() {
        let hasher = MinHasher::new(1).unwrap();
        let a = hasher.signature("a b c d e f g h");
        let b = hasher.signature("a b c d e f x y");
        assert_eq!(a.jaccard(&b), 0.6);
        assert_eq!(a.jaccard(&a), 1.0);
    }

    #[test]
    fn signatures_survive_bytes() {
        let signature =
            MinHasher::default().signature("the harbour of Velmora closed again on Monday");
        let bytes = signature.to_bytes();
        assert_eq!(bytes.len(), 2 + 512 + 2 + 4 * signature.sample().len());
        assert_eq!(Signature::from_bytes(&bytes), Ok(signature));
        assert!(Signature::from_bytes(&bytes[..100]).is_err());
        assert!(Signature::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        let mut wrong = bytes.clone();
        wrong[0] = 9;
        assert!(Signature::from_bytes(&wrong).is_err());
    }

    #[test]
    fn index_finds_copies_and_keys_differ_by_band() {
        let hasher = MinHasher::default();
        let mut state = 11;
        let text = random_words(&mut state, 300).join(" ");
        let mut copy = text.clone();
        copy.push_str(" one more sentence at the end");
        let other = random_words(&mut state, 300).join(" ");
        let mut index = LshIndex::default();
        assert!(index.insert(1, &hasher.signature(&text)));
        assert!(!index.insert(1, &hasher.signature(&other)));
        assert!(index.insert(2, &hasher.signature(&other)));
        let found = index.query(&hasher.signature(&copy));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 1);
        assert!(found[0].1 > 0.95);
        assert!(index
            .query(&hasher.signature("something else entirely"))
            .is_empty());
        let keys = index.band_keys(&hasher.signature(&text));
        assert_eq!(keys.len(), 21);
        let same_values = Signature {
            shingle_words: 3,
            mins: [5; PERMUTATIONS],
            sample: vec![5],
        };
        let keys = index.band_keys(&same_values);
        assert!(keys.windows(2).all(|w| w[0] != w[1]));
    }

    #[test]
    fn duplicates_point_at_the_first_original() {
        let mut state = 3;
        let base = random_words(&mut state, 300);
        let mut near = base.clone();
        near[100] = "changed".into();
        let mut nearer = near.clone();
        nearer[200] = "again".into();
        let mut dedup = Dedup::default();
        assert_eq!(dedup.check(10, &base.join(" ")), Verdict::Original);
        let Verdict::Near(of, jaccard) = dedup.check(11, &near.join(" ")) else {
            panic!("not near");
        };
        assert_eq!(of, 10);
        assert!(jaccard >= 0.8);
        assert!(matches!(
            dedup.check(12, &nearer.join(", ")),
            Verdict::Near(10, _)
        ));
        // An exact copy of a near copy points at the original too.
        assert_eq!(
            dedup.check(13, &near.join(" ").to_uppercase()),
            Verdict::Near(10, jaccard)
        );
        assert_eq!(dedup.check(14, &base.join(" ")), Verdict::Exact(10));
        assert_eq!(dedup.check(14, "anything"), Verdict::Exact(10));
        assert!(dedup.signature(10).is_some());
        assert!(dedup.signature(14).is_none());
    }
}
