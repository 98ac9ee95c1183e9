//! Tables drawn with box characters, as law databases and some OA systems print them to text:
//!
//! ```text
//! ┌──┬──────┬────────┐
//! │序│事项  │牵头    │
//! │号│      │单位    │
//! ├──┼──────┼────────┤
//! │1 │甲事项│        │
//! ├──┼──────┤省财政厅│
//! │2 │乙事项│        │
//! └──┴──────┴────────┘
//! ```
//!
//! A row is the text lines between two rules; a cell's text is its pieces on those lines joined (a word
//! broken across lines, `牵头`/`单位`, is whole again; Latin pieces are joined with a space). Cells are
//! told apart by the vertical bars on each line, not by their positions, so borders that do not line up
//! exactly (a full-width character drawn one column off) still give the right cells. A rule with no line
//! under a column (`├──┼──────┤省财政厅│`) means that column's cell goes on into the next row: a cell
//! spanning rows, whose text (wherever it stands, on a rule line too) is given to every row it covers, as
//! for merged cells in Word and Excel, and the report says so. ASCII tables (`+----+`, `|`) read the same.
//! A row with fewer cells than the table has columns (a cell spanning 事项 and 主要内容, or 牵头 and 配合
//! units) is placed by where its bars stand against the rule above it, in display columns: its spanning
//! cell's text goes to the first column it covers, as Excel and Word merges are read, and the report says
//! so. Whether the box characters were drawn one or two columns wide (a Western or a Chinese font) is
//! whichever makes the bars meet the rule; a row matching neither is left as it is and reported short.
//! Lines above and below the table are passed on as one-cell records (title, 附件 label, notes), so the
//! shared rules ([`super::records`]) find the title and report the rest.
//!
//! Rejected: cutting lines at the character columns of the top rule (breaks on mixed-width fonts and
//! hand-edited tables).

use super::records::is_number_label;
use super::report::ReportLine;
use super::RawRecord;

pub const FORMAT: &str = "文本中用框线字符画的表格";

const VERTICAL: &str = "│┃║|";
const HORIZONTAL: &str = "─━═-=";
const JUNCTION: &str =
    "┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋╔╗╚╝╠╣╦╩╬╒╓╕╖╘╙╛╜╞╟╡╢╤╥╧╨╪╫┍┎┑┒┕┖┙┚┝┞┟┠┡┢┥┦┧┨┩┪┭┮┯┰┱┲┵┶┷┸┹┺┽┾┿╀╁╂╃╄╅╆╇╈╉╊+";

/// One line of a drawn table, cut at its bars and junctions (the outer borders dropped).
enum Line {
    /// Cells of text.
    Row(Vec<String>),
    /// A rule: per column, whether it draws a line under the cell (`false`: the cell goes on, with any
    /// text standing on the rule line).
    Rule(Vec<(bool, String)>),
}

fn is_box(c: char) -> bool {
    VERTICAL.contains(c) || JUNCTION.contains(c) || HORIZONTAL.contains(c)
}

/// Reads one line as part of a drawn table, or None for an ordinary line.
fn classify(line: &str) -> Option<Line> {
    let t = line.trim();
    let first = t.chars().next()?;
    let last = t.chars().last()?;
    let starts = VERTICAL.contains(first) || JUNCTION.contains(first);
    let ends = VERTICAL.contains(last) || JUNCTION.contains(last);
    // `|` and `+` are common in text: an ASCII row needs bars at both ends.
    let ascii = first == '|' || first == '+';
    if !starts || (ascii && !ends) {
        return None;
    }
    let parts: Vec<&str> = t.split(|c: char| VERTICAL.contains(c) || JUNCTION.contains(c)).collect();
    let inner = &parts[1..parts.len().saturating_sub(usize::from(ends)).max(1)];
    let is_rule_part =
        |p: &str| p.chars().any(|c| HORIZONTAL.contains(c)) && p.chars().all(|c| is_box(c) || c == ' ');
    if inner.iter().any(|p| is_rule_part(p)) {
        return Some(Line::Rule(
            inner
                .iter()
                .map(|p| if is_rule_part(p) { (true, String::new()) } else { (false, p.trim().to_string()) })
                .collect(),
        ));
    }
    if t.chars().filter(|c| VERTICAL.contains(*c) || JUNCTION.contains(*c)).count() < 2 {
        return None;
    }
    Some(Line::Row(inner.iter().map(|p| p.trim().to_string()).collect()))
}

