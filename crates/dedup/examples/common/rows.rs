//! Reading a clustering file (`{id, date, title, text}` lines) for the
//! examples: (publication second, title, text), in date order.

/// One article: publication time (seconds), title, text.
pub type Row = (i64, String, String);

/// The articles of the JSON-lines file at `path`, sorted by date.
pub fn read(path: &str) -> Result<Vec<Row>, Box<dyn std::error::Error>> {
    let mut rows: Vec<Row> = Vec::new();
    for line in std::fs::read_to_string(path)?.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let date: jiff::Timestamp = v["date"].as_str().ok_or("date")?.parse()?;
        let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
        rows.push((date.as_second(), s("title"), s("text")));
    }
    rows.sort_by_key(|r| r.0);
    Ok(rows)
}
