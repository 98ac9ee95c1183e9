//! Import of pasted annex text: the bytes staff get when they copy an annex out of Word/WPS or a web page
//! become a [`ParsedAnnex`] (label, title, columns, rows as [`ItemDraft`]s) plus an [`ImportReport`] that
//! lists every line that was dropped as a repeated header, changed, or could not be placed. No database
//! work here: the store writes a `ParsedAnnex` in one transaction.
//!
//! Pipeline: [`decode`] (encoding detection) → [`table`] (TSV records with line numbers, csv crate) →
//! front matter ([`front`]: 附件 label, 发文字号, title) → header row → rows, where each cell is cleaned
//! ([`html`]), tidied, and its punctuation normalised ([`punct`]); unit cells are split into [`UnitRef`]s and
//! 完成时限 is read as a date ([`deadline`]).

mod cfb;
mod deadline;
mod decode;
mod detect;
mod docx;
mod front;
mod html;
pub mod isolate;
mod punct;
mod report;
#[cfg(test)]
mod safety_tests;
mod sheet;
mod table;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::model::{default_width, Column, ColumnKind, DocumentDraft, ItemDraft, UnitRef};

pub use deadline::parse_deadline;
pub use detect::{detect, FileKind};
pub use report::{ImportReport, Normalisation, ReportLine, UnplacedLine};
pub(crate) use table::RawRecord;

/// A pasted annex, ready for the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
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
    #[ts(type = "unknown", optional)]
    pub bundle: Option<Box<crate::bundle::Bundle>>,
}

/// One row of the table with the line it starts on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
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

/// Reads a file and parses it in this process, whatever its format (the report names the file by its file
/// name). Panics of a parser are caught; for files from users prefer [`parse_file_isolated`].
pub fn parse_file(path: &Path) -> Result<ParsedAnnex> {
    let bytes = read_input(path)?;
    parse_any(&bytes, &source_name(path))
}

/// [`parse_file`] with the parsing in a child process with a memory and time limit
/// ([`isolate::parse_isolated`]): what the CLI and the desktop use for a file the user opens.
pub fn parse_file_isolated(path: &Path) -> Result<ParsedAnnex> {
    let bytes = read_input(path)?;
    isolate::parse_isolated(&bytes, &source_name(path))
}

/// Largest file an import reads (the CLI and the desktop alike): one of the data rules.
pub use crate::rules::MAX_IMPORT_BYTES;

/// Reads the file an import was given, refusing what is not a regular file (a folder, a pipe that would
/// block forever, a device such as /dev/zero that never ends) before opening it, and anything over
/// [`MAX_IMPORT_BYTES`]. The read itself is bounded too, so a file that grows while it is read, or that was
/// swapped for a device after the check, cannot exceed the cap. Errors name the path.
pub fn read_input(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    let not_file = |what: &str| Error::File {
        path: path.to_path_buf(),
        message: format!("这是{what}，不是普通文件，无法导入。请选择 Word、Excel、CSV 或文本文件。"),
    };
    if meta.is_dir() {
        return Err(not_file("一个文件夹"));
    }
    if !meta.is_file() {
        return Err(not_file("设备、管道或其他特殊文件"));
    }
    let too_big = |size: u64| {
        Error::File {
        path: path.to_path_buf(),
        message: format!(
            "文件过大（{:.1} MB），超过导入上限 {} MB，不像一份分工表，未导入任何内容。请只把分工表另存为一个文件，或分批导入。",
            size as f64 / 1024.0 / 1024.0,
            MAX_IMPORT_BYTES / 1024 / 1024
        ),
    }
    };
    if meta.len() > MAX_IMPORT_BYTES as u64 {
        return Err(too_big(meta.len()));
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        // Never blocks on a FIFO put in the file's place after the check above.
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let file = opts.open(path).map_err(|e| Error::io(path, e))?;
    if !file.metadata().map_err(|e| Error::io(path, e))?.is_file() {
        return Err(not_file("设备、管道或其他特殊文件"));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_IMPORT_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| Error::io(path, e))?;
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The name a file goes by in errors and reports: its file name.
pub fn source_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// Parses an annex in any format the app reads, chosen from the content (not only the extension): Word
/// (.docx), Excel (.xlsx, .xls), OpenDocument (.ods), CSV, pasted text, or a JSON bundle (carried whole in
/// [`ParsedAnnex::bundle`], with a preview of its table like any other import).
///
/// A panic in a parser (a library meeting a damaged file it did not expect) is caught here and becomes an
/// error naming the file; nothing is half-imported because nothing is written while parsing.
pub fn parse_any(bytes: &[u8], source: &str) -> Result<ParsedAnnex> {
    parse_caught(bytes, source).unwrap_or_else(|m| Err(panic_error(source, &m)))
}

/// [`parse_any`] with a panic reported as `Err(message)` (the parsing child tells it apart from a refusal).
pub(crate) fn parse_caught(bytes: &[u8], source: &str) -> std::result::Result<Result<ParsedAnnex>, String> {
    // Parsing only reads `bytes` and builds new values, so nothing observable is left broken by an unwind.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parse_unguarded(bytes, source)))
        .map_err(|p| panic_text(p.as_ref()))
}

/// The text of a panic payload.
pub(crate) fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "未知错误".to_string())
}

