//! Spreadsheet import (.xlsx, .xls, .ods) — being written.

use super::{FileKind, ParsedAnnex};
use crate::error::{Error, Result};

/// Parses the annex table of a workbook.
pub(crate) fn parse(_bytes: &[u8], source: &str, kind: FileKind) -> Result<ParsedAnnex> {
    Err(Error::File {
        path: source.into(),
        message: format!("暂不支持导入{}", kind.label()),
    })
}
