//! The Word importer called directly (the integration tests in tests/import_docx.rs go through
//! `parse_any`, which refuses some damaged files before they reach it).

use std::io::Write;

use super::*;

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, body) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(body).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn docx(body: &str) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    zip_of(&[("word/document.xml", xml.as_bytes())])
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn row(cells: &[&str]) -> String {
    let tcs: String = cells.iter().map(|c| format!("<w:tc>{}</w:tc>", p(c))).collect();
    format!("<w:tr>{tcs}</w:tr>")
}

#[test]
fn damaged_packages_are_refused_by_name() {
    let e = parse(b"PK\x03\x04 cut here", "附件.docx").unwrap_err().to_string();
    assert!(e.contains("附件.docx") && e.contains("文件不完整或已损坏"), "{e}");
    let e = parse(&zip_of(&[("word/other.xml", b"<x/>")]), "附件.docx").unwrap_err().to_string();
    assert!(e.contains("word/document.xml") && e.contains("未导入"), "{e}");
    let e = parse(&zip_of(&[("word/document.xml", b"\xFF\xFE\x00<")]), "a.docx").unwrap_err().to_string();
    assert!(e.contains("a.docx"), "{e}");
    let e = parse(&zip_of(&[("word/document.xml", b"<w:document>\xC3\x28</w:document>")]), "a.docx")
        .unwrap_err()
        .to_string();
    assert!(e.contains("UTF-8"), "{e}");
}

#[test]
fn a_corrupted_entry_is_a_clear_error() {
    let good = docx(&format!("{}<w:tbl>{}{}</w:tbl>", p("标题"), row(&["序号", "事项", "牵头单位"]), row(&["1", "甲", "乙"])));
    // Flip bytes inside the compressed data (after the local header, before the central directory).
    let mut bad = good.clone();
    for b in &mut bad[60..90] {
        *b ^= 0x5A;
    }
    let e = parse(&bad, "坏.docx").unwrap_err().to_string();
    assert!(e.contains("坏.docx") && (e.contains("已损坏") || e.contains("有误")), "{e}");
}

#[test]
fn the_first_table_with_a_header_is_the_annex_and_a_split_table_is_joined() {
    let body = format!(
        "{}{}<w:tbl>{}</w:tbl><w:p/><w:tbl>{}{}</w:tbl><w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>{}<w:tbl>{}{}</w:tbl><w:tbl>{}</w:tbl>{}{}",
        p("附件2"),
        p("标题"),
        row(&["联系人", "电话"]),
        row(&["序号", "事项", "牵头单位"]),
        row(&["1", "甲", "省财政厅"]),
        p("续表"),
        row(&["序号", "事项", "牵头单位"]),
        row(&["2", "乙", "省教育厅"]),
        row(&["x", "y"]),
        p("抄送：各市人民政府"),
        p("2020年1月1日"),
    );
    let a = parse(&docx(&body), "分工.docx").unwrap();
    assert_eq!(a.annex_label, "附件2");
    assert_eq!(a.title, "标题");
    assert_eq!(a.item_count(), 2);
    assert_eq!(a.rows[1].draft.title, "乙");
    assert_eq!(a.report.format, FORMAT);
    assert_eq!(a.report.lines, 13);
    assert_eq!(a.report.header_line, 5);
    assert_eq!(a.report.repeated_headers, vec![9]);
    assert_eq!(a.report.unplaced.len(), 1, "{:?}", a.report.unplaced);
    assert_eq!(a.report.unplaced[0].line, 3);
    let w: Vec<String> = a.report.to_lines();
    assert!(w.iter().any(|l| l.contains("第 12 行：表格之后还有 2 段文字")), "{w:#?}");
    assert!(w.iter().any(|l| l.contains("第 11 行：分工表之后还有 1 个表格（共 1 行）")), "{w:#?}");
    assert!(w.iter().any(|l| l.contains("第 8 行：“续表”")), "{w:#?}");
}

#[test]
fn no_table_and_no_header_are_refused() {
    let e = parse(&docx(&p("只有文字")), "a.docx").unwrap_err().to_string();
    assert!(e.contains("文档中没有表格"), "{e}");
    let e = parse(&docx(&format!("<w:tbl>{}</w:tbl>", row(&["甲", "乙"]))), "a.docx").unwrap_err().to_string();
    assert!(e.contains("1 个表格") && e.contains("表头"), "{e}");
    let e = parse(&docx(&format!("{}<w:tbl><w:tr><w:tc>", p("附件"))), "a.docx").unwrap_err().to_string();
    assert!(e.contains("第 2 行") && e.contains("第 1 个表格第 1 行") && e.contains("XML"), "{e}");
}
