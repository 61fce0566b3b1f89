//! Quotes and figures on whole articles: cleaned by `tidings-clean`,
//! annotated by `tidings-nlp`, then read by the extract stage. The seed
//! tests read `shared/seeds` and are ignored unless asked for (`--ignored`).

mod common;

use tidings_extract::figures::find_figures;
use tidings_extract::quotes::find_quotes;
use tidings_model::{Annotations, Article, DocId, Figure, Qualifier, Quote};
use tidings_nlp::annotate;

use common::annotator;

/// Cleans and annotates a plain-text page (title on the first line).
fn read(text: &str, published: Option<&str>) -> (Article, Annotations) {
    let article = common::clean_page(text, published);
    let annotations = annotate(&article, annotator());
    (article, annotations)
}

fn facts(text: &str) -> (Article, Vec<Quote>, Vec<Figure>) {
    let (article, annotations) = read(text, Some("2026-03-04"));
    let quotes = find_quotes(&article, &annotations);
    let figures = find_figures(&article, &annotations, &quotes);
    (article, quotes, figures)
}

fn quote_with<'q>(quotes: &'q [Quote], words: &str) -> &'q Quote {
    quotes
        .iter()
        .find(|quote| quote.text.contains(words))
        .unwrap_or_else(|| panic!("no quote with {words:?} in {quotes:#?}"))
}

fn figure_of(figures: &[Figure], value: f64) -> &Figure {
    figures
        .iter()
        .find(|figure| figure.value == value)
        .unwrap_or_else(|| panic!("no figure {value} in {figures:#?}"))
}

const VELMORA: &str = "Dockworkers strike shuts the port of Velmora

Dockworkers at the port of Velmora walked out on Monday, leaving 14 container ships waiting offshore, the Harbour Authority of Portavel said.

\"We will not unload a single crate until the contracts are signed,\" union leader Mira Talvik told reporters outside the harbour gates. \"The owners know what they promised,\" she said, \"and they know what they signed.\"

Talvik said about 3,000 workers had joined the strike, and that police had arrested 12 protesters near Pier 4 on Tuesday.

According to the authority, the stoppage costs the port up to 40 million euros a week. A statement from the Velmora Chamber of Commerce warned that dozens of firms could close.

The statement said the losses already exceeded $3.4 billion, a figure the union disputes.

Harbour master Tomas Brenn, 58, said the northern quay at 12 Harbour Street would stay closed. He added that the strike was the longest since 1998.
";

#[test]
fn velmora_strike_quotes_have_their_speakers() {
    let (article, quotes, _) = facts(VELMORA);
    let first = quote_with(&quotes, "We will not unload a single crate");
    assert!(first.direct);
    assert_eq!(first.cue, "told reporters");
    assert_eq!(first.speaker.as_deref(), Some("Mira Talvik"));
    assert_eq!(first.span.slice(&article.text), Some(first.text.as_str()));
    // A quotation split around its cue gives two quotes of one speaker.
    let before = quote_with(&quotes, "The owners know what they promised");
    let after = quote_with(&quotes, "they know what they signed");
    assert_eq!(before.speaker.as_deref(), Some("Mira Talvik"));
    assert_eq!(after.speaker, before.speaker);
    assert_eq!(after.cue, "said");
    // Reported speech, the final-cue form and "according to".
    let harbour = quote_with(&quotes, "walked out on Monday");
    assert!(!harbour.direct);
    assert_eq!(
        harbour.speaker.as_deref(),
        Some("Harbour Authority of Portavel")
    );
    let cost = quote_with(&quotes, "the stoppage costs the port");
    assert_eq!(cost.cue, "according to");
    assert_eq!(
        cost.speaker.as_deref(),
        Some("Harbour Authority of Portavel")
    );
    // "The statement said" is the author of the earlier statement speaking.
    let losses = quote_with(&quotes, "the losses already exceeded");
    assert_eq!(
        losses.speaker.as_deref(),
        Some("Velmora Chamber of Commerce")
    );
    // "He added" is the last person named before it.
    let longest = quote_with(&quotes, "the strike was the longest");
    assert_eq!(longest.cue, "added");
    assert_eq!(longest.speaker.as_deref(), Some("Tomas Brenn"));
    assert!(longest.speaker_entity.is_some());
}

