//! The shell's own checks on what the page sends: the paths (only those the user chose in a dialog, of
//! the right kind, in a folder that exists). Every data rule — lengths, columns, body size, page numbers,
//! the size of pasted text — is the core's ([`fengong::rules`]), checked by the store on every write and by
//! the application layer ([`fengong::service`]); the shell has no copies of its own.

use std::path::{Path, PathBuf};

use fengong::export::ExportFormat;

use crate::error::{AppError, CmdResult};
use crate::files::{ChosenFiles, Purpose};

/// Where a PDF goes: a path the user chose in the save dialog, ending in .pdf, in a folder that exists.
pub fn output_pdf(files: &ChosenFiles, path: &str) -> CmdResult<PathBuf> {
    let p = files.check(Purpose::Write, path)?;
    if !p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
        return Err(AppError::invalid(format!("保存位置“{path}”不是PDF 文件（应以 .pdf 结尾）")));
    }
    output_file(p, path)
}

/// Where a Word, Excel, CSV or JSON-bundle export goes: a path the user chose in the save dialog, with an
/// extension the core exports to ([`ExportFormat::from_path`], the core's list and message).
pub fn output_export(files: &ChosenFiles, path: &str) -> CmdResult<PathBuf> {
    let p = files.check(Purpose::Write, path)?;
    ExportFormat::from_path(&p)?;
    output_file(p, path)
}

/// The folder exists and the path is not a folder itself.
fn output_file(p: PathBuf, path: &str) -> CmdResult<PathBuf> {
    match p.parent() {
        Some(dir) if dir.is_dir() => {}
        _ => {
            return Err(AppError::invalid(format!(
                "文件夹“{}”不存在",
                p.parent().unwrap_or(Path::new("")).display()
            )))
        }
    }
    if p.is_dir() {
        return Err(AppError::invalid(format!("“{path}”是一个文件夹")));
    }
    Ok(p)
}

/// A file the user picked in the open dialog. Whether it is a regular file and not too big is the core's
/// check when it is read ([`fengong::import::read_input`]).
pub fn input_file(files: &ChosenFiles, path: &str) -> CmdResult<PathBuf> {
    files.check(Purpose::Read, path)
}
