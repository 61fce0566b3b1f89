//! Fixtures shared by the integration tests: small invented news documents.
#![allow(dead_code)]

mod backend;
// Not every test binary uses every fixture.
#[cfg(feature = "postgres")]
#[allow(unused_imports)]
pub use backend::pg;
#[allow(unused_imports)]
pub use backend::{Backend, TestStore, PG_VARIABLE};

use tidings_model::{
    Actor, Annotations, Article, DateSource, DocId, Entity, EntityKind, Event, Facts, Hints,
    MediaType, Mention, Origin, Placement, Published, RawDoc, Sentence, Span,
};
use tidings_store::Put;

/// A raw document and its article, as `ingest` and `clean` would hand them over.
#[derive(Debug, Clone)]
pub struct Doc {
    pub raw: RawDoc,
    pub article: Article,
    pub annotations: Annotations,
    pub facts: Facts,
    /// Where the dedup stage placed it (`None`: not placed).
    pub placement: Option<Placement>,
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
            annotations: Annotations::default(),
            facts: Facts::default(),
            placement: None,
        }
    }

    /// The same document published on `date` (`YYYY-MM-DD` or RFC 3339).
    pub fn published(mut self, date: &str) -> Doc {
        self.article.published = Some(Published::parse(date).unwrap());
        self
    }

    /// The same document annotated the way `nlp` would: sentences split after
    /// `.` and at paragraph breaks, tokens at whitespace, and every whole-word
    /// occurrence of an entity's name or aliases a mention of it (longest
    /// names first).
    pub fn naming(mut self, named: &[Named]) -> Doc {
        self.annotations = annotate(&self.article.text, named);
        self
    }

    /// The same document credited to `site`.
    pub fn on_site(mut self, site: &str) -> Doc {
        self.article.site = Some(site.to_string());
        self
    }

    /// The same document placed by the dedup stage as `placement` says.
    pub fn placed(mut self, placement: Placement) -> Doc {
        self.placement = Some(placement);
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
            annotations: &self.annotations,
            facts: &self.facts,
            placement: self.placement.as_ref(),
        }
    }

    /// The span of the first occurrence of `words` in the text.
    pub fn span_of(&self, words: &str) -> Span {
        let at = self
            .article
            .text
            .find(words)
            .unwrap_or_else(|| panic!("{words:?} is not in the text"));
        Span::new(at, at + words.len())
    }

    /// The span of the sentence (as `annotate` splits them) holding `span`.
    pub fn sentence_of(&self, span: Span) -> (usize, Span) {
        annotate(&self.article.text, &[])
            .sentences
            .iter()
            .enumerate()
            .find(|(_, s)| s.span.start <= span.start && span.end <= s.span.end)
            .map(|(i, s)| (i, s.span))
            .unwrap()
    }

    /// An event coded from the sentence holding `trigger` (its first
    /// occurrence), between actors with these codes, on `date`.
    pub fn event(
        &self,
        trigger: &str,
        cameo: &str,
        source: Option<&str>,
        target: Option<&str>,
        date: Option<&str>,
    ) -> Event {
        let trigger = self.span_of(trigger);
        let (sentence, span) = self.sentence_of(trigger);
        let actor = |code: Option<&str>| {
            code.map(|code| Actor {
                code: Some(code.to_string()),
                country: Some(code.chars().take(3).collect()),
                sector: (code.len() > 3).then(|| code[3..].to_string()),
                text: format!("the {code} side"),
                entity: None,
            })
        };
        let root = cameo.get(..2).unwrap_or(cameo).to_string();
        let (plover, quad_class, goldstein) = match root.as_str() {
            "03" => ("AGREE", 1, 4.5),
            "04" => ("CONSULT", 1, 1.0),
            "11" => ("ACCUSE", 3, -2.0),
            "14" => ("PROTEST", 3, -6.5),
            "19" => ("ASSAULT", 4, -10.0),
            _ => ("OTHER", 1, 0.0),
        };
        Event {
            source: actor(source),
            target: actor(target),
            plover: plover.to_string(),
            mode: None,
            cameo: cameo.to_string(),
            root,
            quad_class,
            goldstein,
            date: date.map(|date| date.parse().unwrap()),
            date_source: date.map(|_| DateSource::Sentence),
            place: None,
            sentence,
            span,
            trigger,
            confidence: 0.8,
        }
    }
}

