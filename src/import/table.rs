//! Splitting the text into tab-separated records with line numbers.
//!
//! Word/Excel/WPS copy a table as TSV: cells separated by tabs, rows by line ends, and a cell that contains
//! a line break (or a quote) wrapped in `"…"` with `""` for a quote. The `csv` crate reads exactly that
//! (flexible: rows may have any number of cells). What it cannot know is when a `"` was never meant as
//! quoting — `"放管服"改革` typed at the start of a cell, or a quote that is never closed and would swallow
//! the rest of the file. So every record that contains a `"` is checked against the strict quoting rules,
//! and when it breaks them its lines are read again with quoting off: the text is kept exactly as typed.

use super::report::ReportLine;
use super::MAX_IMPORT_COLUMNS;

/// One record (table row or a line of text) with where it came from.
#[derive(Debug, Clone)]
pub struct RawRecord {
    /// 1-based line where the record starts.
    pub line: usize,
    /// 1-based line of the start of each cell.
    pub cell_lines: Vec<usize>,
    pub cells: Vec<String>,
}

impl RawRecord {
    /// Cells with text, after trimming.
    pub fn non_empty(&self) -> usize {
        self.cells.iter().filter(|c| !c.trim().is_empty()).count()
    }
    /// The record as one line of text (for the report).
    pub fn text(&self) -> String {
        let mut cells: Vec<&str> = self.cells.iter().map(|c| c.trim()).collect();
        while cells.last().is_some_and(|c| c.is_empty()) {
            cells.pop();
        }
        cells.join("\t")
    }
}

/// Splits `text` (LF line ends) into tab-separated records. Blank lines produce no record.
#[cfg(test)]
pub fn records(text: &str, warnings: &mut Vec<ReportLine>) -> Vec<RawRecord> {
    records_with(text, b'\t', warnings).expect("narrow records")
}

/// Why a text is refused before any of its records is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Oversize {
    /// The record starting on this line has more than [`MAX_IMPORT_COLUMNS`] cells.
    Columns { line: usize },
    /// The text has more than [`crate::rules::MAX_IMPORT_CELLS`] cells in all; the record on this line
    /// passes the limit. (A dense file under the size cap — 200 columns by 50,000 rows — would otherwise
    /// take gigabytes as records before anything could refuse it.)
    Cells { line: usize },
}

/// Like [`records`] with another cell separator (`,` for CSV files); refused before any record is built
/// when a record is too wide or the whole text has too many cells.
pub fn records_with(
    text: &str,
    delimiter: u8,
    warnings: &mut Vec<ReportLine>,
) -> Result<Vec<RawRecord>, Oversize> {
    let mut out = Vec::new();
    read_span(text, 1, delimiter, true, &mut out, warnings)?;
    Ok(out)
}

/// The line of the first record of `text` with more than [`MAX_IMPORT_COLUMNS`] cells, read with the same
/// rules as the csv reader below (csv_core is its engine) but counting cells without keeping them: a record
/// of three million empty cells would otherwise cost some 700 bytes a cell before it could be refused.
fn too_wide(text: &str, first_line: usize, delimiter: u8, quoting: bool) -> Option<Oversize> {
    use csv_core::ReadFieldResult as R;
    let mut rdr =
        csv_core::ReaderBuilder::new().delimiter(delimiter).quoting(quoting).double_quote(true).build();
    let bytes = text.as_bytes();
    let mut out = [0u8; 4096];
    let (mut at, mut fields, mut record_start, mut total) = (0usize, 0usize, 0usize, 0usize);
    let line_of = |record_start: usize| {
        let head = &bytes[..record_start];
        let lead = bytes[record_start..].iter().take_while(|&&b| b == b'\n').count();
        first_line + head.iter().filter(|&&b| b == b'\n').count() + lead
    };
    loop {
        let (res, nin, _) = rdr.read_field(&bytes[at..], &mut out);
        at += nin;
        match res {
            R::InputEmpty | R::OutputFull => {}
            R::Field { record_end } => {
                fields += 1;
                total += 1;
                if fields > MAX_IMPORT_COLUMNS {
                    return Some(Oversize::Columns { line: line_of(record_start) });
                }
                if total > crate::rules::MAX_IMPORT_CELLS {
                    return Some(Oversize::Cells { line: line_of(record_start) });
                }
                if record_end {
                    fields = 0;
                    record_start = at;
                }
            }
            R::End => return None,
        }
    }
}

fn newlines(s: &str) -> usize {
    s.bytes().filter(|&b| b == b'\n').count()
}

fn make_record(line: usize, rec: &csv::StringRecord) -> RawRecord {
    let mut cells = Vec::with_capacity(rec.len());
    let mut cell_lines = Vec::with_capacity(rec.len());
    let mut l = line;
    for field in rec.iter() {
        cell_lines.push(l);
        l += newlines(field);
        cells.push(field.to_string());
    }
    RawRecord { line, cell_lines, cells }
}

