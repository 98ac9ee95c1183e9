//! Word export: the annex as an editable official document (.docx).
//!
//! The WordprocessingML parts are written here, in ECMA-376 schema order, with [`super::ooxml`] (why not
//! docx-rs: see there). Only elements of the ECMA-376 1st edition are written — no Word 2010+ extension
//! markup (`mc:Ignorable`, `w14:*`) and no `w:compatSetting` — so every part validates against the schemas
//! kept in `schemas/ecma-376/` (tests/export_docx.rs). Transitional (ISO/IEC 29500) readers accept
//! all of it; Word opens such a file in its 2007 compatibility mode, which lays out this table the same.
//!
//! Page: A4 portrait by default (as the PDF), landscape when asked;
//! GB/T 9704 margins (top 37, bottom 35, binding side 28, outer side 26 mm, mirrored on even pages; turned for
//! landscape). 附件 in 黑体 3号, the title centred in 小标宋 2号 (the user's line breaks kept), the table on a
//! fixed grid with its header row repeated on every page (`w:tblHeader`), rows free to break across pages,
//! single line spacing in cells; page numbers `— N —` in 宋体 4号, odd pages right and even pages left, one
//! character in (different odd and even footers). Fonts carry the East-Asian names offices use, with
//! fallbacks in the font table.

use crate::error::Result;
use crate::layout::PageSetup;
use crate::model::ColumnKind;

use super::ooxml::{clean, package, relationships, wml_content_type, Part, Xml, R_NS, W_NS};
use super::{ExportOptions, ExportRow, ExportTable};

/// Body size when none is given: 3号.
pub const DEFAULT_BODY_SIZE: f32 = 16.0;
use crate::layout::geometry::{self, LABEL_SIZE, PAGE_NUMBER_SIZE, TITLE_SIZE};

/// The faces GB/T 9704 names, by the names offices' Windows machines know them. 仿宋_GB2312 is the traditional
/// body face; where it is not installed, Word and WPS take the font table's alternative, 仿宋 (FangSong).
pub const FONT_TITLE: &str = "方正小标宋简体";
pub const FONT_HEI: &str = "黑体";
pub const FONT_FANG: &str = "仿宋_GB2312";
pub const FONT_SONG: &str = "宋体";
/// For characters beyond the BMP (CJK Extension B and later, e.g. 𠀀), which no GB2312 face has; Windows
/// ships SimSun-ExtB, and Word itself switches to it when such a character is typed.
const FONT_EXT_B: &str = "SimSun-ExtB";

/// Left and right padding inside a cell, in twips: [`geometry::CELL_PADDING_MM`] (1.9 mm, Word's default and
/// the PDF's), so both set the same lines.
const CELL_MARGIN: usize = (geometry::CELL_PADDING_MM as f64 * 1440.0 / 25.4 + 0.5) as usize;

/// A4 in twips (1/1440 in).
pub const A4_SHORT: u32 = 11906;
pub const A4_LONG: u32 = 16838;

/// Twips for millimetres, rounded.
pub fn mm_to_twips(mm: f64) -> i32 {
    (mm * 1440.0 / 25.4).round() as i32
}

/// Page margins in twips: (top, bottom, left, right), the odd page's [`geometry::margins`]. Portrait: left and
/// right are the binding and outer sides, mirrored on even pages (`w:mirrorMargins`); landscape: the PDF's
/// standalone landscape, the same 225 × 156 mm text area turned.
pub fn margins_twips(landscape: bool) -> (i32, i32, i32, i32) {
    let m = geometry::margins(geometry::flat(landscape), true);
    let t = |mm: f32| mm_to_twips(mm as f64);
    (t(m.top), t(m.bottom), t(m.left), t(m.right))
}

/// Whether the Word page is landscape: the page set-up asked for, else the table's own choice. Word cannot
/// print a table turned on a portrait sheet, so `LandscapeBound` gives landscape pages too.
pub fn is_landscape(opts: &ExportOptions) -> bool {
    match opts.page_setup {
        // Portrait unless asked, as the PDF: what the user prints from either looks the same.
        None => false,
        Some(PageSetup::Portrait) => false,
        Some(PageSetup::Landscape | PageSetup::LandscapeBound) => true,
    }
}

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

