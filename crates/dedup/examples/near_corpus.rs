//! Writes the planted near-duplicate corpus for `bench/near_dup/run.sh`.
//!
//! ```text
//! cargo run --release -p tidings-dedup --example near_corpus -- --docs 50000 --out DIR
//! ```
//!
//! `DIR/corpus.jsonl` holds one `{"id": n, "text": "..."}` per line: invented
//! news articles (150 to 450 words, sentences built from templates and word
//! lists, places and people made of syllables) in arrival order. About 30% are
//! copies of an earlier article (one in five of them a copy of a copy), each
//! edited (a word replaced, a sentence replaced, dropped, added or moved)
//! until the Jaccard similarity of its 3-word shingles with its source falls
//! to a target drawn evenly from 0.5 to 1.0; one copy in ten is only
//! restyled (case, punctuation), an exact copy after normalisation.
//!
//! `DIR/truth.tsv` lists every pair of articles of one family (an original
//! and the copies made from it, directly or not) whose exact shingle Jaccard
//! is at least 0.5: `earlier<TAB>later<TAB>jaccard`. Articles of different
//! families share only template phrases (Jaccard well below 0.5).
//!
//! The same arguments give the same files (a fixed seed, no clock).

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use tidings_dedup::text::words;
use xxhash_rust::xxh3::xxh3_64;

const SHINGLE_WORDS: usize = 3;
const COPY_SHARE: f64 = 0.3;
const COPY_OF_COPY_SHARE: f64 = 0.2;
const RESTYLED_SHARE: f64 = 0.1;
const TRUTH_FLOOR: f64 = 0.5;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut docs = 50_000usize;
    let mut out = PathBuf::from("near_dup");
    let mut seed = 20261206u64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().ok_or(format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--docs" => docs = value.parse()?,
            "--out" => out = PathBuf::from(value),
            "--seed" => seed = value.parse()?,
            _ => {
                return Err(
                    format!("unknown argument {arg}; use --docs N --out DIR [--seed N]").into(),
                )
            }
        }
    }
    std::fs::create_dir_all(&out)?;
    let mut rng = Rng(seed);
    let mut articles: Vec<Article> = Vec::with_capacity(docs);
    for id in 0..docs {
        let article = if id > 0 && rng.chance(COPY_SHARE) {
            copy_of_earlier(&mut rng, &articles)
        } else {
            let sentences = new_article(&mut rng);
            Article {
                family: id,
                shingles: shingles(&join(&sentences)),
                sentences,
                text: None,
            }
        };
        articles.push(article);
    }

    let mut corpus = BufWriter::new(File::create(out.join("corpus.jsonl"))?);
    for (id, article) in articles.iter().enumerate() {
        let text = article
            .text
            .clone()
            .unwrap_or_else(|| join(&article.sentences));
        writeln!(
            corpus,
            "{{\"id\":{id},\"text\":\"{}\"}}",
            json_escape(&text)
        )?;
    }
    corpus.flush()?;

    let mut families: Vec<Vec<usize>> = vec![Vec::new(); docs];
    for (id, article) in articles.iter().enumerate() {
        families[article.family].push(id);
    }
    let mut truth = BufWriter::new(File::create(out.join("truth.tsv"))?);
    let (mut pairs, mut above) = (0usize, 0usize);
    for family in families.iter().filter(|family| family.len() > 1) {
        for (i, &a) in family.iter().enumerate() {
            for &b in &family[i + 1..] {
                let jaccard = jaccard(&articles[a].shingles, &articles[b].shingles);
                if jaccard >= TRUTH_FLOOR {
                    writeln!(truth, "{a}\t{b}\t{jaccard:.6}")?;
                    pairs += 1;
                    above += usize::from(jaccard >= 0.8);
                }
            }
        }
    }
    truth.flush()?;
    eprintln!(
        "near_corpus: {docs} documents, {pairs} family pairs with Jaccard >= 0.5, {above} of them >= 0.8, in {}",
        out.display()
    );
    Ok(())
}

