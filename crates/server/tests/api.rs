//! The API against a store built from the example corpus (`examples/corpus`,
//! invented articles) through the engine's ingest: every route, its paging
//! and its errors. Bad input always gets a 4xx with a JSON `{error, detail}`,
//! never a 500.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use serde_json::Value;
use tidings_server::{router, ServerConfig, OPENAPI, ROUTES};
use tidings_store::Store;
use tower::ServiceExt;

use common::corpus_store;

fn app() -> Router {
    router(&ServerConfig::new(corpus_store().to_path_buf())).unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Sends `request` and returns the status and the body as JSON.
fn send(app: &Router, request: Request<Body>) -> (StatusCode, Value) {
    let response = runtime().block_on(app.clone().oneshot(request)).unwrap();
    let status = response.status();
    let bytes = runtime()
        .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
        .unwrap();
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|err| panic!("{status}: not JSON ({err}): {bytes:?}"));
    (status, body)
}

fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    send(app, Request::get(uri).body(Body::empty()).unwrap())
}

/// `uri` answers 200; the body.
fn ok(app: &Router, uri: &str) -> Value {
    let (status, body) = get(app, uri);
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    body
}

/// `uri` answers `status` with a JSON error of code `code`; its detail.
fn fails(app: &Router, uri: &str, status: StatusCode, code: &str) -> String {
    let (got, body) = get(app, uri);
    assert_eq!(got, status, "{uri}: {body}");
    assert_eq!(body["error"], code, "{uri}: {body}");
    let detail = body["detail"].as_str().unwrap_or_default().to_string();
    assert!(!detail.is_empty(), "{uri}: {body}");
    detail
}

fn items(page: &Value) -> &Vec<Value> {
    page["items"].as_array().expect("a page has items")
}

#[test]
fn every_route_is_in_the_openapi_document_and_nothing_else() {
    let doc: Value = serde_json::from_str(OPENAPI).unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    let paths = doc["paths"].as_object().unwrap();
    for (method, path) in ROUTES {
        assert!(
            paths
                .get(*path)
                .and_then(|p| p.get(method.to_lowercase()))
                .is_some(),
            "{method} {path} is not in openapi.json"
        );
    }
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            assert!(
                ROUTES.contains(&(method.to_uppercase().as_str(), path.as_str())),
                "openapi.json documents {method} {path}, which the router lacks"
            );
        }
    }
    assert_eq!(ok(&app(), "/api/openapi.json"), doc);
}

#[test]
fn health_and_stats() {
    let app = app();
    assert_eq!(ok(&app, "/api/health")["status"], "ok");
    let stats = ok(&app, "/api/stats");
    assert_eq!(stats["articles"], 16);
    assert!(stats["entities"].as_u64().unwrap() > 10, "{stats}");
    fails(
        &app,
        "/api/stats?x=1",
        StatusCode::BAD_REQUEST,
        "bad-parameter",
    );
}

#[test]
fn search_ranks_pages_and_refuses_a_missing_query() {
    let app = app();
    let all = ok(&app, "/api/search?q=Velmora%20strike");
    let hits = items(&all);
    assert!(
        hits.len() >= 4,
        "the Velmora strike story has four articles: {all}"
    );
    assert!(hits[0]["snippet"].as_str().unwrap().contains("[Velmora]"));
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");

    let first = ok(&app, "/api/search?q=Velmora+strike&limit=2");
    assert_eq!(items(&first).len(), 2);
    assert_eq!(first["next_offset"], 2);
    let second = ok(&app, "/api/search?q=Velmora+strike&limit=2&offset=2");
    assert_eq!(items(&second)[0]["id"], hits[2]["id"]);
    let past = ok(&app, "/api/search?q=Velmora+strike&offset=500");
    assert!(items(&past).is_empty());
    assert_eq!(past["next_offset"], Value::Null);

    fails(
        &app,
        "/api/search",
        StatusCode::BAD_REQUEST,
        "bad-parameter",
    );
    fails(
        &app,
        "/api/search?q=%20%20",
        StatusCode::BAD_REQUEST,
        "bad-parameter",
    );
    fails(
        &app,
        "/api/search?q=%22%22",
        StatusCode::BAD_REQUEST,
        "bad-parameter",
    );
    fails(
        &app,
        "/api/search?q=x&q=y",
        StatusCode::BAD_REQUEST,
        "bad-parameter",
    );
    let detail = fails(
        &app,
        "/api/search?query=x",
        StatusCode::BAD_REQUEST,
        "bad-parameter",
    );
    assert!(detail.contains("q, limit, offset"), "{detail}");
}

