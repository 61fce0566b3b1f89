//! Issue 14: a 20 MB feed and a feed of 10,000 entries stream: reading
//! holds the feed's bytes and text and one entry at a time, so the memory
//! in use does not grow as entries are read, and the peak is a small
//! multiple of the feed's size (its bytes, their decoded text, and the
//! growth of that text while it is decoded: under 5 times, measured about
//! 3.8). A counting allocator measures the bytes live on the heap (this
//! test binary only).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use tidings_ingest::{read_bytes, IngestConfig};
use tidings_model::Origin;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(live, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let live = LIVE.fetch_add(new_size - layout.size(), Ordering::SeqCst)
                + (new_size - layout.size());
            PEAK.fetch_max(live, Ordering::SeqCst);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::SeqCst);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// An RSS 2.0 feed of `entries` items, each with about `body` bytes of text.
fn feed(entries: usize, body: usize) -> Vec<u8> {
    let sentence = "The harbour office in Velmora said the ferries to Kerra would sail again on Monday after the storm. ";
    let text: String = sentence.repeat(body / sentence.len() + 1);
    let mut out = String::with_capacity(entries * (body + 300) + 200);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Velmora Courier</title><link>https://courier.example/</link><description>news</description>\n");
    for n in 0..entries {
        out.push_str(&format!(
            "<item><title>Ferry news {n}</title><link>https://courier.example/{n}</link><pubDate>Mon, 19 Jan 2026 06:30:00 GMT</pubDate><description>Item {n}. {text}</description></item>\n"
        ));
    }
    out.push_str("</channel></rss>\n");
    out.into_bytes()
}

/// Reads every entry of `bytes`, keeping none; returns the entries read,
/// the most bytes live while reading (beyond those live before) and the
/// live bytes after the first tenth and after nine tenths of the entries.
fn stream(bytes: Vec<u8>, entries: usize) -> (usize, usize, usize, usize) {
    let size = bytes.len();
    let before = LIVE.load(Ordering::SeqCst) - size;
    PEAK.store(LIVE.load(Ordering::SeqCst), Ordering::SeqCst);
    let origin = Origin {
        path: Some("big.rss".into()),
        ..Origin::default()
    };
    let (mut read, mut early, mut late) = (0, 0, 0);
    for doc in read_bytes(bytes, origin, &IngestConfig::default()) {
        let doc = doc.expect("an entry");
        assert!(doc.hints.url.is_some());
        read += 1;
        if read == entries / 10 {
            early = LIVE.load(Ordering::SeqCst);
        }
        if read == entries * 9 / 10 {
            late = LIVE.load(Ordering::SeqCst);
        }
    }
    let peak = PEAK.load(Ordering::SeqCst) - before;
    eprintln!("{size} bytes, {read} entries: peak {peak} bytes live, {early} after a tenth, {late} after nine tenths");
    (read, peak, early, late)
}

#[test]
fn issue_14_big_feeds_stream_in_bounded_memory() {
    // 10,000 small entries: what is live does not grow from the first
    // thousand entries to the nine-thousandth.
    let many = feed(10_000, 200);
    let size = many.len();
    let (read, peak, early, late) = stream(many, 10_000);
    assert_eq!(read, 10_000);
    assert!(
        late <= early + 64 * 1024,
        "memory grew while streaming: {early} bytes live after 1,000 entries, {late} after 9,000"
    );
    assert!(
        peak < 5 * size + (1 << 20),
        "peak {peak} bytes for a feed of {size} bytes"
    );

    // 20 MB in 2,000 larger entries: the same bound.
    let big = feed(2_000, 10_000);
    let size = big.len();
    assert!(size >= 20_000_000, "{size}");
    let (read, peak, early, late) = stream(big, 2_000);
    assert_eq!(read, 2_000);
    assert!(late <= early + 64 * 1024, "{early} then {late}");
    assert!(peak < 5 * size + (1 << 20), "peak {peak} bytes for {size}");
}
