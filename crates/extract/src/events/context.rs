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
    for (event, signals) in events.iter_mut() {
        signals.person_country = is_article && person_country_only(event);
        signals.article_unplaced =
            is_article && (!signals.source || (countries && !signals.source_placed));
        signals.article_unpolitical = unpolitical;
        signals.article_genre = genre;
        signals.article_untargeted = is_article && !signals.target;
        event.confidence = signals.confidence();
    }
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
