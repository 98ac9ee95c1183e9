//! Import tests on the real seed and on crafted edge cases.

use std::collections::BTreeMap;

use super::*;
use crate::model::{ColumnKind, Role, UnitRef};

const SEED: &str = include_str!("../../samples/gd-ftz-batch8.txt");

fn parse(s: &str) -> ParsedAnnex {
    parse_annex(s.as_bytes(), "test.txt").expect("parses")
}

fn lead_names(r: &ParsedRow) -> Vec<&str> {
    r.draft.units.iter().filter(|u| u.role == Role::Lead).map(|u| u.name.as_str()).collect()
}

fn header5() -> &'static str {
    "附件\n\n测试任务分工表\n\n序号\t事项\t主要内容\t牵头单位\t复制推广范围\n"
}

#[test]
fn seed_imports_completely() {
    let p = parse(SEED);
    assert_eq!(p.annex_label, "附件");
    assert_eq!(p.doc_number, None);
    assert_eq!(p.title, "广东自贸试验区第八批可复制推广\n改革创新经验任务分工表");
    let kinds: Vec<ColumnKind> = p.columns.iter().map(|c| c.kind.clone()).collect();
    assert_eq!(
        kinds,
        vec![
            ColumnKind::Number,
            ColumnKind::Title,
            ColumnKind::Content,
            ColumnKind::LeadUnits,
            ColumnKind::Scope
        ]
    );
    assert_eq!(p.columns[4].label, "复制推广范围");
    assert_eq!(p.columns[2].width, crate::model::default_width(&ColumnKind::Content));
    assert_eq!(p.rows.len(), 20);
    assert!(p.rows.iter().all(|r| !r.draft.is_heading && r.draft.number_label.is_none()));
    // The header first appears on line 7 and is repeated six times where the original's pages broke.
    assert_eq!(p.report.header_line, 7);
    assert_eq!(p.report.repeated_headers, vec![11, 16, 21, 26, 33, 38]);
    assert_eq!(p.rows[0].line, 8);
    assert_eq!(p.rows[19].line, 39);
    assert_eq!(p.report.encoding, "UTF-8");
    assert!(p.report.unplaced.is_empty(), "{:?}", p.report.unplaced);
    assert!(p.report.warnings.is_empty(), "{:?}", p.report.warnings);
    assert!(p.report.normalised.is_empty(), "{:?}", p.report.normalised);

    let item20 = &p.rows[19].draft;
    assert!(item20.title.starts_with("以“互动”促“主动”"));
    assert!(!item20.content.contains("<p>") && !item20.content.contains("</p>"));
    assert!(item20.content.starts_with("依托市场监管部门信息化平台"));
    assert!(item20.content.ends_with("实现零距离在线监管。"));
    assert_eq!(p.report.html_cleaned, vec![39]);

    assert_eq!(lead_names(&p.rows[17]), vec!["省公安厅", "省法院", "省检察院"]);
    assert_eq!(p.rows[17].draft.title, "诚信诉讼行为奖惩制度改革");

    let mut scopes: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &p.rows {
        *scopes.entry(r.draft.scope.as_str()).or_default() += 1;
    }
    assert_eq!(scopes.len(), 3);
    assert_eq!(scopes["全省范围"], 15);
    assert_eq!(scopes["全省除深圳市以外的地区（深圳市已复制推广）"], 4);
    assert_eq!(scopes["全省海关特殊监管区域"], 1);

    let leads: Vec<&str> = p.rows.iter().flat_map(lead_names).collect();
    assert_eq!(leads.len(), 30);
    let distinct: std::collections::BTreeSet<&str> = leads.iter().copied().collect();
    assert_eq!(distinct.len(), 13);
    assert!(p.rows.iter().flat_map(|r| &r.draft.units).all(|u| u.role == Role::Lead));

    let all: String = p.rows.iter().map(|r| r.draft.content.as_str()).collect();
    assert!(all.contains("WMS（仓储管理系统）"));
    assert!(all.contains("7×24小时"));
    assert!(all.contains("1-2分钟"));
    assert!(p.rows[6].draft.content.contains("131条"));
}

