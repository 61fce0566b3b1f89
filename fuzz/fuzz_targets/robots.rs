//! robots.txt: any bytes (read as text, as the fetcher reads a served
//! file) parse, for any agent, and answer for any path; nothing may panic
//! and a crawl delay stays within its hour.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings_fetch::Robots;

fuzz_target!(|data: &[u8]| {
    // The first line is the path asked about, the rest the file.
    let text = String::from_utf8_lossy(data);
    let (path, file) = text.split_once('\n').unwrap_or(("/", &text));
    for agent in ["tidings/0.1", "*", ""] {
        let robots = Robots::parse(file, agent);
        let _ = robots.allows(path);
        if let Some(delay) = robots.crawl_delay {
            assert!(delay.as_secs() <= 3600, "crawl delay beyond an hour");
        }
    }
});
