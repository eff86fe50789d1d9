//! What of ITT's answers reaches the browser: successes filtered to what the
//! widget reads, per operation; failures reduced to `status` and a short
//! `reason`. The rules and the allowlists are shared with the widget's tests in
//! `itt_contract::answers`; this only applies them and logs what went.
//!
//! The keys the proxy adds itself (`booking_token`, `tracking_key`:
//! [`itt_contract::answers::PROXY_KEYS`]) are not on any allowlist, so ITT cannot
//! set them; [`crate::proxy::forward`] adds its own after [`success`].

use serde_json::{Map, Value};

/// Most dropped key paths one debug line names.
const LOGGED_KEYS: usize = 32;

/// Filters a success answer of `operation` in place; the dropped keys are logged
/// at debug level (their names and paths, never their values).
pub fn success(operation: &str, answer: &mut Map<String, Value>) {
    let dropped = itt_contract::answers::filter_answer(operation, answer);
    if !dropped.is_empty() {
        tracing::debug!(
            operation,
            dropped = dropped.len(),
            keys = ?&dropped[..dropped.len().min(LOGGED_KEYS)],
            "answer keys not read by the widget dropped"
        );
    }
}

/// ITT's failure reduced to `{status, reason}`; the other keys are logged at
/// debug level (names only).
pub fn failure(operation: &str, answer: &Map<String, Value>) -> Map<String, Value> {
    let reduced = itt_contract::answers::reduce_failure(answer);
    let dropped: Vec<&str> = answer
        .keys()
        .map(String::as_str)
        .filter(|k| !matches!(*k, "status" | "Status" | "reason" | "Reason"))
        .take(LOGGED_KEYS)
        .collect();
    if !dropped.is_empty() {
        tracing::debug!(operation, keys = ?dropped, "failure keys dropped");
    }
    reduced
}
