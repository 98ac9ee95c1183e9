//! Word (.docx) import — being written.

use super::ParsedAnnex;
use crate::error::{Error, Result};

/// Parses the annex table of a Word document.
pub(crate) fn parse(_bytes: &[u8], source: &str) -> Result<ParsedAnnex> {
    Err(Error::File {
        path: source.into(),
        message: "暂不支持导入 Word 文档".to_string(),
    })
}
