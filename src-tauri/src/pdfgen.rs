//! The one place the shell asks the core for PDF bytes.

use fengong::layout::LayoutOptions;
use fengong::model::{Document, Item};

pub fn document_pdf(doc: &Document, items: &[Item], opts: &LayoutOptions) -> fengong::Result<Vec<u8>> {
    let _ = (doc, items, opts);
    Err(fengong::Error::Pdf("PDF 引擎尚未接入".into()))
}
