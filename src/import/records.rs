//! The record rules: what a row means, decided here once for every format (pasted text, CSV, Word, Excel,
//! OpenDocument). Each reader turns its file into [`RawRecord`]s (the lines above the table and its rows,
//! with line numbers) and hands them to [`parse_records`], which finds the header row (and combines a header
//! in two rows, [`combine_header_rows`]), reads the front matter above it, and takes each row as a group
//! heading, an item, a paragraph of the item above, a header repeated at a page break, a 续表 mark
//! ([`is_continued_mark`]) or a line that cannot be placed, each reported.

use std::path::{Path, PathBuf};

use super::report::{ImportReport, Normalisation, ReportLine, UnplacedLine};
use super::units::units_with_roles;
use super::{
    deadline::parse_deadline, front, html, labels, punct, too_many_columns, ParsedAnnex, ParsedRow,
    RawRecord, MAX_IMPORT_CELL_CHARS, MAX_IMPORT_COLUMNS,
};
use crate::error::{Error, Result};
use crate::model::{default_width, Column, ColumnKind, ItemDraft, UnitRef};

/// Turns records (rows of pasted text, of a sheet or of a Word table, and the lines above the header) into an
/// annex, with the same rules and report for every format. `report` comes with source, format, encoding and
/// line count filled in; `no_header` is the error message when no header row is found.
pub(super) fn parse_records(
    records: &[RawRecord],
    report: ImportReport,
    no_header: &str,
) -> Result<ParsedAnnex> {
    parse_records_with(records, report, no_header, true)
}

