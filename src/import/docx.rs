//! Word (.docx) import: the annex table of a Word document read like pasted text, with the same rules and
//! report ([`super::records::parse_records`]).
//!
//! `word/document.xml` is taken from the zip (its decompressed size capped against zip bombs) and its body
//! read in order ([`body`]). The annex table is the first table with a header row among its first rows
//! (else the first with a header row anywhere); its cells are laid on the table grid with merged cells
//! expanded ([`grid`]). The paragraphs above it become one-cell records, so the 附件 label, 发文字号 and
//! title are found as in text; a following table with the same columns (the table broken by a page or
//! section break) is read on; anything after is counted in a warning. Line numbers count body paragraphs
//! and table rows in order.

pub(super) mod body;
pub(super) mod grid;

use std::io::{Cursor, Read};
use std::path::PathBuf;

pub(super) use body::Block;

use super::records::{
    combine_header_rows, flat, is_continued_mark, is_header, parse_records, same_cells, unknown_header,
};
use super::report::ReportLine;
use super::{front, ImportReport, ParsedAnnex, RawRecord, UnplacedLine};
use crate::error::{Error, Result};

/// Largest `word/document.xml` read, decompressed: a 2,000-item annex is about 10 MB, so more is a damaged
/// file or a zip bomb.
const MAX_XML_BYTES: u64 = 200 * 1024 * 1024;
/// The header row of the annex table is looked for in this many first rows before later rows are tried
/// (a table may carry the title in its first rows).
const HEAD_ROWS: usize = 5;

pub const FORMAT: &str = "Word 文档（.docx），行号按正文段落和表格行依次计数";

const NO_HEADER: &str =
    "没有找到表头行（例如“序号、事项、主要内容、牵头单位”）。请确认分工表的第一行是列名。";

fn file_err(source: &str, message: impl Into<String>) -> Error {
    Error::File { path: PathBuf::from(source), message: message.into() }
}

/// How a document of paragraphs and tables names itself in the report and in its errors: Word here, a web
/// page in [`super::web`], which reads the same blocks out of HTML.
pub(super) struct Origin {
    /// The report's format line for an annex table.
    pub format: &'static str,
    /// The same for a plan in running text (the prose reader's own description is appended).
    pub prose_format: &'static str,
    /// The refusal when there is no table and no plan in the text.
    pub no_table: &'static str,
}

const WORD: Origin = Origin {
    format: FORMAT,
    prose_format: "Word 文档（.docx）",
    no_table: "文档中没有表格。分工表应是 Word 表格（第一行是“序号、事项、主要内容、牵头单位”等列名）；\
               如果表格是图片或文本框，请在 Word 中改成表格后再导入。未导入任何内容。",
};

/// Parses the annex table of a Word document.
pub(crate) fn parse(bytes: &[u8], source: &str) -> Result<ParsedAnnex> {
    let xml = document_xml(bytes, source, MAX_XML_BYTES)?;
    let (blocks, lines) = body::read_body(&xml).map_err(|e| body_error(e, source))?;
    drop(xml);
    parse_blocks(&blocks, lines, source, &WORD)
}

