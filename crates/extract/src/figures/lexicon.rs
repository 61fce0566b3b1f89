//! The words around a number that say what it is: qualifiers ("more
//! than"), currencies, kind words ("killed", "arrested"), counted nouns,
//! and the words that make a number no figure (percentages, time units,
//! ages, street names).

use tidings_model::Qualifier;

/// The qualifier the one to three words before a number give, with how
/// many words it takes; `before` is in text order, nearest last.
pub(crate) fn qualifier(before: &[&str]) -> Option<(Qualifier, usize)> {
    let n = before.len();
    let last = |k: usize| -> &[&str] { &before[n.saturating_sub(k)..] };
    let three: Option<Qualifier> = match last(3) {
        ["no", "fewer" | "less", "than"] | ["in", "excess", "of"] => Some(Qualifier::AtLeast),
        ["no", "more", "than"] | ["as", "many", "as"] | ["as", "much", "as"] => {
            Some(Qualifier::AtMost)
        }
        ["more", "or", "less"] => Some(Qualifier::Approximate),
        _ => None,
    };
    if let Some(qualifier) = three {
        return Some((qualifier, 3));
    }
    let two: Option<Qualifier> = match last(2) {
        ["more" | "greater", "than"] | ["at", "least"] | ["upwards", "of"] | ["just", "over"] => {
            Some(Qualifier::AtLeast)
        }
        ["up", "to"] | ["fewer" | "less", "than"] | ["at", "most"] | ["just", "under"] => {
            Some(Qualifier::AtMost)
        }
        ["an", "estimated"] | ["close", "to"] | ["as", "many"] => Some(Qualifier::Approximate),
        _ => None,
    };
    if let Some(qualifier) = two {
        return Some((qualifier, 2));
    }
    let one = match last(1) {
        ["over" | "above" | "exceeding"] => Qualifier::AtLeast,
        ["under" | "below"] => Qualifier::AtMost,
        ["about" | "around" | "nearly" | "almost" | "some" | "roughly" | "approximately"
        | "estimated" | "circa" | "approx." | "ca." | "reportedly"] => Qualifier::Approximate,
        _ => return None,
    };
    Some((one, 1))
}

/// A currency symbol or code before or after a number, as an ISO code and
/// the word for what is counted.
pub(crate) fn currency(word: &str) -> Option<(&'static str, &'static str)> {
    Some(match word {
        "$" | "us$" | "usd" | "dollars" | "dollar" => ("USD", "dollars"),
        "\u{20ac}" | "eur" | "euros" | "euro" => ("EUR", "euros"),
        "\u{a3}" | "gbp" | "pounds" | "pound" | "sterling" => ("GBP", "pounds"),
        "\u{a5}" | "jpy" | "yen" => ("JPY", "yen"),
        "yuan" | "cny" | "renminbi" => ("CNY", "yuan"),
        "roubles" | "rubles" | "rouble" | "ruble" | "rub" | "\u{20bd}" => ("RUB", "roubles"),
        "rupees" | "rupee" | "inr" | "\u{20b9}" => ("INR", "rupees"),
        "francs" | "franc" | "chf" => ("CHF", "francs"),
        "lira" | "liras" | "try" | "\u{20ba}" => ("TRY", "lira"),
        "rials" | "rial" | "irr" => ("IRR", "rials"),
        "shekels" | "shekel" | "ils" | "\u{20aa}" => ("ILS", "shekels"),
        "hryvnias" | "hryvnia" | "uah" => ("UAH", "hryvnias"),
        _ => return None,
    })
}

/// How a kind verb (or predicate word) relates to the people it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Voice {
    /// A transitive verb: bare after a noun it is a participle ("45 people
    /// arrested"), before a number its object is counted ("police
    /// arrested 45").
    Transitive,
    /// An intransitive verb or a predicate adjective: after a noun it
    /// says what the counted did or are ("45 people died", "3 missing").
    Intransitive,
}

