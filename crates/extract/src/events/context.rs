//! What a whole article tells about its events: signals of the
//! confidence (see [`super::signals`]) that only an article of several
//! sentences can give, set after all its sentences are coded.
//!
//! In a full article the actors of a political event are named somewhere,
//! and a political story names countries, governments and organisations
//! throughout. An event whose source nobody in the article can be, in an
//! article that names almost no political actor, or in a review, a sports
//! report, a business or science piece, is most often a word in another
//! sense ("the fight against smoking", "a shot at beating the
//! infestation") or a private act; so is an event with no target anyone
//! in the article can be ("the president insisted", "agreed on one
//! thing"). Such events are kept, with a lower confidence, so that
//! `tidings events` hides them by default. A snippet of a sentence or two
//! gets none of these signals.

use tidings_model::{Annotations, Article, EntityKind, Event};

use super::signals::Signals;

/// Fewer sentences than this are a snippet, not an article.
pub const ARTICLE_SENTENCES: usize = 5;

/// An article is unpolitical when fewer than this share of its events
/// have a source the coder can name (a country, an organisation, a role
/// such as a minister or the police, a known person).
const POLITICAL_SHARE: f32 = 0.3;

/// Words of reviews, sports, business and science pieces, counted per
/// hundred words of the article for [`Signals::article_genre`].
const GENRE_WORDS: &[&str] = &[
    // Film, music, books, television.
    "film",
    "films",
    "movie",
    "movies",
    "album",
    "albums",
    "novel",
    "novels",
    "actor",
    "actress",
    "actors",
    "starring",
    "screenplay",
    "sitcom",
    "episode",
    "episodes",
    "comedy",
    "audience",
    "audiences",
    "singer",
    "songs",
    "concert",
    "hollywood",
    "theater",
    "characters",
    // Sports.
    "game",
    "games",
    "season",
    "coach",
    "league",
    "playoff",
    "playoffs",
    "quarterback",
    "inning",
    "touchdown",
    "championship",
    "tournament",
    "fans",
    "players",
    // Business.
    "stock",
    "stocks",
    "shares",
    "earnings",
    "revenue",
    "investors",
    "customers",
    "consumers",
    "nasdaq",
    "software",
    "products",
    "sales",
    // Science, health, nature.
    "patients",
    "researchers",
    "scientists",
    "study",
    "disease",
    "species",
    "wolves",
    "wildlife",
    "vitamin",
    "doctors",
];

/// Genre words per hundred words from which an article is a review, a
/// sports, business or science piece.
const GENRE_RATE: f32 = 1.0;

/// Sets the article signals of `events` (coded from `article`) and
/// computes their confidence again.
pub fn mark(article: &Article, annotations: &Annotations, events: &mut [(Event, Signals)]) {
    // An article that codes no event needs no signals: its text is not
    // read again.
    if events.is_empty() {
        return;
    }
    let person_country_only = |event: &Event| {
        event.source.as_ref().is_some_and(|a| {
            a.code.is_some()
                && a.code == a.country
                && a.entity
                    .and_then(|i| annotations.entities.get(i))
                    .is_some_and(|e| e.kind == EntityKind::Person)
        })
    };
    let is_article = annotations.sentences.len() >= ARTICLE_SENTENCES;
    // An article that names countries for some of its actors: a source
    // with a role and no country ("the ministry", "the court") is one the
    // coder failed to place. In an article that names none (an invented
    // country, a town's council) a role is all there is.
    let countries = events.iter().any(|(event, _)| {
        [&event.source, &event.target]
            .iter()
            .any(|a| a.as_ref().is_some_and(|a| a.country.is_some()))
    });
    let (genre, unpolitical) = if is_article {
        let named = events.iter().filter(|(_, s)| s.source).count();
        let unpolitical = (named as f32) < POLITICAL_SHARE * events.len() as f32;
        (genre_rate(&article.text) >= GENRE_RATE, unpolitical)
    } else {
        (false, false)
    };
    let home = if is_article {
        home_country(events)
    } else {
        None
    };
    for (event, signals) in events.iter_mut() {
        // Judged before the home country is filled in: the coder could not
        // place the actor itself, and the confidence says so.
        signals.person_country = is_article && person_country_only(event);
        signals.article_unplaced =
            is_article && (!signals.source || (countries && !signals.source_placed));
        signals.article_unpolitical = unpolitical;
        signals.article_genre = genre;
        signals.article_untargeted = is_article && !signals.target;
        event.confidence = signals.confidence();
        if let Some(home) = &home {
            for actor in [&mut event.source, &mut event.target].into_iter().flatten() {
                place_at_home(actor, home);
            }
        }
    }
}