struct Article {
    /// The id of the original this article descends from (its own if none).
    family: usize,
    sentences: Vec<String>,
    shingles: HashSet<u64>,
    /// The text when it differs from the sentences joined (a restyled copy).
    text: Option<String>,
}

fn copy_of_earlier(rng: &mut Rng, articles: &[Article]) -> Article {
    let mut source = rng.below(articles.len());
    if !rng.chance(COPY_OF_COPY_SHARE) {
        source = articles[source].family;
    }
    let source = &articles[source];
    let mut sentences = source.sentences.clone();
    if rng.chance(RESTYLED_SHARE) {
        let text = restyle(rng, &join(&sentences));
        return Article {
            family: source.family,
            shingles: shingles(&text),
            sentences,
            text: Some(text),
        };
    }
    let target = 0.5 + 0.5 * rng.unit();
    let mut own = shingles(&join(&sentences));
    while jaccard(&own, &source.shingles) > target {
        edit(rng, &mut sentences);
        own = shingles(&join(&sentences));
    }
    Article {
        family: source.family,
        sentences,
        shingles: own,
        text: None,
    }
}

/// One edit of the kinds a copy desk makes.
fn edit(rng: &mut Rng, sentences: &mut Vec<String>) {
    let at = rng.below(sentences.len());
    match rng.below(10) {
        0..=4 => {
            let mut sentence_words: Vec<&str> = sentences[at].split(' ').collect();
            let which = rng.below(sentence_words.len());
            let list = ALL_WORDS[rng.below(ALL_WORDS.len())];
            let replacement = pick(rng, list);
            sentence_words[which] = replacement;
            sentences[at] = sentence_words.join(" ");
        }
        5 | 6 => sentences[at] = sentence(rng),
        7 if sentences.len() > 3 => {
            sentences.remove(at);
        }
        8 => sentences.insert(at, sentence(rng)),
        _ => {
            let other = rng.below(sentences.len());
            sentences.swap(at, other);
        }
    }
}

/// The same words in another style: case, punctuation and spacing change.
fn restyle(rng: &mut Rng, text: &str) -> String {
    let mut out = match rng.below(3) {
        0 => text.to_uppercase(),
        1 => text.to_lowercase(),
        _ => text.to_string(),
    };
    out = out.replace(", ", " - ").replace(". ", ".  ");
    out.push_str(" ...");
    out
}

fn new_article(rng: &mut Rng) -> Vec<String> {
    let length = 150 + rng.below(301);
    let mut sentences = vec![headline(rng)];
    let mut count = sentences[0].split(' ').count();
    while count < length {
        let next = sentence(rng);
        count += next.split(' ').count();
        sentences.push(next);
    }
    sentences
}

fn headline(rng: &mut Rng) -> String {
    format!(
        "{} {} {} {} {}",
        place(rng),
        pick(rng, NOUNS),
        pick(rng, VERBS),
        pick(rng, ADJECTIVES),
        pick(rng, NOUNS)
    )
}

/// One sentence from a template with its slots filled.
fn sentence(rng: &mut Rng) -> String {
    let template = pick(rng, TEMPLATES);
    let mut out = String::new();
    for part in template.split(' ') {
        if !out.is_empty() {
            out.push(' ');
        }
        let slot = part.chars().next().filter(|c| SLOTS.contains(*c));
        let rest = &part[slot.map_or(0, char::len_utf8)..];
        if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            out.push_str(part);
            continue;
        }
        match slot {
            Some('N') => out.push_str(pick(rng, NOUNS)),
            Some('V') => out.push_str(pick(rng, VERBS)),
            Some('A') => out.push_str(pick(rng, ADJECTIVES)),
            Some('P') => out.push_str(&place(rng)),
            Some('W') => out.push_str(&person(rng)),
            Some('D') => out.push_str(pick(rng, DAYS)),
            Some('R') => out.push_str(pick(rng, ROLES)),
            Some('Q') => out.push_str(&(2 + rng.below(998)).to_string()),
            Some('T') => out.push_str(pick(rng, TIMES)),
            _ => {}
        }
        out.push_str(rest);
    }
    let mut chars = out.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => out,
    }
}

