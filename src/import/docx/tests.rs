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
    let good = docx(&format!(
        "{}<w:tbl>{}{}</w:tbl>",
        p("标题"),
        row(&["序号", "事项", "牵头单位"]),
        row(&["1", "甲", "乙"])
    ));
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
    // The other table's row before, and after the annex: the other table's row and the two paragraphs.
    let unplaced: Vec<usize> = a.report.unplaced.iter().map(|u| u.line).collect();
    assert_eq!(unplaced, vec![3, 11, 12, 13], "{:?}", a.report.unplaced);
    let w: Vec<String> = a.report.to_lines();
    assert!(w.iter().any(|l| l.contains("第 12 行：表格之后还有 2 段文字")), "{w:#?}");
    assert!(w.iter().any(|l| l.contains("第 11 行：分工表之后还有 1 个表格（共 1 行）")), "{w:#?}");
    assert!(w.iter().any(|l| l.contains("第 8 行：“续表”")), "{w:#?}");
}

#[test]
fn a_split_table_with_a_continued_above_mark_is_joined_and_the_mark_left_out() {
    // 续上表 between the two parts: the tables are joined (as with 续表) and the mark is not an item or a
    // heading (the record rules used to miss it).
    let body = format!(
        "{}{}<w:tbl>{}{}</w:tbl>{}<w:tbl>{}{}</w:tbl>",
        p("附件"),
        p("标题"),
        row(&["序号", "事项", "牵头单位"]),
        row(&["1", "甲", "省财政厅"]),
        p("续上表"),
        row(&["序号", "事项", "牵头单位"]),
        row(&["2", "乙", "省教育厅"]),
    );
    let a = parse(&docx(&body), "分工.docx").unwrap();
    assert_eq!(a.item_count(), 2);
    assert!(a.rows.iter().all(|r| !r.draft.is_heading), "{:?}", a.rows);
    let w: Vec<String> = a.report.to_lines();
    assert!(w.iter().any(|l| l.contains("第 5 行：“续表”")), "{w:#?}");
}

#[test]
fn no_table_and_no_header_are_refused() {
    let e = parse(&docx(&p("只有文字")), "a.docx").unwrap_err().to_string();
    assert!(e.contains("文档中没有表格"), "{e}");
    let e =
        parse(&docx(&format!("<w:tbl>{}</w:tbl>", row(&["甲", "乙"]))), "a.docx").unwrap_err().to_string();
    assert!(e.contains("文档中的表格没有找到表头行"), "{e}");
    let wide = format!("{}<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"99999999999\"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>", p("附件"));
    let e = parse(&docx(&wide), "a.docx").unwrap_err().to_string();
    assert!(e.contains("第 2 行") && e.contains("1000 列") && e.contains("最多 512 列"), "{e}");
    let e = parse(&docx(&format!("{}<w:tbl><w:tr><w:tc>", p("附件"))), "a.docx").unwrap_err().to_string();
    assert!(e.contains("第 2 行") && e.contains("第 1 个表格第 1 行") && e.contains("XML"), "{e}");
}

#[test]
fn a_plan_in_paragraphs_is_read_as_prose_with_paragraph_numbers() {
    let body = [
        p("附件"),
        p("数字政府建设工作分工方案"),
        format!("<w:tbl>{}</w:tbl>", row(&["说明", "本表无表头"])),
        p("一、提升政务服务效能"),
        p("1.深化政务服务“网上办”。建设网上办事大厅。（牵头单位：市行政审批服务局；责任单位：市直有关部门、单位）"),
        p("2.推进“跨省通办”。（市行政审批服务局牵头，市公安局配合）"),
    ]
    .concat();
    let a = parse(&docx(&body), "方案.docx").unwrap();
    assert!(a.report.format.contains("分工方案"), "{}", a.report.format);
    assert_eq!(a.title, "数字政府建设工作分工方案");
    let items: Vec<_> = a.rows.iter().filter(|r| !r.draft.is_heading).collect();
    assert_eq!(items.len(), 2);
    // Lines count paragraphs and table rows, as for a table in Word.
    assert_eq!(items[0].line, 5);
    assert_eq!(items[0].draft.title, "深化政务服务“网上办”");
    let names: Vec<&str> = items[1].draft.units.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, vec!["市行政审批服务局", "市公安局"]);
    let unplaced: Vec<(usize, &str)> = a.report.unplaced.iter().map(|u| (u.line, u.text.as_str())).collect();
    assert_eq!(unplaced, vec![(3, "说明\t本表无表头")]);
}

#[test]
fn the_decompressed_size_is_capped() {
    let body =
        format!("{}<w:tbl>{}{}</w:tbl>", p(&"长".repeat(2000)), row(&["序号", "事项"]), row(&["1", "甲"]));
    let bytes = docx(&body);
    assert!(document_xml(&bytes, "a.docx", 1 << 20).is_ok());
    let e = document_xml(&bytes, "炸弹.docx", 4096).unwrap_err().to_string();
    assert!(e.contains("炸弹.docx") && e.contains("超过 1 MB"), "{e}");
}

