//! A small little-endian binary encoding for the snapshots of the dedup
//! stage's state (written by us, read back by us; a damaged snapshot is an
//! error, never a panic).

use std::fmt;

/// A snapshot that cannot be read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotError {
    /// What was wrong.
    pub why: String,
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "damaged dedup snapshot: {}", self.why)
    }
}

impl std::error::Error for SnapshotError {}

/// Appends values to a byte vector.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    pub(crate) bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn u32(&mut self, n: u32) {
        self.bytes.extend_from_slice(&n.to_le_bytes());
    }

    pub(crate) fn u64(&mut self, n: u64) {
        self.bytes.extend_from_slice(&n.to_le_bytes());
    }

    pub(crate) fn i64(&mut self, n: i64) {
        self.bytes.extend_from_slice(&n.to_le_bytes());
    }

    pub(crate) fn f64(&mut self, n: f64) {
        self.bytes.extend_from_slice(&n.to_bits().to_le_bytes());
    }

    /// A length as u32 (snapshots hold far fewer than 4 billion items).
    pub(crate) fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }

    pub(crate) fn str(&mut self, s: &str) {
        self.len(s.len());
        self.bytes.extend_from_slice(s.as_bytes());
    }

    pub(crate) fn raw(&mut self, bytes: &[u8]) {
        self.len(bytes.len());
        self.bytes.extend_from_slice(bytes);
    }
}

/// Reads values back, in order.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], SnapshotError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len());
        match end {
            Some(end) => {
                let slice = &self.bytes[self.at..end];
                self.at = end;
                Ok(slice)
            }
            None => Err(SnapshotError {
                why: format!(
                    "ends at byte {} where {n} more were expected",
                    self.bytes.len()
                ),
            }),
        }
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], SnapshotError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    pub(crate) fn u32(&mut self) -> Result<u32, SnapshotError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    pub(crate) fn u64(&mut self) -> Result<u64, SnapshotError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    pub(crate) fn i64(&mut self) -> Result<i64, SnapshotError> {
        Ok(i64::from_le_bytes(self.array()?))
    }

    pub(crate) fn f64(&mut self) -> Result<f64, SnapshotError> {
        Ok(f64::from_bits(u64::from_le_bytes(self.array()?)))
    }

    /// A length, checked against what is left (each item takes at least
    /// `min_item` bytes), so a damaged length cannot ask for a huge vector.
    pub(crate) fn len(&mut self, min_item: usize) -> Result<usize, SnapshotError> {
        let n = self.u32()? as usize;
        let left = self.bytes.len() - self.at;
        if n.saturating_mul(min_item.max(1)) > left {
            return Err(SnapshotError {
                why: format!("a count of {n} at byte {} exceeds what is left", self.at),
            });
        }
        Ok(n)
    }

    pub(crate) fn str(&mut self) -> Result<&'a str, SnapshotError> {
        let n = self.len(1)?;
        let bytes = self.take(n)?;
        std::str::from_utf8(bytes).map_err(|_| SnapshotError {
            why: "a term is not UTF-8".into(),
        })
    }

    pub(crate) fn raw(&mut self) -> Result<&'a [u8], SnapshotError> {
        let n = self.len(1)?;
        self.take(n)
    }

    pub(crate) fn expect(&mut self, magic: &[u8]) -> Result<(), SnapshotError> {
        if self.take(magic.len())? != magic {
            return Err(SnapshotError {
                why: format!("does not start with {:?}", String::from_utf8_lossy(magic)),
            });
        }
        Ok(())
    }

    pub(crate) fn done(&self) -> Result<(), SnapshotError> {
        if self.at != self.bytes.len() {
            return Err(SnapshotError {
                why: format!("{} bytes left over", self.bytes.len() - self.at),
            });
        }
        Ok(())
    }
}
