//! A table flattened to one cell per paragraph, as some web pages, PDF readers and screen readers give it
//! when copied: `序号`, `重点任务`, `责任单位`, `完成时限`, `1`, `建设数据平台`, … each on a line of its own
//! (usually with blank lines between).
//!
//! The header is the first run of at least [`MIN_COLUMNS`] paragraphs that are all column labels
//! ([`super::labels::classify`]); its length is the number of columns. Rows are rebuilt from the
//! paragraphs after it: where the first column is 序号, a row starts at the next number in sequence (so an
//! empty cell, which leaves no paragraph, shortens only its own row, and the report says so); otherwise
//! every run of that many paragraphs is a row. A 一、/（一） heading is a row of its own. Paragraphs above
//! the header go on as one-cell records (附件 label, title), so the shared rules ([`super::records`]) read
//! them and report the rest.
//!
//! When blank lines separate the cells, a cell may take several lines (kept as its paragraphs); with no
//! blank lines every line is a cell.
//!
//! Rejected: guessing the column count from the lengths of the paragraphs (empty cells and long contents
//! make any such guess wrong; the header is the one reliable count).

use super::deadline::looks_like_deadline;
use super::labels;
use super::records::{is_group_heading, is_number_label};
use super::report::ReportLine;
use super::RawRecord;
use crate::model::ColumnKind;

pub const FORMAT: &str = "每格一段的表格（复制时表格被拆成一格一行，已按表头的列数重组）";

/// Fewer labels in a row than this are a heading or a list, not a header.
const MIN_COLUMNS: usize = 3;

/// Paragraphs with the line of their first line.
fn paragraphs(text: &str) -> Vec<(usize, String)> {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())).collect();
    let blank_separated = lines.windows(2).filter(|w| !w[0].1.is_empty() && w[1].1.is_empty()).count()
        >= lines.iter().filter(|(_, l)| !l.is_empty()).count() / 2;
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut open = false;
    for (n, l) in lines {
        if l.is_empty() {
            open = false;
        } else if open && blank_separated {
            let last = out.last_mut().expect("open paragraph");
            last.1.push('\n');
            last.1.push_str(l);
        } else {
            out.push((n, l.to_string()));
            open = true;
        }
    }
    out
}

/// How many paragraphs from the first are column labels of different kinds (a second 事项-like label, such
/// as the title `任务分工表` above `事项` or the first row's `甲事项`, is not a further column).
fn header_len(paras: &[(usize, String)]) -> usize {
    let mut seen = Vec::new();
    for (i, (_, p)) in paras.iter().enumerate() {
        let kind = labels::classify(p);
        if p.contains('\n') || matches!(kind, ColumnKind::Custom(_)) || seen.contains(&kind) {
            return i;
        }
        seen.push(kind);
    }
    paras.len()
}

/// The records of a text whose table has one cell per paragraph, and warnings for short rows; None when no
/// header run is found or nothing follows it.
pub(super) fn records(text: &str) -> Option<(Vec<RawRecord>, Vec<ReportLine>)> {
    if text.contains('\t') {
        return None;
    }
    let paras = paragraphs(text);
    let start = (0..paras.len()).find(|&i| header_len(&paras[i..]) >= MIN_COLUMNS)?;
    let width = header_len(&paras[start..]);
    let header = &paras[start..start + width];
    let body = &paras[start + width..];
    if body.is_empty() {
        return None;
    }
    let numbered = labels::classify(&header[0].1) == ColumnKind::Number;

    let mut out: Vec<RawRecord> = paras[..start]
        .iter()
        .map(|(n, p)| RawRecord { line: *n, cell_lines: vec![*n], cells: vec![p.clone()] })
        .collect();
    out.push(RawRecord {
        line: header[0].0,
        cell_lines: header.iter().map(|(n, _)| *n).collect(),
        cells: header.iter().map(|(_, p)| p.clone()).collect(),
    });

    // Cut the body into rows.
    let mut rows: Vec<&[(usize, String)]> = Vec::new();
    let mut next_number = 1u64;
    let mut i = 0;
    while i < body.len() {
        if is_group_heading(&body[i].1) {
            rows.push(&body[i..i + 1]);
            i += 1;
            continue;
        }
        let end = if numbered {
            // Up to the next 序号 in sequence (or a heading), at most `width` cells.
            let this = number_of(&body[i].1);
            if let Some(n) = this {
                next_number = n + 1;
            }
            let stop = body[i + 1..]
                .iter()
                .position(|(_, p)| number_of(p) == Some(next_number) || is_group_heading(p))
                .map_or(body.len(), |k| i + 1 + k);
            stop.min(i + width)
        } else {
            (i + width).min(body.len())
        };
        rows.push(&body[i..end]);
        i = end;
    }

    let mut warnings = Vec::new();
    for row in rows {
        let (line, _) = row[0];
        if row.len() == 1 && is_group_heading(&row[0].1) {
            out.push(RawRecord { line, cell_lines: vec![line], cells: vec![row[0].1.clone()] });
            continue;
        }
        let mut cell_lines: Vec<usize> = row.iter().map(|(n, _)| *n).collect();
        let mut cells: Vec<String> = row.iter().map(|(_, p)| p.clone()).collect();
        if cells.len() < width && !(numbered && cells.len() == 1 && !is_number_label(&cells[0])) {
            // A short row whose last cell is a date goes on in the 完成时限 column, if the table has one.
            let deadline_col = header.iter().position(|(_, l)| labels::classify(l) == ColumnKind::Deadline);
            let moved = match deadline_col {
                Some(c) if c >= cells.len() && looks_like_deadline(cells.last().expect("a cell")) => {
                    let (n, last) = (cell_lines.pop(), cells.pop());
                    cells.resize(c, String::new());
                    cell_lines.resize(c, line);
                    cells.extend(last);
                    cell_lines.extend(n);
                    format!("，末格“{}”是日期，已放入“{}”列", cells[c], header[c].1)
                }
                _ => String::new(),
            };
            warnings.push(ReportLine::at(
                line,
                format!(
                    "从这一行起的一行只有 {} 格，少于表头的 {width} 列（复制时空白的格子没有留下），已按顺序填入{moved}，请核对",
                    row.len()
                ),
            ));
        }
        out.push(RawRecord { line, cell_lines, cells });
    }
    Some((out, warnings))
}

