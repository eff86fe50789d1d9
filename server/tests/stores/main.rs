//! One suite, every store: each behaviour of the exactly-once record, the offers,
//! the rate budgets and the data-usage cache is written once as a generic async fn
//! over [`Backend`], then run on every store by [`every_store!`]; test names read
//! `embedded::claims_replays_and_conflicts`, `redis::rate_budgets_per_client`.
//!
//! The files: `backends.rs` the stores under test ([`Backend`], one struct per
//! store) and the helpers every behaviour uses; `record.rs` the exactly-once
//! record's behaviours; `tables.rs` the offers, rate budgets and usage cache;
//! `redis_outage.rs` and `embedded_dir.rs` what only one backend does.
//!
//! Adding a backend:
//! 1. a struct in `backends.rs` implementing [`Backend`]: `open` a fresh, empty
//!    store with its own data (own dir, own key prefix), as the server's
//!    `Stores` (the record, and the rate, usage and offer tables the store
//!    shares, or `None`); `after_crash` the same data after the process died
//!    without settling, or `None`; `skip` says why not to run (no server);
//! 2. one line in the `every_store!` invocation at the bottom of this file,
//!    `name => expression building the backend` (evaluated in the generated
//!    module), e.g. `redis => super::Redis,`.
//!
//! Adding a behaviour: a `pub(crate) async fn name(b: &impl Backend)` in
//! `record.rs` or `tables.rs` (both are glob-imported here), and its name in
//! `every_store!`.
//!
//! Behaviours a backend does not share (or that need its internals) are plain
//! `pub(crate) async fn`s in a file of that backend's own, prefixed with its
//! name and run by `only_on!` below, under their names at the top of the suite
//! (`redis_budgets_fall_back_while_the_server_is_down`); Redis-only ones about
//! several instances are in `redis_store.rs`.
//!
//! Limits and times are short so the suite is fast.

#[path = "../support/redis_server.rs"]
mod redis_server;

mod backends;
mod embedded_dir;
mod record;
mod redis_outage;
mod tables;

use backends::{Backend, Embedded, Memory, Redis};
// The behaviours `every_store!` runs, as `super::name` from its modules.
use record::*;
use tables::*;

/// Instantiates every behaviour for every backend: `name => backend expression`.
macro_rules! every_store {
    ($($backend:ident => $make:expr),* $(,)?) => {
        $(
            mod $backend {
                every_store!(@tests $make;
                    claims_replays_and_conflicts,
                    topup_and_booking_with_one_id_are_two_records,
                    nothing_booked_frees_the_key_and_unknown_holds_it,
                    waiters_get_the_outcome,
                    full_refuses_new_records_and_evicts_none,
                    unknown_outcomes_outlive_their_time_until_resolved,
                    records_expire_after_their_time,
                    resolve_only_unknown,
                    settle_changes_only_a_claim,
                    list_is_oldest_first_with_reasons,
                    a_dead_claimant_becomes_unknown_never_granted,
                    answers_survive_a_restart,
                    offers_expire_and_survive_a_restart,
                    rate_budgets_per_client,
                    usage_answers_are_fresh_until_their_time,
                );
            }
        )*
    };
    (@tests $make:expr; $($test:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $test() {
                let backend = $make;
                if let Some(why) = super::Backend::skip(&backend) {
                    eprintln!("skipped: {why}");
                    return;
                }
                super::$test(&backend).await
            }
        )*
    };
}

every_store! {
    memory => super::Memory,
    embedded => super::Embedded,
    redis => super::Redis,
}

/// Runs the tests of one backend only under their own names at the top of the
/// suite: `module => [test, …]` runs each `module::test`.
macro_rules! only_on {
    ($($module:ident => [$($test:ident),* $(,)?]),* $(,)?) => {
        $($(
            #[tokio::test]
            async fn $test() {
                $module::$test().await
            }
        )*)*
    };
}

only_on! {
    redis_outage => [redis_budgets_fall_back_while_the_server_is_down],
    embedded_dir => [
        embedded_a_dir_in_use_is_refused_with_the_holders_pid,
        embedded_recovers_and_counts_dead_claims,
        embedded_a_newer_schema_is_refused,
        embedded_files_are_private,
        embedded_an_unwritable_dir_is_refused,
        embedded_temporary_is_removed_on_drop,
    ],
}
