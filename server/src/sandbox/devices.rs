//! eSIM-compatible devices: what the sandbox's compatible-devices operation returns.
//!
//! This is sandbox data, not a live source. It was compiled by hand from public
//! lists: manufacturers' eSIM support pages and Airalo's list of eSIM-compatible
//! devices, with model codes as devices report them (Apple's hardware identifiers,
//! Google's Pixel codenames, Android `Build.MODEL` values such as `SM-S911B`).
//! A model is listed only where those lists document eSIM support. Regional units
//! without eSIM are left out where they carry their own model code (Samsung's
//! Chinese `SM-xxxx0` models, the US and Korean units of the Galaxy S20/S21,
//! Xiaomi's and OnePlus's Chinese models); codes shared by every region, such as
//! Apple's identifiers and Pixel codenames, stay in even though a Chinese iPhone
//! or a Japanese Pixel 3 has no eSIM.
//! Entries look like ITT's: `{"model": "blueline", "os": "android", "brand":
//! "Google", "name": "Pixel 3"}`.

/// A device model known to support eSIM.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeviceModel {
    /// The model code as the device reports it: an Apple identifier (`iPhone16,2`),
    /// a Pixel codename (`akita`) or an Android `Build.MODEL` (`SM-S911B`).
    pub model: &'static str,
    /// `"ios"` (iPhone and iPad) or `"android"`.
    pub os: &'static str,
    /// Manufacturer brand, e.g. `"Samsung"`.
    pub brand: &'static str,
    /// Marketing name; regional variants of one model share it.
    pub name: &'static str,
}

/// An Apple device (iPhone or iPad).
const fn ios(model: &'static str, name: &'static str) -> DeviceModel {
    DeviceModel {
        model,
        os: "ios",
        brand: "Apple",
        name,
    }
}

/// An Android phone or tablet.
const fn android(brand: &'static str, model: &'static str, name: &'static str) -> DeviceModel {
    DeviceModel {
        model,
        os: "android",
        brand,
        name,
    }
}

