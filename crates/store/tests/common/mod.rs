//! Fixtures shared by the integration tests: small invented news documents.
#![allow(dead_code)]

use tidings_model::{Article, DocId, Hints, MediaType, Origin, RawDoc, Span};
use tidings_store::Put;

/// A raw document and its article, as `ingest` and `clean` would hand them over.
#[derive(Debug, Clone)]
pub struct Doc {
    pub raw: RawDoc,
    pub article: Article,
}

impl Doc {
    /// A plain-text document: the title line, then the paragraphs.
    pub fn new(title: &str, paragraphs: &[&str]) -> Doc {
        let text = paragraphs.join("\n\n");
        let bytes = format!("{title}\n\n{text}\n").into_bytes();
        let id = DocId::of_bytes(&bytes);
        let mut spans = Vec::new();
        let mut start = 0;
        for paragraph in paragraphs {
            spans.push(Span::new(start, start + paragraph.len()));
            start += paragraph.len() + 2;
        }
        Doc {
            raw: RawDoc {
                id: id.clone(),
                origin: Origin {
                    path: Some(format!("crawl/{}.txt", &id.as_str()[..8])),
                    record: None,
                    offset: None,
                },
                fetched: None,
                media_type: MediaType::Text,
                encoding: "utf-8".into(),
                hints: Hints::default(),
                bytes,
                text: String::new(),
            },
            article: Article {
                id,
                title: Some(title.to_string()),
                lede: paragraphs.first().map(|p| p.to_string()),
                lang: Some("en".into()),
                published: None,
                site: None,
                url: None,
                authors: vec![],
                text,
                paragraphs: spans,
                removed: vec![],
            },
        }
    }

    /// The same document credited to `site`.
    pub fn on_site(mut self, site: &str) -> Doc {
        self.article.site = Some(site.to_string());
        self
    }

    /// The document's id.
    pub fn id(&self) -> &DocId {
        &self.raw.id
    }

    /// A batch item without site blocks.
    pub fn put(&self) -> Put<'_> {
        Put {
            raw: &self.raw,
            article: &self.article,
            site_key: None,
            fingerprints: &[],
        }
    }
}

/// Four short articles about invented happenings.
pub fn corpus() -> Vec<Doc> {
    vec![
        Doc::new(
            "Ferry strike ends in Portavel",
            &[
                "Crews of the Harbour Authority of Portavel returned to work on Tuesday after a nine-day strike.",
                "The first ferry to Velmora left at dawn, carrying mostly commuters and two lorries of fish.",
            ],
        )
        .on_site("Portavel Courier"),
        Doc::new(
            "Velmora council approves new lighthouse budget",
            &[
                "The council of Velmora voted seven to two to repair the old lighthouse on Gull Point.",
                "Councillor Ina Roskov said the ferry lanes needed a working light before winter.",
            ],
        )
        .on_site("Velmora Post"),
        Doc::new(
            "Storm closes the Velmora bridge",
            &[
                "Winds of 120 km/h closed the Velmora bridge for six hours on Sunday night.",
                "The Harbour Authority said no ship was damaged, and the bridge reopened at noon.",
            ],
        )
        .on_site("Velmora Post"),
        Doc::new(
            "Kücük café wins the Portavel pastry prize",
            &[
                "The Kücük café on Quay Street took the Portavel pastry prize with a honey and walnut roll.",
                "Its owner, Defne Arslan, thanked the bakers of the old market.",
            ],
        )
        .on_site("Portavel Courier"),
    ]
}
