//! The checkout hand-off, pure: the traveller's details, where they may be
//! sent, and the state machine that books exactly once.

pub mod calling_codes;
pub mod form;
pub mod machine;
pub mod safe_url;
