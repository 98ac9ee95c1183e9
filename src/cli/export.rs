//! `fengong export DOC [--format docx|xlsx|csv|json] -o FILE`: a document as a Word, Excel or CSV file, or as
//! a lossless JSON bundle.

use std::path::PathBuf;

use clap::Args;

use fengong::export::{ExportFormat, ExportOptions};
use fengong::layout::PageSetup;
use fengong::service::export::{resolve_format, write_export};
use fengong::store::Store;
use fengong::Result;

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
    /// 表格正文字号：16（三号）、15（小三）、14（四号）、12（小四）、10.5（五号）；默认 Word 为三号，Excel 为小四
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
    let format = resolve_format(args.format, &args.output)?;
    let doc = store.find_document(&args.doc)?;
    let page_setup = match (args.landscape, args.portrait) {
        (true, _) => Some(PageSetup::Landscape),
        (_, true) => Some(PageSetup::Portrait),
        _ => None,
    };
    let opts = ExportOptions {
        body_size: args.size,
        page_setup,
        show_doc_number: args.doc_number.is_some(),
        doc_number: args.doc_number.as_deref().map(|t| t.trim().to_string()),
        first_page_number: args.first_page,
    };
    let done = write_export(store, doc.id, &args.output, format, &opts)?;
    say!(
        "已导出 {}（{}，《{}》，{} 项）",
        args.output.display(),
        done.format.label(),
        doc.title_one_line(),
        done.items
    );
    for note in done.notes {
        tell!("注意：{note}");
    }
    Ok(())
}
