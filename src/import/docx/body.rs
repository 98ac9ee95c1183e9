//! The body of `word/document.xml` as blocks in order: the text of each paragraph, and each table as rows of
//! cells with their merge marks (`w:gridSpan`, `w:vMerge`). Read with quick-xml's namespace-aware streaming
//! reader (already built for the Word export), so any prefix bound to the WordprocessingML namespace works.
//!
//! Text rules (what Word shows): `w:t` text, `w:tab` → tab, `w:br`/`w:cr` → line break; deleted and
//! moved-away text (`w:del`, `w:moveFrom`), field instructions (`w:instrText`, and the runs between a
//! field's begin and separate marks), ruby guide text (`w:rt`), properties and the `mc:Fallback` copy of
//! drawings are skipped; inserted text, field results, hyperlinks, content controls and text boxes are read.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

const W_NS: &[u8] = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT_NS: &[u8] = b"http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC_NS: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Tables in cells in text boxes …: deeper than this is a damaged or hostile file (and would overflow the stack).
const MAX_NEST: usize = 40;
/// More paragraphs, rows and cells than this is a damaged or hostile file (a 2,000-item annex has about
/// 15,000); the limit bounds the memory a small zip can make the reader take.
const MAX_PARTS: usize = 2_000_000;
/// More grid columns than this in one cell or row is a damaged file (Word itself allows 63).
pub const MAX_SPAN: usize = 1000;

/// A paragraph or a table of the body; `line` counts body paragraphs and table rows from 1.
#[derive(Debug)]
pub enum Block {
    Para { line: usize, text: String },
    Table(Vec<Row>),
}

#[derive(Debug)]
pub struct Row {
    pub line: usize,
    /// Empty grid columns before the first cell (`w:gridBefore`).
    pub grid_before: usize,
    pub cells: Vec<Cell>,
}

#[derive(Debug)]
pub struct Cell {
    /// Paragraphs joined with '\n'.
    pub text: String,
    /// Grid columns the cell takes (`w:gridSpan`, at least 1).
    pub span: usize,
    pub vmerge: VMerge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VMerge {
    None,
    /// First cell of a vertically merged block.
    Restart,
    /// A cell covered by the block above.
    Continue,
}

/// A malformed document, with where the reader was.
#[derive(Debug)]
pub struct BodyError {
    /// Byte offset in word/document.xml.
    pub offset: u64,
    /// Body line (paragraph or table row) being read, 0 before the body.
    pub line: usize,
    /// 1-based table and row when inside a top-level table.
    pub table: Option<(usize, usize)>,
    /// Chinese description, with the parser's own words as detail.
    pub message: String,
}

/// Elements the walker treats specially; everything else is read through (its content counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Name {
    Body,
    P,
    Tbl,
    Tr,
    Tc,
    T,
    Tab,
    Br,
    NoBreakHyphen,
    FldChar,
    /// Subtrees whose text is not shown: deletions, instructions, properties, ruby guides, fallbacks.
    Skip,
    TrPr,
    TcPr,
    GridBefore,
    GridSpan,
    VMerge,
    Del,
    Other,
}

fn classify(res: &ResolveResult, local: &[u8]) -> Name {
    match res {
        ResolveResult::Bound(ns) if ns.0 == W_NS || ns.0 == W_STRICT_NS => match local {
            b"body" => Name::Body,
            b"p" => Name::P,
            b"tbl" => Name::Tbl,
            b"tr" => Name::Tr,
            b"tc" => Name::Tc,
            b"t" => Name::T,
            b"tab" | b"ptab" => Name::Tab,
            b"br" | b"cr" => Name::Br,
            b"noBreakHyphen" => Name::NoBreakHyphen,
            b"fldChar" => Name::FldChar,
            b"trPr" => Name::TrPr,
            b"tcPr" => Name::TcPr,
            b"gridBefore" => Name::GridBefore,
            b"gridSpan" => Name::GridSpan,
            b"vMerge" => Name::VMerge,
            b"del" => Name::Del,
            b"moveFrom" | b"instrText" | b"delText" | b"delInstrText" | b"pPr" | b"rPr" | b"sectPr"
            | b"tblPr" | b"tblGrid" | b"tblPrEx" | b"sdtPr" | b"sdtEndPr" | b"rt" | b"fldData"
            | b"trPrChange" | b"tcPrChange" | b"footnotePr" | b"endnotePr" => Name::Skip,
            _ => Name::Other,
        },
        ResolveResult::Bound(ns) if ns.0 == MC_NS && local == b"Fallback" => Name::Skip,
        _ => Name::Other,
    }
}

