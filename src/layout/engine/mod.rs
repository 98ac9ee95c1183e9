//! The layout proper, by concern: [`page`] (page geometry in points), [`measure`] (faces and advances,
//! cached), [`cells`] (a cell's lines and runs), [`rows`] (the table as texts), [`flow`] (rows onto pages:
//! splitting, repeated headers, rules), [`front`] (label and title), [`furniture`] (page numbers); this file
//! puts the annex together: column widths, the header row, the body rows' lines, then the flow. Decisions
//! are documented in `layout/mod.rs`.

mod cells;
mod flow;
mod front;
mod furniture;
mod measure;
mod page;
mod rows;

pub(crate) use page::geometry;
#[cfg(test)]
pub(crate) use page::{ASCENT, PAGE_NUMBER_GAP};
pub(crate) use rows::table_rows;

use std::collections::HashSet;

use self::cells::*;
use self::flow::*;
use self::measure::*;
use self::page::*;
use super::columns::{self, CELL_PADDING_X};
use super::frame::*;
use super::linebreak::Fit;
use super::table::{TableRow, TableSpec};
use super::words::Words;
use super::LayoutOptions;
use crate::model::ColumnKind;

// ---------------------------------------------------------------------------------------------------
// The whole annex

pub(crate) fn clamp_body_size(s: f32) -> f32 {
    if s.is_finite() {
        s.clamp(crate::rules::BODY_SIZE_MIN, crate::rules::BODY_SIZE_MAX)
    } else {
        16.0
    }
}

fn col_place(row: &TableRow, label: &str) -> String {
    if row.number.trim().is_empty() {
        format!("第{}行“{}”", row.item + 1, label)
    } else {
        format!("第{}项“{}”", row.number.trim(), label)
    }
}

/// Word boundaries for every text of the table and the title; the document's own unit names are words.
fn table_words(spec: &TableSpec) -> Words {
    let mut texts: HashSet<&str> = HashSet::new();
    let mut names: HashSet<&str> = HashSet::new();
    texts.insert(spec.title.as_str());
    texts.extend(spec.columns.iter().map(|c| c.label.as_str()));
    for r in &spec.rows {
        if r.heading {
            texts.insert(r.heading_text.as_str());
            continue;
        }
        for (cell, c) in r.cells.iter().zip(&spec.columns) {
            texts.insert(cell.as_str());
            if c.kind.role().is_some() {
                names.extend(columns::unit_names(cell));
            }
        }
    }
    let names: Vec<&str> = names.into_iter().collect();
    Words::for_texts(texts, &names)
}

fn edges(spec: &TableSpec, text_w: f32, size: f32, m: &mut Measurer, words: &Words) -> Vec<f32> {
    columns::column_edges(spec, text_w, size, &mut |t, role| m.measure(t, role, size), words)
}

/// Where column `ci`'s text goes: its left edge and width inside the padding.
fn inner(col_edges: &[f32], ci: usize, size: f32) -> (f32, f32) {
    let x = col_edges[ci] + CELL_PADDING_X;
    (x, (col_edges[ci + 1] - col_edges[ci] - 2.0 * CELL_PADDING_X).max(size))
}

/// The header row: labels break between words (`复制推广/范围`), centred.
fn header_cells(
    spec: &TableSpec,
    col_edges: &[f32],
    size: f32,
    m: &mut Measurer,
    words: &Words,
) -> Vec<CellLines> {
    let inner = |ci: usize| inner(col_edges, ci, size);
    let header_fit = Fit { justify: false, names: true, em: size };
    let mut header = Vec::new();
    for (ci, c) in spec.columns.iter().enumerate() {
        let label = c.label.clone();
        let shaped = m.shape(clean_cell_text(&c.label), FaceRole::Hei, size, &|| format!("表头“{}”", label));
        let (x, w) = inner(ci);
        let lines = break_cell(&shaped, w, header_fit, false, words);
        header.push(CellLines {
            shaped,
            lines,
            align: Align::Center,
            kind: RunKind::Header { col: ci },
            x,
            width: w,
        });
    }
    header
}

