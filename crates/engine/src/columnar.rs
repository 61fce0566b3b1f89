//! Parquet files written a row group at a time (`tidings export --format
//! parquet`, feature `parquet`), with the `parquet` crate's column writer
//! (no arrow).
//!
//! A [`Table`] is given its columns once ([`Column`]: a name, a [`Kind`] and
//! whether it may be null) and then rows of [`Value`]s. Rows are kept in
//! per-column buffers until a row group is full (a number of rows or of
//! buffered bytes, whichever comes first), then encoded (zstd) into a spool
//! and copied to the output, so memory holds at most one row group whatever
//! the size of the export. The output needs no seeking: standard output
//! works.
//!
//! Types: text is `BYTE_ARRAY (STRING)`, whole numbers `INT64` (`INT32` for
//! small codes), numbers `DOUBLE` or `FLOAT`, days `INT32 (DATE)`, instants
//! `INT64 (TIMESTAMP(MICROS, UTC))`, lists of text the three-level `LIST`
//! (`required group name (LIST) { repeated group list { required binary
//! element (STRING); } }`), an empty list an empty list.

use std::io::Write;
use std::sync::{Arc, Mutex};

use parquet::basic::Compression;
use parquet::column::writer::ColumnWriter;
use parquet::data_type::ByteArray;
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;

/// A row group is written when it holds this many rows…
const GROUP_ROWS: usize = 100_000;
/// …or this many bytes of values, whichever comes first.
const GROUP_BYTES: usize = 32 << 20;

/// A column's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// UTF-8 text.
    Text,
    /// A 64-bit signed integer.
    Int64,
    /// A 32-bit signed integer (small codes such as a quad class).
    Int32,
    /// A 32-bit float.
    Float,
    /// A 64-bit float.
    Double,
    /// True or false.
    Bool,
    /// A calendar day.
    Date,
    /// An instant in UTC, to the microsecond.
    Timestamp,
    /// A list of texts.
    TextList,
}

/// One column of a table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    pub name: &'static str,
    pub kind: Kind,
    /// Whether the column may hold nulls (lists never do: empty is empty).
    pub nullable: bool,
}

/// A column that is never null.
pub(crate) const fn required(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        nullable: false,
    }
}

/// A column that may be null.
pub(crate) const fn optional(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        nullable: true,
    }
}

/// One value of a row, of the kind its column has.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Value<'a> {
    Null,
    Text(&'a str),
    Int(i64),
    Float(f32),
    Double(f64),
    Bool(bool),
    Date(jiff::civil::Date),
    Timestamp(jiff::Timestamp),
    List(&'a [String]),
}

impl<'a> Value<'a> {
    /// Text or null.
    pub fn text(text: Option<&'a str>) -> Value<'a> {
        text.map_or(Value::Null, Value::Text)
    }

    /// A count (never past `i64::MAX` in practice; saturates if it were).
    pub fn count(n: u64) -> Value<'static> {
        Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }

    /// A count or null.
    pub fn count_or_null(n: Option<u64>) -> Value<'static> {
        n.map_or(Value::Null, Value::count)
    }
}

/// The values of one column waiting for the next row group.
enum Values {
    /// Texts end to end, with where each ends (made `ByteArray`s only when
    /// written, a slice at a time, so a row group costs its bytes and a word
    /// per value).
    Bytes {
        data: Vec<u8>,
        ends: Vec<usize>,
    },
    I64(Vec<i64>),
    I32(Vec<i32>),
    F32(Vec<f32>),
    F64(Vec<f64>),
    Bool(Vec<bool>),
}

struct Buffer {
    values: Values,
    /// Definition levels (nullable columns and lists).
    defs: Vec<i16>,
    /// Repetition levels (lists).
    reps: Vec<i16>,
}

/// Bytes written by the file writer, waiting to be copied to the output.
#[derive(Clone, Default)]
struct Spool(Arc<Mutex<Vec<u8>>>);

impl Spool {
    fn take(&self) -> Vec<u8> {
        let mut bytes = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        std::mem::take(&mut *bytes)
    }
}

