//! Issue 14, item 5: `analyze --json` and `show --json` give the tone of an
//! English article (positive minus negative words, in percent) and none for
//! an article in another language.

mod common;

use common::{json_lines, repo_root, stderr, Sandbox};

#[test]
fn issue_14_tone_is_shown_for_english_and_null_for_other_languages() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "good.txt",
        "Velmora celebrates\n\nThe festival in Velmora was a wonderful success. Visitors praised the friendly crowds, \
         the excellent music and the beautiful harbour, and the mayor thanked the generous volunteers.\n",
    );
    sandbox.write(
        "bad.txt",
        "Storm hits Portavel\n\nThe storm killed four fishermen and destroyed the harbour. Grieving families \
         blamed failed warnings, and angry residents described chaos, fear and terrible damage.\n",
    );
    sandbox.write(
        "fr.txt",
        "Fête à Velmora\n\nLa fête de Velmora a été un grand succès. Les visiteurs ont salué la musique et le port, \
         et le maire a remercié les bénévoles pour leur aide pendant toute la semaine.\n",
    );
    let analyze = |name: &str| {
        let path = sandbox.path().join(name);
        let output = sandbox.run(&["analyze", path.to_str().unwrap(), "--json"]);
        assert!(output.status.success(), "{}", stderr(&output));
        json_lines(&output).remove(0)
    };
    let good = analyze("good.txt");
    assert!(
        good["tone"]["score"].as_f64().unwrap() > 0.0,
        "{}",
        good["tone"]
    );
    assert!(
        good["tone"]["positive"].as_u64().unwrap() >= 5,
        "{}",
        good["tone"]
    );
    let bad = analyze("bad.txt");
    assert!(
        bad["tone"]["score"].as_f64().unwrap() < 0.0,
        "{}",
        bad["tone"]
    );
    assert!(analyze("fr.txt")["tone"].is_null());

    let output = sandbox.run(&["ingest", sandbox.path().join("good.txt").to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let id = good["id"].as_str().unwrap().to_string();
    let shown = json_lines(&sandbox.run(&["show", &id, "--json"])).remove(0);
    assert_eq!(shown["tone"], good["tone"]);
}

/// Each event carries the tone of its sentence: a violent sentence reads
/// negative, and the value is the sentence's own (not the article's).
#[test]
fn issue_14_each_event_has_the_tone_of_its_sentence() {
    let sandbox = Sandbox::new();
    let path = sandbox.write(
        "clash.txt",
        "Clashes in Portavel\n\nRioters attacked police officers in Portavel on Monday, injuring six in a brutal and terrifying assault. \
         The harbour festival, a wonderful and joyful celebration loved by all, went ahead on Tuesday as planned.\n",
    );
    let output = sandbox.run(&["analyze", path.to_str().unwrap(), "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let doc = &json_lines(&output)[0];
    let events = doc["events"].as_array().unwrap();
    let attack = events
        .iter()
        .find(|e| e["sentence"].as_str().unwrap().contains("attacked"))
        .unwrap_or_else(|| panic!("an event for the attack: {events:#?}"));
    let tone = attack["tone"].as_f64().expect("a tone");
    assert!(tone < 0.0, "{attack}");
    let article = doc["tone"]["score"].as_f64().unwrap();
    assert!(
        (tone - article).abs() > 0.01,
        "the sentence's, not the article's: {tone} {article}"
    );
}

/// `tidings entity NAME` gives the entity's tone by day: per publication
/// day, the mean tone of the English articles naming it, as `show` gives
/// each article's.
#[test]
fn issue_14_an_entity_has_its_tone_by_day() {
    let sandbox = Sandbox::new();
    let corpus = repo_root().join("examples/corpus");
    let output = sandbox.run(&["ingest", corpus.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let entity = &json_lines(&sandbox.run(&["entity", "Velmora", "--json", "--limit", "1000"]))[0];
    let mut expected: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
    let mut seen = std::collections::HashSet::new();
    for mention in entity["mentions"].as_array().unwrap() {
        let (Some(id), Some(published)) = (mention["id"].as_str(), mention["published"].as_str())
        else {
            continue;
        };
        if !seen.insert(id.to_string()) {
            continue;
        }
        let shown = json_lines(&sandbox.run(&["show", id, "--json"]));
        if let Some(tone) = shown[0]["tone"]["score"].as_f64() {
            expected
                .entry(published[..10].to_string())
                .or_default()
                .push(tone);
        }
    }
    let days = entity["tone_by_day"].as_array().unwrap();
    assert!(days.len() >= 2, "{days:?}");
    assert_eq!(days.len(), expected.len(), "{days:?} {expected:?}");
    for (day, (want_day, tones)) in days.iter().zip(&expected) {
        assert_eq!(day["day"], want_day.as_str());
        assert_eq!(day["articles"], tones.len());
        let mean = tones.iter().sum::<f64>() / tones.len() as f64;
        assert!(
            (day["tone"].as_f64().unwrap() - mean).abs() < 1e-3,
            "{day} vs {mean}"
        );
    }
    let text = common::stdout(&sandbox.run(&["entity", "Velmora"]));
    assert!(text.contains("tone by day"), "{text}");
}

/// `tidings bench --stage tone` times tone apart from the stages it runs
/// beside, on the example corpus: it reads every article and each event's
/// sentence, and tone is a small part of the work (the issue's bound is
/// 10 % of ingest; the figure is in BENCHMARKS.md, not asserted here as a
/// speed, only as a share far from the bound on any machine).
#[test]
fn issue_14_bench_measures_tone_beside_the_stages() {
    let sandbox = Sandbox::new();
    let corpus = repo_root().join("examples/corpus");
    let output = sandbox.run(&[
        "bench",
        "--stage",
        "tone",
        "--corpus",
        corpus.to_str().unwrap(),
        "--rounds",
        "2",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let result = json_lines(&output).remove(0);
    assert!(result["articles"].as_u64().unwrap() >= 10, "{result}");
    assert!(result["events"].as_u64().unwrap() > 0, "{result}");
    assert!(result["stages_seconds"].as_f64().unwrap() > 0.0, "{result}");
    let share = result["tone_share"].as_f64().unwrap();
    assert!(share > 0.0 && share < 0.5, "{result}");
}
