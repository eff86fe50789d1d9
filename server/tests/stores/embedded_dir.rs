//! Embedded only: the state directory (locking, recovery, schema, permissions).
//! Run by `only_on!` in `main.rs`, under their names at the top of the suite.

use crate::backends::{answer, roomy, TestDir};
use itt_esim_server::store::{Claim, EmbeddedStore, OnceKey, OnceStore, OpenError, Settled};
use std::path::Path;

fn embedded_err(dir: &Path) -> OpenError {
    EmbeddedStore::open(dir, roomy()).expect_err("must not open")
}

pub(crate) async fn embedded_a_dir_in_use_is_refused_with_the_holders_pid() {
    let dir = TestDir::new();
    let store = EmbeddedStore::open(&dir.0, roomy()).unwrap();
    assert_eq!(store.recovered(), 0);
    match embedded_err(&dir.0) {
        OpenError::InUse { pid } => assert_eq!(pid, Some(std::process::id())),
        other => panic!("expected InUse, got {other:?}"),
    }
    // Released on drop: the next process (here, the next open) gets it.
    drop(store);
    let again = EmbeddedStore::open(&dir.0, roomy()).unwrap();
    assert_eq!(again.ping().await, Ok(()));
}

pub(crate) async fn embedded_recovers_and_counts_dead_claims() {
    let dir = TestDir::new();
    let store = EmbeddedStore::open(&dir.0, roomy()).unwrap();
    for id in ["A", "B"] {
        store.claim(&OnceKey::booking(id), [0; 32]).await.unwrap();
    }
    store
        .settle(&OnceKey::booking("B"), Settled::NothingBooked)
        .await
        .unwrap();
    drop(store);
    let store = EmbeddedStore::open(&dir.0, roomy()).unwrap();
    assert_eq!(store.recovered(), 1);
    drop(store);
    assert_eq!(
        EmbeddedStore::open(&dir.0, roomy()).unwrap().recovered(),
        0,
        "recovered once"
    );
}

pub(crate) async fn embedded_a_newer_schema_is_refused() {
    let dir = TestDir::new();
    drop(EmbeddedStore::open(&dir.0, roomy()).unwrap());
    let conn = rusqlite::Connection::open(dir.0.join("state.sqlite3")).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = embedded_err(&dir.0);
    assert!(matches!(err, OpenError::Database(_)), "{err:?}");
    assert!(err.to_string().contains("99"), "{err}");
}

pub(crate) async fn embedded_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TestDir::new();
    let state = dir.0.join("nested").join("state");
    let store = EmbeddedStore::open(&state, roomy()).unwrap();
    // Answers hold booking tokens: the WAL too.
    let key = OnceKey::booking("A");
    store.claim(&key, [0; 32]).await.unwrap();
    store
        .settle(&key, Settled::Answered(answer("token")))
        .await
        .unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&state), 0o700);
    // SQLite gives its WAL and shared-memory files the database's mode.
    for file in [
        "state.sqlite3",
        "state.sqlite3-wal",
        "state.sqlite3-shm",
        "itt-esim.lock",
    ] {
        assert_eq!(mode(&state.join(file)), 0o600, "{file}");
    }
}

pub(crate) async fn embedded_an_unwritable_dir_is_refused() {
    let dir = TestDir::new();
    std::fs::create_dir_all(&dir.0).unwrap();
    let file = dir.0.join("a-file");
    std::fs::write(&file, "not a directory").unwrap();
    // A parent that is a regular file stops even root (chmod would not).
    let err = embedded_err(&file.join("state"));
    assert!(matches!(err, OpenError::NotWritable(_)), "{err:?}");
    assert!(err.to_string().starts_with("not writable: "), "{err}");
    assert!(!err.to_string().contains("--"), "the caller names the flag");
}

pub(crate) async fn embedded_temporary_is_removed_on_drop() {
    let store = EmbeddedStore::temporary(roomy()).unwrap();
    let store2 = EmbeddedStore::temporary(roomy()).unwrap();
    let key = OnceKey::booking("A");
    assert_eq!(store.claim(&key, [0; 32]).await, Ok(Claim::Granted));
    assert_eq!(
        store2.claim(&key, [0; 32]).await,
        Ok(Claim::Granted),
        "own dir"
    );
    let dir = std::env::temp_dir();
    let ours = || {
        std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(&format!("itt-esim-state-{}-", std::process::id()))
            })
            .count()
    };
    let held = ours();
    assert!(held >= 2);
    drop(store);
    drop(store2);
    assert!(ours() <= held - 2, "both removed");
}
