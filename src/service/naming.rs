//! What files and sheets are called: the file-name cleaner every save goes through, a unit sheet's title,
//! and the name a save dialog suggests. One place, so the CLI's default output, the sheets written by
//! `sheets --all`, the desktop's save dialog and the title printed on a sheet cannot disagree (the page
//! and the PDF backend each had a copy before, and `export` called into `pdf` for the cleaner).

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::{Document, DocumentId, UnitId};
use crate::store::Store;

/// `{unit}牵头任务清单`, or `{unit}承担任务清单` with cooperating items.
pub fn unit_sheet_title(unit: &str, with_cooperating: bool) -> String {
    if with_cooperating {
        format!("{unit}承担任务清单")
    } else {
        format!("{unit}牵头任务清单")
    }
}

/// A file name (without extension) that is valid on Windows, macOS and Linux: forbidden characters
/// (`<>:"/\|?*`, control characters) become `_`, trailing dots and spaces go, reserved device names
/// (CON, NUL, COM1 …) get a `_` prefix, and the length is capped.
pub fn safe_file_name(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| if c.is_control() || "<>:\"/\\|?*".contains(c) { '_' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if s.chars().count() > 100 {
        s = s.chars().take(100).collect();
    }
    let s = s.trim_end_matches(['.', ' ']).trim_start().to_string();
    if s.is_empty() {
        return "未命名".into();
    }
    let base = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((base.starts_with("COM") || base.starts_with("LPT"))
            && base.len() == 4
            && base.as_bytes()[3].is_ascii_digit());
    if reserved {
        format!("_{s}")
    } else {
        s
    }
}

/// The name of a document's file, without extension: its title on one line (任务分工表 when blank).
pub fn document_file_stem(doc: &Document) -> String {
    let title = doc.title_one_line();
    safe_file_name(if title.trim().is_empty() { "任务分工表" } else { &title })
}

/// What a save dialog is about to save, for [`suggested_name`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NameRequest {
    /// A document's annex (PDF, Word, Excel, CSV or bundle).
    Annex { document_id: DocumentId },
    /// A unit's assignment sheet.
    UnitSheet { unit_id: UnitId, with_cooperating: bool },
}

/// The base file name (no extension, safe on every system) a save dialog suggests: the document's title on
/// one line, or the unit sheet's title — the one printed on the sheet. Unknown ids are refused.
pub fn suggested_name(store: &Store, request: &NameRequest) -> Result<String> {
    Ok(match request {
        NameRequest::Annex { document_id } => document_file_stem(&store.document(*document_id)?),
        NameRequest::UnitSheet { unit_id, with_cooperating } => {
            safe_file_name(&unit_sheet_title(&store.unit(*unit_id)?.name, *with_cooperating))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_on_windows() {
        assert_eq!(safe_file_name("省商务厅牵头任务清单"), "省商务厅牵头任务清单");
        assert_eq!(safe_file_name("a/b\\c:d*e?f\"g<h>i|j"), "a_b_c_d_e_f_g_h_i_j");
        assert_eq!(safe_file_name("CON"), "_CON");
        assert_eq!(safe_file_name("com3.x"), "_com3.x");
        assert_eq!(safe_file_name("名称. . "), "名称");
        assert_eq!(safe_file_name("  "), "未命名");
        assert_eq!(safe_file_name(&"长".repeat(300)).chars().count(), 100);
    }

    #[test]
    fn titles_name_the_role() {
        assert_eq!(unit_sheet_title("省商务厅", false), "省商务厅牵头任务清单");
        assert_eq!(unit_sheet_title("省商务厅", true), "省商务厅承担任务清单");
    }

    #[test]
    fn requests_are_tagged_by_kind_in_snake_case() {
        let r: NameRequest = serde_json::from_str(r#"{"kind":"annex","document_id":3}"#).unwrap();
        assert_eq!(r, NameRequest::Annex { document_id: 3 });
        let r: NameRequest =
            serde_json::from_str(r#"{"kind":"unit_sheet","unit_id":5,"with_cooperating":true}"#).unwrap();
        assert_eq!(r, NameRequest::UnitSheet { unit_id: 5, with_cooperating: true });
    }

    #[test]
    fn suggested_names_come_from_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let id = store.create_document(&crate::model::DocumentDraft::titled("关于\n印发的:通知")).unwrap();
        let name = suggested_name(&store, &NameRequest::Annex { document_id: id }).unwrap();
        assert_eq!(name, "关于印发的_通知");
        let e = suggested_name(&store, &NameRequest::Annex { document_id: 999 }).unwrap_err().to_string();
        assert!(e.contains("999"), "{e}");
        let e = suggested_name(&store, &NameRequest::UnitSheet { unit_id: 4040, with_cooperating: false })
            .unwrap_err()
            .to_string();
        assert!(e.contains("4040"), "{e}");
    }
}
