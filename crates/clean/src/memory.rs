//! SiteMemory: how many documents of each site contain each block, so that a
//! site's template (footers, menus, notices) can be recognised.

use std::collections::HashMap;

/// Counts of block fingerprints per site: in how many documents of the site
/// each block was seen. The batch pipeline fills it between [`crate::draft`] and
/// [`crate::finish`]; the store persists it between runs.
#[derive(Debug, Default, Clone)]
pub struct SiteMemory {
    sites: HashMap<String, HashMap<u64, u32>>,
}

impl SiteMemory {
    /// An empty memory.
    pub fn new() -> SiteMemory {
        SiteMemory::default()
    }

    /// Records that one document of `site` contains these (distinct) block
    /// fingerprints. Duplicates in `fingerprints` are counted once.
    pub fn observe(&mut self, site: &str, fingerprints: &[u64]) {
        let counts = self.sites.entry(site.to_string()).or_default();
        let mut seen: Vec<u64> = fingerprints.to_vec();
        seen.sort_unstable();
        seen.dedup();
        for fingerprint in seen {
            let count = counts.entry(fingerprint).or_insert(0);
            *count = count.saturating_add(1);
        }
    }

    /// Loads counts persisted by the store for `site` (adds to what is there).
    pub fn load(&mut self, site: &str, counts: &[(u64, u32)]) {
        let known = self.sites.entry(site.to_string()).or_default();
        for &(fingerprint, count) in counts {
            let entry = known.entry(fingerprint).or_insert(0);
            *entry = entry.saturating_add(count);
        }
    }

    /// True if counts for `site` were loaded or observed.
    pub fn knows(&self, site: &str) -> bool {
        self.sites.contains_key(site)
    }

    /// In how many documents of `site` this fingerprint was seen.
    pub fn count(&self, site: &str, fingerprint: u64) -> u32 {
        self.sites
            .get(site)
            .and_then(|counts| counts.get(&fingerprint))
            .copied()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn observe_counts_documents_and_load_adds() {
        let mut memory = SiteMemory::new();
        assert!(!memory.knows("velmora.example"));
        memory.observe("velmora.example", &[1, 2, 2]);
        memory.observe("velmora.example", &[2]);
        assert!(memory.knows("velmora.example"));
        assert_eq!(memory.count("velmora.example", 2), 2);
        assert_eq!(memory.count("velmora.example", 1), 1);
        assert_eq!(memory.count("portavel.example", 2), 0);
        memory.load("velmora.example", &[(2, 5), (9, 1)]);
        assert_eq!(memory.count("velmora.example", 2), 7);
        assert_eq!(memory.count("velmora.example", 9), 1);
    }
}
