//! An opened source: a named byte stream, gunzipped when it is gzip, with its
//! first bytes kept aside for sniffing.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use flate2::read::MultiGzDecoder;
use tidings_model::Origin;

use crate::error::{Error, Result};
use crate::sniff::SNIFF_LEN;

/// The name used in errors for bytes that came without a path.
const UNNAMED: &str = "<input>";

/// A source opened for reading: where it came from and its bytes, decompressed
/// when the stored bytes are gzip (concatenated members are read as one
/// stream). It implements [`Read`]; [`Input::head`] shows its first 8 KB
/// without consuming them, for [`crate::format::Format::sniff`].
///
/// Once a read fails, every later read fails the same way, so a reader never
/// mistakes a broken stream for a clean end.
pub struct Input {
    origin: Origin,
    head: Vec<u8>,
    head_pos: usize,
    rest: Box<dyn Read + Send>,
    size: Option<u64>,
    stored_read: Option<Arc<AtomicU64>>,
    consumed: u64,
    failed: Option<(io::ErrorKind, String)>,
    /// Bytes already in memory (not gzip), read from here and handed over
    /// whole by [`Input::take_whole`] without a copy.
    memory: Option<Memory>,
}

/// A source's bytes held in memory, and how far they have been read.
struct Memory {
    bytes: Vec<u8>,
    pos: usize,
}

impl Input {
    /// Opens a file. `origin.path` becomes the path as given.
    pub fn open(path: &Path) -> Result<Input> {
        let io_error = |source| Error::Io {
            path: path.to_path_buf(),
            record: None,
            source,
        };
        let file = File::open(path).map_err(io_error)?;
        let metadata = file.metadata().map_err(io_error)?;
        if metadata.is_dir() {
            return Err(io_error(io::Error::new(
                io::ErrorKind::IsADirectory,
                "is a directory",
            )));
        }
        let origin = Origin {
            path: Some(path.display().to_string()),
            record: None,
            offset: None,
        };
        let mut reader = BufReader::with_capacity(64 * 1024, file);
        let gzip = fill_some(&mut reader)
            .map_err(io_error)?
            .starts_with(&[0x1f, 0x8b]);
        Ok(Input::new(origin, reader, gzip, Some(metadata.len())))
    }

    /// Wraps bytes already in memory; `origin.path` names them in errors.
    pub fn from_bytes(bytes: Vec<u8>, origin: Origin) -> Input {
        let gzip = bytes.starts_with(&[0x1f, 0x8b]);
        let size = bytes.len() as u64;
        if gzip {
            return Input::new(origin, Cursor::new(bytes), gzip, Some(size));
        }
        let head = bytes[..bytes.len().min(SNIFF_LEN)].to_vec();
        Input {
            origin,
            head_pos: head.len(),
            head,
            rest: Box::new(io::empty()),
            size: Some(size),
            stored_read: None,
            consumed: 0,
            failed: None,
            memory: Some(Memory { bytes, pos: 0 }),
        }
    }

    /// All of the bytes, without a copy, when they were given in memory (not
    /// gzip) and none has been read yet; the input is then at its end.
    pub(crate) fn take_whole(&mut self) -> Option<Vec<u8>> {
        match &mut self.memory {
            Some(memory) if memory.pos == 0 => {
                let bytes = std::mem::take(&mut memory.bytes);
                self.consumed = bytes.len() as u64;
                Some(bytes)
            }
            _ => None,
        }
    }

    fn new(
        origin: Origin,
        raw: impl Read + Send + 'static,
        gzip: bool,
        stored_size: Option<u64>,
    ) -> Input {
        let (rest, size, stored_read): (Box<dyn Read + Send>, _, _) = if gzip {
            let counter = Arc::new(AtomicU64::new(0));
            let counting = Counting {
                inner: raw,
                count: Arc::clone(&counter),
            };
            (Box::new(MultiGzDecoder::new(counting)), None, Some(counter))
        } else {
            (Box::new(raw), stored_size, None)
        };
        let mut input = Input {
            origin,
            head: Vec::new(),
            head_pos: 0,
            rest,
            size,
            stored_read,
            consumed: 0,
            failed: None,
            memory: None,
        };
        input.fill_head();
        input
    }

