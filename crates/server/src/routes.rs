//! The routes: one handler each, a few lines over `tidings_engine` and the
//! store. Each names the query parameters it takes ([`Params`]), reads on
//! the blocking pool with a read-only connection, and answers JSON.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Json;
use serde_json::{json, Value};
use tidings_engine::filters;
use tidings_engine::query;
use tidings_engine::view::ArticleView;
use tidings_model::{EntityKind, Origin};
use tidings_store::{EventFilter, Store, StoryFilter, StoryOrder};

use crate::error::ApiError;
use crate::params::{shorten, Params};
use crate::{read, App, OPENAPI};

/// Every route as (method, path), in the order the API document lists them.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/api/health"),
    ("GET", "/api/openapi.json"),
    ("GET", "/api/stats"),
    ("GET", "/api/search"),
    ("GET", "/api/articles/{id}"),
    ("GET", "/api/stories"),
    ("GET", "/api/stories/{id}"),
    ("GET", "/api/entities"),
    ("GET", "/api/entities/{id}"),
    ("GET", "/api/events"),
    ("GET", "/api/quotes"),
    ("GET", "/api/figures"),
    ("GET", "/api/alerts"),
    ("GET", "/api/alerts.rss"),
    ("POST", "/api/ingest"),
];

/// One route of the router.
pub(crate) struct Route {
    pub path: &'static str,
    pub handler: MethodRouter<App>,
}

/// The handler of each of [`ROUTES`].
pub(crate) fn table() -> Vec<Route> {
    ROUTES
        .iter()
        .map(|&(_, path)| Route {
            path,
            handler: match path {
                "/api/health" => get(health),
                "/api/openapi.json" => get(openapi),
                "/api/stats" => get(stats),
                "/api/search" => get(search),
                "/api/articles/{id}" => get(article),
                "/api/stories" => get(stories),
                "/api/stories/{id}" => get(story),
                "/api/entities" => get(entities),
                "/api/entities/{id}" => get(entity),
                "/api/events" => get(events),
                "/api/quotes" => get(quotes),
                "/api/figures" => get(figures),
                "/api/alerts" => get(alerts),
                "/api/alerts.rss" => get(alerts_rss),
                _ => post(ingest),
            },
        })
        .collect()
}

type QueryParams = Result<Query<Vec<(String, String)>>, QueryRejection>;
type Answer = Result<Json<Value>, ApiError>;

/// A value as JSON, or an internal error.
fn to_json(value: &impl serde::Serialize) -> Result<Value, ApiError> {
    serde_json::to_value(value).map_err(ApiError::internal)
}

/// The `{id}` of a path, or a 400.
fn path_id(path: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    path.map(|Path(id)| id)
        .map_err(|err| ApiError::bad_parameter(format!("bad id in the path: {}", err.body_text())))
}

async fn health(query: QueryParams) -> Answer {
    Params::new(query, &[])?;
    Ok(Json(
        json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")}),
    ))
}

async fn openapi(query: QueryParams) -> Result<impl IntoResponse, ApiError> {
    Params::new(query, &[])?;
    Ok(([(header::CONTENT_TYPE, "application/json")], OPENAPI))
}

/// The watchlist alerts that fired (`DIR/alerts.jsonl`, what `tidings
/// alerts` lists), newest first, paged; `since` a day, an instant or a
/// time back.
async fn alerts(State(app): State<App>, query: QueryParams) -> Answer {
    let params = Params::new(query, &["since", "limit", "offset"])?;
    let from = params.parsed("since", |text| {
        tidings_alert::log::since(text, jiff::Timestamp::now())
    })?;
    let page = params.page(&app.limits, 50)?;
    let dir = app.readers.db.clone();
    let fired = tokio::task::spawn_blocking(move || tidings_alert::AlertLog::all(&dir))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let listed = query::paged(page, |limit| {
        Ok::<_, ApiError>(
            fired
                .into_iter()
                .rev()
                .filter(|alert| from.is_none_or(|from| alert.fired >= from))
                .take(limit)
                .collect::<Vec<_>>(),
        )
    })?;
    Ok(Json(to_json(&listed)?))
}

