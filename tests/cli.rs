//! The `fengong` command-line tool, run as a user would: a real binary on a real SQLite file.

mod common;

use std::process::Output;

use common::fengong;

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

#[test]
fn sample_list_show_search_units() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let empty = fengong(&db, &["list"]);
    assert!(empty.status.success());
    assert!(stdout(&empty).contains("fengong sample"), "first run points to the sample");

    let out = fengong(&db, &["sample"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("事项 20 项") && text.contains("牵头 30 条") && text.contains("新建单位 13 个"),
        "{text}"
    );
    assert!(text.contains("第 11、16、21、26、33、38 行"), "repeated headers reported: {text}");

    let list = stdout(&fengong(&db, &["list"]));
    assert!(
        list.contains("广东自贸试验区第八批可复制推广改革创新经验任务分工表") && list.contains("\t20\t"),
        "{list}"
    );

    let show = fengong(&db, &["show", "1"]);
    let show = stdout(&show);
    assert!(show.starts_with("附件\n"));
    assert!(show.contains("广东自贸试验区第八批可复制推广\n改革创新经验任务分工表"));
    assert!(show.contains("牵头单位：省公安厅、省法院、省检察院"));
    assert!(show.contains("将企业的WMS（仓储管理系统）与海关信息化系统对接联网"));
    assert!(!show.contains("<p>"));
    assert!(show.contains("共 20 项。"));
    // By title too, line breaks ignored.
    let by_title = fengong(&db, &["show", "广东自贸试验区第八批可复制推广改革创新经验任务分工表"]);
    assert!(by_title.status.success(), "{}", stderr(&by_title));

    let search = stdout(&fengong(&db, &["search", "税务局"]));
    assert!(search.contains("共找到 9 项。"), "{search}");
    assert!(search.contains("【税务局】"));
    let by_unit = stdout(&fengong(&db, &["search", "--unit", "广东海事局"]));
    assert!(by_unit.contains("共找到 3 项。"), "{by_unit}");
    // What 省公安厅 leads: the role filter and each hit's role (the sample has 牵头单位 only, so 配合 finds
    // nothing; mixed roles are tested in the store).
    let all = stdout(&fengong(&db, &["search", "--unit", "省公安厅"]));
    let leads = stdout(&fengong(&db, &["search", "--unit", "省公安厅", "--role", "牵头"]));
    let n = |s: &str| s.lines().filter(|l| l.starts_with("文档 ")).count();
    assert!(n(&leads) > 0 && n(&leads) == n(&all), "{leads}\n{all}");
    assert!(leads.lines().filter(|l| l.starts_with("文档 ")).all(|l| l.contains("【牵头】")), "{leads}");
    assert!(stdout(&fengong(&db, &["search", "--unit", "省公安厅", "--role", "配合"])).contains("没有找到"));
    let bad = fengong(&db, &["search", "--unit", "省公安厅", "--role", "主办"]);
    assert!(stderr(&bad).contains("--role 应为 牵头、配合 或 责任"), "{}", stderr(&bad));
    assert!(stdout(&fengong(&db, &["list"])).lines().nth(1).unwrap().ends_with("\t内置示例"));

    let units = stdout(&fengong(&db, &["units"]));
    assert!(units.lines().any(|l| l.ends_with("省税务局") && l.contains("\t9\t")), "{units}");
    assert_eq!(units.lines().count(), 14, "header + 13 units: {units}");

    let again = fengong(&db, &["sample"]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("已经导入过"), "{}", stderr(&again));

    // A revised version of the same annex updates the document instead of making a second one.
    let revised = tempfile::tempdir().unwrap();
    let file = revised.path().join("第二稿.txt");
    std::fs::write(
        &file,
        fengong::sample::SAMPLE_TEXT.replacen("省税务局、深圳市税务局", "省税务局、省财政厅", 1),
    )
    .unwrap();
    let refused = fengong(&db, &["import", file.to_str().unwrap()]);
    assert!(stderr(&refused).contains("--update 1"), "{}", stderr(&refused));
    let updated = fengong(&db, &["import", file.to_str().unwrap(), "--update", "1"]);
    assert!(updated.status.success(), "{}", stderr(&updated));
    assert!(stdout(&updated).contains("新建单位 1 个：省财政厅"), "{}", stdout(&updated));
    assert_eq!(stdout(&fengong(&db, &["list"])).lines().count(), 2, "still one document");
    assert!(stdout(&fengong(&db, &["show", "1"])).contains("牵头单位：省税务局、省财政厅"));
}