#[test]
fn a_header_in_two_rows_is_combined_also_where_it_is_repeated() {
    let tc = |props: &str, text: &str| format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text));
    let restart = r#"<w:vMerge w:val="restart"/>"#;
    let cont = "<w:vMerge/>";
    let upper = format!(
        "<w:tr>{}{}{}</w:tr>",
        tc(restart, "序号"),
        tc(restart, "事项"),
        tc(r#"<w:gridSpan w:val="2"/>"#, "责任单位")
    );
    let lower =
        format!("<w:tr>{}{}{}{}</w:tr>", tc(cont, ""), tc(cont, ""), tc("", "牵头单位"), tc("", "配合单位"));
    let body = format!(
        "{}<w:tbl>{upper}{lower}{}{upper}{lower}{}</w:tbl>",
        p("标题"),
        row(&["1", "甲", "省财政厅", "省审计厅"]),
        row(&["2", "乙", "省教育厅", ""]),
    );
    let a = parse(&docx(&body), "两行表头.docx").unwrap();
    let labels: Vec<&str> = a.columns.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["序号", "事项", "牵头单位", "配合单位"]);
    assert_eq!(a.item_count(), 2);
    assert_eq!(a.rows[0].draft.units.len(), 2);
    assert_eq!(a.rows[1].draft.title, "乙");
    assert_eq!(a.report.header_line, 2);
    assert_eq!(a.report.repeated_headers, vec![5]);
    let lines = a.report.to_lines();
    assert!(lines.iter().any(|l| l.contains("第 2 行：表头占两行（第 2、3 行")), "{lines:#?}");
    assert!(a.report.unplaced.is_empty(), "{lines:#?}");
}

/// Every cut and many single-byte changes of a small document: an annex or a clear error, never a panic.
#[test]
fn damaged_xml_never_panics() {
    let body = format!(
        "{}{}<w:tbl>{}<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/><w:vMerge w:val=\"restart\"/></w:tcPr>{}</w:tc><w:tc>{}</w:tc></w:tr>{}</w:tbl>{}",
        p("附件"),
        p("标题 &amp; &#x4E01;"),
        row(&["序号", "事项", "牵头单位"]),
        p("1"),
        p("甲"),
        "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"x2\"/><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>",
        p("落款")
    );
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    assert!(parse(&zip_of(&[("word/document.xml", xml.as_bytes())]), "a.docx").is_ok());
    let bytes = xml.as_bytes();
    let mut outcomes = (0, 0);
    for cut in 0..bytes.len() {
        let r = parse(&zip_of(&[("word/document.xml", &bytes[..cut])]), "a.docx");
        if r.is_ok() {
            outcomes.0 += 1
        } else {
            outcomes.1 += 1
        }
    }
    for i in (0..bytes.len()).step_by(3) {
        for b in [b'<', b'>', b'/', b'"', b'&', 0xFF, b'x'] {
            let mut m = bytes.to_vec();
            m[i] = b;
            let _ = parse(&zip_of(&[("word/document.xml", &m)]), "a.docx");
        }
    }
    assert!(outcomes.1 > bytes.len() / 2, "most cuts are refused: {outcomes:?}");
}

#[test]
fn a_whole_notice_with_the_annex_at_its_end_starts_at_the_label() {
    let body = format!(
        "{}{}{}{}{}<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>{}{}<w:tbl>{}{}</w:tbl>",
        p("广东省人民政府办公厅"),
        p("粤府办〔2020〕12号"),
        p("关于印发任务分工表的通知"),
        p("各地级以上市人民政府：现将任务分工表印发给你们，请认真贯彻执行。"),
        p("附件：任务分工表"),
        p("附件"),
        p("任务分工表"),
        row(&["序号", "事项", "牵头单位"]),
        row(&["1", "甲", "省财政厅"]),
    );
    let a = parse(&docx(&body), "通知.docx").unwrap();
    assert_eq!((a.annex_label.as_str(), a.title.as_str()), ("附件", "任务分工表"));
    assert_eq!(a.doc_number.as_deref(), Some("粤府办〔2020〕12号"));
    assert_eq!(a.item_count(), 1);
    let lines = a.report.to_lines();
    assert!(
        lines.iter().any(|l| l.starts_with(
            "第 1 行：“附件”标注之前还有 4 段文字（通知正文等），未导入（第一段：“广东省人民政府办公厅”）"
        )),
        "{lines:#?}"
    );
    // Each paragraph of the notice is in the report with its line, not only counted.
    let unplaced: Vec<usize> = a.report.unplaced.iter().map(|u| u.line).collect();
    assert_eq!(unplaced, vec![1, 3, 4, 5], "{lines:#?}");
}
