//! A 分工方案 written as running text, round trip through the real `fengong` binary: import (with the
//! preview of `--dry-run`), then the annex PDF, Word and Excel made from it carry its tasks and units.

mod common;

use common::{fengong, pdf_text, require, squeeze, zip_text};

const PLAN: &str = "附件

省数字政府改革建设工作分工方案

一、提升政务服务效能
（一）深化“一网通办”。
1.推进政务服务事项标准化。编制全省统一的政务服务事项清单。（省政务服务数据管理局牵头，省有关单位按职责分工负责）
2.推行“跨省通办”。（省政务服务数据管理局、省公安厅牵头，各地级以上市人民政府负责，年内持续推进）
二、强化数据共享
3.建设数据共享平台。
牵头单位：省政务服务数据管理局
配合单位：省发展改革委、省财政厅
完成时限：2025年12月底前
";

#[test]
fn a_plan_in_prose_imports_and_prints_as_an_annex() {
    require("pdftotext", "-v", "poppler-utils");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("prose.db");
    let plan = dir.path().join("分工方案.txt");
    std::fs::write(&plan, PLAN).unwrap();

    let dry = fengong(&db, &["--encoding", "utf-8", "import", plan.to_str().unwrap(), "--dry-run"]);
    let out = String::from_utf8(dry.stdout).unwrap();
    assert!(dry.status.success(), "{}", String::from_utf8_lossy(&dry.stderr));
    assert!(out.contains("分工方案正文"), "the shape is named: {out}");
    assert!(out.contains("【一、提升政务服务效能】"), "{out}");
    assert!(
        out.contains("推行“跨省通办”；牵头：省政务服务数据管理局、省公安厅；责任：各地级以上市人民政府；时限：年内持续推进"),
        "{out}"
    );
    assert!(
        out.contains("建设数据共享平台；牵头：省政务服务数据管理局；配合：省发展改革委、省财政厅"),
        "{out}"
    );
    assert!(!db.exists(), "a dry run creates no database");

    let o = fengong(&db, &["import", plan.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("事项 3 项") && text.contains("分组标题 3 行"), "{text}");

    let pdf = dir.path().join("附件.pdf");
    let o = fengong(&db, &["render", "1", "-o", pdf.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let printed = squeeze(&pdf_text(&pdf, "-raw"));
    for expected in [
        "省数字政府改革建设工作分工方案",
        "推进政务服务事项标准化",
        "各地级以上市人民政府",
        "省发展改革委",
        "一、提升政务服务效能",
    ] {
        assert!(printed.contains(expected), "{expected} not printed: {printed}");
    }

    for ext in ["docx", "xlsx"] {
        let file = dir.path().join(format!("附件.{ext}"));
        let o = fengong(&db, &["export", "1", "-o", file.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let bytes = std::fs::read(&file).unwrap();
        let xml = if ext == "docx" {
            zip_text(&bytes, "word/document.xml")
        } else {
            zip_text(&bytes, "xl/sharedStrings.xml")
        };
        for expected in ["推行“跨省通办”", "省公安厅", "配合单位", "年内持续推进"] {
            assert!(xml.contains(expected), "{ext}: {expected} missing");
        }
    }
}
