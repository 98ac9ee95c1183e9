//! A document's history: 撤销/重做 of what was done to its rows and its settings (Ctrl+Z / Ctrl+Y).
//!
//! Every change to a document's rows (add, edit, delete, move) or to its 文档信息/列设置 is recorded in the
//! same transaction as the change itself, as the rows' content before and after. Undo applies the inverse
//! of the newest entry, redo re-applies the oldest undone one, and a new change drops what was undone (as
//! in Word). The history lives in the database, so it survives closing the app, and is per document: a
//! document deleted on another screen is the 回收站's business, never this history's.
//!
//! Rows are named by position, not id: a row put back by an undone delete is a new row with a new id, and
//! since entries are undone strictly newest first, the positions an entry recorded are the positions the
//! rows have when it is undone. Before changing anything, undo and redo check that the rows are as the
//! entry left them (own fields, and units compared by identity so a unit renamed meanwhile still matches).
//! Something changed outside the history (a unit merged into another that sat in the same cell …) is
//! refused with the row named and the document's history is cleared: undoing the wrong row would be worse
//! than no undo. Rejected: a snapshot of the whole document per entry (a 3,000-row table is about a
//! megabyte per save); undo kept only in the window (lost on close, and the core owns behaviour).

use rusqlite::{params, Connection, OptionalExtension};

use super::items::{insert_item, item_at, remove_item, rewrite_item, shift_item};
use super::journal::{Change, HistoryState};
use super::Store;
use crate::error::{Error, Result};
use crate::model::{DocumentId, Item, ItemDraft, Role, UnitId};

/// The units of a draft as identities: each name looked up in the directory (names and aliases, so a unit
/// renamed since still matches). None when a name is no unit's.
fn unit_ids(conn: &Connection, d: &ItemDraft) -> Result<Option<Vec<(Role, UnitId)>>> {
    let mut out = Vec::new();
    for u in &d.units {
        match super::units::lookup(conn, &u.name)? {
            Some(id) => out.push((u.role, id)),
            None => return Ok(None),
        }
    }
    Ok(Some(out))
}

/// True when the stored row is the one an entry expects: same own fields and the same units.
fn row_is(conn: &Connection, item: &Item, expected: &ItemDraft) -> Result<bool> {
    let current = item.to_draft();
    let fields = |d: &ItemDraft| ItemDraft { units: Vec::new(), ..d.clone() };
    if fields(&current) != fields(expected) {
        return Ok(false);
    }
    let have: Vec<(Role, UnitId)> = {
        let mut a = item.assignments.clone();
        a.sort_by_key(|a| (a.role, a.ord));
        a.iter().map(|a| (a.role, a.unit_id)).collect()
    };
    Ok(unit_ids(conn, expected)? == Some(have))
}

/// Why an entry cannot be applied: the row (1-based) that is not as the entry left it.
struct Stale(i64);

/// Applies one change forward (redo) or backward (undo). Err(Stale) when the rows are not as expected.
fn apply(
    conn: &Connection,
    doc: DocumentId,
    change: &Change,
    forward: bool,
) -> Result<std::result::Result<(), Stale>> {
    let expect = |at: i64, d: &ItemDraft| -> Result<std::result::Result<Item, Stale>> {
        match item_at(conn, doc, at)? {
            Some(item) if row_is(conn, &item, d)? => Ok(Ok(item)),
            _ => Ok(Err(Stale(at + 1))),
        }
    };
    let count: i64 =
        conn.query_row("SELECT count(*) FROM items WHERE document_id = ?1", [doc], |r| r.get(0))?;
    let put = |at: i64, d: &ItemDraft| -> Result<std::result::Result<(), Stale>> {
        if at > count {
            return Ok(Err(Stale(at + 1)));
        }
        insert_item(conn, doc, at, d, &mut Vec::new())?;
        Ok(Ok(()))
    };
    let take = |at: i64, d: &ItemDraft| -> Result<std::result::Result<(), Stale>> {
        Ok(match expect(at, d)? {
            Ok(item) => Ok(remove_item(conn, &item)?),
            Err(s) => Err(s),
        })
    };
    match (change, forward) {
        (Change::Insert { at, item }, true) | (Change::Delete { at, item }, false) => put(*at, item),
        (Change::Insert { at, item }, false) | (Change::Delete { at, item }, true) => take(*at, item),
        (Change::Update { at, before, after }, _) => {
            let (from, to) = if forward { (before, after) } else { (after, before) };
            Ok(match expect(*at, from)? {
                Ok(item) => Ok(rewrite_item(conn, item.id, to)?),
                Err(s) => Err(s),
            })
        }
        (Change::Move { from, to, item }, _) => {
            let (from, to) = if forward { (*from, *to) } else { (*to, *from) };
            Ok(match expect(from, item)? {
                Ok(row) if to < count => Ok(shift_item(conn, doc, row.id, from, to)?),
                Ok(_) => Err(Stale(to + 1)),
                Err(s) => Err(s),
            })
        }
        (Change::Document { before, after }, _) => {
            let (from, to) = if forward { (before, after) } else { (after, before) };
            let current = super::documents::document_in(conn, doc)?.to_draft();
            if current != *from {
                return Ok(Err(Stale(0)));
            }
            super::documents::write_document(conn, doc, to)?;
            Ok(Ok(()))
        }
    }
}

