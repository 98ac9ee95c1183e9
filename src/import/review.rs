//! The user's corrections of single rows in the import preview, beside the column meanings ([`super::choose`])
//! and a unit's role (a field the UI sets): a unit read wrongly (`省政务服务数据管理局牵头` cut in the wrong
//! place, a collective phrase that is no unit) is renamed or taken out, and a row taken for a group heading
//! is made an item, or back. Each correction is written into the report, which still accounts for every
//! line ([`ReportLine::at`] the row's own line).
//!
//! A typed name is read by the importer's own unit rule ([`units_with_roles`]): `省财政厅、省发展改革委`
//! becomes two units of the same role, a `（牵头）` marker sets the role, an empty name takes the unit out.
//! Rejected: free editing of every field in the preview — the editor does that after the import, with undo.

use super::units::units_with_roles;
use super::{ParsedAnnex, ReportLine};
use crate::error::{Error, Result};
use crate::rules;

fn editable(parsed: &ParsedAnnex, row: usize) -> Result<()> {
    if parsed.bundle.is_some() {
        return Err(Error::invalid("分工数据包按包中的内容导入，不能在预览中修改"));
    }
    if row >= parsed.rows.len() {
        return Err(Error::invalid(format!("没有第 {} 行", row + 1)));
    }
    Ok(())
}

/// The annex with unit `unit` of row `row` named `name` (read as a unit cell: several names become several
/// units, none takes the unit out).
pub fn with_unit_name(parsed: &ParsedAnnex, row: usize, unit: usize, name: &str) -> Result<ParsedAnnex> {
    editable(parsed, row)?;
    let Some(old) = parsed.rows[row].draft.units.get(unit) else {
        return Err(Error::invalid(format!("第 {} 行没有第 {} 个单位", row + 1, unit + 1)));
    };
    let new = units_with_roles(name, old.role);
    for u in &new {
        rules::unit_name(&u.name)?;
    }
    let names: Vec<&str> = new.iter().map(|u| u.name.as_str()).collect();
    if names == [old.name.as_str()] && new[0].role == old.role {
        return Ok(parsed.clone());
    }
    let mut out = parsed.clone();
    let r = &mut out.rows[row];
    let note = if names.is_empty() {
        format!("去掉了单位“{}”（预览中修改）", old.name)
    } else {
        format!("单位“{}”改为“{}”（预览中修改）", old.name, names.join("、"))
    };
    r.draft.units.splice(unit..=unit, new);
    // The same unit named twice in one row with one role is one assignment.
    let mut seen = Vec::new();
    r.draft.units.retain(|u| {
        let key = (u.name.clone(), u.role);
        let fresh = !seen.contains(&key);
        seen.push(key);
        fresh
    });
    out.report.warnings.push(ReportLine::at(r.line, note));
    Ok(out)
}

