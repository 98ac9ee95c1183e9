//! A 分工方案 in running text, imported end to end (text and Word): documents written from the
//! conventions of real notices (units in a trailing parenthesis, list forms, a stated lead rule, sub-items
//! under a task, 〔〕 brackets, half-width marks, a truncated end), and a check that every non-empty line of
//! every input is accounted for in the annex or the report.

use super::*;
use crate::model::{ColumnKind, Role};

/// 一、/（一）/1. headings and tasks; units in a trailing parenthesis; a task over two lines; half-width
/// punctuation; a closing section with no task.
const PARENTHESES: &str = "附件

广东省推进政务服务标准化规范化便利化工作分工方案

为贯彻落实国务院有关部署，现就我省推进政务服务标准化、规范化、便利化工作作如下分工。

一、推进政务服务标准化
（一）明确政务服务事项范围。
1.全面梳理政务服务事项。依据国家政务服务事项基本目录，2023年底前编制全省统一的事项清单。（省政务服务数据管理局牵头，省有关单位按职责分工负责）
2.规范事项要素。统一事项名称、编码、依据、类型等基本要素。（省政务服务数据管理局、省司法厅牵头，各地级以上市人民政府负责）
（二）推进审批标准化。
3.编制办事指南和工作规程。（省有关单位按职责分工负责，年内持续推进）
二、推进政务服务规范化
4.规范审批服务行为。严格执行首问负责、一次性告知等制度，
不得随意增加审批条件。（省发展改革委、省财政厅负责）
5.规范网上办事平台。推进“一网通办”。(省政务服务数据管理局牵头,省公安厅、省人力资源社会保障厅配合)
三、组织保障
各地各部门要加强组织领导，确保各项任务落到实处。
";

/// A task paragraph followed by `牵头单位：` lines; task numbers running on across headings.
const LIST_FORM: &str = "区政府2024年重点工作任务分解和责任分工方案

一、经济社会发展的主要预期目标

1.地区生产总值增长6%左右。

牵头单位：区发改局

责任单位：开发区管委会，全区经济运行各专班

2.固定资产投资增长10%左右。

牵头领导：王某某

牵头单位：区发改局

配合单位：各街道、区直各部门

完成时限：2024年12月底

二、持续优化营商环境

3.深化“一网通办”改革，推进高频事项“跨省通办”。

责任单位：区政务服务中心、区市场监管局等，各街道（管委会）
";

/// The first-listed unit leads (as the notice says); sub-items （1）（2） under a task whose units stand on
/// a line of their own; 〔〕 around the units with a note about the whole document; a truncated end.
const RULE_AND_SUBITEMS: &str = "附件1

2024年市政府重点工作责任分解

说明：责任分解中，列第一位的责任单位为牵头单位或汇总单位。

一、着力扩大有效投资
1.完善应急预案体系
（1）加强应急预案管理，规范应急预案编制、审批和备案工作。
（2）推进基层应急预案编制全覆盖。
（责任单位：市应急管理局、市直各有关单位、各县（市、区）人民政府）
2.实施重大项目攻坚行动。全年完成重大项目投资500亿元以上。（市发改委、市建委、市交通运输局）
3.加强市场体系建设。〔责任单位：市发改委、市市场监管局按职责分工负责。具体任务均涉及各区县政府，不再做分工，下同。〕
4.推进数据共享。（市政务服务数据管理局牵头，市
";

fn parse(s: &str) -> ParsedAnnex {
    parse_annex(s.as_bytes(), "分工方案.txt").expect("parses")
}

fn tasks(p: &ParsedAnnex) -> Vec<&ItemDraft> {
    p.rows.iter().filter(|r| !r.draft.is_heading).map(|r| &r.draft).collect()
}

fn headings(p: &ParsedAnnex) -> Vec<&str> {
    p.rows.iter().filter(|r| r.draft.is_heading).map(|r| r.draft.title.as_str()).collect()
}

fn names(d: &ItemDraft, role: Role) -> Vec<&str> {
    d.units.iter().filter(|u| u.role == role).map(|u| u.name.as_str()).collect()
}