impl Write for Spool {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut bytes = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A Parquet file being written; each call that may complete a row group
/// takes the output to copy it to.
pub(crate) struct Table {
    columns: &'static [Column],
    buffers: Vec<Buffer>,
    rows: usize,
    bytes: usize,
    writer: SerializedFileWriter<Spool>,
    spool: Spool,
}

impl Table {
    /// A table named `name` with `columns`.
    pub fn new(name: &str, columns: &'static [Column]) -> std::io::Result<Table> {
        let schema =
            parquet::schema::parser::parse_message_type(&schema(name, columns)).map_err(to_io)?;
        let properties = WriterProperties::builder()
            .set_compression(Compression::ZSTD(Default::default()))
            .set_created_by(format!("tidings {}", env!("CARGO_PKG_VERSION")))
            .build();
        let spool = Spool::default();
        let writer =
            SerializedFileWriter::new(spool.clone(), Arc::new(schema), Arc::new(properties))
                .map_err(to_io)?;
        let buffers = columns
            .iter()
            .map(|column| Buffer {
                values: match column.kind {
                    Kind::Text | Kind::TextList => Values::Bytes {
                        data: Vec::new(),
                        ends: Vec::new(),
                    },
                    Kind::Int64 | Kind::Timestamp => Values::I64(Vec::new()),
                    Kind::Int32 | Kind::Date => Values::I32(Vec::new()),
                    Kind::Float => Values::F32(Vec::new()),
                    Kind::Double => Values::F64(Vec::new()),
                    Kind::Bool => Values::Bool(Vec::new()),
                },
                defs: Vec::new(),
                reps: Vec::new(),
            })
            .collect();
        Ok(Table {
            columns,
            buffers,
            rows: 0,
            bytes: 0,
            writer,
            spool,
        })
    }

