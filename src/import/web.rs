//! A web page (`.html`/`.htm` saved from a browser, or Word/WPS "另存为网页") or the HTML a copy puts on the
//! clipboard beside the plain text: its tables read with their structure, not the flattened text.
//!
//! The HTML is parsed by `scraper` (html5ever, the HTML5 parsing algorithm browsers use: unclosed `<td>`,
//! missing `<tbody>`, entities are handled as a browser does) and walked in document order into the same
//! blocks a Word body gives ([`super::docx::Block`]): text outside tables as paragraphs, each table row as
//! a row of cells. From there the Word reader's rules apply unchanged (annex table chosen by its header,
//! front matter, a table broken in two, a plan in running text when no table is an annex).
//!
//! - `colspan`/`rowspan` are laid on the grid as Word's `gridSpan`/`vMerge`: a merged 牵头单位 is copied
//!   into each row it covers, and the report says so. A `rowspan` is capped at the rows left in its table.
//! - `<br>`, `<p>`, `<div>`, `<li>` inside a cell are paragraph breaks in the cell; outside tables every
//!   block element, and a `<br>`, ends a paragraph. White space collapses as in a browser; a line break in
//!   the source between two Chinese characters is dropped, not turned into a space.
//! - A table whose cells hold other tables and whose own rows have no header row is page layout (gov.cn
//!   pages nest the content in such tables): its cells are read as text flow, so the annex table inside is
//!   found. A table with a header row keeps a nested table as lines of its cell's text.
//! - `<script>`, `<style>`, `<head>` and comments give no text. A `<caption>` is a paragraph above its table.
//! - Line numbers count paragraphs and table rows in order (the report says so), as for Word.
//!
//! Rejected: the plain text the clipboard also carries (merged cells are lost and the rows shift);
//! html2text's rendering of tables (a layout for reading, not cells); regular expressions over the markup.

use std::collections::BTreeMap;

use scraper::node::Node;
use scraper::Html;

use super::docx::body::{Cell, Row, VMerge, MAX_SPAN};
use super::docx::{parse_blocks, Block, Origin};
use super::ParsedAnnex;
use crate::error::Result;

pub const FORMAT: &str = "网页（HTML），行号按正文段落和表格行依次计数";

const WEB: Origin = Origin {
    format: FORMAT,
    prose_format: "网页（HTML）",
    no_table: "网页中没有表格，也没有按“一、”“1.”分条、写明牵头单位的正文。分工表应是网页中的表格（第一行是“序号、事项、\
               主要内容、牵头单位”等列名）；如果表格是图片，无法读取。未导入任何内容。",
};

/// Elements whose text is never shown.
const HIDDEN: [&str; 9] =
    ["head", "script", "style", "noscript", "template", "title", "iframe", "object", "select"];

/// Elements that begin and end a paragraph.
const BLOCKS: [&str; 26] = [
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "nav",
    "aside",
    "blockquote",
    "pre",
    "center",
    "address",
    "hr",
];

/// Whether `bytes` look like an HTML document or an HTML clipboard fragment (not a text file with a stray
/// tag in a cell, which the text reader cleans).
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = body.iter().position(|b| !b.is_ascii_whitespace()).map_or(&[][..], |p| &body[p..]);
    let head: Vec<u8> = start[..start.len().min(4096)].to_ascii_lowercase();
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    (start.starts_with(b"<")
        && ["<html", "<!doctype html", "<table", "<body", "<meta"].iter().any(|t| has(t.as_bytes())))
        || (start.starts_with(b"Version:") && has(b"starthtml:"))
}

/// Parses the annex of a web page or of HTML from the clipboard.
pub(crate) fn parse(html: &str, source: &str) -> Result<ParsedAnnex> {
    let (blocks, lines) = read(strip_clipboard_header(html));
    parse_blocks(&blocks, lines, source, &WEB)
}