/// Letters and digits only: punctuation is normalised on import, so compare without it.
fn bare(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Every non-empty line of `text` is in the annex (title, label, a field or a unit of a row) or in the
/// report (a warning or an unplaced line): probed by the first characters of the line without its number
/// and its unit parenthesis, or for a `牵头单位：…` line by its first unit.
fn assert_every_line_accounted(text: &str, p: &ParsedAnnex) {
    let mut all = vec![p.title.clone(), p.annex_label.clone(), p.doc_number.clone().unwrap_or_default()];
    for r in &p.rows {
        let d = &r.draft;
        all.extend([
            d.title.clone(),
            d.content.clone(),
            d.deadline_text.clone(),
            d.leader.clone(),
            d.scope.clone(),
        ]);
        all.extend(d.units.iter().map(|u| u.name.clone()));
    }
    all.extend(p.report.unplaced.iter().map(|u| u.text.clone()));
    all.extend(p.report.warnings.iter().map(|w| w.message.clone()));
    let all = bare(&all.join("|"));
    for (n, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())).filter(|(_, l)| !l.is_empty()) {
        let probe = match line.split_once(['：', ':']) {
            Some((label, value)) if !matches!(super::labels::classify(label), ColumnKind::Custom(_)) => {
                value.split(['、', '，', ',']).next().unwrap_or(value).to_string()
            }
            _ => {
                let body =
                    line.split(['（', '(', '〔']).find(|s| bare(s).chars().count() >= 2).unwrap_or(line);
                body.to_string()
            }
        };
        let probe: String = bare(&probe)
            .trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
            .chars()
            .take(6)
            .collect();
        assert!(all.contains(&probe), "第 {n} 行“{line}”在导入结果和报告中都找不到（{probe}）");
    }
}

#[test]
fn units_in_trailing_parentheses() {
    let p = parse(PARENTHESES);
    assert_eq!(p.annex_label, "附件");
    assert_eq!(p.title, "广东省推进政务服务标准化规范化便利化工作分工方案");
    assert!(p.report.format.contains("分工方案"), "{}", p.report.format);
    assert_eq!(p.report.header_line, 0, "the header was made, not found");
    assert_eq!(
        headings(&p),
        vec![
            "一、推进政务服务标准化",
            "（一）明确政务服务事项范围。",
            "（二）推进审批标准化。",
            "二、推进政务服务规范化"
        ]
    );
    let t = tasks(&p);
    assert_eq!(t.len(), 5);
    assert_eq!(t.iter().map(|d| d.number_label.clone()).collect::<Vec<_>>(), vec![None; 5]);
    assert_eq!(t[0].title, "全面梳理政务服务事项");
    assert_eq!(t[0].content, "依据国家政务服务事项基本目录，2023年底前编制全省统一的事项清单。");
    assert_eq!(names(t[0], Role::Lead), vec!["省政务服务数据管理局"]);
    assert_eq!(names(t[0], Role::Responsible), vec!["省有关单位"]);
    assert_eq!(names(t[1], Role::Lead), vec!["省政务服务数据管理局", "省司法厅"]);
    assert_eq!(names(t[1], Role::Responsible), vec!["各地级以上市人民政府"]);
    assert_eq!(t[2].title, "编制办事指南和工作规程");
    assert_eq!(t[2].deadline_text, "年内持续推进");
    assert_eq!(t[3].content, "严格执行首问负责、一次性告知等制度，\n不得随意增加审批条件。");
    assert_eq!(names(t[3], Role::Responsible), vec!["省发展改革委", "省财政厅"]);
    // Half-width marks: read the same, and normalised like any import.
    assert_eq!(names(t[4], Role::Lead), vec!["省政务服务数据管理局"]);
    assert_eq!(names(t[4], Role::Cooperating), vec!["省公安厅", "省人力资源社会保障厅"]);
    // The preamble, the section with no task and its prose: in the report, with their lines.
    let unplaced: Vec<usize> = p.report.unplaced.iter().map(|u| u.line).collect();
    assert_eq!(unplaced, vec![5, 17, 18]);
    assert!(p.report.warnings.iter().any(|w| w.line.is_none() && w.message.contains("5 项任务")));
    let columns: Vec<ColumnKind> = p.columns.iter().map(|c| c.kind.clone()).collect();
    assert_eq!(
        columns,
        vec![
            ColumnKind::Number,
            ColumnKind::Title,
            ColumnKind::Content,
            ColumnKind::LeadUnits,
            ColumnKind::CoopUnits,
            ColumnKind::ResponsibleUnits,
            ColumnKind::Deadline
        ]
    );
    assert_every_line_accounted(PARENTHESES, &p);
}

