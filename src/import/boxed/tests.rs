//! Drawn tables as law databases and OA systems print them: a header broken across lines inside cells, a
//! 牵头单位 spanning rows with its text on a rule line, a heading row across the table, borders one column
//! off, an ASCII table ruled only under its header, and the lines around the table.

use crate::import::{parse_annex, ParsedAnnex};
use crate::model::{ColumnKind, Role};

const LAW_DB: &str = "附件
关于推进政务服务“一网通办”的
任务分工表
┌──┬────────┬──────────────┬────────┐
│序│事项    │主要内容      │牵头    │
│号│        │              │单位    │
├──┼────────┼──────────────┼────────┤
│一、推进事项标准化                  │
├──┬────────┬──────────────┬────────┤
│1 │梳理政务│依据国家目录编│        │
│  │服务事项│制事项清单。  │        │
├──┼────────┼──────────────┤省政务服│
│2 │规范事项│统一事项名称、│务数据管│
│  │要素    │编码和依据。  │理局    │
├──┼────────┼───────────────┼───────┤
│3 │推行 API│开放 Open     │省公安厅、│
│  │接口    │ API 服务。   │省财政厅  │
└──┴────────┴──────────────┴────────┘
注：本表由省政务服务数据管理局汇总。
";

fn parse(s: &str) -> ParsedAnnex {
    parse_annex(s.as_bytes(), "分工表.txt").expect("parses")
}

fn lead(p: &ParsedAnnex, i: usize) -> Vec<&str> {
    p.rows[i].draft.units.iter().filter(|u| u.role == Role::Lead).map(|u| u.name.as_str()).collect()
}

#[test]
fn a_law_database_table_with_a_cell_spanning_rows() {
    let p = parse(LAW_DB);
    assert_eq!(p.report.format, super::FORMAT);
    assert_eq!(p.annex_label, "附件");
    assert_eq!(p.title, "关于推进政务服务“一网通办”的\n任务分工表");
    let kinds: Vec<ColumnKind> = p.columns.iter().map(|c| c.kind.clone()).collect();
    assert_eq!(
        kinds,
        vec![ColumnKind::Number, ColumnKind::Title, ColumnKind::Content, ColumnKind::LeadUnits]
    );
    assert_eq!(p.columns[3].label, "牵头单位", "a header word broken inside its cell is whole");
    assert_eq!(p.report.header_line, 5);
    assert!(p.rows[0].draft.is_heading);
    assert_eq!(p.rows[0].draft.title, "一、推进事项标准化");
    assert_eq!(p.rows[1].draft.title, "梳理政务服务事项");
    assert_eq!(p.rows[1].draft.content, "依据国家目录编制事项清单。");
    assert_eq!(lead(&p, 1), vec!["省政务服务数据管理局"], "the spanning cell's text, from the rule line too");
    assert_eq!(lead(&p, 2), vec!["省政务服务数据管理局"]);
    assert_eq!(p.rows[3].draft.title, "推行 API接口", "no space is made between Latin and Chinese");
    assert_eq!(p.rows[3].draft.content, "开放 Open API 服务。", "Latin pieces keep a space");
    assert_eq!(lead(&p, 3), vec!["省公安厅", "省财政厅"], "borders one column off still split right");
    let w = p.report.to_lines().join("\n");
    assert!(w.contains("跨行的单元格") && w.contains("省政务服务数据管理局"), "{w}");
    assert!(p.report.unplaced.iter().any(|u| u.text.contains("本表由省政务服务数据管理局汇总")), "{w}");
}

#[test]
fn an_ascii_table_ruled_only_under_its_header() {
    let text = "重点任务分工表\n\
                +----+------------+----------+\n\
                | 序号 | 重点任务   | 责任部门 |\n\
                +----+------------+----------+\n\
                | 1  | 建设数据平台 | 市大数据局 |\n\
                | 2  | 推进数据共享 | 市政务办   |\n\
                |    | 和开放       |            |\n\
                +----+------------+----------+\n";
    let p = parse(text);
    assert_eq!(p.title, "重点任务分工表");
    assert_eq!(p.rows.len(), 2, "{:?}", p.rows);
    assert_eq!(p.rows[1].draft.title, "推进数据共享和开放");
    let resp: Vec<&str> = p.rows[1]
        .draft
        .units
        .iter()
        .filter(|u| u.role == Role::Responsible)
        .map(|u| u.name.as_str())
        .collect();
    assert_eq!(resp, vec!["市政务办"]);
}

#[test]
fn a_bar_in_ordinary_text_is_not_a_table() {
    assert!(super::records("A|B 两项\n甲|乙\n").is_none());
    assert!(super::records("│只有一行│\n").is_none());
}
