//! The acceptance test: the real seed files in `shared/seeds` (read in place,
//! never copied). Ignored, saying so, unless asked for with `--ignored`.

mod common;

use tidings_clean::{clean, CleanConfig};
use tidings_model::Reason;

use common::{assert_invariants, dump, shared, text_doc};

#[test]
#[ignore = "needs ../shared/seeds (or $TIDINGS_SHARED): cargo test --workspace -- --ignored"]
fn seed_articles_keep_their_body_and_drop_the_turkish_cookie_notice() {
    let dir = shared("seeds");
    let entries = std::fs::read_dir(&dir).expect("the seed folder");
    let mut paths: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no seeds in {}", dir.display());
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let article = clean(&text_doc(&text), &CleanConfig::default());
        assert_invariants(&article);
        let shown = dump(&article);

        // The blocks as the file has them: non-empty lines.
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let x_at = lines
            .iter()
            .position(|l| *l == "X")
            .unwrap_or_else(|| panic!("{name}: no X line"));
        assert_eq!(article.title.as_deref(), Some(lines[0]), "{name}\n{shown}");
        assert_eq!(article.lang.as_deref(), Some("en"), "{name}\n{shown}");

        // The body: every paragraph from the lede through the last real one.
        let expected_body = &lines[1..x_at];
        let last = expected_body.last().unwrap();
        assert!(
            last.contains("HRANA") || last.ends_with("Friday night."),
            "{name}: unexpected last paragraph {last}"
        );
        let body: Vec<&str> = article.paragraph_texts().collect();
        assert_eq!(body, expected_body, "{name}\n{shown}");
        assert_eq!(article.lede.as_deref(), Some(lines[1]));

        // Removed: the X and the four Turkish paragraphs, each with a reason.
        let debris = &lines[x_at..];
        assert_eq!(debris.len(), 5, "{name}: the X and four Turkish paragraphs");
        let removed: Vec<&str> = article.removed.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(removed, debris, "{name}\n{shown}");
        assert_eq!(article.removed[0].reason, Reason::UiWord);
        for turkish in &article.removed[1..] {
            assert!(
                matches!(turkish.reason, Reason::Language | Reason::Boilerplate),
                "{name}: {turkish:?}"
            );
            let detail = turkish.detail.as_deref().unwrap_or("");
            assert!(detail.contains("tr, article en"), "{name}: {detail}");
        }
        let with_cues = article.removed[1..]
            .iter()
            .filter(|r| r.detail.as_deref().unwrap_or("").contains("çerez"))
            .count();
        assert!(
            with_cues >= 3,
            "{name}: the cookie cues are listed too\n{shown}"
        );
    }
}
