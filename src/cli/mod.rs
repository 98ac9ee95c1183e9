//! Argument parsing (clap) and dispatch. Errors print in Chinese and exit non-zero.

/// `println!` for everything the tool prints on stdout: when the reader has gone away (`fengong show 1 |
/// head -1`) the program ends quietly with success instead of panicking on the closed pipe.
macro_rules! say {
    () => {
        $crate::cli::console::say_out(format_args!("\n"))
    };
    ($($t:tt)*) => {
        $crate::cli::console::say_out(format_args!("{}\n", format_args!($($t)*)))
    };
}

/// `eprintln!` for notes, warnings and errors, in the encoding redirected output needs (see console.rs).
macro_rules! tell {
    ($($t:tt)*) => {
        $crate::cli::console::say_err(format_args!("{}\n", format_args!($($t)*)))
    };
}

mod backup;
mod bench;
mod console;
mod data;
mod deadlines;
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
    /// 输出到文件或管道时的文字编码（默认 auto：Windows 上随控制台代码页，中文系统为 GBK；其他系统为 UTF-8）
    #[arg(long, global = true, value_enum, default_value_t, value_name = "ENCODING")]
    encoding: console::OutputEncoding,
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
    /// 列出一个文档各项的完成时限怎样读出、何时截止（按国务院放假安排计算工作日）
    Deadlines(deadlines::DeadlinesArgs),
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
    /// 立即备份数据库（默认写入数据库旁的 backups 文件夹，经完整性检查）
    Backup(backup::BackupArgs),
    /// 用备份文件恢复数据库（先检查备份文件，并把当前数据另存一份）
    Restore(backup::RestoreArgs),
    /// 列出备份（时间、大小、原因），或设置保留多少份
    Backups(backup::BackupsArgs),
    /// 回收站：列出已删除的文档，或还原、彻底删除其中一个
    Trash(backup::TrashArgs),
}

/// Runs the CLI and returns the process exit code.
pub fn run() -> i32 {
    let cli = match parse_args() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    console::choose(cli.encoding);
    fengong::store::busy::set_busy_notifier(|m| tell!("{m}"));
    match dispatch(cli) {
        Ok(()) => 0,
        Err(e) => {
            tell!("错误：{e}");
            backup::damaged_hint(&e);
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
            // Help and version go to stdout, in the encoding a redirect needs.
            let text = e.render().to_string();
            if e.use_stderr() {
                console::say_err(format_args!("{text}"));
            } else {
                console::say_out(format_args!("{text}"));
            }
            if e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                2
            } else {
                0
            }
        }
        Some(msg) => {
            tell!("错误：{msg}");
            2
        }
    })
}

/// The database `--db` names, or the per-user one the desktop app shares (copied from the old roaming
/// folder on Windows the first time, which is said once).
fn db_path(db: &Option<PathBuf>) -> Result<PathBuf> {
    match db {
        Some(p) => Ok(p.clone()),
        None => {
            let (path, moved) = fengong::store::location::default_database()?;
            if let Some(m) = moved {
                tell!("注意：{}", m.message());
            }
            Ok(path)
        }
    }
}

/// Opens the database, saying on stderr what the user should know about its place (a network drive).
fn open_store(path: &std::path::Path) -> Result<Store> {
    let store = Store::open(path)?;
    if let Some(note) = store.location_note() {
        tell!("注意：{note}");
    }
    Ok(store)
}

/// What opening the database created (the file, its folders), so that a command that fails leaves nothing
/// behind: `fengong --db 新文件夹/x.db show 1` must not create `新文件夹/x.db`.
struct Created {
    db: Option<PathBuf>,
    dirs: Vec<PathBuf>,
}

impl Created {
    fn before_open(path: &std::path::Path) -> Created {
        if path.exists() {
            return Created { db: None, dirs: vec![] };
        }
        let mut dirs = vec![];
        let mut d = path.parent();
        while let Some(dir) = d.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
            dirs.push(dir.to_path_buf());
            d = dir.parent();
        }
        Created { db: Some(path.to_path_buf()), dirs }
    }

    /// Removes the new database (with its companion files) and the folders made for it, deepest first; a
    /// folder something else was put in stays. Only while the database is still empty: another program may
    /// have filled it since (a `fengong sample` run next to a failing import), and that is never lost.
    fn undo(self) {
        let Some(db) = self.db else { return };
        if !still_empty(&db) {
            return;
        }
        for file in fengong::fsutil::database_files(&db) {
            let _ = std::fs::remove_file(file);
        }
        for dir in self.dirs {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Whether the database at `db` holds no document and no unit, checked under the write lock (waiting for a
/// writer in progress); anything unclear counts as not empty.
fn still_empty(db: &std::path::Path) -> bool {
    let Ok(mut store) = Store::open(db) else { return false };
    store.is_empty_of_everything().unwrap_or(false)
}

fn dispatch(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Bench(args) => bench::run(&args),
        Command::Fonts => render::fonts(),
        // Backups and the trash open (or, for restore, replace) the database themselves; none creates one.
        Command::Backup(args) => backup::backup(&cli.db, &args),
        Command::Restore(args) => backup::restore(&cli.db, &args),
        Command::Backups(args) => backup::backups(&cli.db, &args),
        Command::Trash(args) => backup::trash(&cli.db, &args),
        // A dry run only reads an existing database: a refused file must not create one.
        Command::Import(args) if args.dry_run => {
            let db = match &cli.db {
                Some(p) => p.clone(),
                None => Store::default_path()?,
            };
            data::import_dry_run(&args, &db)
        }
        cmd => {
            let path = db_path(&cli.db)?;
            let created = Created::before_open(&path);
            let result = open_store(&path).and_then(|mut store| run_with_store(&mut store, cmd));
            if result.is_err() {
                created.undo();
            }
            result
        }
    }
}

fn run_with_store(store: &mut Store, cmd: Command) -> Result<()> {
    match cmd {
        Command::Import(args) => data::import(store, &args),
        Command::Sample => data::sample(store),
        Command::List => data::list(store),
        Command::Show(args) => data::show(store, &args),
        Command::Search(args) => data::search(store, &args),
        Command::Units => data::units(store),
        Command::Deadlines(args) => deadlines::deadlines(store, &args),
        Command::Render(args) => render::render(store, &args),
        Command::Sheets(args) => render::sheets(store, &args),
        Command::Export(args) => export::export(store, &args),
        Command::Bench(_) | Command::Fonts => unreachable!(),
        Command::Backup(_) | Command::Restore(_) | Command::Backups(_) | Command::Trash(_) => unreachable!(),
    }
}