#[test]
fn limits_and_offsets_are_checked() {
    let app = app();
    for uri in [
        "/api/events?limit=-1",
        "/api/events?limit=0",
        "/api/events?limit=101",
        "/api/events?limit=ten",
        "/api/quotes?offset=-1",
        "/api/figures?offset=10001",
        "/api/entities?limit=1e3",
        "/api/stories?limit=99999999999999999999999",
    ] {
        fails(&app, uri, StatusCode::BAD_REQUEST, "bad-parameter");
    }
    let page = ok(&app, "/api/entities?limit=100");
    assert_eq!(page["limit"], 100);
}

#[test]
fn an_article_has_its_parts_with_spans_and_no_file_path() {
    let app = app();
    let hits = ok(&app, "/api/search?q=Dockworkers%20night-shift");
    let id = items(&hits)[0]["id"].as_str().unwrap().to_string();
    let article = ok(&app, &format!("/api/articles/{id}"));
    assert_eq!(article["id"], id.as_str());
    assert_eq!(
        article["title"],
        "Dockworkers in Velmora walk out over night-shift pay"
    );
    let text = article["text"].as_str().unwrap();
    for part in ["paragraphs", "mentions", "sentences"] {
        let list = article[part].as_array().unwrap();
        assert!(!list.is_empty(), "{part}");
        for item in list {
            let (start, end) = (
                item["start"].as_u64().unwrap(),
                item["end"].as_u64().unwrap(),
            );
            assert_eq!(&text[start as usize..end as usize], item["text"], "{part}");
        }
    }
    assert!(article["removed"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["reason"].is_string()));
    let quotes = article["quotes"].as_array().unwrap();
    assert!(!quotes.is_empty(), "the strike article quotes people");
    assert!(quotes.iter().all(|q| q["span"]["start"].is_u64()));
    let links = article["entity_links"].as_array().unwrap();
    assert_eq!(links.len(), article["entities"].as_array().unwrap().len());
    // The file the article was read from stays on the server.
    assert_eq!(article["source"].get("path"), None);
    let whole = article.to_string();
    assert!(
        !whole.contains("examples/corpus") && !whole.contains(".txt"),
        "{whole}"
    );

    // A unique prefix finds it too.
    assert_eq!(
        ok(&app, &format!("/api/articles/{}", &id[..8]))["id"],
        id.as_str()
    );
    let detail = fails(
        &app,
        "/api/articles/ffffffffffffffffffffffffffffffff",
        StatusCode::NOT_FOUND,
        "not-found",
    );
    assert!(detail.contains("/api/search"), "{detail}");
    fails(
        &app,
        "/api/articles/nosuch",
        StatusCode::BAD_REQUEST,
        "bad-parameter",
    );
    fails(
        &app,
        "/api/articles/%FF%FE",
        StatusCode::BAD_REQUEST,
        "bad-parameter",
    );
}

