//! Generated inputs for benchmarks: deterministic, no randomness from
//! outside (a fixed linear congruential sequence).

/// A program log of about `size` bytes (never more): long lines of log
/// output with timestamps, levels, component names, numbers and few
/// sentence ends, like the log that once took 20 times longer to analyse
/// past 500 KB (issue 16). The first line is a title.
pub fn program_log(size: usize) -> String {
    const WORDS: &[&str] = &[
        "queued",
        "job",
        "for",
        "quay",
        "harbour",
        "ferry",
        "worker",
        "scheduler",
        "retry",
        "backoff",
        "status",
        "elapsed",
        "tide",
        "gauge",
        "sensor",
        "reading",
        "buffer",
        "flush",
        "socket",
        "timeout",
        "handshake",
        "payload",
        "checksum",
        "index",
        "segment",
        "Velmora",
        "Portavel",
        "ms",
        "bytes",
        "ok",
    ];
    const COMPONENTS: &[&str] = &["Scheduler", "TideGauge", "FerryLink", "QuayStore"];
    const LEVELS: &[&str] = &["DEBUG", "INFO", "WARN", "TRACE"];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |bound: usize| -> usize {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % bound
    };
    let mut text = String::with_capacity(size + 256);
    text.push_str("Harbour control log\n\n");
    let mut line_no = 0usize;
    let mut line = String::new();
    loop {
        line.clear();
        line.push_str(&format!(
            "2026-01-16 {:02}:{:02}:{:02}.{:03} [worker-{}] {} com.velmora.harbour.{} - ",
            line_no / 3600 % 24,
            line_no / 60 % 60,
            line_no % 60,
            next(1000),
            next(8),
            LEVELS[next(LEVELS.len())],
            COMPONENTS[next(COMPONENTS.len())]
        ));
        for word in 0..12 + next(30) {
            if word > 0 {
                line.push(' ');
            }
            line.push_str(WORDS[next(WORDS.len())]);
            if next(3) == 0 {
                line.push_str(&format!("={}", next(100_000)));
            }
        }
        if next(10) == 0 {
            line.push('.');
        }
        line.push('\n');
        if text.len() + line.len() > size {
            break;
        }
        text.push_str(&line);
        line_no += 1;
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logs_are_deterministic_and_within_the_size() {
        let log = program_log(50_000);
        assert!(log.len() <= 50_000 && log.len() > 49_000);
        assert_eq!(log, program_log(50_000));
        assert!(log.starts_with("Harbour control log\n\n2026-01-16 00:00:00."));
    }
}
