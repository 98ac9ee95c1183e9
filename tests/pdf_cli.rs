//! The printing subcommands run as a real process: `fengong render`, `fengong sheets`, `fengong fonts`.

mod pdf_util;

use std::path::Path;
use std::process::{Command, Output};

use pdf_util::*;

fn fengong(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fengong")).arg("--db").arg(db).args(args).output().unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "失败：{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn render_and_sheets_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    ok(&fengong(&db, &["sample"]));

    // By id, portrait 3号 default.
    let a = dir.path().join("附件.pdf");
    let out = ok(&fengong(&db, &["render", "1", "-o", a.to_str().unwrap()]));
    assert!(out.contains("已生成") && out.contains("A4 纵向"), "{out}");
    let portrait_pages = page_sizes(&a).len();
    qpdf_check(&a);

    // By title, landscape bound, 小四, first page 4, 续表, document number.
    let b = dir.path().join("b.pdf");
    let title = "广东自贸试验区第八批可复制推广改革创新经验任务分工表";
    ok(&fengong(
        &db,
        &[
            "render",
            title,
            "-o",
            b.to_str().unwrap(),
            "--setup",
            "landscape-bound",
            "--size",
            "小四",
            "--first-page",
            "4",
            "--continued",
            "--doc-number",
            "粤府函〔2020〕77号",
        ],
    ));
    let sizes = page_sizes(&b);
    assert!(sizes.len() < portrait_pages, "小四横排应比 3号纵向页数少：{} vs {portrait_pages}", sizes.len());
    for s in &sizes {
        assert_size(*s, A4_PORTRAIT);
    }
    let pages = pages_text(&b);
    assert!(squash(&pages[0]).contains("粤府函〔2020〕77号附件"), "{}", pages[0]);
    assert!(squash(&pages[0]).contains("—4—"), "首页页码应为 4：{}", pages[0]);
    assert!(squash(&pages[1]).contains("续表"), "{}", pages[1]);

    // Standalone landscape, 五号.
    let c = dir.path().join("c.pdf");
    ok(&fengong(&db, &["render", "1", "-o", c.to_str().unwrap(), "--setup", "landscape", "--size", "10.5"]));
    for s in page_sizes(&c) {
        assert_size(s, A4_LANDSCAPE);
    }

    // Errors are Chinese and leave no file.
    let bad = fengong(&db, &["render", "不存在的文档", "-o", dir.path().join("x.pdf").to_str().unwrap()]);
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("找不到"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    assert!(!dir.path().join("x.pdf").exists());
    let bad = fengong(&db, &["render", "1", "-o", "y.pdf", "--size", "9"]);
    assert!(!bad.status.success() && String::from_utf8_lossy(&bad.stderr).contains("五号"));

    // One unit's sheet, then all units into a folder.
    let s = dir.path().join("s.pdf");
    let out = ok(&fengong(&db, &["sheets", "--unit", "省税务局", "-o", s.to_str().unwrap()]));
    assert!(out.contains("省税务局"), "{out}");
    assert!(squash(&pdftotext_raw(&s)).contains("省税务局牵头任务清单"));
    let folder = dir.path().join("清单");
    let out = ok(&fengong(&db, &["sheets", "--all", "-o", folder.to_str().unwrap(), "--with-cooperating"]));
    let files: Vec<_> = std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(files.len() >= 5, "{out}");
    for f in &files {
        assert!(f.to_str().unwrap().ends_with("承担任务清单.pdf"), "{f:?}");
        qpdf_check(f);
    }
    let bad = fengong(&db, &["sheets", "--unit", "不存在的单位"]);
    assert!(!bad.status.success() && String::from_utf8_lossy(&bad.stderr).contains("找不到单位"));
}

#[test]
fn fonts_lists_the_shipped_faces() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(&fengong(&dir.path().join("f.db"), &["fonts"]));
    assert!(out.contains("Fandol 仿宋（内置）") && out.contains("Fandol 黑体（内置）"), "{out}");
}
