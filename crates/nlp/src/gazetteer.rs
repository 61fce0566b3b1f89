//! Facts about names: countries (with names, demonyms and capitals),
//! international organisations, government institutions that stand for a
//! country, and role words with the sector (CAMEO actor type) they imply.
//!
//! The tables live in `data/` and are embedded in the binary; build the
//! [`Gazetteer`] once with [`Gazetteer::bundled`] and pass it by reference.
//! `countries.tsv`, `cameo_known_groups.tsv` and `cameo_actor_types.tsv` are
//! copies of the reference tables (see `NOTICE`); `country_names.tsv`,
//! `organisations.tsv`, `institutions.tsv` and `roles.tsv` are written for
//! tidings and document themselves in their comment lines.

use std::collections::{HashMap, HashSet};

use tidings_model::EntityKind;

use crate::error::{Error, Result};

/// A country or territory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166 alpha-3 code (`IRN`).
    pub alpha3: String,
    /// ISO 3166 alpha-2 code (`IR`).
    pub alpha2: String,
    /// Common English short name (`Iran`).
    pub name: String,
    /// Other names (`Islamic Republic of Iran`, `U.S.`, `Britain`).
    pub names: Vec<String>,
    /// Demonyms, adjective and plural (`Iranian`, `Iranians`).
    pub demonyms: Vec<String>,
    /// The capital (`Tehran`), when it has one.
    pub capital: Option<String>,
    /// Its CAMEO code where one exists (`ROM` for Romania).
    pub cameo: Option<String>,
}

/// An organisation: international (the UN, NATO) or a country's institution
/// (the Kremlin, the White House).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// Canonical name (`United Nations`, `Kremlin`).
    pub name: String,
    /// Other names and acronyms (`UN`, `U.N.`).
    pub aliases: Vec<String>,
    /// The kind of entity its name is: organisations, and a few places that
    /// stand for a government (`Capitol Hill`).
    pub kind: EntityKind,
    /// GDELT/CAMEO known-group code (`UNO`, `NAT`, `EEC`), when there is one.
    pub group: Option<String>,
    /// ISO alpha-3 code of the country whose institution it is (`RUS` for the
    /// Kremlin); `None` for international organisations.
    pub country: Option<String>,
}

/// A role word or title ("President", "spokeswoman", "Mr.").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// Canonical role name (`Prime Minister`; `Defence Minister` for
    /// "Defense Minister").
    pub name: String,
    /// CAMEO actor type it implies (`GOV`, `MIL`, `COP` …); `None` for titles
    /// and honorifics such as `Mr.` or `Ayatollah`.
    pub sector: Option<String>,
}

/// The source text of every table, for [`Gazetteer::from_tables`].
#[derive(Debug, Clone, Copy)]
pub struct Tables<'a> {
    /// `countries.tsv` (the reference table's 11 columns).
    pub countries: &'a str,
    /// `country_names.tsv`: alpha3, extra names, extra demonyms.
    pub country_names: &'a str,
    /// `cameo_known_groups.tsv`: code, description.
    pub known_groups: &'a str,
    /// `cameo_actor_types.tsv`: code, description, group.
    pub actor_types: &'a str,
    /// `organisations.tsv`: code, name, aliases.
    pub organisations: &'a str,
    /// `institutions.tsv`: alpha3, kind, name, aliases.
    pub institutions: &'a str,
    /// `roles.tsv`: phrase, role, sector.
    pub roles: &'a str,
}

impl Tables<'static> {
    /// The tables embedded from the crate's `data/` folder.
    pub fn bundled() -> Tables<'static> {
        Tables {
            countries: include_str!("../data/countries.tsv"),
            country_names: include_str!("../data/country_names.tsv"),
            known_groups: include_str!("../data/cameo_known_groups.tsv"),
            actor_types: include_str!("../data/cameo_actor_types.tsv"),
            organisations: include_str!("../data/organisations.tsv"),
            institutions: include_str!("../data/institutions.tsv"),
            roles: include_str!("../data/roles.tsv"),
        }
    }
}

/// Countries, organisations and roles, indexed by every name.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    countries: Vec<Country>,
    /// Names, extra names and demonyms → country (ambiguous names removed).
    country_index: HashMap<String, usize>,
    /// Demonyms only → country.
    demonym_index: HashMap<String, usize>,
    /// Capitals → country.
    capital_index: HashMap<String, usize>,
    organisations: Vec<Organisation>,
    organisation_index: HashMap<String, usize>,
    roles: Vec<Role>,
    /// Lowercase phrase, words joined by one space → role.
    role_index: HashMap<String, usize>,
    /// Most words in a role phrase.
    role_words: usize,
}