/// The annex with row `row` a group heading (`heading`) or an item. Only a row with nothing but its title
/// can become a heading: a heading shows one text, and the rest would be lost.
pub fn with_heading(parsed: &ParsedAnnex, row: usize, heading: bool) -> Result<ParsedAnnex> {
    editable(parsed, row)?;
    let r = &parsed.rows[row];
    if r.draft.is_heading == heading {
        return Ok(parsed.clone());
    }
    let d = &r.draft;
    if heading {
        let only_title = d.content.is_empty()
            && d.units.is_empty()
            && d.scope.is_empty()
            && d.leader.is_empty()
            && d.deadline_text.is_empty()
            && d.notes.is_empty()
            && d.custom.values().all(|v| v.is_empty());
        if !only_title || d.title.trim().is_empty() {
            return Err(Error::invalid(format!(
                "第 {} 行除事项外还有其他内容（或没有事项文字），不能改作分组标题",
                r.line
            )));
        }
    }
    let mut out = parsed.clone();
    let r = &mut out.rows[row];
    r.draft.is_heading = heading;
    r.draft.number_label = None;
    let note = if heading {
        "这一行改作分组标题（预览中修改）"
    } else {
        "这一行由分组标题改作事项（预览中修改）"
    };
    out.report.warnings.push(ReportLine::at(r.line, note.to_string()));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse_annex;
    use crate::model::Role;

    const PLAN: &str = "附件\n重点任务分工\n序号\t事项\t牵头单位\t配合单位\n一、数据共享\n1\t建设平台\t省政务服务数据管理局牵头\t省财政厅\n\
                        （二）推进电子证照互认\n2\t清理证明\t省司法厅\t按职责分工负责\n";

    fn parsed() -> ParsedAnnex {
        parse_annex(PLAN.as_bytes(), "计划.txt").unwrap()
    }

    fn names(p: &ParsedAnnex, row: usize) -> Vec<(&str, Role)> {
        p.rows[row].draft.units.iter().map(|u| (u.name.as_str(), u.role)).collect()
    }

    #[test]
    fn a_unit_is_renamed_split_or_taken_out_and_the_report_says_so() {
        let p = parsed();
        let item = p.rows.iter().position(|r| r.draft.title == "建设平台").unwrap();
        let q = with_unit_name(&p, item, 0, " 省政务服务数据管理局 ").unwrap();
        assert_eq!(names(&q, item)[0], ("省政务服务数据管理局", Role::Lead));
        let line = q.rows[item].line;
        assert!(q
            .report
            .warnings
            .iter()
            .any(|w| w.line == Some(line) && w.message.contains("改为“省政务服务数据管理局”")));
        // Two names typed: two units of the unit's role; a repeat of another unit of the row is one.
        let q = with_unit_name(&q, item, 1, "省财政厅、省发展改革委").unwrap();
        assert_eq!(
            names(&q, item),
            [
                ("省政务服务数据管理局", Role::Lead),
                ("省财政厅", Role::Cooperating),
                ("省发展改革委", Role::Cooperating)
            ]
        );
        let q = with_unit_name(&q, item, 2, "省财政厅").unwrap();
        assert_eq!(names(&q, item).len(), 2);
        // Empty: the unit is taken out.
        let last = q.rows.iter().position(|r| r.draft.title == "清理证明").unwrap();
        let coop = q.rows[last].draft.units.iter().position(|u| u.role == Role::Cooperating).unwrap();
        let q = with_unit_name(&q, last, coop, "  ").unwrap();
        assert_eq!(names(&q, last), [("省司法厅", Role::Lead)]);
        assert!(q.report.warnings.iter().any(|w| w.message.contains("去掉了单位“按职责分工负责”")));
        q.check().unwrap();
        // Refused: a name over the limit, a unit that is not there.
        assert!(with_unit_name(&p, item, 0, &"厅".repeat(101)).is_err());
        assert!(with_unit_name(&p, item, 9, "省财政厅").is_err());
        assert!(with_unit_name(&p, 99, 0, "省财政厅").is_err());
    }

    #[test]
    fn a_row_taken_for_a_heading_becomes_an_item_and_back() {
        let p = parsed();
        let h = p.rows.iter().position(|r| r.draft.title == "（二）推进电子证照互认").unwrap();
        assert!(p.rows[h].draft.is_heading, "a lone first cell is read as a heading");
        let q = with_heading(&p, h, false).unwrap();
        assert!(!q.rows[h].draft.is_heading);
        assert_eq!(q.item_count(), p.item_count() + 1);
        assert!(q
            .report
            .warnings
            .iter()
            .any(|w| w.line == Some(q.rows[h].line) && w.message.contains("改作事项")));
        let back = with_heading(&q, h, true).unwrap();
        assert!(back.rows[h].draft.is_heading);
        // An item with content or units cannot be a heading: its other cells would be lost.
        let item = p.rows.iter().position(|r| r.draft.title == "建设平台").unwrap();
        let e = with_heading(&p, item, true).unwrap_err().to_string();
        assert!(e.contains("不能改作分组标题"), "{e}");
    }
}
