//! `fengong export DOC -o FILE.(xlsx|docx|csv)`: a document as an Excel, Word or CSV file.

use std::path::PathBuf;

use clap::Args;

use fengong::export::{save_export_with, ExportFormat, ExportOptions};
use fengong::store::Store;
use fengong::Result;

use super::render::parse_size;

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// 文档编号或完整标题（见 fengong list）
    doc: String,
    /// 输出文件；格式由扩展名决定：.xlsx（Excel）、.docx（Word）或 .csv
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// 表格正文字号：16（3号）、14（4号）、12（小四）、10.5（五号）；默认 Word 为 3号，Excel 为小四
    #[arg(long, value_parser = parse_size)]
    size: Option<f32>,
}

pub fn export(store: &Store, args: &ExportArgs) -> Result<()> {
    // Refuse an unknown extension before looking the document up.
    ExportFormat::from_path(&args.output)?;
    let doc = store.find_document(&args.doc)?;
    let items = store.items(doc.id)?;
    let opts = ExportOptions { body_size: args.size, ..Default::default() };
    let format = save_export_with(store, doc.id, &args.output, &opts)?;
    println!(
        "已导出 {}（{}，《{}》，{} 项）",
        args.output.display(),
        format.label(),
        doc.title.replace('\n', ""),
        items.iter().filter(|i| !i.is_heading).count()
    );
    Ok(())
}
