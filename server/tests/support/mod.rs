//! Helpers shared by the process-level test binaries (`faults.rs`, `crash.rs`,
//! `shared_store.rs`). Each binary uses part of them.
#![allow(dead_code)]

pub mod fake_itt;
pub mod proxy_process;
pub mod redis_server;