fn half_points(pt: f32) -> String {
    ((pt * 2.0).round() as u32).to_string()
}

/// `w:rFonts` naming one face for every script (digits in a cell match the Chinese text around them).
fn run_fonts(x: &mut Xml, face: &str) {
    x.empty(
        "w:rFonts",
        &[("w:ascii", face), ("w:eastAsia", face), ("w:hAnsi", face), ("w:hint", "eastAsia")],
    );
}

/// Runs for one line of text: tabs become `w:tab`; characters outside the BMP get their own run in
/// [`FONT_EXT_B`] so Word and WPS do not show them as empty boxes in a GB2312 face.
fn runs(x: &mut Xml, line: &str) {
    let mut rest = line;
    while !rest.is_empty() {
        let ext = rest.chars().next().is_some_and(|c| c as u32 > 0xFFFF);
        let end = rest
            .char_indices()
            .find(|(_, c)| (*c as u32 > 0xFFFF) != ext)
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        let (chunk, tail) = rest.split_at(end);
        rest = tail;
        x.open("w:r", &[]);
        if ext {
            x.open("w:rPr", &[]);
            run_fonts(x, FONT_EXT_B);
            x.close("w:rPr");
        }
        for (i, piece) in chunk.split('\t').enumerate() {
            if i > 0 {
                x.empty("w:tab", &[]);
            }
            if !piece.is_empty() {
                x.open("w:t", &[("xml:space", "preserve")]).text(piece).close("w:t");
            }
        }
        x.close("w:r");
    }
}

/// A paragraph in a style, aligned (None: the style's alignment), holding `text` (lines joined by `w:br`).
fn paragraph(x: &mut Xml, style: &str, jc: Option<&str>, text: &str) {
    x.open("w:p", &[]).open("w:pPr", &[]).val("w:pStyle", style);
    if let Some(j) = jc {
        x.val("w:jc", j);
    }
    x.close("w:pPr");
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            x.open("w:r", &[]).empty("w:br", &[]).close("w:r");
        }
        runs(x, line);
    }
    x.close("w:p");
}

/// A table cell: one paragraph per line of its text (an empty cell still has one, at the style's size).
fn cell(x: &mut Xml, width: usize, span: usize, style: &str, jc: Option<&str>, text: &str) {
    x.open("w:tc", &[]).open("w:tcPr", &[]);
    x.empty("w:tcW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
    if span > 1 {
        x.val("w:gridSpan", &span.to_string());
    }
    x.val("w:vAlign", "center").close("w:tcPr");
    for line in text.split('\n') {
        paragraph(x, style, jc, line);
    }
    x.close("w:tc");
}

/// Paragraph alignment of a body column: short cells (序号, units, scope) centred, 主要内容 justified, the rest
/// left-aligned (justifying a narrow CJK column spreads it).
fn column_jc(kind: &ColumnKind) -> &'static str {
    if ExportTable::centred(kind) {
        "center"
    } else if *kind == ColumnKind::Content {
        "both"
    } else {
        "left"
    }
}

struct Page {
    landscape: bool,
    width: u32,
    height: u32,
    /// top, bottom, left, right in twips.
    margins: (i32, i32, i32, i32),
    text_width: usize,
}

impl Page {
    fn new(landscape: bool) -> Page {
        let margins = margins_twips(landscape);
        let (width, height) = if landscape { (A4_LONG, A4_SHORT) } else { (A4_SHORT, A4_LONG) };
        let text_width = (width as i32 - margins.2 - margins.3).max(1440) as usize;
        Page { landscape, width, height, margins, text_width }
    }
}

