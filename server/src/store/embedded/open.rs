//! Opening a state directory: its lock, the database file, schema and recovery.

use super::{count, now_ms, record_bytes, Db, EmbeddedStore, Inner, StoreLimits};
use rusqlite::{params, Connection, ErrorCode, TransactionBehavior};
use std::fs::{DirBuilder, File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;

/// The schema this code writes (`PRAGMA user_version`); migrations key on it.
const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS once (
  key          TEXT PRIMARY KEY,
  kind         TEXT NOT NULL,
  id           TEXT NOT NULL,
  fingerprint  BLOB NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('claimed','done','unknown')),
  owner        TEXT,
  created      INTEGER NOT NULL,
  expires      INTEGER,
  status       INTEGER,
  body         TEXT,
  reason       TEXT,
  bytes        INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS once_expires ON once(expires) WHERE expires IS NOT NULL;
CREATE INDEX IF NOT EXISTS once_open    ON once(created) WHERE state <> 'done';
CREATE TABLE IF NOT EXISTS offers (
  id           TEXT PRIMARY KEY,
  iccid        TEXT NOT NULL,
  package_ids  TEXT NOT NULL,
  expires      INTEGER NOT NULL
);
";

/// Why a claim left by an earlier process is unknown.
const DEAD_CLAIM: &str = "the proxy stopped before ITT's answer was recorded";

/// How long a statement waits for SQLite's own lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Why the state directory could not be opened (the caller names the setting).
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The directory, lock file or database cannot be created or written.
    #[error("not writable: {0}")]
    NotWritable(io::Error),
    /// Another running process holds the directory's lock.
    #[error("in use by another running proxy{}; one process per state directory",
        pid.map(|p| format!(" (pid {p})")).unwrap_or_default())]
    InUse {
        /// The pid written in the lock file, if it could be read.
        pid: Option<u32>,
    },
    /// SQLite refused the database (corrupt, newer schema, ...).
    #[error("database: {0}")]
    Database(String),
}

/// A directory removed on drop ([`EmbeddedStore::temporary`]).
pub(super) struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn database(e: rusqlite::Error) -> OpenError {
    match e.sqlite_error_code() {
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            OpenError::NotWritable(io::Error::new(io::ErrorKind::PermissionDenied, e))
        }
        _ => OpenError::Database(e.to_string()),
    }
}

impl EmbeddedStore {
    /// Opens the state in `dir` for this process: creates the directory (0700) and
    /// `state.sqlite3` (0600) if missing, takes the exclusive lock `itt-esim.lock`
    /// (held until the store drops) and turns claims left by an earlier process
    /// unknown ([`EmbeddedStore::recovered`]).
    ///
    /// Errors: [`OpenError::InUse`] if another process holds the lock,
    /// [`OpenError::NotWritable`] if a file cannot be created or written,
    /// [`OpenError::Database`] if SQLite refuses the file.
    pub fn open(dir: &Path, limits: StoreLimits) -> Result<EmbeddedStore, OpenError> {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(OpenError::NotWritable)?;
        open_in(dir, limits, None)
    }

    /// A store in a fresh directory under the system's temp dir, removed when the
    /// store is dropped (`--sandbox` and tests).
    pub fn temporary(limits: StoreLimits) -> Result<EmbeddedStore, OpenError> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let dir =
                std::env::temp_dir().join(format!("itt-esim-state-{}-{n}", std::process::id()));
            // Never reuse a directory: a leftover of a dead process with our pid is skipped.
            match DirBuilder::new().mode(0o700).create(&dir) {
                Ok(()) => return open_in(&dir, limits, Some(TempDir(dir.clone()))),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(OpenError::NotWritable(e)),
            }
        }
    }
}

fn private_file(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)
}

fn open_in(
    dir: &Path,
    limits: StoreLimits,
    temp: Option<TempDir>,
) -> Result<EmbeddedStore, OpenError> {
    let lock_path = dir.join("itt-esim.lock");
    // Not truncated before locking: the holder's pid must stay readable.
    let mut lock = private_file(&lock_path).map_err(OpenError::NotWritable)?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let pid = std::fs::read_to_string(&lock_path)
                .ok()
                .and_then(|s| s.trim().parse().ok());
            return Err(OpenError::InUse { pid });
        }
        Err(TryLockError::Error(e)) => return Err(OpenError::NotWritable(e)),
    }
    lock.set_len(0)
        .and_then(|()| writeln!(lock, "{}", std::process::id()))
        .map_err(OpenError::NotWritable)?;

    // Created here so its mode is 0600 (SQLite gives the WAL file the same mode)
    // and a permission problem is reported as such.
    let db_path = dir.join("state.sqlite3");
    private_file(&db_path).map_err(OpenError::NotWritable)?;
    let mut conn = Connection::open(&db_path).map_err(database)?;
    setup(&mut conn)?;
    let recovered = recover(&mut conn).map_err(database)?;
    if recovered > 0 {
        tracing::warn!(
            count = recovered,
            "{recovered} booking record(s) were in flight when the proxy stopped; now unknown until ops resolve them"
        );
    }
    let (entries, bytes) = count(&conn).map_err(database)?;
    Ok(EmbeddedStore {
        inner: Arc::new(Inner {
            db: Mutex::new(Db {
                conn,
                entries,
                bytes,
                last_prune: now_ms(),
            }),
            settled: Notify::new(),
            limits,
            owner: format!("{}-{}", std::process::id(), now_ms()),
            recovered,
            _lock: lock,
            _temp: temp,
        }),
    })
}

/// PRAGMAs and schema.
fn setup(conn: &mut Connection) -> Result<(), OpenError> {
    // Normal (not exclusive) locking, although the flock allows one proxy only: ops
    // can then read the record with the stock `sqlite3` CLI while the proxy runs.
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
        .map_err(database)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(OpenError::Database(format!(
            "journal_mode is {mode}, not wal"
        )));
    }
    // A claim must be durable across power loss, not only a crash.
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(database)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(database)?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(database)?;
    if version > SCHEMA_VERSION {
        return Err(OpenError::Database(format!(
            "schema version {version} is newer than this proxy's ({SCHEMA_VERSION}); run a newer proxy"
        )));
    }
    if version < SCHEMA_VERSION {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(database)?;
        tx.execute_batch(SCHEMA).map_err(database)?;
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(database)?;
        tx.commit().map_err(database)?;
    }
    Ok(())
}

/// Turns every row still claimed by an earlier (dead: we hold the lock) process
/// into `unknown`; returns how many.
fn recover(conn: &mut Connection) -> rusqlite::Result<usize> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let claimed: Vec<(String, String)> = tx
        .prepare("SELECT key, id FROM once WHERE state = 'claimed'")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (key, id) in &claimed {
        tx.execute(
            "UPDATE once SET state = 'unknown', reason = ?2, expires = NULL, bytes = ?3 WHERE key = ?1",
            params![key, DEAD_CLAIM, record_bytes(id, DEAD_CLAIM) as i64],
        )?;
    }
    tx.commit()?;
    Ok(claimed.len())
}
