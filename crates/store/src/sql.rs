//! One small SQL interface over both backends, shaped like the part of
//! rusqlite the table code uses (`prepare_cached`, `execute`, `query_row`,
//! `query_map`, `query` with `next`, `params!`, `optional`), so that the code
//! that stores and reads annotations, entities, facts and stories
//! (`sqlite/annotations.rs` and its siblings) is written once and runs on
//! SQLite and on PostgreSQL alike.
//!
//! Statements are written in the dialect both engines share, with SQLite's
//! `?N` parameters; on PostgreSQL they are rewritten once ([`pg_dialect`]:
//! `$N` parameters, `strpos` for `instr`, `convert_to` for a text read as
//! bytes) and kept prepared. Values cross as [`Value`]: integers, reals, text,
//! bytes or NULL, converted to the column type the server asks for.

use std::path::Path;

use crate::error::Error as StoreError;

/// A value bound to a statement or read from a row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Value {
    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Int(_) => "an integer",
            Value::Real(_) => "a real",
            Value::Text(_) => "text",
            Value::Blob(_) => "bytes",
        }
    }
}

/// What went wrong running a statement.
#[derive(Debug)]
pub(crate) enum Error {
    Sqlite(rusqlite::Error),
    #[cfg(feature = "postgres")]
    Pg(postgres::Error),
    /// A query that must give a row gave none.
    NoRows,
    /// A column held another type than the code reads.
    Type {
        column: usize,
        expected: &'static str,
        found: &'static str,
    },
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Error {
        match err {
            rusqlite::Error::QueryReturnedNoRows => Error::NoRows,
            other => Error::Sqlite(other),
        }
    }
}

#[cfg(feature = "postgres")]
impl From<postgres::Error> for Error {
    fn from(err: postgres::Error) -> Error {
        Error::Pg(err)
    }
}

pub(crate) type Result<T> = std::result::Result<T, Error>;

/// The store's error for a failed statement: the database (`path`: the
/// SQLite file, or the PostgreSQL target) and what the store was doing.
pub(crate) fn store_error(path: &Path, what: &'static str, err: Error) -> StoreError {
    match err {
        Error::Sqlite(source) => StoreError::Database {
            path: path.to_path_buf(),
            what,
            source,
        },
        #[cfg(feature = "postgres")]
        Error::Pg(source) => StoreError::Postgres {
            target: path.display().to_string(),
            what,
            source,
        },
        Error::NoRows => StoreError::Database {
            path: path.to_path_buf(),
            what,
            source: rusqlite::Error::QueryReturnedNoRows,
        },
        Error::Type {
            column,
            expected,
            found,
        } => StoreError::Corrupt {
            path: path.to_path_buf(),
            id: what.to_string(),
            why: format!("column {column} holds {found} where {expected} was expected"),
        },
    }
}

/// `query_row(…).optional()`: no row is `None`, not an error.
pub(crate) trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(value) => Ok(Some(value)),
            Err(Error::NoRows) => Ok(None),
            Err(err) => Err(err),
        }
    }
}

/// A value that can be bound to a statement.
pub(crate) trait ToValue {
    fn to_value(&self) -> Value;
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

macro_rules! int_to_value {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::Int(i64::from(*self))
            }
        }
    )*};
}
int_to_value!(i64, i32, u32, i16, u16, u8, bool);

impl ToValue for f64 {
    fn to_value(&self) -> Value {
        Value::Real(*self)
    }
}