/// Every eSIM-compatible device model the sandbox knows, grouped by brand.
pub const DEVICES: &[DeviceModel] = &[
    // Apple iPhone (eSIM from iPhone XS / XR on).
    ios("iPhone11,2", "iPhone XS"),
    ios("iPhone11,4", "iPhone XS Max"),
    ios("iPhone11,6", "iPhone XS Max"),
    ios("iPhone11,8", "iPhone XR"),
    ios("iPhone12,1", "iPhone 11"),
    ios("iPhone12,3", "iPhone 11 Pro"),
    ios("iPhone12,5", "iPhone 11 Pro Max"),
    ios("iPhone12,8", "iPhone SE (2nd generation)"),
    ios("iPhone13,1", "iPhone 12 mini"),
    ios("iPhone13,2", "iPhone 12"),
    ios("iPhone13,3", "iPhone 12 Pro"),
    ios("iPhone13,4", "iPhone 12 Pro Max"),
    ios("iPhone14,4", "iPhone 13 mini"),
    ios("iPhone14,5", "iPhone 13"),
    ios("iPhone14,2", "iPhone 13 Pro"),
    ios("iPhone14,3", "iPhone 13 Pro Max"),
    ios("iPhone14,6", "iPhone SE (3rd generation)"),
    ios("iPhone14,7", "iPhone 14"),
    ios("iPhone14,8", "iPhone 14 Plus"),
    ios("iPhone15,2", "iPhone 14 Pro"),
    ios("iPhone15,3", "iPhone 14 Pro Max"),
    ios("iPhone15,4", "iPhone 15"),
    ios("iPhone15,5", "iPhone 15 Plus"),
    ios("iPhone16,1", "iPhone 15 Pro"),
    ios("iPhone16,2", "iPhone 15 Pro Max"),
    ios("iPhone17,3", "iPhone 16"),
    ios("iPhone17,4", "iPhone 16 Plus"),
    ios("iPhone17,1", "iPhone 16 Pro"),
    ios("iPhone17,2", "iPhone 16 Pro Max"),
    ios("iPhone17,5", "iPhone 16e"),
    ios("iPhone18,3", "iPhone 17"),
    ios("iPhone18,1", "iPhone 17 Pro"),
    ios("iPhone18,2", "iPhone 17 Pro Max"),
    ios("iPhone18,4", "iPhone Air"),
    ios("iPhone18,5", "iPhone 17e"),
    // Apple iPad, Wi-Fi + Cellular models only (the Wi-Fi-only identifiers have no modem).
    ios("iPad7,12", "iPad (7th generation)"),
    ios("iPad11,7", "iPad (8th generation)"),
    ios("iPad12,2", "iPad (9th generation)"),
    ios("iPad13,19", "iPad (10th generation)"),
    ios("iPad15,8", "iPad (A16)"),
    ios("iPad11,2", "iPad mini (5th generation)"),
    ios("iPad14,2", "iPad mini (6th generation)"),
    ios("iPad16,2", "iPad mini (A17 Pro)"),
    ios("iPad11,4", "iPad Air (3rd generation)"),
    ios("iPad13,2", "iPad Air (4th generation)"),
    ios("iPad13,17", "iPad Air (5th generation)"),
    ios("iPad14,9", "iPad Air 11-inch (M2)"),
    ios("iPad14,11", "iPad Air 13-inch (M2)"),
    ios("iPad15,4", "iPad Air 11-inch (M3)"),
    ios("iPad15,6", "iPad Air 13-inch (M3)"),
    ios("iPad8,3", "iPad Pro 11-inch (1st generation)"),
    ios("iPad8,4", "iPad Pro 11-inch (1st generation)"),
    ios("iPad8,7", "iPad Pro 12.9-inch (3rd generation)"),
    ios("iPad8,8", "iPad Pro 12.9-inch (3rd generation)"),
    ios("iPad8,10", "iPad Pro 11-inch (2nd generation)"),
    ios("iPad8,12", "iPad Pro 12.9-inch (4th generation)"),
    ios("iPad13,5", "iPad Pro 11-inch (3rd generation)"),
    ios("iPad13,6", "iPad Pro 11-inch (3rd generation)"),
    ios("iPad13,7", "iPad Pro 11-inch (3rd generation)"),
    ios("iPad13,9", "iPad Pro 12.9-inch (5th generation)"),
    ios("iPad13,10", "iPad Pro 12.9-inch (5th generation)"),
    ios("iPad13,11", "iPad Pro 12.9-inch (5th generation)"),
    ios("iPad14,4", "iPad Pro 11-inch (4th generation)"),
    ios("iPad14,6", "iPad Pro 12.9-inch (6th generation)"),
    ios("iPad16,4", "iPad Pro 11-inch (M4)"),
    ios("iPad16,6", "iPad Pro 13-inch (M4)"),
    ios("iPad17,2", "iPad Pro 11-inch (M5)"),
    ios("iPad17,4", "iPad Pro 13-inch (M5)"),
    // Samsung Galaxy S20, Note20, S21: international models only (US and Korean units lack eSIM).
    android("Samsung", "SM-G980F", "Galaxy S20"),
    android("Samsung", "SM-G981B", "Galaxy S20 5G"),
    android("Samsung", "SM-G985F", "Galaxy S20+"),
    android("Samsung", "SM-G986B", "Galaxy S20+ 5G"),
    android("Samsung", "SM-G988B", "Galaxy S20 Ultra 5G"),
    android("Samsung", "SM-N980F", "Galaxy Note20"),
    android("Samsung", "SM-N981B", "Galaxy Note20 5G"),
    android("Samsung", "SM-N985F", "Galaxy Note20 Ultra"),
    android("Samsung", "SM-N986B", "Galaxy Note20 Ultra 5G"),
    android("Samsung", "SM-G991B", "Galaxy S21 5G"),
    android("Samsung", "SM-G996B", "Galaxy S21+ 5G"),
    android("Samsung", "SM-G998B", "Galaxy S21 Ultra 5G"),
    // Samsung Galaxy S22 to S25: global (B, E), US (U), US unlocked (U1), Canada (W), Korea (N).
    android("Samsung", "SM-S901B", "Galaxy S22"),
    android("Samsung", "SM-S901E", "Galaxy S22"),
    android("Samsung", "SM-S901U", "Galaxy S22"),
    android("Samsung", "SM-S901U1", "Galaxy S22"),
    android("Samsung", "SM-S901W", "Galaxy S22"),
    android("Samsung", "SM-S906B", "Galaxy S22+"),
    android("Samsung", "SM-S906E", "Galaxy S22+"),
    android("Samsung", "SM-S906U", "Galaxy S22+"),
    android("Samsung", "SM-S906U1", "Galaxy S22+"),
    android("Samsung", "SM-S906W", "Galaxy S22+"),
    android("Samsung", "SM-S908B", "Galaxy S22 Ultra"),
    android("Samsung", "SM-S908E", "Galaxy S22 Ultra"),
    android("Samsung", "SM-S908U", "Galaxy S22 Ultra"),
    android("Samsung", "SM-S908U1", "Galaxy S22 Ultra"),
    android("Samsung", "SM-S908W", "Galaxy S22 Ultra"),
    android("Samsung", "SM-S911B", "Galaxy S23"),
    android("Samsung", "SM-S911N", "Galaxy S23"),
    android("Samsung", "SM-S911U", "Galaxy S23"),
    android("Samsung", "SM-S911U1", "Galaxy S23"),
    android("Samsung", "SM-S911W", "Galaxy S23"),
    android("Samsung", "SM-S916B", "Galaxy S23+"),
    android("Samsung", "SM-S916N", "Galaxy S23+"),
    android("Samsung", "SM-S916U", "Galaxy S23+"),
    android("Samsung", "SM-S916U1", "Galaxy S23+"),
    android("Samsung", "SM-S916W", "Galaxy S23+"),
    android("Samsung", "SM-S918B", "Galaxy S23 Ultra"),
    android("Samsung", "SM-S918N", "Galaxy S23 Ultra"),
    android("Samsung", "SM-S918U", "Galaxy S23 Ultra"),
    android("Samsung", "SM-S918U1", "Galaxy S23 Ultra"),
    android("Samsung", "SM-S918W", "Galaxy S23 Ultra"),
    android("Samsung", "SM-S711B", "Galaxy S23 FE"),
    android("Samsung", "SM-S711U", "Galaxy S23 FE"),
    android("Samsung", "SM-S711U1", "Galaxy S23 FE"),
    android("Samsung", "SM-S921B", "Galaxy S24"),
    android("Samsung", "SM-S921N", "Galaxy S24"),
    android("Samsung", "SM-S921U", "Galaxy S24"),
    android("Samsung", "SM-S921U1", "Galaxy S24"),
    android("Samsung", "SM-S921W", "Galaxy S24"),
    android("Samsung", "SM-S926B", "Galaxy S24+"),
    android("Samsung", "SM-S926N", "Galaxy S24+"),
    android("Samsung", "SM-S926U", "Galaxy S24+"),
    android("Samsung", "SM-S926U1", "Galaxy S24+"),
    android("Samsung", "SM-S926W", "Galaxy S24+"),
    android("Samsung", "SM-S928B", "Galaxy S24 Ultra"),
    android("Samsung", "SM-S928N", "Galaxy S24 Ultra"),
    android("Samsung", "SM-S928U", "Galaxy S24 Ultra"),
    android("Samsung", "SM-S928U1", "Galaxy S24 Ultra"),
    android("Samsung", "SM-S928W", "Galaxy S24 Ultra"),
    android("Samsung", "SM-S721B", "Galaxy S24 FE"),
    android("Samsung", "SM-S721U", "Galaxy S24 FE"),
    android("Samsung", "SM-S721U1", "Galaxy S24 FE"),
    android("Samsung", "SM-S931B", "Galaxy S25"),
    android("Samsung", "SM-S931N", "Galaxy S25"),
    android("Samsung", "SM-S931U", "Galaxy S25"),
    android("Samsung", "SM-S931U1", "Galaxy S25"),
    android("Samsung", "SM-S931W", "Galaxy S25"),
    android("Samsung", "SM-S936B", "Galaxy S25+"),
    android("Samsung", "SM-S936N", "Galaxy S25+"),
    android("Samsung", "SM-S936U", "Galaxy S25+"),
    android("Samsung", "SM-S936U1", "Galaxy S25+"),
    android("Samsung", "SM-S936W", "Galaxy S25+"),
    android("Samsung", "SM-S938B", "Galaxy S25 Ultra"),
    android("Samsung", "SM-S938N", "Galaxy S25 Ultra"),
    android("Samsung", "SM-S938U", "Galaxy S25 Ultra"),
    android("Samsung", "SM-S938U1", "Galaxy S25 Ultra"),
    android("Samsung", "SM-S938W", "Galaxy S25 Ultra"),
    android("Samsung", "SM-S937B", "Galaxy S25 Edge"),
    android("Samsung", "SM-S937U", "Galaxy S25 Edge"),
    android("Samsung", "SM-S937U1", "Galaxy S25 Edge"),
    // Samsung Galaxy foldables.
    android("Samsung", "SM-F900F", "Galaxy Fold"),
    android("Samsung", "SM-F700F", "Galaxy Z Flip"),
    android("Samsung", "SM-F707B", "Galaxy Z Flip 5G"),
    android("Samsung", "SM-F916B", "Galaxy Z Fold2 5G"),
    android("Samsung", "SM-F926B", "Galaxy Z Fold3 5G"),
    android("Samsung", "SM-F926U", "Galaxy Z Fold3 5G"),
    android("Samsung", "SM-F926U1", "Galaxy Z Fold3 5G"),
    android("Samsung", "SM-F926W", "Galaxy Z Fold3 5G"),
    android("Samsung", "SM-F711B", "Galaxy Z Flip3 5G"),
    android("Samsung", "SM-F711U", "Galaxy Z Flip3 5G"),
    android("Samsung", "SM-F711U1", "Galaxy Z Flip3 5G"),
    android("Samsung", "SM-F711W", "Galaxy Z Flip3 5G"),
    android("Samsung", "SM-F936B", "Galaxy Z Fold4"),
    android("Samsung", "SM-F936N", "Galaxy Z Fold4"),
    android("Samsung", "SM-F936U", "Galaxy Z Fold4"),
    android("Samsung", "SM-F936U1", "Galaxy Z Fold4"),
    android("Samsung", "SM-F936W", "Galaxy Z Fold4"),
    android("Samsung", "SM-F721B", "Galaxy Z Flip4"),
    android("Samsung", "SM-F721N", "Galaxy Z Flip4"),
    android("Samsung", "SM-F721U", "Galaxy Z Flip4"),
    android("Samsung", "SM-F721U1", "Galaxy Z Flip4"),
    android("Samsung", "SM-F721W", "Galaxy Z Flip4"),
    android("Samsung", "SM-F946B", "Galaxy Z Fold5"),
    android("Samsung", "SM-F946N", "Galaxy Z Fold5"),
    android("Samsung", "SM-F946U", "Galaxy Z Fold5"),
    android("Samsung", "SM-F946U1", "Galaxy Z Fold5"),
    android("Samsung", "SM-F946W", "Galaxy Z Fold5"),
    android("Samsung", "SM-F731B", "Galaxy Z Flip5"),
    android("Samsung", "SM-F731N", "Galaxy Z Flip5"),
    android("Samsung", "SM-F731U", "Galaxy Z Flip5"),
    android("Samsung", "SM-F731U1", "Galaxy Z Flip5"),
    android("Samsung", "SM-F731W", "Galaxy Z Flip5"),
    android("Samsung", "SM-F956B", "Galaxy Z Fold6"),
    android("Samsung", "SM-F956N", "Galaxy Z Fold6"),
    android("Samsung", "SM-F956U", "Galaxy Z Fold6"),
    android("Samsung", "SM-F956U1", "Galaxy Z Fold6"),
    android("Samsung", "SM-F956W", "Galaxy Z Fold6"),
    android("Samsung", "SM-F741B", "Galaxy Z Flip6"),
    android("Samsung", "SM-F741N", "Galaxy Z Flip6"),
    android("Samsung", "SM-F741U", "Galaxy Z Flip6"),
    android("Samsung", "SM-F741U1", "Galaxy Z Flip6"),
    android("Samsung", "SM-F741W", "Galaxy Z Flip6"),
    android("Samsung", "SM-F966B", "Galaxy Z Fold7"),
    android("Samsung", "SM-F966N", "Galaxy Z Fold7"),
    android("Samsung", "SM-F966U", "Galaxy Z Fold7"),
    android("Samsung", "SM-F966U1", "Galaxy Z Fold7"),
    android("Samsung", "SM-F966W", "Galaxy Z Fold7"),
    android("Samsung", "SM-F766B", "Galaxy Z Flip7"),
    android("Samsung", "SM-F766U", "Galaxy Z Flip7"),
    android("Samsung", "SM-F766U1", "Galaxy Z Flip7"),
    // Samsung Galaxy A (eSIM only in some A models and regions).
    android("Samsung", "SM-A546B", "Galaxy A54 5G"),
    android("Samsung", "SM-A546U1", "Galaxy A54 5G"),
    android("Samsung", "SM-A556B", "Galaxy A55 5G"),
    android("Samsung", "SM-A356B", "Galaxy A35 5G"),
    android("Samsung", "SM-A566B", "Galaxy A56 5G"),
    android("Samsung", "SM-A366B", "Galaxy A36 5G"),
    // Google Pixel (model = device codename).
    android("Google", "blueline", "Pixel 3"),
    android("Google", "crosshatch", "Pixel 3 XL"),
    android("Google", "sargo", "Pixel 3a"),
    android("Google", "bonito", "Pixel 3a XL"),
    android("Google", "flame", "Pixel 4"),
    android("Google", "coral", "Pixel 4 XL"),
    android("Google", "sunfish", "Pixel 4a"),
    android("Google", "bramble", "Pixel 4a (5G)"),
    android("Google", "redfin", "Pixel 5"),
    android("Google", "barbet", "Pixel 5a"),
    android("Google", "oriole", "Pixel 6"),
    android("Google", "raven", "Pixel 6 Pro"),
    android("Google", "bluejay", "Pixel 6a"),
    android("Google", "panther", "Pixel 7"),
    android("Google", "cheetah", "Pixel 7 Pro"),
    android("Google", "lynx", "Pixel 7a"),
    android("Google", "felix", "Pixel Fold"),
    android("Google", "shiba", "Pixel 8"),
    android("Google", "husky", "Pixel 8 Pro"),
    android("Google", "akita", "Pixel 8a"),
    android("Google", "tokay", "Pixel 9"),
    android("Google", "caiman", "Pixel 9 Pro"),
    android("Google", "komodo", "Pixel 9 Pro XL"),
    android("Google", "comet", "Pixel 9 Pro Fold"),
    android("Google", "tegu", "Pixel 9a"),
    // Motorola (model = the Build.MODEL its browsers report, plus XT codes where known).
    android("Motorola", "motorola razr", "razr (2019)"),
    android("Motorola", "motorola razr 5G", "razr 5G"),
    android("Motorola", "XT2071-4", "razr 5G"),
    android("Motorola", "motorola razr 2022", "razr (2022)"),
    android("Motorola", "XT2251-1", "razr (2022)"),
    android("Motorola", "motorola razr 40", "razr 40"),
    android("Motorola", "motorola razr 40 ultra", "razr 40 ultra"),
    android("Motorola", "motorola razr 2023", "razr (2023)"),
    android("Motorola", "motorola razr plus 2023", "razr+ (2023)"),
    android("Motorola", "motorola razr 50", "razr 50"),
    android("Motorola", "motorola razr 50 ultra", "razr 50 ultra"),
    android("Motorola", "motorola edge (2022)", "edge (2022)"),
    android("Motorola", "motorola edge 2023", "edge (2023)"),
    android("Motorola", "motorola edge plus 2023", "edge+ (2023)"),
    android("Motorola", "motorola edge 40", "edge 40"),
    android("Motorola", "motorola edge 40 pro", "edge 40 pro"),
    android("Motorola", "motorola edge 40 neo", "edge 40 neo"),
    android("Motorola", "motorola edge 50 pro", "edge 50 pro"),
    android("Motorola", "motorola edge 50 ultra", "edge 50 ultra"),
    android("Motorola", "motorola edge 50 fusion", "edge 50 fusion"),
    android("Motorola", "moto g54 5G", "moto g54 5G"),
    android("Motorola", "moto g84 5G", "moto g84 5G"),
    // OnePlus (Chinese PxB110-style models excluded).
    android("OnePlus", "CPH2447", "OnePlus 11"),
    android("OnePlus", "CPH2449", "OnePlus 11"),
    android("OnePlus", "CPH2451", "OnePlus 11"),
    android("OnePlus", "CPH2573", "OnePlus 12"),
    android("OnePlus", "CPH2581", "OnePlus 12"),
    android("OnePlus", "CPH2583", "OnePlus 12"),
    android("OnePlus", "CPH2551", "OnePlus Open"),
    android("OnePlus", "CPH2649", "OnePlus 13"),
    android("OnePlus", "CPH2653", "OnePlus 13"),
    android("OnePlus", "CPH2655", "OnePlus 13"),
    android("OnePlus", "CPH2645", "OnePlus 13R"),
    android("OnePlus", "CPH2647", "OnePlus 13R"),
    android("OnePlus", "CPH2691", "OnePlus 13R"),
    android("OnePlus", "CPH2747", "OnePlus 15"),
    // Xiaomi, Redmi and POCO (global and Japanese models; Chinese 'C' models excluded).
    android("Xiaomi", "22081212UG", "Xiaomi 12T Pro"),
    android("Xiaomi", "22081212R", "Xiaomi 12T Pro"),
    android("Xiaomi", "A201XM", "Xiaomi 12T Pro"),
    android("Xiaomi", "2211133G", "Xiaomi 13"),
    android("Xiaomi", "2210132G", "Xiaomi 13 Pro"),
    android("Xiaomi", "2210129SG", "Xiaomi 13 Lite"),
    android("Xiaomi", "2306EPN60G", "Xiaomi 13T"),
    android("Xiaomi", "XIG04", "Xiaomi 13T"),
    android("Xiaomi", "23078PND5G", "Xiaomi 13T Pro"),
    android("Xiaomi", "23088PND5R", "Xiaomi 13T Pro"),
    android("Xiaomi", "A301XM", "Xiaomi 13T Pro"),
    android("Xiaomi", "23127PN0CG", "Xiaomi 14"),
    android("Xiaomi", "24030PN60G", "Xiaomi 14 Ultra"),
    android("Xiaomi", "2406APNFAG", "Xiaomi 14T"),
    android("Xiaomi", "XIG07", "Xiaomi 14T"),
    android("Xiaomi", "2407FPN8EG", "Xiaomi 14T Pro"),
    android("Xiaomi", "2407FPN8ER", "Xiaomi 14T Pro"),
    android("Xiaomi", "24129PN74G", "Xiaomi 15"),
    android("Xiaomi", "25010PN30G", "Xiaomi 15 Ultra"),
    android("Xiaomi", "25069PTEBG", "Xiaomi 15T"),
    android("Xiaomi", "2506BPN68G", "Xiaomi 15T Pro"),
    android("Xiaomi", "23090RA98G", "Redmi Note 13 Pro+ 5G"),
    android("Xiaomi", "24090RA29G", "Redmi Note 14 Pro 5G"),
    android("Xiaomi", "24115RA8EG", "Redmi Note 14 Pro+ 5G"),
    android("Xiaomi", "24095PCADG", "POCO X7"),
    // Oppo (global CPH models and Japanese carrier models).
    android("Oppo", "CPH2173", "Find X3 Pro"),
    android("Oppo", "OPG03", "Find X3 Pro"),
    android("Oppo", "CPH2307", "Find X5"),
    android("Oppo", "CPH2305", "Find X5 Pro"),
    android("Oppo", "CPH2437", "Find N2 Flip"),
    android("Oppo", "CPH2499", "Find N3"),
    android("Oppo", "CPH2519", "Find N3 Flip"),
    android("Oppo", "CPH2651", "Find X8"),
    android("Oppo", "CPH2659", "Find X8 Pro"),
    android("Oppo", "CPH2199", "Reno5 A"),
    android("Oppo", "A101OP", "Reno5 A"),
    android("Oppo", "CPH2247", "Reno6 Pro 5G"),
    android("Oppo", "CPH2249", "Reno6 Pro 5G"),
    android("Oppo", "CPH2353", "Reno7 A"),
    android("Oppo", "OPG04", "Reno7 A"),
    android("Oppo", "A201OP", "Reno7 A"),
    android("Oppo", "CPH2523", "Reno9 A"),
    android("Oppo", "A301OP", "Reno9 A"),
    android("Oppo", "CPH2309", "A55s 5G"),
    android("Oppo", "A102OP", "A55s 5G"),
    // Huawei (international models).
    android("Huawei", "ANA-NX9", "P40"),
    android("Huawei", "ANA-LX4", "P40"),
    android("Huawei", "ELS-NX9", "P40 Pro"),
    android("Huawei", "ELS-N04", "P40 Pro"),
    android("Huawei", "NOH-NX9", "Mate 40 Pro"),
    android("Huawei", "HBN-LX9", "Pura 70 Pro"),
    // Honor (international models).
    android("Honor", "LGE-NX9", "Magic4 Pro"),
    android("Honor", "PGT-N19", "Magic5 Pro"),
    android("Honor", "BVL-N49", "Magic6 Pro"),
    android("Honor", "PTP-N49", "Magic7 Pro"),
    android("Honor", "VER-N49", "Magic V2"),
    android("Honor", "FCP-N49", "Magic V3"),
    android("Honor", "REA-NX9", "Honor 90"),
    android("Honor", "ELP-NX9", "Honor 200 Pro"),
    // Sony Xperia (XQ- unlocked models; SO-/SOG/xxxSO are Japanese carrier models).
    android("Sony", "XQ-CT54", "Xperia 1 IV"),
    android("Sony", "XQ-CT62", "Xperia 1 IV"),
    android("Sony", "XQ-CT44", "Xperia 1 IV"),
    android("Sony", "SO-51C", "Xperia 1 IV"),
    android("Sony", "SOG06", "Xperia 1 IV"),
    android("Sony", "A201SO", "Xperia 1 IV"),
    android("Sony", "XQ-CQ54", "Xperia 5 IV"),
    android("Sony", "XQ-CQ62", "Xperia 5 IV"),
    android("Sony", "XQ-CQ44", "Xperia 5 IV"),
    android("Sony", "SO-54C", "Xperia 5 IV"),
    android("Sony", "SOG09", "Xperia 5 IV"),
    android("Sony", "A204SO", "Xperia 5 IV"),
    android("Sony", "XQ-CC54", "Xperia 10 IV"),
    android("Sony", "XQ-CC44", "Xperia 10 IV"),
    android("Sony", "SO-52C", "Xperia 10 IV"),
    android("Sony", "SOG07", "Xperia 10 IV"),
    android("Sony", "A202SO", "Xperia 10 IV"),
    android("Sony", "XQ-DQ54", "Xperia 1 V"),
    android("Sony", "XQ-DQ62", "Xperia 1 V"),
    android("Sony", "XQ-DQ44", "Xperia 1 V"),
    android("Sony", "SO-51D", "Xperia 1 V"),
    android("Sony", "SOG10", "Xperia 1 V"),
    android("Sony", "A301SO", "Xperia 1 V"),
    android("Sony", "XQ-DE54", "Xperia 5 V"),
    android("Sony", "XQ-DE44", "Xperia 5 V"),
    android("Sony", "SO-53D", "Xperia 5 V"),
    android("Sony", "SOG12", "Xperia 5 V"),
    android("Sony", "XQ-DC54", "Xperia 10 V"),
    android("Sony", "SO-52D", "Xperia 10 V"),
    android("Sony", "SOG11", "Xperia 10 V"),
    android("Sony", "A302SO", "Xperia 10 V"),
    android("Sony", "XQ-EC54", "Xperia 1 VI"),
    android("Sony", "XQ-EC44", "Xperia 1 VI"),
    android("Sony", "SO-51E", "Xperia 1 VI"),
    android("Sony", "SOG13", "Xperia 1 VI"),
    android("Sony", "A401SO", "Xperia 1 VI"),
    android("Sony", "XQ-ES54", "Xperia 10 VI"),
    android("Sony", "XQ-ES44", "Xperia 10 VI"),
    android("Sony", "SO-52E", "Xperia 10 VI"),
    android("Sony", "SOG14", "Xperia 10 VI"),
    android("Sony", "A402SO", "Xperia 10 VI"),
    android("Sony", "XQ-BT44", "Xperia 10 III Lite"),
    android("Sony", "SO-53C", "Xperia Ace III"),
    android("Sony", "SOG08", "Xperia Ace III"),
    android("Sony", "A203SO", "Xperia Ace III"),
    // Fairphone.
    android("Fairphone", "FP4", "Fairphone 4"),
    android("Fairphone", "FP5", "Fairphone 5"),
    android("Fairphone", "FP6", "Fairphone (Gen. 6)"),
    // Nokia (HMD).
    android("Nokia", "Nokia XR21", "Nokia XR21"),
    android("Nokia", "Nokia G60 5G", "Nokia G60 5G"),
    android("Nokia", "Nokia X30 5G", "Nokia X30 5G"),
    // Nothing.
    android("Nothing", "A024", "Phone (3)"),
    android("Nothing", "A059P", "Phone (3a) Pro"),
    // Rakuten Mobile (eSIM-only phones).
    android("Rakuten", "C330", "Rakuten Mini"),
    android("Rakuten", "P710", "Rakuten Hand"),
    android("Rakuten", "P780", "Rakuten Hand 5G"),
    android("Rakuten", "ZR01", "Rakuten BIG"),
    android("Rakuten", "3917JR", "Rakuten BIG s"),
    // vivo (international models).
    android("vivo", "V2219", "X90 Pro"),
    android("vivo", "V2309", "X100 Pro"),
    android("vivo", "V2415", "X200"),
    android("vivo", "V2413", "X200 Pro"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn find(brand: &str, model: &str) -> Option<&'static DeviceModel> {
        DEVICES
            .iter()
            .find(|d| d.brand == brand && d.model == model)
    }

    #[test]
    fn has_at_least_320_entries() {
        assert!(DEVICES.len() >= 320, "only {} devices", DEVICES.len());
    }

    #[test]
    fn covers_at_least_ten_brands() {
        let brands: HashSet<&str> = DEVICES.iter().map(|d| d.brand).collect();
        assert!(
            brands.len() >= 10,
            "only {} brands: {brands:?}",
            brands.len()
        );
    }

    #[test]
    fn brand_and_model_pairs_are_unique() {
        let mut seen = HashSet::new();
        for d in DEVICES {
            assert!(
                seen.insert((d.brand, d.model)),
                "duplicate {} {}",
                d.brand,
                d.model
            );
        }
    }

    #[test]
    fn os_is_ios_or_android_and_matches_brand() {
        for d in DEVICES {
            assert!(d.os == "ios" || d.os == "android", "{d:?}");
            assert_eq!(d.os == "ios", d.brand == "Apple", "{d:?}");
        }
    }

    #[test]
    fn fields_are_non_empty_and_trimmed() {
        for d in DEVICES {
            for field in [d.brand, d.model, d.name] {
                assert!(!field.is_empty(), "{d:?}");
                assert_eq!(field, field.trim(), "{d:?}");
            }
        }
    }

    #[test]
    fn codes_follow_each_vendor_scheme() {
        for d in DEVICES {
            match d.brand {
                "Samsung" => {
                    assert!(d.model.starts_with("SM-"), "{d:?}");
                    assert!(d.name.starts_with("Galaxy "), "{d:?}");
                }
                "Apple" => {
                    let kind = if d.model.starts_with("iPhone") {
                        "iPhone"
                    } else {
                        "iPad"
                    };
                    assert!(d.model.starts_with(kind), "{d:?}");
                    assert!(d.name.starts_with(kind), "{d:?}");
                }
                "Google" => {
                    assert!(d.name.starts_with("Pixel "), "{d:?}");
                    let codename = d.model.chars().all(|c| c.is_ascii_lowercase());
                    assert!(codename, "codename expected: {d:?}");
                }
                _ => {}
            }
        }
    }

    #[test]
    fn spot_checks() {
        for (brand, model, name) in [
            ("Samsung", "SM-S911B", "Galaxy S23"),
            ("Samsung", "SM-S911U1", "Galaxy S23"),
            ("Samsung", "SM-S918B", "Galaxy S23 Ultra"),
            ("Samsung", "SM-F731B", "Galaxy Z Flip5"),
            ("Google", "akita", "Pixel 8a"),
            ("Google", "blueline", "Pixel 3"),
            ("Google", "komodo", "Pixel 9 Pro XL"),
            ("Apple", "iPhone11,2", "iPhone XS"),
            ("Apple", "iPhone16,2", "iPhone 15 Pro Max"),
            ("Apple", "iPhone17,1", "iPhone 16 Pro"),
        ] {
            let d = find(brand, model).unwrap_or_else(|| panic!("missing {brand} {model}"));
            assert_eq!(d.name, name, "{brand} {model}");
        }
    }

    #[test]
    fn devices_without_esim_are_absent() {
        // Samsung's mainland-China / Hong Kong S23 and the US S21 have no eSIM.
        for model in ["SM-S9110", "SM-G991U", "SM-G781B"] {
            assert!(find("Samsung", model).is_none(), "{model}");
        }
        // Wi-Fi-only iPads have no modem at all.
        assert!(find("Apple", "iPad13,16").is_none());
    }
}
