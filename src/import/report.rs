//! The import report: everything the import changed, dropped as a duplicate, or could not place, with
//! line numbers, so nothing disappears silently. Rendered as Chinese text lines for the CLI.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A line of the file that did not become part of the table, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct UnplacedLine {
    /// 1-based line in the file.
    pub line: usize,
    pub text: String,
    /// Chinese, e.g. “比表头多出的格”.
    pub reason: String,
}

/// A half-width punctuation mark changed to full width.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Normalisation {
    pub line: usize,
    /// Header label of the column (or “标题”).
    pub column: String,
    /// A short excerpt around the change, before and after.
    pub before: String,
    pub after: String,
}

/// A remark about the import; `line` is None when it concerns the whole file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReportLine {
    pub line: Option<usize>,
    pub message: String,
}

impl ReportLine {
    pub fn at(line: usize, message: impl Into<String>) -> ReportLine {
        ReportLine { line: Some(line), message: message.into() }
    }
    pub fn file(message: impl Into<String>) -> ReportLine {
        ReportLine { line: None, message: message.into() }
    }
}

/// What the import did to the pasted text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[derive(TS)]
pub struct ImportReport {
    /// File name (or “粘贴的文字”) as given by the caller.
    pub source: String,
    /// What was read, e.g. `文本（制表符分隔）`, `CSV（逗号分隔）`, `Excel 工作簿（.xlsx）工作表“Sheet1”`.
    pub format: String,
    /// Detected encoding of a text file, e.g. `UTF-8`, `GB18030（GBK）`; empty for Word/Excel files.
    pub encoding: String,
    /// Number of lines in the file.
    pub lines: usize,
    /// Line of the header row that was used.
    pub header_line: usize,
    /// Lines of header rows repeated where the original's pages broke; dropped.
    pub repeated_headers: Vec<usize>,
    pub unplaced: Vec<UnplacedLine>,
    pub normalised: Vec<Normalisation>,
    /// Lines of cells whose HTML markup was turned into plain text.
    pub html_cleaned: Vec<usize>,
    pub warnings: Vec<ReportLine>,
    /// Units that did not exist before the import; filled in by the store.
    pub units_created: Vec<String>,
}

fn join_lines(lines: &[usize]) -> String {
    lines.iter().map(|l| l.to_string()).collect::<Vec<_>>().join("、")
}

fn clip(s: &str, max: usize) -> String {
    let flat = s.replace('\n', "⏎").replace('\t', " ");
    if flat.chars().count() <= max {
        flat
    } else {
        let mut t: String = flat.chars().take(max).collect();
        t.push('…');
        t
    }
}

impl ImportReport {
    pub fn new(source: &str, encoding: &str) -> ImportReport {
        ImportReport { source: source.to_string(), encoding: encoding.to_string(), ..Default::default() }
    }

    /// True when nothing needs the user's attention (no unplaced lines, no warnings).
    pub fn is_clean(&self) -> bool {
        self.unplaced.is_empty() && self.warnings.is_empty()
    }

    /// The report as Chinese text lines for the CLI: a summary line, then each remark in line order
    /// (`第 12 行：……`).
    pub fn to_lines(&self) -> Vec<String> {
        let what = if self.format.is_empty() { String::new() } else { format!("（{}）", self.format) };
        let enc = if self.encoding.is_empty() {
            String::new()
        } else {
            format!("，文字编码 {}", self.encoding)
        };
        let mut out = vec![format!("导入“{}”{what}：共 {} 行{enc}。", self.source, self.lines)];
        if self.header_line > 0 {
            out.push(format!("表头在第 {} 行。", self.header_line));
        }
        if !self.repeated_headers.is_empty() {
            out.push(format!(
                "略去重复的表头 {} 处（原表分页处）：第 {} 行。",
                self.repeated_headers.len(),
                join_lines(&self.repeated_headers)
            ));
        }
        if !self.units_created.is_empty() {
            out.push(format!(
                "新建单位 {} 个：{}。",
                self.units_created.len(),
                self.units_created.join("、")
            ));
        }
        // (line, order, text) so remarks come out in file order.
        let mut items: Vec<(usize, u8, String)> = Vec::new();
        for w in &self.warnings {
            match w.line {
                Some(l) => items.push((l, 0, format!("第 {l} 行：{}", w.message))),
                None => out.push(format!("注意：{}", w.message)),
            }
        }
        for u in &self.unplaced {
            items.push((u.line, 1, format!("第 {} 行：未导入“{}”——{}", u.line, clip(&u.text, 40), u.reason)));
        }
        for &l in &self.html_cleaned {
            items.push((l, 2, format!("第 {l} 行：去掉了网页格式代码，保留纯文字")));
        }
        for n in &self.normalised {
            items.push((
                n.line,
                3,
                format!(
                    "第 {} 行：{}中半角标点改为全角：“{}”→“{}”",
                    n.line,
                    n.column,
                    clip(&n.before, 30),
                    clip(&n.after, 30)
                ),
            ));
        }
        items.sort_by_key(|a| (a.0, a.1));
        out.extend(items.into_iter().map(|(_, _, s)| s));
        if !self.unplaced.is_empty() {
            out.push(format!("共有 {} 处文字未导入，请核对上面列出的行。", self.unplaced.len()));
        }
        out
    }
}