impl ToValue for f32 {
    fn to_value(&self) -> Value {
        Value::Real(f64::from(*self))
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}

impl ToValue for [u8] {
    fn to_value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}

impl ToValue for Vec<u8> {
    fn to_value(&self) -> Value {
        Value::Blob(self.clone())
    }
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}

/// The parameters of a statement: `params![a, b]`, an array of one type,
/// or `[]`.
pub(crate) trait Params {
    fn values(&self) -> Vec<Value>;
}

impl Params for &[&dyn ToValue] {
    fn values(&self) -> Vec<Value> {
        self.iter().map(|value| value.to_value()).collect()
    }
}

impl Params for Vec<&dyn ToValue> {
    fn values(&self) -> Vec<Value> {
        self.iter().map(|value| value.to_value()).collect()
    }
}

impl Params for Vec<Value> {
    fn values(&self) -> Vec<Value> {
        self.clone()
    }
}

impl<T: ToValue, const N: usize> Params for [T; N] {
    fn values(&self) -> Vec<Value> {
        self.iter().map(ToValue::to_value).collect()
    }
}

impl<T: ToValue, const N: usize> Params for &[T; N] {
    fn values(&self) -> Vec<Value> {
        self.iter().map(ToValue::to_value).collect()
    }
}

/// Parameters of mixed types, as rusqlite's macro of the same name.
macro_rules! params {
    () => {
        &[] as &[&dyn $crate::sql::ToValue]
    };
    ($($param:expr),+ $(,)?) => {
        &[$(&$param as &dyn $crate::sql::ToValue),+] as &[&dyn $crate::sql::ToValue]
    };
}
pub(crate) use params;

/// A value read from a column.
pub(crate) trait FromValue: Sized {
    const EXPECTED: &'static str;
    fn from_value(value: Value) -> Option<Self>;
}

impl FromValue for i64 {
    const EXPECTED: &'static str = "an integer";
    fn from_value(value: Value) -> Option<i64> {
        match value {
            Value::Int(n) => Some(n),
            // A sum over integers comes back as `numeric` from PostgreSQL.
            Value::Real(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => Some(x as i64),
            _ => None,
        }
    }
}

macro_rules! narrow_int_from_value {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            const EXPECTED: &'static str = "an integer";
            fn from_value(value: Value) -> Option<$t> {
                i64::from_value(value).and_then(|n| <$t>::try_from(n).ok())
            }
        }
    )*};
}
narrow_int_from_value!(i32, u32, u64, usize, u16, u8);

impl FromValue for bool {
    const EXPECTED: &'static str = "a truth value";
    fn from_value(value: Value) -> Option<bool> {
        i64::from_value(value).map(|n| n != 0)
    }
}

impl FromValue for f64 {
    const EXPECTED: &'static str = "a number";
    fn from_value(value: Value) -> Option<f64> {
        match value {
            Value::Real(x) => Some(x),
            Value::Int(n) => Some(n as f64),
            _ => None,
        }
    }
}