fn document_xml(table: &ExportTable, opts: &ExportOptions, body: f32, page: &Page) -> String {
    // Fixed grid from the relative widths; 序号 widened to hold its header and numbers on one line.
    let mut min = vec![0usize; table.columns.len()];
    for (c, col) in table.columns.iter().enumerate() {
        if col.kind == ColumnKind::Number {
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
    let grid = fit_grid(&table.width_fractions(), page.text_width, &min);

    let mut x = Xml::new();
    x.open("w:document", &[("xmlns:w", W_NS), ("xmlns:r", R_NS)]).open("w:body", &[]);
    // Line 1 附件, line 2 empty, line 3 the title, an empty line, the table. When asked, the 发文字号 stands
    // before the label on line 1 (annex-format.md, “First page of the annex”: GB/T 9704 §7.3.7, for an annex
    // circulated on its own), two ideographic spaces apart, in the label's own style — 黑体 3号, as the PDF
    // layout prints it (src/layout/engine.rs, line 1).
    paragraph(&mut x, "AnnexLabel", None, &clean(&table.label_line(opts)));
    paragraph(&mut x, "AnnexLabel", None, "");
    paragraph(&mut x, "AnnexTitle", None, &clean(table.title.trim_matches('\n')));
    paragraph(&mut x, "Normal", None, "");

    x.open("w:tbl", &[]).open("w:tblPr", &[]);
    x.empty("w:tblW", &[("w:w", &page.text_width.to_string()), ("w:type", "dxa")]);
    x.val("w:jc", "center");
    x.open("w:tblBorders", &[]);
    for side in ["w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"] {
        // 0.5 pt single rules (w:sz is in eighths of a point).
        x.empty(side, &[("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")]);
    }
    x.close("w:tblBorders");
    x.empty("w:tblLayout", &[("w:type", "fixed")]);
    x.open("w:tblCellMar", &[]);
    let pad = CELL_MARGIN.to_string();
    x.empty("w:left", &[("w:w", &pad), ("w:type", "dxa")])
        .empty("w:right", &[("w:w", &pad), ("w:type", "dxa")]);
    x.close("w:tblCellMar").close("w:tblPr");
    x.open("w:tblGrid", &[]);
    for w in &grid {
        x.empty("w:gridCol", &[("w:w", &w.to_string())]);
    }
    x.close("w:tblGrid");

    // The header row repeats at the top of every page; it is one line, so it is kept whole.
    x.open("w:tr", &[])
        .open("w:trPr", &[])
        .empty("w:cantSplit", &[])
        .empty("w:tblHeader", &[])
        .close("w:trPr");
    for (col, w) in table.columns.iter().zip(&grid) {
        cell(&mut x, *w, 1, "TableHeader", None, &clean(&col.label));
    }
    x.close("w:tr");
    // Body rows carry no w:cantSplit: a long row breaks across pages instead of leaving a gap.
    for row in &table.rows {
        x.open("w:tr", &[]);
        match row {
            ExportRow::Heading(text) => {
                cell(&mut x, page.text_width, grid.len(), "TableHeading", None, &clean(text))
            }
            ExportRow::Item(cells) => {
                for ((text, col), w) in cells.iter().zip(&table.columns).zip(&grid) {
                    cell(&mut x, *w, 1, "TableText", Some(column_jc(&col.kind)), &clean(text));
                }
            }
        }
        x.close("w:tr");
    }
    x.close("w:tbl");
    // A paragraph must follow a table before the section's end.
    paragraph(&mut x, "TableEnd", None, "");

    let (top, bottom, left, right) = page.margins;
    // The number line's top sits 7 mm below the text area; w:footer measures to the footer's bottom.
    let footer =
        bottom - mm_to_twips(geometry::PAGE_NUMBER_GAP_MM as f64) - (PAGE_NUMBER_SIZE * 20.0).round() as i32;
    x.open("w:sectPr", &[]);
    x.empty("w:footerReference", &[("w:type", "default"), ("r:id", "rIdFooterOdd")]);
    x.empty("w:footerReference", &[("w:type", "even"), ("r:id", "rIdFooterEven")]);
    let (w, h) = (page.width.to_string(), page.height.to_string());
    if page.landscape {
        x.empty("w:pgSz", &[("w:w", &w), ("w:h", &h), ("w:orient", "landscape")]);
    } else {
        x.empty("w:pgSz", &[("w:w", &w), ("w:h", &h)]);
    }
    x.empty(
        "w:pgMar",
        &[
            ("w:top", &top.to_string()),
            ("w:right", &right.to_string()),
            ("w:bottom", &bottom.to_string()),
            ("w:left", &left.to_string()),
            ("w:header", &mm_to_twips(15.0).to_string()),
            ("w:footer", &footer.max(0).to_string()),
            ("w:gutter", "0"),
        ],
    );
    // pgNumType comes after pgMar and before cols in CT_SectPr's sequence.
    if let Some(n) = opts.first_page_number.filter(|n| *n > 1) {
        x.empty("w:pgNumType", &[("w:start", &n.to_string())]);
    }
    x.empty("w:cols", &[("w:space", "425")]);
    x.close("w:sectPr").close("w:body").close("w:document");
    x.finish()
}

/// A footer with `— N —` (a PAGE field), odd pages right-aligned and even pages left-aligned, one character in.
fn footer_xml(odd: bool) -> String {
    let one_char = ((PAGE_NUMBER_SIZE * 20.0).round() as i32).to_string();
    let mut x = Xml::new();
    x.open("w:ftr", &[("xmlns:w", W_NS), ("xmlns:r", R_NS)]);
    x.open("w:p", &[]).open("w:pPr", &[]).val("w:pStyle", "Footer");
    if odd {
        x.empty("w:ind", &[("w:right", &one_char)]).val("w:jc", "right");
    } else {
        x.empty("w:ind", &[("w:left", &one_char)]).val("w:jc", "left");
    }
    x.close("w:pPr");
    runs(&mut x, "— ");
    x.open("w:r", &[]).empty("w:fldChar", &[("w:fldCharType", "begin")]).close("w:r");
    x.open("w:r", &[])
        .open("w:instrText", &[("xml:space", "preserve")])
        .text(" PAGE ")
        .close("w:instrText")
        .close("w:r");
    x.open("w:r", &[]).empty("w:fldChar", &[("w:fldCharType", "separate")]).close("w:r");
    runs(&mut x, "1");
    x.open("w:r", &[]).empty("w:fldChar", &[("w:fldCharType", "end")]).close("w:r");
    runs(&mut x, " —");
    x.close("w:p").close("w:ftr");
    x.finish()
}

/// A paragraph style (CT_Style): properties written in the schema's order.
struct ParaStyle<'a> {
    id: &'a str,
    name: &'a str,
    based_on: &'a str,
    keep_next: bool,
    exact_line: Option<&'a str>,
    jc: Option<&'a str>,
    face: Option<&'a str>,
    size: Option<&'a str>,
}

impl Default for ParaStyle<'_> {
    fn default() -> Self {
        ParaStyle {
            id: "",
            name: "",
            based_on: "Normal",
            keep_next: false,
            exact_line: None,
            jc: None,
            face: None,
            size: None,
        }
    }
}

