//! The domain: a 任务分工表 (document) with its column set, items (reform rows), the unit directory, and
//! assignments of units to items. Plain data; the store enforces the invariants.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub type DocumentId = i64;
pub type ItemId = i64;
pub type UnitId = i64;

/// What a column holds. The set of columns is data, so real tables with 配合单位, 完成时限 … need no code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "key", rename_all = "snake_case")]
#[derive(TS)]
pub enum ColumnKind {
    /// 序号
    Number,
    /// 事项
    Title,
    /// 主要内容
    Content,
    /// 牵头单位
    LeadUnits,
    /// 配合单位
    CoopUnits,
    /// 责任单位
    ResponsibleUnits,
    /// 分管领导
    Leader,
    /// 复制推广范围
    Scope,
    /// 完成时限
    Deadline,
    /// 备注
    Notes,
    /// A column the app has no meaning for; the key names the value in `Item::custom`.
    Custom(String),
}

impl ColumnKind {
    /// The header label a new column of this kind gets.
    pub fn default_label(&self) -> &str {
        match self {
            ColumnKind::Number => "序号",
            ColumnKind::Title => "事项",
            ColumnKind::Content => "主要内容",
            ColumnKind::LeadUnits => "牵头单位",
            ColumnKind::CoopUnits => "配合单位",
            ColumnKind::ResponsibleUnits => "责任单位",
            ColumnKind::Leader => "分管领导",
            ColumnKind::Scope => "复制推广范围",
            ColumnKind::Deadline => "完成时限",
            ColumnKind::Notes => "备注",
            ColumnKind::Custom(key) if key.trim().is_empty() => CUSTOM_COLUMN_LABEL,
            ColumnKind::Custom(key) => key,
        }
    }

    /// Maps a header label as typed in a pasted table to a kind. Unknown labels become custom columns.
    pub fn from_label(label: &str) -> ColumnKind {
        let l: String = label.chars().filter(|c| !c.is_whitespace()).collect();
        match l.as_str() {
            "序号" | "编号" | "序" => ColumnKind::Number,
            "事项" | "改革事项" | "任务" | "工作任务" | "任务名称" | "改革事项名称" | "名称" => {
                ColumnKind::Title
            }
            "主要内容" | "内容" | "具体内容" | "工作内容" | "任务内容" | "主要举措" | "具体措施" => {
                ColumnKind::Content
            }
            "牵头单位" | "牵头部门" => ColumnKind::LeadUnits,
            "配合单位" | "配合部门" | "协办单位" => ColumnKind::CoopUnits,
            "责任单位" | "责任部门" | "承办单位" => ColumnKind::ResponsibleUnits,
            "分管领导" | "牵头领导" | "责任领导" => ColumnKind::Leader,
            "复制推广范围" | "推广范围" | "适用范围" | "范围" => ColumnKind::Scope,
            "完成时限" | "完成时间" | "时限" | "时间安排" => ColumnKind::Deadline,
            "备注" => ColumnKind::Notes,
            _ => ColumnKind::Custom(label.trim().to_string()),
        }
    }

    /// The assignment role a unit column carries, if it is a unit column.
    pub fn role(&self) -> Option<Role> {
        match self {
            ColumnKind::LeadUnits => Some(Role::Lead),
            ColumnKind::CoopUnits => Some(Role::Cooperating),
            ColumnKind::ResponsibleUnits => Some(Role::Responsible),
            _ => None,
        }
    }
}

/// One column of a document's table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Column {
    #[serde(flatten)]
    pub kind: ColumnKind,
    /// Header label as printed.
    pub label: String,
    /// Relative width; the layout scales the set to the text area.
    pub width: f32,
    /// 列设置's 固定: the layout keeps this column at its share of the width, whatever its content. False
    /// (自动, the default): the share is where the layout starts, and it widens a column whose names would
    /// break and splits 事项/主要内容 for the fewest lines.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub fixed: bool,
}

impl Column {
    pub fn new(kind: ColumnKind, width: f32) -> Column {
        Column { label: kind.default_label().to_string(), kind, width, fixed: false }
    }
}