impl FromValue for String {
    const EXPECTED: &'static str = "text";
    fn from_value(value: Value) -> Option<String> {
        match value {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }
}

impl FromValue for Vec<u8> {
    const EXPECTED: &'static str = "bytes";
    fn from_value(value: Value) -> Option<Vec<u8>> {
        match value {
            Value::Blob(bytes) => Some(bytes),
            Value::Text(text) => Some(text.into_bytes()),
            _ => None,
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    const EXPECTED: &'static str = T::EXPECTED;
    fn from_value(value: Value) -> Option<Option<T>> {
        match value {
            Value::Null => Some(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// A column number (a trait so that `row.get(0)` reads as in rusqlite).
pub(crate) trait RowIndex {
    fn column(self) -> usize;
}

impl RowIndex for usize {
    fn column(self) -> usize {
        self
    }
}

/// One row of a result, its values owned.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    values: Vec<Value>,
}

impl Row {
    /// Column `index` as a `T`; another type (or no such column) is an error.
    pub(crate) fn get<I: RowIndex, T: FromValue>(&self, index: I) -> Result<T> {
        let column = index.column();
        let value = self.values.get(column).cloned().unwrap_or(Value::Null);
        let found = value.kind();
        T::from_value(value).ok_or(Error::Type {
            column,
            expected: T::EXPECTED,
            found,
        })
    }

    fn from_sqlite(row: &rusqlite::Row<'_>) -> Result<Row> {
        use rusqlite::types::ValueRef;
        let width = row.as_ref().column_count();
        let mut values = Vec::with_capacity(width);
        for i in 0..width {
            values.push(match row.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::Int(n),
                ValueRef::Real(x) => Value::Real(x),
                ValueRef::Text(bytes) => Value::Text(String::from_utf8_lossy(bytes).into_owned()),
                ValueRef::Blob(bytes) => Value::Blob(bytes.to_vec()),
            });
        }
        Ok(Row { values })
    }
}

/// A database connection (or an open transaction on one).
pub(crate) enum Connection<'a> {
    Sqlite(&'a rusqlite::Connection),
    #[cfg(feature = "postgres")]
    Pg(pg::PgConn<'a>),
}

impl<'a> Connection<'a> {
    /// Statements on an SQLite connection or transaction.
    pub(crate) fn sqlite(conn: &'a rusqlite::Connection) -> Connection<'a> {
        Connection::Sqlite(conn)
    }

    /// A statement prepared once per connection and kept.
    pub(crate) fn prepare_cached(&self, sql: &str) -> Result<Statement<'_>> {
        match self {
            Connection::Sqlite(conn) => Ok(Statement::Sqlite(conn.prepare_cached(sql)?)),
            #[cfg(feature = "postgres")]
            Connection::Pg(conn) => Ok(Statement::Pg(conn, conn.prepare(sql)?)),
        }
    }

    /// The same as [`Connection::prepare_cached`].
    pub(crate) fn prepare(&self, sql: &str) -> Result<Statement<'_>> {
        self.prepare_cached(sql)
    }

    /// Runs a statement; the number of rows it changed.
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    pub(crate) fn execute<P: Params>(&self, sql: &str, params: P) -> Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    /// The first row of a query, mapped; no row is [`Error::NoRows`].
    pub(crate) fn query_row<P, T, F>(&self, sql: &str, params: P, map: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row) -> Result<T>,
    {
        self.prepare_cached(sql)?.query_row(params, map)
    }

    /// Inserts `rows` (each a value per column of `columns`) into `table`:
    /// on SQLite one prepared `INSERT` per row, on PostgreSQL one binary
    /// `COPY` for them all (one round trip instead of one per row).
    pub(crate) fn insert_rows(
        &self,
        table: &str,
        columns: &[&str],
        rows: &[Vec<Value>],
    ) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        match self {
            Connection::Sqlite(conn) => {
                let mut stmt = conn.prepare_cached(&insert_sql(table, columns))?;
                for row in rows {
                    stmt.execute(rusqlite::params_from_iter(row.iter().map(sqlite_value)))?;
                }
                Ok(())
            }
            #[cfg(feature = "postgres")]
            Connection::Pg(conn) => conn.copy_rows(table, columns, rows),
        }
    }

    /// The PostgreSQL connection, for statements only PostgreSQL reads
    /// (arrays as parameters); `None` on SQLite.
    #[cfg(feature = "postgres")]
    pub(crate) fn pg(&self) -> Option<&pg::PgConn<'a>> {
        match self {
            Connection::Pg(conn) => Some(conn),
            Connection::Sqlite(_) => None,
        }
    }

    /// Runs statements separated by `;`, without parameters.
    pub(crate) fn execute_batch(&self, sql: &str) -> Result<()> {
        match self {
            Connection::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            #[cfg(feature = "postgres")]
            Connection::Pg(conn) => conn.execute_batch(sql),
        }
    }
}

/// A prepared statement.
pub(crate) enum Statement<'c> {
    Sqlite(rusqlite::CachedStatement<'c>),
    #[cfg(feature = "postgres")]
    Pg(&'c (dyn pg::PgExec + 'c), postgres::Statement),
}

impl Statement<'_> {
    pub(crate) fn execute<P: Params>(&mut self, params: P) -> Result<usize> {
        let values = params.values();
        match self {
            Statement::Sqlite(stmt) => {
                Ok(stmt.execute(rusqlite::params_from_iter(values.iter().map(sqlite_value)))?)
            }
            #[cfg(feature = "postgres")]
            Statement::Pg(conn, stmt) => conn.execute(stmt, &values),
        }
    }

    /// All rows, each mapped (read at once: for bounded lists).
    pub(crate) fn query_map<P, T, F>(
        &mut self,
        params: P,
        mut map: F,
    ) -> Result<std::vec::IntoIter<Result<T>>>
    where
        P: Params,
        F: FnMut(&Row) -> Result<T>,
    {
        let mut rows = self.query(params)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(map(row));
        }
        Ok(out.into_iter())
    }