impl ParaStyle<'_> {
    fn write(&self, x: &mut Xml) {
        let normal = self.id == "Normal";
        let mut attrs = vec![("w:type", "paragraph"), ("w:styleId", self.id)];
        if normal {
            attrs.insert(1, ("w:default", "1"));
        }
        x.open("w:style", &attrs).val("w:name", self.name);
        if !normal {
            x.val("w:basedOn", self.based_on);
        }
        x.empty("w:qFormat", &[]);
        x.open("w:pPr", &[]);
        if self.keep_next {
            x.empty("w:keepNext", &[]);
        }
        if normal {
            // Chinese documents do not keep widow/orphan lines (Word's zh-CN Normal has it off).
            x.val("w:widowControl", "0");
        }
        if let Some(l) = self.exact_line {
            x.empty("w:spacing", &[("w:line", l), ("w:lineRule", "exact")]);
        }
        if let Some(j) = self.jc {
            x.val("w:jc", j);
        }
        x.close("w:pPr");
        if self.face.is_some() || self.size.is_some() {
            x.open("w:rPr", &[]);
            if let Some(f) = self.face {
                run_fonts(x, f);
            }
            if let Some(s) = self.size {
                x.val("w:sz", s).val("w:szCs", s);
            }
            x.close("w:rPr");
        }
        x.close("w:style");
    }
}