#[test]
fn import_errors_name_the_file_and_exit_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let bin = dir.path().join("table.docx");
    std::fs::write(&bin, b"PK\x03\x04\x00\x00binary\x00\x00\xff\xfe").unwrap();
    let out = fengong(&db, &["import", bin.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with("错误：") && err.contains("table.docx"), "{err}");

    let missing = fengong(&db, &["import", dir.path().join("nope.txt").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("nope.txt"));

    let unknown = fengong(&db, &["show", "42"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stderr(&unknown).contains("找不到文档"), "{}", stderr(&unknown));
    // Nothing was written by the failed imports.
    assert!(stdout(&fengong(&db, &["list"])).contains("还没有文档"));
}

#[test]
fn import_a_gbk_file_and_dry_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let text = fengong::sample::SAMPLE_TEXT;
    let (gbk, _, bad) = encoding_rs::GBK.encode(text);
    assert!(!bad);
    let file = dir.path().join("附件-gbk.txt");
    std::fs::write(&file, &gbk).unwrap();
    let dry = fengong(&db, &["import", "--dry-run", file.to_str().unwrap()]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(stdout(&dry).contains("GBK") || stdout(&dry).contains("GB18030"), "{}", stdout(&dry));
    assert!(stdout(&fengong(&db, &["list"])).contains("还没有文档"), "dry run writes nothing");
    let out = fengong(&db, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let show = stdout(&fengong(&db, &["show", "1"]));
    assert!(show.contains("多缴退税E管家——管家式服务助力减税降费大礼包直达快享"), "no mojibake");
}

#[test]
fn every_subcommand_has_chinese_help() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    for sub in ["import", "sample", "list", "show", "search", "units", "bench", "render", "sheets", "fonts"] {
        let out = fengong(&db, &[sub, "--help"]);
        assert!(out.status.success(), "{sub}");
        let help = stdout(&out);
        assert!(help.contains("用法：") && help.contains("显示帮助"), "{sub}: {help}");
        assert!(
            !help.contains("Usage:") && !help.contains("Print help") && !help.contains("[default"),
            "{sub}: {help}"
        );
    }
    let bad = fengong(&db, &["bogus"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).starts_with("错误：没有“bogus”这个命令"), "{}", stderr(&bad));
    let bad = fengong(&db, &["list", "--wat"]);
    assert!(stderr(&bad).contains("不认识的参数“--wat”"), "{}", stderr(&bad));
}

// ------------------------------------------------------------------------------ backups and the trash

#[test]
fn backup_backups_restore_and_their_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let none = fengong(&db, &["backup"]);
    assert!(!none.status.success());
    assert!(stderr(&none).contains("不存在"), "{}", stderr(&none));
    assert!(!db.exists(), "backup does not create a database");

    assert!(fengong(&db, &["sample"]).status.success());
    let out = fengong(&db, &["backup"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("完整性检查通过") && stdout(&out).contains("-manual.db"),
        "{}",
        stdout(&out)
    );
    let copy = dir.path().join("拷贝.db");
    let out = fengong(&db, &["backup", "-o", copy.to_str().unwrap()]);
    assert!(out.status.success() && copy.exists(), "{}", stderr(&out));

    let list = stdout(&fengong(&db, &["backups"]));
    assert!(list.contains("手动备份") && list.contains("共 1 份"), "{list}");
    let set = fengong(&db, &["backups", "--keep-last", "5", "--keep-weeks", "2"]);
    assert!(stdout(&set).contains("保留最近 5 份"), "{}", stderr(&set));

    // Change the data, then restore the copy: the change is gone and the data before it was kept.
    let mut store = fengong::store::Store::open(&db).unwrap();
    store.delete_document(1).unwrap();
    drop(store);
    assert!(stdout(&fengong(&db, &["list"])).contains("还没有文档"));
    let out = fengong(&db, &["restore", copy.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("现有文档 1 个") && stdout(&out).contains("恢复前的数据已另存为"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&fengong(&db, &["list"])).contains("\t20\t"));

    // Refusals, each naming the file.
    let garbage = dir.path().join("乱码.db");
    std::fs::write(&garbage, "不是数据库".repeat(500)).unwrap();
    let foreign = dir.path().join("其他程序.db");
    rusqlite::Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE t(x)").unwrap();
    let newer = dir.path().join("新版本.db");
    std::fs::copy(&copy, &newer).unwrap();
    rusqlite::Connection::open(&newer).unwrap().execute_batch("PRAGMA user_version = 99").unwrap();
    for (file, says) in
        [(&garbage, "不是数据库"), (&foreign, "不是分工的数据库"), (&newer, "请升级"), (&db, "数据库本身")]
    {
        let out = fengong(&db, &["restore", file.to_str().unwrap()]);
        assert!(!out.status.success());
        let e = stderr(&out);
        assert!(e.contains(file.file_name().unwrap().to_str().unwrap()) && e.contains(says), "{e}");
    }
}

#[test]
fn a_damaged_or_foreign_database_is_named_in_chinese_and_a_damaged_one_restored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    assert!(fengong(&db, &["sample"]).status.success());
    assert!(fengong(&db, &["backup"]).status.success());
    std::fs::write(&db, vec![0x42u8; 4096]).unwrap();
    let e = stderr(&fengong(&db, &["list"]));
    assert!(e.contains("cli.db") && e.contains("已损坏") && !e.contains("file is not a database"), "{e}");
    assert!(
        e.contains("最近的完好备份") && e.contains("fengong restore"),
        "the CLI names the backup to restore: {e}"
    );
    let backups = fengong::store::backup::list_backups(&db).unwrap();
    let out = fengong(&db, &["restore", backups[0].path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("-damaged.db"), "the damaged file is kept: {}", stdout(&out));
    assert!(stdout(&fengong(&db, &["list"])).contains("\t20\t"));

    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)")
        .unwrap();
    let before = std::fs::read(&other).unwrap();
    let out = fengong(&other, &["list"]);
    let e = stderr(&out);
    assert!(!out.status.success() && e.contains("other.db") && e.contains("不是分工的数据库"), "{e}");
    assert!(e.lines().count() <= 2 && !e.contains("CREATE"), "{e}");
    assert_eq!(std::fs::read(&other).unwrap(), before);
}

#[test]
fn trash_lists_restores_and_deletes_forever() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    assert!(fengong(&db, &["sample"]).status.success());
    assert!(stdout(&fengong(&db, &["trash"])).contains("回收站是空的"));
    let mut store = fengong::store::Store::open(&db).unwrap();
    store.delete_document(1).unwrap();
    drop(store);
    let list = stdout(&fengong(&db, &["trash"]));
    assert!(
        list.contains("广东自贸试验区第八批") && list.contains("\t20\t") && list.contains("共 1 个"),
        "{list}"
    );
    let out = fengong(&db, &["trash", "--restore", "1"]);
    assert!(stdout(&out).contains("已还原文档 1"), "{}", stderr(&out));
    assert!(stdout(&fengong(&db, &["list"])).contains("\t20\t"));
    let out = fengong(&db, &["trash", "--delete", "1"]);
    assert!(
        !out.status.success() && stderr(&out).contains("回收站中的文档"),
        "only trashed documents: {}",
        stderr(&out)
    );
    let mut store = fengong::store::Store::open(&db).unwrap();
    store.delete_document(1).unwrap();
    drop(store);
    let out = fengong(&db, &["trash", "--delete", "1"]);
    assert!(stdout(&out).contains("已彻底删除文档 1"), "{}", stderr(&out));
    assert!(stdout(&fengong(&db, &["trash"])).contains("回收站是空的"));
    assert!(stdout(&fengong(&db, &["backups"])).contains("彻底删除文档前"));
    let help = stdout(&fengong(&db, &["trash", "--help"]));
    assert!(help.contains("彻底删除") && help.contains("选项"), "{help}");
}

/// What the CLI once decided itself is decided by the service now, the same for `render` and `export`.
#[test]
fn print_and_export_options_are_checked_alike() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opts.db");
    assert!(fengong(&db, &["sample"]).status.success());
    let pdf = dir.path().join("附件.pdf");
    let docx = dir.path().join("附件.docx");
    let (pdf_s, docx_s) = (pdf.to_str().unwrap(), docx.to_str().unwrap());

    // --first-page 0 is refused by both (render turned it into 1 before).
    for args in [
        ["render", "1", "-o", pdf_s, "--first-page", "0"],
        ["export", "1", "-o", docx_s, "--first-page", "0"],
    ] {
        let o = fengong(&db, &args);
        assert!(!o.status.success() && stderr(&o).contains("起始页码 0 无效"), "{args:?}: {}", stderr(&o));
    }
    // A 发文字号 over the limit is refused by both (export accepted it before).
    let long = "号".repeat(150);
    for args in [
        ["render", "1", "-o", pdf_s, "--doc-number", &long],
        ["export", "1", "-o", docx_s, "--doc-number", &long],
    ] {
        let o = fengong(&db, &args);
        assert!(!o.status.success() && stderr(&o).contains("“发文字号”过长"), "{}: {}", args[0], stderr(&o));
    }
    // Asking for the document's own 发文字号 when it has none is refused by both, with the same message.
    for args in [["render", "1", "-o", pdf_s, "--doc-number"], ["export", "1", "-o", docx_s, "--doc-number"]]
    {
        let o = fengong(&db, &args);
        assert!(!o.status.success() && stderr(&o).contains("没有发文字号"), "{}: {}", args[0], stderr(&o));
    }
    assert!(!pdf.exists() && !docx.exists());
    // A named format the extension contradicts is refused; one the extension does not name is the user's.
    let o = fengong(&db, &["export", "1", "--format", "xlsx", "-o", docx_s]);
    assert!(
        !o.status.success() && stderr(&o).contains("扩展名 .docx 与导出格式 xlsx 不符"),
        "{}",
        stderr(&o)
    );
    let txt = dir.path().join("附件.txt");
    let o = fengong(&db, &["export", "1", "--format", "csv", "-o", txt.to_str().unwrap()]);
    assert!(
        o.status.success() && stdout(&o).contains("CSV 文件") && stdout(&o).contains("20 项"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn search_limit_zero_finds_nothing_and_an_over_large_limit_says_it_was_capped() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("limit.db");
    assert!(fengong(&db, &["sample"]).status.success());
    let none = fengong(&db, &["search", "税务局", "--limit", "0"]);
    assert!(none.status.success() && stdout(&none).contains("没有找到匹配的事项"), "{}", stdout(&none));
    let one = stdout(&fengong(&db, &["search", "税务局", "--limit", "1"]));
    assert!(one.contains("共找到 1 项。"), "{one}");
    let many = fengong(&db, &["search", "税务局", "--limit", "5000"]);
    assert!(stdout(&many).contains("共找到 9 项。"), "{}", stdout(&many));
    assert!(stderr(&many).contains("最多显示 1000 条"), "{}", stderr(&many));
    let within = fengong(&db, &["search", "税务局", "--limit", "1000"]);
    assert!(!stderr(&within).contains("最多显示"), "{}", stderr(&within));
}

#[test]
fn sheets_unit_default_file_is_the_suggested_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("name.db");
    assert!(fengong(&db, &["sample"]).status.success());
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_fengong"))
        .current_dir(dir.path())
        .arg("--db")
        .arg(&db)
        .args(["sheets", "--unit", "省税务局", "--with-cooperating"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("省税务局承担任务清单.pdf").is_file(), "{}", stdout(&o));
}

#[test]
fn redirected_output_takes_the_encoding_asked_for() {
    // On Windows `auto` follows the console's code page when redirected (tested under Wine by
    // tools/windows.sh); the choice itself is tested here on the real binary.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    assert!(fengong(&db, &["sample"]).status.success());
    let title = "广东自贸试验区第八批可复制推广改革创新经验任务分工表";

    let utf8 = fengong(&db, &["list"]);
    assert!(stdout(&utf8).contains(title), "UTF-8 by default off Windows");

    let gbk = fengong(&db, &["--encoding", "gbk", "list"]);
    assert!(gbk.status.success());
    assert!(std::str::from_utf8(&gbk.stdout).is_err(), "GBK bytes are not UTF-8");
    let (text, _, bad) = encoding_rs::GBK.decode(&gbk.stdout);
    assert!(!bad && text.contains(title), "{text}");
    // Errors and notes on stderr too.
    let missing = fengong(&db, &["show", "404", "--encoding", "gbk"]);
    assert!(!missing.status.success());
    let (err, _, bad) = encoding_rs::GBK.decode(&missing.stderr);
    assert!(!bad && err.contains("错误"), "{err}");

    let refused = fengong(&db, &["--encoding", "latin1", "list"]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("utf-8") && stderr(&refused).contains("gbk"), "{}", stderr(&refused));
}

/// `fengong deadlines`: every 完成时限 with how it was read and its due date on the day asked for; working
/// days counted across a 调休 weekend and a long holiday; an unreadable one listed, never dated.
#[test]
fn deadlines_say_how_each_was_read_and_when_it_is_due() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let file = dir.path().join("时限.txt");
    std::fs::write(
        &file,
        "附件\n重点任务分工表\n序号\t事项\t牵头单位\t完成时限\n1\t建设平台\t省财政厅\t2024年底前\n\
         2\t清理证明\t省司法厅\t6月底前\n3\t报送进展\t省政数局\t每月25日前\n4\t总结\t省发展改革委\t印发之日起5个工作日内\n\
         5\t推进\t省商务厅\t长期坚持\n6\t其他\t省商务厅\t按国家部署推进\n",
    )
    .unwrap();
    let o = fengong(&db, &["--encoding", "utf-8", "import", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let run = |date: &str| {
        let o = fengong(&db, &["--encoding", "utf-8", "deadlines", "1", "--date", date]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let out = run("2025-11-26");
    assert!(out.contains("“2024年底前” 读作 2024年12月31日（到年底）；截止 2024年12月31日（已过）"), "{out}");
    assert!(out.contains("“每月25日前” 读作 每月25日前；截止 2025年12月25日"), "{out}");
    assert!(out.contains("“6月底前” 读作 成文日期当年的6月底；无法推算：文档没有成文日期"), "{out}");
    assert!(out.contains("未能读出日期的完成时限 1 项") && out.contains("6“按国家部署推进”"), "{out}");
    // With the issue date (Friday 2025-09-26): 5 working days reach Friday 10/10 (Sunday 9/28 worked,
    // 10/1–10/8 off); 6月底前 is June of the issue year.
    {
        let mut store = fengong::store::Store::open(&db).unwrap();
        let doc = store.document(1).unwrap();
        let mut draft = doc.to_draft();
        draft.issue_date = chrono::NaiveDate::from_ymd_opt(2025, 9, 26);
        store.update_document(1, &draft).unwrap();
    }
    let out = run("2025-11-26");
    assert!(
        out.contains("读作 自成文日期起 5 个工作日（按国务院放假安排）内；截止 2025年10月10日（已过）"),
        "{out}"
    );
    assert!(out.contains("“6月底前” 读作 成文日期当年的6月底；截止 2025年6月30日（已过）"), "{out}");
    let o = fengong(&db, &["deadlines", "1", "--date", "2025-13-01"]);
    assert!(!o.status.success() && stderr(&o).contains("YYYY-MM-DD"), "{}", stderr(&o));
    let o =
        fengong(&db, &["deadlines", "1", "--holidays", dir.path().join("无此文件.json").to_str().unwrap()]);
    assert!(!o.status.success(), "a missing holiday file is an error");
}