/// [`parse_records`]; `lone_first_cell_heading`: a row with text in its first cell only is a heading row
/// whatever its wording (true for tables read from Word/Excel/CSV, where a heading is a cell spanning the
/// table; false for pasted text).
pub(super) fn parse_records_with(
    records: &[RawRecord],
    report: ImportReport,
    no_header: &str,
    lone_first_cell_heading: bool,
) -> Result<ParsedAnnex> {
    let source = report.source.clone();
    let mut report = report;
    for r in records {
        // Other formats stop earlier (the text reader before a too-wide record is built, sheets at their
        // column limit); this is the one rule for all of them.
        if let Some(last) =
            r.cells.iter().rposition(|c| !c.trim().is_empty()).filter(|&p| p >= MAX_IMPORT_COLUMNS)
        {
            return Err(too_many_columns(
                &source,
                r.cell_lines.get(last).copied().unwrap_or(r.line),
                last + 1,
            ));
        }
    }
    // Control characters (an ANSI escape that would recolour a terminal on `show`, NULs, C1 codes) are taken
    // out here, where every format meets, and reported per row.
    let cleaned: Vec<RawRecord>;
    let records = if records.iter().any(|r| r.cells.iter().any(|c| c.chars().any(is_stripped_control))) {
        cleaned = records
            .iter()
            .map(|r| {
                let mut r = r.clone();
                let mut removed = 0;
                for c in &mut r.cells {
                    if c.chars().any(is_stripped_control) {
                        let (t, n) = strip_controls(c);
                        *c = t;
                        removed += n;
                    }
                }
                if removed > 0 {
                    report.warnings.push(ReportLine::at(
                        r.line,
                        format!(
                            "这一行去掉了 {removed} 个不可见的控制字符（如终端转义序列），其余文字照常导入"
                        ),
                    ));
                }
                r
            })
            .collect();
        &cleaned[..]
    } else {
        records
    };
    for r in records {
        for (i, c) in r.cells.iter().enumerate() {
            // Counting chars of a huge cell is itself slow; bytes bound chars from above.
            if c.len() > MAX_IMPORT_CELL_CHARS && c.chars().count() > MAX_IMPORT_CELL_CHARS {
                return Err(Error::AtLine {
                    path: PathBuf::from(&source),
                    line: r.cell_lines.get(i).copied().unwrap_or(r.line),
                    message: format!(
                        "第 {} 列的一格有 {} 个字，超过导入上限 {} 字（文件可能已损坏，或整篇文字粘进了一格），未导入任何内容",
                        i + 1,
                        c.chars().count(),
                        MAX_IMPORT_CELL_CHARS
                    ),
                });
            }
        }
    }
    let Some(header_idx) = records.iter().position(is_header).or_else(|| unknown_header(records)) else {
        return Err(Error::File { path: PathBuf::from(&source), message: no_header.to_string() });
    };
    report.header_line = records[header_idx].line;

    let mut b = Builder {
        report,
        columns: Vec::new(),
        rows: Vec::new(),
        items: 0,
        extra_headers: Vec::new(),
        lone_first_cell_heading,
    };
    let (annex_label, doc_number, title) = b.front_matter(&records[..header_idx], &source);
    let mut header = records[header_idx].clone();
    let mut body = header_idx + 1;
    // A header in two rows (责任单位 over 牵头单位 | 配合单位, the other labels merged down or repeated): the
    // lower row's labels win where it has one. Both rows, typed again at page breaks, are dropped as repeats.
    if let Some(lower) = records.get(body).filter(|r| is_header(r) && !same_cells(&r.cells, &header.cells)) {
        let combined = combine_header_rows(&header.cells, &lower.cells);
        b.report.warnings.push(ReportLine::at(
            lower.line,
            format!(
                "表头占两行（第 {} 行和第 {} 行），已合为一行：{}",
                header.line,
                lower.line,
                combined.join("、")
            ),
        ));
        b.extra_headers = vec![header.clone(), lower.clone()];
        header.cell_lines =
            (0..combined.len()).map(|i| header.cell_lines.get(i).copied().unwrap_or(header.line)).collect();
        header.cells = combined;
        body += 1;
    }
    b.columns = columns_from_header(&header);
    for rec in &records[body..] {
        b.row(rec, &header);
    }
    if b.rows.is_empty() {
        b.report.warnings.push(ReportLine::file("表头之后没有任何事项"));
    }
    if !b.columns.iter().any(|c| matches!(c.kind, ColumnKind::Title | ColumnKind::Content)) {
        b.report.warnings.push(ReportLine::file(format!(
            "表头（{}）{NO_TEXT_COLUMN}：请在预览中为各列指定含义（至少一列作“事项”或“主要内容”），否则无法导入",
            b.columns.iter().map(|c| c.label.as_str()).collect::<Vec<_>>().join("、")
        )));
    }
    Ok(ParsedAnnex {
        annex_label,
        title,
        doc_number,
        columns: b.columns,
        rows: b.rows,
        report: b.report,
        bundle: None,
        columns_chosen: false,
    })
}

/// A character taken out of imported text: C0 controls other than tab and line breaks (`\n`, `\r`, and
/// VT/FF, which [`tidy`] turns into line breaks), DEL and the C1 controls; and the invisible characters
/// that change how text reads without showing — bidirectional overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069: `省税务局` could display reversed), zero-width space, word joiner and a stray BOM.
/// (ZWJ/ZWNJ stay: they shape some scripts.)
pub(super) fn is_stripped_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0b' | '\x0c'))
        || matches!(c, '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// `s` without control characters; a whole ANSI escape sequence (`ESC [ … m`, `ESC ] … BEL`) goes, not only
/// its ESC, so no `[31m` is left in the text. Returns the text and how many sequences or characters went.
pub(super) fn strip_controls(s: &str) -> (String, usize) {
    let mut out = String::with_capacity(s.len());
    let mut removed = 0;
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if !is_stripped_control(c) {
            out.push(c);
            continue;
        }
        removed += 1;
        let csi = c == '\u{9b}' || (c == '\x1b' && it.next_if_eq(&'[').is_some());
        if csi {
            // Parameters and intermediates, then one final byte.
            while it.next_if(|&d| ('\x20'..='\x3f').contains(&d)).is_some() {}
            it.next_if(|&d| ('\x40'..='\x7e').contains(&d));
        } else if c == '\x1b' && it.next_if_eq(&']').is_some() {
            // Operating-system command, ended by BEL or ESC \ (or the end of the cell).
            while let Some(d) = it.next() {
                if d == '\x07' || (d == '\x1b' && it.next_if_eq(&'\\').is_some()) {
                    break;
                }
            }
        } else if c == '\x1b' {
            it.next_if(|&d| ('\x20'..='\x7e').contains(&d));
        }
    }
    (out, removed)
}