#[test]
fn report_renders_chinese_lines() {
    let p = parse(SEED);
    let lines = p.report.to_lines();
    assert!(lines[0].contains("test.txt") && lines[0].contains("UTF-8"), "{lines:?}");
    assert!(
        lines.iter().any(|l| l.contains("略去重复的表头 6 处") && l.contains("第 11、16、21、26、33、38 行")),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l.starts_with("第 39 行：") && l.contains("网页格式")), "{lines:?}");
    assert!(p.report.is_clean());
}

#[test]
fn half_width_punctuation_in_chinese_is_converted_and_reported() {
    let text = SEED.replace("WMS（仓储管理系统）", "WMS(仓储管理系统)").replace("经营情况及", "经营情况,及");
    assert_ne!(text, SEED);
    let p = parse(&text);
    let item12 = &p.rows[11].draft;
    assert!(item12.content.contains("WMS（仓储管理系统）"));
    assert!(p.rows[8].draft.content.contains("经营情况，及"));
    let n = &p.report.normalised;
    assert_eq!(n.len(), 2, "{n:?}");
    assert_eq!((n[0].line, n[0].column.as_str()), (22, "主要内容"));
    assert!(n[0].before.contains(",及") && n[0].after.contains("，及"));
    assert_eq!((n[1].line, n[1].column.as_str()), (27, "主要内容"));
    assert!(n[1].before.contains("WMS(仓储") && n[1].after.contains("WMS（仓储"), "{:?}", n[1]);
    // Latin runs stay.
    let p = parse(&format!("{}1\t比例A,B与3.5倍\t内容:7×24\t省税务局\t全省范围\n", header5()));
    assert_eq!(p.rows[0].draft.title, "比例A,B与3.5倍");
    assert_eq!(p.rows[0].draft.content, "内容：7×24");
    assert_eq!(p.report.normalised.len(), 1);
    assert!(p.report.to_lines().iter().any(|l| l.starts_with("第 6 行：主要内容中半角标点改为全角")));
}

#[test]
fn doc_number_label_and_title_split_across_lines() {
    let text =
        "粤府函〔2020〕77号  附件2\n\n广东省某某改革\n任务分工表\n\n序号\t事项\t牵头单位\n1\t甲\t省A厅\n";
    let p = parse(text);
    assert_eq!(p.doc_number.as_deref(), Some("粤府函〔2020〕77号"));
    assert_eq!(p.annex_label, "附件2");
    assert_eq!(p.title, "广东省某某改革\n任务分工表");
    assert!(p.report.unplaced.is_empty());
}

#[test]
fn quoted_multi_line_cell_is_kept() {
    let text = format!(
        "{}1\t事项甲\t\"第一段，含\"\"引号\"\"。\n第二段。\"\t省A厅\n省B厅\t全省范围\n2\t事项乙\t内容\t省C厅\t全省范围\n",
        header5()
    );
    let text = text.replace("省A厅\n省B厅", "\"省A厅\n省B厅\"");
    let p = parse(&text);
    assert_eq!(p.rows.len(), 2);
    assert_eq!(p.rows[0].draft.content, "第一段，含\"引号\"。\n第二段。");
    assert_eq!(lead_names(&p.rows[0]), vec!["省A厅", "省B厅"]);
    assert_eq!(p.rows[0].line, 6);
    assert_eq!(p.rows[1].line, 9);
    assert!(p.report.is_clean(), "{:?}", p.report);
}