#[test]
fn entities_are_listed_found_and_shown() {
    let app = app();
    let people = ok(&app, "/api/entities?kind=person");
    assert!(items(&people).iter().all(|e| e["kind"] == "person"));
    assert!(!items(&people).is_empty());
    let found = ok(&app, "/api/entities?q=harbour%20authority");
    let authority = items(&found)
        .first()
        .unwrap_or_else(|| panic!("{found}"))
        .clone();
    assert!(authority["name"]
        .as_str()
        .unwrap()
        .starts_with("Harbour Authority"));
    assert_eq!(authority["articles"], 4);

    let id = authority["id"].as_i64().unwrap();
    let entity = ok(&app, &format!("/api/entities/{id}"));
    assert_eq!(entity["entity"]["id"], id);
    let timeline = entity["timeline"].as_array().unwrap();
    assert!(!timeline.is_empty(), "{entity}");
    let per_day: u64 = timeline.iter().map(|d| d[1].as_u64().unwrap()).sum();
    assert_eq!(
        per_day + entity["undated"].as_u64().unwrap(),
        authority["mentions"].as_u64().unwrap()
    );
    assert!(!entity["co_occurring"].as_array().unwrap().is_empty());
    assert!(entity["quotes"].is_array());
    let one = ok(&app, &format!("/api/entities/{id}?limit=1"));
    assert_eq!(one["mentions"].as_array().unwrap().len(), 1);

    fails(
        &app,
        "/api/entities?kind=dog",
        StatusCode::BAD_REQUEST,
        "bad-parameter",
    );
    fails(
        &app,
        "/api/entities/999999",
        StatusCode::NOT_FOUND,
        "not-found",
    );
    fails(
        &app,
        "/api/entities/abc",
        StatusCode::BAD_REQUEST,
        "bad-parameter",
    );
    let none = ok(&app, "/api/entities?q=zzzqqq");
    assert!(items(&none).is_empty());
}

#[test]
fn events_filter_by_actor_code_day_and_place_with_evidence() {
    let app = app();
    let all = ok(&app, "/api/events?min_confidence=0&limit=100");
    let events = items(&all);
    assert!(!events.is_empty());
    assert!(events
        .iter()
        .all(|e| !e["evidence"].as_array().unwrap().is_empty()));

    // The example corpus has no event that happens somewhere named: a
    // store of its own has ("held talks in Portavel").
    let placed = router(&ServerConfig::new(common::placed_store())).unwrap();
    let placed_events = ok(&placed, "/api/events?min_confidence=0&limit=100");
    let with_place = items(&placed_events)
        .iter()
        .find(|e| e["place"].is_string())
        .cloned()
        .expect("an event with a place");
    let place = with_place["place"].as_str().unwrap();
    assert_eq!(place, "Portavel");
    let by_place = ok(
        &placed,
        &format!(
            "/api/events?min_confidence=0&place={}",
            place.replace(' ', "%20")
        ),
    );
    assert!(!items(&by_place).is_empty());
    assert!(items(&by_place)
        .iter()
        .all(|e| e["place"].as_str().unwrap().contains(place)));
    let elsewhere = ok(&placed, "/api/events?min_confidence=0&place=Kerra");
    assert!(items(&elsewhere).is_empty());

    let day = events
        .iter()
        .find_map(|e| e["date"].as_str())
        .unwrap()
        .to_string();
    let one_day = ok(
        &app,
        &format!("/api/events?min_confidence=0&since={day}&until={day}"),
    );
    assert!(!items(&one_day).is_empty());
    assert!(items(&one_day).iter().all(|e| e["date"] == day.as_str()));

    let cameo = events[0]["cameo"].as_str().unwrap();
    let by_code = ok(
        &app,
        &format!("/api/events?min_confidence=0&code={}", &cameo[..2]),
    );
    assert!(items(&by_code)
        .iter()
        .all(|e| e["cameo"].as_str().unwrap().starts_with(&cameo[..2])));

    for uri in [
        "/api/events?since=2026-1-1",
        "/api/events?until=2026-02-30",
        "/api/events?since=2026-03-05&until=2026-03-01",
        "/api/events?code=NOSUCH",
        "/api/events?min_confidence=2",
        "/api/events?actor=RUS&colour=red",
    ] {
        fails(&app, uri, StatusCode::BAD_REQUEST, "bad-parameter");
    }
}

#[test]
fn quotes_and_figures() {
    let app = app();
    let quotes = ok(&app, "/api/quotes");
    let first = items(&quotes)
        .first()
        .unwrap_or_else(|| panic!("{quotes}"))
        .clone();
    let speaker = items(&quotes)
        .iter()
        .find_map(|q| q["speaker"].as_str())
        .unwrap()
        .to_string();
    let by = ok(
        &app,
        &format!("/api/quotes?speaker={}", speaker.replace(' ', "%20")),
    );
    assert!(!items(&by).is_empty());
    assert!(first["text"].is_string() && first["cue"].is_string());

    let figures = ok(&app, "/api/figures");
    let kind = items(&figures)
        .first()
        .unwrap_or_else(|| panic!("{figures}"))["kind"]
        .as_str()
        .unwrap()
        .to_string();
    let of_kind = ok(&app, &format!("/api/figures?kind={}", kind.to_uppercase()));
    assert!(items(&of_kind).iter().all(|f| f["kind"] == kind.as_str()));
    fails(
        &app,
        "/api/figures?kind=dead",
        StatusCode::BAD_REQUEST,
        "bad-parameter",
    );
}

