//! What an import recognised, as Chinese lines for `fengong import --dry-run` (the app shows the same
//! annex in its preview table): the shape read, each column with the meaning given to it, the group rows,
//! and every item with its units by role. The report ([`super::ImportReport::to_lines`]) follows it with
//! every line that was changed or not imported.

use super::ParsedAnnex;
use crate::model::{ColumnKind, Role};

/// The preview, a line each.
pub fn preview_lines(p: &ParsedAnnex) -> Vec<String> {
    let mut out = vec![format!("标题：{}（{}）", p.title.replace('\n', ""), p.annex_label)];
    let columns: Vec<String> = p
        .columns
        .iter()
        .map(|c| match &c.kind {
            ColumnKind::Custom(_) => format!("{}（其他列）", c.label),
            k if k.default_label() == c.label => c.label.clone(),
            k => format!("{}（作{}）", c.label, k.default_label()),
        })
        .collect();
    out.push(format!("列：{}", columns.join("、")));
    let headings = p.rows.iter().filter(|r| r.draft.is_heading).count();
    out.push(format!("事项 {} 项，分组标题 {headings} 行：", p.item_count()));
    for r in &p.rows {
        let d = &r.draft;
        if d.is_heading {
            out.push(format!("  第 {} 行  【{}】", r.line, d.title));
            continue;
        }
        let mut parts = vec![d.title.replace('\n', " ")];
        for role in [Role::Lead, Role::Cooperating, Role::Responsible] {
            let names: Vec<&str> =
                d.units.iter().filter(|u| u.role == role).map(|u| u.name.as_str()).collect();
            if !names.is_empty() {
                parts.push(format!("{}：{}", role.label(), names.join("、")));
            }
        }
        if !d.leader.is_empty() {
            parts.push(format!("领导：{}", d.leader));
        }
        if !d.deadline_text.is_empty() {
            parts.push(format!("时限：{}", d.deadline_text));
        }
        let number = d.number_label.clone().map(|n| format!("{n} ")).unwrap_or_default();
        out.push(format!("  第 {} 行  {number}{}", r.line, parts.join("；")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_meanings_headings_and_units_by_role() {
        let text = "附件\n\n分工表\n\n序号\t改革任务\t牵头单位\t协办部门\t进展\n一、放管服\n1\t推进改革\t市发改委\t市财政局、市商务局\t\n";
        let p = super::super::parse_annex(text.as_bytes(), "表.txt").unwrap();
        let lines = preview_lines(&p);
        assert_eq!(lines[0], "标题：分工表（附件）");
        assert_eq!(
            lines[1],
            "列：序号、改革任务（作事项）、牵头单位、协办部门（作配合单位）、进展（其他列）"
        );
        assert_eq!(lines[2], "事项 1 项，分组标题 1 行：");
        assert_eq!(lines[3], "  第 6 行  【一、放管服】");
        assert_eq!(lines[4], "  第 7 行  推进改革；牵头：市发改委；配合：市财政局、市商务局");
    }
}
