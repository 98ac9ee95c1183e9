//! The one check of the print and export options a user chose, used by render, sheets and export (the
//! CLI and the desktop alike): body size, first page number and the 发文字号's length are the core's rules
//! ([`crate::rules::layout_options`] for a PDF, [`crate::export::ExportOptions::check`] — the same rules,
//! run by [`crate::export::export_table`] — for an export); whether there is a 发文字号 to print is decided
//! here, from the document. Each render or export checks once.
//!
//! Asking for the 发文字号 (`show_doc_number`) without typing one, for a document that has none, is
//! **refused** with the same Chinese message for the CLI and the desktop ([`doc_number`]). The desktop's
//! preview starts with the switch off (`show_doc_number: false`, saved per document), so it meets the
//! refusal only when the user turns the switch on for a document without a number and has not typed one
//! yet — the message then says what to do. Before, the CLI refused and the desktop silently printed no
//! number, so the same request gave a PDF with a number in one and without it in the other.

use crate::error::{Error, Result};
use crate::export::ExportOptions;
use crate::layout::LayoutOptions;
use crate::model::Document;

/// Checks the print options of a PDF (annex or unit sheet) before anything is read or laid out.
pub fn check_layout(opts: &LayoutOptions) -> Result<()> {
    crate::rules::layout_options(opts)
}

/// The 发文字号 printed before the 附件 label: the typed one (trimmed, when not blank), else the document's
/// own, when `show` is set; None when it is not. Refused when `show` is set and there is neither.
pub fn doc_number(doc: &Document, show: bool, typed: Option<&str>) -> Result<Option<String>> {
    if !show {
        return Ok(None);
    }
    let typed = typed.map(str::trim).filter(|t| !t.is_empty());
    let own = doc.doc_number.as_deref().map(str::trim).filter(|t| !t.is_empty());
    match typed.or(own) {
        Some(n) => Ok(Some(n.to_string())),
        None => {
            Err(Error::invalid(format!("文档“{}”没有发文字号，请写出要印的发文字号", doc.title_one_line())))
        }
    }
}

/// [`doc_number`] for a PDF's options.
pub fn check_layout_doc_number(doc: &Document, opts: &LayoutOptions) -> Result<()> {
    doc_number(doc, opts.show_doc_number, opts.doc_number.as_deref()).map(|_| ())
}

/// [`doc_number`] for an export's options.
pub fn check_export_doc_number(doc: &Document, opts: &ExportOptions) -> Result<()> {
    doc_number(doc, opts.show_doc_number, opts.doc_number.as_deref()).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocumentDraft;
    use crate::store::Store;

    #[test]
    fn a_doc_number_is_the_typed_one_else_the_documents_and_asking_for_a_missing_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let id = store.create_document(&DocumentDraft::titled("没有字号的\n通知")).unwrap();
        let mut doc = store.document(id).unwrap();
        assert_eq!(doc_number(&doc, false, None).unwrap(), None);
        assert_eq!(
            doc_number(&doc, true, Some(" 粤府函〔2020〕77号 ")).unwrap().as_deref(),
            Some("粤府函〔2020〕77号")
        );
        for typed in [None, Some(""), Some("  ")] {
            let e = doc_number(&doc, true, typed).unwrap_err().to_string();
            assert_eq!(e, "文档“没有字号的通知”没有发文字号，请写出要印的发文字号");
        }
        doc.doc_number = Some("粤府办〔2021〕3号".into());
        assert_eq!(doc_number(&doc, true, Some("")).unwrap().as_deref(), Some("粤府办〔2021〕3号"));
    }

    #[test]
    fn pdf_and_export_options_follow_the_same_rules() {
        let long = "号".repeat(crate::rules::MAX_DOC_NUMBER_CHARS + 1);
        let pdf = LayoutOptions { doc_number: Some(long.clone()), ..Default::default() };
        let export = ExportOptions { doc_number: Some(long), ..Default::default() };
        let (a, b) = (check_layout(&pdf).unwrap_err().to_string(), export.check().unwrap_err().to_string());
        assert_eq!(a, b);
        let pdf = LayoutOptions { first_page_number: 0, ..Default::default() };
        let export = ExportOptions { first_page_number: Some(0), ..Default::default() };
        assert_eq!(check_layout(&pdf).unwrap_err().to_string(), export.check().unwrap_err().to_string());
    }

    #[test]
    fn every_render_and_export_refuses_a_missing_doc_number() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let id = store.load_sample().unwrap().document_id;
        let fonts = crate::service::fonts::shipped();
        let opts = LayoutOptions { show_doc_number: true, ..Default::default() };
        let e = crate::service::render::document_pdf(&store, id, &opts, &fonts, &mut |_| {}).unwrap_err();
        assert!(e.to_string().contains("没有发文字号"), "{e}");
        let annex = crate::service::render::annex(&store, id).unwrap();
        let e = crate::service::render::annex_pdf(&annex, &opts, &fonts, &mut |_| {}).unwrap_err();
        assert!(e.to_string().contains("没有发文字号"), "{e}");
        let opts = ExportOptions { show_doc_number: true, ..Default::default() };
        for format in crate::export::ExportFormat::ALL {
            let path = dir.path().join(format!("x.{}", format.extension()));
            let e = crate::service::export::write_export(&store, id, &path, format, &opts).unwrap_err();
            assert!(e.to_string().contains("没有发文字号"), "{format:?}: {e}");
            assert!(!path.exists());
        }
    }
}
