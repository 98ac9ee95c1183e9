//! Excel export with `rust_xlsxwriter` (merged cells, print set-up, repeat rows, autofilter and footers are
//! all supported; see `shared/design/libraries.md`). Two sheets:
//!
//! 1. the annex as printed — row 1 the 附件 label (黑体; the 发文字号 before it when asked), row 2 the title
//!    merged across the table (centred, bold, its line breaks kept), row 3 the header row (黑体, bold, borders)
//!    repeated on every printed page, then the items in 仿宋 with wrapped text and thin borders; a group
//!    heading is one row merged across the table. Column widths from the column set's relative widths; A4
//!    landscape (portrait when [`ExportOptions::page_setup`] asks), GB/T 9704 margins, one page wide, footer
//!    `— N —`;
//! 2. “分工明细” — one row per assignment (序号, 事项, 单位, 角色) with an autofilter and a frozen header, for
//!    filtering by unit and pivoting.
//!
//! Every row height is set from its text: LibreOffice and WPS do not grow wrapped rows on open, so the number
//! of lines is estimated from the characters that fit a column's width.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::error::{Error, Result};
use crate::layout::{geometry, PageSetup};
use crate::model::{ColumnKind, Role};

use super::{estimate_lines, ExportOptions, ExportRow, ExportTable};

/// Font names as installed with Chinese Windows/Office (Excel matches the English names too).
pub const FONT_FANG: &str = "仿宋";
pub const FONT_HEI: &str = "黑体";
pub const FONT_TITLE: &str = "宋体";
/// GB2312 charset, so Excel picks the Chinese face when the name is not found verbatim.
const CHARSET_GB2312: u8 = 134;

/// Body size in Excel when none is given: 小四 (12 pt) keeps a sheet readable on screen and in print.
pub const DEFAULT_BODY_SIZE: f64 = 12.0;
/// 3号 label, as the PDF's ([`geometry::LABEL_SIZE`]).
const LABEL_SIZE: f64 = geometry::LABEL_SIZE as f64;
/// The title one size under the PDF's 2号: Excel's fixed row heights and 宋体 in place of 小标宋.
const TITLE_SIZE: f64 = 20.0;
/// Excel's longest row height, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;
/// Excel's longest text in one cell.
const MAX_CELL_CHARS: usize = 32_767;

const PX_PER_MM: f64 = 96.0 / 25.4;
const MM_PER_INCH: f64 = 25.4;
/// Cell padding Excel leaves inside a column, both sides together, in pixels.
const CELL_PADDING_PX: f64 = 8.0;
/// Share of a column's width counted as usable for text: line breaking keeps closing punctuation off the
/// start of a line (避头尾), so real lines end a character or two short.
const WRAP_SLACK: f64 = 0.92;

/// Row indices (0-based) of the parts of the first sheet.
pub const LABEL_ROW: u32 = 0;
pub const TITLE_ROW: u32 = 1;
pub const HEADER_ROW: u32 = 2;
pub const FIRST_ITEM_ROW: u32 = 3;

// The second sheet, one row per assignment: its name and header row, which the import recognises.
use crate::formats::{DETAIL_HEADER, DETAIL_SHEET};
/// The second sheet's relative column widths.
const DETAIL_WIDTHS: [f64; 4] = [0.1, 0.5, 0.28, 0.12];

fn xerr(e: XlsxError) -> Error {
    Error::invalid(format!("生成 Excel 文件出错：{e}"))
}

/// A sheet name Excel accepts: no `[]:*?/\`, not starting or ending with `'`, at most 31 characters, and not
/// the name of the second sheet.
fn sheet_name(label: &str) -> String {
    let s: String = label.chars().filter(|c| !"[]:*?/\\".contains(*c) && !c.is_control()).take(31).collect();
    let s = s.trim().trim_matches('\'').trim().to_string();
    if s.is_empty() || s.eq_ignore_ascii_case("history") || s == DETAIL_SHEET {
        "任务分工表".to_string()
    } else {
        s
    }
}

fn line_height(size: f64) -> f64 {
    // The CJK faces LibreOffice falls back to where 仿宋/黑体 are missing (Noto CJK, 1.45 em line) need the
    // most; Excel with the Windows faces needs ~1.3 em. The larger keeps rows from clipping anywhere.
    size * 1.5
}