/// The number of a plain 序号 paragraph (`12`, `12.`, `１２`).
fn number_of(p: &str) -> Option<u64> {
    let digits: String = p
        .trim()
        .trim_end_matches(['.', '．', '、'])
        .chars()
        .map(|c| {
            if ('０'..='９').contains(&c) {
                char::from(b'0' + (c as u32 - '０' as u32) as u8)
            } else {
                c
            }
        })
        .collect();
    (!digits.is_empty() && digits.len() <= 4 && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use crate::import::{parse_annex, ParsedAnnex};
    use crate::model::Role;

    fn parse(s: &str) -> ParsedAnnex {
        parse_annex(s.as_bytes(), "复制的表格.txt").expect("parses")
    }

    const PAGE_COPY: &str = "附件\n\n2024年重点任务分工表\n\n序号\n\n重点任务\n\n责任单位\n\n完成时限\n\n\
        一、数字政府\n\n1\n\n建设数据平台\n\n市大数据局\n\n2024年12月底前\n\n\
        2\n\n推进数据共享\n和开放\n\n市政务办、市大数据局\n\n长期坚持\n\n\
        3\n\n编制2025年工作要点\n\n2025年3月底前\n\n\
        4\n\n清理证明事项\n\n市司法局\n\n2024年6月底前\n";

    #[test]
    fn cells_one_per_paragraph_are_rebuilt_by_the_header() {
        let p = parse(PAGE_COPY);
        assert_eq!(p.report.format, super::FORMAT);
        assert_eq!(p.title, "2024年重点任务分工表");
        let labels: Vec<&str> = p.columns.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, vec!["序号", "重点任务", "责任单位", "完成时限"]);
        assert_eq!(p.rows.len(), 5);
        assert!(p.rows[0].draft.is_heading);
        assert_eq!(p.rows[1].draft.title, "建设数据平台");
        assert_eq!(p.rows[1].draft.deadline_text, "2024年12月底前");
        assert_eq!(p.rows[2].draft.title, "推进数据共享\n和开放", "a cell of two lines stays one cell");
        let resp: Vec<&str> = p.rows[2]
            .draft
            .units
            .iter()
            .filter(|u| u.role == Role::Responsible)
            .map(|u| u.name.as_str())
            .collect();
        assert_eq!(resp, vec!["市政务办", "市大数据局"]);
        // Row 3 lost its empty 责任单位 cell in the copy: the row still ends at 序号 4, and the report says so.
        assert_eq!(p.rows[3].draft.title, "编制2025年工作要点");
        assert!(p.rows[3].draft.units.is_empty(), "the date is not taken for a unit");
        assert_eq!(p.rows[3].draft.deadline_text, "2025年3月底前");
        // A deadline in words is moved the same way.
        let p = parse(&PAGE_COPY.replace("2025年3月底前", "长期坚持"));
        assert!(p.rows[3].draft.units.is_empty());
        assert_eq!(p.rows[3].draft.deadline_text, "长期坚持");
        assert_eq!(p.rows[4].draft.title, "清理证明事项");
        assert!(p.report.warnings.iter().any(|w| w.message.contains("只有 3 格")), "{:?}", p.report.warnings);
    }

    #[test]
    fn without_blank_lines_every_line_is_a_cell_and_without_numbers_rows_are_counted() {
        let text = "任务分工表\n事项\n主要内容\n牵头单位\n甲事项\n甲的内容。\n省财政厅\n乙事项\n乙的内容。\n省税务局\n";
        let p = parse(text);
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows[1].draft.content, "乙的内容。");
        assert_eq!(p.rows[1].draft.units[0].name, "省税务局");
    }

    #[test]
    fn two_labels_are_not_a_header() {
        assert!(super::records("事项\n牵头单位\n甲\n乙\n").is_none());
        assert!(
            super::records("序号\t事项\t牵头单位\n").is_none(),
            "tab-separated text is the table reader's"
        );
    }
}
