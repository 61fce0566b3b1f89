//! Finding the files to read under the paths the user gave.

use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::Error;

/// The outcome of [`discover`]: the files to read, in order, and every path
/// that could not be walked.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Regular files, sorted by path within each argument, arguments in the order given.
    pub files: Vec<PathBuf>,
    /// One error per path or directory entry that could not be read.
    pub errors: Vec<Error>,
}

/// Walks the given paths (files or folders, recursively), returning every
/// regular file in a deterministic order (sorted by path within each argument,
/// arguments in the order given) plus an error for each path or directory
/// entry that could not be read (missing path, permission denied).
///
/// Hidden files and folders (names starting with `.`) inside a folder are
/// skipped; a path given explicitly is always tried. Symbolic links are
/// followed (a link loop is an error).
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut discovery = Discovery::default();
    for root in paths {
        let mut files = Vec::new();
        let walker = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => files.push(entry.into_path()),
                Ok(_) => {}
                Err(err) => discovery.errors.push(walk_error(root, err)),
            }
        }
        files.sort();
        discovery.files.extend(files);
    }
    discovery
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

fn walk_error(root: &Path, err: walkdir::Error) -> Error {
    let path = err.path().unwrap_or(root).to_path_buf();
    let source = if let Some(ancestor) = err.loop_ancestor() {
        io::Error::other(format!("symbolic link loop back to {}", ancestor.display()))
    } else {
        match err.into_io_error() {
            Some(source) => source,
            None => io::Error::other("cannot walk this path"),
        }
    };
    Error::Io {
        path,
        record: None,
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn walks_folders_in_sorted_order_and_keeps_argument_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/inner")).unwrap();
        fs::create_dir_all(root.join(".git")).unwrap();
        fs::write(root.join("b/z.txt"), "Zeta").unwrap();
        fs::write(root.join("b/inner/a.txt"), "Alpha").unwrap();
        fs::write(root.join("b/.hidden.txt"), "secret").unwrap();
        fs::write(root.join(".git/config"), "x").unwrap();
        fs::write(root.join("a.txt"), "First").unwrap();
        fs::write(root.join("tidings.db"), "not skipped").unwrap();

        let discovery = discover(&[root.join("b"), root.join("a.txt"), root.to_path_buf()]);
        assert!(discovery.errors.is_empty(), "{:?}", discovery.errors);
        let names: Vec<String> = discovery
            .files
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().display().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "b/inner/a.txt",
                "b/z.txt",
                "a.txt",
                "a.txt",
                "b/inner/a.txt",
                "b/z.txt",
                "tidings.db"
            ]
        );
    }

    #[test]
    fn a_missing_path_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-folder");
        let discovery = discover(std::slice::from_ref(&missing));
        assert!(discovery.files.is_empty());
        assert_eq!(discovery.errors.len(), 1);
        let message = discovery.errors[0].to_string();
        assert!(
            message.starts_with(&missing.display().to_string()),
            "{message}"
        );
        assert!(message.contains("cannot read"), "{message}");
    }

    #[test]
    fn a_hidden_path_given_explicitly_is_tried() {
        let dir = tempfile::tempdir().unwrap();
        let hidden = dir.path().join(".notes.txt");
        fs::write(&hidden, "Harbour notes").unwrap();
        assert_eq!(discover(std::slice::from_ref(&hidden)).files, [hidden]);
    }
}
