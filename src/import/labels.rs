//! What a header label means. Offices word their headers differently — `改革任务`, `具体举措`, `责任部门`,
//! `协办部门`, `时间节点`, `牵头处室` — so a label the model does not know by name
//! ([`ColumnKind::from_label`]) is classified by its words, the label itself being kept as printed.
//!
//! The words, in the order they are tried (the first that matches decides, so `牵头领导` is a leader and
//! `责任领导` too, not a unit column):
//! 序号/编号 → 序号; 领导 → leader; 牵头/主办 → lead units; 配合/协办/协同/参与/协助 → cooperating units;
//! 责任/承办/负责 → responsible units; 时限/时间/节点/期限 → deadline; 范围 → scope; 备注 → notes;
//! 内容/措施/举措/具体 (`具体工作` beside a `重点任务`) → content; 事项/任务/工作/名称 → title.
//!
//! Only a label-like cell is classified by its words: short (at most [`MAX_LABEL_CHARS`] characters) and
//! without sentence punctuation. A row of data such as `省发展改革委牵头 | 建立健全工作机制` must not pass
//! for a header: a unit column's label must end in what a unit column is called (单位, 部门 …) unless it is
//! the role word alone (`牵头`, `配合`), and a row whose labels are known only by their words is a header
//! only when every cell in it is label-like ([`super::records::is_header`]); short data cells such as
//! `建立健全工作机制` do classify, but a data row also has its long 主要内容.
//!
//! Rejected: matching any cell containing a keyword (data rows became headers); a learned model (nothing to
//! train on, and a rule the user can read is better for an import that must explain itself).

use crate::model::ColumnKind;

/// Longer cells are text, not labels (`复制推广范围` is 6, `牵头单位（领导）` 8).
pub const MAX_LABEL_CHARS: usize = 10;

/// What a unit column is called after its role word.
const UNIT_NOUNS: [&str; 8] = ["单位", "部门", "处室", "科室", "机构", "机关", "主体", "责任人"];

/// The kind of column a header label names; `Custom(label)` when neither the name nor its words say.
pub fn classify(label: &str) -> ColumnKind {
    let known = ColumnKind::from_label(label);
    if !matches!(known, ColumnKind::Custom(_)) {
        return known;
    }
    let l: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    if l.is_empty() || !is_label_like(&l) {
        return known;
    }
    let has = |words: &[&str]| words.iter().any(|w| l.contains(w));
    let unit_column = |words: &[&str]| {
        has(words) && (words.contains(&l.as_str()) || UNIT_NOUNS.iter().any(|n| l.ends_with(n)))
    };
    if has(&["序号", "编号"]) {
        ColumnKind::Number
    } else if has(&["领导"]) {
        ColumnKind::Leader
    } else if unit_column(&["牵头", "主办"]) {
        ColumnKind::LeadUnits
    } else if unit_column(&["配合", "协办", "协同", "参与", "协助"]) {
        ColumnKind::CoopUnits
    } else if unit_column(&["责任", "承办", "负责"]) {
        ColumnKind::ResponsibleUnits
    } else if has(&["时限", "时间", "节点", "期限"]) {
        ColumnKind::Deadline
    } else if has(&["范围"]) {
        ColumnKind::Scope
    } else if has(&["备注"]) {
        ColumnKind::Notes
    } else if has(&["内容", "措施", "举措", "具体"]) {
        ColumnKind::Content
    } else if has(&["事项", "任务", "工作", "名称"]) {
        ColumnKind::Title
    } else {
        known
    }
}

/// Short, and no sentence punctuation (brackets are allowed: `完成时限（年）`).
fn is_label_like(l: &str) -> bool {
    l.chars().count() <= MAX_LABEL_CHARS && !l.chars().any(|c| "。，,；;：:、！？!?“”\"".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_of_other_offices_are_classified_by_their_words() {
        for (label, kind) in [
            ("改革任务", ColumnKind::Title),
            ("重点任务", ColumnKind::Title),
            ("工作事项", ColumnKind::Title),
            ("具体举措", ColumnKind::Content),
            ("具体工作", ColumnKind::Content),
            ("主要措施", ColumnKind::Content),
            ("牵头处室", ColumnKind::LeadUnits),
            ("主办单位", ColumnKind::LeadUnits),
            ("牵头", ColumnKind::LeadUnits),
            ("协办部门", ColumnKind::CoopUnits),
            ("协同单位", ColumnKind::CoopUnits),
            ("参与单位", ColumnKind::CoopUnits),
            ("配合", ColumnKind::CoopUnits),
            ("责任主体", ColumnKind::ResponsibleUnits),
            ("牵头领导", ColumnKind::Leader),
            ("责任市领导", ColumnKind::Leader),
            ("时间节点", ColumnKind::Deadline),
            ("完成期限", ColumnKind::Deadline),
            ("实施范围", ColumnKind::Scope),
            ("序 号", ColumnKind::Number),
        ] {
            assert_eq!(classify(label), kind, "{label}");
        }
    }

    #[test]
    fn a_second_title_word_and_unknown_labels_stay_custom_where_nothing_says() {
        assert_eq!(classify("进展情况"), ColumnKind::Custom("进展情况".into()));
        assert_eq!(
            classify("工作目标"),
            ColumnKind::Title,
            "工作 → title; the importer keeps a second one custom"
        );
    }

    #[test]
    fn data_cells_are_not_taken_for_labels() {
        // A unit named with its role word, a sentence, a title: data, whatever words they contain.
        for cell in [
            "省发展改革委牵头",
            "建立健全工作机制，推进改革任务落实",
            "广东自贸试验区第八批可复制推广改革创新经验任务分工表",
        ] {
            assert_eq!(classify(cell), ColumnKind::Custom(cell.into()), "{cell}");
        }
    }
}
