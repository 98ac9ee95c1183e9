//! The unit directory: names, full names, aliases, precedence; merge and guarded delete.

use rusqlite::{params, Connection, OptionalExtension};

use super::journal::UnitChange;
use super::Store;
use crate::error::{Error, Result};
use crate::model::{ItemId, Role, Unit, UnitId, UnitSummary};
use crate::rules::{check_len, unit_details, MAX_UNIT_NAME_CHARS};

use crate::rules::unit_name as clean_name;

fn aliases_of(conn: &Connection, id: UnitId) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached("SELECT alias FROM unit_aliases WHERE unit_id = ?1 ORDER BY alias")?;
    let v = st.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// A unit with its aliases, read on `conn` (inside a caller's transaction too).
pub(crate) fn get_unit(conn: &Connection, id: UnitId) -> Result<Unit> {
    let u = conn
        .query_row("SELECT id, name, full_name, precedence FROM units WHERE id = ?1", [id], |r| {
            Ok(Unit {
                id: r.get(0)?,
                name: r.get(1)?,
                full_name: r.get(2)?,
                aliases: vec![],
                precedence: r.get(3)?,
            })
        })
        .optional()?
        .ok_or(Error::NotFound { what: "单位", id })?;
    Ok(Unit { aliases: aliases_of(conn, id)?, ..u })
}