fn row_height(lines: usize, size: f64) -> f64 {
    needed_height(lines, size).min(MAX_ROW_HEIGHT)
}

fn needed_height(lines: usize, size: f64) -> f64 {
    lines as f64 * line_height(size) + 6.0
}

/// Lines an item row needs: its tallest cell.
fn item_lines(cells: &[String], col_ems: &[f64]) -> usize {
    cells.iter().zip(col_ems).map(|(t, ems)| estimate_lines(t, *ems)).max().unwrap_or(1).max(1)
}

/// Rows of sheet 1 taller than Excel allows (409 pt): Excel prints them cut off. One Chinese line per row,
/// naming it, for the CLI and the desktop to show after the export.
pub fn overflow_notes(table: &ExportTable, opts: &ExportOptions) -> Vec<String> {
    let body_size = opts.body_size.map_or(DEFAULT_BODY_SIZE, f64::from);
    let area_mm = text_width_mm(is_landscape(opts));
    let (_, col_ems) = columns_px(area_mm, &table.width_fractions(), body_size);
    let numbers = table.columns.iter().position(|c| c.kind == ColumnKind::Number);
    let titles = table.columns.iter().position(|c| c.kind == ColumnKind::Title);
    let mut notes = Vec::new();
    for row in &table.rows {
        let ExportRow::Item(cells) = row else { continue };
        let need = needed_height(item_lines(cells, &col_ems), body_size);
        if need > MAX_ROW_HEIGHT {
            let number = numbers.and_then(|i| cells.get(i)).map_or(String::new(), |n| format!("第 {n} 项"));
            let title: String =
                titles.and_then(|i| cells.get(i)).map_or(String::new(), |t| t.chars().take(12).collect());
            notes.push(format!(
                "{number}“{title}”的文字约需 {need:.0} 磅行高，超过 Excel 每行最高 409 磅：在 Excel 中打印时这一行会被截去后半部分，完整内容请用 Word 或 PDF 打印"
            ));
        }
    }
    notes
}

/// Whether the first sheet prints landscape: as the options say, else when the table is wide.
pub(crate) fn is_landscape(opts: &ExportOptions) -> bool {
    match opts.page_setup {
        // A tracking sheet reads best wide: landscape unless portrait is asked for.
        None => true,
        Some(PageSetup::Portrait) => false,
        Some(PageSetup::Landscape | PageSetup::LandscapeBound) => true,
    }
}

/// The text area's width in millimetres ([`geometry::text_width_mm`]).
fn text_width_mm(landscape: bool) -> f64 {
    geometry::text_width_mm(geometry::flat(landscape)) as f64
}

/// Column widths in pixels and in body-size ems for a text area `area_mm` wide split by `fractions`.
fn columns_px(area_mm: f64, fractions: &[f64], body_size: f64) -> (Vec<f64>, Vec<f64>) {
    let total_px = area_mm * PX_PER_MM;
    let px: Vec<f64> = if fractions.is_empty() {
        vec![total_px]
    } else {
        fractions.iter().map(|f| (total_px * f).max(24.0)).collect()
    };
    let em_px = body_size * 96.0 / 72.0;
    let ems = px.iter().map(|p| ((p - CELL_PADDING_PX) / em_px * WRAP_SLACK).max(1.0)).collect();
    (px, ems)
}

/// The cell formats shared by both sheets.
struct Formats {
    label: Format,
    title: Format,
    header: Format,
    left: Format,
    centre: Format,
    heading: Format,
}

impl Formats {
    fn new(body_size: f64) -> Formats {
        let base = |f: Format| f.set_font_charset(CHARSET_GB2312);
        let boxed = |f: Format| {
            base(
                f.set_font_size(body_size)
                    .set_text_wrap()
                    .set_border(FormatBorder::Thin)
                    .set_align(FormatAlign::VerticalCenter),
            )
        };
        Formats {
            label: base(
                Format::new()
                    .set_font_name(FONT_HEI)
                    .set_font_size(LABEL_SIZE)
                    .set_align(FormatAlign::VerticalCenter),
            ),
            title: base(
                Format::new()
                    .set_font_name(FONT_TITLE)
                    .set_font_size(TITLE_SIZE)
                    .set_bold()
                    .set_text_wrap()
                    .set_align(FormatAlign::Center)
                    .set_align(FormatAlign::VerticalCenter),
            ),
            header: boxed(Format::new().set_font_name(FONT_HEI).set_bold().set_align(FormatAlign::Center)),
            left: boxed(Format::new().set_font_name(FONT_FANG).set_align(FormatAlign::Left)),
            centre: boxed(Format::new().set_font_name(FONT_FANG).set_align(FormatAlign::Center)),
            heading: boxed(Format::new().set_font_name(FONT_HEI).set_align(FormatAlign::Left)),
        }
    }
}

