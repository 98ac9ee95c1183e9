//! Word export with `docx-rs` (page size and margins, fixed table grid, East-Asian font names, footers with a
//! PAGE field), then two fixes on the package it writes (see `shared/design/libraries.md`):
//!
//! - docx-rs has no API for a repeating header row: `<w:tblHeader/>` is added to the first row's `w:trPr`
//!   in `word/document.xml`, so Word and WPS repeat the header on every page;
//! - docx-rs writes the children of `w:pPr`, `w:rPr`, `w:tblPr`, `w:sectPr` … out of schema order: the
//!   document, styles and footers are put in order by [`super::ooxml`];
//! - docx-rs stores its zip uncompressed: the package is re-written with deflate (about 5× smaller), and
//!   `word/settings.xml` and `word/fontTable.xml` are replaced by small schema-ordered ones (docx-rs writes
//!   settings out of schema order; the font table names the Chinese faces with their fallbacks).
//!
//! Page: A4 portrait (landscape with more than 5 columns), GB/T 9704 margins (top 37, bottom 35, left 28,
//! right 26 mm; turned for landscape), 附件 in 黑体 3号, the title centred in 小标宋 2号, the table in 仿宋 at the
//! body size (3号 by default) with the header in 黑体, page numbers `— N —` in 宋体 4号 (odd pages right, even
//! pages left, one character in).

use std::io::{Cursor, Read, Write};

use docx_rs::{
    AlignmentType, BreakType, Docx, FieldCharType, Footer, InstrPAGE, InstrText, LineSpacing, LineSpacingType,
    PageMargin, PageOrientationType, Paragraph, Run, RunFonts, Table, TableAlignmentType, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType,
    WidthType,
};

use crate::error::{Error, Result};

use super::ooxml::schema_order;
use super::{ExportOptions, ExportRow, ExportTable};

/// Body size when none is given: 3号.
pub const DEFAULT_BODY_SIZE: f32 = 16.0;
/// 3号 (附件 label), 2号 (title), 4号 (page numbers).
const LABEL_SIZE: f32 = 16.0;
const TITLE_SIZE: f32 = 22.0;
const PAGE_NUMBER_SIZE: f32 = 14.0;

pub const FONT_TITLE: &str = "方正小标宋简体";
pub const FONT_HEI: &str = "黑体";
pub const FONT_FANG: &str = "仿宋";
pub const FONT_SONG: &str = "宋体";

/// Left and right padding inside a cell, in twips (1.5 mm).
const CELL_MARGIN: usize = 85;

/// Column widths in twips summing to `total`: the relative widths, each column at least its minimum (capped at
/// a quarter of the table), the extra taken from the widest column; the last column takes the rounding rest.
pub fn fit_grid(fractions: &[f64], total: usize, min: &[usize]) -> Vec<usize> {
    if fractions.is_empty() {
        return vec![total];
    }
    let mut grid: Vec<usize> = fractions.iter().map(|f| (total as f64 * f).floor() as usize).collect();
    for (c, m) in min.iter().enumerate().take(grid.len()) {
        let want = (*m).min(total / 4);
        if grid[c] < want {
            let widest = (0..grid.len()).filter(|&i| i != c).max_by_key(|&i| grid[i]);
            if let Some(w) = widest {
                let take = (want - grid[c]).min(grid[w] / 2);
                grid[w] -= take;
                grid[c] += take;
            }
        }
    }
    let used: usize = grid.iter().sum();
    if let Some(last) = grid.last_mut() {
        *last = (*last + total).saturating_sub(used);
    }
    grid
}

/// A4 in twips (1/1440 in).
pub const A4_SHORT: u32 = 11906;
pub const A4_LONG: u32 = 16838;

/// Twips for millimetres, rounded.
pub fn mm_to_twips(mm: f64) -> i32 {
    (mm * 1440.0 / 25.4).round() as i32
}

/// Page margins in twips: (top, bottom, left, right). Portrait: GB/T 9704 (37, 35, 28, 26 mm); landscape:
/// the same text area turned (top 28, bottom 26, left 35, right 37 mm), as the PDF's standalone landscape.
pub fn margins_twips(landscape: bool) -> (i32, i32, i32, i32) {
    if landscape {
        (mm_to_twips(28.0), mm_to_twips(26.0), mm_to_twips(35.0), mm_to_twips(37.0))
    } else {
        (mm_to_twips(37.0), mm_to_twips(35.0), mm_to_twips(28.0), mm_to_twips(26.0))
    }
}