/// The annex in a document's blocks (paragraphs and tables, numbered as lines in order): its annex table,
/// else a plan in running text.
pub(super) fn parse_blocks(
    blocks: &[Block],
    lines: usize,
    source: &str,
    origin: &Origin,
) -> Result<ParsedAnnex> {
    let tables = blocks.iter().filter(|b| matches!(b, Block::Table(_))).count();
    // No annex table: the document may be a 分工方案 written as paragraphs.
    let as_prose = |blocks: &[Block]| {
        super::prose::read(&paragraphs_as_text(blocks)).map(|p| {
            let mut report = ImportReport::new(source, "");
            report.format = format!("{}，{}，行号按段落计数", origin.prose_format, super::prose::FORMAT);
            report.lines = lines;
            // Rows of tables that are not an annex table are text like any other: in the report.
            for rows in
                blocks.iter().filter_map(|b| if let Block::Table(rows) = b { Some(rows) } else { None })
            {
                for r in rows {
                    let text =
                        r.cells.iter().map(|c| c.text.trim()).filter(|t| !t.is_empty()).collect::<Vec<_>>();
                    if !text.is_empty() {
                        report.unplaced.push(UnplacedLine {
                            line: r.line,
                            text: text.join("\t"),
                            reason: "文档中的表格（没有表头，不是分工表）".to_string(),
                        });
                    }
                }
            }
            super::prose::annex(p, report)
        })
    };
    if tables == 0 {
        if let Some(annex) = as_prose(blocks) {
            return annex;
        }
        return Err(file_err(source, origin.no_table));
    }
    for b in blocks {
        if let Block::Table(rows) = b {
            let w = grid::width(rows);
            if w > grid::MAX_COLUMNS || rows.len().saturating_mul(w) > grid::MAX_GRID_CELLS {
                return Err(Error::AtLine {
                    path: PathBuf::from(source),
                    line: rows[0].line,
                    message: format!(
                        "从这一行起的表格有 {} 行、{w} 列，超出能读取的大小（最多 {} 列、{} 万格），文件可能已损坏，未导入任何内容。",
                        rows.len(),
                        grid::MAX_COLUMNS,
                        grid::MAX_GRID_CELLS / 10_000
                    ),
                });
            }
        }
    }
    let annex = match choose_table(blocks) {
        Some(c) => c,
        None => {
            if let Some(annex) = as_prose(blocks) {
                return annex;
            }
            // A table whose labels the importer does not know: shown for the user to name its columns.
            match choose_unknown(blocks) {
                Some(c) => c,
                None => {
                    let which = if tables == 1 {
                        "文档中的表格".to_string()
                    } else {
                        format!("文档中有 {tables} 个表格，但都")
                    };
                    return Err(file_err(
                        source,
                        format!(
                            "{which}没有找到表头行（例如“序号、事项、主要内容、牵头单位”）。请确认分工表的第一行是列名。未导入任何内容。"
                        ),
                    ));
                }
            }
        }
    };
    let Chosen { at, records: mut table, merges, header } = annex;
    let mut warnings = Vec::new();
    let two_level = two_level_header(&table, header, &merges);
    if let Some(t) = &two_level {
        combine_pairs(&mut table, t);
        warnings.push(ReportLine::at(
            t.upper_line,
            format!(
                "表头占两行（第 {}、{} 行，上下合并的单元格），已合为一行：{}",
                t.upper_line,
                t.lower_line,
                t.combined.iter().filter(|c| !c.is_empty()).cloned().collect::<Vec<_>>().join("、")
            ),
        ));
    }
    let width = table.first().map_or(0, |r| r.cells.len());
    let header_cells: Vec<String> = table[header].cells.iter().map(|c| flat(c)).collect();
    let header_line = table[header].line;
    let mut merges = merges;

    // Above the table: paragraphs as one-cell records (label, 发文字号, title); rows of earlier tables are
    // reported, not passed on (they would read as more title lines).
    let mut records: Vec<RawRecord> = Vec::new();
    let mut unplaced = Vec::new();
    // A whole notice with the annex at its end: the front matter starts at the last 附件 label above the
    // table; of the notice's text before it only a 发文字号 line is kept, the rest counted in one warning.
    let label_at = blocks[..at]
        .iter()
        .rposition(|b| matches!(b, Block::Para { text, .. } if front::label_line(text).is_some()))
        .unwrap_or(0);
    let mut skipped: Vec<(usize, &str)> = Vec::new();
    for (i, b) in blocks[..at].iter().enumerate() {
        match b {
            Block::Para { line, text } if i < label_at => {
                if text.trim().is_empty() {
                    continue;
                }
                if records.is_empty() && front::doc_number(text).is_some() {
                    push_text(&mut records, *line, text.clone());
                } else {
                    skipped.push((*line, text.trim()));
                    unplaced.push(UnplacedLine {
                        line: *line,
                        text: text.trim().to_string(),
                        reason: "“附件”标注之前的文字（通知正文等）".to_string(),
                    });
                }
            }
            // `表1 任务分工` just above the table names the table; it is not part of the title.
            Block::Para { line, text } if i + 1 == at && is_caption(text) => unplaced.push(UnplacedLine {
                line: *line,
                text: text.trim().to_string(),
                reason: "表格的表号和表题".to_string(),
            }),
            Block::Para { line, text } => push_text(&mut records, *line, text.clone()),
            Block::Table(rows) => {
                for r in rows {
                    let text = r
                        .cells
                        .iter()
                        .map(|c| c.text.trim())
                        .filter(|t| !t.is_empty())
                        .collect::<Vec<_>>()
                        .join("\t");
                    if !text.is_empty() {
                        unplaced.push(UnplacedLine {
                            line: r.line,
                            text,
                            reason: "分工表之前另一个表格中的一行（没有分工表的表头）".to_string(),
                        });
                    }
                }
            }
        }
    }
    if let Some((line, first)) = skipped.first() {
        warnings.push(ReportLine::at(
            *line,
            format!(
                "“附件”标注之前还有 {} 段文字（通知正文等），未导入（第一段：“{}”）",
                skipped.len(),
                excerpt(first)
            ),
        ));
    }
    records.extend(table);

    // A table broken in two: the next table (only empty paragraphs or a “续表” mark between) with the same
    // columns, starting with the same header row or with no header row.
    let mut end = at + 1;
    let mut between: Vec<RawRecord> = Vec::new();
    for (i, b) in blocks.iter().enumerate().skip(at + 1) {
        match b {
            Block::Para { text, .. } if text.trim().is_empty() => {}
            Block::Para { line, text } if is_continued_mark(text) => {
                push_text(&mut between, *line, text.clone())
            }
            Block::Table(rows) => {
                let (mut recs, m) = grid::records(rows);
                if let Some(t) = &two_level {
                    combine_pairs(&mut recs, t);
                }
                let first = recs.iter().find(|r| r.non_empty() > 0);
                let repeats_header = first.is_some_and(|r| same_cells(&r.cells, &header_cells));
                let no_header = !recs.iter().take(HEAD_ROWS).any(is_header);
                let same_width = recs.first().map(|r| r.cells.len()) == Some(width);
                if !(repeats_header || (same_width && no_header)) {
                    break;
                }
                if let Some(r) = first {
                    warnings.push(ReportLine::at(
                        r.line,
                        "这里起是另一个表格，与分工表列相同（原表被分页或分节断开），已接在分工表后面读入",
                    ));
                }
                records.append(&mut between);
                records.extend(recs);
                merges.extend(m);
                end = i + 1;
            }
            _ => break,
        }
    }

    for m in merges.iter().filter(|m| m.first > header_line) {
        let label = header_cells
            .get(m.col)
            .filter(|l| !l.is_empty())
            .cloned()
            .unwrap_or_else(|| format!("第{}列", m.col + 1));
        warnings.push(ReportLine::at(
            m.first,
            format!("“{label}”一列第 {}—{} 行是上下合并的单元格，已把其中的文字填入每一行", m.first, m.last),
        ));
    }
    warnings.extend(after_table(&blocks[end..]));
    unplaced.extend(after_table_lines(&blocks[end..]));

    let mut report = ImportReport::new(source, "");
    report.format = origin.format.to_string();
    report.lines = lines;
    report.warnings = warnings;
    report.unplaced = unplaced;
    parse_records(&records, report, NO_HEADER)
}

