//! Secrets come only from the environment, or from files named there.
//!
//! Read by the assembly of the application state
//! ([`crate::assemble`](mod@crate::assemble)) and by the ops subcommand
//! ([`crate::admin`]); where a configuration is checked, a [`SecretError`] is
//! reported as its [`crate::config::ConfigError`].

/// A secret that is missing or whose file cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// A required credential is missing.
    #[error("{0} is not set: put the ITT credential in that environment variable (or a file named by {0}_FILE), or run with --sandbox")]
    Missing(&'static str),
    /// The file named by a `VAR_FILE` variable could not be read.
    #[error("{var}: cannot read {path}: {source}")]
    File {
        /// The variable naming the file.
        var: &'static str,
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// A required ITT credential from `VAR` or the file named by `VAR_FILE`.
pub fn credential(var: &'static str) -> Result<String, SecretError> {
    let file_var = match var {
        "ITT_API_KEY" => "ITT_API_KEY_FILE",
        _ => "ITT_SECRET_CODE_FILE",
    };
    optional_secret(var, file_var)?.ok_or(SecretError::Missing(var))
}

/// An optional secret from `VAR` or the file named by `VAR_FILE`.
pub fn optional_secret(
    var: &'static str,
    file_var: &'static str,
) -> Result<Option<String>, SecretError> {
    if let Ok(v) = std::env::var(var) {
        if !v.trim().is_empty() {
            return Ok(Some(v.trim().to_string()));
        }
    }
    if let Ok(path) = std::env::var(file_var) {
        let text = std::fs::read_to_string(&path).map_err(|source| SecretError::File {
            var: file_var,
            path: path.clone(),
            source,
        })?;
        if !text.trim().is_empty() {
            return Ok(Some(text.trim().to_string()));
        }
    }
    Ok(None)
}
