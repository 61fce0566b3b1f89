//! Who a pronoun or a definite description names: the actors mentioned
//! before it in the article ("he", "she", "they", "it", "the ministry",
//! "the company").
//!
//! Every sentence leaves its referents: the people (named or named by a
//! singular role word), the bodies (organisations), the groups (a plural
//! role word: "officials", "rebels") and the countries it mentions, each
//! with the actor the coder gives it, or none when the coder cannot code
//! it (a private person). A pronoun takes the nearest compatible referent
//! before it in its own sentence, else the first compatible one (the
//! subject, most often) of the nearest sentence before that has one: "he"
//! and "she" look three sentences back, "they" one (for a group word),
//! "it" only within its own sentence (most "it"s are things). When that
//! referent is a person the coder cannot code, or nothing compatible was
//! mentioned, the pronoun names nobody the coder can name: the event has no
//! actor on that side, rather than whoever happened to be named nearby; a
//! body it cannot place ("the Velm party") stays without a code for the
//! emitter to place or drop. An object pronoun ("criticised him") is not
//! the subject of its own clause. A definite
//! description ("the ministry", "the company") takes the last referent
//! whose name has its head noun ("the South African Foreign Ministry"), or
//! for a company the last business.
//!
//! Gender, where the article tells it ("Mr.", "Mrs.", "Ms." before a name,
//! a role such as "spokeswoman", a common given name of
//! `data/given_names.tsv`), keeps "she" from a man and "he" from a woman,
//! and a person of the pronoun's gender comes before one of unknown gender
//! in the same sentence; otherwise any person fits either.

use std::collections::{HashMap, VecDeque};

use tidings_model::{Actor, Annotations, EntityKind};

use super::actors::{actors_in, phrase_around, Cue};
use super::chunk::{Class, Word};

/// How many sentences back a personal pronoun looks for its referent.
const PERSON_REACH: usize = 3;
/// How many sentences back "they" looks (for a group word).
const THING_REACH: usize = 1;
/// How many sentences back a definite description looks.
const DESCRIPTION_REACH: usize = 12;

/// A person's gender as the article tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Male,
    Female,
    Unknown,
}

/// What a referent is, for the pronouns that can point to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A person, named or named by a singular role word ("the governor").
    Person(Gender),
    /// A plural group word ("officials", "rebels", "Republicans").
    Group,
    /// An organisation, a government body, a company.
    Body,
    /// A country.
    Country,
}

/// One actor mention of a sentence.
#[derive(Debug, Clone)]
pub(crate) struct Referent {
    /// Its first word in its sentence.
    pub word: usize,
    pub kind: Kind,
    /// The actor the coder gives it: without a code for a body it cannot
    /// place; `None` for a person it cannot code.
    pub actor: Option<Actor>,
    /// Its words and its entity's full name, lowercased, for definite
    /// descriptions.
    pub name: String,
}

/// What a pronoun or a description resolved to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Resolved {
    /// The actor it refers to.
    Actor(Actor),
    /// Someone the coder cannot name (a private person, nobody mentioned).
    Nobody,
}

/// The personal pronouns resolved here, by what they can refer to.
pub(crate) fn personal(lower: &str) -> bool {
    matches!(lower, "he" | "she" | "him" | "her" | "they" | "them" | "it")
}

/// The referents of the sentences before the one being coded.
#[derive(Debug, Default)]
pub(crate) struct Discourse {
    /// Most recent sentence first.
    sentences: VecDeque<Vec<Referent>>,
    /// The gender of each entity, by entity index.
    genders: Vec<Gender>,
}

impl Discourse {
    /// An empty discourse for the article: reads each person's gender from
    /// the titles before its mentions and from its roles.
    pub fn new(text: &str, annotations: &Annotations) -> Discourse {
        let mut genders: Vec<Gender> = annotations
            .entities
            .iter()
            .map(|e| {
                e.roles
                    .iter()
                    .map(|r| role_gender(&r.to_lowercase()))
                    .find(|g| *g != Gender::Unknown)
                    .unwrap_or(Gender::Unknown)
            })
            .collect();
        // The given name of a full name ("Dianne Feinstein").
        for (slot, entity) in genders.iter_mut().zip(&annotations.entities) {
            if *slot != Gender::Unknown || entity.kind != EntityKind::Person {
                continue;
            }
            let mut parts = entity.name.split_whitespace();
            if let (Some(first), Some(_)) = (parts.next(), parts.next()) {
                *slot = given_name_gender(first);
            }
        }
        for mention in &annotations.mentions {
            let Some(slot) = genders.get_mut(mention.entity) else {
                continue;
            };
            if *slot != Gender::Unknown {
                continue;
            }
            let before = text.get(..mention.span.start).unwrap_or("");
            let title = before
                .trim_end()
                .rsplit(|c: char| c.is_whitespace())
                .next()
                .unwrap_or("")
                .trim_end_matches('.')
                .to_lowercase();
            *slot = match title.as_str() {
                "mr" | "sir" | "king" | "prince" => Gender::Male,
                "mrs" | "ms" | "miss" | "madam" | "queen" | "princess" | "dame" => Gender::Female,
                _ => Gender::Unknown,
            };
        }
        Discourse {
            sentences: VecDeque::new(),
            genders,
        }
    }