impl Gazetteer {
    /// The gazetteer built from the tables embedded in the crate.
    ///
    /// ```
    /// let gazetteer = tidings_nlp::gazetteer::Gazetteer::bundled()?;
    /// assert_eq!(gazetteer.country("Iranian").map(|c| c.alpha3.as_str()), Some("IRN"));
    /// assert_eq!(gazetteer.capital_of("Tehran").map(|c| c.alpha3.as_str()), Some("IRN"));
    /// # Ok::<(), tidings_nlp::Error>(())
    /// ```
    pub fn bundled() -> Result<Gazetteer> {
        Gazetteer::from_tables(&Tables::bundled())
    }

    /// A gazetteer built from the given table texts; an error names the
    /// table and line that cannot be used.
    pub fn from_tables(tables: &Tables<'_>) -> Result<Gazetteer> {
        let mut index = CountryIndex::default();
        let countries = parse_countries(tables.countries, &mut index)?;
        let mut countries = countries;
        parse_country_names(tables.country_names, &mut countries, &mut index)?;
        let known_groups = codes(tables.known_groups, "cameo_known_groups.tsv", 2)?;
        let actor_types = codes(tables.actor_types, "cameo_actor_types.tsv", 3)?;
        let by_alpha3: HashMap<&str, usize> = countries
            .iter()
            .enumerate()
            .map(|(i, c)| (c.alpha3.as_str(), i))
            .collect();
        let mut organisations = parse_organisations(tables.organisations, &known_groups)?;
        organisations.extend(parse_institutions(tables.institutions, &by_alpha3)?);
        let mut organisation_index = HashMap::new();
        for (i, organisation) in organisations.iter().enumerate() {
            for name in std::iter::once(&organisation.name).chain(&organisation.aliases) {
                organisation_index.entry(name.clone()).or_insert(i);
            }
        }
        let (roles, role_index, role_words) = parse_roles(tables.roles, &actor_types)?;
        let (country_index, demonym_index, capital_index) = index.finish();
        Ok(Gazetteer {
            countries,
            country_index,
            demonym_index,
            capital_index,
            organisations,
            organisation_index,
            roles,
            role_index,
            role_words,
        })
    }

    /// The country a proper name, alternative name or demonym stands for
    /// (case-sensitive): "Russia", "Russian" and "Russians" → RUS; "US",
    /// "U.S." and "United States" → USA. Names shared by two countries give
    /// `None`.
    pub fn country(&self, name: &str) -> Option<&Country> {
        self.country_index.get(name).map(|&i| &self.countries[i])
    }

    /// The country of a demonym only ("Iranian" → IRN; "Iran" → `None`).
    pub fn demonym(&self, name: &str) -> Option<&Country> {
        self.demonym_index.get(name).map(|&i| &self.countries[i])
    }

    /// The country whose capital is `name` ("Tehran" → IRN).
    pub fn capital_of(&self, name: &str) -> Option<&Country> {
        self.capital_index.get(name).map(|&i| &self.countries[i])
    }

    /// The country a place name is or is the capital of.
    pub fn place(&self, name: &str) -> Option<&Country> {
        self.country(name).or_else(|| self.capital_of(name))
    }