/// Styles: the defaults (仿宋_GB2312 at the body size, single spacing) and one named style per kind of
/// paragraph, so that an office can restyle the whole annex from Word's style pane.
fn styles_xml(body: f32) -> String {
    let body = half_points(body);
    let mut x = Xml::new();
    x.open("w:styles", &[("xmlns:w", W_NS)]);
    x.open("w:docDefaults", &[]);
    x.open("w:rPrDefault", &[]).open("w:rPr", &[]);
    x.empty(
        "w:rFonts",
        &[
            ("w:ascii", FONT_FANG),
            ("w:eastAsia", FONT_FANG),
            ("w:hAnsi", FONT_FANG),
            ("w:cs", "Times New Roman"),
        ],
    );
    x.val("w:kern", "2").val("w:sz", &body).val("w:szCs", &body);
    x.empty("w:lang", &[("w:val", "en-US"), ("w:eastAsia", "zh-CN"), ("w:bidi", "ar-SA")]);
    x.close("w:rPr").close("w:rPrDefault");
    // Single spacing, nothing before or after: the 29 pt body grid is not copied into the table.
    x.open("w:pPrDefault", &[]).open("w:pPr", &[]);
    x.empty("w:spacing", &[("w:before", "0"), ("w:after", "0"), ("w:line", "240"), ("w:lineRule", "auto")]);
    x.close("w:pPr").close("w:pPrDefault");
    x.close("w:docDefaults");

    let label = half_points(LABEL_SIZE);
    let title = half_points(TITLE_SIZE);
    let number = half_points(PAGE_NUMBER_SIZE);
    let styles = [
        ParaStyle { id: "Normal", name: "Normal", jc: Some("both"), ..Default::default() },
        // The label and the title stay on the page of the table's first rows.
        ParaStyle {
            id: "AnnexLabel",
            name: "附件标识",
            keep_next: true,
            jc: Some("left"),
            face: Some(FONT_HEI),
            size: Some(&label),
            ..Default::default()
        },
        ParaStyle {
            id: "AnnexTitle",
            name: "附件标题",
            keep_next: true,
            jc: Some("center"),
            face: Some(FONT_TITLE),
            size: Some(&title),
            ..Default::default()
        },
        ParaStyle {
            id: "TableHeader",
            name: "表头",
            jc: Some("center"),
            face: Some(FONT_HEI),
            ..Default::default()
        },
        ParaStyle { id: "TableText", name: "表格正文", jc: Some("left"), ..Default::default() },
        ParaStyle {
            id: "TableHeading",
            name: "表内分组标题",
            based_on: "TableText",
            jc: Some("left"),
            face: Some(FONT_HEI),
            ..Default::default()
        },
        // The paragraph Word needs after a table, 1 pt high, so that a table ending at the foot of a page does
        // not push an empty page out.
        ParaStyle {
            id: "TableEnd",
            name: "表后段落",
            exact_line: Some("20"),
            size: Some("2"),
            ..Default::default()
        },
        ParaStyle {
            id: "Footer",
            name: "footer",
            face: Some(FONT_SONG),
            size: Some(&number),
            ..Default::default()
        },
    ];
    for st in &styles {
        st.write(&mut x);
    }
    x.open("w:style", &[("w:type", "character"), ("w:default", "1"), ("w:styleId", "DefaultParagraphFont")]);
    x.val("w:name", "Default Paragraph Font")
        .val("w:uiPriority", "1")
        .empty("w:semiHidden", &[])
        .empty("w:unhideWhenUsed", &[]);
    x.close("w:style");
    x.open("w:style", &[("w:type", "table"), ("w:default", "1"), ("w:styleId", "TableNormal")]);
    x.val("w:name", "Normal Table")
        .val("w:uiPriority", "99")
        .empty("w:semiHidden", &[])
        .empty("w:unhideWhenUsed", &[]);
    x.open("w:tblPr", &[]).empty("w:tblInd", &[("w:w", "0"), ("w:type", "dxa")]).open("w:tblCellMar", &[]);
    for side in ["w:top", "w:left", "w:bottom", "w:right"] {
        let w = if side == "w:top" || side == "w:bottom" { "0" } else { "108" };
        x.empty(side, &[("w:w", w), ("w:type", "dxa")]);
    }
    x.close("w:tblCellMar").close("w:tblPr").close("w:style");
    x.close("w:styles");
    x.finish()
}

