//! What the files we write promise the files we read: the contracts an exporter and the importer both honour,
//! kept here so that neither side reads the other (`import` never depends on `export`, nor the reverse).
//! An exported file must import back unchanged; a change to one of these is a change to both sides.
//!
//! - Excel: the second sheet of our workbook, one row per assignment ([`DETAIL_SHEET`], [`DETAIL_HEADER`]);
//!   the import recognises it and does not take it for the annex table or report it as left out.
//! - CSV: the guard against formula injection ([`guard_formula`]) and the import taking it back
//!   ([`unguard_formula`]).

/// Name of the second sheet of an Excel export, one row per assignment.
pub const DETAIL_SHEET: &str = "分工明细";
/// Its header row: how the import knows the sheet is ours.
pub const DETAIL_HEADER: [&str; 4] = ["序号", "事项", "单位", "角色"];

/// First characters that make a spreadsheet run a cell as a formula (or, tab and CR, alter how it reads).
pub const FORMULA_LEADS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The cell as a CSV export writes it: a leading `'` when a spreadsheet would read it as a formula (the csv
/// crate does not guard against formula injection).
pub fn guard_formula(cell: &str) -> String {
    if cell.starts_with(FORMULA_LEADS) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Takes back the `'` that [`guard_formula`] put before a cell, so an exported CSV imports back unchanged;
/// any other cell is left as it is.
pub fn unguard_formula(cell: &mut String) {
    if cell.strip_prefix('\'').is_some_and(|rest| rest.starts_with(FORMULA_LEADS)) {
        cell.remove(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_prefixed_and_taken_back() {
        for (cell, written) in [
            ("=1+1", "'=1+1"),
            ("+86", "'+86"),
            ("-x", "'-x"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("1-1", "1-1"),
            ("省税务局", "省税务局"),
            ("'引号开头", "'引号开头"),
            ("", ""),
        ] {
            assert_eq!(guard_formula(cell), written);
            let mut back = written.to_string();
            unguard_formula(&mut back);
            assert_eq!(back, cell);
        }
    }
}