#[test]
fn stories_and_one_story() {
    let app = app();
    let stories = ok(&app, "/api/stories");
    let biggest = items(&stories)
        .first()
        .unwrap_or_else(|| panic!("{stories}"))
        .clone();
    assert!(biggest["articles"].as_u64().unwrap() >= 2, "{biggest}");
    let id = biggest["id"].as_u64().unwrap();
    let story = ok(&app, &format!("/api/stories/{id}"));
    assert_eq!(
        story["articles"].as_array().unwrap().len() as u64,
        biggest["articles"].as_u64().unwrap()
    );
    let newest = ok(&app, "/api/stories?order=newest&entity=Velmora");
    assert!(!items(&newest).is_empty());
    fails(
        &app,
        "/api/stories?order=oldest",
        StatusCode::BAD_REQUEST,
        "bad-parameter",
    );
    fails(
        &app,
        "/api/stories/999999",
        StatusCode::NOT_FOUND,
        "not-found",
    );
    fails(
        &app,
        "/api/stories/-1",
        StatusCode::BAD_REQUEST,
        "bad-parameter",
    );
}

#[test]
fn unknown_routes_methods_and_huge_query_strings_get_json_errors() {
    let app = app();
    fails(&app, "/api/nosuch", StatusCode::NOT_FOUND, "not-found");
    fails(&app, "/etc/passwd", StatusCode::NOT_FOUND, "not-found");
    let (status, body) = send(
        &app,
        Request::delete("/api/stats").body(Body::empty()).unwrap(),
    );
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::METHOD_NOT_ALLOWED, Some("method-not-allowed"))
    );

    // The longest URI a request can carry (the `http` crate stops at 64 KiB;
    // longer ones never reach a router: see the test with a real listener).
    let huge = format!("/api/search?q={}", "a".repeat(60_000));
    let detail = fails(&app, &huge, StatusCode::URI_TOO_LONG, "too-long");
    assert!(detail.contains("at most 8192"), "{detail}");
    // Just under the limit is served.
    let long = format!("/api/search?q={}", "a".repeat(8000));
    ok(&app, &long);
}

