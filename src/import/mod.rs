//! Import of pasted annex text: the bytes staff get when they copy an annex out of Word/WPS or a web page
//! become a [`ParsedAnnex`] (label, title, columns, rows as [`ItemDraft`]s) plus an [`ImportReport`] that
//! lists every line that was dropped as a repeated header, changed, or could not be placed. No database
//! work here: the store writes a `ParsedAnnex` in one transaction.
//!
//! Pipeline: [`decode`] (encoding detection) → [`table`] (TSV records with line numbers, csv crate) →
//! front matter ([`front`]: 附件 label, 发文字号, title) → header row → rows, where each cell is cleaned
//! ([`html`]), tidied, and its punctuation normalised ([`punct`]); unit cells are split into [`UnitRef`]s and
//! 完成时限 is read as a date ([`deadline`]).

mod deadline;
mod decode;
mod detect;
mod docx;
mod front;
mod html;
mod punct;
mod report;
mod sheet;
mod table;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{default_width, Column, ColumnKind, DocumentDraft, ItemDraft, UnitRef};

pub use deadline::parse_deadline;
pub use detect::{detect, FileKind};
pub use report::{ImportReport, Normalisation, ReportLine, UnplacedLine};
pub(crate) use table::RawRecord;

/// A pasted annex, ready for the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedAnnex {
    /// `附件`, `附件1` …
    pub annex_label: String,
    /// May contain '\n' where the original broke the title.
    pub title: String,
    /// 发文字号 found before the label, e.g. 粤府函〔2020〕77号.
    pub doc_number: Option<String>,
    pub columns: Vec<Column>,
    /// Items and heading rows in table order (repeated headers removed).
    pub rows: Vec<ParsedRow>,
    pub report: ImportReport,
    /// Set when the file was a JSON bundle: the store then imports the bundle itself (units with full
    /// names and aliases, merged by name or alias), and the fields above are its preview.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle: Option<Box<crate::bundle::Bundle>>,
}

/// One row of the table with the line it starts on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedRow {
    /// 1-based line in the file.
    pub line: usize,
    pub draft: ItemDraft,
}

impl ParsedAnnex {
    /// The document part of the annex as a draft for the store.
    pub fn document_draft(&self) -> DocumentDraft {
        DocumentDraft {
            title: self.title.clone(),
            annex_label: self.annex_label.clone(),
            doc_number: self.doc_number.clone(),
            issue_date: None,
            notes: String::new(),
            columns: self.columns.clone(),
        }
    }

    /// The preview of a JSON bundle: its document and rows as an annex (row “lines” are item numbers), the
    /// bundle itself kept for the store.
    pub fn from_bundle(bundle: crate::bundle::Bundle, source: &str) -> ParsedAnnex {
        let draft = bundle.document_draft();
        let mut report = ImportReport::new(source, "UTF-8");
        report.format = format!("分工数据包（JSON，格式版本 {}）", bundle.version);
        report.lines = bundle.items.len();
        ParsedAnnex {
            annex_label: draft.annex_label,
            title: draft.title,
            doc_number: draft.doc_number,
            columns: draft.columns,
            rows: bundle
                .items
                .iter()
                .enumerate()
                .map(|(i, it)| ParsedRow { line: i + 1, draft: it.to_draft() })
                .collect(),
            report,
            bundle: Some(Box::new(bundle)),
        }
    }

    /// Number of non-heading rows.
    pub fn item_count(&self) -> usize {
        self.rows.iter().filter(|r| !r.draft.is_heading).count()
    }
}

/// Reads a file and parses it, whatever its format (the report names the file by its file name).
pub fn parse_file(path: &Path) -> Result<ParsedAnnex> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_any(&bytes, &source_name(path))
}

