//! The column kinds a user can add, with the label and width a new column of each kind gets: the model's
//! defaults ([`ColumnKind::default_label`], [`default_width`]), sent to the desktop so the page keeps no
//! copy of its own (it had other widths than the importer's).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{default_width, ColumnKind};

/// One kind a user can add, with its defaults. Serialized like a [`crate::model::Column`]:
/// `{ "kind": "content", "label": "主要内容", "width": 5.8 }` (a custom kind also has `"key": ""`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ColumnKindInfo {
    #[serde(flatten)]
    pub kind: ColumnKind,
    /// The header label a new column of this kind gets.
    pub label: String,
    /// Its relative width.
    pub width: f32,
}

/// Every kind a user can add, in the model's order ([`ColumnKind::addable`]).
pub fn column_kinds() -> Vec<ColumnKindInfo> {
    ColumnKind::addable()
        .into_iter()
        .map(|kind| ColumnKindInfo {
            label: kind.default_label().to_string(),
            width: default_width(&kind),
            kind,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_carry_the_models_defaults_in_order() {
        let kinds = column_kinds();
        assert_eq!(kinds.len(), 11);
        assert_eq!(kinds[0].kind, ColumnKind::Number);
        let content = &kinds[2];
        assert_eq!(
            (content.label.as_str(), content.width),
            ("主要内容", default_width(&ColumnKind::Content))
        );
        let custom = kinds.last().unwrap();
        assert_eq!(custom.kind, ColumnKind::Custom(String::new()));
        assert_eq!(custom.label, crate::model::CUSTOM_COLUMN_LABEL);
        let json = serde_json::to_string(content).unwrap();
        assert_eq!(json, r#"{"kind":"content","label":"主要内容","width":5.8}"#);
    }
}
