//! Commands besides serving, and their settings.

/// Commands besides serving.
#[derive(Clone, Debug, clap::Subcommand)]
pub enum Command {
    /// Register a webhook subscription with ITT (server-side only; never an HTTP route).
    ///
    /// The request is the reference's: `{supplier_code, supplier_uid, notification_type}`.
    /// It names no delivery address: ITT delivers to the address agreed for the account.
    RegisterWebhook(WebhookSettings),
    /// List and resolve purchases whose outcome is unknown, on the running server
    /// (needs ITT_ADMIN_TOKEN, as the server has it).
    Purchases(crate::admin::PurchasesCommand),
}

/// The register-webhook subcommand's settings (the reference's request fields).
#[derive(Clone, Debug, clap::Args)]
pub struct WebhookSettings {
    /// The supplier whose events to receive, e.g. `airalo`.
    #[arg(long, env = "ITT_WEBHOOK_SUPPLIER_CODE")]
    pub supplier_code: String,
    /// The supplier's id at ITT, e.g. `X1AO00065`.
    #[arg(long, env = "ITT_WEBHOOK_SUPPLIER_UID")]
    pub supplier_uid: String,
    /// Which notifications to receive.
    #[arg(
        long,
        env = "ITT_WEBHOOK_NOTIFICATION_TYPE",
        default_value = "webhook_low_data"
    )]
    pub notification_type: String,
}

impl WebhookSettings {
    /// The register-webhook request body, or the setting to fix when one is empty.
    pub fn body(&self) -> Result<serde_json::Value, String> {
        for (value, setting) in [
            (
                &self.supplier_code,
                "--supplier-code (ITT_WEBHOOK_SUPPLIER_CODE)",
            ),
            (
                &self.supplier_uid,
                "--supplier-uid (ITT_WEBHOOK_SUPPLIER_UID)",
            ),
            (
                &self.notification_type,
                "--notification-type (ITT_WEBHOOK_NOTIFICATION_TYPE)",
            ),
        ] {
            if value.trim().is_empty() {
                return Err(format!("register-webhook needs {setting}: it is empty"));
            }
        }
        Ok(serde_json::json!({
            "supplier_code": self.supplier_code.trim(),
            "supplier_uid": self.supplier_uid.trim(),
            "notification_type": self.notification_type.trim(),
        }))
    }
}
