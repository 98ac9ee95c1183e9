//! The user says what a column means, in the import preview: `项目` is the 事项, `目标` the 主要内容, a column
//! read as 牵头单位 is really 责任单位. Offices word their headers in ways no rule foresees
//! ([`super::labels`]); when no 事项 or 主要内容 column is found the import is not refused but shown, and
//! the user chooses ([`with_column_kind`]). The choice is remembered for the next file with the same header
//! ([`header_key`]; kept by the store, applied by the service layer).
//!
//! A choice moves the column's text in every item from the field of its old meaning to the field of its new
//! one, by the importer's own rules (unit names split on `、`, a deadline parsed); group headings are left as
//! they are. A meaning another column already has is swapped with it (choosing 事项 for `目标` while `项目`
//! is the 事项 makes `项目` what `目标` was), so no two columns ever pour into one field and every choice
//! can be taken back.
//!
//! Rejected: parsing the file again with the choice (every reader, and the parsing child's protocol, would
//! carry it; the parsed rows already hold every cell's text in exactly one field).

use super::records::NO_TEXT_COLUMN;
use super::units::units_with_roles;
use super::{ParsedAnnex, ReportLine};
use crate::error::{Error, Result};
use crate::import::deadline::parse_deadline;
use crate::model::{ColumnKind, ItemDraft, UnitRef};