fn read_span(
    text: &str,
    first_line: usize,
    delimiter: u8,
    quoting: bool,
    out: &mut Vec<RawRecord>,
    warnings: &mut Vec<ReportLine>,
) -> Result<(), Oversize> {
    if let Some(o) = too_wide(text, first_line, delimiter, quoting) {
        return Err(o);
    }
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .quoting(quoting)
        .double_quote(true)
        .from_reader(text.as_bytes());
    let mut rec = csv::StringRecord::new();
    let mut line = first_line;
    let mut start = 0usize;
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                // Cannot happen on valid UTF-8 split at ASCII bytes; reported rather than hidden.
                warnings.push(ReportLine::at(line, format!("读取表格时出错（{e}），其后的内容未能读取")));
                break;
            }
        }
        let end = (rdr.position().byte() as usize).min(text.len());
        let raw = &text[start..end];
        let lead = raw.bytes().take_while(|&b| b == b'\n').count();
        let rec_line = line + lead;
        let body = &raw[lead..];
        if quoting && body.contains('"') {
            match check_quotes(body.as_bytes(), delimiter) {
                Ok(()) => out.push(make_record(rec_line, &rec)),
                Err(Problem::Unterminated { from }) => {
                    let swallowed = &body[from..];
                    if swallowed.contains('\n') && !swallowed.trim_end().contains(delimiter as char) {
                        // A multi-line cell whose closing quote was lost at the end of the file: keep it whole.
                        out.push(make_record(rec_line, &rec));
                        warnings.push(ReportLine::at(
                            rec_line,
                            "这一格以引号开头但引号没有结束，从这里到文件末尾的文字都放进了这一格，请核对",
                        ));
                    } else {
                        read_span(body, rec_line, delimiter, false, out, warnings)?;
                    }
                }
                Err(Problem::Stray) => read_span(body, rec_line, delimiter, false, out, warnings)?,
            }
        } else {
            out.push(make_record(rec_line, &rec));
        }
        line += newlines(raw);
        start = end;
    }
    Ok(())
}

#[derive(Debug, PartialEq)]
enum Problem {
    /// A quoted cell starting at this byte never ends.
    Unterminated { from: usize },
    /// A closing quote followed by more text in the same cell.
    Stray,
}

/// Checks one record against strict TSV/CSV quoting: a cell is either unquoted (quotes inside are literal) or
/// starts with `"`, doubles inner quotes, and ends with `"` right before the separator or the line end.
fn check_quotes(raw: &[u8], delimiter: u8) -> Result<(), Problem> {
    let n = raw.len();
    let mut i = 0;
    loop {
        if i < n && raw[i] == b'"' {
            let from = i;
            i += 1;
            loop {
                if i >= n {
                    return Err(Problem::Unterminated { from });
                }
                if raw[i] == b'"' {
                    if i + 1 < n && raw[i + 1] == b'"' {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
            if i >= n {
                return Ok(());
            }
            match raw[i] {
                b'\n' => return Ok(()),
                d if d == delimiter => i += 1,
                _ => return Err(Problem::Stray),
            }
        } else {
            while i < n && raw[i] != delimiter && raw[i] != b'\n' {
                i += 1;
            }
            if i >= n || raw[i] == b'\n' {
                return Ok(());
            }
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recs(t: &str) -> (Vec<RawRecord>, Vec<ReportLine>) {
        let mut w = Vec::new();
        let r = records(t, &mut w);
        (r, w)
    }

    #[test]
    fn line_numbers_skip_blank_lines_and_count_multiline_cells() {
        let (r, w) = recs("\n\na\n\nb\t\"x\ny\"\tz\nc\n");
        assert!(w.is_empty());
        assert_eq!(r.iter().map(|r| r.line).collect::<Vec<_>>(), vec![3, 5, 7]);
        assert_eq!(r[1].cells, vec!["b", "x\ny", "z"]);
        assert_eq!(r[1].cell_lines, vec![5, 5, 6]);
    }

    #[test]
    fn doubled_quotes_are_unescaped() {
        let (r, _) = recs("1\t\"他说\"\"好\"\"\n第二段\"\tq\n");
        assert_eq!(r[0].cells[1], "他说\"好\"\n第二段");
    }

    #[test]
    fn stray_quote_is_kept_literally() {
        let (r, w) = recs("1\t\"放管服\"改革\tx\n2\ty\tz\n");
        assert!(w.is_empty());
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].cells, vec!["1", "\"放管服\"改革", "x"]);
        assert_eq!(r[1].line, 2);
    }

    #[test]
    fn stray_opening_quote_does_not_swallow_rows() {
        let (r, _) = recs("1\t\"开头\tx\n2\ty\tz\n3\t\"a\"b\tc\n4\td\te\n");
        assert_eq!(r.iter().map(|r| r.line).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
        assert_eq!(r[0].cells[1], "\"开头");
        assert_eq!(r[2].cells[1], "\"a\"b");
        assert_eq!(r[3].cells, vec!["4", "d", "e"]);
    }

    #[test]
    fn unterminated_quote_at_eof_keeps_text() {
        let (r, w) = recs("1\tt\t\"第一段\n第二段\n");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].cells[2].trim_end(), "第一段\n第二段");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, Some(1));
        // With tabs in the swallowed part the lines are read as rows instead.
        let (r, _) = recs("1\tt\t\"第一段\n2\tu\tv\n");
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].cells[2], "\"第一段");
        assert_eq!(r[1].line, 2);
    }
}