/// A4, GB/T 9704 margins, `repeat` rows on every page, one page wide, footer “— N —”.
fn print_setup(ws: &mut Worksheet, landscape: bool, repeat: u32) -> Result<()> {
    ws.set_paper_size(9);
    let inch = |mm: f32| mm as f64 / MM_PER_INCH;
    // Excel has no mirror margins: the odd page's, as the PDF's standalone landscape.
    let m = geometry::margins(geometry::flat(landscape), true);
    if landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    // The header and footer distances are Excel's own (the footer's page number sits in the bottom margin).
    let (header, footer) = if landscape { (12.0, 10.0) } else { (15.0, 22.0) };
    ws.set_margins(inch(m.left), inch(m.right), inch(m.top), inch(m.bottom), inch(header), inch(footer));
    ws.set_repeat_rows(repeat, repeat).map_err(xerr)?;
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    // No first page number: rust_xlsxwriter 0.99 writes it as useFirstPageNumber="N" (an invalid boolean)
    // instead of firstPageNumber="N" useFirstPageNumber="1", which Excel repairs. The tracking sheet keeps 1.
    ws.set_footer("&C— &P —");
    Ok(())
}

/// Writes `text` as a number when it is a plain 序号 (sorts right, no “number stored as text” flags).
fn write_number_or_text(ws: &mut Worksheet, r: u32, c: u16, text: &str, fmt: &Format) -> Result<()> {
    match text.parse::<u32>() {
        Ok(n) if !text.starts_with('0') => ws.write_number_with_format(r, c, n, fmt).map_err(xerr)?,
        _ => ws.write_string_with_format(r, c, text, fmt).map_err(xerr)?,
    };
    Ok(())
}

pub fn write(table: &ExportTable, opts: &ExportOptions) -> Result<Vec<u8>> {
    let body_size = opts.body_size.map(f64::from).unwrap_or(DEFAULT_BODY_SIZE);
    let fmt = Formats::new(body_size);
    let mut wb = Workbook::new();
    write_annex_sheet(wb.add_worksheet(), table, opts, body_size, &fmt)?;
    write_detail_sheet(wb.add_worksheet(), table, body_size, &fmt)?;
    wb.save_to_buffer().map_err(xerr)
}

