//! The application layer: one file per use case, the only code that reads the store and calls the layout
//! and the backends. The CLI (`src/cli`) and the desktop commands (`src-tauri/src/commands`) translate
//! their arguments into these calls and their results into output; they decide nothing about how a
//! document becomes a file.
//!
//! Before, the PDF backend read the store to choose a unit's sheet, the export module read the store and
//! called into `pdf` for a file name, and the desktop repeated the layout-then-draw pair to report
//! progress: two places decided how a document became a PDF, and `export`, `import`, `pdf` and `store`
//! formed one dependency cycle. Now `pdf` turns a laid-out annex into bytes and `export` an export table
//! into bytes; neither knows the store.
//!
//! Functions are plain Rust over `&Store` (or the data read from it) and return [`crate::Result`]; they
//! know nothing of Tauri or clap. Long work takes a progress callback ([`render::Stage`]).

pub mod columns;
pub mod deadlines;
pub mod export;
pub mod fonts;
pub mod import;
pub mod naming;
pub mod options;
pub mod print;
pub mod render;
pub mod search;
pub mod sheets;