    /// The referents of one sentence, in order.
    pub fn referents(
        &self,
        text: &str,
        words: &[Word<'_>],
        cues: &[Option<Cue>],
        annotations: &Annotations,
    ) -> Vec<Referent> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let Some(cue) = &cues[i] else {
                i += 1;
                continue;
            };
            let (lo, hi) = cue.unit;
            let hi = hi.max(i + 1).min(words.len());
            let entity = cue.entity.and_then(|e| annotations.entities.get(e));
            let last = &words[hi - 1].lower;
            let kind = match entity.map(|e| e.kind) {
                Some(EntityKind::Person) => Some(Kind::Person(
                    cue.entity
                        .and_then(|e| self.genders.get(e).copied())
                        .unwrap_or(Gender::Unknown),
                )),
                Some(EntityKind::Organisation) => Some(Kind::Body),
                Some(EntityKind::Location) if cue.country.is_some() && !cue.demonym => {
                    Some(Kind::Country)
                }
                Some(_) => None,
                None if cue.group.is_some() || (cue.seat && cue.sector.is_some()) => {
                    Some(Kind::Body)
                }
                None if cue.sector.is_some() && cue.country.is_none() => {
                    if collective(last) {
                        Some(Kind::Body)
                    } else if plural(last) {
                        Some(Kind::Group)
                    } else {
                        Some(Kind::Person(role_gender(last)))
                    }
                }
                None if cue.country.is_some() && !cue.demonym && cue.sector.is_none() => {
                    Some(Kind::Country)
                }
                // "two Israelis": a people.
                None if cue.demonym && plural(last) => Some(Kind::Group),
                None => None,
            };
            // "JERUSALEM (AP)": the wire service is no one the story is about.
            let wire = matches!(
                words[lo.min(i)].text,
                "AP" | "Reuters" | "AFP" | "UPI" | "Xinhua" | "Interfax" | "Itar-Tass" | "NYT"
            );
            if let Some(kind) = kind.filter(|_| !wire) {
                let range = phrase_around(words, cues, i);
                let coded = actors_in(text, words, cues, range, true)
                    .into_iter()
                    .find(|a| a.code.is_some());
                // A body the coder cannot place ("the Umma party") stands
                // without a code, for the emitter to give it the country
                // of the event's other actor or to drop it; a person it
                // cannot code is nobody it can name.
                let actor = match (coded, kind) {
                    (Some(actor), _) => Some(actor),
                    (None, Kind::Body | Kind::Group) => Some(Actor {
                        code: None,
                        country: None,
                        sector: None,
                        text: text
                            .get(words[lo.min(i)].span.start..words[hi - 1].span.end)
                            .unwrap_or("")
                            .to_string(),
                        entity: cue.entity,
                    }),
                    (None, _) => None,
                };
                let mut name = words[lo.min(i)..hi]
                    .iter()
                    .map(|w| w.lower.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                if let Some(e) = entity {
                    name.push(' ');
                    name.push_str(&e.name.to_lowercase());
                }
                out.push(Referent {
                    word: i,
                    kind,
                    actor,
                    name,
                });
            }
            i = hi;
        }
        // "The radical Velm (Unity) party": a body named before an
        // institution noun, which the coder cannot code, is still a body
        // "it" can point to.
        for (k, word) in words.iter().enumerate() {
            if cues[k].is_some() || !institution_head(&word.lower) || word.capital {
                continue;
            }
            // The capitalised words (and brackets) right before the noun.
            let mut first = k;
            let mut j = k;
            while j > 1 && k - j < 5 {
                let w = &words[j - 1];
                let bracket = matches!(w.text, "(" | ")");
                if !(bracket || (w.capital && w.class == Class::Word)) {
                    break;
                }
                j -= 1;
                if !bracket {
                    first = j;
                }
            }
            if first == k {
                continue;
            }
            if (first..k).any(|j| cues[j].is_some()) {
                continue;
            }
            let at = out.partition_point(|r: &Referent| r.word < first);
            out.insert(
                at,
                Referent {
                    word: first,
                    kind: Kind::Body,
                    actor: Some(Actor {
                        code: None,
                        country: None,
                        sector: None,
                        text: words[first].text.to_string(),
                        entity: None,
                    }),
                    name: words[first..=k]
                        .iter()
                        .map(|w| w.lower.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                },
            );
        }
        out
    }

    /// Adds the referents of the sentence just coded.
    pub fn push(&mut self, referents: Vec<Referent>) {
        self.sentences.push_front(referents);
        self.sentences.truncate(DESCRIPTION_REACH);
    }

    /// What the pronoun `lower` at word `at` of the current sentence (whose
    /// referents are `here`) refers to.
    pub fn pronoun(
        &self,
        words: &[Word<'_>],
        here: &[Referent],
        at: usize,
        lower: &str,
    ) -> Resolved {
        // Persons are taken up again sentences later; "it" and "they"
        // point back to a body within their sentence (a group word one
        // sentence back): most often they name things ("it was shot
        // down", "they are expensive"), which are no actors.
        let (fits, reach): (fn(Kind, bool) -> bool, usize) = match lower {
            "he" | "him" => (
                |k, _| matches!(k, Kind::Person(Gender::Male | Gender::Unknown)),
                PERSON_REACH,
            ),
            "she" | "her" => (
                |k, _| matches!(k, Kind::Person(Gender::Female | Gender::Unknown)),
                PERSON_REACH,
            ),
            "they" | "them" => (
                |k, same| matches!(k, Kind::Group) || (same && k == Kind::Body),
                THING_REACH,
            ),
            "it" => (|k, same| same && matches!(k, Kind::Body | Kind::Country), 0),
            _ => return Resolved::Nobody,
        };
        // "Feinstein shocked them by denouncing him": an object pronoun
        // is not the subject of its own clause.
        let object = matches!(lower, "him" | "her" | "them");
        let clause_mate = |r: &Referent| {
            object
                && !words[r.word.min(at)..at]
                    .iter()
                    .any(|w| matches!(w.class, Class::Comma | Class::Comp))
        };
        // A person whose gender the article tells comes before one whose
        // gender it does not, within a sentence.
        fn pick(candidates: Vec<&Referent>) -> Option<&Referent> {
            candidates
                .iter()
                .copied()
                .find(|r| !matches!(r.kind, Kind::Person(Gender::Unknown)))
                .or_else(|| candidates.first().copied())
        }
        // Within the sentence, a mention that is no preposition's object
        // comes first: "the tribunal investigating violations in
        // Yugoslavia announced that it was sending investigators" — "it"
        // is the tribunal, not Yugoslavia.
        // A preposition right after a verb is the verb's own ("called on
        // Rwanda to reinstate the mission it suspended"): its object is
        // no oblique mention.
        let oblique = |r: &Referent| {
            let mut k = r.word;
            if k > 0 && words[k - 1].class == Class::Det {
                k -= 1;
            }
            k > 0
                && words[k - 1].class == Class::Prep
                && !(k >= 2 && super::chunk::is_verb_at(words, k - 2))
        };
        if lower == "it" && expletive(words, at) {
            return Resolved::Nobody;
        }
        let fitting: Vec<&Referent> = here
            .iter()
            .rev()
            .filter(|r| r.word < at && !clause_mate(r) && fits(r.kind, true))
            .collect();
        let near = pick(fitting.iter().copied().filter(|r| !oblique(r)).collect())
            .or_else(|| pick(fitting));
        let found = near.or_else(|| {
            self.sentences.iter().take(reach).find_map(|referents| {
                pick(referents.iter().filter(|r| fits(r.kind, false)).collect())
            })
        });
        match (found, lower) {
            (Some(r), _) => match &r.actor {
                Some(actor) => Resolved::Actor(actor.clone()),
                None => Resolved::Nobody,
            },
            (None, _) => Resolved::Nobody,
        }
    }

    /// What "the `head`" ("the ministry", "the company") at word `at`
    /// refers to, when an earlier referent has that head in its name (or,
    /// for a company, is a business). `None` when nothing earlier fits:
    /// the words keep their own coding.
    pub fn description(&self, here: &[Referent], at: usize, head: &str) -> Option<Resolved> {
        let business = matches!(head, "company" | "firm" | "corporation");
        let fits = |r: &Referent| {
            matches!(r.kind, Kind::Body)
                && (r.name.split_whitespace().any(|w| w == head)
                    || (business
                        && r.actor
                            .as_ref()
                            .is_some_and(|a| a.sector.as_deref() == Some("BUS"))))
        };
        let near = here.iter().rev().filter(|r| r.word < at).find(|r| fits(r));
        let found = near.or_else(|| {
            self.sentences
                .iter()
                .find_map(|referents| referents.iter().rev().find(|r| fits(r)))
        })?;
        Some(match &found.actor {
            Some(actor) => Resolved::Actor(actor.clone()),
            None => Resolved::Nobody,
        })
    }
}

/// The head nouns of institutions a definite description can name.
pub(crate) fn institution_head(lower: &str) -> bool {
    matches!(
        lower,
        "ministry"
            | "company"
            | "firm"
            | "corporation"
            | "agency"
            | "department"
            | "commission"
            | "committee"
            | "council"
            | "court"
            | "embassy"
            | "party"
            | "organization"
            | "organisation"
            | "union"
            | "bank"
            | "group"
            | "university"
            | "association"
            | "foundation"
            | "office"
    )
}

/// The head noun of a definite description "the (adjective) HEAD" over
/// `words[from..to]`, if it is one.
pub(crate) fn description_head(words: &[Word<'_>], from: usize, to: usize) -> Option<usize> {
    let mut to = to.min(words.len());
    // "the ministry also promised": an adverb is not the head.
    while to > from && words[to - 1].class != Class::Word {
        to -= 1;
    }
    if to <= from + 1 || to - from > 3 || words[from].lower != "the" {
        return None;
    }
    let head = to - 1;
    let plain = words[from + 1..to].iter().all(|w| w.class == Class::Word);
    (plain && institution_head(&words[head].lower)).then_some(head)
}

/// Singular nouns that name a body, not a person ("the military", "the
/// newspaper").
fn collective(lower: &str) -> bool {
    institution_head(lower)
        || matches!(
            lower,
            "government"
                | "administration"
                | "army"
                | "military"
                | "navy"
                | "police"
                | "congress"
                | "parliament"
                | "senate"
                | "house"
                | "legislature"
                | "cabinet"
                | "regime"
                | "junta"
                | "opposition"
                | "authorities"
                | "newspaper"
                | "media"
                | "press"
                | "state"
                | "public"
                | "people"
                | "population"
                | "church"
                | "board"
                | "assembly"
                | "force"
                | "forces"
                | "guard"
                | "coalition"
                | "alliance"
                | "movement"
        )
}

/// The gender a given name marks (`data/given_names.tsv`).
fn given_name_gender(name: &str) -> Gender {
    static NAMES: std::sync::OnceLock<HashMap<&'static str, Gender>> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| {
        include_str!("../../data/given_names.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (name, gender) = l.split_once('\t')?;
                let gender = match gender.trim() {
                    "F" => Gender::Female,
                    "M" => Gender::Male,
                    _ => return None,
                };
                Some((name, gender))
            })
            .collect()
    });
    names.get(name).copied().unwrap_or(Gender::Unknown)
}

