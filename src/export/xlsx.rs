//! Excel export with `rust_xlsxwriter` (merged cells, print set-up, repeat rows and footers are all supported;
//! see `shared/design/libraries.md`). The sheet is set up to print like the annex:
//!
//! - row 1 the 附件 label (黑体), row 2 the title merged across the table (centred, bold, its line breaks
//!   kept), row 3 the header row (黑体, bold, borders) repeated on every printed page, then the items in 仿宋
//!   with wrapped text and thin borders; a group heading is one row merged across the table;
//! - column widths from the column set's relative widths; A4, landscape when there are more than 5 columns,
//!   GB/T 9704 margins, fit to one page wide, footer `— N —`;
//! - every row height set from its text: LibreOffice and WPS do not grow wrapped rows on open, so the number
//!   of lines is estimated from the characters that fit a column's width.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::error::{Error, Result};

use super::{estimate_lines, ExportOptions, ExportRow, ExportTable};

/// Font names as installed with Chinese Windows/Office (Excel matches the English names too).
pub const FONT_FANG: &str = "仿宋";
pub const FONT_HEI: &str = "黑体";
pub const FONT_TITLE: &str = "宋体";
/// GB2312 charset, so Excel picks the Chinese face when the name is not found verbatim.
const CHARSET_GB2312: u8 = 134;

/// Body size in Excel when none is given: 小四 (12 pt) keeps a sheet readable on screen and in print.
pub const DEFAULT_BODY_SIZE: f64 = 12.0;
const LABEL_SIZE: f64 = 16.0;
const TITLE_SIZE: f64 = 20.0;
/// Excel's longest row height, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;
/// Excel's longest text in one cell.
const MAX_CELL_CHARS: usize = 32_767;

const PX_PER_MM: f64 = 96.0 / 25.4;
const MM_PER_INCH: f64 = 25.4;
/// Cell padding Excel leaves inside a column, both sides together, in pixels.
const CELL_PADDING_PX: f64 = 8.0;

/// Row indices (0-based) of the parts of the sheet.
pub const LABEL_ROW: u32 = 0;
pub const TITLE_ROW: u32 = 1;
pub const HEADER_ROW: u32 = 2;
pub const FIRST_ITEM_ROW: u32 = 3;

fn xerr(e: XlsxError) -> Error {
    Error::invalid(format!("生成 Excel 文件出错：{e}"))
}

/// A sheet name Excel accepts: no `[]:*?/\`, not starting or ending with `'`, at most 31 characters.
fn sheet_name(label: &str) -> String {
    let s: String = label.chars().filter(|c| !"[]:*?/\\".contains(*c) && !c.is_control()).take(31).collect();
    let s = s.trim().trim_matches('\'').trim().to_string();
    if s.is_empty() || s.eq_ignore_ascii_case("history") {
        "任务分工表".to_string()
    } else {
        s
    }
}

fn line_height(size: f64) -> f64 {
    // CJK faces in Excel need about 1.3 × the size per line.
    size * 1.3
}

fn row_height(lines: usize, size: f64) -> f64 {
    (lines as f64 * line_height(size) + 6.0).min(MAX_ROW_HEIGHT)
}

