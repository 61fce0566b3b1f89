//! Placeholder: the glue that runs every part of the language layer on one article.

use tidings_model::{Annotations, Article};

/// The loaded models and tables of the language layer.
#[derive(Debug, Default)]
pub struct Annotator {}

impl Annotator {
    /// The bundled tagger and gazetteer.
    pub fn bundled() -> crate::Result<Annotator> {
        Ok(Annotator {})
    }
}

/// Runs the language layer on one article.
pub fn annotate(_article: &Article, _annotator: &Annotator) -> Annotations {
    Annotations::default()
}