/// The document's paragraphs as text whose line N is the block on line N (tables' lines left empty), so the
/// prose reader's line numbers are the report's. A manual line break inside a paragraph becomes a space.
fn paragraphs_as_text(blocks: &[Block]) -> String {
    let mut text = String::new();
    let mut at = 1;
    for b in blocks {
        if let Block::Para { line, text: t } = b {
            while at < *line {
                text.push('\n');
                at += 1;
            }
            text.push_str(&t.replace(['\n', '\x0b'], " "));
        }
    }
    text
}

/// The annex table: block index, its records on the grid, its copied merges, and its header row.
struct Chosen {
    at: usize,
    records: Vec<RawRecord>,
    merges: Vec<grid::Merge>,
    header: usize,
}

fn choose_table(blocks: &[Block]) -> Option<Chosen> {
    let mut later: Option<Chosen> = None;
    for (at, b) in blocks.iter().enumerate() {
        let Block::Table(rows) = b else { continue };
        let (records, merges) = grid::records(rows);
        if let Some(header) = records.iter().position(is_header) {
            let c = Chosen { at, records, merges, header };
            if header < HEAD_ROWS {
                return Some(c);
            }
            later.get_or_insert(c);
        }
    }
    later
}

/// The first table with a header of labels the importer knows none of ([`unknown_header`]).
fn choose_unknown(blocks: &[Block]) -> Option<Chosen> {
    blocks.iter().enumerate().find_map(|(at, b)| {
        let Block::Table(rows) = b else { return None };
        let (records, merges) = grid::records(rows);
        let header = unknown_header(&records)?;
        Some(Chosen { at, records, merges, header })
    })
}

