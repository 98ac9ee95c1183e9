//! Checks on what the UI sends, before the core sees it: sizes are bounded, paths are absolute and of the
//! expected kind. Ids are checked by the store itself (it answers NotFound with the id).

use std::path::{Path, PathBuf};

use fengong::layout::LayoutOptions;
use fengong::model::{Column, DocumentDraft, ItemDraft, Unit};

use crate::error::{AppError, CmdResult};

pub const MAX_TITLE: usize = 500;
pub const MAX_CELL: usize = 200_000;
pub const MAX_UNIT_NAME: usize = 100;
pub const MAX_UNITS_PER_ITEM: usize = 200;
pub const MAX_QUERY: usize = 200;
pub const MAX_COLUMNS: usize = 30;
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;
pub const MAX_SEARCH_LIMIT: usize = 1000;

fn chars(s: &str) -> usize {
    s.chars().count()
}

pub fn text(field: &str, value: &str, max: usize) -> CmdResult<()> {
    if chars(value) > max {
        return Err(AppError::invalid(format!("“{field}”过长：{} 个字，最多 {max} 个字", chars(value))));
    }
    Ok(())
}

pub fn required(field: &str, value: &str, max: usize) -> CmdResult<()> {
    if value.trim().is_empty() {
        return Err(AppError::invalid(format!("请填写“{field}”")));
    }
    text(field, value, max)
}

pub fn columns(cols: &[Column]) -> CmdResult<()> {
    if cols.is_empty() {
        return Err(AppError::invalid("表格至少要有一列"));
    }
    if cols.len() > MAX_COLUMNS {
        return Err(AppError::invalid(format!("列数过多（{}），最多 {MAX_COLUMNS} 列", cols.len())));
    }
    for c in cols {
        required("列名", &c.label, 40)?;
        if !(c.width.is_finite() && c.width > 0.0 && c.width <= 100.0) {
            return Err(AppError::invalid(format!("列“{}”的宽度应在 0 到 100 之间", c.label)));
        }
    }
    Ok(())
}

pub fn document_draft(d: &DocumentDraft) -> CmdResult<()> {
    required("标题", &d.title, MAX_TITLE)?;
    text("附件标识", &d.annex_label, 20)?;
    text("发文字号", d.doc_number.as_deref().unwrap_or(""), 100)?;
    text("备注", &d.notes, MAX_CELL)?;
    columns(&d.columns)
}

pub fn item_draft(d: &ItemDraft) -> CmdResult<()> {
    required(if d.is_heading { "标题行文字" } else { "事项" }, &d.title, MAX_TITLE)?;
    text("序号", d.number_label.as_deref().unwrap_or(""), 20)?;
    text("主要内容", &d.content, MAX_CELL)?;
    text("复制推广范围", &d.scope, MAX_CELL)?;
    text("分管领导", &d.leader, MAX_CELL)?;
    text("完成时限", &d.deadline_text, MAX_CELL)?;
    text("备注", &d.notes, MAX_CELL)?;
    for (k, v) in &d.custom {
        text("自定义列名", k, 40)?;
        text(k, v, MAX_CELL)?;
    }
    if d.units.len() > MAX_UNITS_PER_ITEM {
        return Err(AppError::invalid(format!("一个事项最多 {MAX_UNITS_PER_ITEM} 个单位")));
    }
    for u in &d.units {
        required("单位名称", &u.name, MAX_UNIT_NAME)?;
    }
    Ok(())
}

/// An item snapshot sent back for undo: the same bounds as a draft.
pub fn item(it: &fengong::model::Item) -> CmdResult<()> {
    item_draft(&it.to_draft())
}

pub fn unit(u: &Unit) -> CmdResult<()> {
    required("单位简称", &u.name, MAX_UNIT_NAME)?;
    text("单位全称", u.full_name.as_deref().unwrap_or(""), 200)?;
    if u.aliases.len() > 100 {
        return Err(AppError::invalid("别名过多（最多 100 个）"));
    }
    for a in &u.aliases {
        required("别名", a, MAX_UNIT_NAME)?;
    }
    Ok(())
}

pub fn layout_options(o: &LayoutOptions) -> CmdResult<()> {
    if !(o.body_size.is_finite() && (10.5..=22.0).contains(&o.body_size)) {
        return Err(AppError::invalid(format!("正文字号 {} 磅超出范围（10.5～22 磅）", o.body_size)));
    }
    if !(1..=9999).contains(&o.first_page_number) {
        return Err(AppError::invalid("起始页码应在 1 到 9999 之间"));
    }
    text("发文字号", o.doc_number.as_deref().unwrap_or(""), 100)
}

/// A path for a file the app writes. It must be what the save dialog returned: absolute, ending in .pdf,
/// in a folder that exists. A relative path (which would land wherever the app happens to run) is refused.
pub fn output_pdf(path: &str) -> CmdResult<PathBuf> {
    output_file(path, &["pdf"], "PDF 文件（应以 .pdf 结尾）")
}

/// Where a Word, Excel, CSV or JSON-bundle export goes: what the save dialog returned, with one of those
/// extensions.
pub fn output_export(path: &str) -> CmdResult<PathBuf> {
    output_file(
        path,
        &["docx", "xlsx", "csv", "json"],
        "可导出的文件（应以 .docx、.xlsx、.csv 或 .json 结尾）",
    )
}

/// An output path from a save dialog: absolute, with an allowed extension, in an existing folder.
fn output_file(path: &str, extensions: &[&str], what: &str) -> CmdResult<PathBuf> {
    let p = PathBuf::from(path);
    if path.trim().is_empty() || !p.is_absolute() {
        return Err(AppError::invalid(format!("保存位置“{path}”无效：请通过“导出”对话框选择保存位置")));
    }
    let ext_ok = p.extension().is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)));
    if !ext_ok {
        return Err(AppError::invalid(format!("保存位置“{path}”不是{what}")));
    }
    match p.parent() {
        Some(dir) if dir.is_dir() => {}
        _ => return Err(AppError::invalid(format!("文件夹“{}”不存在", p.parent().unwrap_or(Path::new("")).display()))),
    }
    if p.is_dir() {
        return Err(AppError::invalid(format!("“{path}”是一个文件夹")));
    }
    Ok(p)
}

/// A file the user picked in the open dialog: absolute, an existing regular file, not too big.
pub fn input_file(path: &str) -> CmdResult<PathBuf> {
    let p = PathBuf::from(path);
    if !p.is_absolute() {
        return Err(AppError::invalid(format!("文件“{path}”无效：请通过“打开文件”对话框选择")));
    }
    let meta = std::fs::metadata(&p).map_err(|e| AppError::Open { path: path.to_string(), message: e.to_string() })?;
    if !meta.is_file() {
        return Err(AppError::invalid(format!("“{path}”不是文件")));
    }
    if meta.len() as usize > MAX_IMPORT_BYTES {
        return Err(AppError::invalid(format!("文件“{path}”过大（超过 20 MB），请分批导入")));
    }
    Ok(p)
}