/// The seed's set: 序号 · 事项 · 主要内容 · 牵头单位 · 复制推广范围. In portrait at 3号 (156 mm text area)
/// the widths give 序号 about 14 mm and a unit column five characters, so `省税务局、` stays on one line.
pub fn default_columns() -> Vec<Column> {
    [ColumnKind::Number, ColumnKind::Title, ColumnKind::Content, ColumnKind::LeadUnits, ColumnKind::Scope]
        .into_iter()
        .map(|k| Column::new(k.clone(), default_width(&k)))
        .collect()
}

/// A suggested relative width for a column of this kind (used when importing or adding columns).
pub fn default_width(kind: &ColumnKind) -> f32 {
    match kind {
        ColumnKind::Number => 1.4,
        ColumnKind::Title => 3.2,
        ColumnKind::Content => 5.8,
        ColumnKind::LeadUnits | ColumnKind::CoopUnits | ColumnKind::ResponsibleUnits => 3.2,
        ColumnKind::Leader | ColumnKind::Deadline => 2.0,
        _ => 2.8,
    }
}

/// One 任务分工表 (the annex).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Document {
    pub id: DocumentId,
    /// May contain '\n' where the user wants the title line broken.
    pub title: String,
    /// `附件`, `附件1` …
    pub annex_label: String,
    /// 发文字号, e.g. 粤府函〔2020〕77号.
    pub doc_number: Option<String>,
    pub issue_date: Option<NaiveDate>,
    pub notes: String,
    pub columns: Vec<Column>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a caller supplies to create or update a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DocumentDraft {
    pub title: String,
    #[serde(default = "default_annex_label")]
    pub annex_label: String,
    #[serde(default)]
    pub doc_number: Option<String>,
    #[serde(default)]
    pub issue_date: Option<NaiveDate>,
    #[serde(default)]
    pub notes: String,
    #[serde(default = "default_columns")]
    pub columns: Vec<Column>,
}

fn default_annex_label() -> String {
    "附件".to_string()
}

impl DocumentDraft {
    pub fn titled(title: &str) -> DocumentDraft {
        DocumentDraft {
            title: title.to_string(),
            annex_label: default_annex_label(),
            doc_number: None,
            issue_date: None,
            notes: String::new(),
            columns: default_columns(),
        }
    }
}

/// A document in a list: enough to choose one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DocumentSummary {
    pub id: DocumentId,
    pub title: String,
    pub annex_label: String,
    pub doc_number: Option<String>,
    pub item_count: i64,
    pub updated_at: DateTime<Utc>,
    /// When it was made in this database (or, for a bundle, when its maker made it).
    pub created_at: DateTime<Utc>,
    /// Where it came from: 内置示例, the imported file's name, 粘贴的文字, 新建, 复制 …; empty for a document
    /// made before this was recorded.
    pub source: String,
}

/// How a unit takes part in an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(TS)]
pub enum Role {
    /// 牵头
    Lead,
    /// 配合
    Cooperating,
    /// 责任
    Responsible,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Cooperating => "cooperating",
            Role::Responsible => "responsible",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "lead" | "牵头" => Some(Role::Lead),
            "cooperating" | "配合" => Some(Role::Cooperating),
            "responsible" | "责任" => Some(Role::Responsible),
            _ => None,
        }
    }
    /// 牵头 / 配合 / 责任
    pub fn label(self) -> &'static str {
        match self {
            Role::Lead => "牵头",
            Role::Cooperating => "配合",
            Role::Responsible => "责任",
        }
    }
}

/// A unit named in a cell, in the order the cell lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Assignment {
    pub unit_id: UnitId,
    /// Short name as printed, resolved by the store for convenience.
    pub unit_name: String,
    pub role: Role,
    pub ord: i64,
}

/// One row of the table (one reform item / task).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
pub struct Item {
    pub id: ItemId,
    pub document_id: DocumentId,
    /// 0-based, contiguous within the document.
    pub position: i64,
    /// A heading row (`一、…`, `（一）…`) printed across the table before this item's group. A heading-only
    /// row is an item with `is_heading` true.
    pub is_heading: bool,
    /// Custom 序号 (e.g. `1-1`); None means auto-numbered.
    pub number_label: Option<String>,
    pub title: String,
    /// Multi-paragraph; paragraphs separated by '\n'.
    pub content: String,
    pub scope: String,
    pub leader: String,
    pub deadline_text: String,
    pub deadline: Option<NaiveDate>,
    pub notes: String,
    /// Values of custom columns, keyed by the column key.
    pub custom: std::collections::BTreeMap<String, String>,
    pub assignments: Vec<Assignment>,
}

