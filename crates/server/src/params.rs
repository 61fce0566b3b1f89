//! Query strings parsed into typed values. Every route names the parameters
//! it takes; an unknown, repeated or bad one is a 400 that says what is
//! allowed, never an empty result.

use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use tidings_engine::query::Page;

use crate::error::ApiError;
use crate::Limits;

/// The parameters of one request.
#[derive(Debug)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// The request's parameters, checked against the names `allowed`.
    pub fn new(
        query: Result<Query<Vec<(String, String)>>, QueryRejection>,
        allowed: &[&str],
    ) -> Result<Params, ApiError> {
        let Query(pairs) = query.map_err(|err| {
            ApiError::bad_parameter(format!("cannot read the query string: {}", err.body_text()))
        })?;
        for (i, (name, _)) in pairs.iter().enumerate() {
            if !allowed.contains(&name.as_str()) {
                let takes = if allowed.is_empty() {
                    "this route takes no parameter".to_string()
                } else {
                    format!("this route takes {}", allowed.join(", "))
                };
                return Err(ApiError::bad_parameter(format!(
                    "unknown parameter {:?}: {takes}",
                    shorten(name)
                )));
            }
            if pairs[..i].iter().any(|(earlier, _)| earlier == name) {
                return Err(ApiError::bad_parameter(format!(
                    "parameter {name:?} given twice: give it once"
                )));
            }
        }
        Ok(Params { pairs })
    }

    /// The value of `name`, if given and not blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim())
            .filter(|value| !value.is_empty())
    }

    /// The value of `name`, which the route needs.
    pub fn required(&self, name: &str) -> Result<&str, ApiError> {
        self.get(name).ok_or_else(|| {
            ApiError::bad_parameter(format!("missing parameter {name:?}: give ?{name}=…"))
        })
    }

    /// The value of `name` parsed by `parse` (whose error says what is allowed).
    pub fn parsed<T>(
        &self,
        name: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<Option<T>, ApiError> {
        self.get(name)
            .map(|text| {
                parse(text).map_err(|why| ApiError::bad_parameter(format!("{name}: {why}")))
            })
            .transpose()
    }

    /// `limit` (1 to the maximum, `default` when not given) and `offset`
    /// (0 to the maximum, 0 when not given).
    pub fn page(&self, limits: &Limits, default: usize) -> Result<Page, ApiError> {
        let limit = self
            .parsed("limit", |text| whole(text, 1, limits.max_page))?
            .unwrap_or(default.min(limits.max_page));
        let offset = self
            .parsed("offset", |text| whole(text, 0, limits.max_offset))?
            .unwrap_or(0);
        Ok(Page { offset, limit })
    }
}

/// A whole number from `min` to `max`.
pub fn whole(text: &str, min: usize, max: usize) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "{:?} is not allowed: give a whole number from {min} to {max}",
            shorten(text)
        )),
    }
}

/// At most 40 characters of what a request gave, for an error message.
pub fn shorten(text: &str) -> String {
    if text.chars().count() <= 40 {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(40).collect();
    cut.push('…');
    cut
}
