//! Pasted annex text and CSV files: the text is decoded ([`super::decode`]), split into records
//! ([`super::table`]; tab-separated as Word/WPS/Excel copy a table, or comma-separated), the CSV export's
//! formula guard taken back, and the records read by the rules every format shares ([`super::records`]).
//! Text with no table in it may be a 分工方案 in running text ([`super::prose`]).

use std::path::PathBuf;

use super::records::{is_header, parse_records_with};
use super::{
    boxed, decode, one_per_line, prose, table, too_many_columns, ImportReport, ParsedAnnex, RawRecord,
    MAX_IMPORT_COLUMNS,
};
use crate::error::{Error, Result};

const NO_HEADER_DRAWN: &str = "表格中没有找到表头行（例如“序号、事项、主要内容、牵头单位”）。";

/// Parses pasted annex text (tab-separated, as Word/WPS/Excel copy a table) or a CSV file (comma-separated;
/// chosen when the name ends in .csv, or when tabs find no header row but commas do). `source` names the
/// file (or “粘贴的文字”) in errors and in the report.
pub fn parse_annex(bytes: &[u8], source: &str) -> Result<ParsedAnnex> {
    let decoded = decode::decode(bytes, source)?;
    let is_csv_name = source.to_lowercase().ends_with(".csv");
    let mut warnings = Vec::new();
    let mut delimiter = if is_csv_name { b',' } else { b'\t' };
    let wide = |o| {
        match o {
        table::Oversize::Columns { line } => too_many_columns(source, line, MAX_IMPORT_COLUMNS + 1),
        table::Oversize::Cells { line } => Error::AtLine {
            path: PathBuf::from(source),
            line,
            message: format!(
                "到这一行，表格已超过 {} 万格，超过导入上限（一份分工表通常只有几千格；文件可能已损坏，或不是分工表），未导入任何内容",
                crate::rules::MAX_IMPORT_CELLS / 10_000
            ),
        },
    }
    };
    let mut records = table::records_with(&decoded.text, delimiter, &mut warnings).map_err(wide)?;
    if !records.iter().any(is_header) {
        let other = if delimiter == b',' { b'\t' } else { b',' };
        let mut w2 = Vec::new();
        let r2 = table::records_with(&decoded.text, other, &mut w2).map_err(wide)?;
        if r2.iter().any(is_header) {
            (delimiter, records, warnings) = (other, r2, w2);
        }
    }
    let report_for = |format: &str, warnings| {
        let mut report = ImportReport::new(source, &decoded.encoding);
        report.format = format.to_string();
        report.lines = decoded.text.lines().count();
        report.warnings = warnings;
        report
    };
    if !records.iter().any(is_header) {
        // No table in tabs or commas: a drawn table, one cell per line, or a plan in running text.
        let others =
            [(boxed::records as fn(&str) -> _, boxed::FORMAT), (one_per_line::records, one_per_line::FORMAT)];
        for (read, format) in others {
            if let Some((recs, w)) = read(&decoded.text).filter(|(r, _)| r.iter().any(is_header)) {
                return parse_records_with(&recs, report_for(format, w), NO_HEADER_DRAWN, false);
            }
        }
        if let Some(p) = prose::read(&decoded.text) {
            return prose::annex(p, report_for(prose::FORMAT, Vec::new()));
        }
    }
    if delimiter == b',' {
        unguard_formulas(&mut records);
    }
    let report =
        report_for(if delimiter == b',' { "CSV（逗号分隔）" } else { "文本（制表符分隔）" }, warnings);
    let no_header = if delimiter == b',' {
        "没有找到表头行（例如“序号,事项,主要内容,牵头单位”）。请确认第一行或标题下面一行是列名。"
    } else {
        "没有找到表头行（例如“序号⇥事项⇥主要内容⇥牵头单位”，各列之间用制表符分隔）。\
         请在 Word/WPS 或网页中选中整张表格（连同表头）复制后再导入。"
    };
    // A CSV row with text only in its first cell is a heading row (how spreadsheets and our CSV export write
    // one); in pasted text such a line is as often a note under the table, so only the 一、… patterns count.
    parse_records_with(&records, report, no_header, delimiter == b',')
}

/// Takes back the `'` our CSV export puts before a cell a spreadsheet would run as a formula
/// ([`crate::formats::guard_formula`]), so an exported file imports back unchanged.
fn unguard_formulas(records: &mut [RawRecord]) {
    records.iter_mut().flat_map(|r| r.cells.iter_mut()).for_each(crate::formats::unguard_formula);
}
