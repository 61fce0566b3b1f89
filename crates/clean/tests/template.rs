//! Site memory: template blocks learnt across documents of one site, and the
//! determinism of draft → observe → finish.

mod common;

use tidings_clean::{clean, draft, finish, CleanConfig, SiteMemory};
use tidings_model::{Article, Hints, MediaType, Reason};

use common::{assert_invariants, body, dump, raw};

const FOOTER: &str = "The Velmora Courier is printed every morning at 12 Quay Street in Velmora.";
/// A long paragraph the site republishes in the middle of several stories.
const BACKGROUND: &str = "The harbour of Velmora has been run since 1952 by the Harbour Authority of Portavel, which also owns the lighthouse, the two ferry quays and the fish market on the northern breakwater, and answers to both town councils.";

fn story(n: usize) -> String {
    let topics = [
        ("Ferry timetable changes in Velmora", "The winter ferry timetable starts on Monday, with two fewer crossings each day between Velmora and the island of Sarn, the operator said.", "Season tickets bought before the change stay valid until March, the operator added."),
        ("Fish market reopens after repairs", "The fish market on the northern breakwater reopened on Tuesday after a month of repairs to its roof, which the storm had torn open in November.", "Traders said the first morning was busy, with queues for mackerel before dawn."),
        ("Lighthouse keeper retires after 30 years", "Ilse Marrow, who kept the Portavel lighthouse for thirty years, retired on Friday with a small ceremony on the quay attended by both mayors.", "Her successor, a former ferry mate from Sarn, starts on the first of the month."),
        ("Harbour fees to rise in spring", "Mooring fees in the harbour will rise by six percent in April, the authority announced on Wednesday, citing the cost of dredging the channel.", "Owners of small fishing boats will be exempt for another year, the board decided."),
    ];
    let (title, lede, closing) = topics[n % topics.len()];
    format!("{title}\n\n{lede}\n\n{BACKGROUND}\n\n{closing}\n\n{FOOTER}\n")
}

fn doc(n: usize) -> tidings_model::RawDoc {
    let hints = Hints {
        url: Some(format!("https://www.velmora-courier.example/news/{n}")),
        ..Hints::default()
    };
    raw(&story(n), MediaType::Text, hints)
}

/// The batch pipeline: draft all, observe in order, finish all.
fn batch(
    docs: &[tidings_model::RawDoc],
    memory: &mut SiteMemory,
    config: &CleanConfig,
) -> Vec<Article> {
    let drafts: Vec<_> = docs.iter().map(|d| draft(d, config)).collect();
    for draft in &drafts {
        if let Some(site) = draft.site_key() {
            memory.observe(site, draft.fingerprints());
        }
    }
    drafts
        .into_iter()
        .map(|d| finish(d, memory, config))
        .collect()
}

#[test]
fn the_site_key_is_the_host_without_www() {
    let draft = draft(&doc(0), &CleanConfig::default());
    assert_eq!(draft.site_key(), Some("velmora-courier.example"));
    assert_eq!(draft.fingerprints().len(), 5);
    let mut plain = raw(
        "Ferry news\n\nSome text here.",
        MediaType::Text,
        Hints::default(),
    );
    plain.origin.path = Some("crawl/portavel-post/a.txt".into());
    assert_eq!(
        tidings_clean::draft(&plain, &CleanConfig::default()).site_key(),
        Some("crawl/portavel-post")
    );
}

#[test]
fn a_footer_in_three_documents_is_template_from_the_third_on() {
    let config = CleanConfig::default();
    let mut memory = SiteMemory::new();
    // One document at a time, as a sequential run would.
    let mut articles = Vec::new();
    for n in 0..3 {
        articles.extend(batch(&[doc(n)], &mut memory, &config));
    }
    for article in &articles[..2] {
        assert!(body(article).contains(&FOOTER), "{}", dump(article));
    }
    let third = &articles[2];
    assert_invariants(third);
    assert_eq!(
        third
            .removed
            .iter()
            .find(|r| r.text == FOOTER)
            .map(|r| r.reason),
        Some(Reason::Template),
        "{}",
        dump(third)
    );
    // The long background paragraph in the middle of the body is kept.
    assert!(body(third).contains(&BACKGROUND), "{}", dump(third));
    assert_eq!(third.paragraphs.len(), 3, "{}", dump(third));
}

#[test]
fn with_the_memory_pre_filled_every_document_loses_the_footer() {
    let config = CleanConfig::default();
    let mut memory = SiteMemory::new();
    let footer_print = draft(&doc(0), &config).fingerprints()[4];
    memory.load("velmora-courier.example", &[(footer_print, 7)]);
    for n in 0..4 {
        let article = finish(draft(&doc(n), &config), &memory, &config);
        assert_eq!(article.removed.len(), 1, "{}", dump(&article));
        assert_eq!(article.removed[0].text, FOOTER);
        assert_eq!(article.removed[0].reason, Reason::Template);
    }
    // Without memory the footer stays.
    assert!(body(&clean(&doc(0), &config)).contains(&FOOTER));
}

#[test]
fn a_republished_article_is_never_emptied_by_the_template() {
    let config = CleanConfig::default();
    let mut memory = SiteMemory::new();
    let docs = vec![doc(1), doc(1), doc(1)];
    let articles = batch(&docs, &mut memory, &config);
    for article in articles {
        assert_eq!(article.paragraphs.len(), 4, "{}", dump(&article));
        assert!(article.removed.iter().all(|r| r.reason != Reason::Template));
    }
}

#[test]
fn draft_observe_finish_is_deterministic() {
    let config = CleanConfig::default();
    let docs: Vec<_> = (0..6).map(doc).collect();
    let first = batch(&docs, &mut SiteMemory::new(), &config);
    let second = batch(&docs, &mut SiteMemory::new(), &config);
    let json = |articles: &[Article]| serde_json::to_string(articles).unwrap();
    assert_eq!(json(&first), json(&second));
    // And clean() equals finish(draft()) with an empty memory.
    let alone = clean(&docs[0], &config);
    let halves = finish(draft(&docs[0], &config), &SiteMemory::new(), &config);
    assert_eq!(alone, halves);
    assert_eq!(alone.id, docs[0].id);
}