enum Ev<'a> {
    Start(Name, BytesStart<'a>),
    End,
    Text(Cow<'a, str>),
    Eof,
    Other,
}

struct Walker<'a> {
    r: NsReader<&'a [u8]>,
    /// Body lines started so far (top-level paragraphs and rows of top-level tables).
    line: usize,
    /// (table, row) while inside a top-level table.
    table: Option<(usize, usize)>,
    tables: usize,
    /// Paragraphs, rows and cells read so far (see [`MAX_PARTS`]).
    parts: usize,
}

/// Reads the body of a document.xml into blocks; also returns the number of body lines.
pub fn read_body(xml: &str) -> Result<(Vec<Block>, usize), BodyError> {
    let mut r = NsReader::from_str(xml);
    // Empty elements as start + end: one code path for `<w:tab/>` and `<w:tab></w:tab>`.
    r.config_mut().expand_empty_elements = true;
    r.config_mut().check_end_names = true;
    let mut w = Walker { r, line: 0, table: None, tables: 0, parts: 0 };
    loop {
        match w.next()? {
            Ev::Start(Name::Body, _) => break,
            Ev::Eof => return Err(w.err("找不到正文（w:body）")),
            _ => {}
        }
    }
    let mut blocks = Vec::new();
    w.blocks(&mut blocks)?;
    Ok((blocks, w.line))
}

/// The value of a `w:val`-like attribute (matched by local name, whatever the prefix).
fn attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| String::from_utf8_lossy(&a.value).into_owned()) // values read here are plain words and numbers
}

fn count_attr(e: &BytesStart) -> usize {
    attr(e, b"val").and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(1).clamp(1, MAX_SPAN)
}

fn push_line(out: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(text);
}

/// A nested table as lines of text: one line per row, its cells' text separated by spaces.
fn flatten(rows: &[Row]) -> Vec<String> {
    rows.iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| {
                    c.text.split('\n').map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
                })
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|s| !s.is_empty())
        .collect()
}

impl<'a> Walker<'a> {
    fn err(&self, message: impl Into<String>) -> BodyError {
        BodyError {
            offset: self.r.buffer_position(),
            line: self.line,
            table: self.table,
            message: message.into(),
        }
    }

    fn eof(&self) -> BodyError {
        self.err("文件在这里意外结束（XML 不完整，可能被截断）")
    }