#[test]
fn velmora_strike_figures_have_kind_qualifier_and_source() {
    let (_, _, figures) = facts(VELMORA);
    let ships = figure_of(&figures, 14.0);
    assert_eq!(
        (ships.kind.as_str(), ships.counts.as_str()),
        ("other", "ships")
    );
    assert_eq!(ships.qualifier, Qualifier::Exact);
    assert_eq!(
        ships.source.as_deref(),
        Some("Harbour Authority of Portavel")
    );
    let workers = figure_of(&figures, 3000.0);
    assert_eq!(workers.qualifier, Qualifier::Approximate);
    assert_eq!(workers.source.as_deref(), Some("Mira Talvik"));
    let arrested = figure_of(&figures, 12.0);
    assert_eq!(arrested.kind, "arrested");
    assert_eq!(arrested.counts, "protesters");
    let euros = figure_of(&figures, 40e6);
    assert_eq!(euros.kind, "money");
    assert_eq!(euros.unit.as_deref(), Some("EUR"));
    assert_eq!(euros.qualifier, Qualifier::AtMost);
    let dollars = figure_of(&figures, 3.4e9);
    assert_eq!(dollars.unit.as_deref(), Some("USD"));
    let firms = figure_of(&figures, 24.0);
    assert_eq!(firms.qualifier, Qualifier::Range);
    // An age, an address, a pier's number and a year make no figure.
    for value in [58.0, 4.0, 1998.0] {
        assert!(
            figures.iter().all(|figure| figure.value != value),
            "{value}: {figures:#?}"
        );
    }
    assert!(figures
        .iter()
        .all(|figure| figure.value != 12.0 || figure.kind == "arrested"));
}

const KESSING: &str = "Floods force hundreds from their homes in Kessing

The river Aune burst its banks in Kessing on Sunday night. The regional civil protection agency said nearly 600 residents were evacuated from the lower town, where two people died.

At least 40 people were injured, according to the Kessing hospital, and some 1,500 remain displaced. Rescue teams are still searching for three fishermen who have been missing since Saturday.

Officials estimate the damage at 25 million pounds. Water levels fell by 40% on Monday.
";

#[test]
fn kessing_flood_casualties() {
    let (_, quotes, figures) = facts(KESSING);
    let evacuated = figure_of(&figures, 600.0);
    assert_eq!(evacuated.kind, "evacuated");
    assert_eq!(evacuated.qualifier, Qualifier::Approximate);
    assert_eq!(evacuated.counts, "residents");
    assert!(evacuated
        .source
        .as_deref()
        .is_some_and(|source| source.contains("agency")));
    let died = figure_of(&figures, 2.0);
    assert_eq!(
        (died.kind.as_str(), died.counts.as_str()),
        ("killed", "people")
    );
    let injured = figure_of(&figures, 40.0);
    assert_eq!(injured.kind, "injured");
    assert_eq!(injured.qualifier, Qualifier::AtLeast);
    let displaced = figure_of(&figures, 1500.0);
    assert_eq!(displaced.kind, "displaced");
    assert_eq!(displaced.qualifier, Qualifier::Approximate);
    let missing = figure_of(&figures, 3.0);
    assert_eq!(missing.kind, "missing");
    assert_eq!(missing.counts, "fishermen");
    let pounds = figure_of(&figures, 25e6);
    assert_eq!(pounds.unit.as_deref(), Some("GBP"));
    assert_eq!(pounds.source.as_deref(), Some("Officials"));
    // A percentage is no figure.
    assert!(figures.iter().all(|figure| figure.counts != "%"));
    assert_eq!(figures.len(), 6, "{figures:#?}");
    // "Water levels fell" has no cue: no quote from it.
    assert!(quotes
        .iter()
        .all(|quote| !quote.text.contains("Water levels")));
}

