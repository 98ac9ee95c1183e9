//! The JSON bundle (`*.fengong.json`): one document with its columns, items, the units it names (full
//! names, aliases, precedence order) and every assignment, for lossless exchange between offices and for
//! backup. The schema is documented in `docs/bundle-format.md`.
//!
//! The bundle holds no database ids: units are referred to by name, items by their order. Reading is
//! strict (`deny_unknown_fields`) so nothing a newer writer added is silently dropped; any new field
//! means a new format version, and this reader refuses versions it does not know.
//!
//! - [`parse`] / [`read`]: bytes or a file → [`Bundle`], with size, marker, version and semantic checks.
//! - [`to_json`] / [`write`]: [`Bundle`] → pretty UTF-8 JSON.
//! - The store writes a bundle with `Store::import_bundle` and builds one with `Store::export_bundle`.

mod dates;
mod enums;
mod parse;
mod validate;
mod zh;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::{Column, ColumnKind, Document, DocumentDraft, Item, ItemDraft, Role, Unit, UnitRef};

pub use parse::{parse, read};
pub use validate::validate;

/// The value of the `format` field; anything else is not a bundle.
pub const BUNDLE_FORMAT: &str = "fengong-bundle";
/// The newest format version this build writes and reads. Version 2 added a column's `fixed` width; a
/// bundle whose columns use none is still written as version 1, which every earlier build reads.
pub const BUNDLE_VERSION: u32 = 2;
/// Files larger than this are refused before parsing (a real annex is a few hundred KB).
pub const MAX_BUNDLE_BYTES: u64 = 64 * 1024 * 1024;
/// Suggested file name ending.
pub const FILE_SUFFIX: &str = ".fengong.json";

/// A whole bundle file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    /// Always [`BUNDLE_FORMAT`].
    pub format: String,
    /// Format version, see [`BUNDLE_VERSION`].
    pub version: u32,
    /// The Fengong version that wrote the file (informative).
    #[serde(default)]
    pub app_version: String,
    /// When the file was written (informative).
    #[serde(default, with = "dates::datetime_opt")]
    pub exported_at: Option<DateTime<Utc>>,
    pub document: BundleDocument,
    /// Units named by the items, in precedence order (the directory's order of listing).
    #[serde(default)]
    pub units: Vec<BundleUnit>,
    /// Rows of the table in order, heading rows included.
    #[serde(default)]
    pub items: Vec<BundleItem>,
}

/// The document's own fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleDocument {
    pub title: String,
    #[serde(default = "default_annex_label")]
    pub annex_label: String,
    #[serde(default)]
    pub doc_number: Option<String>,
    #[serde(default, with = "dates::date_opt")]
    pub issue_date: Option<NaiveDate>,
    #[serde(default)]
    pub notes: String,
    pub columns: Vec<BundleColumn>,
    /// Restored on import, so a backup keeps when the document was first made.
    #[serde(default, with = "dates::datetime_opt")]
    pub created_at: Option<DateTime<Utc>>,
    /// Informative; an imported document counts as changed at import time.
    #[serde(default, with = "dates::datetime_opt")]
    pub updated_at: Option<DateTime<Utc>>,
}

fn default_annex_label() -> String {
    "附件".to_string()
}

/// What a column holds; the same names as the model's [`ColumnKind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BundleColumnKind {
    Number,
    Title,
    Content,
    LeadUnits,
    CoopUnits,
    ResponsibleUnits,
    Leader,
    Scope,
    Deadline,
    Notes,
    /// Needs `key`: the name of the value in each item's `custom`.
    Custom,
}

/// One column of the table. Flat (`kind`, `key`, `label`, `width`) rather than the model's flattened enum,
/// so the reader can refuse unknown fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleColumn {
    #[serde(deserialize_with = "enums::from_text")]
    pub kind: BundleColumnKind,
    /// Only for `custom` columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub label: String,
    pub width: f32,
    /// 列设置's 固定 (format version 2; written only when set, so a bundle without fixed widths stays
    /// version 1 and older readers open it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fixed: bool,
}

/// A unit of the directory as the bundle carries it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleUnit {
    /// Short name as printed; items refer to units by this name.
    pub name: String,
    #[serde(default)]
    pub full_name: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BundleItem {
    pub is_heading: bool,
    pub number_label: Option<String>,
    pub title: String,
    pub content: String,
    pub scope: String,
    pub leader: String,
    pub deadline_text: String,
    #[serde(with = "dates::date_opt")]
    pub deadline: Option<NaiveDate>,
    pub notes: String,
    pub custom: BTreeMap<String, String>,
    /// Assignments: 牵头 first, then 配合, then 责任, each in cell order.
    pub units: Vec<BundleUnitRef>,
}

/// A unit named in one of the item's unit cells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleUnitRef {
    /// A `name` from the bundle's `units`.
    pub name: String,
    #[serde(deserialize_with = "enums::from_text")]
    pub role: Role,
}