/// The name a file goes by in errors and reports: its file name.
pub fn source_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Parses an annex in any format the app reads, chosen from the content (not only the extension): Word
/// (.docx), Excel (.xlsx, .xls), OpenDocument (.ods), CSV, pasted text, or a JSON bundle (carried whole in
/// [`ParsedAnnex::bundle`], with a preview of its table like any other import).
pub fn parse_any(bytes: &[u8], source: &str) -> Result<ParsedAnnex> {
    match detect(bytes, source) {
        FileKind::Docx => docx::parse(bytes, source),
        kind @ (FileKind::Xlsx | FileKind::Xls | FileKind::Ods) => sheet::parse(bytes, source, kind),
        FileKind::Text => parse_annex(bytes, source).map_err(|e| {
            // An empty file is said to be empty, whatever its name.
            if bytes.iter().all(u8::is_ascii_whitespace) { e } else { misnamed(e, source) }
        }),
        FileKind::Bundle => Ok(ParsedAnnex::from_bundle(crate::bundle::parse(bytes, source)?, source)),
        kind => Err(kind.refusal(source).unwrap_or_else(|| Error::File {
            path: PathBuf::from(source),
            message: "无法识别的文件格式".to_string(),
        })),
    }
}

/// A file named like an Office document that is not one (damaged, or renamed): the text reader's “not a text
/// file” would only confuse, so the error says what the name promised.
fn misnamed(e: Error, source: &str) -> Error {
    let ext = Path::new(source).extension().map(|x| x.to_string_lossy().to_lowercase()).unwrap_or_default();
    let what = match ext.as_str() {
        "docx" => "Word 文档",
        "xlsx" | "xls" => "Excel 工作簿",
        "ods" => "OpenDocument 电子表格",
        _ => return e,
    };
    if !matches!(e, Error::File { .. }) {
        return e;
    }
    Error::File {
        path: PathBuf::from(source),
        message: format!(
            "文件名是 .{ext}，但内容不是{what}，也不是表格文字（文件可能已损坏、不完整，或被改了扩展名），未导入任何内容。请向发文单位重新索取文件。"
        ),
    }
}

/// Parses pasted annex text (tab-separated, as Word/WPS/Excel copy a table) or a CSV file (comma-separated;
/// chosen when the name ends in .csv, or when tabs find no header row but commas do). `source` names the
/// file (or “粘贴的文字”) in errors and in the report.
pub fn parse_annex(bytes: &[u8], source: &str) -> Result<ParsedAnnex> {
    let decoded = decode::decode(bytes, source)?;
    let is_csv_name = source.to_lowercase().ends_with(".csv");
    let mut warnings = Vec::new();
    let mut delimiter = if is_csv_name { b',' } else { b'\t' };
    let mut records = table::records_with(&decoded.text, delimiter, &mut warnings);
    if !records.iter().any(is_header) {
        let other = if delimiter == b',' { b'\t' } else { b',' };
        let mut w2 = Vec::new();
        let r2 = table::records_with(&decoded.text, other, &mut w2);
        if r2.iter().any(is_header) {
            (delimiter, records, warnings) = (other, r2, w2);
        }
    }
    if delimiter == b',' {
        unguard_formulas(&mut records);
    }
    let mut report = ImportReport::new(source, &decoded.encoding);
    report.format = if delimiter == b',' { "CSV（逗号分隔）" } else { "文本（制表符分隔）" }.to_string();
    report.lines = decoded.text.lines().count();
    report.warnings = warnings;
    let no_header = if delimiter == b',' {
        "没有找到表头行（例如“序号,事项,主要内容,牵头单位”）。请确认第一行或标题下面一行是列名。"
    } else {
        "没有找到表头行（例如“序号⇥事项⇥主要内容⇥牵头单位”，各列之间用制表符分隔）。\
         请在 Word/WPS 或网页中选中整张表格（连同表头）复制后再导入。"
    };
    // A CSV row with text only in its first cell is a heading row (how spreadsheets and our CSV export write
    // one); in pasted text such a line is as often a note under the table, so only the 一、… patterns count.
    parse_records_with(&records, report, no_header, delimiter == b',')
}