/// An entity as a test document names it.
#[derive(Debug, Clone)]
pub struct Named {
    pub entity: Entity,
}

/// A person called `name`.
pub fn person(name: &str) -> Named {
    named(name, EntityKind::Person)
}

/// An organisation called `name`.
pub fn organisation(name: &str) -> Named {
    named(name, EntityKind::Organisation)
}

/// A place called `name`.
pub fn place(name: &str) -> Named {
    named(name, EntityKind::Location)
}

fn named(name: &str, kind: EntityKind) -> Named {
    Named {
        entity: Entity {
            name: name.to_string(),
            kind,
            aliases: vec![],
            country: None,
            roles: vec![],
            mentions: 0,
        },
    }
}

impl Named {
    /// Also called `alias` in the document.
    pub fn alias(mut self, alias: &str) -> Named {
        self.entity.aliases.push(alias.to_string());
        self
    }

    /// Of country `code`.
    pub fn country(mut self, code: &str) -> Named {
        self.entity.country = Some(code.to_string());
        self
    }

    /// Given role `role`.
    pub fn role(mut self, role: &str) -> Named {
        self.entity.roles.push(role.to_string());
        self
    }
}

/// Sentences, tokens and mentions of `text` for the entities `named`.
pub fn annotate(text: &str, named: &[Named]) -> Annotations {
    // Sentences end after ". " or at a paragraph break or the end.
    let mut sentences = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for i in 0..=bytes.len() {
        let end_here = i == bytes.len()
            || (bytes[i] == b'.' && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()))
            || (bytes[i] == b'\n' && bytes.get(i + 1) == Some(&b'\n'));
        if !end_here {
            continue;
        }
        let end = if i < bytes.len() && bytes[i] == b'.' {
            i + 1
        } else {
            i
        };
        let piece = &text[start..end];
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            let sentence_start = start + lead;
            let span = Span::new(sentence_start, sentence_start + trimmed.len());
            let mut tokens = Vec::new();
            let mut offset = sentence_start;
            for word in trimmed.split(' ') {
                if !word.is_empty() {
                    tokens.push(Span::new(offset, offset + word.len()));
                }
                offset += word.len() + 1;
            }
            sentences.push(Sentence { span, tokens });
        }
        start = end;
    }

    let mut surfaces: Vec<(&str, usize)> = Vec::new();
    for (i, named) in named.iter().enumerate() {
        surfaces.push((&named.entity.name, i));
        for alias in &named.entity.aliases {
            surfaces.push((alias, i));
        }
    }
    surfaces.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
    let mut found: Vec<(Span, usize)> = Vec::new();
    for (surface, entity) in surfaces {
        for (at, _) in text.match_indices(surface) {
            let span = Span::new(at, at + surface.len());
            let before = text[..at].chars().next_back();
            let after = text[span.end..].chars().next();
            let word = before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric());
            let free = found
                .iter()
                .all(|(other, _)| span.end <= other.start || other.end <= span.start);
            if word && free {
                found.push((span, entity));
            }
        }
    }
    found.sort();
    let mut entities: Vec<Entity> = named.iter().map(|named| named.entity.clone()).collect();
    let mentions = found
        .into_iter()
        .map(|(span, entity)| {
            entities[entity].mentions += 1;
            Mention {
                span,
                text: text[span.start..span.end].to_string(),
                kind: entities[entity].kind,
                sentence: sentences
                    .iter()
                    .position(|s: &Sentence| s.span.start <= span.start && span.end <= s.span.end)
                    .unwrap(),
                entity,
            }
        })
        .collect();
    Annotations {
        sentences,
        mentions,
        entities,
        dates: vec![],
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
