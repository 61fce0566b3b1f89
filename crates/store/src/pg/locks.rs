//! What many writers lock, and in which order, so that a batch holds the
//! store-wide lock only for the part that needs it.
//!
//! A write transaction takes, in this order and never otherwise:
//!
//! 1. the documents it writes ([`DOCS`], one lock per document id): two
//!    workers that read the same document store it once, one after the
//!    other;
//! 2. the merged events it reports to or takes reports from ([`EVENTS`],
//!    one lock per event key): an event's reports are counted by one writer
//!    at a time, each seeing the reports committed before it;
//! 3. [`super::WRITE_LOCK`], the store-wide lock, only for what needs one
//!    writer at a time: linking names to store entities (which depends on
//!    every entity before it), stories and the clusterer's state, the
//!    site-block counts.
//!
//! Each class is taken in one statement, sorted, so locks are always taken
//! in one global order and two writers never wait for each other in a
//! circle. Everything a batch writes before the store-wide lock is a row
//! of its own documents or of its own events, which nobody else writes
//! without those locks. Keys are hashed to 32 bits with FNV-1a (fixed, so
//! every build on every machine locks the same number for the same key);
//! two keys with one hash only wait for each other.

use postgres::types::ToSql;

use crate::sql::pg::PgConn;
use crate::sql::Result;

/// The class of the per-document locks ("tdoc").
pub(super) const DOCS: i32 = 0x7464_6f63;
/// The class of the per-event locks ("tevt").
pub(super) const EVENTS: i32 = 0x7465_7674;

/// Takes the transaction-scoped locks of `keys` in `class`, in ascending
/// order of their hashes.
pub(super) fn lock<'k>(
    conn: &PgConn<'_>,
    class: i32,
    keys: impl IntoIterator<Item = &'k str>,
) -> Result<()> {
    let mut hashes: Vec<i32> = keys.into_iter().map(hash).collect();
    if hashes.is_empty() {
        return Ok(());
    }
    hashes.sort_unstable();
    hashes.dedup();
    // A function scan returns the array in its order, and the aggregate
    // takes each lock as its row comes.
    conn.query_pg(
        "SELECT count(pg_advisory_xact_lock($1, k)) FROM unnest($2::int4[]) AS k",
        &[
            &class as &(dyn ToSql + Sync),
            &hashes as &(dyn ToSql + Sync),
        ],
    )?;
    Ok(())
}

/// Takes the store-wide write lock.
pub(super) fn lock_store(conn: &PgConn<'_>) -> Result<()> {
    conn.query_pg(
        "SELECT pg_advisory_xact_lock($1)",
        &[&super::WRITE_LOCK as &(dyn ToSql + Sync)],
    )?;
    Ok(())
}

/// 32-bit FNV-1a of `key`, as a signed number.
fn hash(key: &str) -> i32 {
    let mut h: u32 = 0x811c_9dc5;
    for byte in key.bytes() {
        h ^= u32::from(byte);
        h = h.wrapping_mul(0x0100_0193);
    }
    i32::from_ne_bytes(h.to_ne_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_hash_as_fnv_1a_says() {
        // The published FNV-1a 32-bit values of "" and "a".
        assert_eq!(hash("") as u32, 0x811c_9dc5);
        assert_eq!(hash("a") as u32, 0xe40c_292c);
        assert_ne!(
            hash("s6:VELGOVc3:041d10:2026-03-02"),
            hash("s6:VELGOVc3:042d10:2026-03-02")
        );
    }
}