/// A header in two rows: labels of the upper row spanning several columns (责任单位 over 牵头单位 and
/// 配合单位), the other labels merged down through both rows.
struct TwoLevel {
    upper: Vec<String>,
    lower: Vec<String>,
    combined: Vec<String>,
    upper_line: usize,
    lower_line: usize,
}

/// The header row and the row below form one header when both read as headers and a cell of the upper is
/// merged down into the lower.
fn two_level_header(recs: &[RawRecord], header: usize, merges: &[grid::Merge]) -> Option<TwoLevel> {
    let upper = &recs[header];
    let lower = recs.get(header + 1).filter(|r| is_header(r))?;
    if !merges.iter().any(|m| m.first == upper.line && m.last >= lower.line) {
        return None;
    }
    let combined = combine_header_rows(&upper.cells, &lower.cells);
    Some(TwoLevel {
        upper: upper.cells.clone(),
        lower: lower.cells.clone(),
        combined,
        upper_line: upper.line,
        lower_line: lower.line,
    })
}

/// Replaces each pair of rows equal to the two header rows (the first, and any typed again where pages
/// break) by one row with the combined labels.
fn combine_pairs(recs: &mut Vec<RawRecord>, t: &TwoLevel) {
    let mut i = 0;
    while i + 1 < recs.len() {
        if same_cells(&recs[i].cells, &t.upper) && same_cells(&recs[i + 1].cells, &t.lower) {
            recs[i].cells = t.combined.clone();
            recs.remove(i + 1);
        }
        i += 1;
    }
}

/// One-cell record of a paragraph (empty paragraphs give none: they still count as lines).
fn push_text(out: &mut Vec<RawRecord>, line: usize, text: String) {
    if !text.trim().is_empty() {
        out.push(RawRecord { line, cell_lines: vec![line], cells: vec![text] });
    }
}

/// The start of a paragraph for a report line.
fn excerpt(text: &str) -> String {
    let mut e: String = text.replace('\n', " ").chars().take(30).collect();
    if text.chars().count() > 30 {
        e.push('…');
    }
    e
}

/// Warnings for what follows the annex table (signatures, notes, other tables): not imported, but counted.
fn after_table(rest: &[Block]) -> Vec<ReportLine> {
    let mut out = Vec::new();
    let paras: Vec<(usize, &str)> = rest
        .iter()
        .filter_map(|b| match b {
            Block::Para { line, text } if !text.trim().is_empty() => Some((*line, text.trim())),
            _ => None,
        })
        .collect();
    if let Some((line, first)) = paras.first() {
        out.push(ReportLine::at(
            *line,
            format!("表格之后还有 {} 段文字，未导入（第一段：“{}”）", paras.len(), excerpt(first)),
        ));
    }
    let tables: Vec<(usize, usize)> = rest
        .iter()
        .filter_map(|b| match b {
            Block::Table(rows) if !rows.is_empty() => Some((rows[0].line, rows.len())),
            _ => None,
        })
        .collect();
    if let Some((line, _)) = tables.first() {
        let rows: usize = tables.iter().map(|t| t.1).sum();
        out.push(ReportLine::at(
            *line,
            format!("分工表之后还有 {} 个表格（共 {rows} 行），与分工表列不同，未导入", tables.len()),
        ));
    }
    out
}

