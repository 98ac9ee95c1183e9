//! What the command-line tool must never do to a user's data, run as a user would on real files: replace
//! the database with an output, create a database when a command fails, crash on a closed pipe, give up
//! (in English) on a database another command is writing, or write a PDF under a Word name.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::fengong;

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn sampled(db: &Path) {
    let o = fengong(db, &["sample"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// The database still opens and holds the sample.
fn still_intact(db: &Path) {
    let list = fengong(db, &["list"]);
    assert!(list.status.success(), "{}", stderr(&list));
    assert!(String::from_utf8_lossy(&list.stdout).contains("\t20\t"), "the sample is still there");
}

#[test]
fn no_output_replaces_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("v.db");
    sampled(&db);
    let db_s = db.to_str().unwrap();
    let wal = format!("{db_s}-wal");
    let dotted = d.join("sub/../v.db");
    std::fs::create_dir(d.join("sub")).unwrap();
    let dotted = dotted.to_str().unwrap();
    let attempts: Vec<Vec<&str>> = vec![
        vec!["export", "1", "--format", "csv", "-o", db_s],
        vec!["export", "1", "--format", "json", "-o", db_s],
        vec!["export", "1", "--format", "csv", "-o", &wal],
        vec!["export", "1", "--format", "xlsx", "-o", dotted],
    ];
    for args in &attempts {
        let o = fengong(&db, args);
        assert!(!o.status.success(), "{args:?} must be refused");
        assert!(stderr(&o).contains("正在使用的数据库"), "{args:?}: {}", stderr(&o));
        still_intact(&db);
    }
    #[cfg(unix)]
    {
        let link = d.join("link.csv");
        std::os::unix::fs::symlink(&db, &link).unwrap();
        let o = fengong(&db, &["export", "1", "-o", link.to_str().unwrap()]);
        assert!(stderr(&o).contains("正在使用的数据库"), "{}", stderr(&o));
        still_intact(&db);
    }

    // A database named like an output: render, sheets and export all refuse to write over it.
    for name in ["v.pdf", "v.json", "v.csv"] {
        let db = d.join(name);
        sampled(&db);
        let p = db.to_str().unwrap();
        let tries: Vec<Vec<&str>> = match name {
            "v.pdf" => vec![vec!["render", "1", "-o", p], vec!["sheets", "--unit", "省税务局", "-o", p]],
            _ => vec![vec!["export", "1", "-o", p]],
        };
        for args in tries {
            let o = fengong(&db, &args);
            assert!(stderr(&o).contains("正在使用的数据库"), "{name} {args:?}: {}", stderr(&o));
            still_intact(&db);
        }
    }
}

#[test]
fn a_failing_command_creates_no_database_and_no_folders() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("新文件夹/下一层/x.db");
    for args in [vec!["show", "1"], vec!["render", "1", "-o", "a.pdf"], vec!["search", "--unit", "无此单位"]]
    {
        let o = fengong(&db, &args);
        assert!(!o.status.success(), "{args:?}");
        assert!(!dir.path().join("新文件夹").exists(), "{args:?} left the folder behind");
    }
    let bad = dir.path().join("坏文件.txt");
    std::fs::write(&bad, "只有一行文字，没有表头").unwrap();
    for args in [vec!["import", bad.to_str().unwrap()], vec!["import", "--dry-run", bad.to_str().unwrap()]] {
        let o = fengong(&db, &args);
        assert!(!o.status.success());
        assert!(stderr(&o).contains("表头"), "{}", stderr(&o));
        assert!(!dir.path().join("新文件夹").exists(), "{args:?} left the folder behind");
    }
    // An existing database is of course kept when a command fails on it.
    let kept = dir.path().join("kept.db");
    sampled(&kept);
    assert!(!fengong(&kept, &["show", "99"]).status.success());
    still_intact(&kept);
    // A command that succeeds creates the database as before.
    let o = fengong(&db, &["sample"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(db.exists());
}

#[test]
fn a_closed_pipe_is_a_normal_end() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    sampled(&db);
    // `fengong show 1 | head -0`: the reader is gone before the first line is written.
    let mut child = Command::new(env!("CARGO_BIN_EXE_fengong"))
        .arg("--db")
        .arg(&db)
        .args(["show", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{err}");
    assert!(out.status.success(), "{:?} {err}", out.status);
}

#[test]
fn render_writes_pdfs_under_pdf_names_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    sampled(&db);
    let docx = dir.path().join("附件.docx");
    let o = fengong(&db, &["render", "1", "-o", docx.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains(".pdf") && stderr(&o).contains("fengong export"), "{}", stderr(&o));
    assert!(!docx.exists());
    let o = fengong(&db, &["sheets", "--unit", "省税务局", "-o", docx.to_str().unwrap()]);
    assert!(!o.status.success() && !docx.exists(), "{}", stderr(&o));
    // No extension: the PDF gets one.
    let bare = dir.path().join("附件");
    let o = fengong(&db, &["render", "1", "-o", bare.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read(dir.path().join("附件.pdf")).unwrap().starts_with(b"%PDF"));
}

#[test]
fn outputs_create_what_is_named_never_the_folders_above() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    sampled(&db);
    // render and sheets --unit: the folder must exist.
    let o = fengong(&db, &["render", "1", "-o", dir.path().join("无/附件.pdf").to_str().unwrap()]);
    assert!(stderr(&o).contains("不存在"), "{}", stderr(&o));
    let o = fengong(
        &db,
        &["sheets", "--unit", "省税务局", "-o", dir.path().join("无/清单.pdf").to_str().unwrap()],
    );
    assert!(stderr(&o).contains("不存在"), "{}", stderr(&o));
    // sheets --all: the named folder is made, the folders above it are not.
    let o = fengong(&db, &["sheets", "--all", "-o", dir.path().join("无/清单").to_str().unwrap()]);
    assert!(!o.status.success() && stderr(&o).contains("不存在"), "{}", stderr(&o));
    assert!(!dir.path().join("无").exists());
    let o = fengong(&db, &["sheets", "--all", "-o", dir.path().join("清单").to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_dir(dir.path().join("清单")).unwrap().count() > 5);
}

#[test]
fn a_busy_database_is_waited_for_with_a_chinese_message_and_the_write_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    sampled(&db);
    let file = dir.path().join("第二份.csv");
    let exported = fengong(&db, &["export", "1", "-o", file.to_str().unwrap()]);
    assert!(exported.status.success(), "{}", stderr(&exported));

    // Another program holds the write lock for longer than SQLite's usual 5 s, announcing what it does.
    let store = fengong::store::Store::open(&db).unwrap();
    let activity = store.announce("正在导入“很大的附件.xlsx”");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE; UPDATE documents SET notes = notes").unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_fengong"))
        .arg("--db")
        .arg(&db)
        .args(["import", "--again", file.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(6_000));
    conn.execute_batch("COMMIT").unwrap();
    drop(activity);
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert!(out.status.success(), "the second write waited and landed: {err}");
    assert!(err.contains("很大的附件.xlsx") && err.contains("等待"), "{err}");
    assert!(!err.contains("locked"), "{err}");
    let list = String::from_utf8_lossy(&fengong(&db, &["list"]).stdout).into_owned();
    assert_eq!(list.lines().filter(|l| l.contains("\t20\t")).count(), 2, "{list}");
}

#[test]
fn no_export_replaces_another_database_and_a_database_path_must_be_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("s.db");
    sampled(&db);
    // Another Fengong database, not the one this command has open (the desktop's, say).
    let other = d.join("other.db");
    sampled(&other);
    let before = std::fs::read(&other).unwrap();
    let o = fengong(&db, &["export", "1", "--format", "csv", "-o", other.to_str().unwrap()]);
    assert!(!o.status.success() && stderr(&o).contains("数据库文件"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&other).unwrap(), before);
    still_intact(&other);

    // A folder, a path ending in a separator, a FIFO: Chinese refusals, nothing created.
    let o = fengong(d, &["list"]);
    assert!(!o.status.success() && stderr(&o).contains("文件夹"), "{}", stderr(&o));
    let slash = format!("{}/", d.join("新库").display());
    let o = fengong(Path::new(&slash), &["list"]);
    assert!(!o.status.success() && stderr(&o).contains("文件夹"), "{}", stderr(&o));
    assert!(!d.join("新库").exists());
    #[cfg(unix)]
    {
        let fifo = d.join("管道.db");
        assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let o = fengong(&fifo, &["list"]);
        assert!(!o.status.success() && stderr(&o).contains("不是普通文件"), "{}", stderr(&o));
        assert!(!d.join("管道.db-journal").exists() && !d.join("管道.db-wal").exists());
    }
}
