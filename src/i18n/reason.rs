//! Why a plan is recommended: what [`crate::plans::recommend`] found, in the
//! shape each catalog turns into one sentence.
//!
//! It lives with the catalogs, which write its sentences, so the catalogs need
//! nothing from the plan logic that computes it.

/// Why a plan is recommended, for a one-line explanation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The cheapest plan that lasts the stay and has the data the profile needs.
    Fits {
        /// Days of the stay.
        days: u64,
        /// Whether it leaves room (more days, or half as much data again, or unlimited).
        roomy: bool,
        /// Whether the days came from the host's dates (or are the default week).
        dated: bool,
    },
    /// No plan has enough data for the whole stay: the one with the most that lasts it.
    MostData {
        /// Days of the stay.
        days: u64,
    },
    /// No plan lasts the stay: the longest one (top-ups extend it when `rechargeable`).
    Longest {
        /// Days of the stay.
        days: u64,
        /// Whether it can be topped up.
        rechargeable: bool,
    },
}
