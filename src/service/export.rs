//! A stored document exported as Word, Excel, CSV or a JSON bundle: read it, build the export table, hand
//! it to the format's writer ([`crate::export`], which knows nothing of the store), write atomically.
//!
//! The format of a file is decided here ([`resolve_format`]): the one named, or else the path's extension;
//! a named format whose extension the path contradicts is refused. The options are checked once, before
//! the store is read ([`crate::export::ExportOptions::check`], the PDF's rules), and asking for a 发文字号
//! the document does not have is refused as for a PDF ([`super::options::doc_number`]). Word and Excel get
//! the PDF layout's column widths for their page and body size ([`crate::layout::annex_column_widths`]).

use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::export::{write_table, xlsx, ExportFormat, ExportOptions, ExportTable};
use crate::fsutil::write_atomic;
use crate::layout::{self, LayoutOptions};
use crate::model::DocumentId;
use crate::store::Store;

/// What an export wrote, for the caller to tell the user.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportOutcome {
    pub format: ExportFormat,
    /// Items (not heading rows) exported.
    pub items: usize,
    /// What the user should know: for Excel, rows taller than Excel allows (they print cut off).
    pub notes: Vec<String>,
}

/// The format of an export to `path`: `format` when given (refused when the path's extension names another
/// export format; an extension that names none, e.g. `.txt`, is the user's choice), else the format the
/// extension names (refused when it names none, or there is no extension).
pub fn resolve_format(format: Option<ExportFormat>, path: &Path) -> Result<ExportFormat> {
    let Some(f) = format else { return ExportFormat::from_path(path) };
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    if let Some(ext) = ext.filter(|e| ExportFormat::from_extension(e).is_some_and(|g| g != f)) {
        return Err(Error::File {
            path: path.to_path_buf(),
            message: format!(
                "扩展名 .{ext} 与导出格式 {} 不符；请改用 .{} 结尾",
                f.extension(),
                f.extension()
            ),
        });
    }
    Ok(f)
}

/// An export in memory: the bytes, and what [`ExportOutcome`] reports.
struct Export {
    bytes: Vec<u8>,
    items: usize,
    notes: Vec<String>,
}

/// Checks the options, reads the document once and writes `format`; the Excel overflow notes are computed
/// only when `with_notes` (the bytes-only path of the benchmarks does not pay for them).
fn build(
    store: &Store,
    doc_id: DocumentId,
    format: ExportFormat,
    opts: &ExportOptions,
    with_notes: bool,
) -> Result<Export> {
    opts.check()?;
    if format == ExportFormat::Json {
        super::options::check_export_doc_number(&store.document(doc_id)?, opts)?;
        let bundle = store.export_bundle(doc_id)?;
        let items = bundle.items.iter().filter(|i| !i.is_heading).count();
        return Ok(Export { bytes: crate::bundle::to_json(&bundle), items, notes: Vec::new() });
    }
    let doc = store.document(doc_id)?;
    super::options::check_export_doc_number(&doc, opts)?;
    let items = store.items(doc_id)?;
    let mut table = ExportTable::new(&doc, &items);
    // The PDF layout's column widths for this format's page, so the file breaks its cells where the PDF does.
    if let Some((page_setup, body_size)) = crate::export::page_choices(format, opts) {
        let layout_opts = LayoutOptions { page_setup, body_size, ..LayoutOptions::default() };
        table.set_widths(&layout::annex_column_widths(&doc, &items, &layout_opts, &*super::fonts::shipped()));
    }
    let bytes = write_table(&table, format, opts)?;
    let notes = if with_notes && format == ExportFormat::Xlsx {
        xlsx::overflow_notes(&table, opts)
    } else {
        Vec::new()
    };
    Ok(Export { bytes, items: items.iter().filter(|i| !i.is_heading).count(), notes })
}

/// The bytes of a document exported in `format` with default options, and nothing else: the Excel overflow
/// notes are not computed (the benchmarks time this).
pub fn export_document(store: &Store, doc_id: DocumentId, format: ExportFormat) -> Result<Vec<u8>> {
    Ok(build(store, doc_id, format, &ExportOptions::default(), false)?.bytes)
}

/// The bytes of an export and what the user should know about it: for Excel, rows taller than Excel allows
/// (they print cut off). Both from one reading of the document.
pub fn export_with_notes(
    store: &Store,
    doc_id: DocumentId,
    format: ExportFormat,
    opts: &ExportOptions,
) -> Result<(Vec<u8>, Vec<String>)> {
    let e = build(store, doc_id, format, opts, true)?;
    Ok((e.bytes, e.notes))
}

/// Exports a document to `path` in `format`, whatever the path's extension ([`resolve_format`] decides the
/// format from what the user gave); an existing file is replaced only when the export succeeded. Returns
/// what to tell the user: the format, the number of items and the Excel overflow notes.
pub fn write_export(
    store: &Store,
    doc_id: DocumentId,
    path: &Path,
    format: ExportFormat,
    opts: &ExportOptions,
) -> Result<ExportOutcome> {
    let e = build(store, doc_id, format, opts, true)?;
    write_atomic(path, &e.bytes)?;
    Ok(ExportOutcome { format, items: e.items, notes: e.notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_the_named_one_unless_the_extension_names_another() {
        let p = |s: &str| std::path::PathBuf::from(s);
        assert_eq!(resolve_format(None, &p("附件.DOCX")).unwrap(), ExportFormat::Docx);
        assert_eq!(resolve_format(Some(ExportFormat::Csv), &p("附件.txt")).unwrap(), ExportFormat::Csv);
        assert_eq!(resolve_format(Some(ExportFormat::Csv), &p("附件")).unwrap(), ExportFormat::Csv);
        assert_eq!(resolve_format(Some(ExportFormat::Xlsx), &p("附件.xlsx")).unwrap(), ExportFormat::Xlsx);
        let e = resolve_format(Some(ExportFormat::Xlsx), &p("附件.docx")).unwrap_err().to_string();
        assert!(e.contains("附件.docx") && e.contains("扩展名 .docx 与导出格式 xlsx 不符"), "{e}");
        let e = resolve_format(None, &p("附件.txt")).unwrap_err().to_string();
        assert!(e.contains("不支持导出为 .txt"), "{e}");
    }

    #[test]
    fn an_export_reports_its_format_and_items_and_bytes_alone_match_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let id = store.load_sample().unwrap().document_id;
        for format in ExportFormat::ALL {
            let path = dir.path().join(format!("附件.{}", format.extension()));
            let done = write_export(&store, id, &path, format, &ExportOptions::default()).unwrap();
            assert_eq!((done.format, done.items), (format, 20), "{format:?}");
            assert!(done.notes.is_empty(), "{format:?}");
            if format != ExportFormat::Docx {
                // Word stamps its creation time; the others are the same bytes however they are asked for.
                let bytes = export_document(&store, id, format).unwrap();
                assert_eq!(std::fs::read(&path).unwrap().len(), bytes.len(), "{format:?}");
            }
        }
    }
}