fn half_points(pt: f32) -> usize {
    (pt * 2.0).round() as usize
}

fn fonts(east_asia: &str, latin: &str) -> RunFonts {
    RunFonts::new().east_asia(east_asia).ascii(latin).hi_ansi(latin)
}

/// Text as it may stand in XML: control characters other than tab are dropped (they are invalid in XML 1.0).
fn clean(text: &str) -> String {
    text.chars().filter(|c| !c.is_control() || *c == '\t').collect()
}

fn run(text: &str, size: f32, f: &RunFonts) -> Run {
    Run::new().add_text(clean(text)).size(half_points(size)).fonts(f.clone())
}

/// Single spacing, nothing before or after, not snapped to the document grid (which would double CJK lines).
fn tight(p: Paragraph) -> Paragraph {
    p.line_spacing(LineSpacing::new().line(240).line_rule(LineSpacingType::Auto).before(0).after(0)).snap_to_grid(false)
}

/// The paragraphs of a cell: one per line of the text (an empty cell still has one, at the body size).
fn cell_paragraphs(text: &str, size: f32, f: &RunFonts, align: AlignmentType) -> Vec<Paragraph> {
    text.split('\n')
        .map(|line| {
            let p = Paragraph::new().align(align).size(half_points(size)).fonts(f.clone());
            let p = if line.is_empty() { p } else { p.add_run(run(line, size, f)) };
            tight(p)
        })
        .collect()
}

fn cell(paragraphs: Vec<Paragraph>, width: usize) -> TableCell {
    paragraphs
        .into_iter()
        .fold(TableCell::new(), |c, p| c.add_paragraph(p))
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Center)
}

fn page_number_footer(align: AlignmentType, odd: bool) -> Footer {
    let f = fonts(FONT_SONG, FONT_SONG);
    let size = half_points(PAGE_NUMBER_SIZE);
    let one_char = (PAGE_NUMBER_SIZE * 20.0).round() as i32;
    let field = Run::new()
        .size(size)
        .fonts(f.clone())
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    let p = Paragraph::new()
        .align(align)
        .size(size)
        .fonts(f.clone())
        .add_run(Run::new().add_text("— ").size(size).fonts(f.clone()))
        .add_run(field)
        .add_run(Run::new().add_text(" —").size(size).fonts(f));
    // One character in from the text area's edge: right on odd pages, left on even pages.
    let p = if odd { p.indent(None, None, Some(one_char), None) } else { p.indent(Some(one_char), None, None, None) };
    Footer::new().add_paragraph(tight(p))
}

