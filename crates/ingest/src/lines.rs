//! Bounded line and block reading over a buffered stream, counting offsets.

use std::io::{self, BufRead, Read};

/// What [`Stream::read_line`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Line {
    /// The stream had ended: no bytes were read.
    Eof,
    /// A line (without its `\n`, and without a `\r` before it) is in the buffer.
    Complete,
    /// The line was longer than the limit; it was skipped without being kept.
    /// Holds its length in bytes (without the line end).
    TooLong(u64),
}

/// A buffered reader that knows how many bytes it has consumed.
pub(crate) struct Stream<R> {
    inner: R,
    offset: u64,
}

impl<R: BufRead> Stream<R> {
    pub(crate) fn new(inner: R) -> Self {
        Stream { inner, offset: 0 }
    }

    /// Bytes consumed so far.
    pub(crate) fn offset(&self) -> u64 {
        self.offset
    }

    pub(crate) fn get_ref(&self) -> &R {
        &self.inner
    }

    fn fill(&mut self) -> io::Result<&[u8]> {
        loop {
            match self.inner.fill_buf() {
                Ok(_) => break,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => return Err(err),
            }
        }
        self.inner.fill_buf()
    }

    /// Reads one line into `buf` (cleared first), keeping at most `limit`
    /// bytes; a longer line is consumed and reported as [`Line::TooLong`].
    pub(crate) fn read_line(&mut self, buf: &mut Vec<u8>, limit: usize) -> io::Result<Line> {
        buf.clear();
        let mut length: u64 = 0;
        let mut any = false;
        let mut overflow = false;
        loop {
            let available = self.fill()?;
            if available.is_empty() {
                break;
            }
            any = true;
            let (take, done) = match memchr::memchr(b'\n', available) {
                Some(pos) => (pos + 1, true),
                None => (available.len(), false),
            };
            let content = if done {
                &available[..take - 1]
            } else {
                &available[..take]
            };
            length += content.len() as u64;
            if !overflow {
                if buf.len() + content.len() > limit {
                    overflow = true;
                    buf.clear();
                } else {
                    buf.extend_from_slice(content);
                }
            }
            self.inner.consume(take);
            self.offset += take as u64;
            if done {
                break;
            }
        }
        if !any {
            return Ok(Line::Eof);
        }
        if overflow {
            return Ok(Line::TooLong(length));
        }
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        Ok(Line::Complete)
    }

    /// Reads up to `n` bytes into `buf` (cleared first); returns false when
    /// the stream ended first.
    pub(crate) fn read_block(&mut self, n: u64, buf: &mut Vec<u8>) -> io::Result<bool> {
        buf.clear();
        let got = (&mut self.inner).take(n).read_to_end(buf)?;
        self.offset += got as u64;
        Ok(got as u64 == n)
    }

    /// Skips up to `n` bytes without keeping them; returns false when the
    /// stream ended first.
    pub(crate) fn skip(&mut self, n: u64) -> io::Result<bool> {
        let got = io::copy(&mut (&mut self.inner).take(n), &mut io::sink())?;
        self.offset += got;
        Ok(got == n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_bounded_and_offsets_counted() {
        let data = b"short\r\nthis line is far too long\nlast";
        let mut stream = Stream::new(io::BufReader::with_capacity(4, &data[..]));
        let mut buf = Vec::new();
        assert_eq!(stream.read_line(&mut buf, 10).unwrap(), Line::Complete);
        assert_eq!(buf, b"short");
        assert_eq!(stream.offset(), 7);
        assert_eq!(stream.read_line(&mut buf, 10).unwrap(), Line::TooLong(25));
        assert_eq!(stream.read_line(&mut buf, 10).unwrap(), Line::Complete);
        assert_eq!(buf, b"last");
        assert_eq!(stream.read_line(&mut buf, 10).unwrap(), Line::Eof);
        assert_eq!(stream.offset(), data.len() as u64);
    }

    #[test]
    fn blocks_report_a_short_stream() {
        let mut stream = Stream::new(&b"abcdef"[..]);
        let mut buf = Vec::new();
        assert!(stream.read_block(2, &mut buf).unwrap());
        assert_eq!(buf, b"ab");
        assert!(stream.skip(2).unwrap());
        assert!(!stream.read_block(5, &mut buf).unwrap());
        assert_eq!(buf, b"ef");
        assert_eq!(stream.offset(), 6);
    }
}
