//! The shell's own checks on what the page sends: the paths (only those the user chose in a dialog, of
//! the right kind, in a folder that exists). Every data rule — lengths, columns, body size, page numbers,
//! the size of pasted text — is the core's ([`fengong::rules`]), checked by the store on every write and by
//! the application layer ([`fengong::service`]); the shell has no copies of its own.

use std::path::{Path, PathBuf};

use crate::error::{AppError, CmdResult};
use crate::files::{ChosenFiles, Purpose};

/// Where a PDF goes: a path the user chose in the save dialog, ending in .pdf, in a folder that exists.
pub fn output_pdf(files: &ChosenFiles, path: &str) -> CmdResult<PathBuf> {
    output_file(files, path, &["pdf"], "PDF 文件（应以 .pdf 结尾）")
}

/// Where a Word, Excel, CSV or JSON-bundle export goes: a path the user chose in the save dialog, with one
/// of those extensions.
pub fn output_export(files: &ChosenFiles, path: &str) -> CmdResult<PathBuf> {
    output_file(
        files,
        path,
        &["docx", "xlsx", "csv", "json"],
        "可导出的文件（应以 .docx、.xlsx、.csv 或 .json 结尾）",
    )
}

fn output_file(files: &ChosenFiles, path: &str, extensions: &[&str], what: &str) -> CmdResult<PathBuf> {
    let p = files.check(Purpose::Write, path)?;
    let ext_ok = p.extension().is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)));
    if !ext_ok {
        return Err(AppError::invalid(format!("保存位置“{path}”不是{what}")));
    }
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