/// Sheet 1: the annex as printed.
fn write_annex_sheet(
    ws: &mut Worksheet,
    table: &ExportTable,
    opts: &ExportOptions,
    body_size: f64,
    fmt: &Formats,
) -> Result<()> {
    let ncols = table.columns.len().max(1) as u16;
    let last_col = ncols - 1;
    let landscape = is_landscape(opts);

    // Text area width (GB/T 9704: 156 mm portrait; 225 mm landscape), split by the relative widths.
    let area_mm = text_width_mm(landscape);
    let total_px = area_mm * PX_PER_MM;
    let (col_px, col_ems) = columns_px(area_mm, &table.width_fractions(), body_size);
    let body_em_px = body_size * 96.0 / 72.0;

    ws.set_name(sheet_name(&table.annex_label)).map_err(xerr)?;
    for (c, px) in col_px.iter().enumerate() {
        ws.set_column_width_pixels(c as u16, px.round() as u32).map_err(xerr)?;
    }

    // 附件 label; when asked, the 发文字号 before it in the same cell (annex-format.md, “First page of the annex”:
    // GB/T 9704 §7.3.7), in the label's 黑体 3号 as the PDF layout prints it. The cell is not merged: its text
    // runs on over the empty cells to its right, leaving the merged title row and the header rows as they are.
    ws.write_string_with_format(LABEL_ROW, 0, table.label_line(opts), &fmt.label).map_err(xerr)?;
    ws.set_row_height(LABEL_ROW, row_height(1, LABEL_SIZE)).map_err(xerr)?;

    // Title, merged across the table; its '\n' breaks are kept (the cell wraps).
    let title_ems = (total_px - CELL_PADDING_PX) / (TITLE_SIZE * 96.0 / 72.0) * WRAP_SLACK;
    let title = table.title.trim_matches('\n');
    if last_col > 0 {
        ws.merge_range(TITLE_ROW, 0, TITLE_ROW, last_col, title, &fmt.title).map_err(xerr)?;
    } else {
        ws.write_string_with_format(TITLE_ROW, 0, title, &fmt.title).map_err(xerr)?;
    }
    ws.set_row_height(TITLE_ROW, row_height(estimate_lines(title, title_ems), TITLE_SIZE) + 8.0)
        .map_err(xerr)?;

    // Header row.
    let mut header_lines = 1;
    for (c, col) in table.columns.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, &col.label, &fmt.header).map_err(xerr)?;
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
                    ws.merge_range(r, 0, r, last_col, text, &fmt.heading).map_err(xerr)?;
                } else {
                    ws.write_string_with_format(r, 0, text, &fmt.heading).map_err(xerr)?;
                }
                let ems = (total_px - CELL_PADDING_PX) / body_em_px * WRAP_SLACK;
                ws.set_row_height(r, row_height(estimate_lines(text, ems), body_size)).map_err(xerr)?;
            }
            ExportRow::Item(cells) => {
                for (c, (text, col)) in cells.iter().zip(&table.columns).enumerate() {
                    check_len(text, &place(&col.label))?;
                    let f = if ExportTable::centred(&col.kind) { &fmt.centre } else { &fmt.left };
                    if col.kind == ColumnKind::Number {
                        write_number_or_text(ws, r, c as u16, text, f)?;
                    } else {
                        ws.write_string_with_format(r, c as u16, text, f).map_err(xerr)?;
                    }
                }
                ws.set_row_height(r, row_height(item_lines(cells, &col_ems), body_size)).map_err(xerr)?;
            }
        }
    }

    print_setup(ws, landscape, HEADER_ROW)?;
    ws.set_freeze_panes(FIRST_ITEM_ROW, 0).map_err(xerr)?;
    Ok(())
}

/// One row of the second sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailRow {
    /// 序号 as printed on sheet 1.
    pub number: String,
    /// 事项 (or, without a 事项 column, the first paragraph of 主要内容).
    pub item: String,
    pub unit: String,
    pub role: Role,
}

/// One row per assignment, in table order and, within an item, in cell order (the unit columns left to right,
/// names in each cell in order). Taken from the table's own cells so the sheet says exactly what sheet 1 shows:
/// a unit cell is the names joined with 、.
pub fn detail_rows(table: &ExportTable) -> Vec<DetailRow> {
    let col = |k: &ColumnKind| table.columns.iter().position(|c| &c.kind == k);
    let number_col = col(&ColumnKind::Number);
    let title_col = col(&ColumnKind::Title);
    let content_col = col(&ColumnKind::Content);
    let unit_cols: Vec<(usize, Role)> =
        table.columns.iter().enumerate().filter_map(|(i, c)| c.kind.role().map(|r| (i, r))).collect();
    let mut out = Vec::new();
    let mut n = 0;
    for row in &table.rows {
        let ExportRow::Item(cells) = row else { continue };
        n += 1;
        let cell = |i: Option<usize>| i.and_then(|i| cells.get(i)).map(String::as_str).unwrap_or("");
        let number = match cell(number_col) {
            "" => n.to_string(),
            s => s.to_string(),
        };
        let item = match cell(title_col).trim() {
            "" => cell(content_col).split('\n').next().unwrap_or("").trim().to_string(),
            t => t.to_string(),
        };
        for &(i, role) in &unit_cols {
            for unit in cell(Some(i)).split('、').map(str::trim).filter(|u| !u.is_empty()) {
                out.push(DetailRow {
                    number: number.clone(),
                    item: item.clone(),
                    unit: unit.to_string(),
                    role,
                });
            }
        }
    }
    out
}