#[test]
fn unknown_header_becomes_custom_column_with_values() {
    let text = "附件\n标题\n序号\t事项\t配合单位\t完成时限\t进展情况\t备注\n1\t甲\t省A厅、省B厅\t2026年12月底\t已启动\t无\n2\t乙\t\t2026-06-30\t未启动\t\n";
    let p = parse(text);
    let kinds: Vec<ColumnKind> = p.columns.iter().map(|c| c.kind.clone()).collect();
    assert_eq!(
        kinds,
        vec![
            ColumnKind::Number,
            ColumnKind::Title,
            ColumnKind::CoopUnits,
            ColumnKind::Deadline,
            ColumnKind::Custom("进展情况".into()),
            ColumnKind::Notes
        ]
    );
    assert_eq!(p.rows[0].draft.custom.get("进展情况").map(String::as_str), Some("已启动"));
    assert_eq!(p.rows[1].draft.custom.get("进展情况").map(String::as_str), Some("未启动"));
    assert_eq!(p.rows[0].draft.notes, "无");
    assert_eq!(
        p.rows[0].draft.units.iter().map(|u| (u.name.as_str(), u.role)).collect::<Vec<_>>(),
        vec![("省A厅", Role::Cooperating), ("省B厅", Role::Cooperating)]
    );
    assert_eq!(p.rows[0].draft.deadline_text, "2026年12月底");
    assert_eq!(p.rows[0].draft.deadline, chrono::NaiveDate::from_ymd_opt(2026, 12, 31));
    assert_eq!(p.rows[1].draft.deadline, chrono::NaiveDate::from_ymd_opt(2026, 6, 30));
}

#[test]
fn unit_cells_split_on_all_separators() {
    let text = format!("{}1\t甲\t内容\t 省A厅，省B厅,省C厅；省D厅;\n省E厅、、 \t全省范围\n", header5())
        .replace(" 省A厅，省B厅,省C厅；省D厅;\n省E厅、、 ", "\" 省A厅，省B厅,省C厅；省D厅;\n省E厅、、 \"");
    let p = parse(&text);
    assert_eq!(lead_names(&p.rows[0]), vec!["省A厅", "省B厅", "省C厅", "省D厅", "省E厅"]);
    assert!(p.report.normalised.is_empty());
}

#[test]
fn headings_and_number_labels() {
    let text = format!(
        "{}\t一、税务领域\t\t\t\n1\t甲\t内容\t省A厅\t全省范围\n（二）海事领域\n1-1\t乙\t内容\t省B厅\t全省范围\n3\t丙\t内容\t省C厅\t全省范围\n5\t丁\t内容\t省C厅\t全省范围\n",
        header5()
    );
    let p = parse(&text);
    let rows: Vec<(bool, Option<&str>, &str)> = p
        .rows
        .iter()
        .map(|r| (r.draft.is_heading, r.draft.number_label.as_deref(), r.draft.title.as_str()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (true, None, "一、税务领域"),
            (false, None, "甲"),
            (true, None, "（二）海事领域"),
            (false, Some("1-1"), "乙"),
            (false, None, "丙"),
            (false, Some("5"), "丁"),
        ]
    );
    assert!(p.report.is_clean(), "{:?}", p.report);
}

#[test]
fn empty_file_is_a_clear_error() {
    for bytes in [&b""[..], b"  \r\n\n", b"\xef\xbb\xbf\n"] {
        let e = parse_annex(bytes, "空.txt").unwrap_err();
        assert!(matches!(e, Error::File { .. }), "{e:?}");
        let m = e.to_string();
        assert!(m.contains("空.txt") && m.contains("空的"), "{m}");
    }
}

#[test]
fn no_header_is_a_clear_error() {
    let e = parse_annex("附件\n标题\n一些文字\n".as_bytes(), "无表头.txt").unwrap_err();
    let m = e.to_string();
    assert!(m.contains("无表头.txt") && m.contains("没有找到表头"), "{m}");
}