    /// The country with this ISO alpha-3 code.
    pub fn by_alpha3(&self, alpha3: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.alpha3 == alpha3)
    }

    /// The organisation or institution with this name or alias
    /// (case-sensitive): "NATO", "U.N.", "Kremlin".
    pub fn organisation(&self, name: &str) -> Option<&Organisation> {
        self.organisation_index
            .get(name)
            .map(|&i| &self.organisations[i])
    }

    /// The longest role phrase at the start of `words` (case-insensitive):
    /// `["Prime", "Minister", "Benjamin"]` → Prime Minister.
    pub fn role(&self, words: &[&str]) -> Option<&Role> {
        self.role_prefix(words).map(|(role, _)| role)
    }

    /// Like [`Gazetteer::role`], with the number of words the phrase takes.
    pub fn role_prefix(&self, words: &[&str]) -> Option<(&Role, usize)> {
        let mut key = String::new();
        let mut best = None;
        for (n, word) in words.iter().take(self.role_words).enumerate() {
            if n > 0 {
                key.push(' ');
            }
            key.extend(word.chars().flat_map(char::to_lowercase));
            if let Some(&i) = self.role_index.get(&key) {
                best = Some((&self.roles[i], n + 1));
            }
        }
        best
    }

    /// Every country.
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// Every organisation and institution.
    pub fn organisations(&self) -> &[Organisation] {
        &self.organisations
    }

    /// Every name the gazetteer knows with the kind of entity it names:
    /// countries and capitals (LOC), demonyms (MISC), organisations (ORG).
    pub fn names(&self) -> impl Iterator<Item = (&str, EntityKind)> + '_ {
        let countries = self.countries.iter().flat_map(|c| {
            std::iter::once(c.name.as_str())
                .chain(c.names.iter().map(String::as_str))
                .chain(c.capital.as_deref())
                .map(|n| (n, EntityKind::Location))
                .chain(c.demonyms.iter().map(|d| (d.as_str(), EntityKind::Other)))
        });
        let organisations = self.organisations.iter().flat_map(|o| {
            std::iter::once(o.name.as_str())
                .chain(o.aliases.iter().map(String::as_str))
                .map(move |n| (n, o.kind))
        });
        countries.chain(organisations)
    }
}

/// Builds the country name indexes, dropping names two countries share at
/// the same priority.
#[derive(Default)]
struct CountryIndex {
    /// Name → (country, priority: lower wins).
    names: HashMap<String, (usize, u8)>,
    ambiguous: HashSet<String>,
    demonyms: HashMap<String, usize>,
    ambiguous_demonyms: HashSet<String>,
    capitals: HashMap<String, usize>,
}

const PRIMARY: u8 = 0;
const EXTRA: u8 = 1;
const DEMONYM: u8 = 2;
const ALTERNATIVE: u8 = 3;

impl CountryIndex {
    fn add(&mut self, name: &str, country: usize, priority: u8) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        if priority == DEMONYM {
            match self.demonyms.get(name) {
                Some(&other) if other != country => {
                    self.ambiguous_demonyms.insert(name.to_string());
                }
                _ => {
                    self.demonyms.insert(name.to_string(), country);
                }
            }
        }
        match self.names.get(name) {
            Some(&(other, p)) if other != country && p == priority => {
                self.ambiguous.insert(name.to_string());
            }
            Some(&(_, p)) if p <= priority => {}
            _ => {
                self.names.insert(name.to_string(), (country, priority));
                self.ambiguous.remove(name);
            }
        }
    }

    fn finish(
        self,
    ) -> (
        HashMap<String, usize>,
        HashMap<String, usize>,
        HashMap<String, usize>,
    ) {
        let ambiguous = self.ambiguous;
        let names = self
            .names
            .into_iter()
            .filter(|(name, _)| !ambiguous.contains(name))
            .map(|(name, (i, _))| (name, i))
            .collect();
        let ambiguous_demonyms = self.ambiguous_demonyms;
        let demonyms = self
            .demonyms
            .into_iter()
            .filter(|(name, _)| !ambiguous_demonyms.contains(name))
            .collect();
        (names, demonyms, self.capitals)
    }
}

