//! Secrets come only from the environment, or from files named there.

use super::ConfigError;

/// A required ITT credential from `VAR` or the file named by `VAR_FILE`.
pub(super) fn credential(var: &'static str) -> Result<String, ConfigError> {
    let file_var = match var {
        "ITT_API_KEY" => "ITT_API_KEY_FILE",
        _ => "ITT_SECRET_CODE_FILE",
    };
    optional_secret(var, file_var)?.ok_or(ConfigError::MissingCredential(var))
}

/// An optional secret from `VAR` or the file named by `VAR_FILE`.
pub fn optional_secret(
    var: &'static str,
    file_var: &'static str,
) -> Result<Option<String>, ConfigError> {
    if let Ok(v) = std::env::var(var) {
        if !v.trim().is_empty() {
            return Ok(Some(v.trim().to_string()));
        }
    }
    if let Ok(path) = std::env::var(file_var) {
        let text =
            std::fs::read_to_string(&path).map_err(|source| ConfigError::CredentialFile {
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