pub fn write(table: &ExportTable, opts: &ExportOptions) -> Result<Vec<u8>> {
    let body = opts.body_size.unwrap_or(DEFAULT_BODY_SIZE);
    let landscape = table.landscape();
    let (top, bottom, left, right) = margins_twips(landscape);
    let (pw, ph) = if landscape { (A4_LONG, A4_SHORT) } else { (A4_SHORT, A4_LONG) };
    let text_width = (pw as i32 - left - right).max(1440) as usize;

    // Fixed grid from the relative widths; 序号 widened to hold its header on one line.
    let mut min = vec![0usize; table.columns.len()];
    for (c, col) in table.columns.iter().enumerate() {
        if col.kind == crate::model::ColumnKind::Number {
            let ems = std::iter::once(col.label.as_str())
                .chain(table.rows.iter().filter_map(|r| match r {
                    ExportRow::Item(cells) => cells.get(c).map(String::as_str),
                    ExportRow::Heading(_) => None,
                }))
                .map(|t| t.chars().map(super::char_ems).sum::<f64>())
                .fold(0.0, f64::max);
            min[c] = (ems * body as f64 * 20.0).ceil() as usize + 2 * CELL_MARGIN + 40;
        }
    }
    let grid = fit_grid(&table.width_fractions(), text_width, &min);
    let ncols = grid.len();

    let hei = fonts(FONT_HEI, FONT_HEI);
    let fang = fonts(FONT_FANG, FONT_FANG);
    let title_fonts = fonts(FONT_TITLE, FONT_TITLE);

    // Header row: 黑体, centred, never split; marked as repeating after docx-rs has written it.
    let header = TableRow::new(
        table
            .columns
            .iter()
            .zip(&grid)
            .map(|(c, w)| cell(cell_paragraphs(&c.label, body, &hei, AlignmentType::Center), *w))
            .collect(),
    )
    .cant_split();
    let mut rows = vec![header];
    for row in &table.rows {
        match row {
            ExportRow::Heading(text) => {
                let c = cell(cell_paragraphs(text, body, &hei, AlignmentType::Left), text_width).grid_span(ncols);
                rows.push(TableRow::new(vec![c]).cant_split());
            }
            ExportRow::Item(cells) => {
                let tcs = cells
                    .iter()
                    .zip(&table.columns)
                    .zip(&grid)
                    .map(|((text, col), w)| {
                        // Long text (主要内容) justified; other text left-aligned (justifying a narrow CJK column spreads it).
                        let align = if ExportTable::centred(&col.kind) {
                            AlignmentType::Center
                        } else if col.kind == crate::model::ColumnKind::Content {
                            AlignmentType::Both
                        } else {
                            AlignmentType::Left
                        };
                        cell(cell_paragraphs(text, body, &fang, align), *w)
                    })
                    .collect();
                rows.push(TableRow::new(tcs));
            }
        }
    }
    // 0.5 pt single rules (border sizes are in eighths of a point).
    let borders = [
        TableBorderPosition::Top,
        TableBorderPosition::Bottom,
        TableBorderPosition::Left,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ]
    .into_iter()
    .fold(TableBorders::new(), |b, pos| b.set(TableBorder::new(pos).size(4)));
    let tbl = Table::new(rows)
        .set_grid(grid.clone())
        .layout(TableLayoutType::Fixed)
        .width(text_width, WidthType::Dxa)
        .align(TableAlignmentType::Center)
        .set_borders(borders)
        .margins(TableCellMargins::new().margin(0, CELL_MARGIN, 0, CELL_MARGIN));

    // 附件 label (黑体 3号), an empty line, the title (小标宋 2号, centred, the user's breaks kept), an empty line.
    let label = tight(Paragraph::new().size(half_points(LABEL_SIZE)).fonts(hei.clone()).add_run(run(
        &table.annex_label,
        LABEL_SIZE,
        &hei,
    )));
    let blank = |size: f32| tight(Paragraph::new().size(half_points(size)).fonts(fang.clone()));
    let mut title_run = Run::new().size(half_points(TITLE_SIZE)).fonts(title_fonts.clone());
    for (i, line) in table.title.trim_matches('\n').split('\n').enumerate() {
        if i > 0 {
            title_run = title_run.add_break(BreakType::TextWrapping);
        }
        title_run = title_run.add_text(clean(line));
    }
    let title = tight(
        Paragraph::new().align(AlignmentType::Center).size(half_points(TITLE_SIZE)).fonts(title_fonts).add_run(title_run),
    );

    let footer_twips = mm_to_twips(if landscape { 12.0 } else { 22.0 });
    let docx = Docx::new()
        .page_size(pw, ph)
        .page_orient(if landscape { PageOrientationType::Landscape } else { PageOrientationType::Portrait })
        .page_margin(
            PageMargin::new()
                .top(top)
                .bottom(bottom)
                .left(left)
                .right(right)
                .header(mm_to_twips(15.0))
                .footer(footer_twips)
                .gutter(0),
        )
        .default_fonts(fang.clone())
        .default_size(half_points(body))
        .footer(page_number_footer(AlignmentType::Right, true))
        .even_footer(page_number_footer(AlignmentType::Left, false))
        .add_paragraph(label)
        .add_paragraph(blank(LABEL_SIZE))
        .add_paragraph(title)
        .add_paragraph(blank(body))
        .add_table(tbl);

    let mut raw = Cursor::new(Vec::new());
    docx.build().pack(&mut raw).map_err(|e| Error::invalid(format!("生成 Word 文件出错：{e}")))?;
    repack(&raw.into_inner(), !landscape)
}

