//! Whether a matched pattern means a political event at all: word classes
//! and scope checks that keep the coder quiet on news it was not written
//! for (disasters, accidents, sport, tests, markets, metaphors, conditions
//! and questions).
//!
//! Each check is a function of the sentence's words; the word classes are
//! closed lists of meanings (a disaster noun, a verb of effect), never
//! sentences.

use super::chunk::{is_boundary, is_verb_at, verb_before, Class, Word};
use super::lemma::Form;

/// Verbs and nouns of effect: what they name can happen to people without
/// anyone acting ("floods killed 12", "prices hit a record", "an explosion
/// hit the port", "fires are threatening towns"). An event with such a
/// trigger needs an actor on the source side.
const EFFECT: &[&str] = &[
    "kill",
    "injure",
    "wound",
    "hurt",
    "hit",
    "strike",
    "destroy",
    "burn",
    "damage",
    "level",
    "raze",
    "blast",
    "explosion",
    "explode",
    "explosive",
    "blow",
    "batter",
    "devastate",
    "flatten",
    "threaten",
    "threat",
    "force",
    "beat",
    "crush",
    "drive",
    "sweep",
    "die",
    "slay",
    "target",
    "capture",
    "trap",
    "engulf",
    "shut",
    "close",
    "block",
    "cut",
    "suspend",
    "halt",
    "deploy",
    "mobilize",
    "mobilise",
    "evacuate",
    "evacuation",
    "warn",
    "warning",
    "restrict",
    "restriction",
    "ban",
    "call",
];

/// Lemmas that name the dead and wounded of an act ("killing six", "were
/// wounded", "casualties"): in a sentence with an act of force they are its
/// result.
const CASUALTY: &[&str] = &[
    "kill", "killing", "wound", "wounding", "injure", "injury", "injuring", "maim", "casualty",
    "dead", "death",
];

/// Whether a lemma names the dead or wounded of an act.
pub(crate) fn casualty(lemma: &str) -> bool {
    CASUALTY.contains(&lemma)
}

/// Doers of violence that the actor tables may not code ("gunmen",
/// "unknown assailants", "youths", "a group of men"): a subject of a verb
/// of force that is one of these, a weapon ([`WEAPON`]) or a crowd
/// ([`CROWD`]) can be its doer.
const AGENT: &[&str] = &[
    "gunman",
    "gunmen",
    "attacker",
    "assailant",
    "militant",
    "fighter",
    "insurgent",
    "rebel",
    "guerrilla",
    "bandit",
    "robber",
    "thug",
    "gang",
    "man",
    "men",
    "woman",
    "women",
    "youth",
    "suspect",
    "terrorist",
    "jihadist",
    "extremist",
    "kidnapper",
    "abductor",
    "sniper",
    "bomber",
    "raider",
    "pirate",
    "poacher",
    "vigilante",
    "group",
    "unit",
    "person",
    "people",
    "individual",
    "force",
    "troop",
    "soldier",
    "army",
    "military",
    "police",
    "policeman",
    "officer",
    "guard",
    "militia",
    "militiaman",
    "commando",
    "squad",
    "battalion",
    "brigade",
    "regiment",
    "division",
    "navy",
    "plane",
    "aircraft",
    "helicopter",
    "tank",
    "ship",
    "vessel",
    "warship",
    "gunboat",
    "device",
    "explosive",
    "side",
    "government",
    "regime",
    "authority",
];