    fn next(&mut self) -> Result<Ev<'a>, BodyError> {
        let (res, ev) = match self.r.read_resolved_event() {
            Ok(x) => x,
            Err(e) => {
                return Err(BodyError {
                    offset: self.r.error_position(),
                    line: self.line,
                    table: self.table,
                    message: format!("XML 结构错误（技术细节：{e}）"),
                })
            }
        };
        let bad_text = |e: &dyn std::fmt::Display| format!("文字编码有误（{e}）");
        Ok(match ev {
            Event::Start(e) => {
                let n = classify(&res, e.local_name().as_ref());
                Ev::Start(n, e)
            }
            Event::End(_) => Ev::End,
            Event::Text(t) => match t.xml10_content() {
                Ok(s) => Ev::Text(s),
                Err(e) => return Err(self.err(bad_text(&e))),
            },
            Event::CData(t) => match t.decode() {
                Ok(s) => Ev::Text(s),
                Err(e) => return Err(self.err(bad_text(&e))),
            },
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => match r.decode().as_deref() {
                        Ok("amp") => Some("&".into()),
                        Ok("lt") => Some("<".into()),
                        Ok("gt") => Some(">".into()),
                        Ok("quot") => Some("\"".into()),
                        Ok("apos") => Some("'".into()),
                        _ => None,
                    },
                    Err(_) => None,
                };
                match resolved {
                    Some(s) => Ev::Text(Cow::Owned(s)),
                    None => {
                        let name = String::from_utf8_lossy(&r).into_owned();
                        return Err(self.err(format!("无法识别的字符引用“&{name};”")));
                    }
                }
            }
            Event::Eof => Ev::Eof,
            _ => Ev::Other,
        })
    }

    fn count_part(&mut self) -> Result<(), BodyError> {
        self.parts += 1;
        if self.parts > MAX_PARTS {
            return Err(
                self.err(format!("段落、表格行和单元格超过 {} 万个，远多于任何分工表", MAX_PARTS / 10_000))
            );
        }
        Ok(())
    }

    /// Skips the rest of the element just started.
    fn skip(&mut self) -> Result<(), BodyError> {
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Ev::Start(..) => depth += 1,
                Ev::End if depth == 0 => return Ok(()),
                Ev::End => depth -= 1,
                Ev::Eof => return Err(self.eof()),
                _ => {}
            }
        }
    }

    /// Children of w:body up to its end.
    fn blocks(&mut self, out: &mut Vec<Block>) -> Result<(), BodyError> {
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Ev::Start(Name::P, _) => {
                    self.line += 1;
                    let line = self.line;
                    let text = self.paragraph(0)?;
                    out.push(Block::Para { line, text });
                }
                Ev::Start(Name::Tbl, _) => {
                    self.tables += 1;
                    self.table = Some((self.tables, 0));
                    let rows = self.table(0)?;
                    self.table = None;
                    out.push(Block::Table(rows));
                }
                Ev::Start(Name::Skip, _) => self.skip()?,
                // Content controls, custom XML, bookmarks …: their content is read in place.
                Ev::Start(..) => depth += 1,
                Ev::End if depth == 0 => return Ok(()),
                Ev::End => depth -= 1,
                Ev::Eof => return Err(self.eof()),
                _ => {}
            }
        }
    }

    /// The text of the paragraph just started; paragraphs of text boxes inside it become further lines.
    fn paragraph(&mut self, nest: usize) -> Result<String, BodyError> {
        if nest > MAX_NEST {
            return Err(self.err("表格或文本框嵌套层次过深"));
        }
        self.count_part()?;
        let mut out = String::new();
        let mut depth = 0usize;
        let mut in_t = false;
        // One entry per open complex field: true while in its instruction part (before `separate`).
        let mut fields: Vec<bool> = Vec::new();
        loop {
            match self.next()? {
                Ev::Start(name, e) => match name {
                    Name::T => {
                        in_t = true;
                        depth += 1;
                    }
                    Name::Tab | Name::Br | Name::NoBreakHyphen => {
                        if !fields.iter().any(|f| *f) {
                            out.push(match name {
                                Name::Tab => '\t',
                                Name::Br => '\n',
                                _ => '-',
                            });
                        }
                        depth += 1;
                    }
                    Name::FldChar => {
                        match attr(&e, b"fldCharType").as_deref() {
                            Some("begin") => fields.push(true),
                            Some("separate") => {
                                if let Some(f) = fields.last_mut() {
                                    *f = false;
                                }
                            }
                            Some("end") => {
                                fields.pop();
                            }
                            _ => {}
                        }
                        depth += 1;
                    }
                    Name::Skip | Name::Del => self.skip()?,
                    Name::P => {
                        let t = self.paragraph(nest + 1)?;
                        push_line(&mut out, &t);
                    }
                    Name::Tbl => {
                        let rows = self.table(nest + 1)?;
                        for l in flatten(&rows) {
                            push_line(&mut out, &l);
                        }
                    }
                    _ => depth += 1,
                },
                Ev::Text(t) => {
                    if in_t && !fields.iter().any(|f| *f) {
                        out.push_str(&t);
                    }
                }
                Ev::End if depth == 0 => return Ok(out),
                Ev::End => {
                    depth -= 1;
                    in_t = false;
                }
                Ev::Eof => return Err(self.eof()),
                Ev::Other => {}
            }
        }
    }

    /// The rows of the table just started (`nest` 0: a body table, whose rows are body lines).
    fn table(&mut self, nest: usize) -> Result<Vec<Row>, BodyError> {
        if nest > MAX_NEST {
            return Err(self.err("表格嵌套层次过深"));
        }
        let mut rows = Vec::new();
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Ev::Start(Name::Tr, _) => {
                    if nest == 0 {
                        self.line += 1;
                        if let Some((_, r)) = self.table.as_mut() {
                            *r += 1;
                        }
                    }
                    if let Some(row) = self.row(nest)? {
                        rows.push(row);
                    }
                }
                Ev::Start(Name::Skip, _) => self.skip()?,
                Ev::Start(..) => depth += 1,
                Ev::End if depth == 0 => return Ok(rows),
                Ev::End => depth -= 1,
                Ev::Eof => return Err(self.eof()),
                _ => {}
            }
        }
    }

    /// Walks a properties element just started (w:trPr, w:tcPr) to its end, giving each direct child to `on`.
    fn properties(&mut self, mut on: impl FnMut(Name, &BytesStart)) -> Result<(), BodyError> {
        let mut d = 0usize;
        loop {
            match self.next()? {
                Ev::Start(Name::Skip, _) => self.skip()?,
                Ev::Start(n, e) => {
                    if d == 0 {
                        on(n, &e);
                    }
                    d += 1;
                }
                Ev::End if d == 0 => return Ok(()),
                Ev::End => d -= 1,
                Ev::Eof => return Err(self.eof()),
                _ => {}
            }
        }
    }

    /// The row just started; None when it is a deleted row (tracked changes).
    fn row(&mut self, nest: usize) -> Result<Option<Row>, BodyError> {
        self.count_part()?;
        let mut row = Row { line: self.line, grid_before: 0, cells: Vec::new() };
        let mut deleted = false;
        let mut depth = 0usize;
        loop {
            match self.next()? {
                // Only the row's own properties: gridBefore and a tracked deletion.
                Ev::Start(Name::TrPr, _) => self.properties(|n, e| match n {
                    Name::GridBefore => row.grid_before = count_attr(e),
                    Name::Del => deleted = true,
                    _ => {}
                })?,
                Ev::Start(Name::Tc, _) => {
                    let c = self.cell(nest)?;
                    row.cells.push(c);
                }
                Ev::Start(Name::Skip, _) => self.skip()?,
                Ev::Start(..) => depth += 1,
                Ev::End if depth == 0 => return Ok((!deleted).then_some(row)),
                Ev::End => depth -= 1,
                Ev::Eof => return Err(self.eof()),
                _ => {}
            }
        }
    }

    /// The cell just started: its paragraphs (and nested tables, flattened) and its merge marks.
    fn cell(&mut self, nest: usize) -> Result<Cell, BodyError> {
        self.count_part()?;
        let mut cell = Cell { text: String::new(), span: 1, vmerge: VMerge::None };
        let mut paras: Vec<String> = Vec::new();
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Ev::Start(Name::TcPr, _) => self.properties(|n, e| match n {
                    Name::GridSpan => cell.span = count_attr(e),
                    Name::VMerge => {
                        cell.vmerge = match attr(e, b"val").as_deref() {
                            Some("restart") => VMerge::Restart,
                            _ => VMerge::Continue,
                        }
                    }
                    _ => {}
                })?,
                Ev::Start(Name::P, _) => paras.push(self.paragraph(nest + 1)?),
                Ev::Start(Name::Tbl, _) => {
                    let rows = self.table(nest + 1)?;
                    paras.extend(flatten(&rows));
                }
                Ev::Start(Name::Skip, _) => self.skip()?,
                Ev::Start(..) => depth += 1,
                Ev::End if depth == 0 => {
                    cell.text = paras.join("\n");
                    return Ok(cell);
                }
                Ev::End => depth -= 1,
                Ev::Eof => return Err(self.eof()),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}<w:sectPr/></w:body></w:document>"#
        )
    }

    fn paras(body: &str) -> Vec<String> {
        let (blocks, _) = read_body(&doc(body)).unwrap();
        blocks
            .into_iter()
            .filter_map(|b| match b {
                Block::Para { text, .. } => Some(text),
                Block::Table(_) => None,
            })
            .collect()
    }

    #[test]
    fn text_rules_follow_what_word_shows() {
        let p = paras(concat!(
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>"#,
            r#"<w:r><w:t>甲</w:t><w:tab/><w:t xml:space="preserve">乙 </w:t><w:br/><w:t>丙&amp;&#x4E01;</w:t></w:r>"#,
            r#"<w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del><w:ins><w:r><w:t>插入的</w:t></w:r></w:ins>"#,
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>"#,
            r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
            r#"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"#,
            r#"<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#,
            r#"</w:p><w:p/>"#
        ));
        assert_eq!(p, vec!["甲\t乙 \n丙&丁插入的7\n框".to_string(), String::new()]);
    }

    #[test]
    fn merge_marks_spans_and_lines_are_read() {
        let (blocks, lines) = read_body(&doc(concat!(
            r#"<w:p><w:r><w:t>附件</w:t></w:r></w:p>"#,
            r#"<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid>"#,
            r#"<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr>"#,
            r#"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>y</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr>"#,
            r#"<w:tr><w:trPr><w:del w:id="1" w:author="a" w:date="2020-01-01T00:00:00Z"/></w:trPr><w:tc><w:p/></w:tc></w:tr>"#,
            r#"</w:tbl><w:p/>"#
        )))
        .unwrap();
        assert_eq!(lines, 5);
        let Block::Table(rows) = &blocks[1] else { panic!("{blocks:?}") };
        assert_eq!(rows.len(), 2, "the deleted row is dropped");
        assert_eq!((rows[0].line, rows[0].grid_before), (2, 1));
        let c = &rows[0].cells[0];
        assert_eq!((c.text.as_str(), c.span, c.vmerge), ("a\nb", 2, VMerge::Restart));
        assert_eq!(rows[1].cells[0].vmerge, VMerge::Continue);
        assert_eq!(rows[1].cells[1].text, "x y\n");
        assert!(matches!(blocks[2], Block::Para { line: 5, .. }));
    }

    #[test]
    fn malformed_xml_says_where() {
        let e = read_body(&doc(r#"<w:p/><w:tbl><w:tr><w:tc><w:p></w:tc></w:tr></w:tbl>"#)).unwrap_err();
        assert_eq!(e.table, Some((1, 1)), "{e:?}");
        assert_eq!(e.line, 2);
        assert!(e.message.contains("XML"), "{e:?}");
        let e = read_body(&doc("<w:p><w:r><w:t>截断").replace("<w:sectPr/></w:body></w:document>", ""))
            .unwrap_err();
        assert!(e.message.contains("意外结束"), "{e:?}");
        let deep = "<w:tbl><w:tr><w:tc>".repeat(100);
        let e = read_body(&doc(&deep)).unwrap_err();
        assert!(e.message.contains("嵌套"), "{e:?}");
        let many = format!("<w:tbl>{}</w:tbl>", "<w:tr/>".repeat(MAX_PARTS + 1));
        let e = read_body(&doc(&many)).unwrap_err();
        assert!(e.message.contains("200 万"), "{e:?}");
    }
}
