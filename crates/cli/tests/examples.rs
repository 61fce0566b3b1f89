//! The bundled example corpus (`examples/corpus`, written by us): every file
//! analyzes to the right title, language and body, with its debris (in
//! German, French, Spanish, English and Turkish page chrome) removed for a
//! reason; the whole corpus ingests, and re-ingests as a no-op.

mod common;

use common::{json_lines, paragraph_texts, removed, repo_root, Sandbox};
use serde_json::Value;

struct Case {
    file: &'static str,
    title: &'static str,
    lang: &'static str,
    first: &'static str,
    last: &'static str,
    paragraphs: usize,
    /// Debris that must be in `removed` (a prefix of the block) and not in the text.
    debris: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        file: "text/velmora-dock-strike.txt",
        title: "Dockworkers in Velmora walk out over night-shift pay",
        lang: "en",
        first: "Hundreds of dockworkers at the port of Velmora",
        last: "The last major stoppage at the port",
        paragraphs: 7,
        debris: &["X", "Wir verwenden Cookies", "Mit einem Klick auf"],
    },
    Case {
        file: "text/portavel-ferry-resumes.txt",
        title: "Ferry link between Portavel and the Isle of Kerra resumes after storm",
        lang: "en",
        first: "Ferries between Portavel and the Isle of Kerra",
        last: "Forecasters expect calmer weather",
        paragraphs: 5,
        debris: &[
            "Skip to content",
            "Menu",
            "Europe",
            "Home > Europe > Transport",
            "Partager",
            "Nous utilisons des cookies",
            "En poursuivant votre navigation",
            "Tous droits réservés",
        ],
    },
    Case {
        file: "text/lake-orin-drought.txt",
        title: "Lake Orin falls to record low as farmers face water limits",
        lang: "en",
        first: "The water level of Lake Orin",
        last: "Climate researchers at the University of Dunmere",
        paragraphs: 6,
        debris: &[
            "Compartir",
            "Utilizamos cookies",
            "Si continúa navegando",
            "Suscríbete a nuestro boletín",
        ],
    },
    Case {
        file: "text/cookie-law-vote.txt",
        title: "Parliament of Norvania passes stricter cookie consent law",
        lang: "en",
        first: "Lawmakers in Norvania voted on Wednesday",
        last: "The data protection authority will be able to fine",
        paragraphs: 5,
        debris: &[
            "Share",
            "Sign up for our newsletter",
            "© 2026 The Norvania Courier",
        ],
    },
    Case {
        file: "text/dunmere-cafe-fees-cp1252.txt",
        title: "Café owners in Dunmere protest new terrace fees",
        lang: "en",
        first: "Owners of more than 80 cafés and restaurants",
        last: "The traders’ group said it would collect signatures",
        paragraphs: 5,
        debris: &["Advertisement", "Read more"],
    },
    Case {
        file: "text/kessing-kopru-acildi.txt",
        title: "Kessing'de yeni köprü trafiğe açıldı",
        lang: "tr",
        first: "Kessing ilçesinde nehrin iki yakasını",
        last: "Törene katılan esnaf",
        paragraphs: 4,
        debris: &[
            "Paylaş",
            "We use cookies to personalise",
            "By continuing to browse",
        ],
    },
    Case {
        file: "html/velmora-strike-day-two.html",
        title: "Velmora port strike enters second day as talks fail",
        lang: "en",
        first: "The strike at the port of Velmora entered its second day",
        last: "Transport Minister Oskar Lind said he would invite",
        paragraphs: 6,
        debris: &[
            "We use cookies to improve",
            "Advertisement",
            "Sign up for our morning newsletter",
        ],
    },
    Case {
        file: "html/kerra-storm-damage.html",
        title: "Storm strands hundreds on Isle of Kerra",
        lang: "en",
        first: "A storm with gusts of up to 130 kilometres",
        last: "The regional council has opened the school gym",
        paragraphs: 5,
        debris: &["Subscribe to our free newsletter"],
    },
    Case {
        file: "html/orin-lago-nivel.html",
        title: "El lago Orin marca un mínimo histórico",
        lang: "es",
        first: "El nivel del lago Orin ha caído",
        last: "La asociación de agricultores criticó",
        paragraphs: 5,
        debris: &["This website uses cookies"],
    },
    Case {
        file: "html/norvania-rail-messy.html",
        title: "Norvania Rail cancels night trains",
        lang: "en",
        first: "The national rail operator Norvania Rail said on Friday",
        last: "The transport ministry said it was studying",
        paragraphs: 4,
        debris: &["Copyright 2026 Norvania Daily News"],
    },
];

fn analyze(sandbox: &Sandbox, file: &str) -> Vec<Value> {
    let path = repo_root().join("examples/corpus").join(file);
    let output = sandbox.run(&["analyze", path.to_str().unwrap(), "--json"]);
    assert!(
        output.status.success(),
        "{file}: {}",
        common::stderr(&output)
    );
    json_lines(&output)
}