/// Settings: mirror margins in portrait (binding side left on odd pages, right on even ones, as GB/T 9704
/// prints double-sided; landscape pages are not mirrored), different odd and even footers, Chinese
/// punctuation compression and East-Asian line breaking.
fn settings_xml(mirror: bool) -> String {
    let mut x = Xml::new();
    x.open("w:settings", &[("xmlns:w", W_NS)]);
    x.empty("w:zoom", &[("w:percent", "100")]);
    if mirror {
        x.empty("w:mirrorMargins", &[]);
    }
    x.val("w:defaultTabStop", "420")
        .empty("w:evenAndOddHeaders", &[])
        .val("w:characterSpacingControl", "compressPunctuation");
    // Word's zh-CN defaults, without w:adjustLineHeightInTable (it would put the body grid into the cells).
    x.open("w:compat", &[]);
    for flag in [
        "w:spaceForUL",
        "w:balanceSingleByteDoubleByteWidth",
        "w:doNotLeaveBackslashAlone",
        "w:ulTrailSpace",
        "w:doNotExpandShiftReturn",
        "w:useFELayout",
    ] {
        x.empty(flag, &[]);
    }
    x.close("w:compat");
    x.empty("w:themeFontLang", &[("w:val", "en-US"), ("w:eastAsia", "zh-CN")]);
    x.close("w:settings");
    x.finish()
}

/// The font table: each face the document names, with the alternative Word and WPS take where the face is not
/// installed (`w:altName`), and the PANOSE class, GB2312 charset and family that guide their own matching when
/// even that is missing: 仿宋_GB2312 → 仿宋, 方正小标宋简体 → 华文中宋 → a Song face (宋体), 黑体 → SimHei.
fn font_table_xml() -> String {
    // (name, alternative, panose, charset, family, pitch, (usb0, usb1, usb2, usb3, csb0, csb1))
    let gb = ("00000003", "288F0000", "00000016", "00000000", "00040001", "00000000");
    let fonts = [
        (
            "Times New Roman",
            None,
            "02020603050405020304",
            "00",
            "roman",
            "variable",
            ("E0002EFF", "C000785B", "00000009", "00000000", "000001FF", "00000000"),
        ),
        (FONT_SONG, Some("SimSun"), "02010600030101010101", "86", "auto", "variable", gb),
        (FONT_HEI, Some("SimHei"), "02010609060101010101", "86", "modern", "fixed", gb),
        (FONT_FANG, Some("仿宋"), "02010609030101010101", "86", "modern", "fixed", gb),
        ("仿宋", Some("FangSong"), "02010609060101010101", "86", "modern", "fixed", gb),
        (FONT_TITLE, Some("华文中宋"), "02010600030101010101", "86", "roman", "variable", gb),
        (
            FONT_EXT_B,
            Some(FONT_SONG),
            "02010609030101010101",
            "86",
            "modern",
            "fixed",
            ("00000001", "02000000", "00000000", "00000000", "00040001", "00000000"),
        ),
    ];
    let mut x = Xml::new();
    x.open("w:fonts", &[("xmlns:w", W_NS)]);
    for (name, alt, panose, charset, family, pitch, sig) in fonts {
        x.open("w:font", &[("w:name", name)]);
        if let Some(a) = alt {
            x.val("w:altName", a);
        }
        x.val("w:panose1", panose).val("w:charset", charset).val("w:family", family).val("w:pitch", pitch);
        x.empty(
            "w:sig",
            &[
                ("w:usb0", sig.0),
                ("w:usb1", sig.1),
                ("w:usb2", sig.2),
                ("w:usb3", sig.3),
                ("w:csb0", sig.4),
                ("w:csb1", sig.5),
            ],
        );
        x.close("w:font");
    }
    x.close("w:fonts");
    x.finish()
}