    fn fill_head(&mut self) {
        let mut head = vec![0; SNIFF_LEN];
        let mut filled = 0;
        while filled < head.len() {
            match self.rest.read(&mut head[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => {
                    self.failed = Some((err.kind(), err.to_string()));
                    break;
                }
            }
        }
        head.truncate(filled);
        self.head = head;
    }

    /// The first bytes (up to 8 KB, decompressed) of the source, whether or
    /// not they have been read yet.
    pub fn head(&self) -> &[u8] {
        &self.head
    }

    /// Where the source came from.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The path named in errors: `origin.path`, or `<input>`.
    pub fn error_path(&self) -> PathBuf {
        PathBuf::from(self.origin.path.as_deref().unwrap_or(UNNAMED))
    }

    /// The path, for extension hints, if the source has one.
    pub fn path(&self) -> Option<&Path> {
        self.origin.path.as_deref().map(Path::new)
    }

    /// The size in bytes of the (decompressed) content, when known up front:
    /// known for plain files and bytes, unknown for gzip.
    pub fn size(&self) -> Option<u64> {
        self.size
    }

    /// Whether the stored bytes are gzip.
    pub fn is_gzip(&self) -> bool {
        self.stored_read.is_some()
    }

    /// How many stored bytes (compressed, for gzip) have been read so far.
    pub fn stored_bytes_read(&self) -> u64 {
        match &self.stored_read {
            Some(counter) => counter.load(Ordering::Relaxed),
            None => self.consumed,
        }
    }
}

impl Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(memory) = &mut self.memory {
            let rest = &memory.bytes[memory.pos..];
            let n = buf.len().min(rest.len());
            buf[..n].copy_from_slice(&rest[..n]);
            memory.pos += n;
            self.consumed += n as u64;
            return Ok(n);
        }
        if self.head_pos < self.head.len() {
            let n = buf.len().min(self.head.len() - self.head_pos);
            buf[..n].copy_from_slice(&self.head[self.head_pos..self.head_pos + n]);
            self.head_pos += n;
            self.consumed += n as u64;
            return Ok(n);
        }
        if let Some((kind, message)) = &self.failed {
            return Err(io::Error::new(*kind, message.clone()));
        }
        match self.rest.read(buf) {
            Ok(n) => {
                self.consumed += n as u64;
                Ok(n)
            }
            Err(err) if err.kind() == io::ErrorKind::Interrupted => Err(err),
            Err(err) => {
                self.failed = Some((err.kind(), err.to_string()));
                Err(err)
            }
        }
    }
}

/// Fills a fresh buffered reader as far as one read goes and returns what it holds.
fn fill_some<R: Read>(reader: &mut BufReader<R>) -> io::Result<&[u8]> {
    loop {
        match reader.fill_buf() {
            Ok(_) => break,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    reader.fill_buf()
}

/// Counts the bytes read through it, so errors can say where a compressed
/// stream broke.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn head_is_kept_and_then_read_again() {
        let text = "Velmora harbour. ".repeat(1000);
        let mut input = Input::from_bytes(text.clone().into_bytes(), Origin::default());
        assert_eq!(input.head().len(), SNIFF_LEN);
        assert_eq!(input.size(), Some(text.len() as u64));
        let mut all = String::new();
        input.read_to_string(&mut all).unwrap();
        assert_eq!(all, text);
    }

    #[test]
    fn bytes_in_memory_are_handed_over_whole_until_read() {
        let text = "Portavel quay reopened. ".repeat(600);
        let mut input = Input::from_bytes(text.clone().into_bytes(), Origin::default());
        assert_eq!(input.head(), &text.as_bytes()[..SNIFF_LEN]);
        assert_eq!(input.take_whole().as_deref(), Some(text.as_bytes()));
        assert_eq!(input.stored_bytes_read(), text.len() as u64);
        assert_eq!(
            input.read(&mut [0; 8]).unwrap(),
            0,
            "taken whole: at its end"
        );

        // Once reading has begun, the rest comes only through `read`.
        let mut input = Input::from_bytes(text.clone().into_bytes(), Origin::default());
        let mut first = [0; 10];
        input.read_exact(&mut first).unwrap();
        assert!(input.take_whole().is_none());
        let mut rest = Vec::new();
        input.read_to_end(&mut rest).unwrap();
        assert_eq!([&first[..], &rest[..]].concat(), text.as_bytes());

        // Gzip is read through its decoder, never handed over raw.
        let mut input = Input::from_bytes(gzip(text.as_bytes()), Origin::default());
        assert!(input.take_whole().is_none());
    }

    #[test]
    fn gzip_members_are_one_stream() {
        let mut bytes = gzip(b"first member, ");
        bytes.extend(gzip(b"second member"));
        let mut input = Input::from_bytes(bytes, Origin::default());
        assert!(input.is_gzip());
        assert_eq!(input.head(), b"first member, second member");
        let mut all = Vec::new();
        input.read_to_end(&mut all).unwrap();
        assert_eq!(all, b"first member, second member");
    }

    #[test]
    fn a_broken_stream_stays_broken() {
        let whole = gzip(&b"Portavel ferry timetable ".repeat(2000));
        let cut = whole[..whole.len() / 2].to_vec();
        let mut input = Input::from_bytes(cut, Origin::default());
        let mut all = Vec::new();
        assert!(input.read_to_end(&mut all).is_err());
        assert!(input.read(&mut [0; 16]).is_err());
    }

    #[test]
    fn opening_a_folder_or_missing_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = Input::open(dir.path()).err().unwrap();
        assert!(err.to_string().contains("is a directory"), "{err}");
        let err = Input::open(&dir.path().join("gone.txt")).err().unwrap();
        assert!(err.to_string().contains("cannot read"), "{err}");
    }
}