/// The body rows' cells, broken into lines. Cells of equal text in one column break alike: their lines are
/// computed once.
fn body_rows(
    spec: &TableSpec,
    col_edges: &[f32],
    size: f32,
    m: &mut Measurer,
    words: &Words,
) -> Vec<RowLines> {
    let inner = |ci: usize| inner(col_edges, ci, size);
    let hpad = CELL_PADDING_X;
    let mut broken: FxMap<(usize, &str), Vec<Line>> = FxMap::default();
    let number_col = spec.columns.iter().position(|c| c.kind == ColumnKind::Number);
    let mut rows = Vec::with_capacity(spec.rows.len());
    for r in &spec.rows {
        if r.heading {
            let x = col_edges[0] + hpad;
            let w = (*col_edges.last().unwrap() - 2.0 * hpad).max(size);
            let t = r.heading_text.clone();
            let item = r.item;
            let shaped = m.shape(clean_cell_text(&r.heading_text), FaceRole::Hei, size, &|| {
                let head: String = t.chars().take(12).collect();
                format!("第{}行分组标题“{}”", item + 1, head)
            });
            let lines = break_cell(&shaped, w, Fit { justify: true, names: false, em: size }, false, words);
            let n = lines.len();
            rows.push(RowLines {
                heading: true,
                cells: vec![CellLines {
                    shaped,
                    lines,
                    align: Align::Justify,
                    kind: RunKind::GroupHeading { item: r.item },
                    x,
                    width: w,
                }],
                nlines: n,
                number_col: None,
            });
            continue;
        }
        let mut cells = Vec::with_capacity(spec.columns.len());
        for (ci, c) in spec.columns.iter().enumerate() {
            let text = r.cells.get(ci).map(|s| clean_cell_text(s)).unwrap_or("");
            let (x, w) = inner(ci);
            let shaped = m.shape(text, FaceRole::Fang, size, &|| col_place(r, &c.label));
            let units = c.kind.role().is_some();
            let short = columns::is_short(text);
            // Long text is justified and may break inside a word; 序号, unit lists and short values keep
            // their words.
            let names = match c.kind {
                ColumnKind::Content => false,
                ColumnKind::Number => true,
                _ => units || short,
            };
            let fit = Fit { justify: !names, names, em: size };
            let lines =
                broken.entry((ci, text)).or_insert_with(|| break_cell(&shaped, w, fit, units, words)).clone();
            let align = match c.kind {
                ColumnKind::Number => Align::Center,
                ColumnKind::Content => Align::Justify,
                _ if lines.len() <= 1 => Align::Center,
                // A list of units, one or more whole names a line: centred, not stretched.
                _ if units => Align::Center,
                // A short value over two lines (a name wider than the column): centred, never spread.
                _ if short => Align::Center,
                _ => Align::Justify,
            };
            cells.push(CellLines {
                shaped,
                lines,
                align,
                kind: RunKind::Cell { item: r.item, col: ci },
                x,
                width: w,
            });
        }
        let n = cells.iter().map(|c| c.lines.len()).max().unwrap_or(1).max(1);
        rows.push(RowLines { heading: false, cells, nlines: n, number_col });
    }

    rows
}

/// The column edges [`layout_table`] sets, without laying out the rows (for the Word and Excel exports).
pub(crate) fn table_column_edges(spec: &TableSpec, opts: &LayoutOptions, metrics: &dyn Metrics) -> Vec<f32> {
    let size = clamp_body_size(opts.body_size);
    let text_w = geometry(opts.page_setup, true).area.width();
    edges(spec, text_w, size, &mut Measurer::new(metrics), &table_words(spec))
}

pub(crate) fn layout_table(spec: &TableSpec, opts: &LayoutOptions, metrics: &dyn Metrics) -> AnnexLayout {
    let size = clamp_body_size(opts.body_size);
    let pitch = CELL_LEADING * size;
    let vpad = 0.25 * size;
    let first_number = opts.first_page_number.max(1);
    // Parity follows the printed number: an annex starting on page 4 starts on an even (verso) page.
    let first_odd = first_number % 2 == 1;
    let mut m = Measurer::new(metrics);

    let geo0 = geometry(opts.page_setup, first_odd);
    let area = geo0.area;
    let text_w = area.width();

    let words = table_words(spec);

    // Column edges relative to the table's left edge (= text area left).
    let col_edges = edges(spec, text_w, size, &mut m, &words);
    let header = header_cells(spec, &col_edges, size, &mut m, &words);
    let header_lines = header.iter().map(|c| c.lines.len()).max().unwrap_or(1).max(1);
    let rows = body_rows(spec, &col_edges, size, &mut m, &words);

    // ---- 续表 mark
    let mark = if opts.continued_mark {
        Some(m.shape("续表", FaceRole::Hei, size, &|| "续表标注".to_string()))
    } else {
        None
    };

    let mut flow = Flow {
        size,
        pitch,
        vpad,
        setup: opts.page_setup,
        first_odd,
        continued_mark: false,
        header: &header,
        header_lines,
        col_edges: col_edges.clone(),
        pages: Vec::new(),
        mark,
    };
    flow.new_page();
    flow.continued_mark = opts.continued_mark;

    // ---- first page: label on line 1, title from line 3 (29 pt body grid), one blank line, the table.
    front::place(flow.cur(), spec, &mut m, &words);

    for (i, row) in rows.iter().enumerate() {
        // A group heading keeps with the start of the next row (its first two lines, or all of a short row).
        if row.heading {
            if let Some(next) = rows.get(i + 1).filter(|n| !n.heading) {
                let need = row.nlines + if next.nlines < 4 { next.nlines } else { 2 };
                if flow.avail_lines() < need && !flow.fresh() {
                    flow.new_page();
                }
            }
        }
        flow.place_row(row);
    }
    if !flow.pages[0].header_placed && rows.is_empty() {
        // No items: the header still prints under the title.
        flow.place_header();
    }

    // ---- page numbers and assembly
    let pages = furniture::finish_pages(&mut flow, &mut m, first_number);
    AnnexLayout {
        title: crate::model::one_line(&spec.title),
        keywords: [&spec.doc_number, &spec.label]
            .into_iter()
            .flatten()
            .map(|s| s.trim().to_string())
            .collect(),
        pages,
        missing: m.missing,
    }
}