/// Sheet 2 “分工明细”: one row per assignment, with an autofilter and a frozen header, printed portrait.
fn write_detail_sheet(ws: &mut Worksheet, table: &ExportTable, body_size: f64, fmt: &Formats) -> Result<()> {
    ws.set_name(DETAIL_SHEET).map_err(xerr)?;
    let (px, ems) = columns_px(text_width_mm(false), &DETAIL_WIDTHS, body_size);
    for (c, p) in px.iter().enumerate() {
        ws.set_column_width_pixels(c as u16, p.round() as u32).map_err(xerr)?;
    }
    for (c, label) in DETAIL_HEADER.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *label, &fmt.header).map_err(xerr)?;
    }
    ws.set_row_height(0, row_height(1, body_size)).map_err(xerr)?;
    let rows = detail_rows(table);
    for (i, d) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        write_number_or_text(ws, r, 0, &d.number, &fmt.centre)?;
        ws.write_string_with_format(r, 1, &d.item, &fmt.left).map_err(xerr)?;
        ws.write_string_with_format(r, 2, &d.unit, &fmt.left).map_err(xerr)?;
        ws.write_string_with_format(r, 3, d.role.label(), &fmt.centre).map_err(xerr)?;
        let lines = [&d.number, &d.item, &d.unit]
            .iter()
            .zip(&ems)
            .map(|(t, e)| estimate_lines(t, *e))
            .max()
            .unwrap_or(1);
        ws.set_row_height(r, row_height(lines, body_size)).map_err(xerr)?;
    }
    ws.autofilter(0, 0, rows.len() as u32, DETAIL_HEADER.len() as u16 - 1).map_err(xerr)?;
    ws.set_freeze_panes(1, 0).map_err(xerr)?;
    print_setup(ws, false, 0)?;
    Ok(())
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
            doc_number: None,
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

    fn table(columns: &[(ColumnKind, &str)], rows: Vec<ExportRow>) -> ExportTable {
        use super::super::ExportColumn;
        ExportTable {
            annex_label: "附件".into(),
            title: "标题".into(),
            doc_number: None,
            columns: columns
                .iter()
                .map(|(k, l)| ExportColumn { kind: k.clone(), label: l.to_string(), width: 1.0 })
                .collect(),
            rows,
        }
    }

    #[test]
    fn detail_rows_follow_the_cells_in_order_and_skip_headings() {
        let t = table(
            &[
                (ColumnKind::Number, "序号"),
                (ColumnKind::Title, "事项"),
                (ColumnKind::CoopUnits, "配合单位"),
                (ColumnKind::LeadUnits, "牵头单位"),
            ],
            vec![
                ExportRow::Heading("一、分组".into()),
                ExportRow::Item(vec!["1".into(), "甲事项".into(), "丙局".into(), "乙厅、甲委".into()]),
                ExportRow::Item(vec!["1-2".into(), "无单位".into(), "".into(), "".into()]),
                ExportRow::Item(vec!["".into(), "".into(), "".into(), "丁办".into()]),
            ],
        );
        let got: Vec<(String, String, String, &str)> =
            detail_rows(&t).into_iter().map(|d| (d.number, d.item, d.unit, d.role.label())).collect();
        let want = [
            ("1", "甲事项", "丙局", "配合"),
            ("1", "甲事项", "乙厅", "牵头"),
            ("1", "甲事项", "甲委", "牵头"),
            ("3", "", "丁办", "牵头"),
        ];
        let want: Vec<(String, String, String, &str)> =
            want.iter().map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), *d)).collect();
        assert_eq!(got, want);
        // Without a 事项 column the first paragraph of 主要内容 names the item.
        let t = table(
            &[(ColumnKind::Content, "主要内容"), (ColumnKind::ResponsibleUnits, "责任单位")],
            vec![ExportRow::Item(vec!["第一段\n第二段".into(), "某局".into()])],
        );
        let d = &detail_rows(&t)[0];
        assert_eq!((d.number.as_str(), d.item.as_str(), d.role), ("1", "第一段", Role::Responsible));
    }

    #[test]
    fn page_setup_option_decides_the_orientation() {
        let with = |p| ExportOptions { page_setup: p, ..Default::default() };
        assert!(is_landscape(&with(None)), "landscape by default");
        assert!(!is_landscape(&with(Some(PageSetup::Portrait))));
        assert!(is_landscape(&with(Some(PageSetup::Landscape))));
        assert!(is_landscape(&with(Some(PageSetup::LandscapeBound))));
        assert_eq!(sheet_name(DETAIL_SHEET), "任务分工表");
    }

    #[test]
    fn row_heights_grow_with_lines_and_stop_at_excel_limit() {
        assert!(row_height(3, 12.0) > row_height(1, 12.0));
        assert_eq!(row_height(1000, 12.0), MAX_ROW_HEIGHT);
    }
}
