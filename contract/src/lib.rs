//! ITT's eSIM API as the project knows it.
//!
//! - [`recognize`]: finds the data of an answer by its content (eSIMs, devices,
//!   payment state, passengers, lists), wherever ITT put it. The reference collapses
//!   most nested objects (`{ }`), so no single guessed path is trusted. The widget
//!   and the proxy both use it, so what the widget shows and what the proxy checks
//!   (booking tokens, the payment host) are the same data.
//! - [`answers`]: what the widget reads of each operation's answer, and (feature
//!   `reference`) the proxy's filter that lets only that reach the browser, with
//!   ITT's failures reduced to a status and a short reason.
//! - [`net`]: which addresses are this machine (plain `http` is accepted only there).
//! - [`sort`]: one stable sort, compiled once, for every list the widget orders.
//! - [`reference`] (feature `reference`): the committed copy of ITT's reference
//!   (`reference/*.txt`), its extraction per operation, and the parser that makes it.

/// The header carrying the proxy's booking token on the widget's calls about a
/// booking, one name for the widget that sends it and the proxy that reads it
/// (header names are case-insensitive; lower case is how HTTP/2 sends them).
pub const BOOKING_TOKEN_HEADER: &str = "x-booking-token";

pub mod answers;
pub mod net;
pub mod recognize;
#[cfg(feature = "reference")]
pub mod reference;
pub mod sort;