/// Takes back the `'` our CSV export puts before a cell a spreadsheet would run as a formula
/// (`crate::export::csv::guard_formula`), so an exported file imports back unchanged.
fn unguard_formulas(records: &mut [RawRecord]) {
    for c in records.iter_mut().flat_map(|r| r.cells.iter_mut()) {
        if c.starts_with('\'') && c[1..].starts_with(['=', '+', '-', '@', '\t', '\r']) {
            c.remove(0);
        }
    }
}

/// Longest cell an import accepts: the longest 主要内容 of real annexes is a few thousand characters, so a
/// longer cell is a damaged file (or a whole document pasted into one cell), refused before anything is
/// written.
pub const MAX_IMPORT_CELL_CHARS: usize = 100_000;

/// Turns records (rows of pasted text, of a sheet or of a Word table, and the lines above the header) into an
/// annex, with the same rules and report for every format. `report` comes with source, format, encoding and
/// line count filled in; `no_header` is the error message when no header row is found.
pub(crate) fn parse_records(records: &[RawRecord], report: ImportReport, no_header: &str) -> Result<ParsedAnnex> {
    parse_records_with(records, report, no_header, true)
}

/// [`parse_records`]; `lone_first_cell_heading`: a row with text in its first cell only is a heading row
/// whatever its wording (true for tables read from Word/Excel/CSV, where a heading is a cell spanning the
/// table; false for pasted text).
fn parse_records_with(
    records: &[RawRecord],
    report: ImportReport,
    no_header: &str,
    lone_first_cell_heading: bool,
) -> Result<ParsedAnnex> {
    let source = report.source.clone();
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
    let Some(header_idx) = records.iter().position(is_header) else {
        return Err(Error::File {
            path: PathBuf::from(&source),
            message: no_header.to_string(),
        });
    };
    let mut report = report;
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
        let combined: Vec<String> = (0..header.cells.len().max(lower.cells.len()))
            .map(|i| {
                let l = lower.cells.get(i).map(|c| c.trim()).unwrap_or("");
                if l.is_empty() { header.cells.get(i).cloned().unwrap_or_default() } else { l.to_string() }
            })
            .collect();
        b.report.warnings.push(ReportLine::at(
            lower.line,
            format!("表头占两行（第 {} 行和第 {} 行），已合为一行：{}", header.line, lower.line, combined.join("、")),
        ));
        b.extra_headers = vec![header.clone(), lower.clone()];
        header.cell_lines = (0..combined.len()).map(|i| header.cell_lines.get(i).copied().unwrap_or(header.line)).collect();
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
    Ok(ParsedAnnex {
        annex_label,
        title,
        doc_number,
        columns: b.columns,
        rows: b.rows,
        report: b.report,
        bundle: None,
    })
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

/// A header row: at least two cells whose labels the app knows (序号, 事项, 牵头单位 …).
fn is_header(r: &RawRecord) -> bool {
    r.non_empty() >= 2
        && r.cells
            .iter()
            .filter(|c| !c.trim().is_empty() && !matches!(ColumnKind::from_label(c), ColumnKind::Custom(_)))
            .count()
            >= 2
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
        let label = if label.is_empty() {
            format!("第{}列", i + 1)
        } else {
            label
        };
        let mut kind = ColumnKind::from_label(&label);
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
        columns.push(Column {
            width: default_width(&kind),
            kind,
            label,
        });
    }
    columns
}