/// Windows' clipboard format (`Version:0.9 StartHTML:… <html>…`) has a header before the markup.
fn strip_clipboard_header(html: &str) -> &str {
    if html.starts_with("Version:") {
        if let Some(p) = html.find('<') {
            return &html[p..];
        }
    }
    html
}

/// The page's blocks in order and the number of lines they take.
pub(super) fn read(html: &str) -> (Vec<Block>, usize) {
    let doc = Html::parse_document(html);
    let mut r = Reader::default();
    r.flow(doc.tree.root());
    r.flush();
    (r.blocks, r.line)
}

type NodeRef<'a> = ego_tree::NodeRef<'a, Node>;

#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    /// The paragraph being collected (raw text, white space not yet collapsed).
    para: String,
    line: usize,
}

impl Reader {
    fn next_line(&mut self) -> usize {
        self.line += 1;
        self.line
    }

    fn flush(&mut self) {
        let text = collapse(&std::mem::take(&mut self.para));
        if !text.is_empty() {
            let line = self.next_line();
            self.blocks.push(Block::Para { line, text });
        }
    }

    /// Text flow outside tables.
    fn flow(&mut self, node: NodeRef) {
        for child in node.children() {
            match child.value() {
                Node::Text(t) => self.para.push_str(&t.text),
                Node::Element(e) => match e.name() {
                    n if HIDDEN.contains(&n) => {}
                    "br" => self.flush(),
                    "table" => {
                        self.flush();
                        self.table(child);
                    }
                    n if BLOCKS.contains(&n) => {
                        self.flush();
                        self.flow(child);
                        self.flush();
                    }
                    _ => self.flow(child),
                },
                _ => {}
            }
        }
    }

    fn table(&mut self, table: NodeRef) {
        let rows = own_rows(table);
        let nested = table.descendants().skip(1).any(|d| is(d, "table"));
        if nested && !rows.iter().any(|r| row_is_header(r)) {
            // Page layout: its cells are text flow.
            for row in &rows {
                for cell in cells_of(*row) {
                    self.flow(cell);
                    self.flush();
                }
            }
            return;
        }
        for caption in table.children().filter(|c| is(*c, "caption")) {
            self.flow(caption);
            self.flush();
        }
        let mut out = Vec::with_capacity(rows.len());
        // Grid columns still covered by a cell from a row above: start column → (span, rows left).
        let mut covered: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        for (i, row) in rows.iter().enumerate() {
            let rows_left = rows.len() - i - 1;
            let line = self.next_line();
            let mut cells = Vec::new();
            let mut col = 0usize;
            let mut reached = Vec::new();
            for cell in cells_of(*row) {
                cover(&mut col, &mut cells, &mut covered, &mut reached);
                let e = cell.value().as_element().expect("cells are elements");
                let span = number_attr(e.attr("colspan")).clamp(1, MAX_SPAN);
                // rowspan="0" reaches to the end of the table.
                let down = match e.attr("rowspan").map(str::trim) {
                    Some("0") => rows_left + 1,
                    r => number_attr(r).clamp(1, rows_left + 1),
                };
                let vmerge = if down > 1 { VMerge::Restart } else { VMerge::None };
                if down > 1 {
                    covered.insert(col, (span, down - 1));
                    reached.push(col);
                }
                cells.push(Cell { text: cell_text(cell), span, vmerge });
                col += span;
            }
            // Cells merged down from above at the end of the row.
            while let Some((&next, _)) = covered.range(col..).next() {
                col = next;
                cover(&mut col, &mut cells, &mut covered, &mut reached);
            }
            // A cover that this row's cells stepped over (malformed spans) ends here.
            covered.retain(|c, _| reached.contains(c));
            out.push(Row { line, grid_before: 0, cells });
        }
        if !out.is_empty() {
            self.blocks.push(Block::Table(out));
        }
    }
}

