//! Backup subcommands: backup, restore, backups (list and the retention setting), trash.
//!
//! These resolve the database path themselves instead of going through `open_store`: `backups` only reads
//! the backups folder, and `restore` must work when the database cannot be opened (it is damaged).
//! None of them creates a database that does not exist.

use std::path::{Path, PathBuf};

use clap::Args;

use fengong::model::one_line;
use fengong::store::backup::{list_backups, restore_closed};
use fengong::store::{BackupPolicy, BackupReason, Store};
use fengong::{Error, Result};

#[derive(Args)]
pub struct BackupArgs {
    /// 把备份写到这个文件（默认写入数据库旁的 backups 文件夹）
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// 用来恢复的备份文件（见 fengong backups）；恢复前会先把当前数据另存一份备份
    file: PathBuf,
}

#[derive(Args)]
pub struct BackupsArgs {
    /// 设置：始终保留最近的多少份备份
    #[arg(long, value_name = "N")]
    keep_last: Option<u32>,
    /// 设置：另外每周保留一份，保留多少周
    #[arg(long, value_name = "WEEKS")]
    keep_weeks: Option<u32>,
}

#[derive(Args)]
pub struct TrashArgs {
    /// 把回收站中的这个文档还原
    #[arg(long, value_name = "ID", conflicts_with = "delete")]
    restore: Option<i64>,
    /// 把回收站中的这个文档彻底删除（先自动备份）
    #[arg(long, value_name = "ID")]
    delete: Option<i64>,
}

use super::{db_path, open_store};

/// Opens an existing database; a missing one is said so and not created.
fn open_existing(path: &Path) -> Result<Store> {
    if !path.exists() {
        return Err(Error::File {
            path: path.to_path_buf(),
            message: "数据库文件不存在（还没有任何数据）".into(),
        });
    }
    open_store(path)
}

fn size_text(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

pub fn backup(db: &Option<PathBuf>, args: &BackupArgs) -> Result<()> {
    let store = open_existing(&db_path(db)?)?;
    match &args.output {
        Some(out) => {
            let size = store.backup_to_file(out)?;
            say!("已备份到“{}”（{}，完整性检查通过）。", out.display(), size_text(size));
        }
        None => {
            let info = store.backup_now(BackupReason::Manual)?;
            say!("已备份到“{}”（{}，完整性检查通过）。", info.path.display(), size_text(info.size));
        }
    }
    Ok(())
}

pub fn restore(db: &Option<PathBuf>, args: &RestoreArgs) -> Result<()> {
    let path = db_path(db)?;
    let out = if path.exists() {
        match Store::open(&path) {
            Ok(mut store) => store.restore_from(&args.file)?,
            Err(Error::DamagedDb { .. }) => {
                tell!("当前数据库“{}”已损坏，直接用备份替换它（损坏的文件会另存一份）。", path.display());
                restore_closed(&path, &args.file)?
            }
            Err(e) => return Err(e),
        }
    } else {
        restore_closed(&path, &args.file)?
    };
    say!("已从“{}”恢复，现有文档 {} 个。", args.file.display(), out.documents);
    if !out.kept_copy.as_os_str().is_empty() {
        say!("恢复前的数据已另存为“{}”，如需要可再用 fengong restore 恢复回去。", out.kept_copy.display());
    }
    Ok(())
}

pub fn backups(db: &Option<PathBuf>, args: &BackupsArgs) -> Result<()> {
    let path = db_path(db)?;
    if args.keep_last.is_some() || args.keep_weeks.is_some() {
        let mut store = open_existing(&path)?;
        let old = store.backup_policy();
        let policy = BackupPolicy {
            keep_last: args.keep_last.unwrap_or(old.keep_last),
            keep_weeks: args.keep_weeks.unwrap_or(old.keep_weeks),
        };
        store.set_backup_policy(&policy)?;
        say!("已设置：保留最近 {} 份备份，另外每周保留一份、共 {} 周。", policy.keep_last, policy.keep_weeks);
        return Ok(());
    }
    let list = list_backups(&path)?;
    let dir = fengong::store::backup::backup_dir(&path);
    if list.is_empty() {
        say!("还没有备份（备份文件夹：{}）。可运行 fengong backup 立即备份。", dir.display());
        return Ok(());
    }
    say!("备份文件夹：{}", dir.display());
    say!("时间\t\t\t大小\t原因\t\t文件");
    for b in &list {
        let mark = if b.ok { "" } else { "（文件不完整或不是分工的数据库）" };
        say!("{}\t{}\t{}\t{}{}", b.time, size_text(b.size), b.reason_label, b.file_name, mark);
    }
    say!("共 {} 份。恢复：fengong restore 文件", list.len());
    Ok(())
}

pub fn trash(db: &Option<PathBuf>, args: &TrashArgs) -> Result<()> {
    let mut store = open_existing(&db_path(db)?)?;
    if let Some(id) = args.restore {
        store.restore_document(id)?;
        say!("已还原文档 {id}《{}》。", store.document(id)?.title_one_line());
        return Ok(());
    }
    if let Some(id) = args.delete {
        let title = store.trash()?.into_iter().find(|t| t.id == id).map(|t| one_line(&t.title));
        store.delete_forever(id)?;
        say!("已彻底删除文档 {id}《{}》（删除前已自动备份）。", title.unwrap_or_default());
        return Ok(());
    }
    let list = store.trash()?;
    if list.is_empty() {
        say!("回收站是空的。");
        return Ok(());
    }
    say!("编号\t事项数\t删除时间\t\t将于此后彻底删除\t标题");
    let local = |t: &chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string()
    };
    for t in &list {
        say!(
            "{}\t{}\t{}\t{}\t{}",
            t.id,
            t.item_count,
            local(&t.deleted_at),
            local(&t.purge_at),
            one_line(&t.title)
        );
    }
    say!("共 {} 个。还原：fengong trash --restore 编号；彻底删除：fengong trash --delete 编号", list.len());
    Ok(())
}

/// After a damaged-database error: which backup to restore, and how.
pub fn damaged_hint(e: &Error) {
    let Error::DamagedDb { path, .. } = e else { return };
    match fengong::store::backup::newest_good_backup(path) {
        Some(b) => tell!(
            "最近的完好备份：{}（{}）。恢复：fengong restore \"{}\"（损坏的文件会另存一份）",
            b.time,
            b.reason_label,
            b.path.display()
        ),
        None => {
            tell!("备份文件夹“{}”中没有完好的备份。", fengong::store::backup::backup_dir(path).display())
        }
    }
}
