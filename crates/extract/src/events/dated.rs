//! Actors with date-bounded codes (`data/petrarch/actors.tsv`, written by
//! the PETRARCH2 converter, [`super::petrarch`]): a name gives the code that
//! held at the article's publication date, so that a head of state is coded
//! as such for the years of the office and not before or after.

use std::collections::HashMap;

use super::code::bad;
use super::petrarch::name_key;
use crate::error::Result;

/// The code an actor name has at one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DatedCode<'a> {
    /// ISO alpha-3 country, when the code has one.
    pub country: Option<&'a str>,
    /// The sector after the country (`GOV`), or the whole code of an actor
    /// without a country (`IGOUNO`, `NGO`).
    pub rest: &'a str,
}

/// Names and their dated codes, as the converter wrote them.
#[derive(Debug, Clone, Default)]
pub(crate) struct DatedActors {
    /// Lowercase name → index into `codes`.
    names: HashMap<&'static str, u32>,
    /// The code cell of each line (`RUS.GOV@20080508-,RUS.ELI`).
    codes: Vec<&'static str>,
}

/// A date as a `YYYYMMDD` number.
pub(crate) fn day_number(date: jiff::civil::Date) -> u32 {
    let year = u32::try_from(date.year()).unwrap_or(0);
    year * 10_000
        + u32::try_from(date.month()).unwrap_or(0) * 100
        + u32::try_from(date.day()).unwrap_or(0)
}

impl DatedActors {
    /// Reads the table: a line is its codes, then its names, tab-separated.
    pub fn parse(text: &'static str) -> Result<DatedActors> {
        let mut actors = DatedActors::default();
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let mut cells = line.split('\t');
            let codes = cells.next().unwrap_or("");
            if codes.is_empty() {
                return Err(bad("actors.tsv", i + 1, "no codes"));
            }
            let index = u32::try_from(actors.codes.len()).unwrap_or(u32::MAX);
            actors.codes.push(codes);
            for name in cells {
                actors.names.insert(name, index);
            }
        }
        Ok(actors)
    }

    /// How many names the table holds.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// The code of `name` at `date` (`YYYYMMDD`): the first dated code that
    /// holds then, else the first undated one. Without a date, the undated
    /// code, else the last open-ended one.
    pub fn code(&self, name: &str, date: Option<u32>) -> Option<DatedCode<'static>> {
        let key = name_key(name);
        let index = *self.names.get(key.as_str())?;
        let cells = self.codes.get(index as usize)?;
        let mut undated: Option<&'static str> = None;
        let mut open: Option<&'static str> = None;
        let mut held: Option<&'static str> = None;
        for cell in cells.split(',') {
            let (code, range) = match cell.split_once('@') {
                Some((code, range)) => (code, Some(range)),
                None => (cell, None),
            };
            let Some(range) = range else {
                undated.get_or_insert(code);
                continue;
            };
            let (from, until) = range.split_once('-').unwrap_or((range, ""));
            let from: u32 = from.parse().unwrap_or(0);
            let until: u32 = until.parse().unwrap_or(u32::MAX);
            if until == u32::MAX {
                open = Some(code);
            }
            if let Some(date) = date {
                if held.is_none() && from <= date && date <= until {
                    held = Some(code);
                }
            }
        }
        let code = match date {
            Some(_) => held.or(undated)?,
            None => undated.or(open)?,
        };
        Some(match code.split_once('.') {
            Some((country, sector)) => DatedCode {
                country: Some(country),
                rest: sector,
            },
            None => DatedCode {
                country: None,
                rest: code,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "# invented\n\
        VLM.ELI@19700101-19990809,VLM.GOV@19990810-20050101,VLM.OPP@20050102-,VLM.ELI\tanna korvel\tkorvel\n\
        NGOHRI\ttidewatch group\n";

    #[test]
    fn a_name_takes_the_code_of_its_date() {
        let actors = DatedActors::parse(TABLE).unwrap();
        assert_eq!(actors.len(), 3);
        let at = |date| {
            actors
                .code("Anna Korvel", date)
                .map(|c| (c.country, c.rest))
        };
        assert_eq!(at(Some(19_990_101)), Some((Some("VLM"), "ELI")));
        assert_eq!(at(Some(20_010_101)), Some((Some("VLM"), "GOV")));
        assert_eq!(at(Some(20_260_101)), Some((Some("VLM"), "OPP")));
        assert_eq!(at(None), Some((Some("VLM"), "ELI")));
        assert_eq!(
            actors
                .code("Tidewatch  Group", None)
                .map(|c| (c.country, c.rest)),
            Some((None, "NGOHRI"))
        );
        assert_eq!(actors.code("Anna", None), None);
    }

    #[test]
    fn the_date_counts_day_by_day() {
        let date = jiff::civil::date(1999, 8, 9);
        assert_eq!(day_number(date), 19_990_809);
    }
}
