//! Importing: a file or pasted text becomes a [`ParsedAnnex`] the user can review, then one transaction
//! writes it. The CLI read the file and started the parsing child itself and the desktop called another
//! entry point and checked pasted text with its own messages; both call these now, so a file is read under
//! the same caps and parsed in the same isolated child whichever front end opened it.

use std::path::Path;

use crate::error::{Error, Result};
use crate::import::{isolate, parse_annex, parse_html, read_input, ParsedAnnex, ReportLine};
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

/// Parses a paste from Word, WPS, Excel or a web page. `html` is the HTML the clipboard carried beside the
/// text, when it did: it keeps the table's structure (merged cells, breaks in cells), so it is read first;
/// when it holds no annex the plain text is read and the report says why. Refused with a Chinese message
/// when blank or over [`MAX_IMPORT_BYTES`].
pub fn parse_pasted(text: &str, html: Option<&str>) -> Result<ParsedAnnex> {
    if text.len() > MAX_IMPORT_BYTES || html.is_some_and(|h| h.len() > MAX_IMPORT_BYTES) {
        return Err(Error::invalid(format!(
            "粘贴的内容过大（超过 {} MB），请分批导入",
            MAX_IMPORT_BYTES / (1024 * 1024)
        )));
    }
    if text.trim().is_empty() {
        return Err(Error::invalid("请先粘贴表格文字"));
    }
    let Some(html) = html.filter(|h| !h.trim().is_empty()) else {
        return parse_annex(text.as_bytes(), PASTED_SOURCE);
    };
    match parse_html(html, PASTED_SOURCE) {
        Ok(mut parsed) => {
            parsed.report.format = format!("粘贴的{}", parsed.report.format);
            Ok(parsed)
        }
        Err(e) => {
            let mut parsed = parse_annex(text.as_bytes(), PASTED_SOURCE)?;
            parsed.report.warnings.insert(
                0,
                ReportLine::file(format!("剪贴板里的网页格式没有读出分工表（{e}），已按纯文字读取")),
            );
            Ok(parsed)
        }
    }
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
        let e = parse_pasted(" \n\t", None).unwrap_err().to_string();
        assert!(e.contains("请先粘贴"), "{e}");
        let seed = crate::sample::SAMPLE_TEXT;
        let p = parse_pasted(seed, None).unwrap();
        assert!(p.rows.len() > 10);
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let first = import(&mut store, &p, false).unwrap();
        assert!(import(&mut store, &p, false).is_err(), "the same annex twice is refused");
        let second = import(&mut store, &p, true).unwrap();
        assert_ne!(first.document_id, second.document_id);
    }

    #[test]
    fn a_role_changed_in_the_preview_is_stored_with_its_column() {
        let mut p = parse_pasted("序号\t事项\t牵头单位\n1\t甲\t省财政厅、海关\n", None).unwrap();
        // The user makes 海关 a cooperating unit; the table has no 配合单位 column yet.
        p.rows[0].draft.units[1].role = crate::model::Role::Cooperating;
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let out = import(&mut store, &p, false).unwrap();
        let doc = store.document(out.document_id).unwrap();
        let kinds: Vec<_> = doc.columns.iter().map(|c| c.kind.clone()).collect();
        use crate::model::ColumnKind::*;
        assert_eq!(kinds, vec![Number, Title, LeadUnits, CoopUnits]);
        let item = &store.items(out.document_id).unwrap()[0];
        assert_eq!(item.units_text(crate::model::Role::Cooperating), "海关");
        assert_eq!(item.units_text(crate::model::Role::Lead), "省财政厅");
    }

    #[test]
    fn pasted_html_keeps_merged_cells_and_falls_back_to_the_text() {
        let html = "<meta charset='utf-8'><table><tr><td>序号</td><td>事项</td><td>牵头单位</td></tr>\
                    <tr><td>1</td><td>甲</td><td rowspan=2>省财政厅</td></tr><tr><td>2</td><td>乙</td></tr></table>";
        // The plain text a browser puts beside it: the merged cell is only in the first row.
        let text = "序号\t事项\t牵头单位\n1\t甲\t省财政厅\n2\t乙\n";
        let p = parse_pasted(text, Some(html)).unwrap();
        assert!(p.report.format.starts_with("粘贴的网页"), "{}", p.report.format);
        assert_eq!(p.rows[1].draft.units.len(), 1, "the merged 牵头单位 belongs to row 2 as well");
        let plain = parse_pasted(text, None).unwrap();
        assert!(plain.rows[1].draft.units.is_empty());
        // HTML with no table (a picture, a sentence): the text is read, and the report says so.
        let p = parse_pasted(text, Some("<p>一段话</p>")).unwrap();
        assert_eq!(p.rows.len(), 2);
        assert!(p.report.warnings[0].message.contains("已按纯文字读取"), "{:?}", p.report.warnings);
    }
}