fn place(rng: &mut Rng) -> String {
    let mut name = String::new();
    for _ in 0..2 + rng.below(2) {
        name.push_str(pick(rng, SYLLABLES));
    }
    capitalise(&name)
}

fn person(rng: &mut Rng) -> String {
    format!("{} {}", pick(rng, FIRST_NAMES), place(rng))
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn join(sentences: &[String]) -> String {
    sentences.join(" ")
}

fn shingles(text: &str) -> HashSet<u64> {
    let words = words(text);
    if words.len() < SHINGLE_WORDS {
        return HashSet::from([xxh3_64(words.join(" ").as_bytes())]);
    }
    words
        .windows(SHINGLE_WORDS)
        .map(|window| xxh3_64(window.join(" ").as_bytes()))
        .collect()
}

fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let both = a.intersection(b).count();
    both as f64 / (a.len() + b.len() - both) as f64
}

fn json_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

fn pick<'a>(rng: &mut Rng, list: &[&'a str]) -> &'a str {
    list[rng.below(list.len())]
}

/// splitmix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// Sentence templates: `N` noun, `V` past-tense verb, `A` adjective, `P`
/// place, `W` person, `D` day, `R` role, `Q` number, `T` time phrase.
const TEMPLATES: &[&str] = &[
    "The N of P V the A N on D, the R said.",
    "W, the R of P, said the N would be V T.",
    "About Q people V the A N in P T.",
    "\"We have V the N and the N,\" said W, who runs the A N in P.",
    "The A N V after the N in P V T, according to the R.",
    "Officials in P V Q A N and asked the N to stay away from the N.",
    "The N said it had V the A N and expected more news T.",
    "In P, the N V the N for the first time since the A N.",
    "Residents of P V the N, saying the A N had V without warning.",
    "The R told reporters that the N would cost about Q million and be V T.",
    "W V the N on D, calling it an A N for the people of P.",
    "Q A N were V near P, and the R said a further Q were V.",
    "The council of P V a plan to V the A N by T.",
    "Traders at the A N in P said prices had V since D.",
    "The N between P and P stayed V, and drivers were told to use the A N.",
    "According to the N, the A N V Q of the N last year.",
    "The R of P said the N was A but that the N was still V.",
    "Farmers near P V the A N T, when the N V across the N.",
    "One N from P V the N, and W said the A N would follow.",
    "Schools in P V on D because the A N had V the N.",
];

/// The letters that stand for a slot in a template.
const SLOTS: &str = "NVAPWDRQT";

const NOUNS: &[&str] = &[
    "harbour",
    "ferry",
    "council",
    "storm",
    "river",
    "bridge",
    "market",
    "school",
    "hospital",
    "clinic",
    "road",
    "railway",
    "station",
    "port",
    "union",
    "budget",
    "court",
    "election",
    "strike",
    "festival",
    "museum",
    "library",
    "factory",
    "mine",
    "harvest",
    "orchard",
    "fleet",
    "police",
    "army",
    "ministry",
    "parliament",
    "committee",
    "report",
    "inquiry",
    "plan",
    "project",
    "tunnel",
    "airport",
    "dam",
    "reservoir",
    "forest",
    "fire",
    "flood",
    "drought",
    "protest",
    "ceremony",
    "treaty",
    "agreement",
    "company",
    "bank",
    "loan",
    "tax",
    "tariff",
    "price",
    "wage",
    "pension",
    "housing",
    "shelter",
    "water",
    "power",
    "grid",
    "pipeline",
    "cargo",
    "shipment",
    "border",
    "crossing",
    "village",
    "town",
    "district",
    "province",
    "island",
    "coast",
    "valley",
    "mountain",
    "pass",
    "quay",
    "lighthouse",
    "cathedral",
    "square",
    "stadium",
    "team",
    "match",
    "season",
    "vote",
    "law",
    "rule",
    "licence",
    "permit",
    "contract",
    "tender",
    "survey",
    "census",
    "study",
    "trial",
    "vaccine",
    "outbreak",
    "supply",
    "shortage",
    "convoy",
    "bus",
    "tram",
    "ship",
    "boat",
    "crew",
    "pilot",
    "engineer",
    "teacher",
    "nurse",
    "doctor",
    "farmer",
    "fisher",
    "miner",
    "worker",
    "trader",
    "driver",
    "mayor",
    "governor",
    "spokesman",
    "statement",
    "warning",
    "decision",
    "review",
    "audit",
    "fund",
    "grant",
    "donation",
    "appeal",
    "campaign",
    "debate",
    "session",
    "meeting",
    "summit",
    "visit",
];