/// The kind a verb (or a predicate adjective) gives the number it governs,
/// and its voice: "arrested", "killed", "died", "marched", "missing".
pub(crate) fn kind_verb(word: &str) -> Option<(&'static str, Voice)> {
    use Voice::{Intransitive, Transitive};
    Some(match word {
        "killed" | "killing" | "slain" | "executed" | "massacred" => ("killed", Transitive),
        "dead" | "died" | "die" | "dies" | "perished" | "drowned" => ("killed", Intransitive),
        "injured" | "wounded" | "hurt" | "injuring" | "wounding" => ("injured", Transitive),
        "arrested" | "arresting" => ("arrested", Transitive),
        "detained" | "detaining" | "jailed" | "imprisoned" => ("detained", Transitive),
        "displaced" | "displacing" | "uprooted" => ("displaced", Transitive),
        "homeless" | "fled" => ("displaced", Intransitive),
        "missing" | "unaccounted" => ("missing", Intransitive),
        "evacuated" | "evacuating" => ("evacuated", Transitive),
        "rallied" | "protested" | "marched" | "demonstrated" | "protesting" | "marching"
        | "demonstrating" => ("protesters", Intransitive),
        _ => return None,
    })
}

/// The kind a counted noun gives ("deaths", "detainees", "protesters").
pub(crate) fn kind_noun(word: &str) -> Option<&'static str> {
    Some(match word {
        "deaths" | "death" | "fatalities" | "lives" | "bodies" => "killed",
        "injuries" => "injured",
        "arrests" => "arrested",
        "detentions" | "detainees" => "detained",
        "refugees" => "displaced",
        "evacuees" | "evacuations" => "evacuated",
        "protesters" | "protestors" | "demonstrators" | "marchers" | "strikers" => "protesters",
        _ => return None,
    })
}

/// Nouns that, before a number, say what it counts: "the death toll rose
/// to 45", "deaths reached 12", "arrests topped 300".
pub(crate) fn kind_subject(word: &str) -> Option<&'static str> {
    Some(match word {
        "toll" | "deaths" | "fatalities" => "killed",
        "injuries" => "injured",
        "arrests" => "arrested",
        "detentions" => "detained",
        "evacuations" => "evacuated",
        _ => return None,
    })
}

/// Words between a counted noun and its verb that keep the verb the
/// noun's: auxiliaries and "feared", "believed", "reported" ("45 people
/// were feared dead", "12 are reported missing").
pub(crate) fn auxiliary(word: &str) -> bool {
    matches!(
        word,
        "were"
            | "was"
            | "are"
            | "is"
            | "be"
            | "been"
            | "being"
            | "have"
            | "has"
            | "had"
            | "got"
            | "get"
            | "remain"
            | "remained"
            | "remains"
            | "left"
            | "lay"
            | "lie"
            | "feared"
            | "believed"
            | "reported"
            | "reportedly"
            | "presumed"
            | "thought"
            | "confirmed"
            | "said"
            | "to"
            | "later"
            | "also"
            | "all"
            | "still"
            | "now"
            | "subsequently"
    )
}

/// Words after a counted noun that open another clause: a verb after them
/// governs something else ("45 people gathered as police arrested …").
pub(crate) fn opens_clause(word: &str) -> bool {
    matches!(
        word,
        "as" | "after"
            | "before"
            | "when"
            | "because"
            | "until"
            | "if"
            | "although"
            | "though"
            | "whose"
            | "so"
            | "than"
            | "including"
    )
}

/// Relative pronouns: the verb after them describes the counted noun
/// ("45 people who were arrested").
pub(crate) fn relative(word: &str) -> bool {
    matches!(word, "who" | "that" | "whom")
}

/// Kinds that count people: without a counted noun they count "people".
pub(crate) fn counts_people(kind: &str) -> bool {
    !matches!(kind, "money" | "other")
}

/// Words after a number that make it no count: percentages, times,
/// durations and ages, measures of time.
pub(crate) fn not_a_count(word: &str) -> bool {
    matches!(
        word,
        "%" | "percent"
            | "per"
            | "pct"
            | "percentage"
            | "a.m."
            | "p.m."
            | "am"
            | "pm"
            | "gmt"
            | "utc"
            | "o'clock"
            | "seconds"
            | "second"
            | "minutes"
            | "minute"
            | "hours"
            | "hour"
            | "days"
            | "day"
            | "weeks"
            | "week"
            | "months"
            | "month"
            | "years"
            | "year"
            | "decades"
            | "decade"
            | "centuries"
            | "century"
            | "times"
            | "-year-old"
            | "year-old"
            | "years-old"
            | "th"
            | "st"
            | "nd"
            | "rd"
            | "points"
            | "degrees"
    ) || word.ends_with("-year-old")
        || word.ends_with("-years-old")
        || word.ends_with("-day")
        || word.ends_with("-hour")
        || word.ends_with("-minute")
}

