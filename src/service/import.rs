//! Importing: a file or pasted text becomes a [`ParsedAnnex`] the user can review, then one transaction
//! writes it. The CLI read the file and started the parsing child itself and the desktop called another
//! entry point and checked pasted text with its own messages; both call these now, so a file is read under
//! the same caps and parsed in the same isolated child whichever front end opened it.

use std::path::Path;

use crate::error::{Error, Result};
use crate::import::{
    header_key, isolate, parse_annex, parse_html, read_input, with_column_kind, with_heading, with_kinds,
    with_unit_name, ParsedAnnex, ReportLine,
};
use crate::model::ColumnKind;
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

/// The annex with the column meanings the user chose for the same header last time, if any (the report
/// says so); a JSON bundle is left as it is.
pub fn with_remembered_columns(store: &Store, parsed: ParsedAnnex) -> Result<ParsedAnnex> {
    if parsed.bundle.is_some() {
        return Ok(parsed);
    }
    Ok(match store.remembered_columns(&header_key(&parsed))? {
        Some(kinds) => with_kinds(&parsed, &kinds).unwrap_or(parsed),
        None => parsed,
    })
}

/// The annex as the import preview shows it: the remembered column meanings applied
/// ([`with_remembered_columns`]) and, in the report's `units_created`, the units the import would create
/// ([`Store::units_to_create`]; the import's own report then lists the ones it did create).
pub fn for_preview(store: &Store, parsed: ParsedAnnex) -> Result<ParsedAnnex> {
    with_units_to_create(store, with_remembered_columns(store, parsed)?)
}

/// The report's `units_created` set to the units an import would create (after a column choice changed
/// which cells are units). A JSON bundle's report is its own.
pub fn with_units_to_create(store: &Store, mut parsed: ParsedAnnex) -> Result<ParsedAnnex> {
    if parsed.bundle.is_none() {
        parsed.report.units_created = store.units_to_create(&parsed)?;
    }
    Ok(parsed)
}

/// The user's choice, in the preview, of what column `column` means.
pub fn choose_column(parsed: &ParsedAnnex, column: usize, kind: ColumnKind) -> Result<ParsedAnnex> {
    with_column_kind(parsed, column, kind)
}

/// A unit of row `row` renamed, split or taken out in the preview ([`with_unit_name`]); the units the import
/// would create are counted again.
pub fn rename_unit(
    store: &Store,
    parsed: &ParsedAnnex,
    row: usize,
    unit: usize,
    name: &str,
) -> Result<ParsedAnnex> {
    with_units_to_create(store, with_unit_name(parsed, row, unit, name)?)
}

/// Row `row` made a group heading or an item in the preview ([`with_heading`]).
pub fn set_heading(parsed: &ParsedAnnex, row: usize, heading: bool) -> Result<ParsedAnnex> {
    with_heading(parsed, row, heading)
}

/// The same choice by the column's label and a meaning's name (`项目` → `事项`), as the CLI's `--column`
/// gives it. A name that is no meaning makes the column a custom one (其他).
pub fn choose_column_by_label(parsed: &ParsedAnnex, label: &str, meaning: &str) -> Result<ParsedAnnex> {
    let flat = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let Some(col) = parsed.columns.iter().position(|c| flat(&c.label) == flat(label)) else {
        let labels: Vec<&str> = parsed.columns.iter().map(|c| c.label.as_str()).collect();
        return Err(Error::invalid(format!("表头中没有“{label}”列（表头：{}）", labels.join("、"))));
    };
    with_column_kind(parsed, col, ColumnKind::from_label(meaning))
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
    fn a_header_in_own_words_is_refused_until_chosen_then_remembered() {
        let text = "编号\t项目\t牵头单位\t目标\n1\t建设平台\t省财政厅\t年底建成\n";
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let p = with_remembered_columns(&store, parse_pasted(text, None).unwrap()).unwrap();
        let e = import(&mut store, &p, false).unwrap_err().to_string();
        assert!(e.contains("指定各列的含义"), "{e}");
        assert!(choose_column_by_label(&p, "项 目", "事项").is_ok(), "white space in a label is ignored");
        let e = choose_column_by_label(&p, "任务", "事项").unwrap_err().to_string();
        assert!(e.contains("没有“任务”列") && e.contains("编号、项目"), "{e}");
        let p = choose_column_by_label(&p, "项目", "事项").unwrap();
        let p = choose_column(&p, 3, ColumnKind::Content).unwrap();
        import(&mut store, &p, false).unwrap();
        // The next file with the same header is read with those meanings, and the report says so.
        let next = "编号\t项目\t牵头单位\t目标\n1\t清理证明\t省司法厅\t减少证明\n";
        let q = with_remembered_columns(&store, parse_pasted(next, None).unwrap()).unwrap();
        assert_eq!(
            (q.rows[0].draft.title.as_str(), q.rows[0].draft.content.as_str()),
            ("清理证明", "减少证明")
        );
        assert!(q.report.warnings.iter().any(|w| w.message.contains("按上次")), "{:?}", q.report.warnings);
        // A different header is not touched.
        let other = parse_pasted("序号\t项目\t牵头单位\n1\t甲\t省财政厅\n", None).unwrap();
        assert_eq!(with_remembered_columns(&store, other.clone()).unwrap(), other);
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