fn check(case_file: &str, doc: &Value, case: &Case) {
    assert_eq!(doc["title"], case.title, "{case_file}");
    assert_eq!(doc["lang"], case.lang, "{case_file}");
    let paragraphs = paragraph_texts(doc);
    assert_eq!(
        paragraphs.len(),
        case.paragraphs,
        "{case_file}: {paragraphs:#?}"
    );
    assert!(
        paragraphs[0].starts_with(case.first),
        "{case_file}: {:?}",
        paragraphs[0]
    );
    assert!(
        paragraphs.last().unwrap().starts_with(case.last),
        "{case_file}: {:?}",
        paragraphs.last()
    );
    let removed = removed(doc);
    let text = doc["text"].as_str().unwrap();
    for debris in case.debris {
        assert!(
            removed
                .iter()
                .any(|(t, reason)| t.starts_with(debris) && !reason.is_empty()),
            "{case_file}: {debris:?} not in removed: {removed:#?}"
        );
        assert!(
            !text.contains(debris),
            "{case_file}: {debris:?} left in the text"
        );
    }
}

#[test]
fn every_example_file_analyzes_to_its_article() {
    let sandbox = Sandbox::new();
    for case in CASES {
        let docs = analyze(&sandbox, case.file);
        assert_eq!(docs.len(), 1, "{}", case.file);
        check(case.file, &docs[0], case);
    }
}

#[test]
fn debris_in_other_languages_is_removed_for_its_language_or_cues() {
    let sandbox = Sandbox::new();
    let mut languages_seen = std::collections::BTreeSet::new();
    for file in [
        "text/velmora-dock-strike.txt",
        "text/portavel-ferry-resumes.txt",
        "text/lake-orin-drought.txt",
        "text/kessing-kopru-acildi.txt",
    ] {
        let doc = &analyze(&sandbox, file)[0];
        for entry in doc["removed"].as_array().unwrap() {
            let reason = entry["reason"].as_str().unwrap();
            assert!(
                [
                    "ui-word",
                    "boilerplate",
                    "language",
                    "page-label",
                    "trailing",
                    "template"
                ]
                .contains(&reason),
                "{file}: unexpected reason {reason}"
            );
            if reason == "language" {
                let detail = entry["detail"].as_str().unwrap_or_default();
                languages_seen.insert(detail.split([',', ' ']).next().unwrap_or("").to_string());
            }
        }
    }
    assert!(
        languages_seen.len() >= 3,
        "debris in at least three languages recognised by language: {languages_seen:?}"
    );
}