/// Display columns at which each bar or junction of `line` stands (box characters `box_wide` columns
/// wide, Chinese two).
fn bar_positions(line: &str, box_wide: bool) -> Vec<usize> {
    let mut at = 0;
    let mut out = Vec::new();
    for c in line.trim_end().chars() {
        // Drawn for a Chinese font, the ambiguous-width marks (“ ” … ×) are two columns wide too.
        let w = if is_box(c) {
            1 + usize::from(box_wide)
        } else if box_wide {
            unicode_width::UnicodeWidthChar::width_cjk(c).unwrap_or(0)
        } else {
            unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
        };
        if VERTICAL.contains(c) || JUNCTION.contains(c) {
            out.push(at);
        }
        at += w;
    }
    out
}

/// Farthest a bar may stand from the rule's junction and still meet it (hand-drawn tables are a column
/// or so off).
const BAR_SLACK: usize = 2;

/// For a row line of `cells` cells under `rule` (a rule line with a junction for every column): the first
/// grid column of each cell, and the table's column count, or None when its bars do not meet the rule.
fn place(row: &str, rule: &str, cells: usize) -> Option<(Vec<usize>, usize)> {
    [true, false].into_iter().find_map(|box_wide| {
        let grid = bar_positions(rule, box_wide);
        let bars = bar_positions(row, box_wide);
        if bars.len() != cells + 1 || grid.len() < 3 {
            return None;
        }
        let mut at = Vec::with_capacity(bars.len());
        for b in &bars {
            let (i, g) = grid.iter().enumerate().min_by_key(|(_, g)| g.abs_diff(*b))?;
            if g.abs_diff(*b) > BAR_SLACK || at.last().is_some_and(|&l| l >= i) {
                return None;
            }
            at.push(i);
        }
        (at[0] == 0 && *at.last()? == grid.len() - 1).then(|| (at[..cells].to_vec(), grid.len() - 1))
    })
}

/// Rows with fewer cells than the rule above them has columns, widened to the rule's columns (see the
/// module comment); one report line per row of the table, not per text line.
fn spread_spans(lines: &[(usize, &str)], drawn: &mut [Option<Line>], warnings: &mut Vec<ReportLine>) {
    let mut rule: Option<(&str, usize)> = None;
    let mut told: Option<Vec<usize>> = None;
    for ((n, l), d) in lines.iter().zip(drawn.iter_mut()) {
        match d {
            Some(Line::Rule(parts)) => {
                if rule.is_none_or(|(_, cols)| parts.len() >= cols) {
                    rule = Some((l, parts.len()));
                }
                told = None;
            }
            Some(Line::Row(cells)) => {
                let Some((r, cols)) = rule.filter(|&(_, cols)| cells.len() > 1 && cells.len() < cols) else {
                    continue;
                };
                let Some((starts, width)) = place(l, r, cells.len()).filter(|&(_, w)| w == cols) else {
                    continue;
                };
                let mut wide = vec![String::new(); width];
                for (cell, &s) in std::mem::take(cells).into_iter().zip(&starts) {
                    wide[s] = cell;
                }
                if told.as_ref() != Some(&starts) {
                    let spans: Vec<String> = starts
                        .iter()
                        .enumerate()
                        .filter_map(|(j, &s)| {
                            let end = starts.get(j + 1).copied().unwrap_or(width);
                            (end - s > 1).then(|| format!("第 {}–{} 列", s + 1, end))
                        })
                        .collect();
                    warnings.push(ReportLine::at(
                        *n,
                        format!("这一行有跨列的单元格（{}），其中的文字已放在所跨的第一列", spans.join("、")),
                    ));
                    told = Some(starts);
                }
                *cells = wide;
            }
            None => {
                rule = None;
                told = None;
            }
        }
    }
}

/// Appends a piece of a cell's text: no space between Chinese pieces, one between Latin ones.
fn join(text: &mut String, piece: &str) {
    if piece.is_empty() {
        return;
    }
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if latin(text.chars().last()) && latin(piece.chars().next()) {
        text.push(' ');
    }
    text.push_str(piece);
}

/// A cell spanning rows, still open: its text so far and the records it covers.
struct Open {
    text: String,
    first_line: usize,
    rows: Vec<usize>,
}