#[test]
fn binary_file_is_a_clear_error() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend([0u8, 1, 2, 3, 255, 254, 0x80]);
    let zip = b"PK\x03\x04\x14\0\x06\0word/document.xml".to_vec();
    let mut zip_even = zip.clone();
    zip_even.extend([0u8; 7]);
    assert_eq!(zip_even.len() % 2, 0);
    for (bytes, hint) in [(png, ""), (zip, "docx"), (zip_even, "docx")] {
        let e = parse_annex(&bytes, "表格.bin").unwrap_err();
        assert!(matches!(e, Error::File { .. }));
        let m = e.to_string();
        assert!(m.contains("表格.bin") && m.contains("不是文本文件") && m.contains(hint), "{m}");
    }
    // No NUL bytes, but undecodable as UTF-8 and as GB18030.
    let e = parse_annex(&[0x41, 0xff, 0xff, 0x42, 0x81, 0x20], "坏.txt").unwrap_err();
    assert!(e.to_string().contains("坏.txt") && e.to_string().contains("编码"), "{e}");
}

#[test]
fn gbk_utf16_bom_and_crlf_import_identically() {
    let utf8 = parse(SEED);
    let (gbk, _, bad) = encoding_rs::GBK.encode(SEED);
    assert!(!bad);
    let p = parse_annex(&gbk, "test.txt").unwrap();
    assert_eq!(p.report.encoding, "GB18030（GBK）");
    assert_eq!((&p.title, &p.columns, &p.rows), (&utf8.title, &utf8.columns, &utf8.rows));

    let mut le = vec![0xFF, 0xFE];
    le.extend(SEED.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let p = parse_annex(&le, "test.txt").unwrap();
    assert!(p.report.encoding.starts_with("UTF-16LE"));
    assert_eq!(p.rows, utf8.rows);

    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend(SEED.replace('\n', "\r\n").as_bytes());
    let p = parse_annex(&bom, "test.txt").unwrap();
    assert_eq!(p.report.encoding, "UTF-8（带 BOM）");
    assert_eq!(
        (&p.title, &p.rows, &p.report.repeated_headers),
        (&utf8.title, &utf8.rows, &utf8.report.repeated_headers)
    );

    let p = parse(&SEED.replace('\n', "\r"));
    assert_eq!(p.rows, utf8.rows);
}

#[test]
fn truncated_last_row_is_kept_with_a_warning() {
    let text = format!("{}1\t甲\t内容一\t省A厅\t全省范围\n2\t乙\t内容写到一半", header5());
    let p = parse(&text);
    assert_eq!(p.rows.len(), 2);
    assert_eq!(p.rows[1].draft.title, "乙");
    assert_eq!(p.rows[1].draft.content, "内容写到一半");
    assert!(p.rows[1].draft.units.is_empty() && p.rows[1].draft.scope.is_empty());
    let w = &p.report.warnings;
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].line, Some(7));
    assert!(w[0].message.contains("少 2 格") && w[0].message.contains("牵头单位"), "{w:?}");

    // An unterminated quote at the end of the file keeps its text.
    let text = format!("{}1\t甲\t\"内容第一段\n内容第二段", header5());
    let p = parse(&text);
    assert_eq!(p.rows.len(), 1);
    assert_eq!(p.rows[0].draft.content, "内容第一段\n内容第二段");
    assert!(p.report.warnings.iter().any(|w| w.line == Some(6) && w.message.contains("引号")));
}

#[test]
fn extra_cells_are_reported_and_the_row_kept() {
    let text = format!("{}1\t甲\t内容\t省A厅\t全省范围\t多出来的\t\t又一格\n", header5());
    let p = parse(&text);
    assert_eq!(p.rows.len(), 1);
    assert_eq!(p.rows[0].draft.scope, "全省范围");
    let u = &p.report.unplaced;
    assert_eq!(u.len(), 2);
    assert_eq!((u[0].line, u[0].text.as_str()), (6, "多出来的"));
    assert_eq!((u[1].line, u[1].text.as_str()), (6, "又一格"));
    assert!(u[0].reason.contains("超出"));
}