/// Two rows with the same cells, ignoring whitespace and trailing empty cells.
pub(crate) fn same_cells(a: &[String], b: &[String]) -> bool {
    let n = a.len().max(b.len());
    (0..n).all(|i| flat(a.get(i).map_or("", |s| s.as_str())) == flat(b.get(i).map_or("", |s| s.as_str())))
}

/// Text without whitespace, for comparing labels and titles.
pub(crate) fn flat(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A 续表 mark: the line Word/WPS users type where a table goes on over a page break (`续表`, `续上表`,
/// `（续表）`, `(续上表)`, `续表1`, `续表二` …, whitespace ignored). The one test for every format: a record
/// whose only text is this is left out (reported), and in Word a paragraph of it between two tables does not
/// end the annex table.
pub(super) fn is_continued_mark(text: &str) -> bool {
    let s = flat(text);
    let s = s.strip_prefix(['（', '(']).and_then(|r| r.strip_suffix(['）', ')'])).unwrap_or(&s);
    let Some(n) = s.strip_prefix("续上表").or_else(|| s.strip_prefix("续表")) else { return false };
    n.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || "一二三四五六七八九十".contains(c))
}

/// A header in two rows (责任单位 over 牵头单位 | 配合单位, the other labels merged down or repeated) as one:
/// the lower row's label wins where it has one, else the upper's cell stands. The one rule for pasted text
/// and Word tables.
pub(super) fn combine_header_rows(upper: &[String], lower: &[String]) -> Vec<String> {
    (0..upper.len().max(lower.len()))
        .map(|i| match lower.get(i).map(|c| c.trim()).filter(|l| !l.is_empty()) {
            Some(l) => l.to_string(),
            None => upper.get(i).cloned().unwrap_or_default(),
        })
        .collect()
}

/// A header of labels the importer knows none of (`编号 | 项目 | 单位 | 目标`): the first row of at least
/// three cells, all label-like, that rows of as many cells follow. Its columns are shown for the user to
/// name ([`super::choose`]); refusing would leave the user nothing to do.
pub(super) fn unknown_header(records: &[RawRecord]) -> Option<usize> {
    let label_like = |c: &String| {
        let f = flat(c);
        !f.is_empty() && f.chars().count() <= labels::MAX_LABEL_CHARS && !f.contains(['。', '，', '；', '：'])
    };
    let i = records.iter().position(|r| {
        r.non_empty() >= 3 && r.cells.iter().filter(|c| !c.trim().is_empty()).all(label_like)
    })?;
    let width = records[i].non_empty();
    records[i + 1..].iter().any(|r| r.non_empty() >= width.min(3) && r.cells.len() >= width).then_some(i)
}

/// The report's words when the header has neither 事项 nor 主要内容 (taken out once the user chooses one).
pub(super) const NO_TEXT_COLUMN: &str = "中没有认出“事项”或“主要内容”列";

/// A header row: at least two cells whose labels the app knows by name (序号, 事项, 牵头单位 …), or at least
/// two known by their words (改革任务, 责任部门: [`labels::classify`]) in a row of nothing but label-like
/// cells and no 序号 — a data row has its number or its long 主要内容, a header has neither.
pub(super) fn is_header(r: &RawRecord) -> bool {
    let cells: Vec<&str> = r.cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
    if cells.len() < 2 {
        return false;
    }
    let named = cells.iter().filter(|c| !matches!(ColumnKind::from_label(c), ColumnKind::Custom(_))).count();
    if named >= 2 {
        return true;
    }
    let by_words = cells.iter().filter(|c| !matches!(labels::classify(c), ColumnKind::Custom(_))).count();
    by_words >= 2
        && cells.iter().all(|c| flat(c).chars().count() <= labels::MAX_LABEL_CHARS && !is_number_label(c))
}

fn columns_from_header(h: &RawRecord) -> Vec<Column> {
    let width = h.cells.iter().rposition(|c| !c.trim().is_empty()).map_or(0, |p| p + 1);
    let mut columns: Vec<Column> = Vec::with_capacity(width);
    for (i, cell) in h.cells[..width].iter().enumerate() {
        let label = if cell.chars().any(punct::is_cjk) {
            flat(cell)
        } else {
            cell.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let label = if label.is_empty() { format!("第{}列", i + 1) } else { label };
        let mut kind = labels::classify(&label);
        // A second column of a known kind (two 备注 …) is kept as a custom column, never merged or dropped.
        if !matches!(kind, ColumnKind::Custom(_)) && columns.iter().any(|c| c.kind == kind) {
            kind = ColumnKind::Custom(label.clone());
        }
        if let ColumnKind::Custom(key) = &kind {
            let mut k = key.clone();
            let mut n = 2;
            while columns.iter().any(|c| c.kind == ColumnKind::Custom(k.clone())) {
                k = format!("{key}（{n}）");
                n += 1;
            }
            kind = ColumnKind::Custom(k);
        }
        columns.push(Column { width: default_width(&kind), kind, label, fixed: false });
    }
    columns
}

/// `一、…`, `十二、…`, `（一）…`, `(三)…`, `第一部分…`: a group heading printed across the table.
pub(super) fn is_group_heading(s: &str) -> bool {
    const NUM: &str = "一二三四五六七八九十百零〇两";
    let s = s.trim();
    let lead: String = s.chars().take_while(|c| NUM.contains(*c)).collect();
    if !lead.is_empty() && s[lead.len()..].starts_with(['、', '.', '．']) {
        return true;
    }
    if let Some(r) = s.strip_prefix(['（', '(']) {
        let n: String = r.chars().take_while(|c| NUM.contains(*c)).collect();
        return !n.is_empty() && r[n.len()..].starts_with(['）', ')']);
    }
    if let Some(r) = s.strip_prefix('第') {
        let n: String = r.chars().take_while(|c| NUM.contains(*c) || c.is_ascii_digit()).collect();
        return !n.is_empty() && r[n.len()..].starts_with(['部', '章', '节', '篇', '类']);
    }
    false
}

/// Whitespace inside a cell: each line trimmed, empty lines dropped; Word's manual line breaks (VT) and
/// Unicode line/paragraph separators count as line breaks.
fn tidy(s: &str) -> String {
    let s = s.replace(['\x0b', '\x0c', '\u{2028}', '\u{2029}'], "\n");
    let mut out = String::with_capacity(s.len());
    for line in s.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

/// A 序号 written alone: a number, or a short label such as `1-1`, `3.2`, `（5）`, `A1`.
pub(super) fn is_number_label(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && s.chars().count() <= 8
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric() || ('０'..='９').contains(&c) || "-.．—－、()（）/".contains(c)
        })
}

/// The value of a plain 序号 (ASCII or full-width digits only).
fn plain_number(s: &str) -> Option<u64> {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        return None;
    }
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                c
            } else {
                char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
            }
        })
        .collect::<String>()
        .parse()
        .ok()
}