/// `一、…`, `十二、…`, `（一）…`, `(三)…`, `第一部分…`: a group heading printed across the table.
fn is_group_heading(s: &str) -> bool {
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
        let n: String = r
            .chars()
            .take_while(|c| NUM.contains(*c) || c.is_ascii_digit())
            .collect();
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

/// Splits a unit cell into names: 、 ， , ； ; and line breaks separate names.
fn split_units(s: &str) -> Vec<String> {
    s.split(['、', '，', ',', '；', ';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// A 序号 written alone: a number, or a short label such as `1-1`, `3.2`, `（5）`, `A1`.
fn is_number_label(s: &str) -> bool {
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
        self.report.unplaced.push(UnplacedLine {
            line,
            text: text.into(),
            reason: reason.into(),
        });
    }

    /// Label, 发文字号 and title from the records above the header; anything else is reported.
    fn front_matter(&mut self, recs: &[RawRecord], source: &str) -> (String, Option<String>, String) {
        let mut label: Option<String> = None;
        let mut doc: Option<String> = None;
        let mut title_lines: Vec<String> = Vec::new();
        let mut title_line_no = 0;
        let mut title_done = false;
        let mut last_line = 0;
        for r in recs {
            let text = r
                .cells
                .iter()
                .map(|c| tidy(c))
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            if text.is_empty() {
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
                if title_lines.is_empty() {
                    title_line_no = r.line;
                }
                title_lines.extend(text.split('\n').map(front::title_line));
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
            self.report
                .warnings
                .push(ReportLine::file("没有找到“附件”标注行，已按“附件”处理"));
            "附件".to_string()
        });
        let mut title = title_lines.join("\n");
        if title.is_empty() {
            let stem = Path::new(source)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let stem = if stem.trim().is_empty() {
                "导入的任务分工表".to_string()
            } else {
                stem
            };
            self.report.warnings.push(ReportLine::file(format!(
                "表头之前没有找到标题，暂以“{stem}”作标题，请修改"
            )));
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
            for name in split_units(&text) {
                let name = self.normalise(&name, line, &column.label);
                draft.units.push(UnitRef { name, role });
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
        let same_as_header =
            same_cells(&rec.cells, &header.cells) || self.extra_headers.iter().any(|h| same_cells(&rec.cells, &h.cells));
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
        if texts.len() == 1 && matches!(flat(&texts[0].1).as_str(), "续表" | "（续表）" | "(续表)") {
            self.report
                .warnings
                .push(ReportLine::at(rec.line, "“续表”标记（原表分页处），已略去"));
            return;
        }

        // Cells beyond the header: kept in the report, never silently dropped.
        for (i, c) in texts.iter().filter(|(i, _)| *i >= ncols) {
            self.unplaced(
                rec.cell_lines[*i],
                c.trim(),
                format!(
                    "第 {} 格超出了表头的 {} 列，这一格未导入（该行其余各格已导入）",
                    i + 1,
                    ncols
                ),
            );
        }
        let inside: Vec<&(usize, String)> = texts.iter().filter(|(i, _)| *i < ncols).collect();
        if inside.is_empty() {
            return;
        }
        let num_col = self.columns.iter().position(|c| c.kind == ColumnKind::Number);
        let number = num_col
            .and_then(|n| rec.cells.get(n))
            .map(|c| tidy(c))
            .unwrap_or_default();

        if inside.len() == 1 {
            let (i, raw) = inside[0];
            let line = rec.cell_lines[*i];
            let text = self.clean(raw, line);
            // A heading spans the table, so its text sits in the first columns (序号/事项); `（一）…` alone in
            // 主要内容 is more likely a paragraph of the item above.
            let heading_col = *i <= 1 || matches!(self.columns[*i].kind, ColumnKind::Number | ColumnKind::Title);
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
                let content = if rest.is_empty() { String::new() } else { self.normalise(rest, line + 1, "分组标题") };
                self.rows.push(ParsedRow {
                    line: rec.line,
                    draft: ItemDraft {
                        is_heading: true,
                        title,
                        content,
                        ..Default::default()
                    },
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
                self.report
                    .warnings
                    .push(ReportLine::at(rec.line, "序号为空，已按顺序自动编号"));
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