/// Whether the subject of the verb group that starts at `start` (the word
/// right before it, across adverbs and "who"/"that") is a common noun that
/// cannot do violence: "critics attacked the novel", "sales shot up", "the
/// drug attacks the cartilage", "wolves attacked three sheep". A name, a
/// pronoun, a role word the actor tables know (`actor_at`), a doer of
/// violence ([`AGENT`]), a weapon or a crowd is no such subject; neither is
/// a missing one.
pub(crate) fn inert_subject(
    words: &[Word<'_>],
    start: usize,
    actor_at: impl Fn(usize) -> bool,
) -> bool {
    let mut k = start;
    while k > 0 {
        let word = &words[k - 1];
        if word.class == Class::Adverb || matches!(word.lower.as_str(), "who" | "that") {
            k -= 1;
            continue;
        }
        let at = k - 1;
        let first = at == 0 || words[..at].iter().all(|w| w.class == Class::Quote);
        // A noun: plural, or after a determiner ("the drug"); never a
        // participle or an adjective before a noun trigger ("armed
        // clashes", "heavy fighting").
        let noun = !matches!(word.form, Form::Past | Form::Ing)
            && (word.form == Form::S
                || at
                    .checked_sub(1)
                    .is_some_and(|b| matches!(words[b].class, Class::Det | Class::Poss)));
        return noun
            && word.class == Class::Word
            && (!word.capital || first)
            && word.lemma.chars().all(|c| c.is_ascii_lowercase())
            && !actor_at(at)
            && !listed(AGENT, word)
            && !listed(WEAPON, word)
            && !listed(CROWD, word);
    }
    false
}

/// Whether the noun trigger from `at` to `end` names something planned, not
/// done: "the planned strike", "a proposed boycott", "two more executions
/// scheduled", "an upcoming visit".
pub(crate) fn planned(words: &[Word<'_>], at: usize, end: usize) -> bool {
    let before = at
        .checked_sub(1)
        .and_then(|k| words.get(k))
        .is_some_and(|w| {
            matches!(
                w.lower.as_str(),
                "planned"
                    | "proposed"
                    | "scheduled"
                    | "upcoming"
                    | "forthcoming"
                    | "possible"
                    | "potential"
                    | "future"
                    | "prospective"
                    | "intended"
                    | "imminent"
            )
        });
    // "executions scheduled", "executions are scheduled".
    let next = match words.get(end) {
        Some(w) if w.class == Class::Aux => end + 1,
        _ => end,
    };
    let after = words.get(next).is_some_and(|w| {
        matches!(
            w.lower.as_str(),
            "scheduled" | "planned" | "proposed" | "expected" | "slated"
        )
    });
    before || after
}

/// Whether the word at `at` says how rather than what: "told reporters by
/// phone", "said over the telephone" (the way a statement was made).
pub(crate) fn manner_word(words: &[Word<'_>], at: usize) -> bool {
    if !matches!(words[at].lemma.as_str(), "phone" | "telephone") {
        return false;
    }
    let before = |k: usize| at.checked_sub(k).map(|i| words[i].lower.as_str());
    let by = matches!(before(1), Some("by" | "via"))
        || (matches!(before(1), Some("the")) && matches!(before(2), Some("over")));
    // "told Xinhua by phone", "said by telephone": a statement's way;
    // "spoke by phone with" is a call.
    let said = words[at.saturating_sub(6)..at].iter().any(|w| {
        matches!(
            w.lemma.as_str(),
            "say" | "said" | "tell" | "told" | "add" | "confirm" | "report"
        )
    });
    by && said
}

/// Whether "call" at `at` names or appeals rather than telephones: "what
/// they called the war on teachers" (a name given), "heeding the leader's
/// call to pressure the authorities", "a call to arms" (an appeal, which the
/// governors code when it asks for something). `actor_at` tells whether a
/// word names an actor: "in a call to Macron" is still a telephone call.
pub(crate) fn call_not_phone(
    words: &[Word<'_>],
    at: usize,
    verbal: bool,
    actor_at: impl Fn(usize) -> bool,
) -> bool {
    if words[at].lemma != "call" {
        return false;
    }
    // "what they called", "what the army calls", "also called Mexican
    // tarragon", "commonly called": a name given.
    let named = words[at.saturating_sub(4)..at]
        .iter()
        .any(|w| matches!(w.lower.as_str(), "what" | "so"))
        // (", also called": after a comma; "Barak also called Clerides"
        // telephoned.)
        || at.checked_sub(1).is_some_and(|b| {
            matches!(
                words[b].lower.as_str(),
                "also" | "often" | "sometimes" | "commonly" | "formerly" | "locally" | "popularly"
                    | "variously" | "widely" | "aptly" | "once"
            ) && (b == 0 || words[b - 1].class == Class::Comma)
        });
    // "the leader's call to pressure", "a call to arms": an appeal.
    let appeal = !verbal
        && words.get(at + 1).is_some_and(|w| w.lower == "to")
        && (at + 2..(at + 4).min(words.len())).all(|k| !actor_at(k));
    named || appeal || (verbal && names_object(words, at))
}

/// Whether the verb "call" at `at` gives its object a name or a quality:
/// "called the rebels ``bandits''", "called Clinton's numbers ``overly
/// cheerful''", "called the plan a disaster". The object comes right after
/// the verb (no "for", "on", "off"), and within the clause a quotation or
/// "a"/"an" follows it; "a day later", "a week ago" tell when.
fn names_object(words: &[Word<'_>], at: usize) -> bool {
    let Some(next) = words.get(at + 1) else {
        return false;
    };
    if matches!(
        next.class,
        Class::Prep | Class::Quote | Class::Comma | Class::Punct
    ) || matches!(
        next.lower.as_str(),
        "for" | "on" | "off" | "up" | "out" | "in" | "back" | "a" | "an"
    ) {
        return false;
    }
    let end = words.len().min(at + 12);
    let mut infinitive = false;
    for k in at + 2..end {
        let word = &words[k];
        // The verb of an infinitive inside the object.
        if std::mem::take(&mut infinitive) {
            continue;
        }
        if word.class == Class::Quote {
            return true;
        }
        if matches!(word.lower.as_str(), "a" | "an") {
            let when = words.get(k + 1).is_some_and(|w| {
                matches!(
                    w.lower.as_str(),
                    "day" | "week" | "month" | "year" | "few" | "second" | "number" | "time"
                )
            });
            return !when;
        }
        // "called the return of 294 refugees a success", "called
        // Clinton's decision to certify Mexico ``a sham''": the object's
        // own "of" phrase or infinitive goes on.
        if word.lower == "of" {
            continue;
        }
        if word.lower == "to"
            && words
                .get(k + 1)
                .is_some_and(|w| w.class == Class::Word && w.form == Form::Base)
        {
            infinitive = true;
            continue;
        }
        if matches!(
            word.class,
            Class::Comma | Class::Punct | Class::Conj | Class::Prep
        ) || (word.class == Class::Word && k > at + 1 && is_verb_at(words, k))
        {
            return false;
        }
    }
    false
}

/// What an armed force destroys in battle: the other side's arms and
/// posts ("destroyed three tanks", "an ammunition depot"), not houses, and
/// not weapons found (171, "destroyed a cache of weapons").
const MILITARY_OBJECT: &[&str] = &[
    "tank",
    "vehicle",
    "convoy",
    "battery",
    "depot",
    "warehouse",
    "launcher",
    "launchpad",
    "helicopter",
    "aircraft",
    "warplane",
    "drone",
    "position",
    "bunker",
    "fortification",
    "checkpoint",
    "outpost",
    "stronghold",
    "hideout",
    "warship",
];

/// Whether the object after a verb ending at `end` is a military one
/// (within six words, before a clause boundary or comma): "destroyed a
/// number of rebel vehicles", "destroyed three tanks and an ammunition
/// depot". A cache, a weapon found or a bomb defused is not.
pub(crate) fn military_object(words: &[Word<'_>], end: usize) -> bool {
    words[end..(end + 6).min(words.len())]
        .iter()
        .take_while(|w| !is_boundary(w) && w.class != Class::Comma)
        .take_while(|w| !matches!(w.lemma.as_str(), "cache" | "stockpile" | "stash"))
        .any(|w| w.class == Class::Word && listed(MILITARY_OBJECT, w))
}

/// Armed doers and acts of violence named in a sentence.
const VIOLENCE: &[&str] = &[
    "gunman",
    "gunmen",
    "attacker",
    "assailant",
    "militant",
    "insurgent",
    "rebel",
    "guerrilla",
    "terrorist",
    "jihadist",
    "extremist",
    "bomber",
    "sniper",
    "attack",
    "ambush",
    "raid",
    "clash",
    "fighting",
    "shelling",
    "shootout",
    "gunfight",
    "firefight",
    "explosive",
];

/// Whether the sentence names armed men, an attack or a weapon: the dead
/// of a passive in it were killed by someone.
pub(crate) fn violence_named(words: &[Word<'_>]) -> bool {
    // A "mine" is as often a pit as a weapon.
    words.iter().any(|w| {
        w.class == Class::Word && (listed(VIOLENCE, w) || (listed(WEAPON, w) && w.lemma != "mine"))
    })
}

/// Buildings and places people gather in, which a violent act hits ("the
/// embassy bombings", "the subway attack", "a market bombing").
const FACILITY: &[&str] = &[
    "embassy",
    "consulate",
    "mission",
    "school",
    "hospital",
    "market",
    "hotel",
    "subway",
    "church",
    "mosque",
    "synagogue",
    "temple",
    "office",
    "building",
    "headquarters",
    "station",
    "airport",
    "bus",
    "train",
    "restaurant",
    "cafe",
    "nightclub",
    "stadium",
    "bank",
];

/// Whether `word` is one of [`FACILITY`].
pub(crate) fn facility(word: &Word<'_>) -> bool {
    word.class == Class::Word && listed(FACILITY, word)
}

/// Nouns of a violent act ("a blast at the embassy", "an attack near the
/// border"): as a subject's head they name what happened, not who did it.
const VIOLENT_HEAD: &[&str] = &[
    "attack",
    "ambush",
    "raid",
    "bombing",
    "blast",
    "explosion",
    "bomb",
    "shelling",
    "shooting",
    "gunfire",
    "clash",
    "fighting",
    "shootout",
    "gunfight",
    "firefight",
    "assault",
    "airstrike",
    "massacre",
];

/// Whether `word` is one of [`VIOLENT_HEAD`].
pub(crate) fn violent_head(word: &Word<'_>) -> bool {
    word.class == Class::Word && listed(VIOLENT_HEAD, word)
}

/// Nouns that, after an event noun, still name the event or its time
/// ("bomb attack", "protest march", "strike action", "attack last week").
const EVENT_HEAD: &[&str] = &[
    "attack",
    "strike",
    "raid",
    "bombing",
    "blast",
    "explosion",
    "fire",
    "campaign",
    "operation",
    "offensive",
    "march",
    "rally",
    "protest",
    "demonstration",
    "violence",
    "clash",
    "spree",
    "wave",
    "action",
    "movement",
    "day",
    "night",
    "morning",
    "afternoon",
    "evening",
    "week",
    "weekend",
    "month",
    "year",
    "today",
    "yesterday",
];

/// Whether the noun at `at` modifies a common noun right after it, so
/// that it names a kind of thing, not an event: "attack vessels", "riot
/// police", "murder suspect", "combat troops", "assault weapons".
pub(crate) fn noun_modifier(
    words: &[Word<'_>],
    at: usize,
    actor_at: impl Fn(usize) -> bool,
) -> bool {
    let Some(next) = words.get(at + 1) else {
        return false;
    };
    next.class == Class::Word
        && !next.capital
        && !next.verb
        && !matches!(next.form, Form::Past | Form::Ing)
        && !actor_at(at + 1)
        && !listed(EVENT_HEAD, next)
        && !listed(CASUALTY, next)
}

/// What violence is done to besides people and places ([`TERRITORY`]):
/// buildings, vehicles, units and power.
const TARGET: &[&str] = &[
    "convoy",
    "vehicle",
    "bus",
    "car",
    "truck",
    "train",
    "ship",
    "boat",
    "tanker",
    "plane",
    "aircraft",
    "helicopter",
    "building",
    "house",
    "home",
    "school",
    "hospital",
    "market",
    "mosque",
    "church",
    "temple",
    "embassy",
    "consulate",
    "office",
    "station",
    "headquarters",
    "compound",
    "prison",
    "jail",
    "barracks",
    "post",
    "garrison",
    "facility",
    "plant",
    "site",
    "installation",
    "line",
    "front",
    "control",
    "power",
    "capital",
    "west",
    "east",
    "north",
    "south",
    "country",
    "nation",
    "state",
    "people",
    "population",
    "family",
    "community",
    "minority",
    "crowd",
    "protest",
    "rally",
    "march",
    "demonstration",
];

/// Whether a noun of fighting with nobody named on either side aims at
/// something no one fights with weapons: "the fight against arthritis",
/// "attacks on the school curriculum", "the battle to save fishing
/// stocks", "an assault on government spending". Its complement ("of",
/// "against", "on", "over", "to", "for") has a head that is no actor, no
/// name, no people, place, building, vehicle or unit.
pub(crate) fn abstract_complement(
    words: &[Word<'_>],
    at: usize,
    actor_at: impl Fn(usize) -> bool,
) -> bool {
    let Some(word) = words.get(at) else {
        return false;
    };
    if !matches!(
        word.lemma.as_str(),
        "war"
            | "battle"
            | "fight"
            | "fighting"
            | "combat"
            | "campaign"
            | "attack"
            | "assault"
            | "shooting"
            | "shoot"
    ) || (is_verb_at(words, at) && word.form != Form::Ing)
    {
        return false;
    }
    let Some(next) = words.get(at + 1) else {
        return false;
    };
    if !matches!(
        next.lower.as_str(),
        "against" | "on" | "over" | "to" | "for"
    ) {
        return false;
    }
    // "the battle to save fishing stocks" aims at something; "the scene of
    // the attack to rescue survivors" is another clause.
    if next.lower == "to" && matches!(word.lemma.as_str(), "attack" | "assault" | "combat") {
        return false;
    }
    let until = (at + 7).min(words.len());
    for k in at + 2..until {
        let w = &words[k];
        if actor_at(k) || w.capital {
            return false;
        }
        match w.class {
            Class::Det | Class::Adverb | Class::Num | Class::Poss => continue,
            Class::Word => {
                // An adjective or modifier goes on to its noun.
                if words
                    .get(k + 1)
                    .is_some_and(|n| n.class == Class::Word && !n.verb)
                {
                    continue;
                }
                return !(listed(TERRITORY, w)
                    || listed(TARGET, w)
                    || listed(AGENT, w)
                    || listed(CROWD, w)
                    || listed(WEAPON, w)
                    || listed(CASUALTY, w));
            }
            _ => return false,
        }
    }
    false
}

/// Whether the noun of violence at `at` is said of an animal or of the
/// body: "a heart attack", "a shark attack", "wolf attacks".
pub(crate) fn bodily(words: &[Word<'_>], at: usize) -> bool {
    at.checked_sub(1)
        .and_then(|k| words.get(k))
        .is_some_and(|w| {
            matches!(
                w.lemma.trim_end_matches('s'),
                "heart"
                    | "panic"
                    | "asthma"
                    | "anxiety"
                    | "seizure"
                    | "shark"
                    | "dog"
                    | "wolf"
                    | "wolve"
                    | "bear"
                    | "animal"
                    | "bee"
                    | "snake"
                    | "insect"
            )
        })
}

/// Whether the word right before the verb group at `start` is a thing
/// ([`THING`]): "the film was shot", "the law was struck down".
pub(crate) fn thing_subject(words: &[Word<'_>], start: usize) -> bool {
    start
        .checked_sub(1)
        .and_then(|k| words.get(k))
        .is_some_and(|w| w.class == Class::Word && listed(THING, w))
}

/// Whether the words right before the verb group at `start` are "both
/// sides", "the two governments", "both countries": the two parties of
/// what was said before.
pub(crate) fn both_sides(words: &[Word<'_>], start: usize) -> bool {
    let Some(noun) = start.checked_sub(1).and_then(|k| words.get(k)) else {
        return false;
    };
    let sides = matches!(
        noun.lower.as_str(),
        "sides"
            | "governments"
            | "countries"
            | "nations"
            | "leaders"
            | "parties"
            | "delegations"
            | "ministers"
            | "presidents"
            | "states"
    );
    sides
        && start
            .checked_sub(2)
            .and_then(|k| words.get(k))
            .is_some_and(|w| matches!(w.lower.as_str(), "both" | "two"))
}

/// Whether the word is the participle of a verb of posting troops
/// ("deployed", "stationed", "based", "posted").
pub(crate) fn posted(word: &Word<'_>) -> bool {
    word.form == Form::Past
        && matches!(
            word.lemma.as_str(),
            "deploy" | "station" | "base" | "post" | "position" | "garrison"
        )
}

/// Whether a CAMEO code is an act of force whose casualties it includes:
/// military force (19) or mass violence (20). (A bombing, 183, is no
/// such act here: its dead are the same type, ASSAULT, and the killing
/// often names the target the bombing lacks.)
pub(crate) fn act_of_force(cameo: &str) -> bool {
    cameo.starts_with("19") || cameo.starts_with("20")
}

/// Nouns of disasters and accidents: nobody acts in them.
const DISASTER: &[&str] = &[
    "earthquake",
    "quake",
    "tremor",
    "aftershock",
    "flood",
    "flooding",
    "floodwater",
    "storm",
    "hurricane",
    "typhoon",
    "cyclone",
    "tornado",
    "landslide",
    "landslip",
    "mudslide",
    "avalanche",
    "drought",
    "wildfire",
    "bushfire",
    "blaze",
    "rain",
    "rainfall",
    "downpour",
    "snow",
    "snowfall",
    "snowstorm",
    "blizzard",
    "heatwave",
    "tsunami",
    "eruption",
    "volcano",
    "epidemic",
    "outbreak",
    "pandemic",
    "virus",
    "disease",
    "cholera",
    "accident",
    "crash",
    "collision",
    "derailment",
    "collapse",
    "spill",
    "poisoning",
    "lightning",
    "weather",
    "gale",
    "famine",
    "stampede",
    "shipwreck",
];

/// Diseases, which the language layer may take for a name ("Cholera").
const DISEASE: &[&str] = &[
    "malaria",
    "ebola",
    "measles",
    "dengue",
    "typhoid",
    "diarrhoea",
    "diarrhea",
    "influenza",
    "flu",
    "polio",
    "tuberculosis",
    "meningitis",
    "plague",
    "aids",
    "hiv",
    "covid",
    "mpox",
    "zika",
    "yellow",
    "fever",
];

/// Whether an actor's words name only diseases and disasters ("Cholera",
/// "cholera and diarrhoea", "the floods"): no actor at all.
pub(crate) fn hazard(text: &str) -> bool {
    let mut any = false;
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        let lower = word.to_lowercase();
        if matches!(lower.as_str(), "and" | "the" | "a" | "an" | "of") {
            continue;
        }
        let singular = lower.strip_suffix('s').unwrap_or(&lower);
        if !(DISASTER.contains(&lower.as_str())
            || DISASTER.contains(&singular)
            || DISEASE.contains(&lower.as_str()))
        {
            return false;
        }
        any = true;
    }
    any
}

/// Words that place a sentence in sport, in a drug test or in a market,
/// where "beat", "attack", "clash", "hit" and "strike" are no violence.
const SPORT: &[&str] = &[
    "match",
    "league",
    "tournament",
    "championship",
    "cup",
    "striker",
    "midfielder",
    "goalkeeper",
    "inning",
    "innings",
    "wicket",
    "wickets",
    "batsman",
    "batsmen",
    "bowler",
    "bowlers",
    "touchdown",
    "playoff",
    "playoffs",
    "semifinal",
    "semi-final",
    "quarterfinal",
    "quarter-final",
    "olympic",
    "olympics",
    "medal",
    "doping",
    "scored",
    "footballer",
    "price",
    "prices",
    "inflation",
];

/// Weapons: a weapon that hits was fired by someone ("mortar shells hit
/// the market").
const WEAPON: &[&str] = &[
    "mortar",
    "shell",
    "rocket",
    "missile",
    "bomb",
    "grenade",
    "bullet",
    "gunfire",
    "artillery",
    "drone",
    "airstrike",
    "warplane",
    "jet",
    "projectile",
    "ied",
    "landmine",
    "mine",
];

/// Every word of the lists above and below: the lemmatiser knows them, so
/// that "identified", "discovered" and "looted" reach their lemma even
/// where no pattern uses the word.
pub(crate) fn vocabulary<'a>() -> impl Iterator<Item = &'a str> {
    [
        EFFECT,
        DISASTER,
        SPORT,
        WEAPON,
        TERRITORY,
        PICTURES,
        STATE,
        DONE_TO,
        HELD,
        CROWD,
        THING,
        GATHERING,
        MILITARY_OBJECT,
    ]
    .into_iter()
    .flatten()
    .copied()
    .filter(|w| !w.contains(' '))
}

/// Whether the trigger at `at` names an effect that can happen without an
/// actor ("floods killed", "prices hit", "caught fire"), unless a weapon
/// stands before it in its clause ("mortar shells hit").
pub(crate) fn effect_at(words: &[Word<'_>], at: usize) -> bool {
    let Some(word) = words.get(at) else {
        return false;
    };
    let effect = EFFECT.contains(&word.lemma.as_str())
        || (word.lemma == "fire"
            && at
                .checked_sub(1)
                .and_then(|i| words.get(i))
                .is_some_and(|w| w.lemma == "catch" || w.class == Class::Det));
    if !effect {
        return false;
    }
    let armed = words[..at]
        .iter()
        .rev()
        .take_while(|w| !matches!(w.class, Class::Punct | Class::Comp | Class::Adjunct))
        .any(|w| listed(WEAPON, w));
    !armed
}

/// Whether a word's lemma, or its lemma without a plural `s` (for nouns
/// the lemmatiser does not know), is in `list`.
fn listed(list: &[&str], word: &Word<'_>) -> bool {
    let lemma = word.lemma.as_str();
    list.contains(&lemma) || lemma.strip_suffix('s').is_some_and(|l| list.contains(&l))
}

/// Whether a disaster noun heads the words just before `at` in its clause
/// ("earthquakes hit", "the storm destroyed").
pub(crate) fn disaster_before(words: &[Word<'_>], at: usize) -> bool {
    words[..at]
        .iter()
        .rev()
        .take(3)
        .take_while(|w| !matches!(w.class, Class::Punct | Class::Comma | Class::Comp))
        .any(|w| w.class == Class::Word && listed(DISASTER, w))
}

/// Whether the sentence names a disaster or an accident.
pub(crate) fn disaster_in(words: &[Word<'_>]) -> bool {
    words.iter().enumerate().any(|(k, w)| {
        w.class == Class::Word
            && !w.capital
            && !weather_word_in_other_sense(words, k)
            && (listed(DISASTER, w) || blazes(words, k))
    })
}

/// "stormed a police station" is an assault and "a lightning offensive"
/// fast: no weather.
fn weather_word_in_other_sense(words: &[Word<'_>], k: usize) -> bool {
    let w = &words[k];
    match w.lemma.as_str() {
        "storm" => matches!(w.form, Form::Past | Form::Ing),
        "lightning" => words.get(k + 1).is_some_and(|n| {
            matches!(
                n.lemma.as_str(),
                "offensive"
                    | "strike"
                    | "attack"
                    | "advance"
                    | "raid"
                    | "war"
                    | "campaign"
                    | "assault"
                    | "operation"
                    | "visit"
                    | "tour"
            )
        }),
        _ => false,
    }
}

/// "200 fires are burning", "the fires spread": "fires" as blazes counted
/// or burning (not "the army fires rockets", not "opened fire").
fn blazes(words: &[Word<'_>], at: usize) -> bool {
    // "a fire at a nightclub", "the fire spread": a fire, not firing
    // ("opened fire", "came under fire").
    if words[at].lower == "fire" {
        // Not "a fire exchange", "the fire support".
        let compound = words.get(at + 1).is_some_and(|w| {
            matches!(
                w.lemma.as_str(),
                "exchange" | "fight" | "fighting" | "support" | "power" | "attack"
            )
        });
        return !compound
            && at
                .checked_sub(1)
                .is_some_and(|k| matches!(words[k].lower.as_str(), "a" | "the"));
    }
    if words[at].lower != "fires" {
        return false;
    }
    let counted = at
        .checked_sub(1)
        .is_some_and(|k| matches!(words[k].class, Class::Num | Class::Det));
    let burning = words[at + 1..].iter().take(3).any(|w| {
        matches!(
            w.lemma.as_str(),
            "burn" | "rage" | "spread" | "sweep" | "engulf" | "blaze"
        )
    });
    counted || burning
}

/// Whether the sentence is about sport, a drug test or a market.
pub(crate) fn sport_in(words: &[Word<'_>]) -> bool {
    let tested = words.iter().any(|w| w.lemma == "test");
    words.iter().any(|w| {
        w.class == Class::Word
            && (SPORT.contains(&w.lower.as_str()) || (tested && w.lower == "positive"))
    })
}

/// Whether the sentence asks a question (its last word is `?`).
pub(crate) fn is_question(words: &[Word<'_>]) -> bool {
    words
        .iter()
        .rev()
        .find(|w| w.class != Class::Quote)
        .is_some_and(|w| w.text == "?")
}

/// Whether the word at `at` stands in a condition: "if", "unless",
/// "whether", "lest" or "in case" opens its clause (no comma or sentence
/// punctuation between).
pub(crate) fn in_condition(words: &[Word<'_>], at: usize) -> bool {
    for k in (0..at).rev() {
        let word = &words[k];
        if matches!(word.class, Class::Punct | Class::Comma) {
            return false;
        }
        if matches!(
            word.lower.as_str(),
            "if" | "unless" | "whether" | "lest" | "supposing"
        ) {
            return true;
        }
        if word.lower == "case" && k > 0 && words[k - 1].lower == "in" {
            return true;
        }
    }
    false
}

/// The modality the clause gives a verb beyond its own group: "might be
/// able to test", "is expected to hit", "is unlikely to attack", "has not
/// been able to", "had not had the opportunity to talk", "would have done
/// better to strike": walking left from the verb group over verbs, "to",
/// adverbs, determiners and the words of ability, chance and expectation. Returns (speculative,
/// negated).
pub(crate) fn clause_modality(words: &[Word<'_>], start: usize) -> (bool, bool) {
    let mut speculative = false;
    let mut negated = false;
    let mut k = start;
    // Only when the group is an infinitive: "… to test".
    if k == 0 || words[k - 1].lower != "to" {
        return (false, false);
    }
    while k > 0 {
        let word = &words[k - 1];
        let lower = word.lower.as_str();
        match lower {
            "may" | "might" | "could" | "can" | "ca" | "cannot" | "likely" | "unlikely"
            | "expected" | "able" | "unable" | "hope" | "hoped" | "hopes" | "hoping" | "would"
            | "possibly" | "reportedly" | "allegedly" | "supposed" | "rumoured" | "rumored"
            | "seek" | "seeks" | "sought" | "seeking" | "want" | "wants" | "wanted" | "wanting"
            | "power" | "powers" | "right" | "authority" | "permission" | "ability" | "mandate"
            | "scheduled" | "slated" | "due" | "opportunity" | "chance" | "better" => {
                speculative = true;
            }
            "not" | "n't" | "never" | "no" => negated = true,
            "to" | "be" | "is" | "are" | "was" | "were" | "been" | "being" | "has" | "have"
            | "had" | "will" | "shall" | "'s" | "'re" | "do" | "does" | "did" => {}
            // "had not had the opportunity to talk", "has the right to".
            _ if matches!(word.class, Class::Adverb | Class::Det) => {}
            _ => break,
        }
        k -= 1;
    }
    (speculative, negated)
}

/// "they thought that Tanzania would resist", "analysts believe Iran would
/// retaliate", "he thinks individuals should invest", "Iraq hoped the
/// council would agree": a verb group with
/// "would", "could", "should" or "must" in the complement of a verb of
/// thinking (within eight words before it, nothing but words between) is a
/// guess or an opinion about what someone might or ought to do. "Russia
/// said it would withdraw" is a stated intent and stays.
pub(crate) fn guessed(words: &[Word<'_>], start: usize) -> bool {
    const THINK: &[&str] = &[
        "think",
        "believe",
        "expect",
        "fear",
        "predict",
        "doubt",
        "suspect",
        "guess",
        "assume",
        "imagine",
        "speculate",
        "worry",
        "wonder",
        "feel",
        "reckon",
        "estimate",
        "hope",
        "wish",
    ];
    let conditional = words[start..]
        .iter()
        .take_while(|w| matches!(w.class, Class::Modal | Class::Aux | Class::Adverb))
        .any(|w| {
            matches!(
                w.lower.as_str(),
                "would" | "could" | "'d" | "should" | "must" | "ought"
            )
        });
    if !conditional {
        return false;
    }
    words[start.saturating_sub(8)..start]
        .iter()
        .rev()
        .take_while(|w| !matches!(w.class, Class::Punct) && w.lower != ";")
        .any(|w| w.verb && THINK.contains(&w.lemma.as_str()))
}

/// "is expected to", "was supposed to", "are tipped to": a participle of
/// prediction after a form of "be" (across adverbs) says what others expect
/// of the subject, not what it means to do.
pub(crate) fn predicted(words: &[Word<'_>], at: usize) -> bool {
    let Some(word) = words.get(at) else {
        return false;
    };
    if !matches!(
        word.lower.as_str(),
        "expected" | "supposed" | "predicted" | "forecast" | "projected" | "tipped" | "likely"
    ) {
        return false;
    }
    words[..at]
        .iter()
        .rev()
        .find(|w| w.class != Class::Adverb)
        .is_some_and(|w| {
            matches!(
                w.lower.as_str(),
                "is" | "are" | "was" | "were" | "be" | "been" | "being" | "'s" | "'re"
            )
        })
}

/// "for banned drugs", "the arrested men", "a sanctioned event": a past
/// participle used as an adjective before a noun names no act.
pub(crate) fn attributive(words: &[Word<'_>], at: usize) -> bool {
    let Some(word) = words.get(at) else {
        return false;
    };
    if word.form != Form::Past {
        return false;
    }
    let before = at
        .checked_sub(1)
        .and_then(|i| words.get(i))
        .is_none_or(|w| matches!(w.class, Class::Det | Class::Prep | Class::Num | Class::Poss));
    let after = words
        .get(at + 1)
        .is_some_and(|w| w.class == Class::Word && !w.verb && w.form != Form::Past);
    before
        && after
        && words
            .get(at.wrapping_sub(1))
            .is_some_and(|w| w.lower != "to")
}

/// "a war of words", "the battle against cancer", "their fight to contain
/// the fires": a noun of fighting whose complement is a thing, not a
/// party.
pub(crate) fn metaphor(words: &[Word<'_>], at: usize, actor_at: impl Fn(usize) -> bool) -> bool {
    // "fought a war of words", "waged a battle against": the noun after.
    let at = (at + 1..(at + 3).min(words.len()))
        .find(|&k| matches!(words[k].lemma.as_str(), "war" | "battle"))
        .unwrap_or(at);
    let Some(word) = words.get(at) else {
        return false;
    };
    if !matches!(
        word.lemma.as_str(),
        "war" | "battle" | "fight" | "fighting" | "combat" | "campaign" | "offensive" | "attack"
    ) {
        return false;
    }
    let Some(next) = words.get(at + 1) else {
        return false;
    };
    if !matches!(next.lower.as_str(), "of" | "against" | "on" | "over" | "to") {
        return false;
    }
    // The complement's head: the first word after determiners and
    // adjectives, within four words.
    let mut k = at + 2;
    let until = (at + 6).min(words.len());
    while k < until {
        let w = &words[k];
        if actor_at(k) {
            return false;
        }
        if matches!(w.class, Class::Punct | Class::Comma) {
            return false;
        }
        if listed(DISASTER, w) {
            return true;
        }
        if w.class == Class::Word
            && !w.capital
            && matches!(
                w.lemma.trim_end_matches('s'),
                "word"
                    | "poverty"
                    | "corruption"
                    | "drug"
                    | "crime"
                    | "cancer"
                    | "inflation"
                    | "hunger"
                    | "disease"
                    | "terror"
                    | "nerve"
                    | "will"
                    | "idea"
                    | "ideas"
                    | "attrition"
                    | "price"
                    | "cost"
                    | "obesity"
                    | "climate"
                    | "pollution"
            )
        {
            return true;
        }
        k += 1;
    }
    false
}

/// What a verb of taking ("capture", "seize") takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Taken {
    /// A place: a town, a base, a named place ("captured two villages").
    Territory,
    /// A picture or an attention ("captured footage"): no event.
    Thing,
    /// People or a group named as actors ("seized three aid workers").
    People,
}

/// Nouns of territory and positions.
const TERRITORY: &[&str] = &[
    "village",
    "town",
    "city",
    "district",
    "area",
    "neighborhood",
    "neighbourhood",
    "base",
    "region",
    "province",
    "territory",
    "hill",
    "airport",
    "port",
    "camp",
    "position",
    "border",
    "crossing",
    "checkpoint",
    "outpost",
    "stronghold",
    "suburb",
    "county",
    "valley",
    "island",
    "bridge",
    "highway",
    "road",
    "oilfield",
    "field",
    "dam",
];

/// Things that are captured without force.
const PICTURES: &[&str] = &[
    "footage",
    "image",
    "photo",
    "photograph",
    "picture",
    "video",
    "moment",
    "imagination",
    "attention",
    "heart",
    "mood",
    "essence",
    "spirit",
];

/// For a verb of taking at `at` whose pattern ends before `end`, what its
/// object is, when it says: the first noun or name after it in its clause.
/// `place_at(k)` tells whether the word at `k` names an actor (`Some`) and
/// whether that actor is a place (`Some(true)`).
pub(crate) fn taking(
    words: &[Word<'_>],
    at: usize,
    end: usize,
    place_at: impl Fn(usize) -> Option<bool>,
) -> Option<Taken> {
    let word = words.get(at)?;
    if !matches!(word.lemma.as_str(), "capture" | "seize" | "take") {
        return None;
    }
    // "were seized in Kingston": a passive's object is its subject, and a
    // place after "in" is where, not what.
    let passive = words[..at].iter().rev().take(3).any(|w| {
        matches!(
            w.lower.as_str(),
            "was" | "were" | "been" | "being" | "is" | "are" | "be"
        )
    });
    if passive {
        return None;
    }
    let until = (end + 6).min(words.len());
    for (k, w) in words.iter().enumerate().take(until).skip(end) {
        if matches!(
            w.class,
            Class::Punct | Class::Comma | Class::Comp | Class::Adjunct
        ) || matches!(
            w.lower.as_str(),
            "in" | "at" | "near" | "from" | "across" | "around" | "inside" | "outside"
        ) {
            return None;
        }
        if let Some(place) = place_at(k) {
            // "seized three aid workers": people taken, not a place.
            return Some(if place {
                Taken::Territory
            } else {
                Taken::People
            });
        }
        if w.class == Class::Word {
            if listed(TERRITORY, w) {
                return Some(Taken::Territory);
            }
            if listed(PICTURES, w) {
                return Some(Taken::Thing);
            }
        }
    }
    None
}

/// Verbs of a standing relation: "backed by", "funded by", "allied with".
const STATE: &[&str] = &[
    "back",
    "support",
    "sponsor",
    "fund",
    "finance",
    "arm",
    "ally",
    "affiliate",
    "align",
    "link",
    "associate",
    "loyal",
    "tie",
];

/// "militants backed by Ankara", "a group funded by X": a past participle
/// of a standing relation after a noun and before "by" describes the noun.
pub(crate) fn state_participle(words: &[Word<'_>], at: usize) -> bool {
    let Some(word) = words.get(at) else {
        return false;
    };
    at > 0
        && word.form == Form::Past
        && STATE.contains(&word.lemma.as_str())
        && words.get(at + 1).is_some_and(|w| w.lower == "by")
        && matches!(words[at - 1].class, Class::Word | Class::Comma)
}

/// Verbs done only to someone: bare after a noun, their past participle
/// describes the noun ("demonstrators killed last month", "men detained
/// in the raid").
const DONE_TO: &[&str] = &[
    "kill", "injure", "wound", "hurt", "arrest", "detain", "abduct", "kidnap", "jail", "imprison",
    "deport", "execute", "behead", "torture", "rape", "murder", "slay",
];

/// Nouns of an act done to someone, whose possessive names who suffers it
/// ("bin Laden's arrest", "the envoy's expulsion", "Pinochet's
/// extradition"), unlike "Russia's attack" or "Iran's offer".
const DONE_TO_NOUN: &[&str] = &[
    "arrest",
    "detention",
    "capture",
    "abduction",
    "kidnapping",
    "imprisonment",
    "jailing",
    "deportation",
    "expulsion",
    "extradition",
    "execution",
    "assassination",
    "murder",
    "killing",
    "torture",
    "trial",
    "conviction",
    "sentencing",
    "indictment",
    "prosecution",
    "ouster",
    "overthrow",
];

/// Whether `word` is one of [`DONE_TO_NOUN`].
pub(crate) fn done_to_noun(word: &Word<'_>) -> bool {
    word.class == Class::Word && listed(DONE_TO_NOUN, word)
}

/// "dozens of demonstrators killed last month in a raid": a participle of
/// a verb done to someone, right after a noun, with no object after it,
/// is a reduced relative clause describing the victims, not an act of the
/// noun.
pub(crate) fn victims_described(words: &[Word<'_>], at: usize) -> bool {
    let Some(word) = words.get(at) else {
        return false;
    };
    if word.form != Form::Past || !DONE_TO.contains(&word.lemma.as_str()) {
        return false;
    }
    let Some(next) = words.get(at + 1) else {
        return true;
    };
    let at_least = next.lower == "at" && words.get(at + 2).is_some_and(|w| w.lower == "least");
    !at_least
        && (matches!(next.class, Class::Prep | Class::Comma | Class::Punct)
            || matches!(
                next.lower.as_str(),
                "last" | "yesterday" | "earlier" | "during" | "overnight" | "today"
            ))
}

/// Verbs of finding, holding and clearing weapons.
const HELD: &[&str] = &[
    "find",
    "discover",
    "seize",
    "recover",
    "defuse",
    "dismantle",
    "neutralize",
    "neutralise",
    "clear",
    "identify",
    "confiscate",
    "intercept",
    "uncover",
    "hide",
    "store",
    "stockpile",
    "contain",
    "include",
    "possess",
    "smuggle",
    "cache",
    "stash",
    "dispose",
    "destroy",
    "surrender",
    "hand",
    "ban",
    "prohibit",
    "outlaw",
];

/// "bombs were found", "seized rifles and grenades", "the campaign to ban
/// landmines": a weapon noun in a sentence about finding, holding or
/// banning weapons names no attack.
pub(crate) fn weapon_held(words: &[Word<'_>], at: usize) -> bool {
    words
        .get(at)
        .is_some_and(|w| listed(WEAPON, w) || w.lemma == "explosive")
        && words.iter().any(|w| {
            w.class == Class::Word
                && (w.verb || w.lemma == "cache")
                && HELD.contains(&w.lemma.as_str())
        })
}

/// "rockets slammed into the town", "a grenade blast": words of criticism
/// ("slam", "blast") used for a physical impact.
pub(crate) fn physical_impact(words: &[Word<'_>], at: usize, verbal: bool) -> bool {
    let Some(word) = words.get(at) else {
        return false;
    };
    if !matches!(
        word.lemma.as_str(),
        "slam" | "blast" | "hit" | "strike" | "lash"
    ) {
        return false;
    }
    !verbal
        || words
            .get(at + 1)
            .is_some_and(|w| matches!(w.lower.as_str(), "into" | "onto" | "through" | "down"))
}

/// The classes a pattern can ask of its anchor's subject (`<class` in a
/// pattern line).
pub(crate) const SUBJECT_CLASSES: &[&str] = &["crowd"];

/// `crowd`: people gathered to press a cause. "Protesters rallied",
/// "rioters clashed", "demonstrators marched": with such a subject, a verb
/// of assembly is a demonstration and a clash or a burning is a riot, where
/// the same verbs with soldiers or a government as subject are not.
const CROWD: &[&str] = &[
    "protester",
    "protestor",
    "demonstrator",
    "marcher",
    "rioter",
    "picketer",
    "crowd",
    "mob",
    "activist",
    "agitator",
    "dissident",
];

/// [`subject_is`], across a place after the subject ("protesters in
/// Hong Kong sat").
pub(crate) fn subject_is_past_place(words: &[Word<'_>], start: usize, class: &str) -> bool {
    let mut k = start;
    while k > 0 && words[k - 1].capital && words[k - 1].class == Class::Word {
        k -= 1;
    }
    if k < start && k > 0 && matches!(words[k - 1].lower.as_str(), "in" | "at" | "from" | "across")
    {
        return subject_is(words, k - 1, class);
    }
    subject_is(words, start, class)
}

/// People named by their protest: what they do in the street is a
/// demonstration.
const PROTESTER: &[&str] = &[
    "protester",
    "protestor",
    "demonstrator",
    "marcher",
    "picketer",
];

/// Police, who take people into custody: "police seized three suspects"
/// is an arrest, "gunmen seized three aid workers" an abduction.
const POLICE: &[&str] = &[
    "police",
    "policeman",
    "policemen",
    "officer",
    "detective",
    "authority",
    "agent",
];

/// Crowds in the street: [`CROWD`] without those who also report.
const STREET_CROWD: &[&str] = &[
    "protester",
    "protestor",
    "demonstrator",
    "marcher",
    "rioter",
    "picketer",
    "crowd",
    "mob",
];

/// Whether the subject of the verb whose group starts at `start` is a word
/// of `class`: the word right before the group (across adverbs and a
/// relative "who"/"that"), or the head of a noun phrase "thousands of
/// protesters" ending there.
pub(crate) fn subject_is(words: &[Word<'_>], start: usize, class: &str) -> bool {
    let list = match class {
        "crowd" => CROWD,
        "protester" => PROTESTER,
        "police" => POLICE,
        _ => return false,
    };
    let mut k = start;
    while k > 0 {
        let word = &words[k - 1];
        if word.class == Class::Adverb || matches!(word.lower.as_str(), "who" | "that") {
            k -= 1;
            continue;
        }
        return word.class == Class::Word && listed(list, word);
    }
    false
}

/// Objects that are things no one can be attacked through: laws and
/// rulings, figures and markets, tests and substances, records and files,
/// devices and abstractions. "The court struck down the ordinance", "shot
/// down the proposal", "beat the deadline", "hit the brakes": a verb of
/// force with such an object is no violence. People, groups, places,
/// buildings, vehicles and weapons are never in it.
const THING: &[&str] = &[
    // qualities, attention and prizes ("captured Bush's personality",
    // "captured 40 seats")
    "personality",
    "imagination",
    "attention",
    "mood",
    "spirit",
    "essence",
    "heart",
    "title",
    "prize",
    "award",
    "seat",
    "vote",
    // laws, rulings, texts
    "law",
    "ordinance",
    "bill",
    "ruling",
    "rule",
    "regulation",
    "provision",
    "proposal",
    "amendment",
    "motion",
    "measure",
    "policy",
    "idea",
    "theory",
    "notion",
    "argument",
    "claim",
    "myth",
    "rumour",
    "rumor",
    // figures and markets
    "price",
    "rate",
    "record",
    "forecast",
    "estimate",
    "expectation",
    "deadline",
    "ceiling",
    "limit",
    "odds",
    "sale",
    "share",
    "stock",
    "market",
    "index",
    // tests and substances
    "test",
    "drug",
    "substance",
    // records, files and devices
    "file",
    "e-mail",
    "email",
    "document",
    "software",
    "program",
    "brake",
    "button",
    "key",
    "ball",
    // abstractions
    "factor",
    "mystery",
    "problem",
    "rise",
    "increase",
    "infection",
    "illness",
    "pain",
    "inflation",
    "poverty",
    // films and pictures (shot, not shot at)
    "film",
    "movie",
    "scene",
    "footage",
    "video",
    "photo",
    "photograph",
    "picture",
    "episode",
    "question",
    "issue",
    "habit",
    "barrier",
];

/// Whether the object of the verb at `at` is a thing of [`THING`]: the
/// first noun after it (across particles "down", "up", "off", determiners,
/// numbers and modifiers), with no actor on the way.
pub(crate) fn thing_object(
    words: &[Word<'_>],
    at: usize,
    actor_at: impl Fn(usize) -> bool,
) -> bool {
    let mut k = at + 1;
    while k < words.len() && matches!(words[k].lower.as_str(), "down" | "up" | "off" | "out") {
        k += 1;
    }
    let until = (k + 5).min(words.len());
    while k < until {
        let word = &words[k];
        if actor_at(k) {
            return false;
        }
        match word.class {
            Class::Det | Class::Adverb | Class::Num | Class::Poss => {}
            Class::Word => {
                if !matches!(word.form, Form::Ing | Form::Past) && listed(THING, word) {
                    return true;
                }
                // A modifier goes on to its noun; a noun that is no thing
                // ends the scan.
                if !words.get(k + 1).is_some_and(|n| n.class == Class::Word) {
                    return false;
                }
            }
            _ => return false,
        }
        k += 1;
    }
    false
}

/// Words of force: with one of them in the sentence, a fight between a
/// country's own politicians is a real one ("troops loyal to the president
/// shelled the parliament").
const FORCE: &[&str] = &[
    "troop",
    "soldier",
    "force",
    "army",
    "military",
    "police",
    "policeman",
    "militia",
    "rebel",
    "gunman",
    "tank",
    "shell",
    "bomb",
    "missile",
    "rocket",
    "gun",
    "gunfire",
    "shoot",
    "shot",
    "kill",
    "wound",
    "injure",
    "violence",
    "violent",
    "riot",
    "clash",
    "storm",
    "weapon",
    "coup",
    "militant",
    "insurgent",
    "guerrilla",
    "terrorist",
    "fighter",
    "assassinate",
    "assassination",
    "explosive",
    "grenade",
];

/// Whether a word of [`FORCE`] stands in the sentence.
pub(crate) fn force_in(words: &[Word<'_>]) -> bool {
    words.iter().any(|w| listed(FORCE, w))
}

/// Legal coercion (arrests, charges, jail), which a country's own
/// institutions do to its politicians without any force word.
pub(crate) fn legal_coercion(word: &Word<'_>) -> bool {
    matches!(
        word.lemma.as_str(),
        "arrest"
            | "detain"
            | "jail"
            | "imprison"
            | "indict"
            | "charge"
            | "convict"
            | "sentence"
            | "impeach"
            | "ban"
            | "expel"
            | "sanction"
            | "fine"
    )
}

/// What one meets by satisfying it, not by sitting down with it.
const REQUIREMENT: &[&str] = &[
    "demand",
    "need",
    "requirement",
    "standard",
    "criterion",
    "criteria",
    "term",
    "condition",
    "obligation",
    "goal",
    "target",
    "expectation",
    "deadline",
    "cost",
    "challenge",
    "quota",
    "threshold",
    "payment",
    "commitment",
    "objective",
];

/// "meeting China's future energy demands", "failed to meet the terms of
/// the injunction": "meet" whose object (across determiners, names and
/// modifiers, before any preposition or clause) is a requirement satisfies
/// it; nobody meets anybody. "met with", "met Chinese officials" are
/// meetings.
pub(crate) fn meets_requirement(words: &[Word<'_>], at: usize) -> bool {
    if words[at].lemma != "meet" && words[at].lower != "meeting" {
        return false;
    }
    for word in words.iter().skip(at + 1).take(6) {
        if matches!(
            word.class,
            Class::Prep | Class::Comp | Class::Punct | Class::Comma | Class::Conj | Class::Adjunct
        ) {
            return false;
        }
        if word.class == Class::Word && listed(REQUIREMENT, word) {
            return true;
        }
    }
    false
}

/// Gatherings of a crowd: what a crowd holds.
const GATHERING: &[&str] = &[
    "protest",
    "demonstration",
    "rally",
    "march",
    "sit-in",
    "gathering",
    "vigil",
    "procession",
];

/// Whether the object of the act whose pattern ends before `end` is a
/// crowd or its gathering ("fired tear gas at protesters", "attacked a
/// peaceful protest", "stormed the sit-in"): the first noun group after it
/// (across "at", "on", "against", "into", determiners, numbers, modifiers
/// and "of": "hundreds of demonstrators"), within the clause.
pub(crate) fn crowd_object(words: &[Word<'_>], end: usize) -> bool {
    let mut k = end;
    // "shot dead four demonstrators": the particle or result first.
    while k < words.len()
        && matches!(
            words[k].lower.as_str(),
            "down" | "up" | "off" | "out" | "dead"
        )
    {
        k += 1;
    }
    let until = (k + 8).min(words.len());
    while k < until {
        let word = &words[k];
        match word.class {
            Class::Det | Class::Adverb | Class::Num | Class::Poss => {}
            Class::Prep
                if matches!(
                    word.lower.as_str(),
                    "at" | "on" | "against" | "into" | "upon" | "of"
                ) => {}
            Class::Word => {
                if listed(CROWD, word) || listed(GATHERING, word) {
                    return true;
                }
                // A modifier goes on to its noun ("anti-government
                // protesters", "tear gas at"); another noun ends the scan
                // unless "of" or a preposition of aim follows it.
                let next = words.get(k + 1);
                let goes_on = next.is_some_and(|n| {
                    n.class == Class::Word
                        || matches!(n.lower.as_str(), "of" | "at" | "on" | "against" | "into")
                });
                if !goes_on {
                    return false;
                }
            }
            _ => return false,
        }
        k += 1;
    }
    false
}

/// Whether a crowd ([`CROWD`]) takes part in the clash at `at`: named in
/// its "with"/"between" complement ("police clashed with hundreds of
/// protesters", "clashes between police and demonstrators"), within eight
/// words and the clause, or a crowd in the street anywhere in the sentence.
/// A clash with a crowd is a riot, not a battle.
pub(crate) fn crowd_in_clash(words: &[Word<'_>], at: usize) -> bool {
    // A crowd anywhere in the sentence ("clashes broke out between police
    // in the capital and demonstrators", "protesters lit fires during
    // clashes"); activists and dissidents are also sources of reports
    // ("opposition activists said"), so only crowds in the street count.
    if words
        .iter()
        .any(|w| w.class == Class::Word && listed(STREET_CROWD, w))
    {
        return true;
    }
    let rest = &words[at + 1..(at + 10).min(words.len())];
    let Some(open) = rest
        .iter()
        .take_while(|w| !matches!(w.class, Class::Punct | Class::Comma))
        .position(|w| matches!(w.lower.as_str(), "with" | "between"))
    else {
        return false;
    };
    rest[open + 1..]
        .iter()
        .take(8)
        .take_while(|w| !matches!(w.class, Class::Punct | Class::Comma | Class::Comp))
        .any(|w| w.class == Class::Word && listed(CROWD, w))
}

/// Words of protest and complaint whose "against …" or "over …" names
/// the grievance ([`grievance`]).
const AGGRIEVED: &[&str] = &[
    "protest",
    "protesting",
    "demonstrate",
    "demonstration",
    "rally",
    "march",
    "strike",
    "anger",
    "angry",
    "outrage",
    "fury",
    "furious",
    "indignation",
    "outcry",
    "uproar",
    "discontent",
    "dissatisfaction",
    "complain",
    "complaint",
    "condemnation",
];

/// Whether the noun at `at` names what a protest or a complaint is about:
/// "demonstrators protesting against the prolonged detention of …", "to
/// show their anger over lengthy prison sentences". The act complained of
/// happened before and is told as the grievance, not reported as news;
/// the protest is the event.
pub(crate) fn grievance(words: &[Word<'_>], at: usize) -> bool {
    // Back over the noun phrase to its preposition: determiners,
    // adjectives, possessives and numbers only.
    let mut k = at;
    let mut steps = 0;
    while k > 0 && steps < 6 {
        let word = &words[k - 1];
        let inside = matches!(
            word.class,
            Class::Det | Class::Adverb | Class::Poss | Class::Num
        ) || (word.class == Class::Word && !word.capital);
        if !inside {
            break;
        }
        k -= 1;
        steps += 1;
    }
    let Some(prep) = k.checked_sub(1).map(|p| &words[p]) else {
        return false;
    };
    if !matches!(prep.lower.as_str(), "against" | "over") {
        return false;
    }
    words[k.saturating_sub(4)..k - 1]
        .iter()
        .any(|w| listed(AGGRIEVED, w) || AGGRIEVED.contains(&w.lower.as_str()))
}

/// Whether the verb group starting at `start` stands in a clause opened by
/// "since" ("rare for the two sides to clash since the government
/// withdrew its forces in 2012"): the start of a period, told as
/// background.
pub(crate) fn since_clause(words: &[Word<'_>], start: usize) -> bool {
    for k in (0..start).rev() {
        let word = &words[k];
        if matches!(word.class, Class::Punct | Class::Comma | Class::Comp) {
            return false;
        }
        if word.lower == "since" {
            // "since Monday", "since last month": a date, not a clause.
            return words[k + 1..start].iter().any(|w| {
                matches!(w.class, Class::Det | Class::Pron)
                    || (w.class == Class::Word && !w.capital)
            }) && !words[k + 1..start]
                .iter()
                .any(|w| matches!(w.lower.as_str(), "last" | "early" | "late" | "mid"));
        }
        if word.class == Class::Adjunct || (word.verb && is_finite(word)) {
            return false;
        }
    }
    false
}

fn is_finite(word: &Word<'_>) -> bool {
    matches!(word.form, Form::Past | Form::S)
}

/// Words of air power: a bombing by a state's forces in a sentence that
/// names one is aerial (CAMEO 195).
const AIR: &[&str] = &[
    "plane",
    "warplane",
    "jet",
    "aircraft",
    "air",
    "airstrike",
    "airspace",
    "helicopter",
    "drone",
    "bomber",
    "sortie",
];

/// Whether the sentence names air power ([`AIR`]).
pub(crate) fn aerial_in(words: &[Word<'_>]) -> bool {
    words.iter().any(|w| listed(AIR, w))
}

/// Whether the noun "appeal" at `at` is a court's ("won a court appeal",
/// "filed an appeal", "the appeals court") or a charm ("a special appeal
/// for the Japanese"). An appeal "for" calm or "to" the United Nations
/// asks for something and is neither.
/// "the court agreed that the injunction was improper", "critics agree
/// the case is strong", "agreed with the government", "agrees with Cook's
/// assessment": a verb "agree" that shares a view, not one that commits to
/// an act ("agreed to withdraw", "agreed on a ceasefire", "agreed with Iraq
/// to resume talks", "agreed that the troops would leave"). Read from the
/// word after the verb to the end of its clause: a "to", "on" or "upon"
/// before any "that", or a "would", "will" or "shall" in the clause that
/// follows, is a commitment; a "that", a subject and its verb, or "with"
/// and nothing more, is a view.
pub(crate) fn agrees_with_view(words: &[Word<'_>], at: usize) -> bool {
    if words[at].lemma != "agree" {
        return false;
    }
    // Whether the clause from `from` on commits its subject to an act.
    let commits = |from: usize| {
        words[from..]
            .iter()
            .take_while(|w| w.class != Class::Punct)
            .any(|w| matches!(w.lower.as_str(), "would" | "will" | "shall" | "'ll"))
    };
    let mut with = false;
    for (k, w) in words.iter().enumerate().skip(at + 1) {
        match w.lower.as_str() {
            "to" | "on" | "upon" => return false,
            "with" => with = true,
            "that" => return !commits(k + 1),
            _ if w.class == Class::Punct || is_boundary(w) => return with,
            // "critics agree the case is strong": a clause of its own.
            _ if k > at + 1
                && (w.lemma == "be"
                    || (is_verb_at(words, k) && matches!(w.form, Form::Past | Form::S))) =>
            {
                return !commits(k);
            }
            _ => {}
        }
    }
    with
}

pub(crate) fn legal_appeal(words: &[Word<'_>], at: usize) -> bool {
    const LEGAL_VERB: &[&str] = &[
        "win", "lose", "file", "hear", "lodge", "launch", "uphold", "dismiss", "await", "pend",
        "grant", "argue",
    ];
    let word = &words[at];
    if word.lemma != "appeal" {
        return false;
    }
    let court = |w: &Word<'_>| {
        matches!(
            w.lower.as_str(),
            "court" | "courts" | "legal" | "judge" | "judges" | "hearing" | "ruling" | "panel"
        )
    };
    // "the Velmora appeals court": a noun before a court, whatever the
    // name before it makes it look like.
    if words.get(at + 1).is_some_and(court) {
        return true;
    }
    // "holds a special appeal for the Japanese", "broad appeal": a charm,
    // not a plea.
    let charm = at > 0
        && matches!(
            words[at - 1].lower.as_str(),
            "special"
                | "broad"
                | "wide"
                | "popular"
                | "mass"
                | "strong"
                | "great"
                | "enduring"
                | "universal"
                | "sex"
                | "voter"
                | "commercial"
                | "limited"
                | "little"
                | "much"
        );
    if charm && !is_verb_at(words, at) {
        return true;
    }
    let next = words.get(at + 1).map(|w| w.lower.as_str());
    if is_verb_at(words, at) || matches!(next, Some("for" | "to")) {
        return false;
    }
    let beside = at > 0 && court(&words[at - 1]);
    let verb = (at.saturating_sub(4)..at)
        .rev()
        .find(|&k| words[k].class == Class::Word && is_verb_at(words, k))
        .is_some_and(|k| LEGAL_VERB.contains(&words[k].lemma.as_str()));
    beside || verb
}

/// Whether "meet" at `at` means running into something: "projects have met
/// opposition", "the plan met with resistance" (no determiner before the
/// noun); "met the opposition" and "met opposition leaders" are meetings.
pub(crate) fn meets_resistance(words: &[Word<'_>], at: usize) -> bool {
    if words[at].lemma != "meet" {
        return false;
    }
    let mut k = at + 1;
    if words.get(k).is_some_and(|w| w.lower == "with") {
        k += 1;
    }
    while words.get(k).is_some_and(|w| {
        matches!(
            w.lower.as_str(),
            "strong" | "stiff" | "fierce" | "little" | "much" | "some" | "growing" | "widespread"
        )
    }) {
        k += 1;
    }
    let noun = words.get(k).is_some_and(|w| {
        matches!(
            w.lower.as_str(),
            "opposition" | "resistance" | "criticism" | "skepticism" | "scepticism" | "hostility"
        )
    });
    // A noun after it ("opposition leaders"): a meeting.
    let leaders = words
        .get(k + 1)
        .is_some_and(|w| w.class == Class::Word && !w.verb);
    noun && !leaders
}

/// What a ban can be on without sanctioning anyone: weapons, substances,
/// practices ("the campaign to ban landmines", "a smoking ban", "a treaty
/// banning nuclear tests"). A ban on a party, a protest, trade or travel
/// is a sanction.
const BANNED_THING: &[&str] = &[
    "landmine",
    "mine",
    "weapon",
    "gun",
    "firearm",
    "handgun",
    "rifle",
    "smoking",
    "smoke",
    "tobacco",
    "cigarette",
    "alcohol",
    "drug",
    "test",
    "testing",
    "cloning",
    "abortion",
    "use",
    "production",
    "sale",
    "stockpiling",
    "pesticide",
    "substance",
    "chemical",
    "practice",
    "fishing",
    "hunting",
    "advertising",
    "advertisement",
    "ad",
];

/// Whether the ban at `at` ("ban", "prohibit", "outlaw", verb or noun, or
/// a noun before "ban") is on a thing of [`BANNED_THING`] rather than on
/// anyone: its object (within four words, across "on", determiners and
/// modifiers), or the noun right before a noun "ban".
pub(crate) fn banned_thing(words: &[Word<'_>], at: usize) -> bool {
    if !matches!(
        words[at].lemma.as_str(),
        "ban" | "prohibit" | "outlaw" | "prohibition"
    ) {
        return false;
    }
    if at > 0 && listed(BANNED_THING, &words[at - 1]) {
        return true;
    }
    let until = words.len().min(at + 6);
    for k in at + 1..until {
        let word = &words[k];
        match word.class {
            Class::Det | Class::Adverb | Class::Num | Class::Poss => {}
            Class::Prep if word.lower == "on" && k == at + 1 => {}
            Class::Word => {
                if listed(BANNED_THING, word) {
                    return true;
                }
                // A modifier goes on to its noun; any other noun ends it.
                if !words.get(k + 1).is_some_and(|n| n.class == Class::Word) {
                    return false;
                }
            }
            _ => return false,
        }
    }
    false
}

/// Whether the noun "threat" at `at` is an assessment, not a threat made:
/// "they represent a threat to the U.S.", "Iraq remains a threat", "seen as
/// a threat" (a form of "be" or a verb of posing or judging within four
/// words before it, across determiners and adjectives).
pub(crate) fn threat_assessed(words: &[Word<'_>], at: usize) -> bool {
    const ASSESS: &[&str] = &[
        "be",
        "pose",
        "represent",
        "constitute",
        "remain",
        "become",
        "see",
        "view",
        "consider",
        "regard",
        "call",
        "describe",
        "label",
        "perceive",
        "present",
        "deem",
    ];
    if !matches!(words[at].lemma.as_str(), "threat" | "menace" | "danger") || is_verb_at(words, at)
    {
        return false;
    }
    for k in (at.saturating_sub(4)..at).rev() {
        let word = &words[k];
        if is_boundary(word) || word.class == Class::Comma {
            return false;
        }
        let lemma = word.lemma.as_str();
        if ASSESS.contains(&lemma)
            || matches!(
                word.lower.as_str(),
                "is" | "are" | "was" | "were" | "be" | "been" | "being" | "as"
            )
        {
            return true;
        }
        if word.class == Class::Word && is_verb_at(words, k) {
            return false;
        }
    }
    false
}

/// Whether the act at `at` (a verb in -ing) is what someone is kept from
/// doing: "to deter North Korea from invading South Korea", "barred the
/// army from entering", "refrained from attacking". It did not happen.
pub(crate) fn kept_from(words: &[Word<'_>], at: usize) -> bool {
    const KEEP: &[&str] = &[
        "deter",
        "prevent",
        "stop",
        "keep",
        "bar",
        "block",
        "discourage",
        "dissuade",
        "prohibit",
        "ban",
        "restrain",
        "refrain",
        "forbid",
        "preclude",
    ];
    if words[at].form != Form::Ing || at == 0 || words[at - 1].lower != "from" {
        return false;
    }
    words[..at - 1]
        .iter()
        .rev()
        .take(8)
        .take_while(|w| !matches!(w.class, Class::Punct | Class::Comp))
        .any(|w| KEEP.contains(&w.lemma.as_str()))
}

/// Whether the noun event at `at` is the object of a verb that stops or
/// wards it off, so that it did not happen: "halted the execution",
/// "postponed the strike", "averted a war", "blocked the merger".
pub(crate) fn stopped(words: &[Word<'_>], at: usize) -> bool {
    const STOP: &[&str] = &[
        "halt",
        "stop",
        "block",
        "suspend",
        "postpone",
        "delay",
        "cancel",
        "avert",
        "prevent",
        "thwart",
        "foil",
        "stay",
        "defer",
        "forestall",
        "head",
    ];
    // Only a stop reported as done: "urged Moscow to stop the raids",
    // "demanded that the PNA halt" ask for one.
    verb_before(words, at, 5).is_some_and(|k| {
        let word = &words[k];
        STOP.contains(&word.lemma.as_str())
            && matches!(word.form, Form::Past | Form::S)
            && !words[..k]
                .iter()
                .rev()
                .take(3)
                .any(|w| w.lower == "to" || w.class == Class::Modal)
    })
}

#[cfg(test)]
mod tests {
    use super::hazard;

    #[test]
    fn diseases_and_disasters_are_nobody() {
        for text in [
            "Cholera",
            "cholera and diarrhoea",
            "the floods",
            "Ebola",
            "an epidemic",
        ] {
            assert!(hazard(text), "{text}");
        }
        for text in ["Yellow Vests", "Health Ministry", "the", "", "Kenya"] {
            assert!(!hazard(text), "{text}");
        }
    }
}