#[test]
fn a_real_listener_survives_a_10_mb_query_string() {
    use std::io::{Read, Write};
    let config = ServerConfig {
        addr: "127.0.0.1:0".parse().unwrap(),
        ..ServerConfig::new(corpus_store().to_path_buf())
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        tidings_server::serve(config, |addr| tx.send(addr).unwrap()).unwrap();
    });
    let addr = rx.recv().unwrap();
    let request = |target: &str| {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        // The server may answer and close before it read everything.
        let _ = stream.write_all(
            format!("GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        answer
    };
    let huge = request(&format!("/api/search?q={}", "a".repeat(10 * 1024 * 1024)));
    let status: u16 = huge
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status: {huge:.200}"));
    // hyper refuses a head this large (431, no body) before the router
    // sees it, and a URI past 64 KiB (414, no body); a query string past our
    // own limit but within those gets our JSON 414.
    assert!(matches!(status, 414 | 431), "{huge:.300}");
    let long = request(&format!("/api/search?q={}", "a".repeat(100_000)));
    assert!(long.starts_with("HTTP/1.1 414"), "{long:.300}");
    let past_ours = request(&format!("/api/search?q={}", "a".repeat(20_000)));
    assert!(past_ours.starts_with("HTTP/1.1 414"), "{past_ours:.300}");
    assert!(
        past_ours.contains("\"error\":\"too-long\""),
        "{past_ours:.300}"
    );
    let health = request("/api/health");
    assert!(health.starts_with("HTTP/1.1 200"), "{health:.300}");
}

#[test]
fn ingest_needs_to_be_allowed_and_the_token() {
    let app = app();
    let post = |app: &Router, token: Option<&str>, body: &str| {
        let mut request = Request::post("/api/ingest?name=note.txt");
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        send(app, request.body(Body::from(body.to_string())).unwrap())
    };
    let (status, body) = post(&app, Some("whatever"), "text");
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("ingest-off"))
    );

    let dir = tempfile::tempdir().unwrap();
    let config = ServerConfig {
        ingest_token: Some("s3cret-token-for-tests".into()),
        ..ServerConfig::new(dir.path().to_path_buf())
    };
    let app = router(&config).unwrap();
    let article = "Lighthouse keepers of Kerra strike\n\nThe lighthouse keepers of the Isle of Kerra stopped work on Monday, the Harbour Authority of Velmora said.";
    let (status, body) = post(&app, None, article);
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );
    let (status, body) = post(&app, Some("s3cret-token-for-test"), article);
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );
    let (status, body) = post(&app, Some("s3cret-token-for-tests"), "");
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    // Asked before the ingest: nothing, and the answer is kept...
    assert!(items(&ok(&app, "/api/search?q=lighthouse%20keepers")).is_empty());
    let (status, report) = post(&app, Some("s3cret-token-for-tests"), article);
    assert_eq!(status, StatusCode::CREATED, "{report}");
    assert_eq!(report["new"].as_array().unwrap().len(), 1);
    let (status, again) = post(&app, Some("s3cret-token-for-tests"), article);
    assert_eq!(
        (status, again["present"].as_u64()),
        (StatusCode::OK, Some(1))
    );
    // ...until the ingest empties the cache.
    let hits = ok(&app, "/api/search?q=lighthouse%20keepers");
    assert_eq!(items(&hits)[0]["id"], report["new"][0]);
    let bad_name = send(
        &app,
        Request::post("/api/ingest?name=../../etc/passwd")
            .header("authorization", "Bearer s3cret-token-for-tests")
            .body(Body::from("x"))
            .unwrap(),
    );
    assert_eq!(bad_name.0, StatusCode::BAD_REQUEST, "{}", bad_name.1);
}

#[test]
fn the_store_is_read_only_unless_ingest_is_allowed() {
    let store = tidings_engine::query::open_read_only(corpus_store()).unwrap();
    let snapshot = store.dedup_snapshot().unwrap();
    assert!(
        snapshot.is_some(),
        "the corpus ingest saved the clusterer's state"
    );
    let mut store = store;
    let err = store
        .save_dedup_snapshot(&snapshot.unwrap())
        .expect_err("a read-only store refuses writes");
    assert!(
        err.to_string().contains("readonly")
            || err.to_string().contains("read-only")
            || err.to_string().contains("query_only"),
        "{err}"
    );
    let missing = tempfile::tempdir().unwrap();
    let err = router(&ServerConfig::new(missing.path().to_path_buf())).expect_err("no store");
    assert!(
        err.to_string().contains("run `tidings ingest` first"),
        "{err}"
    );
}

