//! `installation-instructions`: how to install an eSIM, per platform.

use super::lenient;
use super::Reply;
use serde::{Deserialize, Serialize};

/// Asks for an eSIM's installation instructions (the booking's `tracking_id`
/// is added by the proxy from the booking token).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InstallRequest {
    /// The eSIM.
    #[serde(rename = "eSim_iccid")]
    pub iccid: String,
    /// Language of the steps (the reference's `preferred_language`).
    pub preferred_language: String,
}

/// Installing by scanning a QR code (or tapping the one-tap link).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct QrInstall {
    /// Steps in order.
    #[serde(default, deserialize_with = "lenient::text_list")]
    pub steps: Vec<String>,
    /// The activation string the QR code encodes.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub qr_code_data: Option<String>,
    /// Image of the QR code.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub qr_code_url: Option<String>,
    /// iOS one-tap link.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub direct_apple_installation_url: Option<String>,
}

/// Installing by typing the codes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ManualInstall {
    /// Steps in order.
    #[serde(default, deserialize_with = "lenient::text_list")]
    pub steps: Vec<String>,
    /// SM-DP+ address and activation code, as the supplier writes them.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub smdp_address_and_activation_code: Option<String>,
}

/// Getting data working after installing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct NetworkSetup {
    /// Steps in order.
    #[serde(default, deserialize_with = "lenient::text_list")]
    pub steps: Vec<String>,
    /// `automatic` or `manual`.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub apn_type: Option<String>,
    /// APN to enter when manual.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub apn_value: Option<String>,
    /// Whether data roaming must be on.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_roaming: Option<bool>,
}

/// Instructions for one OS version range.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct PlatformGuide {
    /// Minimum OS version these steps are for.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub version: Option<String>,
    /// QR code / one-tap installation.
    #[serde(
        default,
        rename = "installation_via_qr_code",
        deserialize_with = "lenient::opt_object"
    )]
    pub qr: Option<QrInstall>,
    /// Manual installation.
    #[serde(
        default,
        rename = "installation_manual",
        deserialize_with = "lenient::opt_object"
    )]
    pub manual: Option<ManualInstall>,
    /// Data settings.
    #[serde(
        default,
        rename = "network_setup",
        deserialize_with = "lenient::opt_object"
    )]
    pub network: Option<NetworkSetup>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct RawInstructions {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    language: Option<String>,
    #[serde(default, deserialize_with = "lenient::lenient_list")]
    ios: Vec<PlatformGuide>,
    #[serde(default, deserialize_with = "lenient::lenient_list")]
    android: Vec<PlatformGuide>,
}

/// `installation-instructions` as ITT sends it.
#[derive(Clone, Debug, Deserialize)]
pub struct RawInstallReply {
    #[serde(default, deserialize_with = "lenient::opt_object")]
    instructions: Option<RawInstructions>,
}

/// Installation instructions for both platforms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstallInstructions {
    /// Language of the steps.
    pub language: Option<String>,
    /// iPhone / iPad guides, newest OS first as sent.
    pub ios: Vec<PlatformGuide>,
    /// Android guides.
    pub android: Vec<PlatformGuide>,
}

impl Reply for RawInstallReply {
    type Output = InstallInstructions;

    fn finish(self) -> Result<InstallInstructions, &'static str> {
        let i = self.instructions.ok_or("instructions")?;
        if i.ios.is_empty() && i.android.is_empty() {
            return Err("instructions.ios");
        }
        Ok(InstallInstructions {
            language: i.language,
            ios: i.ios,
            android: i.android,
        })
    }
}
