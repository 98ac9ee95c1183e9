//! A Word table's rows as records on the table grid, the way a pasted table reads: a cell spanning n grid
//! columns (`w:gridSpan`) puts its text in the first and leaves the others empty; a vertically merged block
//! (`w:vMerge`) has its text copied into every row it covers (each row is an item of its own, and a merged
//! 牵头单位 belongs to each), except a block as wide as the table (a heading, which would be repeated).

use super::body::{Row, VMerge};
use crate::import::RawRecord;

/// Widest table read: more grid columns than this is a damaged file.
pub const MAX_COLUMNS: usize = 512;

/// Most grid cells (rows × columns) of a table laid out; a 2,000-item annex has about 12,000.
pub const MAX_GRID_CELLS: usize = 4_000_000;

/// A vertically merged block whose text was copied: grid column and first/last body line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    pub col: usize,
    pub first: usize,
    pub last: usize,
}

/// Grid columns of a table: its widest row.
pub fn width(rows: &[Row]) -> usize {
    rows.iter()
        .map(|r| r.grid_before.saturating_add(r.cells.iter().map(|c| c.span).sum::<usize>()))
        .max()
        .unwrap_or(0)
}

struct Open {
    text: String,
    span: usize,
    first: usize,
    last: usize,
}

/// The rows as records of `width(rows)` cells each (rows padded), and the merged blocks that were copied.
pub fn records(rows: &[Row]) -> (Vec<RawRecord>, Vec<Merge>) {
    let width = width(rows).min(MAX_COLUMNS);
    let mut open: Vec<Option<Open>> = (0..width).map(|_| None).collect();
    let mut merges = Vec::new();
    let close = |o: Option<Open>, col: usize, merges: &mut Vec<Merge>| {
        if let Some(o) = o.filter(|o| o.last > o.first) {
            merges.push(Merge { col, first: o.first, last: o.last });
        }
    };
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mut cells = vec![String::new(); width];
        let mut col = row.grid_before;
        for c in &row.cells {
            if col >= width {
                break;
            }
            let span = c.span.min(width - col);
            let mut text = c.text.clone();
            let covering = c.vmerge == VMerge::Continue
                && open[col].as_ref().is_some_and(|o| o.span == span && o.span < width);
            if covering {
                // Word leaves covered cells empty; text typed into one is kept rather than overwritten.
                if text.trim().is_empty() {
                    let o = open[col].as_mut().expect("checked");
                    text = o.text.clone();
                    o.last = row.line;
                }
            } else {
                for (k, slot) in open.iter_mut().enumerate().skip(col).take(span) {
                    close(slot.take(), k, &mut merges);
                }
                if c.vmerge == VMerge::Restart {
                    open[col] = Some(Open { text: c.text.clone(), span, first: row.line, last: row.line });
                }
            }
            cells[col] = text;
            col += span;
        }
        out.push(RawRecord { line: row.line, cell_lines: vec![row.line; width], cells });
    }
    for (k, slot) in open.into_iter().enumerate() {
        close(slot, k, &mut merges);
    }
    merges.sort_by_key(|m| (m.first, m.col));
    (out, merges)
}

#[cfg(test)]
mod tests {
    use super::super::body::Cell;
    use super::*;

    fn cell(text: &str, span: usize, vmerge: VMerge) -> Cell {
        Cell { text: text.into(), span, vmerge }
    }

    #[test]
    fn spans_pad_and_vertical_merges_copy() {
        use VMerge::*;
        let rows = vec![
            Row { line: 1, grid_before: 0, cells: vec![cell("一、标题", 3, None)] },
            Row {
                line: 2,
                grid_before: 0,
                cells: vec![cell("1", 1, None), cell("甲", 1, None), cell("省发展改革委", 1, Restart)],
            },
            Row {
                line: 3,
                grid_before: 0,
                cells: vec![cell("2", 1, None), cell("乙", 1, None), cell("", 1, Continue)],
            },
            Row { line: 4, grid_before: 1, cells: vec![cell("丙", 1, None)] },
            Row { line: 5, grid_before: 0, cells: vec![cell("整行", 3, Restart)] },
            Row { line: 6, grid_before: 0, cells: vec![cell("", 3, Continue)] },
        ];
        let (recs, merges) = records(&rows);
        assert!(recs.iter().all(|r| r.cells.len() == 3 && r.cell_lines == vec![r.line; 3]));
        assert_eq!(recs[0].cells, vec!["一、标题", "", ""]);
        assert_eq!(recs[2].cells, vec!["2", "乙", "省发展改革委"]);
        assert_eq!(recs[3].cells, vec!["", "丙", ""]);
        assert_eq!(recs[5].cells, vec!["", "", ""], "a block as wide as the table is not repeated");
        assert_eq!(merges, vec![Merge { col: 2, first: 2, last: 3 }]);
    }
}