impl BundleColumnKind {
    fn of(kind: &ColumnKind) -> (BundleColumnKind, Option<String>) {
        use BundleColumnKind as B;
        let k = match kind {
            ColumnKind::Number => B::Number,
            ColumnKind::Title => B::Title,
            ColumnKind::Content => B::Content,
            ColumnKind::LeadUnits => B::LeadUnits,
            ColumnKind::CoopUnits => B::CoopUnits,
            ColumnKind::ResponsibleUnits => B::ResponsibleUnits,
            ColumnKind::Leader => B::Leader,
            ColumnKind::Scope => B::Scope,
            ColumnKind::Deadline => B::Deadline,
            ColumnKind::Notes => B::Notes,
            ColumnKind::Custom(key) => return (B::Custom, Some(key.clone())),
        };
        (k, None)
    }
}

impl BundleColumn {
    pub fn from_column(c: &Column) -> BundleColumn {
        let (kind, key) = BundleColumnKind::of(&c.kind);
        BundleColumn { kind, key, label: c.label.clone(), width: c.width, fixed: c.fixed }
    }

    /// The model's column (a `custom` column without a key is refused earlier by [`validate`]).
    pub fn to_column(&self) -> Column {
        use BundleColumnKind as B;
        let kind = match self.kind {
            B::Number => ColumnKind::Number,
            B::Title => ColumnKind::Title,
            B::Content => ColumnKind::Content,
            B::LeadUnits => ColumnKind::LeadUnits,
            B::CoopUnits => ColumnKind::CoopUnits,
            B::ResponsibleUnits => ColumnKind::ResponsibleUnits,
            B::Leader => ColumnKind::Leader,
            B::Scope => ColumnKind::Scope,
            B::Deadline => ColumnKind::Deadline,
            B::Notes => ColumnKind::Notes,
            B::Custom => ColumnKind::Custom(self.key.clone().unwrap_or_default()),
        };
        Column { kind, label: self.label.clone(), width: self.width, fixed: self.fixed }
    }
}

impl BundleItem {
    pub fn from_item(it: &Item) -> BundleItem {
        let mut assigned: Vec<_> = it.assignments.iter().collect();
        assigned.sort_by_key(|a| (a.role, a.ord));
        BundleItem {
            is_heading: it.is_heading,
            number_label: it.number_label.clone(),
            title: it.title.clone(),
            content: it.content.clone(),
            scope: it.scope.clone(),
            leader: it.leader.clone(),
            deadline_text: it.deadline_text.clone(),
            deadline: it.deadline,
            notes: it.notes.clone(),
            custom: it.custom.clone(),
            units: assigned
                .iter()
                .map(|a| BundleUnitRef { name: a.unit_name.clone(), role: a.role })
                .collect(),
        }
    }

    /// The draft the store writes (unit names as in the bundle; the store maps them to its units).
    pub fn to_draft(&self) -> ItemDraft {
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
            units: self.units.iter().map(|u| UnitRef { name: u.name.clone(), role: u.role }).collect(),
        }
    }
}

impl Bundle {
    /// A bundle of a document, its items (in order) and the units they name (in precedence order).
    pub fn from_parts(doc: &Document, items: &[Item], units: &[Unit]) -> Bundle {
        Bundle {
            format: BUNDLE_FORMAT.to_string(),
            version: if doc.columns.iter().any(|c| c.fixed) { BUNDLE_VERSION } else { 1 },
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            exported_at: Some(Utc::now()),
            document: BundleDocument {
                title: doc.title.clone(),
                annex_label: doc.annex_label.clone(),
                doc_number: doc.doc_number.clone(),
                issue_date: doc.issue_date,
                notes: doc.notes.clone(),
                columns: doc.columns.iter().map(BundleColumn::from_column).collect(),
                created_at: Some(doc.created_at),
                updated_at: Some(doc.updated_at),
            },
            units: units
                .iter()
                .map(|u| BundleUnit {
                    name: u.name.clone(),
                    full_name: u.full_name.clone(),
                    aliases: u.aliases.clone(),
                })
                .collect(),
            items: items.iter().map(BundleItem::from_item).collect(),
        }
    }

    /// The document part as a draft for the store.
    pub fn document_draft(&self) -> DocumentDraft {
        let d = &self.document;
        DocumentDraft {
            title: d.title.clone(),
            annex_label: d.annex_label.clone(),
            doc_number: d.doc_number.clone(),
            issue_date: d.issue_date,
            notes: d.notes.clone(),
            columns: d.columns.iter().map(BundleColumn::to_column).collect(),
        }
    }
}

/// The bundle as pretty-printed UTF-8 JSON (Chinese unescaped, so the file reads as text), ending in a
/// newline.
pub fn to_json(bundle: &Bundle) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(bundle).expect("a bundle always serialises");
    out.push(b'\n');
    out
}

/// Writes the bundle to `path` atomically (a half-written backup never replaces a good one).
pub fn write(path: &Path, bundle: &Bundle) -> Result<()> {
    crate::fsutil::write_atomic(path, &to_json(bundle))
}