impl Item {
    /// The draft that recreates this item (undo of a delete, duplicating, validating a snapshot).
    pub fn to_draft(&self) -> ItemDraft {
        let mut assigned = self.assignments.clone();
        assigned.sort_by_key(|a| (a.role, a.ord));
        ItemDraft {
            is_heading: self.is_heading,
            number_label: self.number_label.clone(),
            title: self.title.clone(),
            content: self.content.clone(),
            scope: self.scope.clone(),
            leader: self.leader.clone(),
            deadline_text: self.deadline_text.clone(),
            deadline: self.deadline,
            notes: self.notes.clone(),
            custom: self.custom.clone(),
            units: assigned.iter().map(|a| UnitRef { name: a.unit_name.clone(), role: a.role }).collect(),
        }
    }

    /// Units of one role in cell order.
    pub fn units(&self, role: Role) -> Vec<&Assignment> {
        let mut v: Vec<&Assignment> = self.assignments.iter().filter(|a| a.role == role).collect();
        v.sort_by_key(|a| a.ord);
        v
    }

    /// The cell text for a unit column: names joined back with 、 in their order.
    pub fn units_text(&self, role: Role) -> String {
        self.units(role).iter().map(|a| a.unit_name.as_str()).collect::<Vec<_>>().join("、")
    }

    /// The text of this item's cell in a column, as printed (序号 is resolved by `number_text`).
    pub fn cell_text(&self, kind: &ColumnKind) -> String {
        match kind {
            ColumnKind::Number => self.number_label.clone().unwrap_or_default(),
            ColumnKind::Title => self.title.clone(),
            ColumnKind::Content => self.content.clone(),
            ColumnKind::LeadUnits => self.units_text(Role::Lead),
            ColumnKind::CoopUnits => self.units_text(Role::Cooperating),
            ColumnKind::ResponsibleUnits => self.units_text(Role::Responsible),
            ColumnKind::Leader => self.leader.clone(),
            ColumnKind::Scope => self.scope.clone(),
            ColumnKind::Deadline => self.deadline_text.clone(),
            ColumnKind::Notes => self.notes.clone(),
            ColumnKind::Custom(key) => self.custom.get(key).cloned().unwrap_or_default(),
        }
    }
}

/// Resolves the printed 序号 of every item: custom labels stay, others count 1, 2, 3 … over non-heading
/// items. Headings get an empty number.
pub fn number_items(items: &[Item]) -> Vec<String> {
    let mut n = 0;
    items
        .iter()
        .map(|it| {
            if it.is_heading {
                return String::new();
            }
            n += 1;
            it.number_label.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| n.to_string())
        })
        .collect()
}

/// A named unit in a cell when writing an item: by name; the store matches name or alias, or creates it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct UnitRef {
    pub name: String,
    pub role: Role,
}

/// What a caller supplies to create or update an item.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[derive(TS)]
pub struct ItemDraft {
    pub is_heading: bool,
    pub number_label: Option<String>,
    pub title: String,
    pub content: String,
    pub scope: String,
    pub leader: String,
    pub deadline_text: String,
    pub deadline: Option<NaiveDate>,
    pub notes: String,
    pub custom: std::collections::BTreeMap<String, String>,
    /// In cell order per role.
    pub units: Vec<UnitRef>,
}

/// An entry of the unit directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Unit {
    pub id: UnitId,
    /// Short name as printed, e.g. 省税务局.
    pub name: String,
    /// e.g. 国家税务总局广东省税务局.
    pub full_name: Option<String>,
    pub aliases: Vec<String>,
    /// Order of precedence when listing units (smaller first).
    pub precedence: i64,
}

/// A unit with how many items it takes part in, per role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct UnitSummary {
    #[serde(flatten)]
    pub unit: Unit,
    pub lead_count: i64,
    pub cooperating_count: i64,
    pub responsible_count: i64,
}