#[test]
fn megabyte_cell_is_refused_naming_its_line_and_column() {
    let big = "改革创新经验复制推广，".repeat(35_000); // 11 chars × 3 bytes × 35 000 ≈ 1.1 MB
    assert!(big.len() > 1_000_000);
    let text = format!("{}1\t甲\t短\t省A厅\t全省范围\n2\t乙\t{big}\t省B厅\t全省范围\n", header5());
    let e = parse_annex(text.as_bytes(), "大表.txt").unwrap_err();
    let line = header5().lines().count() + 2;
    match &e {
        Error::AtLine { line: l, .. } => assert_eq!(*l, line),
        other => panic!("expected AtLine, got {other:?}"),
    }
    let msg = e.to_string();
    assert!(msg.contains("大表.txt") && msg.contains("第 3 列") && msg.contains("385000"), "{msg}");
    // Just under the limit still imports, whole.
    let ok = "改".repeat(MAX_IMPORT_CELL_CHARS);
    let p = parse(&format!("{}1\t甲\t{ok}\t省A厅\t全省范围\n", header5()));
    assert_eq!(p.rows[0].draft.content, ok);
}

#[test]
fn html_cell_with_entities_and_breaks() {
    let text = format!(
        "{}1\t甲&amp;乙\t<p>第一段&amp;说明</p><p>第二段<br>第三行&nbsp;结束</p>\t省A厅\t全省范围\n2\t乙\t用时<1分钟 A<B\t省B厅\t全省范围\n",
        header5()
    );
    let p = parse(&text);
    assert_eq!(p.rows[0].draft.title, "甲&乙");
    assert_eq!(p.rows[0].draft.content, "第一段&说明\n第二段\n第三行 结束");
    assert_eq!(p.rows[1].draft.content, "用时<1分钟 A<B");
    assert_eq!(p.report.html_cleaned, vec![6]);
}

#[test]
fn unplaced_lines_carry_line_numbers() {
    let text = "附件\n\n标题\n\n（2020年印发）\n\n序号\t事项\t主要内容\n1\t甲\t内容一\n\t\t补充一段\n第三行注释\n\n2\t乙\t内容二\n注：本表由某办汇总\n";
    let p = parse(text);
    assert_eq!(p.title, "标题");
    assert_eq!(p.rows.len(), 2);
    assert_eq!(p.rows[0].draft.content, "内容一\n补充一段");
    let u: Vec<(usize, &str)> = p.report.unplaced.iter().map(|u| (u.line, u.text.as_str())).collect();
    assert_eq!(u, vec![(5, "（2020年印发）"), (10, "第三行注释"), (13, "注：本表由某办汇总")]);
    assert!(p.report.unplaced.iter().all(|u| !u.reason.is_empty()));
    assert!(p.report.warnings.iter().any(|w| w.line == Some(9) && w.message.contains("新段落")));
    let lines = p.report.to_lines();
    assert!(lines.iter().any(|l| l.starts_with("第 5 行：未导入“（2020年印发）”")), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("第 13 行：未导入")), "{lines:?}");
}

#[test]
fn missing_label_and_title_fall_back_with_warnings() {
    let p = parse_annex("序号\t事项\n1\t甲\n".as_bytes(), "某某分工表.txt").unwrap();
    assert_eq!(p.annex_label, "附件");
    assert_eq!(p.title, "某某分工表");
    assert_eq!(p.report.warnings.len(), 2);
}

#[test]
fn ten_thousand_items_parse_fast() {
    let mut text = String::from(header5());
    for i in 1..=10_000 {
        if i % 25 == 1 {
            text.push_str("序号\t事项\t主要内容\t牵头单位\t复制推广范围\n");
        }
        text.push_str(&format!(
            "{i}\t第{i}项改革事项名称\t依托电子税务局系统，运用互联网和大数据技术，以信用管理为基础，创新风险智慧防控新机制(试点)，最大限度减少对市场主体的干扰。\t省税务局、深圳市税务局\t全省范围\n"
        ));
    }
    let t = std::time::Instant::now();
    let p = parse(&text);
    let took = t.elapsed();
    assert_eq!(p.rows.len(), 10_000);
    assert_eq!(p.report.repeated_headers.len(), 400);
    assert_eq!(p.report.normalised.len(), 10_000);
    let limit = if cfg!(debug_assertions) { 5.0 } else { 0.5 };
    assert!(took.as_secs_f64() < limit, "took {took:?}");
}

