//! Importing: a file or pasted text becomes a [`ParsedAnnex`] the user can review, then one transaction
//! writes it. The CLI read the file and started the parsing child itself and the desktop called another
//! entry point and checked pasted text with its own messages; both call these now, so a file is read under
//! the same caps and parsed in the same isolated child whichever front end opened it.

use std::path::Path;

use crate::error::{Error, Result};
use crate::import::{isolate, parse_annex, read_input, ParsedAnnex};
use crate::rules::MAX_IMPORT_BYTES;
use crate::store::{ImportOutcome, Store};

/// What pasted text is called in messages and in the import report.
pub const PASTED_SOURCE: &str = "粘贴的文字";

/// Reads `path` under the import caps ([`read_input`]) and parses it in a child process with a memory and
/// time limit ([`isolate::parse_isolated`]), so a damaged file cannot take the program down. `source` is
/// how messages name the file: the path as typed on the command line, the file name in the window.
pub fn parse_file(path: &Path, source: &str) -> Result<ParsedAnnex> {
    let bytes = read_input(path)?;
    isolate::parse_isolated(&bytes, source)
}

/// Parses text pasted from Word, WPS, Excel or a web page (tab-separated, quoted multi-line cells).
/// Refused with a Chinese message when blank or over [`MAX_IMPORT_BYTES`].
pub fn parse_pasted(text: &str) -> Result<ParsedAnnex> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(Error::invalid(format!(
            "粘贴的内容过大（超过 {} MB），请分批导入",
            MAX_IMPORT_BYTES / (1024 * 1024)
        )));
    }
    if text.trim().is_empty() {
        return Err(Error::invalid("请先粘贴表格文字"));
    }
    parse_annex(text.as_bytes(), PASTED_SOURCE)
}

/// Writes a parsed (and possibly reviewed) annex as a new document in one transaction. The same annex a
/// second time is refused unless `again` (the user was asked and said yes).
pub fn import(store: &mut Store, parsed: &ParsedAnnex, again: bool) -> Result<ImportOutcome> {
    if again {
        store.import_again(parsed)
    } else {
        store.import(parsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_text_is_refused_when_blank_and_parsed_otherwise() {
        let e = parse_pasted(" \n\t").unwrap_err().to_string();
        assert!(e.contains("请先粘贴"), "{e}");
        let seed = crate::sample::SAMPLE_TEXT;
        let p = parse_pasted(seed).unwrap();
        assert!(p.rows.len() > 10);
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let first = import(&mut store, &p, false).unwrap();
        assert!(import(&mut store, &p, false).is_err(), "the same annex twice is refused");
        let second = import(&mut store, &p, true).unwrap();
        assert_ne!(first.document_id, second.document_id);
    }
}
