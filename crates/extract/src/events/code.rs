//! The coding tables: CAMEO codes with root, quad class and Goldstein value,
//! their PLOVER type and mode, the PLOVER modes each type allows, and the
//! codes an event takes under a governor (`patterns/derived.tsv`).

use std::collections::{HashMap, HashSet};

use crate::error::{Error, Result};

/// What the tables say about one CAMEO code.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CameoInfo {
    /// The two-digit root (`04`).
    pub root: String,
    /// GDELT quad class (1–4).
    pub quad_class: u8,
    /// Goldstein value.
    pub goldstein: f32,
    /// PLOVER type, when the code has one.
    pub plover: Option<String>,
    /// PLOVER mode from the mapping table, already in current names.
    pub mode: Option<String>,
}

/// The roles of a governor that change an event's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Derivation {
    /// Stated intent: AGREE for cooperation, THREATEN for conflict.
    Intent,
    /// A threat.
    Threat,
    /// A request or demand.
    Request,
    /// A refusal.
    Reject,
}

/// The source text of the tables.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TableTexts<'a> {
    pub cameo: &'a str,
    pub cameo_to_plover: &'a str,
    pub plover_extra: &'a str,
    pub plover_modes: &'a str,
    pub derived: &'a str,
}

impl TableTexts<'static> {
    /// The tables embedded in the crate.
    pub fn bundled() -> TableTexts<'static> {
        TableTexts {
            cameo: include_str!("../../data/cameo.tsv"),
            cameo_to_plover: include_str!("../../data/cameo_to_plover.tsv"),
            plover_extra: include_str!("../../data/cameo_plover_extra.tsv"),
            plover_modes: include_str!("../../data/plover_modes.tsv"),
            derived: include_str!("../../patterns/derived.tsv"),
        }
    }
}

/// CAMEO and PLOVER facts, looked up by code.
#[derive(Debug, Clone)]
pub(crate) struct Tables {
    codes: HashMap<String, CameoInfo>,
    derived: HashMap<String, [Option<String>; 4]>,
    modes: HashSet<(String, String)>,
}

/// Mode names of the 2021 CAMEO→PLOVER table that the current manual
/// renamed or dropped, with their current name (`None`: no mode).
const LEGACY_MODES: &[(&str, Option<&str>)] = &[
    ("ban", Some("restrict")),
    ("political", Some("restrict")),
    ("massacre", Some("targeted")),
    ("cleansing", Some("targeted")),
    ("assassinate", Some("targeted")),
    ("pro_autocracy", None),
];

impl Tables {
    /// Parses the tables; an error names the table and line.
    pub fn parse(texts: &TableTexts<'_>) -> Result<Tables> {
        let mut modes: HashSet<(String, String)> = HashSet::new();
        for (line, cells) in rows(texts.plover_modes) {
            let [kind, mode, ..] = cells.as_slice() else {
                return Err(bad(
                    "plover_modes.tsv",
                    line,
                    "expected event_type and mode",
                ));
            };
            modes.insert((kind.to_string(), mode.to_string()));
        }
        let mut plover: HashMap<String, (String, Option<String>)> = HashMap::new();
        for (table, text) in [
            ("cameo_to_plover.tsv", texts.cameo_to_plover),
            ("cameo_plover_extra.tsv", texts.plover_extra),
        ] {
            for (line, cells) in rows(text) {
                if cells.len() < 2 || !is_code(cells[0]) || cells[1].is_empty() {
                    return Err(bad(table, line, "expected a CAMEO code and a PLOVER type"));
                }
                let kind = cells[1].to_string();
                let mode = cells.get(2).map(|m| m.trim()).filter(|m| !m.is_empty());
                let mode = mode.and_then(|m| current_mode(&kind, m, &modes));
                plover.insert(cells[0].to_string(), (kind, mode));
            }
        }
        let mut codes = HashMap::new();
        for (line, cells) in rows(texts.cameo) {
            if cells.len() < 8 || !is_code(cells[0]) {
                return Err(bad(
                    "cameo.tsv",
                    line,
                    "expected 8 columns starting with a code",
                ));
            }
            let quad_class: u8 = cells[6]
                .parse()
                .map_err(|_| bad("cameo.tsv", line, format!("bad quad class {:?}", cells[6])))?;
            let goldstein: f32 = cells[7].parse().map_err(|_| {
                bad(
                    "cameo.tsv",
                    line,
                    format!("bad Goldstein value {:?}", cells[7]),
                )
            })?;
            let code = cells[0].to_string();
            let (kind, mode) = match plover.get(&code) {
                Some((kind, mode)) => (Some(kind.clone()), mode.clone()),
                None => (None, None),
            };
            codes.insert(
                code,
                CameoInfo {
                    root: cells[4].to_string(),
                    quad_class,
                    goldstein,
                    plover: kind,
                    mode,
                },
            );
        }
        let mut derived = HashMap::new();
        for (line, cells) in rows(texts.derived) {
            if cells.len() != 5 || !is_code(cells[0]) {
                return Err(bad(
                    "derived.tsv",
                    line,
                    "expected base, intent, threat, request, reject",
                ));
            }
            let mut out: [Option<String>; 4] = Default::default();
            for (slot, cell) in out.iter_mut().zip(&cells[1..]) {
                if *cell == "-" {
                    continue;
                }
                if !codes.contains_key(*cell) {
                    return Err(bad(
                        "derived.tsv",
                        line,
                        format!("unknown CAMEO code {cell}"),
                    ));
                }
                *slot = Some(cell.to_string());
            }
            derived.insert(cells[0].to_string(), out);
        }
        Ok(Tables {
            codes,
            derived,
            modes,
        })
    }