    /// Adds one row: one value per column, in the columns' order. A value of
    /// the wrong kind, or a null in a column that is never null, is an error
    /// (a bug in the caller's row, never written).
    pub fn push(&mut self, row: &[Value<'_>], out: &mut dyn Write) -> std::io::Result<()> {
        if row.len() != self.columns.len() {
            return Err(bug(format!(
                "a row of {} values for {} columns",
                row.len(),
                self.columns.len()
            )));
        }
        // Check every value before buffering any, so a bad row leaves no
        // half-row behind.
        for (column, value) in self.columns.iter().zip(row) {
            if !fits(column, value) {
                return Err(bug(format!("{value:?} in column {}", column.name)));
            }
        }
        for ((column, buffer), value) in self.columns.iter().zip(&mut self.buffers).zip(row) {
            self.bytes += push_value(column, buffer, value);
        }
        self.rows += 1;
        if self.rows >= GROUP_ROWS || self.bytes >= GROUP_BYTES {
            self.write_group(out)?;
        }
        Ok(())
    }

    /// Writes the last row group and the footer. A table of no rows is a
    /// valid file with the columns and no row group.
    pub fn finish(mut self, out: &mut dyn Write) -> std::io::Result<()> {
        if self.rows > 0 {
            self.write_group(out)?;
        }
        self.writer.finish().map_err(to_io)?;
        out.write_all(&self.spool.take())
    }

    fn write_group(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut group = self.writer.next_row_group().map_err(to_io)?;
        let mut buffers = self.buffers.iter_mut();
        while let Some(mut column) = group.next_column().map_err(to_io)? {
            let buffer = buffers
                .next()
                .ok_or_else(|| bug("more columns than buffers".into()))?;
            let defs = (!buffer.defs.is_empty()).then_some(buffer.defs.as_slice());
            let reps = (!buffer.reps.is_empty()).then_some(buffer.reps.as_slice());
            let written = match (column.untyped(), &buffer.values) {
                (ColumnWriter::ByteArrayColumnWriter(w), Values::Bytes { data, ends }) => {
                    write_texts(w, data, ends, &buffer.defs, &buffer.reps)
                }
                (ColumnWriter::Int64ColumnWriter(w), Values::I64(v)) => {
                    w.write_batch(v, defs, reps)
                }
                (ColumnWriter::Int32ColumnWriter(w), Values::I32(v)) => {
                    w.write_batch(v, defs, reps)
                }
                (ColumnWriter::FloatColumnWriter(w), Values::F32(v)) => {
                    w.write_batch(v, defs, reps)
                }
                (ColumnWriter::DoubleColumnWriter(w), Values::F64(v)) => {
                    w.write_batch(v, defs, reps)
                }
                (ColumnWriter::BoolColumnWriter(w), Values::Bool(v)) => {
                    w.write_batch(v, defs, reps)
                }
                _ => return Err(bug("a column's writer and buffer differ".into())),
            };
            written.map_err(to_io)?;
            column.close().map_err(to_io)?;
            buffer.clear();
        }
        group.close().map_err(to_io)?;
        self.rows = 0;
        self.bytes = 0;
        // What the file writer wrote so far goes to the output.
        out.write_all(&self.spool.take())
    }
}

impl Buffer {
    fn clear(&mut self) {
        match &mut self.values {
            Values::Bytes { data, ends } => {
                data.clear();
                ends.clear();
            }
            Values::I64(v) => v.clear(),
            Values::I32(v) => v.clear(),
            Values::F32(v) => v.clear(),
            Values::F64(v) => v.clear(),
            Values::Bool(v) => v.clear(),
        }
        self.defs.clear();
        self.reps.clear();
    }
}

/// Whether `value` may go in `column`.
fn fits(column: &Column, value: &Value<'_>) -> bool {
    matches!(
        (column.kind, value),
        (Kind::Text, Value::Text(_))
            | (Kind::Int64, Value::Int(_))
            | (Kind::Int32, Value::Int(_))
            | (Kind::Float, Value::Float(_))
            | (Kind::Double, Value::Double(_))
            | (Kind::Bool, Value::Bool(_))
            | (Kind::Date, Value::Date(_))
            | (Kind::Timestamp, Value::Timestamp(_))
            | (Kind::TextList, Value::List(_))
    ) || (column.nullable && matches!(value, Value::Null))
}

/// Buffers one checked value; returns about how many bytes it holds.
fn push_value(column: &Column, buffer: &mut Buffer, value: &Value<'_>) -> usize {
    if let Value::List(items) = value {
        if let Values::Bytes { data, ends } = &mut buffer.values {
            if items.is_empty() {
                buffer.defs.push(0);
                buffer.reps.push(0);
            }
            for (i, item) in items.iter().enumerate() {
                buffer.defs.push(1);
                buffer.reps.push(i16::from(i > 0));
                data.extend_from_slice(item.as_bytes());
                ends.push(data.len());
            }
        }
        return items.iter().map(|item| item.len() + 12).sum::<usize>() + 4;
    }
    if column.nullable {
        buffer.defs.push(i16::from(!matches!(value, Value::Null)));
    }
    match (&mut buffer.values, value) {
        (Values::Bytes { data, ends }, Value::Text(text)) => {
            data.extend_from_slice(text.as_bytes());
            ends.push(data.len());
            text.len() + 10
        }
        (Values::I64(v), Value::Int(n)) => {
            v.push(*n);
            8
        }
        (Values::I64(v), Value::Timestamp(t)) => {
            v.push(t.as_microsecond());
            8
        }
        (Values::I32(v), Value::Int(n)) => {
            v.push(i32::try_from(*n).unwrap_or(if *n < 0 { i32::MIN } else { i32::MAX }));
            4
        }
        (Values::I32(v), Value::Date(date)) => {
            v.push(days_since_epoch(*date));
            4
        }
        (Values::F32(v), Value::Float(x)) => {
            v.push(*x);
            4
        }
        (Values::F64(v), Value::Double(x)) => {
            v.push(*x);
            8
        }
        (Values::Bool(v), Value::Bool(b)) => {
            v.push(*b);
            1
        }
        // A null: its definition level says so, no value is kept.
        _ => 1,
    }
}

/// Texts are handed to the column writer this many levels at a time.
const TEXT_SLICE: usize = 4096;

/// Writes a text column's buffered values a slice at a time; a slice ends
/// where a row starts (a list is never cut). Definition levels, where there
/// are any, are 1 for a value and 0 for a null or an empty list.
fn write_texts(
    writer: &mut parquet::column::writer::ColumnWriterImpl<'_, parquet::data_type::ByteArrayType>,
    data: &[u8],
    ends: &[usize],
    defs: &[i16],
    reps: &[i16],
) -> parquet::errors::Result<usize> {
    let levels = if defs.is_empty() {
        ends.len()
    } else {
        defs.len()
    };
    let (mut level, mut value, mut written) = (0, 0, 0);
    let mut slice = Vec::with_capacity(TEXT_SLICE);
    while level < levels {
        let mut end = (level + TEXT_SLICE).min(levels);
        while end < levels && reps.get(end).is_some_and(|&rep| rep != 0) {
            end += 1;
        }
        let values = if defs.is_empty() {
            end - level
        } else {
            defs[level..end].iter().filter(|&&def| def == 1).count()
        };
        slice.clear();
        for i in value..value + values {
            let start = if i == 0 { 0 } else { ends[i - 1] };
            slice.push(ByteArray::from(data[start..ends[i]].to_vec()));
        }
        let part_defs = (!defs.is_empty()).then(|| &defs[level..end]);
        let part_reps = (!reps.is_empty()).then(|| &reps[level..end]);
        written += writer.write_batch(&slice, part_defs, part_reps)?;
        level = end;
        value += values;
    }
    Ok(written)
}

/// Days from 1970-01-01 to `date`, as Parquet's DATE counts.
fn days_since_epoch(date: jiff::civil::Date) -> i32 {
    let epoch = jiff::civil::date(1970, 1, 1);
    // jiff's dates lie within ±9999 years: the count fits an i32.
    epoch
        .until((jiff::Unit::Day, date))
        .map_or(0, |span| span.get_days())
}

/// The schema in Parquet's message syntax.
fn schema(name: &str, columns: &[Column]) -> String {
    let mut text = format!("message {name} {{\n");
    for column in columns {
        let repetition = if column.nullable {
            "optional"
        } else {
            "required"
        };
        let name = column.name;
        let line = match column.kind {
            Kind::Text => format!("{repetition} binary {name} (STRING);"),
            Kind::Int64 => format!("{repetition} int64 {name};"),
            Kind::Int32 => format!("{repetition} int32 {name};"),
            Kind::Float => format!("{repetition} float {name};"),
            Kind::Double => format!("{repetition} double {name};"),
            Kind::Bool => format!("{repetition} boolean {name};"),
            Kind::Date => format!("{repetition} int32 {name} (DATE);"),
            Kind::Timestamp => {
                format!("{repetition} int64 {name} (TIMESTAMP(MICROS,true));")
            }
            Kind::TextList => format!(
                "required group {name} (LIST) {{ repeated group list {{ required binary \
                 element (STRING); }} }}"
            ),
        };
        text.push_str("  ");
        text.push_str(&line);
        text.push('\n');
    }
    text.push('}');
    text
}

fn to_io(err: ParquetError) -> std::io::Error {
    match err {
        ParquetError::External(inner) => match inner.downcast::<std::io::Error>() {
            Ok(io) => *io,
            Err(other) => std::io::Error::other(other),
        },
        other => std::io::Error::other(other),
    }
}

fn bug(what: String) -> std::io::Error {
    std::io::Error::other(format!("parquet export: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use parquet::file::reader::{FileReader, SerializedFileReader};

    const COLUMNS: &[Column] = &[
        required("id", Kind::Int64),
        optional("day", Kind::Date),
        required("names", Kind::TextList),
        optional("text", Kind::Text),
    ];

    fn read(bytes: Vec<u8>) -> SerializedFileReader<std::fs::File> {
        let mut file = tempfile::tempfile().expect("temp file");
        file.write_all(&bytes).expect("write");
        SerializedFileReader::new(file).expect("a Parquet file")
    }

    #[test]
    fn row_groups_are_bounded_by_rows_and_written_as_they_fill() {
        let mut table = Table::new("t", COLUMNS).expect("table");
        let mut out = Vec::new();
        let names = ["Ana Ferrol".to_string(), "Velmora".to_string()];
        let rows = 2 * GROUP_ROWS + 7;
        for i in 0..rows {
            let day = jiff::civil::date(2026, 1, 1 + (i % 28) as i8);
            let row = [
                Value::Int(i as i64),
                if i % 3 == 0 {
                    Value::Null
                } else {
                    Value::Date(day)
                },
                Value::List(if i % 2 == 0 { &names } else { &[] }),
                Value::Text("a line"),
            ];
            table.push(&row, &mut out).expect("push");
            if i == GROUP_ROWS {
                // The first group already went out; nothing else is held.
                assert!(out.len() > 1000, "{} bytes out", out.len());
            }
        }
        table.finish(&mut out).expect("finish");
        let reader = read(out);
        let meta = reader.metadata();
        assert_eq!(meta.num_row_groups(), 3);
        assert_eq!(meta.file_metadata().num_rows(), rows as i64);
        assert_eq!(meta.row_group(0).num_rows(), GROUP_ROWS as i64);
        assert_eq!(meta.row_group(2).num_rows(), 7);
        let mut all = reader.get_row_iter(None).expect("rows");
        let text = all.nth(4).expect("row 4").expect("a row").to_string();
        assert!(text.contains("id: 4"), "{text}");
        assert!(text.contains("day: 2026-01-05"), "{text}");
        assert!(text.contains("[\"Ana Ferrol\", \"Velmora\"]"), "{text}");
        // Past the first slice of texts, and in the second group.
        let text = all
            .nth(9_000 - 5)
            .expect("row 9000")
            .expect("a row")
            .to_string();
        assert!(text.contains("id: 9000,"), "{text}");
        assert!(text.contains("day: null"), "{text}");
        assert!(text.contains("[\"Ana Ferrol\", \"Velmora\"]"), "{text}");
        let text = all
            .nth(GROUP_ROWS - 9_000)
            .expect("a row")
            .expect("a row")
            .to_string();
        assert!(text.contains(&format!("id: {},", GROUP_ROWS + 1)), "{text}");
        assert!(text.contains("names: []"), "{text}");
        assert!(text.contains("text: \"a line\""), "{text}");
    }

    #[test]
    fn row_groups_are_bounded_by_bytes() {
        let mut table = Table::new("t", COLUMNS).expect("table");
        let mut out = Vec::new();
        let long = "word ".repeat(200_000); // 1 MB of text a row
        for i in 0..100 {
            let row = [
                Value::Int(i),
                Value::Null,
                Value::List(&[]),
                Value::Text(&long),
            ];
            table.push(&row, &mut out).expect("push");
        }
        table.finish(&mut out).expect("finish");
        let reader = read(out);
        let meta = reader.metadata();
        let per_group = GROUP_BYTES.div_ceil(long.len() + 10) as i64;
        assert_eq!(meta.row_group(0).num_rows(), per_group);
        assert_eq!(
            meta.num_row_groups() as i64,
            (100 + per_group - 1) / per_group
        );
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_refused_whole() {
        let mut table = Table::new("t", COLUMNS).expect("table");
        let mut out = Vec::new();
        let bad = [
            Value::Int(1),
            Value::Null,
            Value::List(&[]),
            Value::Int(2), // not text
        ];
        assert!(table.push(&bad, &mut out).is_err());
        let null_id = [Value::Null, Value::Null, Value::List(&[]), Value::Null];
        assert!(table.push(&null_id, &mut out).is_err());
        assert!(table.push(&bad[..2], &mut out).is_err());
        let good = [Value::Int(3), Value::Null, Value::List(&[]), Value::Null];
        table.push(&good, &mut out).expect("push");
        table.finish(&mut out).expect("finish");
        let reader = read(out);
        assert_eq!(reader.metadata().file_metadata().num_rows(), 1);
    }

    #[test]
    fn the_schema_has_parquets_logical_types() {
        let text = schema("t", COLUMNS);
        let parsed = parquet::schema::parser::parse_message_type(&text).expect("schema parses");
        let printed = format!("{parsed:?}");
        assert!(printed.contains("Date"), "{printed}");
        assert!(printed.contains("List"), "{printed}");
        assert_eq!(days_since_epoch(jiff::civil::date(1970, 1, 2)), 1);
        assert_eq!(days_since_epoch(jiff::civil::date(1969, 12, 31)), -1);
        assert_eq!(days_since_epoch(jiff::civil::date(2026, 1, 1)), 20_454);
    }
}