const KERRA: &str = "Police arrest dozens in Kerra Town

Hundreds of dockworkers marched to the harbour office in Kerra Town on Monday.

Police arrested 45 people as demonstrators clashed with guards at the gate, and 12 protesters were detained overnight.

By Monday evening, 19 ferries were waiting outside the harbour, the port's traffic centre said, and trucks queued for hours on the coast road into Kerra Town.

The talks broke down after nine hours, according to people familiar with the matter.
";

#[test]
fn kerra_figures_take_the_governing_verb_and_vague_ranges() {
    let (_, _, figures) = facts(KERRA);
    let hundreds = figure_of(&figures, 200.0);
    assert_eq!(hundreds.qualifier, Qualifier::Range);
    assert_eq!(hundreds.high, Some(999.0));
    assert_eq!(hundreds.words.as_deref(), Some("Hundreds"));
    assert_eq!(hundreds.counts, "dockworkers");
    let arrested = figure_of(&figures, 45.0);
    assert_eq!(
        (arrested.kind.as_str(), arrested.counts.as_str()),
        ("arrested", "people")
    );
    assert_eq!((arrested.high, arrested.words.as_deref()), (None, None));
    let detained = figure_of(&figures, 12.0);
    assert_eq!(
        (detained.kind.as_str(), detained.counts.as_str()),
        ("detained", "protesters")
    );
}

#[test]
fn kerra_quotes_are_what_was_said_by_whole_speakers() {
    let (article, quotes, _) = facts(KERRA);
    let ferries = quote_with(&quotes, "19 ferries were waiting");
    assert_eq!(
        ferries.text,
        "By Monday evening, 19 ferries were waiting outside the harbour"
    );
    assert_eq!(
        ferries.speaker.as_deref(),
        Some("the port's traffic centre")
    );
    assert!(quotes.iter().all(|quote| !quote.text.starts_with("and ")));
    let talks = quote_with(&quotes, "The talks broke down");
    assert_eq!(talks.cue, "according to");
    assert_eq!(
        talks.speaker.as_deref(),
        Some("people familiar with the matter")
    );
    for quote in &quotes {
        assert_eq!(quote.span.slice(&article.text), Some(quote.text.as_str()));
    }
}

#[test]
fn scare_quotes_and_cues_inside_quotations_are_no_quotes() {
    let text = "Port owners in Velmora

The owners of the port have called the strike \"illegal\" and \"reckless\" in letters to the union.

\"They said we would be paid, and they told us to wait,\" is painted on a wall of the harbour.
";
    let (_, quotes, _) = facts(text);
    assert!(quotes.is_empty(), "{quotes:#?}");
}