impl Store {
    /// What 撤销 and 重做 would do now for a document.
    pub fn history(&self, doc: DocumentId) -> Result<HistoryState> {
        self.document(doc)?;
        let label = |sql: &str| -> Result<Option<String>> {
            Ok(self.conn.query_row(sql, [doc], |r| r.get(0)).optional()?)
        };
        Ok(HistoryState {
            undo: label(
                "SELECT label FROM history WHERE document_id = ?1 AND undone = 0 ORDER BY id DESC LIMIT 1",
            )?,
            redo: label(
                "SELECT label FROM history WHERE document_id = ?1 AND undone = 1 ORDER BY id LIMIT 1",
            )?,
        })
    }

    /// Undoes the newest change of a document; returns what was undone (None: nothing to undo).
    pub fn undo(&mut self, doc: DocumentId) -> Result<Option<String>> {
        self.step(doc, false)
    }

    /// Redoes the change undone last; returns what was redone (None: nothing to redo).
    pub fn redo(&mut self, doc: DocumentId) -> Result<Option<String>> {
        self.step(doc, true)
    }

    fn step(&mut self, doc: DocumentId, forward: bool) -> Result<Option<String>> {
        self.document(doc)?;
        let tx = self.conn.transaction()?;
        let sql = if forward {
            "SELECT id, label, changes FROM history WHERE document_id = ?1 AND undone = 1 ORDER BY id LIMIT 1"
        } else {
            "SELECT id, label, changes FROM history WHERE document_id = ?1 AND undone = 0 ORDER BY id DESC LIMIT 1"
        };
        let Some((id, label, json)) = tx
            .query_row(sql, [doc], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
            })
            .optional()?
        else {
            return Ok(None);
        };
        let changes: Vec<Change> = serde_json::from_str(&json)
            .map_err(|e| Error::invalid(format!("修改历史无法读取（{e}），请直接编辑")))?;
        let ordered: Box<dyn Iterator<Item = &Change>> =
            if forward { Box::new(changes.iter()) } else { Box::new(changes.iter().rev()) };
        for change in ordered {
            if let Err(Stale(row)) = apply(&tx, doc, change, forward)? {
                drop(tx);
                self.conn.execute("DELETE FROM history WHERE document_id = ?1", [doc])?;
                let place = if row == 0 { "文档信息".to_string() } else { format!("第 {row} 行") };
                let verb = if forward { "重做" } else { "撤销" };
                return Err(Error::invalid(format!(
                    "无法{verb}“{label}”：{place}已在别处改动（例如合并了单位），与记录不符。为免改错，这个文档的撤销记录已清空，请直接编辑。"
                )));
            }
        }
        tx.execute("UPDATE history SET undone = ?2 WHERE id = ?1", params![id, !forward])?;
        Store::touch_document(&tx, doc)?;
        tx.commit()?;
        Ok(Some(label))
    }
}