fn plural(lower: &str) -> bool {
    lower.len() > 3 && lower.ends_with('s') && !lower.ends_with("ss") && !lower.ends_with("us")
}

fn role_gender(lower: &str) -> Gender {
    const FEMALE: [&str; 12] = [
        "woman", "women", "queen", "princess", "actress", "mother", "wife", "daughter", "lady",
        "sister", "widow", "girl",
    ];
    const MALE: [&str; 10] = [
        "man", "king", "prince", "actor", "father", "husband", "son", "brother", "widower", "boy",
    ];
    let last = lower.split_whitespace().last().unwrap_or(lower);
    if FEMALE.iter().any(|w| last.ends_with(w)) {
        Gender::Female
    } else if MALE.iter().any(|w| last == *w || last.ends_with("man")) {
        Gender::Male
    } else {
        Gender::Unknown
    }
}

/// Verbs whose passive takes an empty "it" ("it is believed that", "it
/// should not be assumed they were spying").
const IT_IS_SAID: &[&str] = &[
    "say",
    "report",
    "believe",
    "assume",
    "expect",
    "think",
    "know",
    "fear",
    "estimate",
    "understand",
    "hope",
    "claim",
    "allege",
    "rumour",
    "rumor",
    "suggest",
    "feel",
];

/// Whether the "it" at `at` is empty: the subject of a passive verb of
/// saying or thinking ("it was reported", "it should not be assumed").
fn expletive(words: &[Word<'_>], at: usize) -> bool {
    let mut k = at + 1;
    let mut be = false;
    while let Some(w) = words.get(k) {
        match w.class {
            Class::Modal | Class::Neg | Class::Adverb => {}
            Class::Aux => be = true,
            _ => break,
        }
        k += 1;
    }
    be && words.get(k).is_some_and(|w| {
        w.form == super::lemma::Form::Past && IT_IS_SAID.contains(&w.lemma.as_str())
    })
}