fn seed(name: &str) -> String {
    let path = common::shared("seeds").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn seed_facts(name: &str, published: &str) -> (Article, Vec<Quote>, Vec<Figure>) {
    let text = seed(name);
    let (article, annotations) = read(&text, Some(published));
    let quotes = find_quotes(&article, &annotations);
    let figures = find_figures(&article, &annotations, &quotes);
    (article, quotes, figures)
}

/// Nothing may come from the text cleaning removed (the Turkish cookie
/// notice): every fact's span lies in the clean text, which has none of it.
fn assert_clean(article: &Article, quotes: &[Quote], figures: &[Figure]) {
    assert!(!article.text.contains("çerez"));
    for quote in quotes {
        assert_eq!(quote.span.slice(&article.text), Some(quote.text.as_str()));
    }
    for figure in figures {
        assert!(figure.span.slice(&article.text).is_some());
    }
}

#[test]
#[ignore = "needs ../shared/seeds (or $TIDINGS_SHARED): cargo test --workspace -- --ignored"]
fn seed_000_kremlin_statement_and_hrana_figure() {
    let (article, quotes, figures) = seed_facts("000_2586115594d43654.txt", "2026-01-16");
    assert_clean(&article, &quotes, &figures);
    let statement = quotes
        .iter()
        .find(|quote| quote.direct && quote.cue == "said")
        .expect("the direct quote of the statement");
    assert_eq!(statement.speaker.as_deref(), Some("Kremlin"));
    // "according to a Kremlin statement", and "the statement said" after it.
    let according = quote_with(&quotes, "fundamental stance in favor");
    assert_eq!(according.cue, "according to");
    assert_eq!(according.speaker.as_deref(), Some("Kremlin"));
    let readiness = quote_with(&quotes, "Moscow confirmed its readiness");
    assert_eq!(readiness.speaker.as_deref(), Some("Kremlin"));
    assert!(quotes
        .iter()
        .all(|quote| quote.speaker.as_deref() != Some("the statement")));
    let killed: Vec<&Figure> = figures
        .iter()
        .filter(|figure| figure.kind == "killed")
        .collect();
    assert_eq!(killed.len(), 1, "{figures:#?}");
    let hrana = killed[0];
    assert_eq!(hrana.value, 2600.0);
    assert_eq!(hrana.qualifier, Qualifier::AtLeast);
    assert_eq!(hrana.counts, "people");
    assert_eq!(
        hrana.source.as_deref(),
        Some("Human Rights Activists News Agency")
    );
    assert!(hrana.source_entity.is_some());
}

#[test]
#[ignore = "needs ../shared/seeds (or $TIDINGS_SHARED): cargo test --workspace -- --ignored"]
fn seed_002_kremlin_said() {
    let (article, quotes, figures) = seed_facts("002_a437a26006dae97f.txt", "2025-06-13");
    assert_clean(&article, &quotes, &figures);
    let direct: Vec<&Quote> = quotes.iter().filter(|quote| quote.direct).collect();
    assert!(!direct.is_empty());
    for quote in direct {
        assert_eq!(quote.speaker.as_deref(), Some("Kremlin"), "{quote:#?}");
    }
    let statement_said = quotes
        .iter()
        .find(|quote| quote.text.starts_with("Moscow \"strongly condemns\""))
        .expect("the statement's condemnation");
    assert_eq!(statement_said.speaker.as_deref(), Some("Kremlin"));
    assert!(figures.is_empty(), "{figures:#?}");
}

mod arbitrary_text {
    use super::*;
    use proptest::prelude::*;

    fn article(text: &str) -> Article {
        Article {
            id: DocId::of_bytes(text.as_bytes()),
            title: None,
            lede: None,
            lang: Some("en".into()),
            published: None,
            site: None,
            url: None,
            authors: vec![],
            text: text.into(),
            paragraphs: vec![],
            removed: vec![],
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn never_panics_and_spans_fit(text in "(\\PC|[\"“”«»„,.:;$€0-9 ]|said|told|according to|killed|more than|\n\n){0,80}") {
            let article = article(&text);
            let annotations = annotate(&article, annotator());
            let quotes = find_quotes(&article, &annotations);
            let figures = find_figures(&article, &annotations, &quotes);
            for quote in &quotes {
                prop_assert_eq!(quote.span.slice(&text), Some(quote.text.as_str()));
            }
            for figure in &figures {
                prop_assert!(figure.span.slice(&text).is_some());
                prop_assert!(figure.value.is_finite());
            }
        }

        #[test]
        fn never_panics_on_annotations_that_do_not_fit(
            text in "\\PC{0,40}",
            spans in proptest::collection::vec((0usize..60, 0usize..60), 0..20),
            entity in 0usize..4,
        ) {
            let article = article(&text);
            let mut annotations = annotate(&article, annotator());
            for sentence in &mut annotations.sentences {
                sentence.tokens.extend(spans.iter().map(|&(a, b)| tidings_model::Span::new(a, b)));
            }
            for mention in &mut annotations.mentions {
                mention.entity += entity;
            }
            let quotes = find_quotes(&article, &annotations);
            let _ = find_figures(&article, &annotations, &quotes);
        }
    }
}
