//! Issue 14, item 5: `analyze --json` and `show --json` give the tone of an
//! English article (positive minus negative words, in percent) and none for
//! an article in another language.

mod common;

use common::{json_lines, stderr, Sandbox};

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
