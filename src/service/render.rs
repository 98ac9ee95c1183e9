//! A document's annex as a PDF: read it, check the print options, lay it out, draw it. [`draw`] is the one
//! layout-then-draw step, with a progress callback; the CLI, the desktop (its `progress` events), the unit
//! sheets and the benchmarks all go through it, so there is one way a document becomes a PDF (the desktop
//! had its own copy to report progress).

use std::path::Path;

use crate::error::Result;
use crate::fonts::FontSet;
/// The print options a render takes (re-exported so the shells need not name the layout module).
pub use crate::layout::LayoutOptions;
use crate::layout::{layout_annex, AnnexLayout};
use crate::model::{Document, DocumentId, Item};
use crate::store::Store;

/// What a render is doing, reported as each stage starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Laying the annex out into pages.
    Layout,
    /// Drawing the laid-out pages into PDF bytes.
    Draw { pages: usize },
}

impl Stage {
    /// What the user is told (the desktop's progress line).
    pub fn label(&self) -> String {
        match self {
            Stage::Layout => "正在排版".to_string(),
            Stage::Draw { pages } => format!("正在生成 PDF（{pages} 页）"),
        }
    }
}

/// A drawn PDF and its page count.
#[derive(Debug, Clone, PartialEq)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// A stored document with its items, read in one go (the desktop holds the store only for this).
#[derive(Debug, Clone)]
pub struct Annex {
    pub doc: Document,
    pub items: Vec<Item>,
}

/// Checks the print options a user chose ([`super::options::check_layout`]). Every render here checks them
/// itself; a caller that wants to refuse them before other work (the desktop, before its path checks and
/// progress events) calls this first.
pub fn check_options(opts: &LayoutOptions) -> Result<()> {
    super::options::check_layout(opts)
}

/// Reads a document and its items.
pub fn annex(store: &Store, doc_id: DocumentId) -> Result<Annex> {
    Ok(Annex { doc: store.document(doc_id)?, items: store.items(doc_id)? })
}

/// Lays out with `lay_out`, then draws: the one layout-then-draw step, reporting each stage as it starts.
pub fn draw(
    lay_out: impl FnOnce() -> AnnexLayout,
    fonts: &FontSet,
    progress: &mut dyn FnMut(Stage),
) -> Result<Pdf> {
    progress(Stage::Layout);
    let layout = lay_out();
    let pages = layout.pages.len();
    progress(Stage::Draw { pages });
    let bytes = crate::pdf::into_pdf(layout, fonts)?;
    Ok(Pdf { bytes, pages })
}

/// The PDF of a document's annex, after checking the print options and that there is a 发文字号 to print
/// when one is asked for ([`super::options`]).
pub fn annex_pdf(
    annex: &Annex,
    opts: &LayoutOptions,
    fonts: &FontSet,
    progress: &mut dyn FnMut(Stage),
) -> Result<Pdf> {
    check_options(opts)?;
    checked_annex_pdf(annex, opts, fonts, progress)
}

/// [`annex_pdf`] once the options themselves were checked: the 发文字号 check needs the document.
fn checked_annex_pdf(
    annex: &Annex,
    opts: &LayoutOptions,
    fonts: &FontSet,
    progress: &mut dyn FnMut(Stage),
) -> Result<Pdf> {
    super::options::check_layout_doc_number(&annex.doc, opts)?;
    draw(|| layout_annex(&annex.doc, &annex.items, opts, fonts), fonts, progress)
}

/// The PDF of a stored document: the options are checked before the store is read, once.
pub fn document_pdf(
    store: &Store,
    doc_id: DocumentId,
    opts: &LayoutOptions,
    fonts: &FontSet,
    progress: &mut dyn FnMut(Stage),
) -> Result<Pdf> {
    check_options(opts)?;
    checked_annex_pdf(&annex(store, doc_id)?, opts, fonts, progress)
}

/// Writes a stored document's PDF to `path` atomically (an existing file is replaced only when the whole
/// PDF was made). Returns the number of pages.
pub fn save_document_pdf(
    store: &Store,
    doc_id: DocumentId,
    opts: &LayoutOptions,
    fonts: &FontSet,
    path: &Path,
) -> Result<usize> {
    let pdf = document_pdf(store, doc_id, opts, fonts, &mut |_| {})?;
    crate::fsutil::write_atomic(path, &pdf.bytes)?;
    Ok(pdf.pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_reported_in_order_with_the_desktops_labels() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let id = store.load_sample().unwrap().document_id;
        let mut stages = Vec::new();
        let fonts = super::super::fonts::shipped();
        let pdf =
            document_pdf(&store, id, &LayoutOptions::default(), &fonts, &mut |s| stages.push(s)).unwrap();
        assert!(pdf.bytes.starts_with(b"%PDF") && pdf.pages > 0);
        assert_eq!(stages, [Stage::Layout, Stage::Draw { pages: pdf.pages }]);
        assert_eq!(stages[0].label(), "正在排版");
        assert_eq!(stages[1].label(), format!("正在生成 PDF（{} 页）", pdf.pages));
        // The print options are the core's rule, checked before the store is read.
        let bad = LayoutOptions { body_size: 22.0, ..Default::default() };
        let e = document_pdf(&store, 999, &bad, &fonts, &mut |_| {}).unwrap_err().to_string();
        assert!(e.contains("字号"), "{e}");
    }
}