/// The data rows of a TSV table: (1-based line number, cells), without the
/// header row, comments and blank lines.
pub(crate) fn rows<'a>(text: &'a str) -> impl Iterator<Item = (usize, Vec<&'a str>)> + 'a {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .skip(1)
        .map(|(i, line)| (i + 1, line.trim_end_matches('\r').split('\t').collect()))
}

fn bad(table: &str, line: usize, why: impl Into<String>) -> Error {
    Error::Gazetteer {
        table: table.to_string(),
        line,
        why: why.into(),
    }
}

/// Splits a `|`-separated cell.
fn list(cell: &str) -> Vec<String> {
    cell.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn non_empty(cell: &str) -> Option<String> {
    let cell = cell.trim();
    (!cell.is_empty()).then(|| cell.to_string())
}

fn is_code(cell: &str) -> bool {
    cell.len() == 3 && cell.bytes().all(|b| b.is_ascii_uppercase())
}

/// Alternative country names in the reference table that are ordinary
/// English words, so a capitalised sentence start would name a country.
/// Primary names are never skipped.
const COMMON_WORD_NAMES: &[&str] = &["Island"];

fn parse_countries(text: &str, index: &mut CountryIndex) -> Result<Vec<Country>> {
    const TABLE: &str = "countries.tsv";
    let mut countries = Vec::new();
    for (line, cells) in rows(text) {
        if cells.len() < 8 {
            return Err(bad(
                TABLE,
                line,
                format!("expected 11 columns, found {}", cells.len()),
            ));
        }
        let alpha3 = cells[0].trim();
        if !is_code(alpha3) {
            return Err(bad(
                TABLE,
                line,
                format!("alpha3 code {alpha3:?} is not three capital letters"),
            ));
        }
        let name = cells[3].trim();
        if name.is_empty() {
            return Err(bad(TABLE, line, "empty name"));
        }
        let country = Country {
            alpha3: alpha3.to_string(),
            alpha2: cells[1].trim().to_string(),
            name: name.to_string(),
            names: list(cells[4]),
            demonyms: list(cells[5]),
            capital: non_empty(cells[6]),
            cameo: non_empty(cells[7]),
        };
        let i = countries.len();
        index.add(&country.name, i, PRIMARY);
        for alternative in &country.names {
            // "Island" (Iceland in its neighbours' languages) is, in English
            // text, a capitalised common noun: not a name of the country.
            if !COMMON_WORD_NAMES.contains(&alternative.as_str()) {
                index.add(alternative, i, ALTERNATIVE);
            }
        }
        for demonym in &country.demonyms {
            index.add(demonym, i, DEMONYM);
        }
        if let Some(capital) = &country.capital {
            index.capitals.entry(capital.clone()).or_insert(i);
        }
        countries.push(country);
    }
    if countries.is_empty() {
        return Err(bad(TABLE, 0, "no countries"));
    }
    Ok(countries)
}

fn parse_country_names(
    text: &str,
    countries: &mut [Country],
    index: &mut CountryIndex,
) -> Result<()> {
    const TABLE: &str = "country_names.tsv";
    for (line, cells) in rows(text) {
        if cells.len() != 3 {
            return Err(bad(
                TABLE,
                line,
                format!("expected 3 columns, found {}", cells.len()),
            ));
        }
        let alpha3 = cells[0].trim();
        let Some(i) = countries.iter().position(|c| c.alpha3 == alpha3) else {
            return Err(bad(TABLE, line, format!("unknown country code {alpha3:?}")));
        };
        for name in list(cells[1]) {
            index.add(&name, i, EXTRA);
            if !countries[i].names.contains(&name) {
                countries[i].names.push(name);
            }
        }
        for demonym in list(cells[2]) {
            index.add(&demonym, i, DEMONYM);
            if !countries[i].demonyms.contains(&demonym) {
                countries[i].demonyms.push(demonym);
            }
        }
    }
    Ok(())
}

/// The codes (first column) of a code table with `columns` columns.
fn codes(text: &str, table: &str, columns: usize) -> Result<HashSet<String>> {
    let mut out = HashSet::new();
    for (line, cells) in rows(text) {
        if cells.len() != columns {
            return Err(bad(
                table,
                line,
                format!("expected {columns} columns, found {}", cells.len()),
            ));
        }
        if !is_code(cells[0].trim()) {
            return Err(bad(
                table,
                line,
                format!("code {:?} is not three capital letters", cells[0]),
            ));
        }
        out.insert(cells[0].trim().to_string());
    }
    Ok(out)
}

fn parse_organisations(text: &str, known_groups: &HashSet<String>) -> Result<Vec<Organisation>> {
    const TABLE: &str = "organisations.tsv";
    let mut out = Vec::new();
    for (line, cells) in rows(text) {
        if cells.len() != 3 {
            return Err(bad(
                TABLE,
                line,
                format!("expected 3 columns, found {}", cells.len()),
            ));
        }
        let code = cells[0].trim();
        let group = match code {
            "-" => None,
            code if known_groups.contains(code) => Some(code.to_string()),
            code => {
                return Err(bad(
                    TABLE,
                    line,
                    format!("unknown known-group code {code:?}"),
                ))
            }
        };
        let name = cells[1].trim();
        if name.is_empty() {
            return Err(bad(TABLE, line, "empty name"));
        }
        out.push(Organisation {
            name: name.to_string(),
            aliases: list(cells[2]),
            kind: EntityKind::Organisation,
            group,
            country: None,
        });
    }
    Ok(out)
}

fn parse_institutions(text: &str, by_alpha3: &HashMap<&str, usize>) -> Result<Vec<Organisation>> {
    const TABLE: &str = "institutions.tsv";
    let mut out = Vec::new();
    for (line, cells) in rows(text) {
        if cells.len() != 4 {
            return Err(bad(
                TABLE,
                line,
                format!("expected 4 columns, found {}", cells.len()),
            ));
        }
        let alpha3 = cells[0].trim();
        if !by_alpha3.contains_key(alpha3) {
            return Err(bad(TABLE, line, format!("unknown country code {alpha3:?}")));
        }
        let kind = match cells[1].trim() {
            "ORG" => EntityKind::Organisation,
            "LOC" => EntityKind::Location,
            other => {
                return Err(bad(
                    TABLE,
                    line,
                    format!("kind {other:?} is not ORG or LOC"),
                ))
            }
        };
        let name = cells[2].trim();
        if name.is_empty() {
            return Err(bad(TABLE, line, "empty name"));
        }
        out.push(Organisation {
            name: name.to_string(),
            aliases: list(cells[3]),
            kind,
            group: None,
            country: Some(alpha3.to_string()),
        });
    }
    Ok(out)
}

type RoleTables = (Vec<Role>, HashMap<String, usize>, usize);

fn parse_roles(text: &str, actor_types: &HashSet<String>) -> Result<RoleTables> {
    const TABLE: &str = "roles.tsv";
    let mut roles: Vec<Role> = Vec::new();
    let mut index = HashMap::new();
    let mut most_words = 0;
    for (line, cells) in rows(text) {
        if cells.len() != 3 {
            return Err(bad(
                TABLE,
                line,
                format!("expected 3 columns, found {}", cells.len()),
            ));
        }
        let words: Vec<String> = cells[0]
            .split_whitespace()
            .map(|w| w.to_lowercase())
            .collect();
        if words.is_empty() {
            return Err(bad(TABLE, line, "empty phrase"));
        }
        let sector = match cells[2].trim() {
            "-" => None,
            code if actor_types.contains(code) => Some(code.to_string()),
            code => return Err(bad(TABLE, line, format!("unknown actor type {code:?}"))),
        };
        let role = Role {
            name: cells[1].trim().to_string(),
            sector,
        };
        if role.name.is_empty() {
            return Err(bad(TABLE, line, "empty role"));
        }
        let i = match roles.iter().position(|r| *r == role) {
            Some(i) => i,
            None => {
                roles.push(role);
                roles.len() - 1
            }
        };
        most_words = most_words.max(words.len());
        index.entry(words.join(" ")).or_insert(i);
    }
    Ok((roles, index, most_words))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> Gazetteer {
        Gazetteer::bundled().unwrap()
    }

    fn code(country: Option<&Country>) -> Option<&str> {
        country.map(|c| c.alpha3.as_str())
    }

    #[test]
    fn countries_by_name_demonym_and_news_forms() {
        let g = gazetteer();
        for (name, alpha3) in [
            ("Russia", "RUS"),
            ("Russian", "RUS"),
            ("Russians", "RUS"),
            ("Iranian", "IRN"),
            ("Islamic Republic of Iran", "IRN"),
            ("US", "USA"),
            ("U.S.", "USA"),
            ("United States", "USA"),
            ("America", "USA"),
            ("Britain", "GBR"),
            ("British", "GBR"),
            ("Briton", "GBR"),
            ("Israeli", "ISR"),
        ] {
            assert_eq!(code(g.country(name)), Some(alpha3), "{name}");
        }
        assert_eq!(g.country("russia"), None);
        assert_eq!(g.country("Velmora"), None);
        // A common word that the table lists as another language's name.
        assert_eq!(g.country("Island"), None);
        assert_eq!(code(g.country("Iceland")), Some("ISL"));
        assert_eq!(code(g.demonym("Iranian")), Some("IRN"));
        assert_eq!(g.demonym("Iran"), None);
    }

    #[test]
    fn capitals_and_places() {
        let g = gazetteer();
        assert_eq!(code(g.capital_of("Tehran")), Some("IRN"));
        assert_eq!(code(g.capital_of("Moscow")), Some("RUS"));
        assert_eq!(code(g.place("Washington")), Some("USA"));
        assert_eq!(code(g.place("Israel")), Some("ISR"));
        assert_eq!(g.capital_of("Israel"), None);
        assert_eq!(
            g.by_alpha3("ROU").and_then(|c| c.cameo.as_deref()),
            Some("ROM")
        );
    }

    #[test]
    fn organisations_and_institutions() {
        let g = gazetteer();
        let un = g.organisation("U.N.").unwrap();
        assert_eq!(
            (un.name.as_str(), un.group.as_deref()),
            ("United Nations", Some("UNO"))
        );
        assert_eq!(
            g.organisation("NATO").and_then(|o| o.group.as_deref()),
            Some("NAT")
        );
        assert_eq!(
            g.organisation("European Union")
                .and_then(|o| o.group.as_deref()),
            Some("EEC")
        );
        assert_eq!(
            g.organisation("OCHA").map(|o| o.group.is_none()),
            Some(true)
        );
        for (name, alpha3) in [
            ("Kremlin", "RUS"),
            ("White House", "USA"),
            ("Pentagon", "USA"),
            ("Downing Street", "GBR"),
            ("Élysée", "FRA"),
            ("Knesset", "ISR"),
            ("State Department", "USA"),
        ] {
            let institution = g.organisation(name).unwrap();
            assert_eq!(institution.country.as_deref(), Some(alpha3), "{name}");
            assert_eq!(institution.kind, EntityKind::Organisation);
        }
        assert_eq!(g.organisation("Velmora Harbour Authority"), None);
    }

    #[test]
    fn roles_take_the_longest_phrase() {
        let g = gazetteer();
        let role = |words: &[&str]| {
            g.role_prefix(words)
                .map(|(r, n)| (r.name.as_str(), r.sector.as_deref(), n))
        };
        assert_eq!(
            role(&["Prime", "Minister", "Ada"]),
            Some(("Prime Minister", Some("GOV"), 2))
        );
        assert_eq!(
            role(&["President", "Ada"]),
            Some(("President", Some("GOV"), 1))
        );
        assert_eq!(
            role(&["Defense", "Minister"]),
            Some(("Defence Minister", Some("GOV"), 2))
        );
        assert_eq!(
            role(&["Supreme", "Leader"]),
            Some(("Supreme Leader", Some("GOV"), 2))
        );
        assert_eq!(
            role(&["spokeswoman"]),
            Some(("spokeswoman", Some("GOV"), 1))
        );
        assert_eq!(role(&["troops"]), Some(("troops", Some("MIL"), 1)));
        assert_eq!(role(&["police"]), Some(("police", Some("COP"), 1)));
        assert_eq!(role(&["Ayatollah", "Ali"]), Some(("Ayatollah", None, 1)));
        assert_eq!(role(&["Mr.", "Reyl"]), Some(("Mr.", None, 1)));
        assert_eq!(role(&["Supreme"]), None);
        assert_eq!(g.role(&["Velmora"]), None);
        assert_eq!(g.role(&[]), None);
    }

    #[test]
    fn names_cover_every_source() {
        let g = gazetteer();
        let names: HashMap<&str, EntityKind> = g.names().collect();
        assert_eq!(names.get("Iran"), Some(&EntityKind::Location));
        assert_eq!(names.get("Tehran"), Some(&EntityKind::Location));
        assert_eq!(names.get("Iranian"), Some(&EntityKind::Other));
        assert_eq!(names.get("NATO"), Some(&EntityKind::Organisation));
        assert_eq!(names.get("Kremlin"), Some(&EntityKind::Organisation));
        assert!(g.countries().len() > 240);
    }

    #[test]
    fn bad_tables_name_table_and_line() {
        let mut tables = Tables::bundled();
        tables.organisations = "code\tname\taliases\nXXX\tVelmora League\t\n";
        let error = Gazetteer::from_tables(&tables).unwrap_err().to_string();
        assert_eq!(
            error,
            "bad gazetteer table organisations.tsv: line 2: unknown known-group code \"XXX\""
        );
        let mut tables = Tables::bundled();
        tables.institutions = "# comment\nalpha3\tkind\tname\taliases\nVLM\tORG\tVelmora Hall\t\n";
        let error = Gazetteer::from_tables(&tables).unwrap_err().to_string();
        assert!(
            error.contains("institutions.tsv: line 3: unknown country code"),
            "{error}"
        );
        let mut tables = Tables::bundled();
        tables.roles = "phrase\trole\tsector\nharbour master\tharbour master\n";
        assert!(Gazetteer::from_tables(&tables).is_err());
    }
}
