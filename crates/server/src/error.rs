//! Errors of the server, in one table: what a request did wrong (a bad
//! parameter, an unknown id, a missing token, too much) and what went wrong
//! inside, each with its HTTP status and a stable code, sent as JSON
//! `{"error": CODE, "detail": WHAT TO DO}`. No file-system path ever goes
//! into a response: store errors that carry one are logged and answered
//! with a generic detail.

use std::net::SocketAddr;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store could not be opened.
    #[error("cannot open the store: {0}")]
    Store(#[from] tidings_store::Error),
    /// The pipeline for `POST /api/ingest` could not be built.
    #[error("{0}")]
    Engine(#[from] tidings_engine::Error),
    /// The address could not be listened on.
    #[error("cannot listen on {addr}: {source} (is another server using the port? pass --addr)")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The async runtime or the listener failed.
    #[error("the server stopped: {0}")]
    Io(#[source] std::io::Error),
}

/// What one request gets when it cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A stable code for programs (`bad-parameter`, `not-found` …).
    pub code: &'static str,
    /// What went wrong and what to do, for people.
    pub detail: String,
}

impl ApiError {
    /// 400: a parameter the request gave is not allowed.
    pub fn bad_parameter(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad-parameter", detail)
    }

    /// 404: nothing has this id (or there is no such route).
    pub fn not_found(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not-found", detail)
    }

    /// 401: the request lacks the right token.
    pub fn unauthorized(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", detail)
    }

    /// 500: something failed inside; `why` goes to the server's log only.
    pub fn internal(why: impl std::fmt::Display) -> ApiError {
        eprintln!("tidings serve: internal error: {why}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the server could not answer this request; its log says why",
        )
    }

    /// Any status, code and detail.
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            detail: detail.into(),
        }
    }
}

impl From<tidings_store::Error> for ApiError {
    /// The user's mistakes the store finds (an empty query, a bad or
    /// ambiguous id; their messages hold no path) are 400; the rest is
    /// internal.
    fn from(err: tidings_store::Error) -> ApiError {
        use tidings_store::Error as E;
        match err {
            E::EmptyQuery { .. } | E::BadId { .. } | E::AmbiguousId { .. } => {
                ApiError::bad_parameter(err.to_string())
            }
            other => ApiError::internal(other),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": self.code, "detail": self.detail});
        (self.status, Json(body)).into_response()
    }
}
