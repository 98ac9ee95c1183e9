//! The unit directory's history: 撤销/重做 of a unit's rename or edit and of a merge, on the 单位 screen.
//!
//! A rename or a merge changes every document that names the unit, so it is not a step of one document's
//! history (src/store/history.rs, whose row checks follow a renamed unit through its kept old name). It is
//! a step here instead, recorded in the change's transaction as for documents: a rename with the unit as it
//! was and as it became; a merge with the merged unit as it was and the cells it sat in — moved to the other
//! unit, or dropped where both sat in one cell — so undo re-creates it and puts it back in exactly those
//! cells. Before applying, the directory is checked to be as the step left it; otherwise the step is refused,
//! the unit history cleared, and nothing changed.

use rusqlite::{params, Connection, OptionalExtension};

use super::journal::{HistoryState, UnitChange};
use super::units::{merge_into, write_unit};
use super::Store;
use crate::error::{Error, Result};
use crate::model::Unit;

/// The directory's unit as stored now, if any.
fn unit_now(conn: &Connection, id: i64) -> Result<Option<Unit>> {
    match super::units::get_unit(conn, id) {
        Ok(u) => Ok(Some(u)),
        Err(Error::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Applies a step backward (undo) or forward (redo). Ok(None) when the directory is not as the step left
/// it; Ok(Some(change)) with the step as it must be kept now (a re-created unit has a new id).
fn apply(conn: &Connection, change: &UnitChange, forward: bool) -> Result<Option<UnitChange>> {
    match change {
        UnitChange::Edit { before, after } => {
            let (from, to) = if forward { (before, after) } else { (after, before) };
            // The order of precedence is not part of the step: 保存顺序 renumbers every unit, and that must
            // not make a rename impossible to undo. The unit keeps its current place.
            let Some(now) = unit_now(conn, from.id)? else { return Ok(None) };
            if (Unit { precedence: from.precedence, ..now.clone() }) != *from {
                return Ok(None);
            }
            write_unit(conn, &Unit { precedence: now.precedence, ..to.clone() })?;
            Ok(Some(change.clone()))
        }
        UnitChange::Merge { from, into, moved, dropped } if !forward => {
            // The merged-into unit must still hold the cells; the old name must be free again.
            let Some(now) = unit_now(conn, into.id)? else { return Ok(None) };
            if now.name == from.name {
                return Ok(None);
            }
            // Back under its own id, so earlier steps that name it (a rename before the merge) still apply.
            let taken: Option<i64> =
                conn.query_row("SELECT id FROM units WHERE id = ?1", [from.id], |r| r.get(0)).optional()?;
            if taken.is_some() {
                return Ok(None);
            }
            conn.execute(
                "INSERT INTO units (id, name, full_name, precedence) VALUES (?1, ?2, ?3, ?4)",
                params![from.id, from.name, from.full_name, from.precedence],
            )?;
            let back = from.clone();
            // The names the merge gave `into` go back to `from` (write_unit checks they are free).
            conn.execute(
                "DELETE FROM unit_aliases WHERE unit_id = ?1 AND alias NOT IN (SELECT value FROM json_each(?2))",
                params![into.id, serde_json::to_string(&into.aliases).unwrap_or_default()],
            )?;
            write_unit(conn, &back)?;
            for (item, role, ord) in moved {
                let n = conn.execute(
                    "UPDATE assignments SET unit_id = ?1 WHERE item_id = ?2 AND role = ?3 AND unit_id = ?4 AND ord = ?5",
                    params![back.id, item, role.as_str(), into.id, ord],
                )?;
                if n != 1 {
                    return Ok(None);
                }
            }
            for (item, role, ord) in dropped {
                // Dropped where both sat in one cell: `into` must still be in that cell.
                let shared: Option<i64> = conn
                    .query_row(
                        "SELECT 1 FROM assignments WHERE item_id = ?1 AND role = ?2 AND unit_id = ?3",
                        params![item, role.as_str(), into.id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if shared.is_none() {
                    return Ok(None);
                }
                conn.execute(
                    "INSERT INTO assignments (item_id, unit_id, role, ord) VALUES (?1, ?2, ?3, ?4)",
                    params![item, back.id, role.as_str(), ord],
                )?;
            }
            for (item, _, _) in moved.iter().chain(dropped) {
                super::search::refresh_fts(conn, *item)?;
            }
            Ok(Some(UnitChange::Merge {
                from: back,
                into: into.clone(),
                moved: moved.clone(),
                dropped: dropped.clone(),
            }))
        }
        UnitChange::Merge { from, into, .. } => {
            let (Some(src), Some(dst)) = (unit_now(conn, from.id)?, unit_now(conn, into.id)?) else {
                return Ok(None);
            };
            if src != *from {
                return Ok(None);
            }
            merge_into(conn, &src, &dst).map(Some)
        }
    }
}

impl Store {
    /// What 撤销 and 重做 would do now on the 单位 screen.
    pub fn unit_history(&self) -> Result<HistoryState> {
        let label = |sql: &str| -> Result<Option<String>> {
            Ok(self.conn.query_row(sql, [], |r| r.get(0)).optional()?)
        };
        Ok(HistoryState {
            undo: label("SELECT label FROM unit_history WHERE undone = 0 ORDER BY id DESC LIMIT 1")?,
            redo: label("SELECT label FROM unit_history WHERE undone = 1 ORDER BY id LIMIT 1")?,
        })
    }

    /// Undoes the newest rename or merge; returns what was undone (None: nothing).
    pub fn undo_unit_change(&mut self) -> Result<Option<String>> {
        self.unit_step(false)
    }

    /// Redoes the rename or merge undone last; returns what was redone (None: nothing).
    pub fn redo_unit_change(&mut self) -> Result<Option<String>> {
        self.unit_step(true)
    }

    fn unit_step(&mut self, forward: bool) -> Result<Option<String>> {
        let sql = if forward {
            "SELECT id, label, change FROM unit_history WHERE undone = 1 ORDER BY id LIMIT 1"
        } else {
            "SELECT id, label, change FROM unit_history WHERE undone = 0 ORDER BY id DESC LIMIT 1"
        };
        let tx = self.conn.transaction()?;
        let Some((id, label, json)) = tx
            .query_row(sql, [], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
            .optional()?
        else {
            return Ok(None);
        };
        let change: UnitChange = serde_json::from_str(&json)
            .map_err(|e| Error::invalid(format!("单位修改历史无法读取（{e}）")))?;
        let applied = match apply(&tx, &change, forward) {
            Ok(Some(c)) => c,
            // Not as the step left it, or a name taken meanwhile: nothing changes, the history goes.
            Ok(None) | Err(Error::Invalid(_)) => {
                drop(tx);
                self.conn.execute("DELETE FROM unit_history", [])?;
                let verb = if forward { "重做" } else { "撤销" };
                return Err(Error::invalid(format!(
                    "无法{verb}“{label}”：单位名录或有关事项已在别处改动，与记录不符。为免改错，单位的撤销记录已清空。"
                )));
            }
            Err(e) => return Err(e),
        };
        let json = serde_json::to_string(&applied).map_err(|e| Error::invalid(e.to_string()))?;
        tx.execute(
            "UPDATE unit_history SET undone = ?2, change = ?3 WHERE id = ?1",
            params![id, !forward, json],
        )?;
        tx.commit()?;
        Ok(Some(label))
    }
}