/// Puts the cells merged down from rows above that start at `col` (and those they lead to) into the row.
fn cover(
    col: &mut usize,
    cells: &mut Vec<Cell>,
    covered: &mut BTreeMap<usize, (usize, usize)>,
    reached: &mut Vec<usize>,
) {
    while let Some(&(span, left)) = covered.get(col) {
        cells.push(Cell { text: String::new(), span, vmerge: VMerge::Continue });
        if left <= 1 {
            covered.remove(col);
        } else {
            covered.insert(*col, (span, left - 1));
            reached.push(*col);
        }
        *col += span;
    }
}

fn is(node: NodeRef, name: &str) -> bool {
    node.value().as_element().is_some_and(|e| e.name() == name)
}

/// The table's own rows (`<tr>` directly in it or in its `<thead>`/`<tbody>`/`<tfoot>`), not nested tables'.
fn own_rows(table: NodeRef) -> Vec<NodeRef> {
    let mut rows = Vec::new();
    for child in table.children() {
        if is(child, "tr") {
            rows.push(child);
        } else if ["thead", "tbody", "tfoot"].iter().any(|s| is(child, s)) {
            rows.extend(child.children().filter(|c| is(*c, "tr")));
        }
    }
    rows
}

fn cells_of(row: NodeRef) -> impl Iterator<Item = NodeRef> {
    row.children().filter(|c| is(*c, "td") || is(*c, "th"))
}

/// Whether a row's cells read as a header row (by the importer's own rule).
fn row_is_header(row: &NodeRef) -> bool {
    let cells: Vec<String> = cells_of(*row).map(cell_text).collect();
    super::records::is_header(&super::RawRecord { line: 0, cell_lines: vec![0; cells.len()], cells })
}

fn number_attr(v: Option<&str>) -> usize {
    v.and_then(|v| v.trim().trim_end_matches(';').parse::<usize>().ok()).unwrap_or(1)
}

/// A cell's text: its paragraphs (`<p>`, `<div>`, `<br>`, rows of a nested table) joined with '\n'; a line
/// break in the source is white space.
fn cell_text(cell: NodeRef) -> String {
    // Where the markup breaks a line (never in parsed text: the parser replaces NUL).
    const BREAK: char = '\0';
    fn walk(node: NodeRef, out: &mut String) {
        for child in node.children() {
            match child.value() {
                Node::Text(t) => out.push_str(&t.text),
                Node::Element(e) => match e.name() {
                    n if HIDDEN.contains(&n) => {}
                    "br" | "tr" => {
                        out.push(BREAK);
                        walk(child, out);
                        out.push(BREAK);
                    }
                    "td" | "th" => {
                        walk(child, out);
                        out.push(' ');
                    }
                    n if BLOCKS.contains(&n) || n == "table" => {
                        out.push(BREAK);
                        walk(child, out);
                        out.push(BREAK);
                    }
                    _ => walk(child, out),
                },
                _ => {}
            }
        }
    }
    let mut raw = String::new();
    walk(cell, &mut raw);
    raw.split(BREAK).map(collapse).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

/// White space as a browser shows it: runs become one space, none at the ends; a run with a line break
/// between two CJK characters disappears (source HTML wraps Chinese text anywhere). `&nbsp;` counts as
/// white space here: pages indent with it.
fn collapse(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut run: Option<bool> = None; // Some(had a line break)
    for c in raw.chars() {
        if c.is_whitespace() && c != '\u{3000}' || c == '\u{a0}' {
            let nl = c == '\n' || c == '\r';
            run = Some(run.unwrap_or(false) || nl);
            continue;
        }
        if let Some(nl) = run.take() {
            let prev = out.chars().last();
            let joins = nl && prev.is_some_and(is_cjk) && is_cjk(c);
            if prev.is_some() && !joins {
                out.push(' ');
            }
        }
        out.push(c);
    }
    out.trim_matches('\u{3000}').to_string()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

#[cfg(test)]
mod tests;
