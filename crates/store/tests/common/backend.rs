//! The backends a test suite runs on: each test written once as a function
//! of a [`Backend`], run on every backend by [`on_both_backends!`].
//!
//! PostgreSQL needs a server: `TIDINGS_TEST_PG` holds the URL of one whose
//! user may create databases (`scripts/pg-test-server.sh start` starts a
//! throwaway one and prints it). Each test gets a database of its own,
//! dropped afterwards. Without the variable the PostgreSQL tests print that
//! they are skipped and pass.

use std::ops::{Deref, DerefMut};

use tidings_store::{SqliteStore, Store};

/// Where a test's store lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A `SqliteStore` in a temporary directory.
    Sqlite,
    /// A `PgStore` in a new database of the server `TIDINGS_TEST_PG` names.
    #[cfg(feature = "postgres")]
    Postgres,
}

/// The variable naming the PostgreSQL server for the tests.
pub const PG_VARIABLE: &str = "TIDINGS_TEST_PG";

impl Backend {
    /// The PostgreSQL backend when a server is given, else `None` after
    /// saying the test is skipped.
    #[cfg(feature = "postgres")]
    pub fn postgres(test: &str) -> Option<Backend> {
        if std::env::var_os(PG_VARIABLE).is_some() {
            Some(Backend::Postgres)
        } else {
            // Straight to stderr: the harness captures `eprintln!` of a
            // passing test, and a skip must be seen.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "skipping {test} on PostgreSQL: {PG_VARIABLE} is not set \
                 (eval \"$(scripts/pg-test-server.sh start)\" sets it)"
            );
            None
        }
    }

    /// A new, empty store.
    pub fn fresh(self) -> TestStore {
        match self {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let store = SqliteStore::open(dir.path()).unwrap();
                TestStore {
                    store: Some(Box::new(store)),
                    home: Home::Dir(dir),
                }
            }
            #[cfg(feature = "postgres")]
            Backend::Postgres => {
                let db = pg::TestDatabase::create();
                let store = tidings_store::PgStore::open(&db.url).unwrap();
                TestStore {
                    store: Some(Box::new(store)),
                    home: Home::Pg(db),
                }
            }
        }
    }
}

/// A store under test and the directory or database it lives in (removed
/// when the value is dropped).
pub struct TestStore {
    store: Option<Box<dyn Store>>,
    home: Home,
}

enum Home {
    Dir(tempfile::TempDir),
    #[cfg(feature = "postgres")]
    Pg(pg::TestDatabase),
}

impl TestStore {
    /// Closes the store and opens it again from what it wrote.
    pub fn reopen(&mut self) {
        self.store = None;
        let store: Box<dyn Store> = match &self.home {
            Home::Dir(dir) => Box::new(SqliteStore::open_existing(dir.path()).unwrap()),
            #[cfg(feature = "postgres")]
            Home::Pg(db) => Box::new(tidings_store::PgStore::open(&db.url).unwrap()),
        };
        self.store = Some(store);
    }

    /// SQLite's integrity check (its file and full-text index); PostgreSQL
    /// keeps its index in the row itself (a generated column), so there is
    /// nothing to check there.
    pub fn check_integrity(&self) -> tidings_store::Result<()> {
        match &self.home {
            Home::Dir(dir) => SqliteStore::open_existing(dir.path())?.check_integrity(),
            #[cfg(feature = "postgres")]
            Home::Pg(_) => Ok(()),
        }
    }

    /// The directory of a SQLite store (`None` on PostgreSQL).
    pub fn sqlite_dir(&self) -> Option<&std::path::Path> {
        match &self.home {
            Home::Dir(dir) => Some(dir.path()),
            #[cfg(feature = "postgres")]
            Home::Pg(_) => None,
        }
    }

    /// The URL of the test's own PostgreSQL database (`None` on SQLite).
    pub fn pg_url(&self) -> Option<&str> {
        match &self.home {
            Home::Dir(_) => None,
            #[cfg(feature = "postgres")]
            Home::Pg(db) => Some(&db.url),
        }
    }
}

impl Deref for TestStore {
    type Target = dyn Store;
    fn deref(&self) -> &(dyn Store + 'static) {
        self.store.as_deref().expect("the store is open")
    }
}

impl DerefMut for TestStore {
    fn deref_mut(&mut self) -> &mut (dyn Store + 'static) {
        self.store.as_deref_mut().expect("the store is open")
    }
}

impl Drop for TestStore {
    fn drop(&mut self) {
        // Close the connection before the database is dropped.
        self.store = None;
    }
}

#[cfg(feature = "postgres")]
pub mod pg {
    //! One database per test on the server `TIDINGS_TEST_PG` names.

    use std::sync::atomic::{AtomicUsize, Ordering};

    static NEXT: AtomicUsize = AtomicUsize::new(0);

    /// A database made for one test, dropped with the value.
    pub struct TestDatabase {
        pub url: String,
        pub name: String,
        admin: String,
    }

    impl TestDatabase {
        pub fn create() -> TestDatabase {
            let admin = std::env::var(super::PG_VARIABLE).unwrap();
            let name = format!(
                "tidings_test_{}_{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            );
            let mut client = postgres::Client::connect(&admin, postgres::NoTls)
                .unwrap_or_else(|err| panic!("cannot reach {}: {err}", super::PG_VARIABLE));
            client
                .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .unwrap();
            client
                .batch_execute(&format!("CREATE DATABASE {name}"))
                .unwrap();
            let url = with_database(&admin, &name);
            TestDatabase { url, name, admin }
        }

        /// A direct connection, for tests that change the database behind
        /// the store's back.
        pub fn connect(url: &str) -> postgres::Client {
            postgres::Client::connect(url, postgres::NoTls).unwrap()
        }
    }

    impl Drop for TestDatabase {
        fn drop(&mut self) {
            if let Ok(mut client) = postgres::Client::connect(&self.admin, postgres::NoTls) {
                let _ = client.batch_execute(&format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name
                ));
            }
        }
    }

    /// `url` with its database replaced by `name` (the query string kept).
    fn with_database(url: &str, name: &str) -> String {
        let (base, query) = match url.split_once('?') {
            Some((base, query)) => (base, Some(query)),
            None => (url, None),
        };
        let scheme_end = base.find("://").map(|at| at + 3).unwrap_or(0);
        let host_end = base[scheme_end..]
            .find('/')
            .map(|at| scheme_end + at)
            .unwrap_or(base.len());
        let mut out = format!("{}/{name}", &base[..host_end]);
        if let Some(query) = query {
            out.push('?');
            out.push_str(query);
        }
        out
    }
}

/// Runs each listed test function (`fn name(backend: Backend)`) as a test on
/// SQLite (`sqlite::name`) and, in a build with the `postgres` feature, on
/// PostgreSQL (`postgres::name`, skipped with a message when no server is
/// given).
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    super::$name($crate::common::Backend::Sqlite);
                }
            )*
        }
        #[cfg(feature = "postgres")]
        mod postgres {
            $(
                #[test]
                fn $name() {
                    if let Some(backend) = $crate::common::Backend::postgres(stringify!($name)) {
                        super::$name(backend);
                    }
                }
            )*
        }
    };
}