#[test]
fn every_continued_mark_is_left_out_on_the_text_path() {
    // One 续表 test for every format (records::is_continued_mark): the text path used to miss 续上表, which
    // then stayed as a line under the item above.
    for mark in ["续表", "续上表", "（续表）", "(续表)", "（续上表）", "续表1", "续表 2", "续表二", " 续 表 "]
    {
        let text = format!("{}1\t甲\t内容\t省A厅\t全省\n{mark}\n2\t乙\t内容\t省B厅\t全省\n", header5());
        let p = parse(&text);
        assert_eq!(p.item_count(), 2, "{mark}");
        assert_eq!(p.rows[0].draft.content, "内容", "{mark}");
        assert!(
            p.report.warnings.iter().any(|w| w.line == Some(7) && w.message.contains("“续表”标记")),
            "{mark}: {:?}",
            p.report.warnings
        );
        assert!(p.report.unplaced.is_empty(), "{mark}");
    }
}

#[test]
fn continued_marks_and_two_row_headers_follow_one_rule() {
    for yes in ["续表", "续上表", "（续表）", "(续上表)", "续表1", "续表１２", "续表三", "\n续表\t"]
    {
        assert!(records::is_continued_mark(yes), "{yes}");
    }
    for no in ["", "续", "表", "续表说明", "继续推进", "（续表", "续表（一）加强监管", "见续表"]
    {
        assert!(!records::is_continued_mark(no), "{no}");
    }
    let s = |v: &[&str]| v.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    assert_eq!(
        records::combine_header_rows(
            &s(&["序号", "事项", "责任单位", "", "备注"]),
            &s(&["", "", "牵头单位", " 配合单位 "])
        ),
        s(&["序号", "事项", "牵头单位", "配合单位", "备注"])
    );
}

#[test]
fn word_line_breaks_continued_tables_and_paragraph_like_headings() {
    let text = format!(
        "{}1\t甲\t第一段\x0b第二段\t省A厅\u{2028}省B厅\t全省范围\n续表\n\t\t（一）加强监管\t\t\n",
        header5()
    );
    let p = parse(&text);
    assert_eq!(p.rows.len(), 1);
    assert_eq!(p.rows[0].draft.content, "第一段\n第二段\n（一）加强监管");
    assert_eq!(lead_names(&p.rows[0]), vec!["省A厅", "省B厅"]);
    assert!(p.report.warnings.iter().any(|w| w.line == Some(7) && w.message.contains("续表")));
    assert!(p.report.warnings.iter().any(|w| w.line == Some(8) && w.message.contains("新段落")));
    assert!(p.report.unplaced.is_empty());
}

#[test]
fn utf16_without_bom_is_detected() {
    let le: Vec<u8> = SEED.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let p = parse_annex(&le, "test.txt").unwrap();
    assert!(p.report.encoding.starts_with("UTF-16LE"), "{}", p.report.encoding);
    assert_eq!(p.rows.len(), 20);
    let be: Vec<u8> = SEED.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    assert_eq!(parse_annex(&be, "test.txt").unwrap().rows, p.rows);
}

#[test]
fn generated_sample_annex_parses_cleanly() {
    let text = crate::sample::generate_annex(230);
    let p = parse(&text);
    assert_eq!(p.rows.len(), 230);
    assert_eq!(p.report.repeated_headers.len(), 4);
    assert!(p.report.is_clean(), "{:?}", p.report.to_lines());
    assert!(p.rows.iter().all(|r| r.draft.number_label.is_none()));
    assert_eq!(
        p.rows[229].draft.title,
        format!("{}（第230项）", p.rows[9].draft.title.split('（').next().unwrap())
    );
}