/// The .docx bytes of a table.
pub fn write(table: &ExportTable, opts: &ExportOptions) -> Result<Vec<u8>> {
    let body = opts.body_size.unwrap_or(DEFAULT_BODY_SIZE);
    let page = Page::new(is_landscape(opts));
    let doc_rels = relationships(&[
        ("rIdStyles", "styles", "styles.xml"),
        ("rIdSettings", "settings", "settings.xml"),
        ("rIdFontTable", "fontTable", "fontTable.xml"),
        ("rIdFooterOdd", "footer", "footer1.xml"),
        ("rIdFooterEven", "footer", "footer2.xml"),
    ]);
    let parts = vec![
        Part {
            name: "_rels/.rels",
            content_type: None,
            xml: relationships(&[("rIdDocument", "officeDocument", "word/document.xml")]),
        },
        Part {
            name: "word/document.xml",
            content_type: Some(wml_content_type("document.main")),
            xml: document_xml(table, opts, body, &page),
        },
        Part { name: "word/_rels/document.xml.rels", content_type: None, xml: doc_rels },
        Part {
            name: "word/styles.xml",
            content_type: Some(wml_content_type("styles")),
            xml: styles_xml(body),
        },
        Part {
            name: "word/settings.xml",
            content_type: Some(wml_content_type("settings")),
            xml: settings_xml(!page.landscape),
        },
        Part {
            name: "word/fontTable.xml",
            content_type: Some(wml_content_type("fontTable")),
            xml: font_table_xml(),
        },
        Part {
            name: "word/footer1.xml",
            content_type: Some(wml_content_type("footer")),
            xml: footer_xml(true),
        },
        Part {
            name: "word/footer2.xml",
            content_type: Some(wml_content_type("footer")),
            xml: footer_xml(false),
        },
    ];
    package(&parts)
}

#[cfg(test)]
mod tests {
    use super::super::ExportColumn;
    use super::*;

    fn one_column(title: &str, cell: &str) -> ExportTable {
        ExportTable {
            annex_label: "附件".into(),
            title: title.into(),
            doc_number: None,
            columns: vec![ExportColumn { kind: ColumnKind::Title, label: "事项".into(), width: 1.0 }],
            rows: vec![ExportRow::Item(vec![cell.into()])],
        }
    }

    #[test]
    fn text_is_escaped_control_characters_dropped_and_rare_characters_get_their_own_run() {
        let xml = document_xml(
            &one_column("<标题> & \u{1}", "a\u{2}<b>&\t𠀀䶮"),
            &ExportOptions::default(),
            10.5,
            &Page::new(false),
        );
        assert!(
            xml.contains("a&lt;b&gt;&amp;</w:t></w:r>") || xml.contains("a&lt;b&gt;&amp;</w:t><w:tab/>"),
            "{xml}"
        );
        assert!(!xml.contains('\u{2}') && !xml.contains('\u{1}'));
        assert!(xml.contains("&lt;标题&gt; &amp; "), "{xml}");
        assert!(xml.contains(r#"<w:rFonts w:ascii="SimSun-ExtB" w:eastAsia="SimSun-ExtB" w:hAnsi="SimSun-ExtB" w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">𠀀</w:t>"#), "{xml}");
        assert!(
            xml.contains(r#"<w:t xml:space="preserve">䶮</w:t>"#),
            "Extension A stays in the body face's run: {xml}"
        );
        roxmltree::Document::parse(&xml).unwrap();
    }

    #[test]
    fn the_doc_number_goes_before_the_label_in_the_label_paragraph_only_when_asked() {
        let t = ExportTable { doc_number: Some("粤府函〔2020〕77号".into()), ..one_column("题", "x") };
        let page = Page::new(false);
        let label_para = |opts: &ExportOptions| {
            let xml = document_xml(&t, opts, 16.0, &page);
            let start = xml.find(r#"<w:pStyle w:val="AnnexLabel"/>"#).unwrap();
            xml[start..start + xml[start..].find("</w:p>").unwrap()].to_string()
        };
        let shown = label_para(&ExportOptions { show_doc_number: true, ..Default::default() });
        assert!(
            shown.contains("<w:t xml:space=\"preserve\">粤府函〔2020〕77号\u{3000}\u{3000}附件</w:t>"),
            "{shown}"
        );
        let plain = label_para(&ExportOptions::default());
        assert!(plain.contains(">附件</w:t>") && !plain.contains("粤府函"), "{plain}");
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
        assert_eq!(A4_LONG as i32 - 1984 - 2098, 12756); // 225 mm text width
    }

    #[test]
    fn page_setup_chooses_the_orientation() {
        let with = |s| ExportOptions { page_setup: s, ..Default::default() };
        assert!(!is_landscape(&with(None)));
        assert!(!is_landscape(&with(Some(PageSetup::Portrait))));
        assert!(is_landscape(&with(Some(PageSetup::Landscape))));
        assert!(is_landscape(&with(Some(PageSetup::LandscapeBound))));
    }
}
