//! A stored document exported as Word, Excel, CSV or a JSON bundle: read it, build the export table, hand
//! it to the format's writer ([`crate::export`], which knows nothing of the store), write atomically.

use std::path::Path;

use crate::error::Result;
use crate::export::{export_table, xlsx, ExportFormat, ExportOptions, ExportTable};
use crate::fsutil::write_atomic;
use crate::model::DocumentId;
use crate::store::Store;

/// The bytes of a document exported in `format`, with default options.
pub fn export_document(store: &Store, doc_id: DocumentId, format: ExportFormat) -> Result<Vec<u8>> {
    export_document_with(store, doc_id, format, &ExportOptions::default())
}

/// The bytes of a document exported in `format`.
pub fn export_document_with(
    store: &Store,
    doc_id: DocumentId,
    format: ExportFormat,
    opts: &ExportOptions,
) -> Result<Vec<u8>> {
    Ok(export_with_notes(store, doc_id, format, opts)?.0)
}

/// The bytes of an export and what the user should know about it: for Excel, rows taller than Excel allows
/// (they print cut off). Both from one reading of the document.
pub fn export_with_notes(
    store: &Store,
    doc_id: DocumentId,
    format: ExportFormat,
    opts: &ExportOptions,
) -> Result<(Vec<u8>, Vec<String>)> {
    if format == ExportFormat::Json {
        return Ok((crate::bundle::to_json(&store.export_bundle(doc_id)?), Vec::new()));
    }
    let table = ExportTable::new(&store.document(doc_id)?, &store.items(doc_id)?);
    let bytes = export_table(&table, format, opts)?;
    let notes = if format == ExportFormat::Xlsx { xlsx::overflow_notes(&table, opts) } else { Vec::new() };
    Ok((bytes, notes))
}

/// Exports a document to `path` with default options, the format chosen by its extension (.xlsx, .docx,
/// .csv, .json); an unknown extension is refused before anything is done. Returns the format written.
pub fn save_export(store: &Store, doc_id: DocumentId, path: &Path) -> Result<ExportFormat> {
    let format = ExportFormat::from_path(path)?;
    save_export_as(store, doc_id, path, format, &ExportOptions::default())?;
    Ok(format)
}

/// Exports a document to `path` in `format`, whatever the path's extension; an existing file is replaced
/// only when the export succeeded. Returns the notes of [`export_with_notes`] for the user.
pub fn save_export_as(
    store: &Store,
    doc_id: DocumentId,
    path: &Path,
    format: ExportFormat,
    opts: &ExportOptions,
) -> Result<Vec<String>> {
    let (bytes, notes) = export_with_notes(store, doc_id, format, opts)?;
    write_atomic(path, &bytes)?;
    Ok(notes)
}
