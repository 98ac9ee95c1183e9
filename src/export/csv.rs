//! CSV export: UTF-8 with a BOM and CRLF line ends, so Excel on Chinese Windows reads it as UTF-8 (without the
//! BOM it assumes GBK and shows mojibake). Written with the `csv` crate, which quotes cells holding commas,
//! quotes or line breaks. Cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first)
//! get a leading `'` (formula injection: the crate does not guard against it); the guard is shared with the
//! import, which takes it back ([`crate::formats`]).
//!
//! The header row holds the column labels; a group heading is one row with its text in the first cell.

use crate::error::{Error, Result};

use super::{ExportRow, ExportTable};

const BOM: &[u8] = "\u{feff}".as_bytes();

use crate::formats::guard_formula;

pub fn write(table: &ExportTable) -> Result<Vec<u8>> {
    let mut out = BOM.to_vec();
    {
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .flexible(false)
            .from_writer(&mut out);
        let n = table.columns.len().max(1);
        let err = |e: ::csv::Error| Error::invalid(format!("生成 CSV 出错：{e}"));
        let header: Vec<String> = table.columns.iter().map(|c| guard_formula(&c.label)).collect();
        if !header.is_empty() {
            w.write_record(&header).map_err(err)?;
        }
        for row in &table.rows {
            let cells: Vec<String> = match row {
                ExportRow::Heading(text) => {
                    let mut v = vec![String::new(); n];
                    v[0] = guard_formula(text);
                    v
                }
                ExportRow::Item(cells) => cells.iter().map(|c| guard_formula(c)).collect(),
            };
            w.write_record(&cells).map_err(err)?;
        }
        w.flush().map_err(|e| Error::invalid(format!("生成 CSV 出错：{e}")))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_prefixed() {
        assert_eq!(guard_formula("=1+1"), "'=1+1");
        assert_eq!(guard_formula("+86"), "'+86");
        assert_eq!(guard_formula("-x"), "'-x");
        assert_eq!(guard_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(guard_formula("\tx"), "'\tx");
        assert_eq!(guard_formula("1-1"), "1-1");
        assert_eq!(guard_formula("省税务局"), "省税务局");
    }
}
