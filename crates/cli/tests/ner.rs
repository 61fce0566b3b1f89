//! End-to-end tests of `tidings train ner` and `tidings eval ner`.

mod common;

use common::{python_scorer, shared, stderr, stdout, Sandbox};

/// Invented sentences in the training files' format.
const SAMPLE: &str = "\
Mayor\tO
Ilse\tB-PER
Varn\tI-PER
opened\tO
the\tO
new\tO
harbour\tO
in\tO
Velmora\tB-LOC
.\tO

The\tO
Harbour\tB-ORG
Authority\tI-ORG
of\tI-ORG
Portavel\tI-ORG
said\tO
Velmoran\tB-MISC
fishers\tO
would\tO
pay\tO
less\tO
.\tO

Marek\tB-PER
Tolvan\tI-PER
flew\tO
from\tO
Portavel\tB-LOC
to\tO
Ostrand\tB-LOC
on\tO
Monday\tO
.\tO

Tova\tB-PER
Lind\tI-PER
,\tO
a\tO
spokeswoman\tO
for\tO
the\tO
Ostrand\tB-ORG
Rail\tI-ORG
Company\tI-ORG
,\tO
said\tO
trains\tO
to\tO
Velmora\tB-LOC
would\tO
resume\tO
.\tO

";

/// Writes the four training files of `shared/train/ner` with invented text.
fn write_training_folder(sandbox: &Sandbox) {
    for name in [
        "train/gmb_conllstyle.conll",
        "train/wikigold.conll",
        "train/uner_en_ewt_dev.conll",
        "train/uner_en_ewt_test.conll",
    ] {
        let text = SAMPLE.repeat(3);
        let text = if name.contains("uner") {
            text.replace("B-MISC", "O")
        } else {
            text
        };
        sandbox.write(name, text);
    }
    sandbox.write(
        "unlabeled.txt",
        "Mayor Ilse Varn visited Ostrand on Friday.\nThe harbour of Velmora opened.\n",
    );
}

#[test]
fn training_twice_gives_the_same_bytes_and_the_model_evaluates() {
    let sandbox = Sandbox::new();
    write_training_folder(&sandbox);
    for out in ["a.bin", "b.bin"] {
        let output = sandbox.run(&[
            "train",
            "ner",
            "--data",
            "train",
            "--out",
            out,
            "--epochs",
            "3",
            "--unlabeled",
            "unlabeled.txt",
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        let text = stdout(&output);
        assert!(text.contains(&format!("wrote {out}")), "{text}");
        assert!(text.contains("held-out"), "{text}");
    }
    let a = std::fs::read(sandbox.path().join("a.bin")).unwrap();
    let b = std::fs::read(sandbox.path().join("b.bin")).unwrap();
    assert!(!a.is_empty());
    assert_eq!(a, b, "same data and seed must give the same model bytes");

    let different = sandbox.run(&[
        "train",
        "ner",
        "--data",
        "train",
        "--out",
        "c.bin",
        "--epochs",
        "3",
        "--seed",
        "9",
        "--unlabeled",
        "unlabeled.txt",
    ]);
    assert!(different.status.success(), "{}", stderr(&different));

    // The model learns its own training sentences.
    sandbox.write("gold.conll", SAMPLE);
    let output = sandbox.run(&[
        "eval",
        "ner",
        "--data",
        "gold.conll",
        "--model",
        "a.bin",
        "--out",
        "pred.conll",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(json["sentences"], 4);
    assert_eq!(json["tokens"], 50);
    assert!(json["f1"].as_f64().unwrap() > 0.8, "{json}");
    assert!(json["per_type"]["PER"]["f1"].as_f64().is_some());
    assert!(json["tokens_per_second"].as_f64().unwrap() > 0.0);
    let predicted = std::fs::read_to_string(sandbox.path().join("pred.conll")).unwrap();
    let tokens: Vec<&str> = predicted
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    let gold_tokens: Vec<&str> = SAMPLE
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(tokens, gold_tokens);
    assert_eq!(predicted.matches("\n\n").count(), 4);
}

#[test]
fn train_without_data_says_where_to_point() {
    let sandbox = Sandbox::new();
    let output = sandbox.run(&["train", "ner"]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("pass --data pointing at shared/train/ner"));
    let output = sandbox.run(&["train", "ner", "--data", "missing"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("missing: not a folder: pass --data pointing at shared/train/ner")
    );
}

#[test]
fn bad_conll_names_file_and_line() {
    let sandbox = Sandbox::new();
    sandbox.write("bad.conll", "Velmora\tB-LOC\n\nharbour\tB-PLACE\n");
    let output = sandbox.run(&["eval", "ner", "--data", "bad.conll"]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("bad.conll:3: not a tag"), "{message}");
    let output = sandbox.run(&["eval", "ner", "--data", "gold.conll", "--types", "PER,DATE"]);
    assert!(
        stderr(&output).contains("unknown type"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn bundled_model_tags_invented_news() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "news.conll",
        "President\tO\nIlse\tB-PER\nVarnova\tI-PER\nof\tO\nFrance\tB-LOC\nmet\tO\n\
         officials\tO\nof\tO\nthe\tO\nUnited\tB-ORG\nNations\tI-ORG\nin\tO\nGeneva\tB-LOC\n.\tO\n",
    );
    let output = sandbox.run(&["eval", "ner", "--data", "news.conll", "--out", "pred.conll"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let predicted = std::fs::read_to_string(sandbox.path().join("pred.conll")).unwrap();
    assert!(predicted.contains("France\tB-LOC"), "{predicted}");
    assert!(predicted.contains("Geneva\tB-LOC"), "{predicted}");
    assert!(predicted.contains("Ilse\tB-PER"), "{predicted}");
}

/// `tidings eval ner` prints exactly what `score_ner.py` prints on the same
/// files.
#[test]
#[ignore = "needs ../shared/eval/ner, ../shared/tools and python3: cargo test --workspace -- --ignored"]
fn eval_matches_the_python_scorer() {
    let script = shared("tools/score_ner.py");
    for (file, types) in [
        ("eval/ner/uner_en_pud_dev.conll", Some("PER,ORG,LOC")),
        ("eval/ner/conll2003_dev.conll", Some("PER,ORG,LOC")),
        ("eval/ner/uner_en_pud_dev.conll", None),
    ] {
        let gold = shared(file);
        let sandbox = Sandbox::new();
        let gold_arg = gold.to_string_lossy().into_owned();
        let mut args = vec![
            "eval",
            "ner",
            "--data",
            gold_arg.as_str(),
            "--out",
            "pred.conll",
        ];
        if let Some(types) = types {
            args.extend(["--types", types]);
        }
        let output = sandbox.run(&args);
        assert!(output.status.success(), "{}", stderr(&output));
        let ours = stdout(&output);
        let mut args = vec![gold.clone(), sandbox.path().join("pred.conll")];
        if let Some(types) = types {
            args.extend(["--map".into(), types.into()]);
        }
        let theirs = python_scorer(&script, &args);
        assert!(!theirs.is_empty());
        assert!(
            ours.starts_with(&theirs),
            "tidings eval ner:\n{ours}\nscore_ner.py:\n{theirs}"
        );
        assert!(ours[theirs.len()..].contains("tokens/second"), "{ours}");
    }
}
