//! The one place the shell asks the core for PDF bytes: layout (`fengong::layout`) then drawing
//! (`fengong::pdf`), with the font set loaded once per run of the app.

use std::sync::{Arc, OnceLock};

use fengong::fonts::FontSet;
use fengong::layout::{layout_annex, LayoutOptions};
use fengong::model::{Document, Item};

/// The shipped faces with installed CJK fallbacks, parsed on first use (or by [`preload`] at start-up).
static FONTS: OnceLock<Arc<FontSet>> = OnceLock::new();

pub fn fonts() -> Arc<FontSet> {
    FONTS
        .get_or_init(|| {
            let f = FontSet::shipped();
            f.preload();
            Arc::new(f)
        })
        .clone()
}

/// Parses the fonts in the background so the first preview does not wait for them.
pub fn preload() {
    std::thread::spawn(|| {
        fonts();
    });
}

/// The PDF of a document, reporting its two stages (layout, then drawing) as they start.
pub fn document_pdf(
    doc: &Document,
    items: &[Item],
    opts: &LayoutOptions,
    stage: impl Fn(&str),
) -> fengong::Result<Vec<u8>> {
    let fonts = fonts();
    stage("正在排版");
    let layout = layout_annex(doc, items, opts, fonts.as_ref());
    stage(&format!("正在生成 PDF（{} 页）", layout.pages.len()));
    fengong::pdf::write_pdf(&layout, &fonts)
}
