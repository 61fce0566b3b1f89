//! The web UI: three static files embedded in the binary (`ui/`: the page,
//! its script and its style sheet), nothing fetched from elsewhere. The page
//! reads everything through the JSON API; its script puts store values on
//! the page as text only, and the Content-Security-Policy lets it load
//! nothing but these files and the API.

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, MethodRouter};

use crate::App;

/// The UI's files as (path, content type, content).
pub const FILES: &[(&str, &str, &str)] = &[
    (
        "/",
        "text/html; charset=utf-8",
        include_str!("../ui/index.html"),
    ),
    (
        "/ui/app.js",
        "text/javascript; charset=utf-8",
        include_str!("../ui/app.js"),
    ),
    (
        "/ui/style.css",
        "text/css; charset=utf-8",
        include_str!("../ui/style.css"),
    ),
];

/// What the page may load: its own files and the API, nothing else.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; \
    frame-ancestors 'none'";

/// The route of each file.
pub(crate) fn table() -> Vec<(&'static str, MethodRouter<App>)> {
    FILES
        .iter()
        .map(|&(path, kind, body)| {
            let handler = get(move || async move {
                (
                    [
                        (header::CONTENT_TYPE, kind),
                        (header::CONTENT_SECURITY_POLICY, POLICY),
                        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                        (header::REFERRER_POLICY, "no-referrer"),
                        (header::CACHE_CONTROL, "no-cache"),
                    ],
                    body,
                )
                    .into_response()
            });
            (path, handler)
        })
        .collect()
}