/// Adds `<w:tblHeader/>` to the first table row's properties (docx-rs has no API for it).
pub fn mark_header_row(document_xml: &str) -> Result<String> {
    let missing = || Error::invalid("生成 Word 文件出错：找不到表格的表头行，无法设置“标题行重复”".to_string());
    let tbl = document_xml.find("<w:tbl>").ok_or_else(missing)?;
    let tr = tbl + document_xml[tbl..].find("<w:tr>").ok_or_else(missing)?;
    let after_tr = tr + "<w:tr>".len();
    let rest = &document_xml[after_tr..];
    let mut out = String::with_capacity(document_xml.len() + 32);
    out.push_str(&document_xml[..after_tr]);
    if let Some(r) = rest.strip_prefix("<w:trPr />").or_else(|| rest.strip_prefix("<w:trPr/>")) {
        out.push_str("<w:trPr><w:tblHeader /></w:trPr>");
        out.push_str(r);
    } else if let Some(r) = rest.strip_prefix("<w:trPr>") {
        out.push_str("<w:trPr>");
        out.push_str(r.split_once("</w:trPr>").ok_or_else(missing)?.0);
        out.push_str("<w:tblHeader /></w:trPr>");
        out.push_str(r.split_once("</w:trPr>").ok_or_else(missing)?.1);
    } else {
        // No properties written: add them (w:trPr comes first in w:tr, after w:tblPrEx which docx-rs never writes).
        out.push_str("<w:trPr><w:tblHeader /></w:trPr>");
        out.push_str(rest);
    }
    Ok(out)
}

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// settings.xml in schema order: mirror margins in portrait (binding side left on odd pages, right on even
/// ones, as GB/T 9704 prints double-sided; a standalone landscape page is not mirrored), different odd/even footers, East-Asian line breaking.
fn settings_xml(mirror: bool) -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<w:settings xmlns:w="{ns}">"#,
            r#"<w:zoom w:percent="100"/>{mirror}<w:defaultTabStop w:val="420"/>"#,
            r#"<w:evenAndOddHeaders/><w:characterSpacingControl w:val="compressPunctuation"/>"#,
            r#"<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>"#,
            r#"<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/>"#,
            r#"<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>"#,
            r#"</w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>"#
        ),
        ns = W_NS,
        mirror = if mirror { "<w:mirrorMargins/>" } else { "" }
    )
}