/// One search hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SearchHit {
    pub item_id: ItemId,
    pub document_id: DocumentId,
    pub document_title: String,
    pub position: i64,
    pub title: String,
    /// Text around the match with the match wrapped in 【】 markers replaced by the caller as needed:
    /// the store marks the match with U+0002 … U+0003 so a UI can highlight without parsing HTML.
    pub snippet: String,
    /// The roles the unit asked about has in this item: the unit of the filter, or else units whose name
    /// contains the query; empty when the search is not about a unit. Shown as 牵头/配合/责任 badges.
    pub roles: Vec<Role>,
}

/// Filters that narrow a search or an item listing.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[derive(TS)]
pub struct SearchFilter {
    pub document_id: Option<DocumentId>,
    pub unit_id: Option<UnitId>,
    pub scope: Option<String>,
    /// Only items where the unit asked about has this role: the filter's unit, or else a unit whose name
    /// contains the query, or else any unit ("what does 省税务局 lead").
    pub role: Option<Role>,
}

/// A title on one line: the lines the user broke it into, each trimmed, joined without the break — a
/// space only between two Latin letters or digits (`Made in` + `China 2025`) — for messages, file names,
/// sheet names and the PDF's Title metadata; the printed annex keeps the breaks.
pub fn one_line(title: &str) -> String {
    let mut out = String::new();
    for part in title.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        let joins_words = out.chars().last().is_some_and(|c| c.is_ascii_alphanumeric())
            && part.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
        if joins_words {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

impl Document {
    /// The title on one line ([`one_line`]).
    pub fn title_one_line(&self) -> String {
        one_line(&self.title)
    }

    /// The values a user edits (文档信息, 列设置).
    pub fn to_draft(&self) -> DocumentDraft {
        DocumentDraft {
            title: self.title.clone(),
            annex_label: self.annex_label.clone(),
            doc_number: self.doc_number.clone(),
            issue_date: self.issue_date,
            notes: self.notes.clone(),
            columns: self.columns.clone(),
        }
    }
}

impl DocumentSummary {
    /// The title on one line ([`one_line`]).
    pub fn title_one_line(&self) -> String {
        one_line(&self.title)
    }
}

/// The label a new custom column gets before the user names it.
pub const CUSTOM_COLUMN_LABEL: &str = "自定义列";

impl ColumnKind {
    /// Every kind a user can add to a table, in the order of the enum; the custom kind with an empty key
    /// (the user names it).
    pub fn addable() -> Vec<ColumnKind> {
        vec![
            ColumnKind::Number,
            ColumnKind::Title,
            ColumnKind::Content,
            ColumnKind::LeadUnits,
            ColumnKind::CoopUnits,
            ColumnKind::ResponsibleUnits,
            ColumnKind::Leader,
            ColumnKind::Scope,
            ColumnKind::Deadline,
            ColumnKind::Notes,
            ColumnKind::Custom(String::new()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_on_one_line_keeps_no_break_space() {
        assert_eq!(
            one_line("广东自贸试验区第八批可复制推广\n改革创新经验任务分工表"),
            "广东自贸试验区第八批可复制推广改革创新经验任务分工表"
        );
        assert_eq!(one_line("《Made in\nChina 2025》分工"), "《Made in China 2025》分工");
        assert_eq!(one_line(" 一 \n\n 二 "), "一二");
    }

    #[test]
    fn labels_map_to_kinds_and_unknown_stays_custom() {
        assert_eq!(ColumnKind::from_label("牵头单位"), ColumnKind::LeadUnits);
        assert_eq!(ColumnKind::from_label(" 复制推广范围 "), ColumnKind::Scope);
        assert_eq!(ColumnKind::from_label("进展情况"), ColumnKind::Custom("进展情况".into()));
    }

    #[test]
    fn numbering_skips_headings_and_keeps_custom_labels() {
        let mk = |h: bool, l: Option<&str>| Item {
            is_heading: h,
            number_label: l.map(str::to_string),
            ..Default::default()
        };
        let items = vec![mk(true, None), mk(false, None), mk(false, Some("1-1")), mk(false, None)];
        assert_eq!(number_items(&items), vec!["", "1", "1-1", "3"]);
    }
}
