//! Spreadsheet import (.xlsx, .xls, .ods) with calamine: the workbook's annex sheet becomes records (one per
//! non-empty row, numbered by the sheet's own 1-based row) for the same [`parse_records`] that reads pasted
//! text, so every format follows the same rules and report.
//!
//! - The sheet read is the first whose first 30 non-empty rows hold a header row (≥ 2 known labels, the test
//!   of the text import); the “分工明细” sheet of our own export is tried last, so it never wins over the
//!   table. Only when no sheet has one is a header of labels the importer does not know taken (≥ 3
//!   label-like cells with rows of as many under it, [`unknown_header`]), for the user to name its columns
//!   in the preview: a second pass, so a known table on a later sheet still wins over a first sheet of
//!   other labels, and a 说明 sheet of sentences is never it.
//! - Merged cells are expanded down: the value is copied into every row the region covers (a 牵头单位 merged
//!   down three items belongs to each of them; each expansion is reported), in the region's first column
//!   only — a cell merged across 事项 and 主要内容 is one text, not two (as Word and a text paste have it).
//!   A region spanning the table's width, or a one-row region that is the only content of its row (a
//!   title or a group heading), stays one cell.
//! - Cells read as shown ([`value`]); error values (#N/A …) are imported as blanks and reported.
//!
//! [`parse_records`]: super::records::parse_records

mod ods;
mod read;
mod value;

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::records::{is_header, parse_records, unknown_header};
use super::report::ReportLine;
use super::{FileKind, ImportReport, ParsedAnnex, RawRecord};
use crate::error::{Error, Result};
use crate::formats::{DETAIL_HEADER, DETAIL_SHEET};

/// Largest sheet read: far beyond any annex (the longest known has a few thousand rows), small enough that a
/// crafted file cannot exhaust memory.
pub(crate) const MAX_ROWS: u32 = 200_000;
pub(crate) const MAX_COLS: u32 = super::MAX_IMPORT_COLUMNS as u32;
/// Cells (after merged regions are expanded and rows padded to the table width) held at most.
const MAX_CELLS: usize = 10_000_000;
/// The header row must be among this many first non-empty rows of a sheet.
const HEADER_SEARCH_ROWS: usize = 30;

