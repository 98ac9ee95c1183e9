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

/// A row whose cell spans columns (事项 over 主要内容; 牵头 over 配合), drawn for a Chinese font (box
/// characters two columns wide) and for a Western one (one wide): the text goes to the first column it
/// covers, the other cells stay in their own columns, and the report says which columns were spanned.
#[test]
fn a_cell_spanning_columns_goes_to_the_first_column_it_covers() {
    // Row 3 is drawn a column off after its 主要内容, as hand-edited tables are.
    let chinese = "┌──┬────┬────────┬──────────┬────┐
│序号│事项    │主要内容        │牵头单位            │配合单位│
├──┼────┼────────┼──────────┼────┤
│1   │建设平台│年底前建成上线。│省财政厅            │省工信厅│
├──┼────┴────────┼──────────┼────┤
│2   │清理各类证明事项，        │省司法厅            │省公安厅│
│    │公布保留清单。            │                    │        │
├──┼────┬────────┼──────────┴────┤
│3   │推行电子│推行电子证照。   │省政务服务数据管理局          │
├──┼────┼────────┼──────────┬────┤
│4   │数据共享│按需共享。      │省政数局            │省卫健委│
└──┴────┴────────┴──────────┴────┘
";
    let western = "+----+--------+------------+--------+--------+
|序号|事项    |主要内容    |牵头单位|配合单位|
+----+--------+------------+--------+--------+
|1   |建设平台|年底前建成。|省财政厅|省工信厅|
+----+--------+------------+--------+--------+
|2   |清理证明，公布清单。 |省司法厅|省公安厅|
+----+--------+------------+--------+--------+
|3   |电子证照|全面推行。  |省政数局         |
+----+--------+------------+--------+--------+
";
    for (what, text, row2) in [
        ("chinese", chinese, "清理各类证明事项，公布保留清单。"),
        ("western", western, "清理证明，公布清单。"),
    ] {
        let p = parse(text);
        let items: Vec<_> = p.rows.iter().map(|r| &r.draft).collect();
        assert_eq!(items.len(), if what == "chinese" { 4 } else { 3 }, "{what}: {:?}", p.rows);
        assert_eq!((items[1].title.as_str(), items[1].content.as_str()), (row2, ""), "{what}");
        assert_eq!(lead(&p, 1), vec!["省司法厅"], "{what}");
        let coop: Vec<&str> =
            items[1].units.iter().filter(|u| u.role == Role::Cooperating).map(|u| u.name.as_str()).collect();
        assert_eq!(coop, vec!["省公安厅"], "{what}: the cells after the span keep their columns");
        assert_eq!(
            lead(&p, 2),
            vec![if what == "chinese" { "省政务服务数据管理局" } else { "省政数局" }],
            "{what}"
        );
        assert_eq!(items[2].content, if what == "chinese" { "推行电子证照。" } else { "全面推行。" });
        let w = p.report.to_lines().join("\n");
        assert!(w.contains("跨列的单元格（第 2–3 列）"), "{what}: {w}");
        assert!(w.contains("跨列的单元格（第 4–5 列）"), "{what}: {w}");
        assert_eq!(w.matches("跨列的单元格").count(), 2, "one line per row, not per text line: {w}");
        assert!(!w.contains("少") && !w.contains("多出"), "{what}: no row is reported short: {w}");
    }
}

/// A two-row header whose 责任单位 spans 牵头 and 配合 (the rule under it drawn only under those two):
/// the lower labels name the columns, as for a two-row header in Word.
#[test]
fn a_header_spanning_two_columns_over_a_second_header_row() {
    let p = parse(
        "重点任务分工表
┌──┬────────┬──────┬──────┐
│序号│重点任务        │责任单位                  │
│    │                ├──────┬──────┤
│    │                │牵头        │配合        │
├──┼────────┼──────┼──────┤
│1   │建设数据平台    │市大数据局  │市财政局    │
├──┼────────┼──────┼──────┤
│2   │推进数据共享    │市政务办    │各区政府    │
└──┴────────┴──────┴──────┘
",
    );
    let kinds: Vec<ColumnKind> = p.columns.iter().map(|c| c.kind.clone()).collect();
    assert_eq!(kinds, [ColumnKind::Number, ColumnKind::Title, ColumnKind::LeadUnits, ColumnKind::CoopUnits]);
    assert_eq!(lead(&p, 1), vec!["市政务办"]);
    assert_eq!(
        p.rows[1].draft.units.last().map(|u| (u.name.as_str(), u.role)),
        Some(("各区政府", Role::Cooperating))
    );
}

/// Drawn for a Chinese font, quotes are two columns wide like the box characters: a spanning row full of
/// them still meets the rule.
#[test]
fn quotes_in_a_chinese_drawing_count_two_columns() {
    let p = parse("┌──┬──────┬────────┬────────┐\n│序号│事项        │主要内容        │牵头单位        │\n├──┼──────┼────────┼────────┤\n│1   │甲事项      │内容。          │省财政厅        │\n├──┼──────┴────────┼────────┤\n│2   │推进“一网通办”“跨省通办”  │省政数局        │\n└──┴──────┴────────┴────────┘\n");
    assert_eq!(p.rows[1].draft.title, "推进“一网通办”“跨省通办”");
    assert_eq!(lead(&p, 1), vec!["省政数局"]);
}
