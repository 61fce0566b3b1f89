mod common;
use std::collections::HashMap;
#[test]
fn eval() {
    for set in ["scrapinghub", "readability"] {
        let dir = format!("/work/shared/eval/extraction/{set}");
        let truth = std::fs::read_to_string(format!("{dir}/truth.jsonl")).unwrap();
        let (mut sp, mut sr, mut n, mut zero) = (0.0, 0.0, 0, 0);
        for line in truth.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let id = v["id"].as_str().unwrap();
            let Ok(bytes) = std::fs::read(format!("{dir}/html/{id}.html")) else { continue };
            let html = String::from_utf8_lossy(&bytes).to_string();
            let a = tidings_clean::clean(&common::html_doc(&html), &Default::default());
            let count = |t: &str| { let mut m: HashMap<String, i32> = HashMap::new(); for w in t.split_whitespace() { *m.entry(w.to_lowercase()).or_default() += 1; } m };
            let gt = count(v["text"].as_str().unwrap_or(""));
            let pr = count(&a.text);
            let common: i32 = pr.iter().map(|(w, c)| (*c).min(*gt.get(w).unwrap_or(&0))).sum();
            let p = common as f64 / pr.values().sum::<i32>().max(1) as f64;
            let r = common as f64 / gt.values().sum::<i32>().max(1) as f64;
            if r < 0.3 { zero += 1; }
            sp += p; sr += r; n += 1;
        }
        println!("{set}: n={n} P={:.3} R={:.3} low-recall={zero}", sp / n as f64, sr / n as f64);
    }
}
