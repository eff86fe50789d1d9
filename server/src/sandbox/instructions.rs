//! Airalo's installation instructions for an eSIM, as installation-instructions
//! and data-usage answer them (the reference's data-usage sample repeats them).

use super::layout::{self, Layout};
use super::state::EsimRecord;
use serde_json::{json, Value};

/// Airalo's instructions for an eSIM: `{language, ios[], android[]}`.
pub fn instructions(e: &EsimRecord, language: &str, layout: Layout) -> Value {
    let lpa = format!("LPA:1$lpa.sandbox.invalid${}", e.matching_id);
    let apple = format!("https://esimsetup.apple.com/esim_qrcode_provisioning?carddata={lpa}");
    let qr_url = format!("https://sandbox.invalid/qr/{}.png", e.iccid);
    let network = json!({
        "steps": { "1": "Select the travel eSIM for mobile data.", "2": "Turn on Data Roaming for the travel eSIM." },
        "apn_type": "automatic", "apn_value": null, "is_roaming": true,
    });
    let ios = json!({
        "version": "17.4",
        "installation_via_qr_code": {
            "steps": {
                "1": "Go to Settings > Cellular > Add eSIM.",
                "2": "Tap Use QR Code and scan the code shown on another screen.",
                "3": "Label the eSIM, for example Travel.",
                "4": "Choose your primary line for calls and SMS."
            },
            "qr_code_data": lpa, "qr_code_url": qr_url, "direct_apple_installation_url": apple,
        },
        "installation_manual": {
            "steps": {
                "1": "Go to Settings > Cellular > Add eSIM.",
                "2": "Tap Enter Details Manually.",
                "3": "Enter the SM-DP+ address and activation code."
            },
            "smdp_address_and_activation_code": format!("lpa.sandbox.invalid / {}", e.matching_id),
        },
        "network_setup": network,
    });
    let android = json!({
        "version": "10",
        "installation_via_qr_code": {
            "steps": {
                "1": "Go to Settings > Network & internet > SIMs.",
                "2": "Tap Add eSIM and scan the QR code.",
                "3": "Follow the prompts to download the eSIM."
            },
            "qr_code_data": lpa, "qr_code_url": qr_url, "direct_apple_installation_url": null,
        },
        "installation_manual": {
            "steps": {
                "1": "Go to Settings > Network & internet > SIMs > Add eSIM.",
                "2": "Tap Need help? > Enter it manually.",
                "3": "Enter the activation code."
            },
            "smdp_address_and_activation_code": lpa,
        },
        "network_setup": network,
    });
    let shape = layout.inner_shape();
    json!({
        "language": language,
        "ios": layout::render(vec![ios], shape, None, ""),
        "android": layout::render(vec![android], shape, None, ""),
    })
}
