//! What the histories record (src/store/history.rs for a document's rows and settings,
//! src/store/unit_history.rs for the unit directory): the changes of a step, their labels, and the writing
//! of a step in the caller's transaction. Kept apart from the undo and redo that apply the steps, so the
//! files that make changes (items, documents, units) and the files that undo them depend on this one and
//! not on each other.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::model::{one_line, DocumentDraft, DocumentId, Item, ItemDraft, ItemId, Role, Unit};

/// Entries kept per document; the oldest go first.
pub const HISTORY_LIMIT: i64 = 200;

/// One change of an entry. Rows by position (see the module comment).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Change {
    Insert { at: i64, item: ItemDraft },
    Delete { at: i64, item: ItemDraft },
    Update { at: i64, before: ItemDraft, after: ItemDraft },
    Move { from: i64, to: i64, item: ItemDraft },
    Document { before: DocumentDraft, after: DocumentDraft },
}

/// What 撤销 and 重做 would do now, in words (None: nothing to undo/redo).
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct HistoryState {
    pub undo: Option<String>,
    pub redo: Option<String>,
}

/// Records an entry (the caller holds the transaction that made the change): drops what was undone, keeps
/// at most [`HISTORY_LIMIT`] entries.
pub(crate) fn record(conn: &Connection, doc: DocumentId, label: &str, changes: &[Change]) -> Result<()> {
    conn.prepare_cached("DELETE FROM history WHERE document_id = ?1 AND undone = 1")?.execute([doc])?;
    let json =
        serde_json::to_string(changes).map_err(|e| Error::invalid(format!("无法记录修改历史：{e}")))?;
    conn.prepare_cached(
        "INSERT INTO history (document_id, label, changes, undone, at) VALUES (?1, ?2, ?3, 0, ?4)",
    )?
    .execute(params![doc, label, json, super::ts_to_sql(&super::now())])?;
    conn.prepare_cached(
        "DELETE FROM history WHERE document_id = ?1 AND id NOT IN
           (SELECT id FROM history WHERE document_id = ?1 ORDER BY id DESC LIMIT ?2)",
    )?
    .execute(params![doc, HISTORY_LIMIT])?;
    Ok(())
}

/// A row's title for a label: one line, cut at 16 characters; the content when there is no title.
fn short(d: &ItemDraft) -> String {
    let text = if d.title.trim().is_empty() { &d.content } else { &d.title };
    let line = one_line(text);
    let cut: String = line.chars().take(16).collect();
    if cut.chars().count() < line.chars().count() {
        format!("{cut}…")
    } else {
        cut
    }
}

fn kind(d: &ItemDraft) -> &'static str {
    if d.is_heading {
        "标题行"
    } else {
        "事项"
    }
}

pub(crate) fn added_label(item: &Item) -> String {
    let d = item.to_draft();
    format!("新增{}“{}”", kind(&d), short(&d))
}

pub(crate) fn changed_label(position: i64, after: &ItemDraft) -> String {
    format!("修改第 {} 行“{}”", position + 1, short(after))
}

pub(crate) fn deleted_label(item: &Item) -> String {
    let d = item.to_draft();
    format!("删除{}“{}”", kind(&d), short(&d))
}

pub(crate) fn moved_label(item: &Item, to: i64) -> String {
    let d = item.to_draft();
    format!("移动“{}”（第 {} 行 → 第 {} 行）", short(&d), item.position + 1, to + 1)
}

pub(crate) fn document_label(before: &DocumentDraft, after: &DocumentDraft) -> String {
    let columns_only = DocumentDraft { columns: after.columns.clone(), ..before.clone() } == *after;
    if columns_only {
        "修改列设置".to_string()
    } else {
        "修改文档信息".to_string()
    }
}

/// Steps kept; the oldest go first.
const UNIT_LIMIT: i64 = 200;

/// One step of the directory's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum UnitChange {
    Edit {
        before: Unit,
        after: Unit,
    },
    /// `from` merged into `into`; the cells (item, role, order) of `from` that moved and that were dropped.
    Merge {
        from: Unit,
        into: Unit,
        moved: Vec<(ItemId, Role, i64)>,
        dropped: Vec<(ItemId, Role, i64)>,
    },
}

pub(crate) fn record_unit(conn: &Connection, label: &str, change: &UnitChange) -> Result<()> {
    conn.execute("DELETE FROM unit_history WHERE undone = 1", [])?;
    let json =
        serde_json::to_string(change).map_err(|e| Error::invalid(format!("无法记录单位修改历史：{e}")))?;
    conn.execute(
        "INSERT INTO unit_history (label, change, undone, at) VALUES (?1, ?2, 0, ?3)",
        params![label, json, super::ts_to_sql(&super::now())],
    )?;
    conn.execute(
        "DELETE FROM unit_history WHERE id NOT IN (SELECT id FROM unit_history ORDER BY id DESC LIMIT ?1)",
        [UNIT_LIMIT],
    )?;
    Ok(())
}