    pub(crate) fn query_row<P, T, F>(&mut self, params: P, map: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row) -> Result<T>,
    {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(row) => map(row),
            None => Err(Error::NoRows),
        }
    }

    /// The rows one by one (streamed: memory holds a page at most).
    pub(crate) fn query<P: Params>(&mut self, params: P) -> Result<Rows<'_>> {
        let values = params.values();
        let source = match self {
            Statement::Sqlite(stmt) => RowSource::Sqlite(
                stmt.query(rusqlite::params_from_iter(values.iter().map(sqlite_value)))?,
            ),
            #[cfg(feature = "postgres")]
            Statement::Pg(conn, stmt) => RowSource::Pg(pg::PgRows::new(*conn, stmt, &values)?),
        };
        Ok(Rows {
            source,
            current: None,
        })
    }
}

/// `INSERT INTO table (a, b) VALUES (?1, ?2)`.
fn insert_sql(table: &str, columns: &[&str]) -> String {
    let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        columns.join(", "),
        marks.join(", ")
    )
}

fn sqlite_value(value: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match value {
        Value::Null => V::Null,
        Value::Int(n) => V::Integer(*n),
        Value::Real(x) => V::Real(*x),
        Value::Text(text) => V::Text(text.clone()),
        Value::Blob(bytes) => V::Blob(bytes.clone()),
    }
}

/// The rows of a query.
pub(crate) struct Rows<'s> {
    source: RowSource<'s>,
    current: Option<Row>,
}

enum RowSource<'s> {
    Sqlite(rusqlite::Rows<'s>),
    #[cfg(feature = "postgres")]
    Pg(pg::PgRows<'s>),
}

impl Rows<'_> {
    /// The next row, `None` after the last.
    #[allow(clippy::should_implement_trait)]
    pub(crate) fn next(&mut self) -> Result<Option<&Row>> {
        self.current = match &mut self.source {
            RowSource::Sqlite(rows) => match rows.next()? {
                Some(row) => Some(Row::from_sqlite(row)?),
                None => None,
            },
            #[cfg(feature = "postgres")]
            RowSource::Pg(rows) => rows.next()?,
        };
        Ok(self.current.as_ref())
    }
}