/// The key a header is remembered by: its labels without white space, in order.
pub fn header_key(parsed: &ParsedAnnex) -> String {
    parsed
        .columns
        .iter()
        .map(|c| c.label.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .collect::<Vec<_>>()
        .join("|")
}

/// Whether the annex has a column the store requires one of (事项 or 主要内容).
pub fn has_text_column(parsed: &ParsedAnnex) -> bool {
    parsed.columns.iter().any(|c| matches!(c.kind, ColumnKind::Title | ColumnKind::Content))
}

/// The annex with column `col` meaning `kind` (a meaning another column has is swapped with it).
pub fn with_column_kind(parsed: &ParsedAnnex, col: usize, kind: ColumnKind) -> Result<ParsedAnnex> {
    let Some(column) = parsed.columns.get(col) else {
        return Err(Error::invalid(format!("没有第 {} 列", col + 1)));
    };
    if parsed.bundle.is_some() {
        return Err(Error::invalid("分工数据包按包中的列导入，不能改变列的含义"));
    }
    // 其他 (custom) takes the column's own label as its key.
    let kind = match kind {
        ColumnKind::Custom(_) => ColumnKind::Custom(column.label.clone()),
        k => k,
    };
    let old = column.kind.clone();
    if old == kind {
        return Ok(parsed.clone());
    }
    let other = parsed.columns.iter().position(|c| c.kind == kind);
    let mut out = parsed.clone();
    let mut running = 0u64;
    for row in out.rows.iter_mut().filter(|r| !r.draft.is_heading) {
        running += 1;
        let mine = take(&mut row.draft, &old, running);
        let theirs = other.map(|_| take(&mut row.draft, &kind, running));
        put(&mut row.draft, &kind, mine, running);
        if let Some(t) = theirs {
            put(&mut row.draft, &old, t, running);
        }
    }
    out.columns[col].kind = kind.clone();
    if let Some(o) = other {
        out.columns[o].kind = old.clone();
    }
    out.columns_chosen = true;
    if has_text_column(&out) {
        out.report.warnings.retain(|w| !w.message.contains(NO_TEXT_COLUMN));
    }
    let what = |k: &ColumnKind| match k {
        ColumnKind::Custom(_) => "其他列".to_string(),
        k => k.default_label().to_string(),
    };
    let mut note = format!("“{}”一列改作“{}”", column.label, what(&kind));
    if let Some(o) = other {
        note.push_str(&format!(
            "，原作“{}”的“{}”一列改作“{}”",
            what(&kind),
            parsed.columns[o].label,
            what(&old)
        ));
    }
    out.report.warnings.push(ReportLine::file(note));
    Ok(out)
}

/// The annex with each column given the meaning in `kinds` (a remembered choice for the same header), and
/// the report saying so; None when `kinds` does not fit the columns or changes nothing.
pub fn with_kinds(parsed: &ParsedAnnex, kinds: &[ColumnKind]) -> Option<ParsedAnnex> {
    if kinds.len() != parsed.columns.len() || parsed.bundle.is_some() {
        return None;
    }
    let mut out = parsed.clone();
    let mut changed = Vec::new();
    for (i, kind) in kinds.iter().enumerate() {
        if out.columns[i].kind != *kind {
            out = with_column_kind(&out, i, kind.clone()).ok()?;
            out.report.warnings.pop();
            changed.push(format!("“{}”作“{}”", out.columns[i].label, out.columns[i].kind.default_label()));
        }
    }
    if changed.is_empty() {
        return None;
    }
    out.report.warnings.push(ReportLine::file(format!(
        "按上次对同样表头所作的选择读列：{}（可在预览中再改）",
        changed.join("，")
    )));
    Some(out)
}

/// Takes a column's text out of an item.
fn take(d: &mut ItemDraft, kind: &ColumnKind, running: u64) -> String {
    if let Some(role) = kind.role() {
        let (mine, rest): (Vec<UnitRef>, Vec<UnitRef>) = d.units.drain(..).partition(|u| u.role == role);
        d.units = rest;
        return mine.into_iter().map(|u| u.name).collect::<Vec<_>>().join("、");
    }
    let field = match kind {
        ColumnKind::Number => return d.number_label.take().unwrap_or_else(|| running.to_string()),
        ColumnKind::Title => &mut d.title,
        ColumnKind::Content => &mut d.content,
        ColumnKind::Scope => &mut d.scope,
        ColumnKind::Leader => &mut d.leader,
        ColumnKind::Deadline => {
            d.deadline = None;
            &mut d.deadline_text
        }
        ColumnKind::Notes => &mut d.notes,
        ColumnKind::Custom(key) => return d.custom.remove(key).unwrap_or_default(),
        ColumnKind::LeadUnits | ColumnKind::CoopUnits | ColumnKind::ResponsibleUnits => unreachable!(),
    };
    std::mem::take(field)
}

/// Puts a column's text into an item, as the importer would have.
fn put(d: &mut ItemDraft, kind: &ColumnKind, text: String, running: u64) {
    if let Some(role) = kind.role() {
        d.units.extend(units_with_roles(&text, role));
        return;
    }
    match kind {
        ColumnKind::Number => {
            // The 序号 is kept only where it is not the running number (as on import).
            d.number_label = Some(text).filter(|t| !t.trim().is_empty() && t.trim() != running.to_string());
        }
        ColumnKind::Title => d.title = text,
        ColumnKind::Content => d.content = text,
        ColumnKind::Scope => d.scope = text,
        ColumnKind::Leader => d.leader = text,
        ColumnKind::Deadline => {
            d.deadline = parse_deadline(&text);
            d.deadline_text = text;
        }
        ColumnKind::Notes => d.notes = text,
        ColumnKind::Custom(key) => {
            if !text.is_empty() {
                d.custom.insert(key.clone(), text);
            }
        }
        ColumnKind::LeadUnits | ColumnKind::CoopUnits | ColumnKind::ResponsibleUnits => unreachable!(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse_annex;
    use crate::model::Role;

    const OWN_WORDS: &str = "编号\t项目\t牵头单位\t目标\t期限\n1\t建设平台\t省财政厅\t年底建成\t2025年底前\n\
                             2\t清理证明\t省司法厅、省公安厅\t减少证明\t长期\n";

    fn parsed() -> ParsedAnnex {
        parse_annex(OWN_WORDS.as_bytes(), "自拟表头.txt").unwrap()
    }

    #[test]
    fn a_header_with_no_title_or_content_is_shown_and_the_user_chooses() {
        let p = parsed();
        assert!(!has_text_column(&p));
        assert!(
            p.report.warnings.iter().any(|w| w.message.contains("请在预览中")),
            "{:?}",
            p.report.warnings
        );
        let p = with_column_kind(&p, 1, ColumnKind::Title).unwrap();
        let p = with_column_kind(&p, 3, ColumnKind::Content).unwrap();
        assert!(has_text_column(&p) && p.columns_chosen);
        assert_eq!(
            (p.rows[0].draft.title.as_str(), p.rows[0].draft.content.as_str()),
            ("建设平台", "年底建成")
        );
        assert!(p.rows[0].draft.custom.is_empty(), "{:?}", p.rows[0].draft.custom);
        assert_eq!(p.columns[1].label, "项目", "the label stays as printed");
        assert!(p.report.warnings.iter().any(|w| w.message.contains("“项目”一列改作“事项”")));
        assert!(
            !p.report.warnings.iter().any(|w| w.message.contains("请在预览中")),
            "the request is answered"
        );
    }

    #[test]
    fn a_meaning_another_column_has_is_swapped_and_units_keep_their_split() {
        let p = with_column_kind(&parsed(), 1, ColumnKind::Title).unwrap();
        // 牵头单位 is really 责任单位.
        let p = with_column_kind(&p, 2, ColumnKind::ResponsibleUnits).unwrap();
        let resp: Vec<&str> = p.rows[1]
            .draft
            .units
            .iter()
            .filter(|u| u.role == Role::Responsible)
            .map(|u| u.name.as_str())
            .collect();
        assert_eq!(resp, vec!["省司法厅", "省公安厅"]);
        // 目标 as 事项: 项目 takes 目标's old meaning (其他列), and back again restores the first state.
        let q = with_column_kind(&p, 3, ColumnKind::Title).unwrap();
        assert_eq!(q.rows[0].draft.title, "年底建成");
        assert_eq!(q.columns[1].kind, ColumnKind::Custom("目标".into()));
        assert_eq!(q.rows[0].draft.custom.get("目标").map(String::as_str), Some("建设平台"));
        let back = with_column_kind(&q, 1, ColumnKind::Title).unwrap();
        assert_eq!(back.rows, p.rows);
        // The deadline is parsed when a column becomes 完成时限, and the 序号 survives a round trip.
        assert_eq!(p.rows[0].draft.deadline, chrono::NaiveDate::from_ymd_opt(2025, 12, 31));
        let n = with_column_kind(&p, 0, ColumnKind::Notes).unwrap();
        assert_eq!(n.rows[1].draft.notes, "2");
        assert_eq!(with_column_kind(&n, 0, ColumnKind::Number).unwrap().rows, p.rows);
    }

    #[test]
    fn a_header_of_labels_the_importer_knows_none_of_is_shown_too() {
        let p = parse_annex("编号\t项目\t单位\t目标\n1\t建设平台\t省财政厅\t年底建成\n".as_bytes(), "x.txt")
            .unwrap();
        assert_eq!(p.report.header_line, 1);
        assert_eq!(p.columns[0].kind, ColumnKind::Number);
        assert!(p.columns[1..].iter().all(|c| matches!(c.kind, ColumnKind::Custom(_))));
        assert!(p.report.warnings.iter().any(|w| w.message.contains("请在预览中")));
        let p = with_column_kind(&p, 2, ColumnKind::LeadUnits).unwrap();
        let p = with_column_kind(&p, 1, ColumnKind::Title).unwrap();
        assert_eq!(p.rows[0].draft.units[0].name, "省财政厅");
        p.check().unwrap();
        // Text that is no table is still refused.
        assert!(parse_annex("一段话。\n另一段话。\n".as_bytes(), "x.txt").is_err());
    }

    #[test]
    fn a_remembered_choice_applies_to_the_same_header_only() {
        let chosen = with_column_kind(
            &with_column_kind(&parsed(), 1, ColumnKind::Title).unwrap(),
            3,
            ColumnKind::Content,
        )
        .unwrap();
        let kinds: Vec<ColumnKind> = chosen.columns.iter().map(|c| c.kind.clone()).collect();
        let again = with_kinds(&parsed(), &kinds).unwrap();
        assert_eq!(again.rows, chosen.rows);
        assert!(again.report.warnings.iter().any(|w| w.message.contains("按上次对同样表头所作的选择")));
        assert_eq!(header_key(&again), "编号|项目|牵头单位|目标|期限");
        assert!(with_kinds(&parsed(), &kinds[..2]).is_none());
        assert!(with_kinds(&chosen, &kinds).is_none(), "nothing to change");
    }
}
