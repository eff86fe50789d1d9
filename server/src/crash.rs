//! Crash points for process-level tests (`tests/crash.rs`).
//!
//! Debug builds only: with `ITT_TEST_CRASH_AT=<name>` set, the process kills itself
//! with SIGKILL when it reaches the point of that name, so a test can check what a
//! restarted proxy makes of the record a crash left. The points are in
//! `proxy/once.rs`:
//!
//! * `after-claim`: the claim is recorded, nothing is sent to ITT;
//! * `after-answer`: ITT answered (it may have booked), the outcome is not recorded;
//! * `after-outcome`: the outcome is recorded, the client has read nothing.
//!
//! A release build has no crash points: [`point`] is an empty inline function there
//! and the variable is never read. (`debug_assertions` rather than a feature: the
//! integration tests run the debug binary `cargo test` builds anyway, so no second
//! build of the crate is needed.)

/// The environment variable naming the point to die at.
pub const VARIABLE: &str = "ITT_TEST_CRASH_AT";

/// The points the proxy has, in the order a purchase passes them.
pub const POINTS: [&str; 3] = ["after-claim", "after-answer", "after-outcome"];

/// Kills the process with SIGKILL when `ITT_TEST_CRASH_AT` names `name`.
///
/// The variable is read once, at the first point reached; a set variable is
/// announced then with a loud warning (a debug build that can kill itself must not
/// go unnoticed).
#[cfg(debug_assertions)]
pub fn point(name: &'static str) {
    use std::sync::OnceLock;
    static AT: OnceLock<Option<String>> = OnceLock::new();
    let at = AT.get_or_init(|| {
        let at = std::env::var(VARIABLE).ok().filter(|v| !v.is_empty());
        if let Some(at) = &at {
            if !POINTS.contains(&at.as_str()) {
                tracing::warn!(
                    "{VARIABLE}={at} names no crash point (known: {})",
                    POINTS.join(", ")
                );
            }
            tracing::warn!(
                "!!! TEST BUILD WITH CRASH POINT: {VARIABLE}={at} — this process kills itself \
                 (SIGKILL) at `{at}`. Never run this outside the tests. !!!"
            );
        }
        at
    });
    if at.as_deref() == Some(name) {
        eprintln!("crash point {name}: SIGKILL");
        // SAFETY: kill(2) with our own pid and a valid signal has no memory effects.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
    }
}

/// Release builds: no crash points.
#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn point(_name: &'static str) {}