    /// What the tables say about `code`.
    pub fn info(&self, code: &str) -> Option<&CameoInfo> {
        self.codes.get(code)
    }

    /// Whether PLOVER type `kind` has the mode `mode`.
    pub fn mode_allowed(&self, kind: &str, mode: &str) -> bool {
        self.modes.contains(&(kind.to_string(), mode.to_string()))
    }

    /// The code an event coded `code` takes under a governor; the code
    /// itself when the table keeps it.
    pub fn derive<'a>(&'a self, code: &'a str, how: Derivation) -> &'a str {
        let slot = match how {
            Derivation::Intent => 0,
            Derivation::Threat => 1,
            Derivation::Request => 2,
            Derivation::Reject => 3,
        };
        for len in (2..=code.len()).rev() {
            let Some(prefix) = code.get(..len) else {
                continue;
            };
            if let Some(row) = self.derived.get(prefix) {
                return row[slot].as_deref().unwrap_or(code);
            }
        }
        code
    }
}

/// A table mode in the current manual's names, if the type allows it.
fn current_mode(kind: &str, mode: &str, modes: &HashSet<(String, String)>) -> Option<String> {
    let mode = match LEGACY_MODES.iter().find(|(old, _)| *old == mode) {
        Some((_, new)) => (*new)?,
        None => mode,
    };
    modes
        .contains(&(kind.to_string(), mode.to_string()))
        .then(|| mode.to_string())
}

/// Data rows of a TSV table: (1-based line number, cells) without comments,
/// blank lines and the header row.
pub(crate) fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> + '_ {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .skip(1)
        .map(|(i, line)| {
            (
                i + 1,
                line.trim_end_matches('\r')
                    .split('\t')
                    .map(str::trim)
                    .collect(),
            )
        })
}

/// A CAMEO event code: two to four digits.
pub(crate) fn is_code(cell: &str) -> bool {
    (2..=4).contains(&cell.len()) && cell.bytes().all(|b| b.is_ascii_digit())
}

pub(crate) fn bad(table: &str, line: usize, why: impl Into<String>) -> Error {
    Error::Table {
        table: table.to_string(),
        line,
        why: why.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables() -> Tables {
        Tables::parse(&TableTexts::bundled()).unwrap()
    }

    #[test]
    fn codes_carry_root_quad_goldstein_and_plover_type() {
        let tables = tables();
        let phone = tables.info("041").unwrap();
        assert_eq!(phone.root, "04");
        assert_eq!(phone.quad_class, 1);
        assert_eq!(phone.goldstein, 1.0);
        assert_eq!(phone.plover.as_deref(), Some("CONSULT"));
        assert_eq!(phone.mode.as_deref(), Some("phone"));
        let air = tables.info("195").unwrap();
        assert_eq!(air.plover.as_deref(), Some("ASSAULT"));
        assert_eq!(air.goldstein, -10.0);
        assert_eq!(
            tables.info("018").unwrap().plover.as_deref(),
            Some("SUPPORT")
        );
        assert_eq!(
            tables.info("163").unwrap().plover.as_deref(),
            Some("SANCTION")
        );
        // The 2021 table's "assassinate" mode is "targeted" in the manual.
        assert_eq!(
            tables.info("186").unwrap().mode.as_deref(),
            Some("targeted")
        );
        assert_eq!(tables.info("010").unwrap().plover, None);
    }

    #[test]
    fn derivations_follow_the_longest_prefix() {
        let tables = tables();
        assert_eq!(tables.derive("045", Derivation::Intent), "039");
        assert_eq!(tables.derive("042", Derivation::Intent), "036");
        assert_eq!(tables.derive("0841", Derivation::Reject), "1243");
        assert_eq!(tables.derive("195", Derivation::Threat), "1384");
        assert_eq!(tables.derive("046", Derivation::Request), "106");
        assert_eq!(tables.derive("111", Derivation::Intent), "111");
    }

    #[test]
    fn bad_rows_name_table_and_line() {
        let mut texts = TableTexts::bundled();
        texts.derived = "base\tintent\tthreat\trequest\treject\n04\t999\t-\t-\t-\n";
        let error = Tables::parse(&texts).unwrap_err().to_string();
        assert_eq!(
            error,
            "bad table derived.tsv: line 2: unknown CAMEO code 999"
        );
    }
}