/// Every paragraph and table row after the annex table, for the report (the warnings above count them).
fn after_table_lines(rest: &[Block]) -> Vec<UnplacedLine> {
    let mut out = Vec::new();
    for b in rest {
        match b {
            Block::Para { line, text } if !text.trim().is_empty() => out.push(UnplacedLine {
                line: *line,
                text: text.trim().to_string(),
                reason: "分工表之后的文字（落款、说明、来源等）".to_string(),
            }),
            Block::Table(rows) => out.extend(rows.iter().filter_map(|r| {
                let text: Vec<&str> =
                    r.cells.iter().map(|c| c.text.trim()).filter(|t| !t.is_empty()).collect();
                (!text.is_empty()).then(|| UnplacedLine {
                    line: r.line,
                    text: text.join("\t"),
                    reason: "分工表之后另一个表格中的一行".to_string(),
                })
            })),
            _ => {}
        }
    }
    out
}

/// A table caption: `表1 …`, `表 2：…`, `表一 …`, `附表1 …`.
fn is_caption(text: &str) -> bool {
    let t = text.trim();
    let Some(rest) = t.strip_prefix("附表").or_else(|| t.strip_prefix('表')) else { return false };
    let rest = rest.trim_start();
    let num: String =
        rest.chars().take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c)).collect();
    !num.is_empty() && t.chars().count() <= 40
}

/// The text of `word/document.xml`, read through a size cap of `limit` bytes.
fn document_xml(bytes: &[u8], source: &str, limit: u64) -> Result<String> {
    let broken = |detail: String| {
        file_err(
            source,
            format!("文件不完整或已损坏（{detail}），未导入任何内容。请向发文单位重新索取文件。"),
        )
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| broken("压缩结构无法打开，可能下载或拷贝时被截断".to_string()))?;
    let mut part = match zip.by_name("word/document.xml") {
        Ok(p) => p,
        Err(zip::result::ZipError::FileNotFound) => {
            return Err(file_err(
                source,
                "压缩包里没有 Word 正文（word/document.xml），这不是 Word 文档或文件已损坏，未导入任何内容。",
            ))
        }
        Err(zip::result::ZipError::UnsupportedArchive(_) | zip::result::ZipError::CompressionMethodNotSupported(_)) => {
            return Err(file_err(
                source,
                "Word 正文（word/document.xml）用了不支持的压缩方式或已加密，未导入任何内容。请在 Word 中“另存为”普通 Word 文档后再导入。",
            ))
        }
        Err(_) => return Err(broken("Word 正文 word/document.xml 的压缩记录无法读取".to_string())),
    };
    // The declared size only sizes the buffer (it may lie); the cap is enforced on what is read.
    let mut buf = Vec::with_capacity(part.size().min(limit).min(64 << 20) as usize);
    (&mut part).take(limit + 1).read_to_end(&mut buf).map_err(|_| {
        broken("Word 正文 word/document.xml 的压缩数据已损坏，无法解压或校验不符".to_string())
    })?;
    if buf.len() as u64 > limit {
        return Err(file_err(
            source,
            format!(
                "Word 正文解压后超过 {} MB，远大于任何分工表，文件可能已损坏，未导入任何内容。",
                limit.div_ceil(1 << 20)
            ),
        ));
    }
    if buf.starts_with(&[0xFF, 0xFE]) || buf.starts_with(&[0xFE, 0xFF]) {
        // UTF-16 XML is allowed by OPC though Word never writes it.
        let (text, _, bad) = encoding_rs::UTF_16LE.decode(&buf);
        if !bad {
            return Ok(text.into_owned());
        }
    }
    let buf = if buf.starts_with(b"\xEF\xBB\xBF") { buf[3..].to_vec() } else { buf };
    String::from_utf8(buf).map_err(|e| {
        file_err(
            source,
            format!(
                "Word 正文（word/document.xml）第 {} 字节处不是有效的 UTF-8 文字，文件可能已损坏，未导入任何内容。",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

fn body_error(e: body::BodyError, source: &str) -> Error {
    let place = match e.table {
        Some((t, r)) => format!("第 {t} 个表格第 {r} 行，"),
        None => String::new(),
    };
    let message = format!(
        "Word 正文（word/document.xml）有误（{place}第 {} 字节处）：{}。文件可能已损坏，未导入任何内容。",
        e.offset, e.message
    );
    if e.line == 0 {
        file_err(source, message)
    } else {
        Error::AtLine { path: PathBuf::from(source), line: e.line, message }
    }
}

#[cfg(test)]
mod tests;
