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
    assert!(text.contains("事项 20 项") && text.contains("牵头 30 条") && text.contains("新建单位 13 个"), "{text}");
    assert!(text.contains("第 11、16、21、26、33、38 行"), "repeated headers reported: {text}");

    let list = stdout(&fengong(&db, &["list"]));
    assert!(list.contains("广东自贸试验区第八批可复制推广改革创新经验任务分工表") && list.contains("\t20\t"), "{list}");

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

    let units = stdout(&fengong(&db, &["units"]));
    assert!(units.lines().any(|l| l.ends_with("省税务局") && l.contains("\t9\t")), "{units}");
    assert_eq!(units.lines().count(), 14, "header + 13 units: {units}");

    let again = fengong(&db, &["sample"]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("已经导入过"), "{}", stderr(&again));
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
        assert!(!help.contains("Usage:") && !help.contains("Print help") && !help.contains("[default"), "{sub}: {help}");
    }
    let bad = fengong(&db, &["bogus"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).starts_with("错误：没有“bogus”这个命令"), "{}", stderr(&bad));
    let bad = fengong(&db, &["list", "--wat"]);
    assert!(stderr(&bad).contains("不认识的参数“--wat”"), "{}", stderr(&bad));
}