/// The article's home country: the country of most of the actors its events
/// name (each side of each event once), when it is at least
/// [`HOME_SHARE`] of them and named at least [`HOME_LEAST`] times. A story
/// from Nairobi names Kenya and its ministries throughout; one about a
/// summit names two countries about equally and has none.
fn home_country(events: &[(Event, Signals)]) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let mut total = 0usize;
    for (event, _) in events {
        for actor in [&event.source, &event.target].into_iter().flatten() {
            let Some(country) = actor.country.as_deref() else {
                continue;
            };
            total += 1;
            match counts.iter_mut().find(|(c, _)| *c == country) {
                Some((_, n)) => *n += 1,
                None => counts.push((country, 1)),
            }
        }
    }
    // The most named; ties go to the first named.
    let (country, n) =
        counts
            .iter()
            .copied()
            .fold(None::<(&str, usize)>, |best, (c, n)| match best {
                Some((_, m)) if m >= n => best,
                _ => Some((c, n)),
            })?;
    (n >= HOME_LEAST && n as f32 >= HOME_SHARE * total as f32).then(|| country.to_string())
}

/// Least share of the article's placed actors the home country must have.
const HOME_SHARE: f32 = 0.6;

/// Least times the home country must be named among the actors.
const HOME_LEAST: usize = 3;

/// Gives a role with no country ("the government", "police", "the
/// president", `GOV`, `COP`) the article's home country. Organisations and
/// actors with a country keep theirs; words that name no codable actor stay
/// uncoded.
fn place_at_home(actor: &mut tidings_model::Actor, home: &str) {
    if actor.country.is_some() {
        return;
    }
    // A bare role: its code is its sector. A code of its own (`IGOUNO`,
    // a known person's or group's) says more than the article does.
    let (Some(code), Some(sector)) = (actor.code.as_deref(), actor.sector.clone()) else {
        return;
    };
    if code != sector {
        return;
    }
    actor.code = Some(format!("{home}{sector}"));
    actor.country = Some(home.to_string());
}

/// Genre words per hundred words of `text`.
fn genre_rate(text: &str) -> f32 {
    let mut words = 0usize;
    let mut hits = 0usize;
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        words += 1;
        if word.len() >= 4
            && word.len() <= 12
            && GENRE_WORDS
                .iter()
                .any(|g| g.len() == word.len() && g.eq_ignore_ascii_case(word))
        {
            hits += 1;
        }
    }
    100.0 * hits as f32 / words.max(1) as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use tidings_model::Actor;

    fn actor(code: &str, country: Option<&str>, sector: Option<&str>) -> Option<Actor> {
        Some(Actor {
            code: Some(code.into()),
            country: country.map(str::to_string),
            sector: sector.map(str::to_string),
            text: code.into(),
            entity: None,
        })
    }

    fn event(source: Option<Actor>, target: Option<Actor>) -> (Event, Signals) {
        let event = Event {
            source,
            target,
            plover: "ACCUSE".into(),
            mode: None,
            cameo: "112".into(),
            root: "11".into(),
            quad_class: 3,
            goldstein: -2.0,
            date: None,
            date_source: None,
            place: None,
            sentence: 0,
            span: tidings_model::Span::new(0, 1),
            trigger: tidings_model::Span::new(0, 1),
            confidence: 0.5,
        };
        (event, Signals::default())
    }

    #[test]
    fn a_bare_role_takes_the_country_most_actors_of_the_article_have() {
        let kenya = || actor("KENGOV", Some("KEN"), Some("GOV"));
        let mut events = vec![
            event(kenya(), actor("KENCOP", Some("KEN"), Some("COP"))),
            event(actor("IGOAMN", None, Some("AMN")), kenya()),
            event(actor("USA", Some("USA"), None), None),
            // "the government", "police": roles the coder could not place.
            event(
                actor("GOV", None, Some("GOV")),
                actor("COP", None, Some("COP")),
            ),
            // A group's own code stays.
            event(actor("IGOAMN", None, Some("AMN")), None),
        ];
        assert_eq!(home_country(&events).as_deref(), Some("KEN"));
        for (event, _) in &mut events {
            for a in [&mut event.source, &mut event.target].into_iter().flatten() {
                place_at_home(a, "KEN");
            }
        }
        let codes: Vec<Option<&str>> = events
            .iter()
            .flat_map(|(e, _)| [&e.source, &e.target])
            .map(|a| a.as_ref().and_then(|a| a.code.as_deref()))
            .collect();
        assert_eq!(
            codes,
            [
                Some("KENGOV"),
                Some("KENCOP"),
                Some("IGOAMN"),
                Some("KENGOV"),
                Some("USA"),
                None,
                Some("KENGOV"),
                Some("KENCOP"),
                Some("IGOAMN"),
                None
            ]
        );
        // Two countries about equally: no home, the roles stay unplaced.
        let summit = vec![
            event(kenya(), actor("UGAGOV", Some("UGA"), Some("GOV"))),
            event(actor("UGAGOV", Some("UGA"), Some("GOV")), kenya()),
            event(kenya(), actor("UGAGOV", Some("UGA"), Some("GOV"))),
        ];
        assert_eq!(home_country(&summit), None);
    }

    #[test]
    fn a_review_has_many_genre_words() {
        let review = "The film opens with a long shot of the harbour. The director \
                      keeps the audience guessing, and the actress who plays the \
                      mayor carries the movie.";
        let politics = "The foreign minister of Veltria met his counterpart in the \
                        capital on Monday and the two governments signed an accord \
                        on fishing rights.";
        assert!(genre_rate(review) >= GENRE_RATE);
        assert!(genre_rate(politics) < GENRE_RATE);
    }
}