struct Builder {
    report: ImportReport,
    columns: Vec<Column>,
    rows: Vec<ParsedRow>,
    /// Non-heading rows so far (for telling a running 序号 from a custom one).
    items: u64,
    /// The two rows of a two-row header, dropped where they are repeated.
    extra_headers: Vec<RawRecord>,
    /// See [`parse_records_with`].
    lone_first_cell_heading: bool,
}

impl Builder {
    fn unplaced(&mut self, line: usize, text: impl Into<String>, reason: impl Into<String>) {
        self.report.unplaced.push(UnplacedLine { line, text: text.into(), reason: reason.into() });
    }

    /// Label, 发文字号 and title from the records above the header; anything else is reported.
    fn front_matter(&mut self, recs: &[RawRecord], source: &str) -> (String, Option<String>, String) {
        let mut label: Option<String> = None;
        let mut doc: Option<String> = None;
        let mut title_lines: Vec<String> = Vec::new();
        let mut title_line_no = 0;
        let mut title_done = false;
        // The records the title lines came from, to report them if they turn out to be a signature.
        let mut title_src: Vec<(usize, String)> = Vec::new();
        let mut last_line = 0;
        let texts: Vec<String> = recs
            .iter()
            .map(|r| r.cells.iter().map(|c| tidy(c)).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" "))
            .collect();
        // A whole notice before the annex: the annex starts at the last 附件 label, else at the line that
        // repeats the name the notice's `附件：…` line gives; the notice's text is reported, its 发文字号 kept.
        // Where both are found, the later one: a signature may stand between the label and the title.
        let label_at = texts.iter().rposition(|t| front::label_line(t).is_some());
        let names: Vec<String> = texts.iter().flat_map(|t| front::annex_names(t)).map(|n| flat(&n)).collect();
        let named_at = texts.iter().rposition(|t| names.contains(&flat(t)));
        let start = label_at.max(named_at);
        for (i, (r, text)) in recs.iter().zip(&texts).take(start.unwrap_or(0)).enumerate() {
            if text.is_empty() {
                continue;
            }
            match front::doc_number(text) {
                Some(d) if doc.is_none() => doc = Some(d),
                _ if Some(i) == label_at => {
                    if let Some((d, l)) = front::label_line(text) {
                        label = Some(l);
                        doc = d.or(doc);
                    }
                }
                _ => self.unplaced(r.line, text.clone(), "“附件”标注之前的文字（通知正文等）"),
            }
        }
        for (r, text) in recs.iter().zip(texts).skip(start.unwrap_or(0)) {
            if text.is_empty() {
                continue;
            }
            // Before the title: the notice's salutation, sentences, 附件：… list, signature and date.
            if title_lines.is_empty() && front::is_notice_text(&text) {
                self.unplaced(r.line, text, "表头之前的通知正文、落款或日期，不是标题");
                continue;
            }
            let contiguous = r.line == last_line + 1;
            last_line = r.line + text.matches('\n').count();
            if title_lines.is_empty() && label.is_none() {
                if let Some((d, l)) = front::label_line(&text) {
                    label = Some(l);
                    doc = d.or(doc);
                    continue;
                }
                if doc.is_none() {
                    if let Some(d) = front::doc_number(&text) {
                        doc = Some(d);
                        continue;
                    }
                }
            }
            if !title_done && (title_lines.is_empty() || contiguous) {
                // A date under the lines taken for the title: they were a signature (发文机关 and date).
                if !title_lines.is_empty() && front::is_notice_text(&text) {
                    for (n, t) in title_src.drain(..).chain([(r.line, text)]) {
                        self.unplaced(n, t, "表头之前的通知落款或日期，不是标题");
                    }
                    title_lines.clear();
                    continue;
                }
                if title_lines.is_empty() {
                    title_line_no = r.line;
                }
                title_lines.extend(text.split('\n').map(front::title_line));
                title_src.push((r.line, text));
                continue;
            }
            if !title_lines.is_empty() {
                title_done = true;
            }
            let reason = if label.is_none() && front::label_line(&text).is_none() && title_lines.is_empty() {
                "表头之前的文字，不是“附件”标注也不是标题，未导入"
            } else {
                "表头之前、标题之后的文字，不属于表格，未导入"
            };
            self.unplaced(r.line, text, reason);
        }
        let label = label.unwrap_or_else(|| {
            self.report.warnings.push(ReportLine::file("没有找到“附件”标注行，已按“附件”处理"));
            "附件".to_string()
        });
        let mut title = title_lines.join("\n");
        if title.is_empty() {
            let stem =
                Path::new(source).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let stem = if stem.trim().is_empty() { "导入的任务分工表".to_string() } else { stem };
            self.report
                .warnings
                .push(ReportLine::file(format!("表头之前没有找到标题，暂以“{stem}”作标题，请修改")));
            title = stem;
        } else {
            title = self.normalise(&title, title_line_no, "标题");
        }
        (label, doc, title)
    }

    /// Punctuation normalisation of one cell, with each change reported.
    fn normalise(&mut self, text: &str, line: usize, column: &str) -> String {
        let (out, changes) = punct::normalise(text);
        for ch in changes {
            self.report.normalised.push(Normalisation {
                line: line + ch.newlines_before,
                column: column.to_string(),
                before: ch.before,
                after: ch.after,
            });
        }
        out
    }

    /// HTML cleaning and whitespace tidying of a raw cell.
    fn clean(&mut self, raw: &str, line: usize) -> String {
        if html::looks_like_html(raw) {
            if self.report.html_cleaned.last() != Some(&line) {
                self.report.html_cleaned.push(line);
            }
            tidy(&html::to_text(raw))
        } else {
            tidy(raw)
        }
    }

    /// Puts the cleaned text of column `col` into a draft (appending as a new paragraph when `append`).
    fn put(&mut self, draft: &mut ItemDraft, col: usize, text: String, line: usize, append: bool) {
        let column = self.columns[col].clone();
        if let Some(role) = column.kind.role() {
            for u in units_with_roles(&text, role) {
                let name = self.normalise(&u.name, line, &column.label);
                draft.units.push(UnitRef { name, role: u.role });
            }
            return;
        }
        let text = match column.kind {
            ColumnKind::Number => text,
            _ => self.normalise(&text, line, &column.label),
        };
        let field = match &column.kind {
            ColumnKind::Number => {
                // Only reached when appending; the 序号 is set by `item`.
                return;
            }
            ColumnKind::Title => &mut draft.title,
            ColumnKind::Content => &mut draft.content,
            ColumnKind::Scope => &mut draft.scope,
            ColumnKind::Leader => &mut draft.leader,
            ColumnKind::Deadline => &mut draft.deadline_text,
            ColumnKind::Notes => &mut draft.notes,
            ColumnKind::Custom(key) => draft.custom.entry(key.clone()).or_default(),
            ColumnKind::LeadUnits | ColumnKind::CoopUnits | ColumnKind::ResponsibleUnits => unreachable!(),
        };
        if append && !field.is_empty() {
            field.push('\n');
        }
        field.push_str(&text);
        if column.kind == ColumnKind::Deadline {
            draft.deadline = parse_deadline(&draft.deadline_text);
        }
    }

    fn row(&mut self, rec: &RawRecord, header: &RawRecord) {
        let ncols = self.columns.len();
        if rec.non_empty() == 0 {
            return;
        }
        // A header row repeated where the original's pages broke.
        let same_as_header = same_cells(&rec.cells, &header.cells)
            || self.extra_headers.iter().any(|h| same_cells(&rec.cells, &h.cells));
        if same_as_header {
            self.report.repeated_headers.push(rec.line);
            return;
        }
        let texts: Vec<(usize, String)> = rec
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.trim().is_empty())
            .map(|(i, c)| (i, c.clone()))
            .collect();
        if texts.len() == 1 && is_continued_mark(&texts[0].1) {
            self.report.warnings.push(ReportLine::at(rec.line, "“续表”标记（原表分页处），已略去"));
            return;
        }

        // Cells beyond the header: kept in the report, never silently dropped.
        for (i, c) in texts.iter().filter(|(i, _)| *i >= ncols) {
            self.unplaced(
                rec.cell_lines[*i],
                c.trim(),
                format!("第 {} 格超出了表头的 {} 列，这一格未导入（该行其余各格已导入）", i + 1, ncols),
            );
        }
        let inside: Vec<&(usize, String)> = texts.iter().filter(|(i, _)| *i < ncols).collect();
        if inside.is_empty() {
            return;
        }
        let num_col = self.columns.iter().position(|c| c.kind == ColumnKind::Number);
        let number = num_col.and_then(|n| rec.cells.get(n)).map(|c| tidy(c)).unwrap_or_default();

        if inside.len() == 1 {
            let (i, raw) = inside[0];
            let line = rec.cell_lines[*i];
            let text = self.clean(raw, line);
            // A heading spans the table, so its text sits in the first columns (序号/事项); `（一）…` alone in
            // 主要内容 is more likely a paragraph of the item above.
            let heading_col =
                *i <= 1 || matches!(self.columns[*i].kind, ColumnKind::Number | ColumnKind::Title);
            // In a table read from Word, Excel or CSV, any text alone in the first column that is not a 序号 is a
            // heading printed across the table, whatever its wording (“重点任务”).
            let spans = self.lone_first_cell_heading && *i == 0 && !is_number_label(&text);
            if (heading_col && is_group_heading(&text)) || spans {
                if !is_group_heading(&text) {
                    self.report.warnings.push(ReportLine::at(
                        line,
                        "这一行只有第一格有文字，按横跨全表的分组标题导入（如是事项，请在导入后补全）",
                    ));
                }
                // A heading's first line is its title; further paragraphs (how exports write a heading's
                // content) are its content.
                let (head, rest) = text.split_once('\n').unwrap_or((&text, ""));
                let title = self.normalise(head, line, "分组标题");
                let content = if rest.is_empty() {
                    String::new()
                } else {
                    self.normalise(rest, line + 1, "分组标题")
                };
                self.rows.push(ParsedRow {
                    line: rec.line,
                    draft: ItemDraft { is_heading: true, title, content, ..Default::default() },
                });
                return;
            }
            if Some(*i) == num_col {
                let reason = if plain_number(&number).is_some() {
                    "只有序号，没有事项内容，未导入"
                } else {
                    "序号一格有文字但其余各格都是空的，既不是事项也不是分组标题，未导入"
                };
                self.unplaced(rec.line, rec.text(), reason);
                return;
            }
            if num_col.is_some() {
                // Only one cell with text and no 序号: a paragraph of the previous item that lost its quoting.
                if let Some(prev) = self.rows.last().filter(|r| !r.draft.is_heading).map(|r| r.line) {
                    let mut draft = std::mem::take(&mut self.rows.last_mut().expect("checked").draft);
                    self.put(&mut draft, *i, text, line, true);
                    self.rows.last_mut().expect("checked").draft = draft;
                    self.report.warnings.push(ReportLine::at(
                        line,
                        format!(
                            "这一行只有“{}”一格有文字、没有序号，已作为上一事项（第 {prev} 行）该格的新段落",
                            self.columns[*i].label
                        ),
                    ));
                    return;
                }
                self.unplaced(
                    rec.line,
                    rec.text(),
                    "这一行只有一格有文字、没有序号，前面也没有可归入的事项，未导入",
                );
                return;
            }
        }

        let mut draft = ItemDraft::default();
        self.items += 1;
        let running = self.items;
        if num_col.is_some() {
            if number.is_empty() {
                self.report.warnings.push(ReportLine::at(rec.line, "序号为空，已按顺序自动编号"));
            } else if plain_number(&number) != Some(running) {
                draft.number_label = Some(number.clone());
            }
        }
        for (i, raw) in inside {
            if Some(*i) == num_col {
                continue;
            }
            let line = rec.cell_lines[*i];
            let text = self.clean(raw, line);
            self.put(&mut draft, *i, text, line, false);
        }
        if rec.cells.len() < ncols {
            self.report.warnings.push(ReportLine::at(
                rec.line,
                format!(
                    "这一行只有 {} 格，比表头少 {} 格（可能被截断），缺少的“{}”留空",
                    rec.cells.len(),
                    ncols - rec.cells.len(),
                    self.columns[rec.cells.len()..]
                        .iter()
                        .map(|c| c.label.as_str())
                        .collect::<Vec<_>>()
                        .join("”“")
                ),
            ));
        }
        self.rows.push(ParsedRow { line: rec.line, draft });
    }
}