const VERBS: &[&str] = &[
    "closed",
    "opened",
    "approved",
    "rejected",
    "delayed",
    "cancelled",
    "announced",
    "blocked",
    "repaired",
    "flooded",
    "damaged",
    "inspected",
    "reopened",
    "funded",
    "cut",
    "raised",
    "lowered",
    "moved",
    "signed",
    "ended",
    "started",
    "extended",
    "suspended",
    "restored",
    "launched",
    "questioned",
    "criticised",
    "praised",
    "welcomed",
    "visited",
    "left",
    "joined",
    "doubled",
    "halved",
    "sold",
    "bought",
    "built",
    "demolished",
    "expanded",
    "reduced",
    "promised",
    "warned",
    "reported",
    "confirmed",
    "denied",
    "investigated",
    "arrested",
    "released",
    "evacuated",
    "rescued",
    "counted",
    "found",
    "lost",
    "won",
    "reached",
    "crossed",
    "carried",
    "delivered",
    "planned",
    "postponed",
    "reviewed",
    "published",
    "discussed",
];

const ADJECTIVES: &[&str] = &[
    "new",
    "old",
    "main",
    "eastern",
    "western",
    "northern",
    "southern",
    "local",
    "regional",
    "national",
    "small",
    "large",
    "long",
    "short",
    "heavy",
    "light",
    "early",
    "late",
    "annual",
    "second",
    "third",
    "final",
    "first",
    "public",
    "private",
    "rural",
    "coastal",
    "upper",
    "lower",
    "central",
    "temporary",
    "permanent",
    "emergency",
    "special",
    "joint",
    "narrow",
    "wide",
    "busy",
    "quiet",
    "flooded",
    "damaged",
    "closed",
    "crowded",
    "empty",
    "rising",
    "falling",
    "record",
    "modest",
    "sharp",
    "slow",
    "rapid",
    "costly",
    "cheap",
    "fragile",
    "strong",
    "weak",
    "bitter",
    "warm",
    "cold",
    "dry",
    "wet",
    "fresh",
    "disputed",
    "popular",
];

const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const TIMES: &[&str] = &[
    "next week",
    "last week",
    "this month",
    "by the end of the year",
    "within days",
    "on Monday",
    "on Friday",
    "in the spring",
    "before the winter",
    "last night",
    "early on Sunday",
    "later this year",
    "in the coming weeks",
    "over the weekend",
];

const ROLES: &[&str] = &[
    "mayor",
    "governor",
    "minister",
    "spokeswoman",
    "spokesman",
    "chair",
    "director",
    "head",
    "secretary",
    "chief engineer",
    "harbour master",
    "police chief",
    "union leader",
];

const FIRST_NAMES: &[&str] = &[
    "Ilsa", "Tomas", "Mara", "Oren", "Petra", "Jonas", "Edda", "Kasimir", "Lena", "Anselm", "Rhea",
    "Bastian", "Nadia", "Viktor", "Sela", "Arvid", "Mina", "Corin", "Dalia", "Emil",
];

const SYLLABLES: &[&str] = &[
    "vel", "mor", "ker", "ra", "dun", "mere", "or", "rin", "sal", "low", "thes", "sa", "ry",
    "bran", "wick", "ash", "ford", "tal", "ven", "gar", "lo", "mi", "nor", "ka", "bel", "ston",
    "hal", "den", "qua", "rel", "tor", "vin", "ul", "ma", "sen", "dra", "pel", "zor", "an", "eth",
    "iv", "om", "tun", "bri", "cal", "dor",
];

const ALL_WORDS: &[&[&str]] = &[NOUNS, VERBS, ADJECTIVES, DAYS];