/// The records of a text holding a drawn table (lines around it as one-cell records) and the warnings for
/// cells spanning rows; None when the text has no drawn table with at least two rows.
pub(super) fn records(text: &str) -> Option<(Vec<RawRecord>, Vec<ReportLine>)> {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
    let mut drawn: Vec<Option<Line>> = lines.iter().map(|(_, l)| classify(l)).collect();
    if drawn.iter().filter(|d| matches!(d, Some(Line::Row(_)))).count() < 2 {
        return None;
    }
    let mut out: Vec<RawRecord> = Vec::new();
    let mut warnings = Vec::new();
    spread_spans(&lines, &mut drawn, &mut warnings);
    // The row being read: its first line and its cells' text.
    let mut row: Option<(usize, Vec<String>)> = None;
    let mut open: Vec<Option<Open>> = Vec::new();
    let close = |o: Open, col: usize, out: &mut Vec<RawRecord>, warnings: &mut Vec<ReportLine>| {
        if o.rows.len() > 1 {
            let last = out[*o.rows.last().expect("rows")].line;
            warnings.push(ReportLine::at(
                o.first_line,
                format!(
                    "第 {} 列第 {}—{last} 行是跨行的单元格，已把其中的文字“{}”填入每一行",
                    col + 1,
                    o.first_line,
                    o.text
                ),
            ));
        }
        for r in o.rows {
            if let Some(cell) = out[r].cells.get_mut(col) {
                *cell = o.text.clone();
            }
        }
    };
    let end_row =
        |row: &mut Option<(usize, Vec<String>)>, open: &mut Vec<Option<Open>>, out: &mut Vec<RawRecord>| {
            if let Some((line, cells)) = row.take() {
                if open.len() < cells.len() {
                    open.resize_with(cells.len(), || None);
                }
                for (col, text) in cells.iter().enumerate() {
                    let o = open[col].get_or_insert_with(|| Open {
                        text: String::new(),
                        first_line: line,
                        rows: Vec::new(),
                    });
                    join(&mut o.text, text);
                    o.rows.push(out.len());
                }
                out.push(RawRecord { line, cell_lines: vec![line; cells.len()], cells });
            }
        };
    for ((n, l), d) in lines.iter().zip(drawn) {
        match d {
            Some(Line::Row(cells)) => match &mut row {
                // Tables ruled only under the header: a new 序号 starts a new row.
                Some((_, acc))
                    if acc.len() == cells.len() && (acc[0].is_empty() || !is_number_label(&cells[0])) =>
                {
                    for (a, c) in acc.iter_mut().zip(&cells) {
                        join(a, c);
                    }
                }
                Some(_) => {
                    // A new 序号, or a different number of cells, without a rule between: a new row, and no
                    // cell of the one above goes on into it.
                    end_row(&mut row, &mut open, &mut out);
                    for (col, slot) in open.iter_mut().enumerate() {
                        if let Some(o) = slot.take() {
                            close(o, col, &mut out, &mut warnings);
                        }
                    }
                    row = Some((*n, cells));
                }
                None => row = Some((*n, cells)),
            },
            Some(Line::Rule(parts)) => {
                let cols = row.as_ref().map(|(_, c)| c.len());
                end_row(&mut row, &mut open, &mut out);
                // Columns with no line under them go on; text standing on the rule belongs to them. A rule
                // that does not match the row's columns (a heading row across the table) closes all.
                let matches = cols.is_none_or(|c| c == parts.len()) && parts.len() == open.len();
                for (col, slot) in open.iter_mut().enumerate() {
                    let goes_on = matches && parts.get(col).is_some_and(|(ruled, _)| !ruled);
                    if goes_on {
                        if let (Some(o), Some((_, text))) = (slot.as_mut(), parts.get(col)) {
                            join(&mut o.text, text);
                        }
                    } else if let Some(o) = slot.take() {
                        close(o, col, &mut out, &mut warnings);
                    }
                }
            }
            None => {
                end_row(&mut row, &mut open, &mut out);
                for (col, slot) in open.iter_mut().enumerate() {
                    if let Some(o) = slot.take() {
                        close(o, col, &mut out, &mut warnings);
                    }
                }
                if !l.trim().is_empty() {
                    out.push(RawRecord { line: *n, cell_lines: vec![*n], cells: vec![l.trim().to_string()] });
                }
            }
        }
    }
    end_row(&mut row, &mut open, &mut out);
    for (col, slot) in open.iter_mut().enumerate() {
        if let Some(o) = slot.take() {
            close(o, col, &mut out, &mut warnings);
        }
    }
    Some((out, warnings))
}

#[cfg(test)]
mod tests;