/// The unit a name or alias refers to.
pub(crate) fn lookup(conn: &Connection, name: &str) -> Result<Option<UnitId>> {
    let name = name.trim();
    let by_name = conn
        .prepare_cached("SELECT id FROM units WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?;
    if by_name.is_some() {
        return Ok(by_name);
    }
    Ok(conn
        .prepare_cached("SELECT unit_id FROM unit_aliases WHERE alias = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?)
}

/// Finds a unit by name or alias, creating it (last in precedence) when there is none.
pub(crate) fn ensure_unit(conn: &Connection, name: &str) -> Result<(UnitId, bool)> {
    if let Some(id) = lookup(conn, name)? {
        return Ok((id, false));
    }
    Ok((insert_unit(conn, &clean_name(name)?, None)?, true))
}

fn insert_unit(conn: &Connection, name: &str, full_name: Option<&str>) -> Result<UnitId> {
    conn.execute(
        "INSERT INTO units (name, full_name, precedence) VALUES (?1, ?2, (SELECT coalesce(max(precedence), 0) + 1 FROM units))",
        params![name, full_name.map(str::trim).filter(|s| !s.is_empty())],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Refuses a name or alias already used by another unit.
fn check_free(conn: &Connection, name: &str, except: Option<UnitId>) -> Result<()> {
    if let Some(other) = lookup(conn, name)? {
        if Some(other) != except {
            let owner = get_unit(conn, other)?;
            return Err(Error::invalid(if owner.name == name {
                format!("已有名为“{name}”的单位")
            } else {
                format!("“{name}”已是单位“{}”的别称", owner.name)
            }));
        }
    }
    Ok(())
}

fn write_aliases(conn: &Connection, id: UnitId, name: &str, aliases: &[String]) -> Result<()> {
    conn.execute("DELETE FROM unit_aliases WHERE unit_id = ?1", [id])?;
    for a in aliases {
        let a = a.trim();
        if a.is_empty() || a == name {
            continue;
        }
        check_len("别称", a, MAX_UNIT_NAME_CHARS)?;
        check_free(conn, a, Some(id))?;
        conn.execute("INSERT OR IGNORE INTO unit_aliases (alias, unit_id) VALUES (?1, ?2)", params![a, id])?;
    }
    Ok(())
}

/// Writes a unit's name, full name, precedence and aliases (checked by the caller, the name cleaned) and
/// refreshes the search index of its items. Caller holds the transaction.
pub(crate) fn write_unit(conn: &Connection, unit: &Unit) -> Result<()> {
    check_free(conn, &unit.name, Some(unit.id))?;
    conn.execute(
        "UPDATE units SET name = ?2, full_name = ?3, precedence = ?4 WHERE id = ?1",
        params![
            unit.id,
            unit.name,
            unit.full_name.as_deref().map(str::trim).filter(|s| !s.is_empty()),
            unit.precedence
        ],
    )?;
    write_aliases(conn, unit.id, &unit.name, &unit.aliases)?;
    refresh_unit_items(conn, unit.id)
}

/// Merges `from` into `into` (see [`Store::merge_units`]) and returns what the merge did, for undo. Caller
/// holds the transaction.
pub(crate) fn merge_into(conn: &Connection, from: &Unit, into: &Unit) -> Result<UnitChange> {
    let cells = |sql: &str| -> Result<Vec<(ItemId, Role, i64)>> {
        let mut st = conn.prepare(sql)?;
        let rows = st.query_map(params![from.id, into.id], |r| {
            Ok((r.get(0)?, Role::parse(&r.get::<_, String>(1)?).unwrap_or(Role::Lead), r.get(2)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    // Where both already sit in the same cell, keep `into`'s place and drop `from`'s.
    let shared =
        "EXISTS (SELECT 1 FROM assignments b WHERE b.unit_id = ?2 AND b.item_id = assignments.item_id
                                                     AND b.role = assignments.role)";
    let dropped =
        cells(&format!("SELECT item_id, role, ord FROM assignments WHERE unit_id = ?1 AND {shared}"))?;
    let moved =
        cells(&format!("SELECT item_id, role, ord FROM assignments WHERE unit_id = ?1 AND NOT {shared}"))?;
    conn.execute(
        &format!("DELETE FROM assignments WHERE unit_id = ?1 AND {shared}"),
        params![from.id, into.id],
    )?;
    conn.execute("UPDATE assignments SET unit_id = ?2 WHERE unit_id = ?1", params![from.id, into.id])?;
    conn.execute("DELETE FROM units WHERE id = ?1", [from.id])?;
    for alias in std::iter::once(from.name.clone()).chain(from.aliases.iter().cloned()) {
        if alias != into.name {
            conn.execute(
                "INSERT OR IGNORE INTO unit_aliases (alias, unit_id) VALUES (?1, ?2)",
                params![alias, into.id],
            )?;
        }
    }
    refresh_unit_items(conn, into.id)?;
    Ok(UnitChange::Merge { from: from.clone(), into: into.clone(), moved, dropped })
}

/// Rewrites the search index rows of every item a unit takes part in (after a rename or merge).
fn refresh_unit_items(conn: &Connection, id: UnitId) -> Result<()> {
    let mut st = conn.prepare("SELECT DISTINCT item_id FROM assignments WHERE unit_id = ?1")?;
    let items: Vec<i64> = st.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    for it in items {
        super::search::refresh_fts(conn, it)?;
    }
    Ok(())
}

impl Store {
    /// All units in precedence order, with how many live items each leads, supports, or is responsible for.
    pub fn units(&self) -> Result<Vec<UnitSummary>> {
        let mut st = self.conn.prepare(
            "SELECT u.id,
                    sum(CASE WHEN a.role = 'lead' THEN 1 ELSE 0 END),
                    sum(CASE WHEN a.role = 'cooperating' THEN 1 ELSE 0 END),
                    sum(CASE WHEN a.role = 'responsible' THEN 1 ELSE 0 END)
             FROM units u
             LEFT JOIN assignments a ON a.unit_id = u.id
                  AND a.item_id IN (SELECT i.id FROM items i JOIN documents d ON d.id = i.document_id
                                    WHERE d.deleted_at IS NULL)
             GROUP BY u.id ORDER BY u.precedence, u.id",
        )?;
        type Row = (i64, Option<i64>, Option<i64>, Option<i64>);
        let rows: Vec<Row> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(id, l, c, r)| {
                Ok(UnitSummary {
                    unit: get_unit(&self.conn, id)?,
                    lead_count: l.unwrap_or(0),
                    cooperating_count: c.unwrap_or(0),
                    responsible_count: r.unwrap_or(0),
                })
            })
            .collect()
    }

    pub fn unit(&self, id: UnitId) -> Result<Unit> {
        get_unit(&self.conn, id)
    }

    /// The unit a name or alias refers to.
    pub fn find_unit(&self, name_or_alias: &str) -> Result<Option<Unit>> {
        lookup(&self.conn, name_or_alias)?.map(|id| get_unit(&self.conn, id)).transpose()
    }

    pub fn create_unit(&mut self, name: &str, full_name: Option<&str>, aliases: &[String]) -> Result<UnitId> {
        let name = clean_name(name)?;
        unit_details(full_name, aliases)?;
        let tx = self.conn.transaction()?;
        check_free(&tx, &name, None)?;
        let id = insert_unit(&tx, &name, full_name)?;
        write_aliases(&tx, id, &name, aliases)?;
        tx.commit()?;
        Ok(id)
    }

    /// Renames a unit or changes its full name, aliases or precedence. Printed cells follow the new name.
    /// A unit's old name stays one of its aliases, so a later import that still writes `省法院` finds the
    /// renamed unit instead of silently creating a new one; returns that old name when it was kept so (the
    /// caller says so). Removing it again is a second edit of the aliases.
    pub fn update_unit(&mut self, unit: &Unit) -> Result<Option<String>> {
        let name = clean_name(&unit.name)?;
        unit_details(unit.full_name.as_deref(), &unit.aliases)?;
        let old = get_unit(&self.conn, unit.id)?;
        let mut aliases = unit.aliases.clone();
        let kept = (old.name != name && !aliases.contains(&old.name)).then(|| old.name.clone());
        aliases.extend(kept.clone());
        let tx = self.conn.transaction()?;
        write_unit(&tx, &Unit { name, aliases, ..unit.clone() })?;
        let after = get_unit(&tx, unit.id)?;
        if after != old {
            let label = if after.name != old.name {
                format!("单位改名“{}”→“{}”", old.name, after.name)
            } else {
                format!("修改单位“{}”", after.name)
            };
            super::journal::record_unit(&tx, &label, &UnitChange::Edit { before: old, after })?;
        }
        tx.commit()?;
        Ok(kept)
    }

    /// Sets the precedence order: the listed units first, in this order; the rest keep their order after.
    pub fn set_unit_order(&mut self, order: &[UnitId]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for id in order {
            get_unit(&tx, *id)?;
        }
        let mut all: Vec<i64> = tx
            .prepare("SELECT id FROM units ORDER BY precedence, id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        all.retain(|id| !order.contains(id));
        for (i, id) in order.iter().chain(all.iter()).enumerate() {
            tx.execute("UPDATE units SET precedence = ?2 WHERE id = ?1", params![id, i as i64 + 1])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Deletes a unit that no item names; otherwise refuses, naming the items.
    pub fn delete_unit(&mut self, id: UnitId) -> Result<()> {
        let unit = get_unit(&self.conn, id)?;
        let mut st = self.conn.prepare(
            "SELECT d.title, d.deleted_at IS NOT NULL, i.position, i.title FROM assignments a
             JOIN items i ON i.id = a.item_id JOIN documents d ON d.id = i.document_id
             WHERE a.unit_id = ?1 ORDER BY d.id, i.position",
        )?;
        let uses: Vec<String> = st
            .query_map([id], |r| {
                let doc: String = r.get(0)?;
                let trashed: bool = r.get(1)?;
                let pos: i64 = r.get(2)?;
                let title: String = r.get(3)?;
                Ok(format!(
                    "《{}》{}第{}行“{}”",
                    crate::model::one_line(&doc),
                    if trashed { "（回收站）" } else { "" },
                    pos + 1,
                    title
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        drop(st);
        if !uses.is_empty() {
            return Err(Error::UnitInUse { name: unit.name, items: uses.join("；") });
        }
        self.conn.execute("DELETE FROM units WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Merges `from` into `into`: its assignments move (keeping cell order), its name and aliases become
    /// aliases of `into`, and `from` is deleted. One transaction.
    pub fn merge_units(&mut self, from: UnitId, into: UnitId) -> Result<()> {
        if from == into {
            return Err(Error::invalid("不能把单位合并到它自己"));
        }
        let src = get_unit(&self.conn, from)?;
        let dst = get_unit(&self.conn, into)?;
        self.backup_before(super::backup::BackupReason::Merge, "合并单位")?;
        let tx = self.conn.transaction()?;
        let change = merge_into(&tx, &src, &dst)?;
        super::journal::record_unit(&tx, &format!("合并单位“{}”到“{}”", src.name, dst.name), &change)?;
        tx.commit()?;
        Ok(())
    }
}