pub fn write(table: &ExportTable, opts: &ExportOptions) -> Result<Vec<u8>> {
    let body_size = opts.body_size.map(f64::from).unwrap_or(DEFAULT_BODY_SIZE);
    let ncols = table.columns.len().max(1) as u16;
    let last_col = ncols - 1;
    let landscape = table.landscape();

    // Text area width (GB/T 9704: 156 mm portrait; 225 mm landscape), split by the relative widths.
    let area_mm = if landscape { 225.0 } else { 156.0 };
    let total_px = area_mm * PX_PER_MM;
    let fractions = table.width_fractions();
    let col_px: Vec<f64> = if fractions.is_empty() { vec![total_px] } else { fractions.iter().map(|f| (total_px * f).max(24.0)).collect() };
    let body_em_px = body_size * 96.0 / 72.0;
    let col_ems: Vec<f64> = col_px.iter().map(|px| ((px - CELL_PADDING_PX) / body_em_px).max(1.0)).collect();

    let base = |f: Format| f.set_font_charset(CHARSET_GB2312);
    let label_fmt = base(Format::new().set_font_name(FONT_HEI).set_font_size(LABEL_SIZE).set_align(FormatAlign::VerticalCenter));
    let title_fmt = base(
        Format::new()
            .set_font_name(FONT_TITLE)
            .set_font_size(TITLE_SIZE)
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
    );
    let header_fmt = base(
        Format::new()
            .set_font_name(FONT_HEI)
            .set_font_size(body_size)
            .set_bold()
            .set_text_wrap()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
    );
    let cell = |centre: bool| {
        base(
            Format::new()
                .set_font_name(FONT_FANG)
                .set_font_size(body_size)
                .set_text_wrap()
                .set_border(FormatBorder::Thin)
                .set_align(if centre { FormatAlign::Center } else { FormatAlign::Left })
                .set_align(FormatAlign::VerticalCenter),
        )
    };
    let cell_left = cell(false);
    let cell_centre = cell(true);
    let heading_fmt = base(
        Format::new()
            .set_font_name(FONT_HEI)
            .set_font_size(body_size)
            .set_text_wrap()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Left)
            .set_align(FormatAlign::VerticalCenter),
    );

    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(&table.annex_label)).map_err(xerr)?;
    for (c, px) in col_px.iter().enumerate() {
        ws.set_column_width_pixels(c as u16, px.round() as u32).map_err(xerr)?;
    }

    // 附件 label.
    ws.write_string_with_format(LABEL_ROW, 0, &table.annex_label, &label_fmt).map_err(xerr)?;
    ws.set_row_height(LABEL_ROW, row_height(1, LABEL_SIZE)).map_err(xerr)?;

    // Title, merged across the table; its '\n' breaks are kept (the cell wraps).
    let title_ems = (total_px - CELL_PADDING_PX) / (TITLE_SIZE * 96.0 / 72.0);
    let title = table.title.trim_matches('\n');
    if last_col > 0 {
        ws.merge_range(TITLE_ROW, 0, TITLE_ROW, last_col, title, &title_fmt).map_err(xerr)?;
    } else {
        ws.write_string_with_format(TITLE_ROW, 0, title, &title_fmt).map_err(xerr)?;
    }
    ws.set_row_height(TITLE_ROW, row_height(estimate_lines(title, title_ems), TITLE_SIZE) + 8.0).map_err(xerr)?;

    // Header row.
    let mut header_lines = 1;
    for (c, col) in table.columns.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, &col.label, &header_fmt).map_err(xerr)?;
        header_lines = header_lines.max(estimate_lines(&col.label, col_ems[c]));
    }
    ws.set_row_height(HEADER_ROW, row_height(header_lines, body_size)).map_err(xerr)?;

    // Items and headings.
    for (i, row) in table.rows.iter().enumerate() {
        let r = FIRST_ITEM_ROW + i as u32;
        let place = |col: &str| format!("第 {} 行（{}）", i + 1, col);
        match row {
            ExportRow::Heading(text) => {
                check_len(text, &place("分组标题"))?;
                if last_col > 0 {
                    ws.merge_range(r, 0, r, last_col, text, &heading_fmt).map_err(xerr)?;
                } else {
                    ws.write_string_with_format(r, 0, text, &heading_fmt).map_err(xerr)?;
                }
                let ems = (total_px - CELL_PADDING_PX) / body_em_px;
                ws.set_row_height(r, row_height(estimate_lines(text, ems), body_size)).map_err(xerr)?;
            }
            ExportRow::Item(cells) => {
                let mut lines = 1;
                for (c, (text, col)) in cells.iter().zip(&table.columns).enumerate() {
                    check_len(text, &place(&col.label))?;
                    let fmt = if ExportTable::centred(&col.kind) { &cell_centre } else { &cell_left };
                    let cc = c as u16;
                    // A plain 序号 is written as a number (sorts right, no "number stored as text" flags).
                    match text.parse::<u32>() {
                        Ok(n) if matches!(col.kind, crate::model::ColumnKind::Number) && !text.starts_with('0') => {
                            ws.write_number_with_format(r, cc, n, fmt).map_err(xerr)?;
                        }
                        _ => {
                            ws.write_string_with_format(r, cc, text, fmt).map_err(xerr)?;
                        }
                    }
                    lines = lines.max(estimate_lines(text, col_ems[c]));
                }
                ws.set_row_height(r, row_height(lines, body_size)).map_err(xerr)?;
            }
        }
    }

    // Print set-up: A4, GB/T 9704 margins, header row on every page, one page wide, footer “— N —”.
    ws.set_paper_size(9);
    let inch = |mm: f64| mm / MM_PER_INCH;
    if landscape {
        ws.set_landscape();
        ws.set_margins(inch(35.0), inch(37.0), inch(28.0), inch(26.0), inch(12.0), inch(10.0));
    } else {
        ws.set_portrait();
        ws.set_margins(inch(28.0), inch(26.0), inch(37.0), inch(35.0), inch(15.0), inch(22.0));
    }
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW).map_err(xerr)?;
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_footer("&C— &P —");
    ws.set_freeze_panes(FIRST_ITEM_ROW, 0).map_err(xerr)?;

    wb.save_to_buffer().map_err(xerr)
}

fn check_len(text: &str, place: &str) -> Result<()> {
    let n = text.chars().count();
    if n > MAX_CELL_CHARS {
        return Err(Error::invalid(format!(
            "{place}有 {n} 字，超过 Excel 单元格的上限 {MAX_CELL_CHARS} 字，无法导出为 Excel；可改为导出 Word 或 CSV"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid() {
        assert_eq!(sheet_name("附件1"), "附件1");
        assert_eq!(sheet_name("附件[1]/2"), "附件12");
        assert_eq!(sheet_name("''"), "任务分工表");
        assert_eq!(sheet_name(&"长".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn a_cell_longer_than_excel_allows_is_refused_naming_the_place() {
        use super::super::ExportColumn;
        use crate::model::ColumnKind;
        let table = ExportTable {
            annex_label: "附件".into(),
            title: "标题".into(),
            columns: vec![
                ExportColumn { kind: ColumnKind::Number, label: "序号".into(), width: 1.0 },
                ExportColumn { kind: ColumnKind::Content, label: "主要内容".into(), width: 5.0 },
            ],
            rows: vec![
                ExportRow::Item(vec!["1".into(), "短".into()]),
                ExportRow::Item(vec!["2".into(), "长".repeat(MAX_CELL_CHARS + 1)]),
            ],
        };
        let e = write(&table, &ExportOptions::default()).unwrap_err().to_string();
        assert!(e.contains("第 2 行（主要内容）") && e.contains("32767") && e.contains("Word"), "{e}");
        let ok = ExportTable { rows: table.rows[..1].to_vec(), ..table };
        assert!(write(&ok, &ExportOptions::default()).unwrap().starts_with(b"PK"));
    }

    #[test]
    fn row_heights_grow_with_lines_and_stop_at_excel_limit() {
        assert!(row_height(3, 12.0) > row_height(1, 12.0));
        assert_eq!(row_height(1000, 12.0), MAX_ROW_HEIGHT);
    }
}