#[test]
fn the_web_ui_is_served_from_the_binary_and_loads_nothing_from_elsewhere() {
    let app = app();
    for (path, kind, _) in tidings_server::UI_FILES {
        let response = runtime()
            .block_on(
                app.clone()
                    .oneshot(Request::get(*path).body(Body::empty()).unwrap()),
            )
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let headers = response.headers();
        assert_eq!(headers["content-type"], *kind, "{path}");
        let policy = headers["content-security-policy"].to_str().unwrap();
        assert!(policy.contains("default-src 'none'") && policy.contains("script-src 'self'"));
        let bytes = runtime()
            .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
            .unwrap();
        // The SVG namespace is a name, not a place anything is loaded from.
        let text = String::from_utf8(bytes.to_vec())
            .unwrap()
            .replace("http://www.w3.org/2000/svg", "");
        // No CDN, no font or script from another site.
        for outside in ["http://", "https://", "//cdn", "@import"] {
            assert!(!text.contains(outside), "{path} names {outside}");
        }
    }
    let page = runtime()
        .block_on(
            app.clone()
                .oneshot(Request::get("/").body(Body::empty()).unwrap()),
        )
        .unwrap();
    let html = runtime()
        .block_on(axum::body::to_bytes(page.into_body(), usize::MAX))
        .unwrap();
    let html = String::from_utf8_lossy(&html);
    assert!(html.contains(r#"<script src="/ui/app.js""#));
    assert!(html.contains(r#"id="q""#), "the search box");
}

#[test]
fn odd_input_never_gets_a_500() {
    let app = app();
    for uri in [
        "/api/search?q=%22unbalanced",
        "/api/search?q=NOT",
        "/api/search?q=OR%20OR%20NOT",
        "/api/search?q=*",
        "/api/search?q=NEAR(a%20b)",
        "/api/search?q=col:val",
        "/api/search?q=%00",
        "/api/search?q=%F0%9F%98%80",
        "/api/search?q=(((",
        "/api/search?q=a%ZZ",
        "/api/search?q=%FF%FE",
        "/api/entities/99999999999999999999",
        "/api/stories/18446744073709551616",
        "/api/articles/0000000",
        "/api/articles/..%2F..%2Fetc%2Fpasswd",
        "/api/events?code=%00",
        "/api/events?since=0000-01-01&until=9999-12-31",
        "/api/quotes?speaker=%25",
        "/api/entities?q=%25_",
        "/api/figures?kind=%E2%80%AE",
        "/api/stats?=",
        "/api/health?&&&",
    ] {
        let (status, body) = get(&app, uri);
        assert!(status.as_u16() < 500, "{uri}: {status} {body}");
        if !status.is_success() {
            assert!(
                body["error"].is_string() && body["detail"].is_string(),
                "{uri}: {body}"
            );
        }
    }
}

#[test]
fn a_kept_search_answer_is_dropped_when_another_process_writes_the_store() {
    let dir = tempfile::tempdir().unwrap();
    tidings_store::SqliteStore::open(dir.path()).unwrap();
    let app = router(&ServerConfig::new(dir.path().to_path_buf())).unwrap();
    assert!(items(&ok(&app, "/api/search?q=lighthouse")).is_empty());
    assert!(items(&ok(&app, "/api/search?q=lighthouse")).is_empty());
    // `tidings ingest` in another process, as far as SQLite can tell.
    let mut writer = tidings_store::SqliteStore::open(dir.path()).unwrap();
    let records = tidings_ingest::read_bytes(
        b"Kerra lighthouse relit\n\nThe lighthouse on the Isle of Kerra shone again on Friday."
            .to_vec(),
        tidings_model::Origin::default(),
        &tidings_ingest::IngestConfig::default(),
    );
    let pipeline = tidings_engine::Pipeline::new().unwrap();
    tidings_engine::ingest::ingest_records(&pipeline, &mut writer, records).unwrap();
    assert_eq!(items(&ok(&app, "/api/search?q=lighthouse")).len(), 1);
}

/// The watchlist alerts' RSS file in the store directory is served as
/// written at /api/alerts.rss; without one, a 404 that says how to make it.
#[test]
fn the_alerts_feed_is_published_when_there_is_one() {
    let dir = corpus_store().to_path_buf();
    let path = dir.join("alerts.xml");
    let _ = std::fs::remove_file(&path);
    let app = app();
    let detail = fails(&app, "/api/alerts.rss", StatusCode::NOT_FOUND, "not-found");
    assert!(detail.contains("rss = \"alerts.xml\""), "{detail}");
    let feed = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>tidings alerts</title><link>http://127.0.0.1:8080/</link><description>x</description></channel></rss>\n";
    std::fs::write(&path, feed).unwrap();
    let request = Request::get("/api/alerts.rss").body(Body::empty()).unwrap();
    let response = runtime().block_on(app.clone().oneshot(request)).unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "application/rss+xml; charset=utf-8"
    );
    let bytes = runtime()
        .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(&bytes[..], feed.as_bytes());
    fails(
        &app,
        "/api/alerts.rss?x=1",
        StatusCode::BAD_REQUEST,
        "bad-parameter",
    );
}

/// One alert as `tidings watch --rules` records it in `DIR/alerts.jsonl`.
fn alert_line(rule: &str, story: u64, fired: &str, title: &str) -> String {
    serde_json::json!({
        "rule": rule,
        "key": format!("{rule}/story/{story}"),
        "fired": fired,
        "story": story,
        "title": title,
        "sources": 2,
        "articles": ["a1", "b2"],
        "evidence": [{
            "article": "a1", "title": title, "url": "https://courier.example/a1",
            "site": "courier.example", "start": 0, "end": 31,
            "sentence": "Marta Ilves opened the new quay.", "matched": "entity Marta Ilves"
        }],
        "sent": ["stdout"]
    })
    .to_string()
}

/// `/api/alerts` lists what fired, newest first, paged, from `since`; a bad
/// date, a negative or zero limit, an unknown parameter are 400s.
#[test]
fn issue_14_the_alerts_that_fired_are_listed_newest_first_and_paged() {
    let dir = tempfile::tempdir().unwrap();
    tidings_store::SqliteStore::open(dir.path()).unwrap();
    let app = router(&ServerConfig::new(dir.path().to_path_buf())).unwrap();
    // None fired yet: an empty page, not an error.
    let page = ok(&app, "/api/alerts");
    assert!(items(&page).is_empty(), "{page}");

    let lines = [
        alert_line(
            "ilves",
            3,
            "2026-03-01T08:00:00Z",
            "Quay reopens in Velmora",
        ),
        alert_line(
            "strikes",
            5,
            "2026-03-04T09:00:00Z",
            "Port strike enters second day",
        ),
        alert_line(
            "ilves",
            8,
            "2026-03-05T10:00:00Z",
            "Ferry to Kerra sails again",
        ),
    ];
    std::fs::write(dir.path().join("alerts.jsonl"), lines.join("\n") + "\n").unwrap();
    let page = ok(&app, "/api/alerts");
    let stories: Vec<u64> = items(&page)
        .iter()
        .map(|alert| alert["story"].as_u64().unwrap())
        .collect();
    assert_eq!(stories, [8, 5, 3]);
    assert_eq!(
        items(&page)[0]["evidence"][0]["matched"],
        "entity Marta Ilves"
    );
    assert_eq!(items(&page)[0]["fired"], "2026-03-05T10:00:00Z");
    assert_eq!(page["next_offset"], Value::Null);

    let page = ok(&app, "/api/alerts?since=2026-03-04");
    assert_eq!(items(&page).len(), 2, "{page}");
    let page = ok(&app, "/api/alerts?since=2026-03-04T09:30:00Z");
    assert_eq!(items(&page).len(), 1, "{page}");
    // Every alert fired long before two days ago.
    assert!(items(&ok(&app, "/api/alerts?since=2d")).is_empty());

    let first = ok(&app, "/api/alerts?limit=1");
    assert_eq!(items(&first).len(), 1);
    assert_eq!(items(&first)[0]["story"], 8);
    assert_eq!(first["next_offset"], 1);
    let second = ok(&app, "/api/alerts?limit=1&offset=1");
    assert_eq!(items(&second)[0]["story"], 5);

    let detail = fails(
        &app,
        "/api/alerts?since=2026-02-30",
        StatusCode::BAD_REQUEST,
        "bad-parameter",
    );
    assert!(
        detail.starts_with("since: ") && detail.contains("give a day"),
        "{detail}"
    );
    fails(
        &app,
        "/api/alerts?since=soon",
        StatusCode::BAD_REQUEST,
        "bad-parameter",
    );
    let detail = fails(
        &app,
        "/api/alerts?limit=-1",
        StatusCode::BAD_REQUEST,
        "bad-parameter",
    );
    assert!(detail.contains("from 1 to 100"), "{detail}");
    fails(
        &app,
        "/api/alerts?limit=0",
        StatusCode::BAD_REQUEST,
        "bad-parameter",
    );
    fails(
        &app,
        "/api/alerts?offset=-5",
        StatusCode::BAD_REQUEST,
        "bad-parameter",
    );
    fails(
        &app,
        "/api/alerts?rules=x",
        StatusCode::BAD_REQUEST,
        "bad-parameter",
    );
}
