//! Practice Pulse's pure core: the instrument catalogue, scoring, the survey
//! session and the result-file format.
//!
//! It knows nothing of the browser (no leptos, web-sys or gloo), so every
//! rule here is tested with plain `cargo test` and can serve a command-line
//! tool as well as the web app.
//!
//! No arithmetic here can overflow or panic: integer arithmetic is checked
//! (the lint below), and the limits in [`limits`] bound every input.

#![deny(clippy::arithmetic_side_effects)]

pub mod archive;
mod builtin;
pub mod care;
pub mod catalogue;
pub mod compare;
pub mod config;
mod definition;
#[doc(hidden)]
pub mod disclosure;
pub mod draft;
#[doc(hidden)]
pub mod fuzzing;
pub mod hand_in;
pub mod instrument;
mod json;
pub mod limits;
pub mod plan;
pub mod pool;
pub mod readability;
pub mod receipt;
pub mod result_file;
pub mod scoring;
pub mod session;
pub mod spreadsheet;
pub mod suggest;
pub mod validate;

pub use catalogue::Catalogue;
pub use instrument::{Instrument, InstrumentKey};
pub use result_file::{Period, Rejected, Response, ResultRecord};
pub use scoring::{score_one, Outcome};
pub use session::{Event, Session, Stage};