/// `sql` in PostgreSQL's words: `?N` parameters become `$N` (a bare `?`
/// takes the next number), `instr(` becomes `strpos(`, and a text read as
/// bytes (`CAST(x AS BLOB)`) is `convert_to(x, 'UTF8')`. Quoted strings are
/// left alone.
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
pub(crate) fn pg_dialect(sql: &str) -> String {
    let sql = replace_blob_casts(sql);
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.char_indices().peekable();
    let mut in_quote = false;
    let mut next_bare = 1;
    while let Some((at, c)) = chars.next() {
        if c == '\'' {
            in_quote = !in_quote;
            out.push(c);
            continue;
        }
        if in_quote {
            out.push(c);
            continue;
        }
        if c == '?' {
            let mut digits = String::new();
            while let Some(&(_, d)) = chars.peek() {
                if d.is_ascii_digit() {
                    digits.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            if digits.is_empty() {
                digits = next_bare.to_string();
                next_bare += 1;
            }
            out.push('$');
            out.push_str(&digits);
            continue;
        }
        if c.is_ascii_alphabetic()
            && sql[at..].len() >= 6
            && sql[at..at + 6].eq_ignore_ascii_case("instr(")
        {
            let before = sql[..at].chars().next_back();
            if !before.is_some_and(|b| b.is_ascii_alphanumeric() || b == '_') {
                out.push_str("strpos(");
                for _ in 0..5 {
                    chars.next();
                }
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
fn replace_blob_casts(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(at) = rest.find("CAST(") {
        let after = &rest[at + 5..];
        match after.find(" AS BLOB)") {
            Some(end) if !after[..end].contains('(') && !after[..end].contains(')') => {
                out.push_str(&rest[..at]);
                out.push_str("convert_to(");
                out.push_str(&after[..end]);
                out.push_str(", 'UTF8')");
                rest = &after[end + " AS BLOB)".len()..];
            }
            _ => {
                out.push_str(&rest[..at + 5]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(feature = "postgres")]
pub(crate) mod pg {
    //! The PostgreSQL side: a transaction with a cache of prepared
    //! statements, values converted to the types the server asks for.

    use std::cell::RefCell;
    use std::collections::{HashMap, VecDeque};
    use std::error::Error as StdError;

    use bytes::BytesMut;
    use postgres::binary_copy::BinaryCopyInWriter;
    use postgres::types::{to_sql_checked, FromSql, IsNull, ToSql, Type};
    use postgres::Transaction;

    use super::{pg_dialect, Result, Row, Value};

    /// How many rows a streamed query reads from the server at a time.
    const PAGE: i32 = 256;

    /// Prepared statements of one connection, by their SQLite text.
    pub(crate) type StatementCache = RefCell<HashMap<String, postgres::Statement>>;

    /// What a transaction does for [`PgConn`] (implemented by
    /// [`Transaction`], whatever its lifetime).
    pub(crate) trait PgTx {
        fn prepare(
            &mut self,
            sql: &str,
        ) -> std::result::Result<postgres::Statement, postgres::Error>;
        fn execute(
            &mut self,
            stmt: &postgres::Statement,
            params: &[&(dyn ToSql + Sync)],
        ) -> std::result::Result<u64, postgres::Error>;
        fn bind(
            &mut self,
            stmt: &postgres::Statement,
            params: &[&(dyn ToSql + Sync)],
        ) -> std::result::Result<postgres::Portal, postgres::Error>;
        fn query_portal(
            &mut self,
            portal: &postgres::Portal,
            rows: i32,
        ) -> std::result::Result<Vec<postgres::Row>, postgres::Error>;
        fn batch_execute(&mut self, sql: &str) -> std::result::Result<(), postgres::Error>;
        fn query(
            &mut self,
            stmt: &postgres::Statement,
            params: &[&(dyn ToSql + Sync)],
        ) -> std::result::Result<Vec<postgres::Row>, postgres::Error>;
        fn copy_in(
            &mut self,
            sql: &str,
        ) -> std::result::Result<postgres::CopyInWriter<'_>, postgres::Error>;
    }

    impl PgTx for Transaction<'_> {
        fn prepare(
            &mut self,
            sql: &str,
        ) -> std::result::Result<postgres::Statement, postgres::Error> {
            Transaction::prepare(self, sql)
        }
        fn execute(
            &mut self,
            stmt: &postgres::Statement,
            params: &[&(dyn ToSql + Sync)],
        ) -> std::result::Result<u64, postgres::Error> {
            Transaction::execute(self, stmt, params)
        }
        fn bind(
            &mut self,
            stmt: &postgres::Statement,
            params: &[&(dyn ToSql + Sync)],
        ) -> std::result::Result<postgres::Portal, postgres::Error> {
            Transaction::bind(self, stmt, params)
        }
        fn query_portal(
            &mut self,
            portal: &postgres::Portal,
            rows: i32,
        ) -> std::result::Result<Vec<postgres::Row>, postgres::Error> {
            Transaction::query_portal(self, portal, rows)
        }
        fn batch_execute(&mut self, sql: &str) -> std::result::Result<(), postgres::Error> {
            Transaction::batch_execute(self, sql)
        }
        fn query(
            &mut self,
            stmt: &postgres::Statement,
            params: &[&(dyn ToSql + Sync)],
        ) -> std::result::Result<Vec<postgres::Row>, postgres::Error> {
            Transaction::query(self, stmt, params)
        }
        fn copy_in(
            &mut self,
            sql: &str,
        ) -> std::result::Result<postgres::CopyInWriter<'_>, postgres::Error> {
            Transaction::copy_in(self, sql)
        }
    }

    /// What statements and row streams need of a [`PgConn`].
    pub(crate) trait PgExec {
        fn execute(&self, stmt: &postgres::Statement, values: &[Value]) -> Result<usize>;
        fn bind(&self, stmt: &postgres::Statement, values: &[Value]) -> Result<postgres::Portal>;
        fn fetch(&self, portal: &postgres::Portal) -> Result<Vec<postgres::Row>>;
    }

    /// An open transaction and the connection's statement cache.
    pub(crate) struct PgConn<'a> {
        tx: RefCell<&'a mut (dyn PgTx + 'a)>,
        cache: &'a StatementCache,
    }

    impl<'a> PgConn<'a> {
        pub(crate) fn new(tx: &'a mut (dyn PgTx + 'a), cache: &'a StatementCache) -> PgConn<'a> {
            PgConn {
                tx: RefCell::new(tx),
                cache,
            }
        }

        pub(super) fn prepare(&self, sql: &str) -> Result<postgres::Statement> {
            if let Some(stmt) = self.cache.borrow().get(sql) {
                return Ok(stmt.clone());
            }
            let stmt = self.tx.borrow_mut().prepare(&pg_dialect(sql))?;
            self.cache
                .borrow_mut()
                .insert(sql.to_string(), stmt.clone());
            Ok(stmt)
        }

        pub(super) fn execute_batch(&self, sql: &str) -> Result<()> {
            Ok(self.tx.borrow_mut().batch_execute(sql)?)
        }

        /// The rows of a statement written for PostgreSQL only (`$N`
        /// parameters, arrays bound as `Vec<Value>`), prepared once.
        pub(crate) fn query_pg(
            &self,
            sql: &str,
            params: &[&(dyn ToSql + Sync)],
        ) -> Result<Vec<postgres::Row>> {
            let stmt = self.prepare(sql)?;
            Ok(self.tx.borrow_mut().query(&stmt, params)?)
        }

        /// Runs a statement written for PostgreSQL only; the rows it changed.
        pub(crate) fn execute_pg(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64> {
            let stmt = self.prepare(sql)?;
            Ok(self.tx.borrow_mut().execute(&stmt, params)?)
        }

        /// The types of `columns` of `table` (read once per connection).
        fn column_types(&self, table: &str, columns: &str) -> Result<Vec<Type>> {
            let shape = self.prepare(&format!("SELECT {columns} FROM {table} LIMIT 0"))?;
            Ok(shape
                .columns()
                .iter()
                .map(|column| column.type_().clone())
                .collect())
        }

        /// Inserts `rows` into `table` in one statement, each column bound
        /// as one array (`INSERT … SELECT * FROM unnest($1::type[], …)`),
        /// the rows in the order given; `tail` follows (`ON CONFLICT …`,
        /// `RETURNING …`), and the rows it returns are returned.
        pub(crate) fn insert_unnest(
            &self,
            table: &str,
            columns: &[&str],
            rows: Vec<Vec<Value>>,
            tail: &str,
        ) -> Result<Vec<postgres::Row>> {
            let names = columns.join(", ");
            let types = self.column_types(table, &names)?;
            let arrays: Vec<String> = types
                .iter()
                .enumerate()
                .map(|(i, ty)| format!("${}::{}[]", i + 1, ty.name()))
                .collect();
            let sql = format!(
                "INSERT INTO {table} ({names}) SELECT * FROM unnest({}) {tail}",
                arrays.join(", ")
            );
            let mut by_column: Vec<Vec<Value>> = (0..columns.len())
                .map(|_| Vec::with_capacity(rows.len()))
                .collect();
            for row in rows {
                for (column, value) in by_column.iter_mut().zip(row) {
                    column.push(value);
                }
            }
            let params: Vec<&(dyn ToSql + Sync)> = by_column
                .iter()
                .map(|column| column as &(dyn ToSql + Sync))
                .collect();
            self.query_pg(&sql, &params)
        }

        /// Writes `rows` into `table` with one binary `COPY`; each value is
        /// sent as the type of its column (read once from the table).
        pub(super) fn copy_rows(
            &self,
            table: &str,
            columns: &[&str],
            rows: &[Vec<Value>],
        ) -> Result<()> {
            let columns = columns.join(", ");
            let types = self.column_types(table, &columns)?;
            let mut tx = self.tx.borrow_mut();
            let copy = tx.copy_in(&format!("COPY {table} ({columns}) FROM STDIN BINARY"))?;
            let mut writer = BinaryCopyInWriter::new(copy, &types);
            for row in rows {
                writer.write(&params(row))?;
            }
            writer.finish()?;
            Ok(())
        }
    }

    fn params(values: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
        values.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
    }

    impl PgExec for PgConn<'_> {
        fn execute(&self, stmt: &postgres::Statement, values: &[Value]) -> Result<usize> {
            let n = self.tx.borrow_mut().execute(stmt, &params(values))?;
            Ok(usize::try_from(n).unwrap_or(usize::MAX))
        }

        fn bind(&self, stmt: &postgres::Statement, values: &[Value]) -> Result<postgres::Portal> {
            Ok(self.tx.borrow_mut().bind(stmt, &params(values))?)
        }

        fn fetch(&self, portal: &postgres::Portal) -> Result<Vec<postgres::Row>> {
            Ok(self.tx.borrow_mut().query_portal(portal, PAGE)?)
        }
    }

    /// Rows read through a portal, a page at a time; other statements may
    /// run on the same transaction between pages.
    pub(crate) struct PgRows<'c> {
        conn: &'c (dyn PgExec + 'c),
        portal: postgres::Portal,
        page: VecDeque<postgres::Row>,
        done: bool,
    }

    impl<'c> PgRows<'c> {
        pub(super) fn new(
            conn: &'c (dyn PgExec + 'c),
            stmt: &postgres::Statement,
            values: &[Value],
        ) -> Result<PgRows<'c>> {
            Ok(PgRows {
                conn,
                portal: conn.bind(stmt, values)?,
                page: VecDeque::new(),
                done: false,
            })
        }

        pub(super) fn next(&mut self) -> Result<Option<Row>> {
            if self.page.is_empty() && !self.done {
                let rows = self.conn.fetch(&self.portal)?;
                self.done = rows.len() < usize::try_from(PAGE).unwrap_or(usize::MAX);
                self.page.extend(rows);
            }
            let Some(row) = self.page.pop_front() else {
                return Ok(None);
            };
            let mut values = Vec::with_capacity(row.len());
            for i in 0..row.len() {
                values.push(row.try_get::<_, Value>(i)?);
            }
            Ok(Some(Row { values }))
        }
    }

    type BoxError = Box<dyn StdError + Sync + Send>;

    impl ToSql for Value {
        fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
            match self {
                Value::Null => Ok(IsNull::Yes),
                Value::Int(n) => match *ty {
                    Type::INT8 => n.to_sql(ty, out),
                    Type::INT4 => i32::try_from(*n)?.to_sql(ty, out),
                    Type::INT2 => i16::try_from(*n)?.to_sql(ty, out),
                    Type::FLOAT8 => (*n as f64).to_sql(ty, out),
                    Type::FLOAT4 => (*n as f32).to_sql(ty, out),
                    Type::BOOL => (*n != 0).to_sql(ty, out),
                    Type::TEXT | Type::VARCHAR | Type::UNKNOWN => n.to_string().to_sql(ty, out),
                    _ => Err(format!("cannot send an integer as {ty}").into()),
                },
                Value::Real(x) => match *ty {
                    Type::FLOAT8 => x.to_sql(ty, out),
                    Type::FLOAT4 => (*x as f32).to_sql(ty, out),
                    Type::INT8 if x.fract() == 0.0 => (*x as i64).to_sql(ty, out),
                    _ => Err(format!("cannot send a real as {ty}").into()),
                },
                Value::Text(text) => match *ty {
                    Type::BYTEA => text.as_bytes().to_sql(ty, out),
                    _ => text.as_str().to_sql(ty, out),
                },
                Value::Blob(bytes) => bytes.as_slice().to_sql(ty, out),
            }
        }

        fn accepts(_: &Type) -> bool {
            true
        }

        to_sql_checked!();
    }

    impl<'r> FromSql<'r> for Value {
        fn from_sql(ty: &Type, raw: &'r [u8]) -> std::result::Result<Value, BoxError> {
            Ok(match *ty {
                Type::BOOL => Value::Int(i64::from(bool::from_sql(ty, raw)?)),
                Type::INT2 => Value::Int(i64::from(i16::from_sql(ty, raw)?)),
                Type::INT4 => Value::Int(i64::from(i32::from_sql(ty, raw)?)),
                Type::INT8 => Value::Int(i64::from_sql(ty, raw)?),
                Type::OID => Value::Int(i64::from(u32::from_sql(ty, raw)?)),
                Type::FLOAT4 => Value::Real(f64::from(f32::from_sql(ty, raw)?)),
                Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
                Type::NUMERIC => numeric(raw)?,
                Type::BYTEA => Value::Blob(raw.to_vec()),
                _ => Value::Text(String::from_utf8(raw.to_vec())?),
            })
        }

        fn from_sql_null(_: &Type) -> std::result::Result<Value, BoxError> {
            Ok(Value::Null)
        }

        fn accepts(_: &Type) -> bool {
            true
        }
    }

    /// A `numeric` in its binary form (what `sum` of integers gives):
    /// base-10000 digits with a weight and a sign; an integer when it has
    /// no fraction and fits, else a real.
    fn numeric(raw: &[u8]) -> std::result::Result<Value, BoxError> {
        let word = |i: usize| -> std::result::Result<i16, BoxError> {
            raw.get(i * 2..i * 2 + 2)
                .map(|b| i16::from_be_bytes([b[0], b[1]]))
                .ok_or_else(|| "a short numeric".into())
        };
        let ndigits = usize::try_from(word(0)?).map_err(|_| "a bad numeric")?;
        let weight = i32::from(word(1)?);
        let sign = word(2)? as u16;
        if sign == 0xC000 {
            return Ok(Value::Real(f64::NAN));
        }
        let mut whole: i128 = 0;
        let mut fraction = false;
        let mut real = 0.0f64;
        for i in 0..ndigits {
            let digit = i128::from(word(4 + i)?);
            let power = weight - i32::try_from(i).unwrap_or(i32::MAX);
            real += digit as f64 * 10_000f64.powi(power);
            if power >= 0 {
                whole = whole
                    .saturating_add(digit.saturating_mul(10_000i128.saturating_pow(power as u32)));
            } else if digit != 0 {
                fraction = true;
            }
        }
        let negative = sign == 0x4000;
        if !fraction {
            if let Ok(n) = i64::try_from(if negative { -whole } else { whole }) {
                return Ok(Value::Int(n));
            }
        }
        Ok(Value::Real(if negative { -real } else { real }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_postgres_dialect_numbers_parameters_and_renames_functions() {
        assert_eq!(
            pg_dialect("SELECT id FROM t WHERE (?1 IS NULL OR instr(norm, ?3) > 0) AND x = '?'"),
            "SELECT id FROM t WHERE ($1 IS NULL OR strpos(norm, $3) > 0) AND x = '?'"
        );
        assert_eq!(pg_dialect("VALUES (?, ?)"), "VALUES ($1, $2)");
        assert_eq!(
            pg_dialect("substr(CAST(a.text AS BLOB), s.start_byte + 1, 3), constr(x)"),
            "substr(convert_to(a.text, 'UTF8'), s.start_byte + 1, 3), constr(x)"
        );
    }

    #[test]
    fn rows_read_back_as_the_types_asked_for_and_say_what_they_hold_otherwise() {
        let row = Row {
            values: vec![
                Value::Int(7),
                Value::Null,
                Value::Real(3.0),
                Value::Text("Velmora".into()),
            ],
        };
        assert_eq!(row.get::<_, i64>(0usize).unwrap(), 7);
        assert_eq!(row.get::<_, Option<String>>(1usize).unwrap(), None);
        assert_eq!(row.get::<_, i64>(2usize).unwrap(), 3);
        assert_eq!(row.get::<_, String>(3usize).unwrap(), "Velmora");
        assert!(matches!(
            row.get::<_, i64>(3usize),
            Err(Error::Type {
                column: 3,
                found: "text",
                ..
            })
        ));
    }
}
