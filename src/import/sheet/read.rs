//! Opening a workbook from bytes with calamine and reading one sheet as its non-empty cells plus merged
//! regions, refusing damaged, encrypted and oversized files with a message that says what is wrong.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::PathBuf;

use calamine::{Data, Dimensions, Ods, Reader, SheetType, Xls, Xlsx};

use super::ods::{self, OdsSheet};
use super::{column_letters, MAX_COLS, MAX_ROWS};
use crate::error::{Error, Result};
use crate::import::FileKind;

/// A package whose parts unpack to more than this is not an annex table (a real one is a few MB at most).
const MAX_UNPACKED_BYTES: u128 = 300 * 1024 * 1024;

/// One sheet: its non-empty cells at their 0-based (row, column), in no particular order, and merged regions.
pub(crate) struct SheetData {
    pub cells: Vec<(u32, u32, Data)>,
    pub merges: Vec<Dimensions>,
}

pub(crate) enum Book<'a> {
    Xlsx(Xlsx<Cursor<&'a [u8]>>),
    Xls(Xls<Cursor<&'a [u8]>>),
    Ods(Ods<Cursor<&'a [u8]>>, BTreeMap<String, OdsSheet>),
}

fn file_error(source: &str, message: String) -> Error {
    Error::File { path: PathBuf::from(source), message }
}

fn is_encrypted_ole(bytes: &[u8]) -> bool {
    // Excel saves a workbook with an open password as an OLE file holding an `EncryptedPackage` stream.
    crate::import::detect::ole_has_stream(bytes, "EncryptedPackage")
}

fn password_error(source: &str) -> Error {
    file_error(
        source,
        "工作簿设置了打开密码（已加密），分工无法读取，未导入任何内容。请在 Excel 或 WPS 中输入密码打开，\
         取消密码后另存一份再导入。"
            .to_string(),
    )
}

fn damaged(source: &str, kind: FileKind, detail: impl std::fmt::Display) -> Error {
    file_error(
        source,
        format!(
            "无法打开这份 {}：文件已损坏或不完整（可能下载、拷贝时被截断），未导入任何内容。\
             请向发文单位重新索取，或在 Excel/WPS 中打开后另存再导入。（技术信息：{detail}）",
            kind.label()
        ),
    )
}

fn too_big(source: &str, sheet: &str, what: String) -> Error {
    file_error(
        source,
        format!(
            "工作表“{sheet}”{what}，超出导入上限（{MAX_ROWS} 行、{MAX_COLS} 列），不像一份分工表，未导入任何内容。\
             请删去表格以外的内容，或只把分工表复制到新工作簿后再导入。"
        ),
    )
}

/// Refuses a cell beyond the limits, naming where it is.
fn check_place(source: &str, sheet: &str, row: u64, col: u64) -> Result<()> {
    if row >= MAX_ROWS as u64 {
        return Err(too_big(source, sheet, format!("第 {} 行还有内容", row + 1)));
    }
    if col >= MAX_COLS as u64 {
        return Err(too_big(
            source,
            sheet,
            format!("第 {} 列（{} 列）还有内容", col + 1, column_letters(col as u32)),
        ));
    }
    Ok(())
}

impl<'a> Book<'a> {
    pub fn open(bytes: &'a [u8], source: &str, kind: FileKind) -> Result<Book<'a>> {
        if is_encrypted_ole(bytes) {
            return Err(password_error(source));
        }
        if matches!(kind, FileKind::Xlsx | FileKind::Ods) {
            let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(source, kind, e))?;
            // Sizes as the central directory declares them (the zip reader stops at the declared size).
            let mut unpacked = 0u128;
            for i in 0..zip.len() {
                unpacked += zip.by_index_raw(i).map_err(|e| damaged(source, kind, e))?.size() as u128;
            }
            if unpacked > MAX_UNPACKED_BYTES {
                return Err(file_error(
                    source,
                    format!(
                        "这份 {}解压后超过 {} MB，不像一份分工表（可能已损坏或是特意构造的文件），未导入任何内容。",
                        kind.label(),
                        MAX_UNPACKED_BYTES / 1024 / 1024
                    ),
                ));
            }
        }
        let cursor = Cursor::new(bytes);
        let book = match kind {
            FileKind::Xlsx => Book::Xlsx(Xlsx::new(cursor).map_err(|e| match e {
                calamine::XlsxError::Password => password_error(source),
                e => damaged(source, kind, e),
            })?),
            FileKind::Xls => Book::Xls({
                // calamine trusts the compound-file header and tables; a damaged one can abort the program.
                crate::import::cfb::check(bytes, source)?;
                Xls::new(cursor).map_err(|e| match e {
                    calamine::XlsError::Password => password_error(source),
                    e => damaged(source, kind, e),
                })?
            }),
            FileKind::Ods => {
                // Scanned first: calamine expands repeated rows while opening.
                let scan = ods::scan(bytes).map_err(|e| damaged(source, kind, e))?;
                for (name, s) in &scan {
                    if let Some((r, c)) = s.last_content {
                        check_place(source, name, r, 0)?;
                        check_place(source, name, 0, c)?;
                    }
                }
                Book::Ods(
                    Ods::new(cursor).map_err(|e| match e {
                        calamine::OdsError::Password => password_error(source),
                        e => damaged(source, kind, e),
                    })?,
                    scan,
                )
            }
            other => return Err(file_error(source, format!("这是{}，不是电子表格", other.label()))),
        };
        Ok(book)
    }

    /// Names of the worksheets (not chart or macro sheets), in workbook order.
    pub fn sheet_names(&self) -> Vec<String> {
        let meta = match self {
            Book::Xlsx(b) => b.sheets_metadata(),
            Book::Xls(b) => b.sheets_metadata(),
            Book::Ods(b, _) => b.sheets_metadata(),
        };
        meta.iter().filter(|s| s.typ == SheetType::WorkSheet).map(|s| s.name.clone()).collect()
    }

    /// The non-empty cells and merged regions of one sheet.
    pub fn read(&mut self, name: &str, source: &str) -> Result<SheetData> {
        let bad = |e: &dyn std::fmt::Display| {
            file_error(
                source,
                format!("工作表“{name}”无法读取，文件可能已损坏，未导入任何内容。（技术信息：{e}）"),
            )
        };
        let mut cells = Vec::new();
        let merges = match self {
            Book::Xlsx(b) => {
                // Streamed cell by cell so an oversized sheet is refused before it is held in memory.
                {
                    let mut reader = b.worksheet_cells_reader(name).map_err(|e| bad(&e))?;
                    while let Some(cell) = reader.next_cell().map_err(|e| bad(&e))? {
                        let (r, c) = cell.get_position();
                        let value: Data = cell.get_value().clone().into();
                        if is_blank(&value) {
                            continue;
                        }
                        check_place(source, name, r.into(), c.into())?;
                        cells.push((r, c, value));
                    }
                }
                b.merge_cells_by_sheet_name(name).map_err(|e| bad(&e))?
            }
            Book::Xls(b) => {
                let range = b.worksheet_range(name).map_err(|e| bad(&e))?;
                collect(&range, &mut cells, source, name)?;
                b.merge_cells_by_sheet_name(name).map_err(|e| bad(&e))?
            }
            Book::Ods(b, scan) => {
                let range = b.worksheet_range(name).map_err(|e| bad(&e))?;
                collect(&range, &mut cells, source, name)?;
                scan.get(name).map(|s| s.merges.clone()).unwrap_or_default()
            }
        };
        Ok(SheetData { cells, merges })
    }
}

fn is_blank(d: &Data) -> bool {
    match d {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn collect(
    range: &calamine::Range<Data>,
    out: &mut Vec<(u32, u32, Data)>,
    source: &str,
    sheet: &str,
) -> Result<()> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (r, c, v) in range.used_cells() {
        if is_blank(v) {
            continue;
        }
        let (r, c) = (r0 + r as u32, c0 + c as u32);
        check_place(source, sheet, r.into(), c.into())?;
        out.push((r, c, v.clone()));
    }
    Ok(())
}