/// Words before a number that make it an age or an identifier.
pub(crate) fn not_a_count_before(word: &str) -> bool {
    matches!(
        word,
        "aged"
            | "age"
            | "ages"
            | "no."
            | "number"
            | "nos."
            | "#"
            | "page"
            | "pages"
            | "article"
            | "chapter"
            | "section"
            | "room"
            | "gate"
            | "platform"
            | "route"
            | "flight"
            | "resolution"
            | "pier"
            | "berth"
            | "highway"
            | "line"
            | "bus"
            | "terminal"
            | "level"
            | "phase"
            | "stage"
            | "grade"
            | "size"
            | "model"
            | "version"
            | "tel"
            | "tel."
            | "phone"
            | "fax"
            | "call"
            | "dial"
            | "ext."
            | "postcode"
            | "zip"
    )
}

/// Street words: "12 Harbour Street" is an address.
pub(crate) fn street(word: &str) -> bool {
    matches!(
        word,
        "street"
            | "st"
            | "st."
            | "road"
            | "rd"
            | "rd."
            | "avenue"
            | "ave"
            | "ave."
            | "lane"
            | "boulevard"
            | "blvd"
            | "square"
            | "way"
            | "drive"
            | "place"
            | "quay"
            | "strasse"
    )
}

/// Plural nouns that do not end in "s", and singular ones a "one" counts.
pub(crate) fn irregular_noun(word: &str) -> bool {
    matches!(
        word,
        "people"
            | "police"
            | "personnel"
            | "staff"
            | "children"
            | "men"
            | "women"
            | "cattle"
            | "livestock"
            | "crew"
            | "aid"
            | "militia"
            | "youth"
            | "person"
            | "child"
            | "man"
            | "woman"
            | "boy"
            | "girl"
            | "soldier"
            | "officer"
            | "civilian"
            | "protester"
            | "journalist"
            | "worker"
            | "ship"
            | "vessel"
            | "student"
            | "resident"
            | "migrant"
            | "refugee"
            | "patient"
            | "prisoner"
            | "hostage"
            | "fisherman"
            | "fishermen"
            | "firefighter"
            | "policeman"
            | "policemen"
            | "tonnes"
            | "tons"
            | "barrels"
    )
}

/// Words that end in "s" but are no counted noun, and other words that end
/// the search for one.
pub(crate) fn not_a_noun(word: &str) -> bool {
    matches!(
        word,
        "as" | "is"
            | "was"
            | "has"
            | "its"
            | "this"
            | "thus"
            | "his"
            | "hers"
            | "ours"
            | "yours"
            | "less"
            | "unless"
            | "across"
            | "always"
            | "perhaps"
            | "whereas"
            | "besides"
            | "towards"
            | "afterwards"
            | "says"
            | "plus"
            | "minus"
            | "us"
            | "yes"
            | "does"
            | "goes"
            | "gets"
            | "makes"
            | "takes"
            | "comes"
            | "seems"
            | "remains"
            | "stands"
            | "and"
            | "or"
            | "but"
            | "of"
            | "the"
            | "a"
            | "an"
            | "in"
            | "on"
            | "at"
            | "to"
            | "for"
            | "with"
            | "from"
            | "by"
            | "were"
            | "are"
            | "have"
            | "had"
            | "be"
            | "been"
            | "who"
            | "which"
            | "that"
            | "than"
            | "more"
            | "other"
            | "others"
            | "those"
            | "these"
            | "them"
            | "they"
            | "their"
            | "will"
            | "would"
            | "could"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualifiers_take_their_words() {
        assert_eq!(
            qualifier(&["said", "more", "than"]),
            Some((Qualifier::AtLeast, 2))
        );
        assert_eq!(
            qualifier(&["no", "fewer", "than"]),
            Some((Qualifier::AtLeast, 3))
        );
        assert_eq!(
            qualifier(&["killed", "up", "to"]),
            Some((Qualifier::AtMost, 2))
        );
        assert_eq!(
            qualifier(&["an", "estimated"]),
            Some((Qualifier::Approximate, 2))
        );
        assert_eq!(qualifier(&["some"]), Some((Qualifier::Approximate, 1)));
        assert_eq!(qualifier(&["killed"]), None);
        assert_eq!(qualifier(&[]), None);
    }
}
