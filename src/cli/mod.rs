//! Argument parsing (clap) and dispatch. Errors print in Chinese and exit non-zero.

mod bench;
mod data;
mod export;
mod render;
mod zh;

use std::path::PathBuf;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use fengong::store::Store;
use fengong::Result;

#[derive(Parser)]
#[command(name = "fengong", version, about = "分工：任务分工表的保存、检索与打印", long_about = None)]
pub struct Cli {
    /// 数据库文件（默认在当前用户的数据目录中）
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 导入附件：Word（.docx）、Excel（.xlsx/.xls）、.ods、CSV、复制出的文本或分工数据包（.json），并打印导入报告
    Import(data::ImportArgs),
    /// 把内置示例（广东自贸试验区第八批任务分工表）导入数据库
    Sample,
    /// 列出所有文档
    List,
    /// 以文字形式显示一个文档的表格
    Show(data::ShowArgs),
    /// 在事项、主要内容、单位和复制推广范围中检索
    Search(data::SearchArgs),
    /// 列出单位及其牵头、配合的事项数
    Units,
    /// 运行性能测试并打印结果（导入、检索、排版、生成 PDF）
    Bench(bench::BenchArgs),
    /// 把一个文档打印成 PDF 附件（GB/T 9704 版式）
    Render(render::RenderArgs),
    /// 生成单位的牵头（或承担）任务清单 PDF
    Sheets(render::SheetsArgs),
    /// 把文档导出为 Word、Excel、CSV 文件或分工数据包（JSON）
    Export(export::ExportArgs),
    /// 列出内置字体和本机可选用的中文字体
    Fonts,
}

/// Runs the CLI and returns the process exit code.
pub fn run() -> i32 {
    let cli = match parse_args() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match dispatch(cli) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("错误：{e}");
            1
        }
    }
}

/// Parses the arguments with Chinese help and errors; Err is the exit code when nothing is to be run.
fn parse_args() -> std::result::Result<Cli, i32> {
    let matches = zh::localise(Cli::command(), true).try_get_matches();
    let parsed = matches.and_then(|m| Cli::from_arg_matches(&m));
    parsed.map_err(|e| match zh::error_message(&e) {
        None => {
            let _ = e.print();
            if e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand { 2 } else { 0 }
        }
        Some(msg) => {
            eprintln!("错误：{msg}");
            2
        }
    })
}

fn open_store(db: &Option<PathBuf>) -> Result<Store> {
    let path = match db {
        Some(p) => p.clone(),
        None => Store::default_path()?,
    };
    Store::open(path)
}

fn dispatch(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Bench(args) => bench::run(&args),
        Command::Fonts => render::fonts(),
        cmd => {
            let mut store = open_store(&cli.db)?;
            match cmd {
                Command::Import(args) => data::import(&mut store, &args),
                Command::Sample => data::sample(&mut store),
                Command::List => data::list(&store),
                Command::Show(args) => data::show(&store, &args),
                Command::Search(args) => data::search(&store, &args),
                Command::Units => data::units(&store),
                Command::Render(args) => render::render(&store, &args),
                Command::Sheets(args) => render::sheets(&store, &args),
                Command::Export(args) => export::export(&store, &args),
                Command::Bench(_) | Command::Fonts => unreachable!(),
            }
        }
    }
}