#[test]
fn jsonl_and_warc_records_become_articles_with_their_metadata() {
    let sandbox = Sandbox::new();
    let docs = analyze(&sandbox, "feeds/wire-2026-03.jsonl");
    assert_eq!(docs.len(), 3);
    assert_eq!(
        docs[0]["title"],
        "Government appoints mediator in Velmora port strike"
    );
    assert_eq!(docs[0]["published"], "2026-03-05");
    assert_eq!(
        docs[0]["url"],
        "https://wire.example/2026/03/05/velmora-strike-mediator"
    );
    assert_eq!(docs[0]["source"]["record"], 1);
    assert!(removed(&docs[0]).iter().any(|(t, _)| t == "Read more"));
    assert_eq!(docs[1]["source"]["media_type"], "html");
    assert_eq!(
        docs[1]["title"],
        "Kessing approves flood barrier after winter floods"
    );
    assert_eq!(paragraph_texts(&docs[1]).len(), 3);
    assert_eq!(docs[2]["published"], "2026-03-07T05:40:00Z");

    let docs = analyze(&sandbox, "crawl/coastal-crawl.warc.gz");
    let titles: Vec<&str> = docs
        .iter()
        .map(|d| d["title"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        titles,
        [
            "Velmora port strike ends with pay deal",
            "Kerra lighthouse reopens to visitors",
            "Budget vote delayed as coalition talks drag on"
        ]
    );
    assert_eq!(
        docs[0]["url"],
        "https://coastalherald.example/news/2026/03/09/velmora-strike-ends"
    );
    assert_eq!(docs[0]["source"]["fetched"], "2026-03-09T18:02:11Z");
    // The second page is windows-1252, declared in its HTTP header.
    assert_eq!(docs[1]["source"]["encoding"], "windows-1252");
    assert!(paragraph_texts(&docs[1])
        .iter()
        .any(|p| p.contains("island’s heritage trust")));
}

#[test]
fn the_example_corpus_ingests_once_and_is_searchable() {
    let sandbox = Sandbox::new();
    let corpus = repo_root().join("examples/corpus");
    let output = sandbox.run(&["ingest", corpus.to_str().unwrap(), "--json"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let lines = json_lines(&output);
    let summary = &lines.last().unwrap()["summary"];
    assert_eq!(summary["new"], 16, "{summary}");
    assert_eq!(summary["failed"], 0, "{summary}");

    let again = sandbox.run(&["ingest", corpus.to_str().unwrap(), "--json"]);
    let lines = json_lines(&again);
    let summary = &lines.last().unwrap()["summary"];
    assert_eq!(summary["new"], 0, "{summary}");
    assert_eq!(summary["present"], 16, "{summary}");

    let hits = json_lines(&sandbox.run(&["search", "Velmora", "strike", "--json"]));
    assert!(
        hits.len() >= 4,
        "the Velmora strike story has four articles: {hits:#?}"
    );
    let id = hits[0]["id"].as_str().unwrap();
    let shown = json_lines(&sandbox.run(&["show", &id[..10], "--json"]));
    assert_eq!(shown[0]["id"], id);
    assert_eq!(shown[0]["title"], hits[0]["title"]);

    // Issue 15, item 5: kinds that names' own words give, and a long name
    // of the authority linked to its short one across articles.
    let entities = json_lines(&sandbox.run(&["entities", "--json", "--limit", "500"]));
    let kind_of = |name: &str| {
        entities
            .iter()
            .find(|e| e["name"] == name)
            .map(|e| e["kind"].as_str().unwrap_or("").to_string())
    };
    for (name, kind) in [
        ("Kerra Town", "location"),
        ("Kessing", "location"),
        ("Norvania Rail", "organisation"),
        ("Café Zürich", "organisation"),
    ] {
        assert_eq!(kind_of(name).as_deref(), Some(kind), "{name}");
    }
    assert_eq!(kind_of("Island"), None, "a common noun is no entity");
    let authority: Vec<&serde_json::Value> = entities
        .iter()
        .filter(|e| {
            let aliases = e["aliases"].as_array().cloned().unwrap_or_default();
            e["name"]
                .as_str()
                .unwrap_or("")
                .starts_with("Harbour Authority")
                || aliases.iter().any(|a| a == "Harbour Authority of Velmora")
        })
        .collect();
    assert_eq!(authority.len(), 1, "{authority:#?}");
    assert_eq!(authority[0]["articles"], 4);
}

#[test]
fn reprocess_rebuilds_identical_articles_from_the_raw_store() {
    let sandbox = Sandbox::new();
    let corpus = repo_root().join("examples/corpus");
    assert!(sandbox
        .run(&["ingest", corpus.to_str().unwrap(), "-q"])
        .status
        .success());
    let hits = json_lines(&sandbox.run(&["search", "the", "--limit", "100", "--json"]));
    assert!(hits.len() >= 10, "{}", hits.len());
    let show = |id: &str| stdout_of(&sandbox, &["show", id, "--json"]);
    let before: Vec<String> = hits
        .iter()
        .map(|h| show(h["id"].as_str().unwrap()))
        .collect();

    let output = sandbox.run(&["reprocess"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    assert!(common::stdout(&output).contains("reprocessed 16 documents"));
    let after: Vec<String> = hits
        .iter()
        .map(|h| show(h["id"].as_str().unwrap()))
        .collect();
    assert_eq!(
        before, after,
        "same raw bytes, same code: byte-identical articles"
    );
}

fn stdout_of(sandbox: &Sandbox, args: &[&str]) -> String {
    let output = sandbox.run(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        common::stderr(&output)
    );
    common::stdout(&output)
}

#[test]
fn analyze_reads_standard_input() {
    use std::io::Write;
    let sandbox = Sandbox::new();
    let mut child = sandbox
        .cmd(&["analyze", "-", "--json", "--date", "2026-05-02"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            "Menu\nVelmora opens a new fish market\n\nThe city of Velmora opened a covered fish market on the harbour front on Saturday, replacing stalls that had stood in the open since the 1950s.\n\nShare\n"
                .as_bytes(),
        )
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let docs = json_lines(&output);
    assert_eq!(docs[0]["title"], "Velmora opens a new fish market");
    assert_eq!(docs[0]["published"], "2026-05-02");
    assert_eq!(docs[0]["source"]["path"], "<stdin>");
    assert_eq!(paragraph_texts(&docs[0]).len(), 1);
    let removed: Vec<String> = removed(&docs[0]).into_iter().map(|(t, _)| t).collect();
    assert_eq!(removed, ["Menu", "Share"]);
}

#[test]
fn the_same_corpus_gives_byte_identical_articles_on_one_or_two_threads() {
    let corpus = repo_root().join("examples/corpus");
    let mut shown = Vec::new();
    for threads in ["1", "2"] {
        let sandbox = Sandbox::new();
        let output = sandbox.run(&[
            "ingest",
            corpus.to_str().unwrap(),
            "--threads",
            threads,
            "--batch",
            "3",
            "--json",
        ]);
        assert!(output.status.success());
        let mut ids: Vec<String> = json_lines(&output)
            .iter()
            .filter(|line| line["status"] == "new")
            .map(|line| line["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        let articles: Vec<String> = ids
            .iter()
            .map(|id| stdout_of(&sandbox, &["show", id, "--json"]))
            .collect();
        shown.push(articles);
    }
    assert_eq!(shown[0].len(), 16);
    assert_eq!(shown[0], shown[1]);
}