/// The RSS file of watchlist alerts in the store directory, as written.
async fn alerts_rss(State(app): State<App>, query: QueryParams) -> Result<Response, ApiError> {
    Params::new(query, &[])?;
    let path = app.readers.db.join("alerts.xml");
    let read = tokio::task::spawn_blocking(move || std::fs::read(path))
        .await
        .map_err(ApiError::internal)?;
    match read {
        Ok(bytes) => Ok((
            [(header::CONTENT_TYPE, "application/rss+xml; charset=utf-8")],
            bytes,
        )
            .into_response()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Err(ApiError::not_found(
            "no alerts feed: give the rules file rss = \"alerts.xml\" and run tidings watch --rules or tidings alerts check",
        )),
        Err(err) => Err(ApiError::internal(err)),
    }
}

async fn stats(State(app): State<App>, query: QueryParams) -> Answer {
    Params::new(query, &[])?;
    let stats = read(&app, |store| Ok(store.stats()?)).await?;
    Ok(Json(to_json(&stats)?))
}

async fn search(State(app): State<App>, query: QueryParams) -> Result<Response, ApiError> {
    let params = Params::new(query, &["q", "limit", "offset"])?;
    let q = params.required("q")?.to_string();
    let page = params.page(&app.limits, 10)?;
    let key = format!("{}\u{0}{}\u{0}{q}", page.offset, page.limit);
    let answer = match app.cached(&key) {
        Some(answer) => answer,
        None => {
            let hits = read(&app, move |store| Ok(query::search_page(store, &q, page)?)).await?;
            let answer = Bytes::from(serde_json::to_vec(&hits).map_err(ApiError::internal)?);
            app.keep(key, answer.clone());
            answer
        }
    };
    Ok(([(header::CONTENT_TYPE, "application/json")], answer).into_response())
}

async fn article(
    State(app): State<App>,
    id: Result<Path<String>, PathRejection>,
    query: QueryParams,
) -> Answer {
    Params::new(query, &[])?;
    let id = path_id(id)?;
    read(&app, move |store| {
        let Some(mut record) = query::article(store, &id)? else {
            return Err(ApiError::not_found(format!(
                "no article with id {:?}: /api/search finds ids",
                shorten(&id)
            )));
        };
        // The file it was read from stays on the server.
        record.stored.origin = Origin {
            path: None,
            ..record.stored.origin.clone()
        };
        let view = ArticleView::new(
            &record.stored,
            &record.annotations,
            &record.facts,
            record.placement.as_ref(),
        );
        let mut value = to_json(&view)?;
        value["entity_links"] = to_json(&record.links)?;
        Ok(Json(value))
    })
    .await
}

async fn stories(State(app): State<App>, query: QueryParams) -> Answer {
    let params = Params::new(
        query,
        &["since", "until", "entity", "order", "limit", "offset"],
    )?;
    let filter = StoryFilter {
        since: params.parsed("since", filters::day)?,
        until: params.parsed("until", filters::day)?,
        entity: params.get("entity").map(str::to_string),
    };
    check_range(filter.since, filter.until)?;
    let order = params
        .parsed("order", |text| match text {
            "biggest" => Ok(StoryOrder::Biggest),
            "newest" => Ok(StoryOrder::Newest),
            _ => Err(format!(
                "{:?} is not an order: use biggest or newest",
                shorten(text)
            )),
        })?
        .unwrap_or(StoryOrder::Biggest);
    let page = params.page(&app.limits, 50)?;
    let stories = read(&app, move |store| {
        Ok(query::paged(page, |limit| {
            store.stories(&filter, order, limit)
        })?)
    })
    .await?;
    Ok(Json(to_json(&stories)?))
}

async fn story(
    State(app): State<App>,
    id: Result<Path<String>, PathRejection>,
    query: QueryParams,
) -> Answer {
    Params::new(query, &[])?;
    let text = path_id(id)?;
    let id: u64 = text.parse().map_err(|_| {
        ApiError::bad_parameter(format!(
            "bad story id {:?}: a story is a whole number, as /api/stories lists them",
            shorten(&text)
        ))
    })?;
    read(&app, move |store| match store.story(id)? {
        Some(detail) => Ok(Json(to_json(&detail)?)),
        None => Err(ApiError::not_found(format!(
            "no story {id}: /api/stories lists them"
        ))),
    })
    .await
}

async fn entities(State(app): State<App>, query: QueryParams) -> Answer {
    let params = Params::new(query, &["kind", "q", "limit", "offset"])?;
    let kind = params.parsed("kind", |text| {
        EntityKind::parse(text).ok_or_else(|| {
            format!(
                "unknown kind {:?}: use person, organisation, location or other",
                shorten(text)
            )
        })
    })?;
    let name = params.get("q").map(str::to_string);
    let page = params.page(&app.limits, 50)?;
    let entities = read(&app, move |store| {
        Ok(query::paged(page, |limit| match &name {
            Some(name) => store.find_entities(kind, name, limit),
            None => store.entities(kind, limit),
        })?)
    })
    .await?;
    Ok(Json(to_json(&entities)?))
}

async fn entity(
    State(app): State<App>,
    id: Result<Path<String>, PathRejection>,
    query: QueryParams,
) -> Answer {
    let params = Params::new(query, &["limit"])?;
    let limit = params.page(&app.limits, 20)?.limit;
    let text = path_id(id)?;
    let id: i64 = text.parse().map_err(|_| {
        ApiError::bad_parameter(format!(
            "bad entity id {:?}: an entity is a whole number, as /api/entities lists them",
            shorten(&text)
        ))
    })?;
    read(&app, move |store| {
        let Some(detail) = store.entity_by_id(id, limit)? else {
            return Err(ApiError::not_found(format!(
                "no entity {id}: /api/entities lists them"
            )));
        };
        let quotes = store.quotes(Some(&detail.entity.name), limit)?;
        let mut value = to_json(&detail)?;
        value["quotes"] = to_json(&quotes)?;
        Ok(Json(value))
    })
    .await
}

async fn events(State(app): State<App>, query: QueryParams) -> Answer {
    let params = Params::new(
        query,
        &[
            "actor",
            "code",
            "since",
            "until",
            "place",
            "min_confidence",
            "limit",
            "offset",
        ],
    )?;
    let min_confidence = params
        .parsed("min_confidence", |text| match text.parse::<f32>() {
            Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
            _ => Err(format!(
                "{:?} is not a confidence: give a number from 0 to 1",
                shorten(text)
            )),
        })?
        .unwrap_or(filters::DEFAULT_MIN_CONFIDENCE);
    let filter = EventFilter {
        actor: params.get("actor").map(str::to_string),
        code: params.parsed("code", filters::event_code)?,
        since: params.parsed("since", filters::day)?,
        until: params.parsed("until", filters::day)?,
        min_confidence: (min_confidence > 0.0).then_some(min_confidence),
        place: params.get("place").map(str::to_string),
    };
    check_range(filter.since, filter.until)?;
    let page = params.page(&app.limits, 50)?;
    let events = read(&app, move |store| {
        Ok(query::paged(page, |limit| store.events(&filter, limit))?)
    })
    .await?;
    Ok(Json(to_json(&events)?))
}

async fn quotes(State(app): State<App>, query: QueryParams) -> Answer {
    let params = Params::new(query, &["speaker", "limit", "offset"])?;
    let speaker = params.get("speaker").map(str::to_string);
    let page = params.page(&app.limits, 50)?;
    let quotes = read(&app, move |store| {
        Ok(query::paged(page, |limit| {
            store.quotes(speaker.as_deref(), limit)
        })?)
    })
    .await?;
    Ok(Json(to_json(&quotes)?))
}

async fn figures(State(app): State<App>, query: QueryParams) -> Answer {
    let params = Params::new(query, &["kind", "limit", "offset"])?;
    let kind = params.parsed("kind", filters::figure_kind)?;
    let page = params.page(&app.limits, 50)?;
    let figures = read(&app, move |store| {
        Ok(query::paged(page, |limit| {
            store.figures(kind.as_deref(), limit)
        })?)
    })
    .await?;
    Ok(Json(to_json(&figures)?))
}

/// `since` after `until` can match nothing: a 400, not an empty list.
fn check_range(
    since: Option<jiff::civil::Date>,
    until: Option<jiff::civil::Date>,
) -> Result<(), ApiError> {
    match (since, until) {
        (Some(since), Some(until)) if since > until => Err(ApiError::bad_parameter(format!(
            "since ({since}) is after until ({until}): nothing can match"
        ))),
        _ => Ok(()),
    }
}

/// `POST /api/ingest?name=FILE`: the body (HTML, text, JSONL, WARC …) through
/// the same pipeline as `tidings ingest`, with `Authorization: Bearer TOKEN`.
async fn ingest(
    State(app): State<App>,
    headers: HeaderMap,
    query: QueryParams,
    body: Result<Bytes, BytesRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Some(_) = &app.ingest else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "ingest-off",
            "ingest is off: start the server with --allow-ingest --token TOKEN",
        ));
    };
    authorize(&app, &headers)?;
    let params = Params::new(query, &["name"])?;
    let name = params
        .parsed("name", |text| {
            let fine = text.len() <= 100
                && text
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
            if fine {
                Ok(text.to_string())
            } else {
                Err("give a file name of letters, digits, '.', '-' and '_' (at most 100), e.g. page.html".to_string())
            }
        })?
        .unwrap_or_else(|| "upload".to_string());
    let body = body.map_err(|err| {
        ApiError::new(
            err.status(),
            "bad-body",
            format!("cannot read the body: {}", err.body_text()),
        )
    })?;
    if body.is_empty() {
        return Err(ApiError::bad_parameter(
            "the body is empty: send the document (HTML, text, JSONL or WARC) as the body",
        ));
    }
    let app = Arc::clone(&app);
    let report = tokio::task::spawn_blocking(move || {
        let Some(ingest) = &app.ingest else {
            return Err(ApiError::internal("ingest vanished"));
        };
        let origin = Origin {
            path: Some(name),
            ..Origin::default()
        };
        let records = tidings_ingest::read_bytes(
            body.to_vec(),
            origin,
            &tidings_ingest::IngestConfig::default(),
        );
        let mut writer = ingest
            .writer
            .lock()
            .map_err(|_| ApiError::internal("the store writer failed in an earlier request"))?;
        let report =
            tidings_engine::ingest::ingest_records(&ingest.pipeline, &mut *writer, records)
                .map_err(ApiError::internal);
        // Kept search answers may miss what was just stored.
        app.forget();
        report
    })
    .await
    .map_err(ApiError::internal)??;
    let status = if report.new.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(to_json(&report)?)))
}

/// The request's `Authorization: Bearer TOKEN` is the server's token.
fn authorize(app: &App, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(ingest) = &app.ingest else {
        return Err(ApiError::unauthorized("ingest is off"));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .ok_or_else(|| {
            ApiError::unauthorized("missing token: send the header Authorization: Bearer TOKEN")
        })?;
    if same(given.as_bytes(), ingest.token.as_bytes()) {
        Ok(())
    } else {
        Err(ApiError::unauthorized(
            "wrong token: send the token the server was started with",
        ))
    }
}

/// Compares two secrets in a time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