/// Excel's column name: 0 → A, 25 → Z, 26 → AA.
pub(crate) fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut s = Vec::new();
    while n > 0 {
        n -= 1;
        s.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn quoted(names: &[String]) -> String {
    names.iter().map(|n| format!("“{n}”")).collect()
}

/// Parses the annex table of a workbook.
pub(crate) fn parse(bytes: &[u8], source: &str, kind: FileKind) -> Result<ParsedAnnex> {
    let file_err = |message: String| Error::File { path: PathBuf::from(source), message };
    let mut book = read::Book::open(bytes, source, kind)?;
    let names = book.sheet_names();
    if names.is_empty() {
        return Err(file_err(format!("工作簿《{source}》里没有工作表，未导入任何内容。")));
    }
    let order: Vec<&String> = names
        .iter()
        .filter(|n| *n != DETAIL_SHEET)
        .chain(names.iter().filter(|n| *n == DETAIL_SHEET))
        .collect();
    let no_header = format!(
        "工作簿《{source}》的工作表{}中都没有找到表头行（同一行里至少有两个列名，例如“序号”“事项”“主要内容”“牵头单位”），\
         未导入任何内容。请确认分工表的列名在工作表的前 {HEADER_SEARCH_ROWS} 行内。",
        quoted(&names)
    );
    // Two passes: a header of known labels on any sheet first, then one of unknown labels.
    let passes = order.iter().map(|n| (*n, false)).chain(order.iter().map(|n| (*n, true)));
    let mut looked = Vec::new();
    for (i, (name, loose)) in passes.enumerate() {
        if i == order.len() {
            looked.clear(); // every sheet again, now for a header of unknown labels
        }
        let data = book.read(name, source)?;
        let mut warnings = Vec::new();
        let Some(sheet) = Sheet::build(data, source, name, loose, &mut warnings)? else {
            looked.push(name.clone());
            continue;
        };
        if !looked.is_empty() {
            warnings.insert(
                0,
                ReportLine::file(format!("工作表{}中没有找到表头行，已读取工作表“{name}”", quoted(&looked))),
            );
        }
        let mut others = Vec::new();
        for other in names.iter().filter(|n| *n != name) {
            if other == DETAIL_SHEET && is_own_detail_sheet(&mut book, other, source) {
                continue; // our own export's per-unit listing: the same content as the table
            }
            others.push(other.clone());
        }
        if !others.is_empty() {
            warnings.push(ReportLine::file(format!("工作簿中的其他工作表{}未导入", quoted(&others))));
        }
        let mut report = ImportReport::new(source, "");
        report.format = format!("{}，工作表“{name}”", kind.label());
        report.lines = sheet.rows;
        report.warnings = warnings;
        return parse_records(&sheet.records, report, &no_header);
    }
    Err(file_err(no_header))
}

/// The “分工明细” sheet written by our Excel export (header 序号 事项 单位 角色).
fn is_own_detail_sheet(book: &mut read::Book, name: &str, source: &str) -> bool {
    let Ok(data) = book.read(name, source) else { return false };
    let top = data.cells.iter().map(|c| c.0).min().unwrap_or(0);
    let mut first: Vec<(u32, String)> = data
        .cells
        .iter()
        .filter(|(r, _, _)| *r == top)
        .map(|(_, c, v)| (*c, value::text(v).unwrap_or_default()))
        .collect();
    first.sort();
    first.iter().map(|(_, t)| t.trim()).eq(DETAIL_HEADER.iter().copied())
}

/// A sheet as records, once a header row was found in it.
struct Sheet {
    records: Vec<RawRecord>,
    /// Rows read: the last row with content.
    rows: usize,
}

impl Sheet {
    /// None when the sheet has no header row near its top; `loose`: a header of unknown labels will do.
    fn build(
        data: read::SheetData,
        source: &str,
        name: &str,
        loose: bool,
        warnings: &mut Vec<ReportLine>,
    ) -> Result<Option<Sheet>> {
        let mut texts: BTreeMap<(u32, u32), String> = BTreeMap::new();
        for (r, c, v) in &data.cells {
            match value::text(v) {
                Ok(t) => {
                    texts.insert((*r, *c), t);
                }
                Err(e) => warnings.push(ReportLine::at(
                    *r as usize + 1,
                    format!("{}{} 单元格是错误值 {e}，已按空白导入", column_letters(*c), r + 1),
                )),
            }
        }
        if texts.is_empty() {
            return Ok(None);
        }
        let first_col = texts.keys().map(|k| k.1).min().unwrap_or(0);

        // The header is looked for before merged regions are expanded: a title merged across the table must
        // not be copied into every column.
        let plain = records(&texts, first_col, usize::MAX);
        let top = &plain[..plain.len().min(HEADER_SEARCH_ROWS)];
        let found = match top.iter().position(is_header) {
            Some(i) => Some(i),
            // The rows under it are looked at beyond the first 30, the header itself is not.
            None if loose => unknown_header(&plain).filter(|&i| i < top.len()),
            None => None,
        };
        let Some(header) = found.map(|i| &plain[i]) else {
            return Ok(None);
        };
        let h_row = header.line as u32 - 1;
        let filled: Vec<u32> = texts.range((h_row, 0)..=(h_row, u32::MAX)).map(|(k, _)| k.1).collect();
        let (h_first, h_last) = (filled[0], *filled.last().unwrap_or(&filled[0]));
        let width = (h_last - first_col + 1) as usize;

        expand_merges(&mut texts, &data.merges, h_first, h_last, source, name, warnings)?;
        let last_row = texts.keys().map(|k| k.0).max().unwrap_or(0);
        let recs = records(&texts, first_col, width);
        let cells: usize = recs.iter().map(|r| r.cells.len()).sum();
        if cells > MAX_CELLS {
            return Err(Error::File {
                path: PathBuf::from(source),
                message: format!("工作表“{name}”的内容太多（{cells} 格），超出导入上限，未导入任何内容。"),
            });
        }
        Ok(Some(Sheet { records: recs, rows: last_row as usize + 1 }))
    }
}

/// One record per row with content: cells from `first_col`, padded with empty cells to `width` so a row
/// with blank cells at its end is not taken for a truncated one.
fn records(texts: &BTreeMap<(u32, u32), String>, first_col: u32, width: usize) -> Vec<RawRecord> {
    let mut out: Vec<RawRecord> = Vec::new();
    for (&(r, c), t) in texts {
        let line = r as usize + 1;
        if out.last().is_none_or(|rec| rec.line != line) {
            out.push(RawRecord { line, cell_lines: Vec::new(), cells: Vec::new() });
        }
        let rec = out.last_mut().expect("pushed above");
        let i = (c - first_col) as usize;
        if rec.cells.len() <= i {
            rec.cells.resize(i + 1, String::new());
        }
        rec.cells[i] = t.clone();
    }
    for rec in &mut out {
        if width != usize::MAX && rec.cells.len() < width {
            rec.cells.resize(width, String::new());
        }
        rec.cell_lines = vec![rec.line; rec.cells.len()];
    }
    out
}

/// Copies each merged region's value into every cell it covers, except the regions that stay one cell (see
/// the module comment).
fn expand_merges(
    texts: &mut BTreeMap<(u32, u32), String>,
    merges: &[calamine::Dimensions],
    h_first: u32,
    h_last: u32,
    source: &str,
    name: &str,
    warnings: &mut Vec<ReportLine>,
) -> Result<()> {
    let last_row = texts.keys().map(|k| k.0).max().unwrap_or(0);
    let last_col = texts.keys().map(|k| k.1).max().unwrap_or(0);
    let original = texts.clone();
    let mut added = 0usize;
    for m in merges {
        let (r0, c0) = (m.start.0.min(m.end.0), m.start.1.min(m.end.1));
        let (r1, c1) = (m.start.0.max(m.end.0), m.start.1.max(m.end.1));
        if (r0, c0) == (r1, c1) {
            continue;
        }
        let Some(value) = original.get(&(r0, c0)) else { continue };
        let whole_width = c0 <= h_first && c1 >= h_last;
        let alone_in_row =
            r0 == r1 && c0 <= h_first && original.range((r0, 0)..=(r0, u32::MAX)).all(|(k, _)| k.1 == c0);
        if whole_width || alone_in_row {
            continue;
        }
        // Regions reaching past the content (a whole column merged) are cut at its edge.
        let (r1, c1) = (r1.min(last_row), c1.min(last_col.max(h_last)));
        added += (r1.saturating_sub(r0) as usize + 1) * (c1.saturating_sub(c0) as usize + 1);
        if added > MAX_CELLS {
            return Err(Error::File {
                path: PathBuf::from(source),
                message: format!("工作表“{name}”的合并单元格展开后超出导入上限，未导入任何内容。"),
            });
        }
        for r in r0 + 1..=r1 {
            texts.insert((r, c0), value.clone());
        }
        if r1 > r0 {
            warnings.push(ReportLine::at(
                r0 as usize + 1,
                format!(
                    "{}{}:{}{} 是合并单元格，其中的文字已填入所覆盖的每一行（第 {}–{} 行）",
                    column_letters(c0),
                    r0 + 1,
                    column_letters(c0),
                    r1 + 1,
                    r0 + 1,
                    r1 + 1
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(199), "GR");
    }

    fn grid(cells: &[((u32, u32), &str)]) -> BTreeMap<(u32, u32), String> {
        cells.iter().map(|(k, v)| (*k, v.to_string())).collect()
    }

    #[test]
    fn merged_regions_expand_except_across_the_table() {
        use calamine::Dimensions;
        let d = |a: (u32, u32), b: (u32, u32)| Dimensions { start: a, end: b };
        let mut t = grid(&[
            ((0, 0), "标题"),
            ((1, 0), "序号"),
            ((1, 1), "事项"),
            ((1, 2), "牵头单位"),
            ((2, 0), "一、分组"),
            ((3, 0), "1"),
            ((3, 1), "甲"),
            ((3, 2), "省发展改革委"),
            ((4, 0), "2"),
            ((4, 1), "乙"),
            ((5, 0), "（二）小组"),
            ((5, 2), "备注"),
        ]);
        let merges = [
            d((0, 0), (0, 2)),         // title across the table
            d((2, 0), (2, 1)),         // heading over two of three columns, alone in its row
            d((3, 2), (1_000_000, 2)), // 牵头单位 merged down (and far past the content)
            d((5, 0), (5, 1)),         // not alone in its row, but across: kept in its first column
        ];
        let mut w = Vec::new();
        expand_merges(&mut t, &merges, 0, 2, "a.xlsx", "Sheet1", &mut w).unwrap();
        assert_eq!(w.len(), 1, "one region merged down: {w:?}");
        assert!(w[0].message.contains("C4:C") && w[0].line == Some(4), "{w:?}");
        assert_eq!(t.get(&(0, 1)), None);
        assert_eq!(t.get(&(2, 1)), None);
        assert_eq!(t[&(4, 2)], "省发展改革委");
        assert_eq!(t[&(5, 2)], "省发展改革委", "the region covers row 6 too");
        assert_eq!(t.get(&(5, 1)), None, "a horizontal merge is one text, in its first column");
        assert_eq!(t.keys().map(|k| k.0).max(), Some(5), "cut at the last row with content");
        let recs = records(&t, 0, 3);
        assert_eq!(recs[0].cells, ["标题", "", ""]);
        assert_eq!(recs[0].line, 1);
        assert_eq!(recs[4].cells, ["2", "乙", "省发展改革委"]);
        assert_eq!(recs[4].cell_lines, [5, 5, 5]);
    }
}
