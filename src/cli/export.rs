//! `fengong export DOC [--format docx|xlsx|csv|json] -o FILE`: a document as a Word, Excel or CSV file, or as
//! a lossless JSON bundle.

use std::path::PathBuf;

use clap::Args;

use fengong::export::{ExportFormat, ExportOptions};
use fengong::layout::PageSetup;
use fengong::service::export::save_export_as;
use fengong::store::Store;
use fengong::{Error, Result};

use super::render::parse_size;

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// 文档编号或完整标题（见 fengong list）
    doc: String,
    /// 输出文件；不写 --format 时格式由扩展名决定：.docx、.xlsx、.csv 或 .json
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// 导出格式：docx（Word）、xlsx（Excel）、csv、json（分工数据包，可无损导回）
    #[arg(long, value_parser = parse_format)]
    format: Option<ExportFormat>,
    /// 表格正文字号：16（3号）、14（4号）、12（小四）、10.5（五号）；默认 Word 为 3号，Excel 为小四
    #[arg(long, value_parser = parse_size)]
    size: Option<f32>,
    /// 横向 A4（Word、Excel）；默认 Word 纵向（同 PDF），Excel 横向
    #[arg(long, conflicts_with = "portrait")]
    landscape: bool,
    /// 纵向 A4（Word、Excel）
    #[arg(long)]
    portrait: bool,
    /// 第一页的页码（附件随正文装订、页码接续正文时用；Word）
    #[arg(long, value_name = "N")]
    first_page: Option<u32>,
    /// 在“附件”前印发文字号，如“粤府函〔2020〕77号”（Word、Excel；不给出文字时用文档自身的发文字号）
    #[arg(long, value_name = "TEXT", num_args = 0..=1, default_missing_value = "")]
    doc_number: Option<String>,
}

fn parse_format(s: &str) -> std::result::Result<ExportFormat, String> {
    ExportFormat::from_extension(s)
        .ok_or_else(|| format!("不支持的导出格式“{s}”：可选 docx、xlsx、csv、json"))
}

pub fn export(store: &Store, args: &ExportArgs) -> Result<()> {
    // Refuse an unknown or mismatched extension before looking the document up.
    let format = match args.format {
        Some(f) => {
            let ext = args.output.extension().map(|e| e.to_string_lossy().to_lowercase());
            if let Some(ext) = ext.filter(|e| ExportFormat::from_extension(e).is_some_and(|g| g != f)) {
                return Err(Error::File {
                    path: args.output.clone(),
                    message: format!(
                        "扩展名 .{ext} 与导出格式 {} 不符；请改用 .{} 结尾",
                        f.extension(),
                        f.extension()
                    ),
                });
            }
            f
        }
        None => ExportFormat::from_path(&args.output)?,
    };
    let doc = store.find_document(&args.doc)?;
    let items = store.items(doc.id)?;
    let page_setup = match (args.landscape, args.portrait) {
        (true, _) => Some(PageSetup::Landscape),
        (_, true) => Some(PageSetup::Portrait),
        _ => None,
    };
    let typed = args.doc_number.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
    if args.doc_number.is_some()
        && typed.is_none()
        && doc.doc_number.as_deref().is_none_or(|d| d.trim().is_empty())
    {
        return Err(Error::invalid(format!(
            "文档“{}”没有发文字号，请在 --doc-number 后写出发文字号",
            doc.title_one_line()
        )));
    }
    let opts = ExportOptions {
        body_size: args.size,
        page_setup,
        show_doc_number: args.doc_number.is_some(),
        doc_number: typed,
        first_page_number: args.first_page,
    };
    let notes = save_export_as(store, doc.id, &args.output, format, &opts)?;
    say!(
        "已导出 {}（{}，《{}》，{} 项）",
        args.output.display(),
        format.label(),
        doc.title_one_line(),
        items.iter().filter(|i| !i.is_heading).count()
    );
    for note in notes {
        eprintln!("注意：{note}");
    }
    Ok(())
}