/// The font table: the faces the document names, with the names Word and WPS fall back to.
fn font_table_xml() -> String {
    let font = |name: &str, alt: &str, charset: &str, family: &str, pitch: &str| {
        let alt = if alt.is_empty() { String::new() } else { format!(r#"<w:altName w:val="{alt}"/>"#) };
        format!(
            r#"<w:font w:name="{name}">{alt}<w:charset w:val="{charset}"/><w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>"#
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="{W_NS}">{}{}{}{}{}</w:fonts>"#,
        font("Times New Roman", "", "00", "roman", "variable"),
        font(FONT_SONG, "SimSun", "86", "auto", "variable"),
        font(FONT_HEI, "SimHei", "86", "modern", "fixed"),
        font(FONT_FANG, "FangSong", "86", "modern", "fixed"),
        font(FONT_TITLE, FONT_SONG, "86", "script", "fixed"),
    )
}

/// Re-writes docx-rs's package with deflate, the header row marked, and our settings and font table.
fn repack(raw: &[u8], mirror: bool) -> Result<Vec<u8>> {
    let err = |e: &dyn std::fmt::Display| Error::invalid(format!("生成 Word 文件出错：{e}"));
    let mut input = zip::ZipArchive::new(Cursor::new(raw)).map_err(|e| err(&e))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(raw.len() / 3)));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    let mut saw_document = false;
    for i in 0..input.len() {
        let mut entry = input.by_index(i).map_err(|e| err(&e))?;
        if entry.is_dir() {
            continue; // OPC packages need no folder entries.
        }
        let name = entry.name().to_string();
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut bytes).map_err(|e| err(&e))?;
        let bytes = match name.as_str() {
            "word/document.xml" => {
                saw_document = true;
                let xml = String::from_utf8(bytes).map_err(|e| err(&e))?;
                mark_header_row(&schema_order(&xml)?)?.into_bytes()
            }
            "word/styles.xml" => {
                // A style's or the default paragraph properties (CT_PPrGeneral) may not hold w:rPr.
                let xml = String::from_utf8(bytes).map_err(|e| err(&e))?;
                schema_order(&xml)?.replace("<w:pPr><w:rPr /></w:pPr>", "<w:pPr />").into_bytes()
            }
            n if (n.starts_with("word/footer") || n.starts_with("word/header")) && n.ends_with(".xml") => {
                let xml = String::from_utf8(bytes).map_err(|e| err(&e))?;
                schema_order(&xml)?.into_bytes()
            }
            "word/settings.xml" => settings_xml(mirror).into_bytes(),
            "word/fontTable.xml" => font_table_xml().into_bytes(),
            _ => bytes,
        };
        out.start_file(name, opts).map_err(|e| err(&e))?;
        out.write_all(&bytes).map_err(|e| err(&e))?;
    }
    if !saw_document {
        return Err(err(&"缺少 word/document.xml"));
    }
    Ok(out.finish().map_err(|e| err(&e))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_row_is_marked_in_each_trpr_form() {
        let a = mark_header_row("<w:body><w:tbl><w:tblPr /><w:tr><w:trPr /><w:tc/></w:tr><w:tr><w:trPr /></w:tr></w:tbl>").unwrap();
        assert_eq!(a.matches("<w:tblHeader />").count(), 1);
        assert!(a.contains("<w:tr><w:trPr><w:tblHeader /></w:trPr><w:tc/>"), "{a}");
        let b = mark_header_row("<w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr><w:tc/></w:tr></w:tbl>").unwrap();
        assert!(b.contains("<w:trPr><w:cantSplit /><w:tblHeader /></w:trPr><w:tc/>"), "{b}");
        let c = mark_header_row("<w:tbl><w:tr><w:tc/></w:tr></w:tbl>").unwrap();
        assert!(c.contains("<w:tr><w:trPr><w:tblHeader /></w:trPr><w:tc/>"), "{c}");
        assert!(mark_header_row("<w:p/>").unwrap_err().to_string().contains("表头"));
    }

    #[test]
    fn control_characters_are_dropped_and_the_package_stays_well_formed() {
        use super::super::ExportColumn;
        use crate::model::ColumnKind;
        assert_eq!(clean("a\u{2}b\u{3}\tc"), "ab\tc");
        let table = ExportTable {
            annex_label: "附件".into(),
            title: "<标题> & \u{1}".into(),
            columns: vec![ExportColumn { kind: ColumnKind::Title, label: "事项".into(), width: 1.0 }],
            rows: vec![ExportRow::Item(vec!["a\u{2}<b>&".into()])],
        };
        let bytes = write(&table, &ExportOptions { body_size: Some(10.5), ..Default::default() }).unwrap();
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        z.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
        assert!(xml.contains("a&lt;b&gt;&amp;") && !xml.contains('\u{2}') && !xml.contains('\u{1}'), "{xml}");
        assert!(xml.contains(r#"<w:sz w:val="21" />"#));
        assert!(schema_order(&xml).is_ok());
    }

    #[test]
    fn the_grid_fills_the_width_and_gives_a_column_its_minimum() {
        let g = fit_grid(&[0.1, 0.2, 0.7], 8845, &[0, 0, 0]);
        assert_eq!(g.iter().sum::<usize>(), 8845);
        assert_eq!(g[0], 884);
        let g = fit_grid(&[0.05, 0.25, 0.7], 8845, &[900, 0, 0]);
        assert_eq!((g[0], g[1], g.iter().sum::<usize>()), (900, 2211, 8845));
        assert_eq!(fit_grid(&[], 100, &[]), vec![100]);
    }

    #[test]
    fn margins_are_the_standard_ones_in_twips() {
        assert_eq!(margins_twips(false), (2098, 1984, 1587, 1474));
        assert_eq!(A4_SHORT as i32 - 1587 - 1474, 8845); // 156 mm text width
        assert_eq!(margins_twips(true), (1587, 1474, 1984, 2098));
    }
}