#[test]
fn list_forms_with_labelled_lines() {
    let p = parse(LIST_FORM);
    assert_eq!(p.title, "区政府2024年重点工作任务分解和责任分工方案");
    let t = tasks(&p);
    assert_eq!(t.len(), 3);
    assert_eq!(t[0].title, "地区生产总值增长6%左右");
    assert_eq!(names(t[0], Role::Lead), vec!["区发改局"]);
    assert_eq!(names(t[0], Role::Responsible), vec!["开发区管委会", "全区经济运行各专班"]);
    assert_eq!(t[1].leader, "王某某");
    assert_eq!(names(t[1], Role::Cooperating), vec!["各街道", "区直各部门"]);
    assert_eq!(t[1].deadline_text, "2024年12月底");
    assert_eq!(t[1].deadline, chrono::NaiveDate::from_ymd_opt(2024, 12, 31));
    // 等 closes the named list; a unit with its own brackets stays whole.
    assert_eq!(names(t[2], Role::Responsible), vec!["区政务服务中心", "区市场监管局", "各街道（管委会）"]);
    assert!(p.report.warnings.iter().any(|w| w.message.contains("7 行")), "{:?}", p.report.warnings);
    assert!(p.report.unplaced.is_empty(), "{:?}", p.report.unplaced);
    assert_every_line_accounted(LIST_FORM, &p);
}

#[test]
fn a_stated_lead_rule_sub_items_and_a_truncated_end() {
    let p = parse(RULE_AND_SUBITEMS);
    assert_eq!(p.annex_label, "附件1");
    let t = tasks(&p);
    assert_eq!(t.len(), 4);
    // The notice says the first-listed unit leads: applied where no 牵头 is written, and said.
    let rule =
        p.report.warnings.iter().find(|w| w.message.contains("列第一位")).expect("the rule is reported");
    assert_eq!(rule.line, Some(5));
    assert_eq!(t[0].title, "完善应急预案体系");
    assert_eq!(
        t[0].content,
        "（1）加强应急预案管理，规范应急预案编制、审批和备案工作。\n（2）推进基层应急预案编制全覆盖。"
    );
    assert_eq!(names(t[0], Role::Lead), vec!["市应急管理局"]);
    assert_eq!(names(t[0], Role::Responsible), vec!["市直各有关单位", "各县（市、区）人民政府"]);
    assert_eq!(names(t[1], Role::Lead), vec!["市发改委"]);
    assert_eq!(names(t[1], Role::Responsible), vec!["市建委", "市交通运输局"]);
    assert_eq!(names(t[2], Role::Lead), vec!["市发改委"]);
    assert_eq!(names(t[2], Role::Responsible), vec!["市市场监管局"]);
    assert!(p.report.warnings.iter().any(|w| w.line == Some(13) && w.message.contains("不再做分工")));
    // The cut-off parenthesis is kept as text, and the missing units said.
    assert_eq!(t[3].title, "推进数据共享");
    assert!(t[3].content.contains("市政务服务数据管理局牵头"), "{}", t[3].content);
    assert!(t[3].units.is_empty());
    assert!(p.report.warnings.iter().any(|w| w.line == Some(14) && w.message.contains("没有找到承担单位")));
    assert_every_line_accounted(RULE_AND_SUBITEMS, &p);
}

#[test]
fn numbered_prose_without_units_is_not_taken_for_a_plan() {
    let text = "关于做好年度工作的通知\n\n1.提高认识。各单位要高度重视。\n2.加强领导。确保工作落实。\n";
    let e = parse_annex(text.as_bytes(), "通知.txt").unwrap_err().to_string();
    assert!(e.contains("没有找到表头行"), "{e}");
}

#[test]
fn headers_worded_by_other_offices_are_read_by_their_words() {
    let text = "附件\n\n重点任务责任分工表\n\n序号\t改革任务\t具体举措\t责任部门\t协办部门\t时间节点\t工作目标\n\
                1\t推进数据共享\t建设共享平台\t市政务服务数据管理局\t市发改委、市财政局\t2025年6月底前\t实现共享\n";
    let p = parse_annex(text.as_bytes(), "表.txt").expect("parses");
    let kinds: Vec<ColumnKind> = p.columns.iter().map(|c| c.kind.clone()).collect();
    assert_eq!(
        kinds,
        vec![
            ColumnKind::Number,
            ColumnKind::Title,
            ColumnKind::Content,
            ColumnKind::ResponsibleUnits,
            ColumnKind::CoopUnits,
            ColumnKind::Deadline,
            ColumnKind::Custom("工作目标".into())
        ]
    );
    // Labels as printed.
    assert_eq!(p.columns[1].label, "改革任务");
    let d = &p.rows[0].draft;
    assert_eq!(d.title, "推进数据共享");
    assert_eq!(names(d, Role::Cooperating), vec!["市发改委", "市财政局"]);
    assert_eq!(d.deadline, chrono::NaiveDate::from_ymd_opt(2025, 6, 30));
}

