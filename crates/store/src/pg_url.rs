//! Telling a PostgreSQL URL from a store directory, and naming it in
//! messages without its password. Built with or without the `postgres`
//! feature, so that a binary without it can say why it cannot open one.

/// True when a `--db` value names a PostgreSQL server rather than a store
/// directory.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// The URL with its password left out, to name the store in messages.
pub fn redacted(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|at| at + 3) else {
        return url.to_string();
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let mut out = url[..scheme_end].to_string();
    match authority.rfind('@') {
        Some(at) => {
            let user = &authority[..at];
            match user.find(':') {
                Some(colon) => {
                    out.push_str(&user[..colon]);
                    out.push_str(":***");
                }
                None => out.push_str(user),
            }
            out.push_str(&authority[at..]);
        }
        None => out.push_str(authority),
    }
    // The path; a query string may carry `password=`, so it is left out.
    let tail = &rest[authority_end..];
    out.push_str(&tail[..tail.find('?').unwrap_or(tail.len())]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_recognised_and_lose_their_password() {
        assert!(is_postgres_url("postgres://maren@127.0.0.1/tidings"));
        assert!(is_postgres_url("postgresql://maren@db/tidings"));
        assert!(!is_postgres_url("tidings-data"));
        assert!(!is_postgres_url("./postgres"));
        assert_eq!(
            redacted("postgres://maren:s3cret@db.example:5433/tidings?sslmode=disable&password=x"),
            "postgres://maren:***@db.example:5433/tidings"
        );
        assert_eq!(
            redacted("postgres://maren@127.0.0.1/tidings"),
            "postgres://maren@127.0.0.1/tidings"
        );
        assert_eq!(redacted("postgres://db"), "postgres://db");
    }
}
