//! Fengong (分工): keep reform items, units and task assignments, and print them as the official
//! annex table (任务分工表) in the GB/T 9704 format.
//!
//! Architecture at a glance:
//! - [`service`]: the application layer, one file per use case: the only code that reads the store and
//!   calls the layout and the backends; the CLI and the desktop commands are thin translations onto it.
//! - [`model`]: the domain (documents, items, units, assignments); plain data.
//! - [`store`]: SQLite persistence, migrations, invariants, full-text search.
//! - [`import`]: pasted annex text → parsed rows + an import report (nothing dropped silently).
//! - [`deadline`]: 完成时限 read into a structured form (dates, relative, recurring, open-ended) and working
//!   days by the State Council's 放假安排 (the first part of 督办).
//! - [`layout`]: the annex laid out into positioned pages; knows nothing of PDF.
//! - [`fonts`]: the shipped Fandol faces, installed faces, fallbacks and glyph metrics.
//! - [`pdf`]: draws a laid-out annex with printpdf (no store).
//! - [`export`]: an export table as Excel (.xlsx), Word (.docx) or CSV (no store).
//! - [`formats`]: what exported files promise the importer (sheet names, the CSV formula guard), shared by both.
//! - [`rules`]: the data rules (lengths, columns, print options), checked by the store and used by all.
//! - [`fsutil`]: atomic file writes that never replace the open database.
//! - [`bench`]: benchmarks that print figures (`fengong bench`, `cargo bench`).

pub mod bench;
pub mod bundle;
pub mod deadline;
pub mod error;
pub mod export;
pub mod fonts;
pub mod formats;
pub mod fsutil;
pub mod import;
pub mod layout;
pub mod model;
pub mod pdf;
pub mod rules;
pub mod sample;
pub mod service;
pub mod store;

pub use error::{Error, Result};