#[test]
fn a_collective_with_brackets_in_a_table_cell_is_one_unit() {
    let text = "附件\n\n分工表\n\n序号\t事项\t牵头单位\t责任单位\n1\t推进改革\t市发改委\t市直有关部门、单位，各县（市、区）人民政府\n";
    let p = parse_annex(text.as_bytes(), "表.txt").expect("parses");
    assert_eq!(
        names(&p.rows[0].draft, Role::Responsible),
        vec!["市直有关部门、单位", "各县（市、区）人民政府"]
    );
}

/// Tasks written as `（一）` headings with their units on the following lines (Hubei-style lists, a
/// parenthesis on its own line), and `1.…以下工作：` whose `（1）` sub-items carry the units.
const HEADINGS_AS_TASKS: &str = "附件

重点任务责任分工

一、降低企业经营成本
（一）降低企业用能成本。
牵头部门：省能源局
参与单位：国网湖北省电力有限公司；省发展改革委
完成时限：2024年底前
（二）规范涉企收费。
（省市场监管局、省发展改革委、省财政厅按职责分工负责）
二、推进城市更新
1.推进城市更新行动，重点做好以下工作：
（1）改造老旧小区28个。
牵头单位：区住建局
（2）新建燃气管网42公里。
牵头单位：区城管局、各市、县（区）人民政府
";

#[test]
fn headings_that_carry_units_are_tasks_and_sub_items_with_units_are_tasks() {
    let p = parse(HEADINGS_AS_TASKS);
    assert_eq!(
        headings(&p),
        vec!["一、降低企业经营成本", "二、推进城市更新", "1.推进城市更新行动，重点做好以下工作："]
    );
    let t = tasks(&p);
    let titles: Vec<&str> = t.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(titles, vec!["降低企业用能成本", "规范涉企收费", "改造老旧小区28个", "新建燃气管网42公里"]);
    assert_eq!(names(t[0], Role::Lead), vec!["省能源局"]);
    assert_eq!(names(t[0], Role::Cooperating), vec!["国网湖北省电力有限公司", "省发展改革委"]);
    assert_eq!(t[0].deadline_text, "2024年底前");
    assert_eq!(names(t[1], Role::Responsible), vec!["省市场监管局", "省发展改革委", "省财政厅"]);
    assert_eq!(names(t[2], Role::Lead), vec!["区住建局"], "the sub-item's units are its own");
    assert_eq!(names(t[3], Role::Lead), vec!["区城管局", "各市、县（区）人民政府"]);
    // What the dry run shows, the import accepts.
    p.check().expect("importable");
    assert_every_line_accounted(HEADINGS_AS_TASKS, &p);
}

/// A State Council style rule naming the other units' role: the first-listed leads, the others cooperate;
/// a task that writes its own 牵头 keeps it.
#[test]
fn a_stated_rule_can_make_the_other_units_cooperate() {
    let text = "关于印发促进消费若干措施的通知\n\
                各项任务中，涉及多个部门的，排在第一位的为牵头部门，其他为配合部门。\n\
                一、扩大服务消费\n\
                1.发展养老托育服务。（省民政厅、省卫生健康委、省财政厅负责）\n\
                2.提升家政服务质量。（省商务厅牵头，省人力资源社会保障厅配合）\n\
                3.培育夜间消费。（各地级以上市人民政府负责）\n";
    let p = parse(text);
    let t = tasks(&p);
    assert_eq!(t.len(), 3, "{:?}", p.rows);
    assert_eq!(names(t[0], Role::Lead), vec!["省民政厅"]);
    assert_eq!(names(t[0], Role::Cooperating), vec!["省卫生健康委", "省财政厅"]);
    assert!(names(t[0], Role::Responsible).is_empty());
    assert_eq!(names(t[1], Role::Lead), vec!["省商务厅"]);
    assert_eq!(names(t[1], Role::Cooperating), vec!["省人力资源社会保障厅"]);
    assert_eq!(names(t[2], Role::Lead), vec!["各地级以上市人民政府"]);
    let w = p.report.to_lines().join("\n");
    assert!(w.contains("其余作为配合单位"), "{w}");
    assert_every_line_accounted(text, &p);
}