#[test]
fn a_two_row_header_becomes_one_and_its_repeats_are_dropped() {
    let text = "附件\n\n标题\n\n序号\t事项\t责任单位\t\n\t\t牵头单位\t配合单位\n1\t甲\t省A厅\t省B厅\n序号\t事项\t责任单位\t\n\t\t牵头单位\t配合单位\n2\t乙\t省C厅\t\n";
    let p = parse(text);
    assert_eq!(
        p.columns.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(),
        ["序号", "事项", "牵头单位", "配合单位"]
    );
    assert_eq!(p.columns[3].kind, ColumnKind::CoopUnits);
    assert_eq!(p.rows.len(), 2, "{:?}", p.rows);
    assert_eq!(
        p.rows[0].draft.units,
        vec![
            UnitRef { name: "省A厅".into(), role: Role::Lead },
            UnitRef { name: "省B厅".into(), role: Role::Cooperating },
        ]
    );
    assert_eq!(p.report.repeated_headers, vec![8, 9]);
    assert!(
        p.report.warnings.iter().any(|w| w.line == Some(6) && w.message.contains("表头占两行")),
        "{:?}",
        p.report.warnings
    );
    assert!(p.report.unplaced.is_empty());
}

#[test]
fn in_csv_a_lone_first_cell_is_a_heading_whatever_its_wording() {
    let csv = "序号,事项,主要内容,牵头单位\n重点任务,,,\n1,甲,内容,省A厅\n\"一、税务领域\n共五项\",,,\n2,乙,内容,省B厅\n1-1,,,\n";
    let p = parse_annex(csv.as_bytes(), "a.csv").unwrap();
    let heads: Vec<(&str, &str)> = p
        .rows
        .iter()
        .filter(|r| r.draft.is_heading)
        .map(|r| (r.draft.title.as_str(), r.draft.content.as_str()))
        .collect();
    assert_eq!(heads, [("重点任务", ""), ("一、税务领域", "共五项")]);
    // Only the free-worded one is pointed out; a lone 序号 is still not a heading.
    assert_eq!(p.report.warnings.iter().filter(|w| w.message.contains("分组标题")).count(), 1);
    assert_eq!(p.report.unplaced.len(), 1);
    assert_eq!(p.report.unplaced[0].text, "1-1");
    // Pasted text keeps treating such a line as a note that is not imported.
    let p = parse("序号\t事项\t主要内容\n1\t甲\t内容\n重点任务\n");
    assert!(p.rows.iter().all(|r| !r.draft.is_heading));
}

/// A whole notice pasted before the annex: the title is the annex's, found by the 附件 label, by the name the
/// notice gives (`附件：…`, `《…》`), past a signature; the notice's lines are all in the report and its
/// 发文字号 is kept.
#[test]
fn a_notice_before_the_annex_is_reported_and_the_annex_title_found() {
    let table = "序号\t任务\t牵头单位\n1\t做好甲工作\t市发展改革委\n";
    let by_attachment_line = format!(
        "各区人民政府：\n现印发给你们。\n\n附件：X市任务分工方案\n\nX市人民政府办公室\n2024年3月1日\n\nX市任务分工方案\n\n{table}"
    );
    let by_book_title = format!(
        "X市人民政府办公室关于印发任务分工的通知\nX政办〔2024〕1号\n\n各区人民政府：\n现将《X市任务分工方案》印发给你们。\n\nX市任务分工方案\n\n{table}"
    );
    let label_then_signature =
        format!("关于印发的通知\n\n附件\n\nX市人民政府办公室\n2024年3月1日\n\nX市任务分工方案\n\n{table}");
    for (text, doc) in
        [(by_attachment_line, None), (by_book_title, Some("X政办〔2024〕1号")), (label_then_signature, None)]
    {
        let p = parse(&text);
        assert_eq!(p.title, "X市任务分工方案", "{text}");
        assert_eq!(p.doc_number.as_deref(), doc);
        assert_eq!(p.item_count(), 1);
        let reported: Vec<&str> = p.report.unplaced.iter().map(|u| u.text.as_str()).collect();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let used =
                line == "附件" || line == "X市任务分工方案" || Some(line) == doc || line.contains('\t');
            assert!(used || reported.contains(&line), "“{line}” neither used nor reported: {reported:?}");
        }
    }
}