/// The error for a file whose parser panicked.
pub(crate) fn panic_error(source: &str, message: &str) -> Error {
    let detail: String = message.chars().take(200).collect();
    Error::File {
        path: PathBuf::from(source),
        message: format!(
            "文件已损坏或不是正常的文档，读取时出错，未导入任何内容，数据库没有改动。请向发文单位重新索取文件，\
             或在 Word/Excel/WPS 中打开后另存一份再导入。（技术信息：{detail}）"
        ),
    }
}

fn parse_unguarded(bytes: &[u8], source: &str) -> Result<ParsedAnnex> {
    match detect(bytes, source) {
        FileKind::Docx => docx::parse(bytes, source),
        kind @ (FileKind::Xlsx | FileKind::Xls | FileKind::Ods) => sheet::parse(bytes, source, kind),
        FileKind::Text => parse_annex(bytes, source).map_err(|e| {
            // An empty file is said to be empty, whatever its name.
            if bytes.iter().all(u8::is_ascii_whitespace) {
                e
            } else {
                misnamed(e, source)
            }
        }),
        FileKind::Bundle => {
            let mut bundle = crate::bundle::parse(bytes, source)?;
            let cleaned = clean_bundle(&mut bundle);
            let mut parsed = ParsedAnnex::from_bundle(bundle, source);
            parsed.report.warnings.extend(cleaned);
            Ok(parsed)
        }
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
    let wide = |o| {
        match o {
        table::Oversize::Columns { line } => too_many_columns(source, line, MAX_IMPORT_COLUMNS + 1),
        table::Oversize::Cells { line } => Error::AtLine {
            path: PathBuf::from(source),
            line,
            message: format!(
                "到这一行，表格已超过 {} 万格，超过导入上限（一份分工表通常只有几千格；文件可能已损坏，或不是分工表），未导入任何内容",
                crate::rules::MAX_IMPORT_CELLS / 10_000
            ),
        },
    }
    };
    let mut records = table::records_with(&decoded.text, delimiter, &mut warnings).map_err(wide)?;
    if !records.iter().any(is_header) {
        let other = if delimiter == b',' { b'\t' } else { b',' };
        let mut w2 = Vec::new();
        let r2 = table::records_with(&decoded.text, other, &mut w2).map_err(wide)?;
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
pub(crate) fn parse_records(
    records: &[RawRecord],
    report: ImportReport,
    no_header: &str,
) -> Result<ParsedAnnex> {
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
    let Some(header_idx) = records.iter().position(is_header) else {
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
        let combined: Vec<String> = (0..header.cells.len().max(lower.cells.len()))
            .map(|i| {
                let l = lower.cells.get(i).map(|c| c.trim()).unwrap_or("");
                if l.is_empty() {
                    header.cells.get(i).cloned().unwrap_or_default()
                } else {
                    l.to_string()
                }
            })
            .collect();
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

/// Most columns a record of any format may have (a real annex has under 20); more is a damaged or crafted
/// file, refused before it is held in memory where the reader allows (the text reader stops at the first
/// record over it, sheets and the .xls cell scan at the first cell beyond it). Word tables keep their own,
/// wider grid limit (`docx::grid::MAX_COLUMNS`, 512): a table's grid counts the layout columns of merged
/// cells, not cells; text beyond column 200 of a Word table is still refused here.
pub const MAX_IMPORT_COLUMNS: usize = 200;

/// The refusal of a record with text in column `columns` (1-based) beyond [`MAX_IMPORT_COLUMNS`].
pub(crate) fn too_many_columns(source: &str, line: usize, columns: usize) -> Error {
    Error::AtLine {
        path: PathBuf::from(source),
        line,
        message: format!(
            "这一行有 {columns} 列以上，超过导入上限 {MAX_IMPORT_COLUMNS} 列，不像一份分工表（文件可能已损坏），未导入任何内容"
        ),
    }
}

/// A character taken out of imported text: C0 controls other than tab and line breaks (`\n`, `\r`, and
/// VT/FF, which [`tidy`] turns into line breaks), DEL and the C1 controls; and the invisible characters
/// that change how text reads without showing — bidirectional overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069: `省税务局` could display reversed), zero-width space, word joiner and a stray BOM.
/// (ZWJ/ZWNJ stay: they shape some scripts.)
fn is_stripped_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0b' | '\x0c'))
        || matches!(c, '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// `s` without control characters; a whole ANSI escape sequence (`ESC [ … m`, `ESC ] … BEL`) goes, not only
/// its ESC, so no `[31m` is left in the text. Returns the text and how many sequences or characters went.
fn strip_controls(s: &str) -> (String, usize) {
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

/// Takes control characters out of every text of a bundle (through its JSON form, so a field added to the
/// bundle later is covered too); returns one report line per field that changed.
fn clean_bundle(bundle: &mut crate::bundle::Bundle) -> Vec<ReportLine> {
    fn walk(v: &mut serde_json::Value, path: &mut String, out: &mut Vec<ReportLine>) {
        match v {
            serde_json::Value::String(s) if s.chars().any(is_stripped_control) => {
                let (t, n) = strip_controls(s);
                *s = t;
                out.push(ReportLine::file(format!("{path} 去掉了 {n} 个不可见的控制字符（如终端转义序列）")));
            }
            serde_json::Value::Array(a) => {
                for (i, x) in a.iter_mut().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    walk(x, path, out);
                    path.truncate(len);
                }
            }
            serde_json::Value::Object(o) => {
                for (k, x) in o.iter_mut() {
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(k);
                    walk(x, path, out);
                    path.truncate(len);
                }
            }
            _ => {}
        }
    }
    let Ok(mut value) = serde_json::to_value(&*bundle) else { return Vec::new() };
    let mut out = Vec::new();
    walk(&mut value, &mut String::new(), &mut out);
    if !out.is_empty() {
        match serde_json::from_value(value) {
            Ok(b) => *bundle = b,
            Err(_) => return vec![ReportLine::file("数据包中有控制字符，但未能去掉，请核对")],
        }
    }
    out
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
        let label = if label.is_empty() { format!("第{}列", i + 1) } else { label };
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
        columns.push(Column { width: default_width(&kind), kind, label });
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
        self.report.unplaced.push(UnplacedLine { line, text: text.into(), reason: reason.into() });
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
            let text =
                r.cells.iter().map(|c| tidy(c)).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" ");
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
        if texts.len() == 1 && matches!(flat(&texts[0].1).as_str(), "续表" | "（续表）" | "(续表)") {
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
