//! Items (table rows) and their assignments. Positions in a document stay contiguous (0..n).

use std::collections::BTreeMap;

use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

use super::journal::{self as history, Change};
use super::{date_from_sql, date_to_sql, Store};
use crate::error::{Error, Result};
use crate::model::{Assignment, Document, DocumentId, Item, ItemDraft, ItemId, Role, UnitId, UnitRef};
use rusqlite::types::Value;

const ITEM_COLS: &str = "id, document_id, position, is_heading, number_label, title, content, scope, leader,
                         deadline_text, deadline, notes, custom";

fn item_from_row(r: &Row) -> rusqlite::Result<Item> {
    let custom: String = r.get(12)?;
    Ok(Item {
        id: r.get(0)?,
        document_id: r.get(1)?,
        position: r.get(2)?,
        is_heading: r.get(3)?,
        number_label: r.get(4)?,
        title: r.get(5)?,
        content: r.get(6)?,
        scope: r.get(7)?,
        leader: r.get(8)?,
        deadline_text: r.get(9)?,
        deadline: date_from_sql(r.get(10)?),
        notes: r.get(11)?,
        custom: serde_json::from_str(&custom).unwrap_or_default(),
        assignments: Vec::new(),
    })
}

/// The stored form of a draft's own fields, in the column order of [`ITEM_FIELDS`] (trimmed; an empty
/// custom 序号 means auto-numbered).
fn item_values(d: &ItemDraft) -> [Value; 10] {
    let opt = |s: Option<String>| s.map_or(Value::Null, Value::Text);
    [
        Value::Integer(d.is_heading as i64),
        opt(d.number_label.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)),
        Value::Text(d.title.trim().to_string()),
        Value::Text(d.content.trim_end().to_string()),
        Value::Text(d.scope.trim().to_string()),
        Value::Text(d.leader.trim().to_string()),
        Value::Text(d.deadline_text.trim().to_string()),
        opt(date_to_sql(&d.deadline)),
        Value::Text(d.notes.clone()),
        Value::Text(serde_json::to_string(&d.custom).expect("custom values serialise")),
    ]
}

/// The columns [`item_values`] fills.
const ITEM_FIELDS: &str =
    "is_heading, number_label, title, content, scope, leader, deadline_text, deadline, notes, custom";

/// The store's check of an item draft: the one set of rules in [`crate::rules`].
pub(crate) use crate::rules::item as validate_item;

/// Loads the assignments of a set of items, in cell order, grouped by item id.
fn load_assignments(conn: &Connection, doc: DocumentId) -> Result<BTreeMap<ItemId, Vec<Assignment>>> {
    let mut st = conn.prepare_cached(
        "SELECT a.item_id, a.unit_id, u.name, a.role, a.ord FROM assignments a
         JOIN units u ON u.id = a.unit_id JOIN items i ON i.id = a.item_id
         WHERE i.document_id = ?1 ORDER BY a.item_id, a.role, a.ord",
    )?;
    let mut map: BTreeMap<ItemId, Vec<Assignment>> = BTreeMap::new();
    let rows = st.query_map([doc], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get(4)?,
        ))
    })?;
    for row in rows {
        let (item, unit_id, unit_name, role, ord) = row?;
        let role = Role::parse(&role).unwrap_or(Role::Lead);
        map.entry(item).or_default().push(Assignment { unit_id, unit_name, role, ord });
    }
    Ok(map)
}

pub(crate) fn item_assignments(conn: &Connection, item: ItemId) -> Result<Vec<Assignment>> {
    let mut st = conn.prepare_cached(
        "SELECT a.unit_id, u.name, a.role, a.ord FROM assignments a JOIN units u ON u.id = a.unit_id
         WHERE a.item_id = ?1 ORDER BY a.role, a.ord",
    )?;
    let rows = st.query_map([item], |r| {
        Ok(Assignment {
            unit_id: r.get(0)?,
            unit_name: r.get(1)?,
            role: Role::parse(&r.get::<_, String>(2)?).unwrap_or(Role::Lead),
            ord: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn get_item(conn: &Connection, id: ItemId) -> Result<Item> {
    let mut item = conn
        .query_row(
            &format!(
                "SELECT {ITEM_COLS} FROM items WHERE id = ?1
                 AND document_id IN (SELECT id FROM documents WHERE deleted_at IS NULL)"
            ),
            [id],
            item_from_row,
        )
        .optional()?
        .ok_or(Error::NotFound { what: "事项", id })?;
    item.assignments = item_assignments(conn, id)?;
    Ok(item)
}

pub(crate) fn doc_items(conn: &Connection, doc: DocumentId) -> Result<Vec<Item>> {
    let mut st = conn
        .prepare_cached(&format!("SELECT {ITEM_COLS} FROM items WHERE document_id = ?1 ORDER BY position"))?;
    let mut items: Vec<Item> = st.query_map([doc], item_from_row)?.collect::<rusqlite::Result<_>>()?;
    let mut assigned = load_assignments(conn, doc)?;
    for it in &mut items {
        if let Some(a) = assigned.remove(&it.id) {
            it.assignments = a;
        }
    }
    Ok(items)
}

fn count_items(conn: &Connection, doc: DocumentId) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM items WHERE document_id = ?1", [doc], |r| r.get(0))?)
}

/// Inserts an item at `position` (shifting the rest down) and writes its assignments. Caller holds the
/// transaction. Returns the new id and the names of units it had to create.
pub(crate) fn insert_item(
    conn: &Connection,
    doc: DocumentId,
    position: i64,
    d: &ItemDraft,
    created_units: &mut Vec<String>,
) -> Result<ItemId> {
    conn.prepare_cached(
        "UPDATE items SET position = position + 1 WHERE document_id = ?1 AND position >= ?2",
    )?
    .execute(params![doc, position])?;
    conn.prepare_cached(&format!(
        "INSERT INTO items (document_id, position, {ITEM_FIELDS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
    ))?
    .execute(params_from_iter([Value::Integer(doc), Value::Integer(position)].into_iter().chain(item_values(d))))?;
    let id = conn.last_insert_rowid();
    write_assignments(conn, id, &d.units, created_units)?;
    super::search::refresh_fts(conn, id)?;
    Ok(id)
}

/// Replaces an item's assignments with `units` (cell order kept per role; repeats dropped).
fn write_assignments(
    conn: &Connection,
    item: ItemId,
    units: &[UnitRef],
    created: &mut Vec<String>,
) -> Result<()> {
    conn.prepare_cached("DELETE FROM assignments WHERE item_id = ?1")?.execute([item])?;
    let mut ords: BTreeMap<Role, i64> = BTreeMap::new();
    for u in units {
        let name = u.name.trim();
        if name.is_empty() {
            continue;
        }
        let (unit_id, was_created) = super::units::ensure_unit(conn, name)?;
        if was_created {
            created.push(name.to_string());
        }
        let ord = ords.entry(u.role).or_insert(0);
        let n = conn
            .prepare_cached(
                "INSERT OR IGNORE INTO assignments (item_id, unit_id, role, ord) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![item, unit_id, u.role.as_str(), *ord])?;
        *ord += n as i64;
    }
    Ok(())
}

/// The item at `position` in a document, if any.
pub(crate) fn item_at(conn: &Connection, doc: DocumentId, position: i64) -> Result<Option<Item>> {
    let id: Option<ItemId> = conn
        .prepare_cached("SELECT id FROM items WHERE document_id = ?1 AND position = ?2")?
        .query_row(params![doc, position], |r| r.get(0))
        .optional()?;
    id.map(|id| get_item(conn, id)).transpose()
}

/// Rewrites an item's fields and assignments. Caller holds the transaction.
pub(crate) fn rewrite_item(conn: &Connection, id: ItemId, d: &ItemDraft) -> Result<()> {
    let sets: Vec<String> =
        ITEM_FIELDS.split(", ").enumerate().map(|(i, f)| format!("{f} = ?{}", i + 2)).collect();
    conn.prepare_cached(&format!("UPDATE items SET {} WHERE id = ?1", sets.join(", ")))?
        .execute(params_from_iter(std::iter::once(Value::Integer(id)).chain(item_values(d))))?;
    write_assignments(conn, id, &d.units, &mut Vec::new())?;
    super::search::refresh_fts(conn, id)
}

/// Deletes an item and closes the gap it leaves. Caller holds the transaction.
pub(crate) fn remove_item(conn: &Connection, item: &Item) -> Result<()> {
    conn.execute("DELETE FROM items_fts WHERE rowid = ?1", [item.id])?;
    conn.execute("DELETE FROM items WHERE id = ?1", [item.id])?;
    conn.execute(
        "UPDATE items SET position = position - 1 WHERE document_id = ?1 AND position > ?2",
        params![item.document_id, item.position],
    )?;
    Ok(())
}

/// Moves the item at `from` to `to` (both in range), shifting the items between. Caller holds the
/// transaction.
pub(crate) fn shift_item(conn: &Connection, doc: DocumentId, id: ItemId, from: i64, to: i64) -> Result<()> {
    if to > from {
        conn.execute(
            "UPDATE items SET position = position - 1 WHERE document_id = ?1 AND position > ?2 AND position <= ?3",
            params![doc, from, to],
        )?;
    } else if to < from {
        conn.execute(
            "UPDATE items SET position = position + 1 WHERE document_id = ?1 AND position >= ?2 AND position < ?3",
            params![doc, to, from],
        )?;
    }
    conn.execute("UPDATE items SET position = ?2 WHERE id = ?1", params![id, to])?;
    Ok(())
}

impl Store {
    /// The items of a document in position order, assignments filled in.
    pub fn items(&self, doc: DocumentId) -> Result<Vec<Item>> {
        self.document(doc)?;
        doc_items(&self.conn, doc)
    }

    pub fn item(&self, id: ItemId) -> Result<Item> {
        get_item(&self.conn, id)
    }

    /// Adds an item at `at` (0-based; None or past the end appends). Recorded in the document's history.
    pub fn add_item(&mut self, doc: DocumentId, at: Option<i64>, draft: &ItemDraft) -> Result<ItemId> {
        validate_item(draft)?;
        self.document(doc)?;
        let tx = self.conn.transaction()?;
        let n = count_items(&tx, doc)?;
        let pos = at.unwrap_or(n).clamp(0, n);
        let id = insert_item(&tx, doc, pos, draft, &mut Vec::new())?;
        let added = get_item(&tx, id)?;
        history::record(
            &tx,
            doc,
            &history::added_label(&added),
            &[Change::Insert { at: pos, item: added.to_draft() }],
        )?;
        Store::touch_document(&tx, doc)?;
        tx.commit()?;
        Ok(id)
    }

    /// Saves an item's new values. Recorded in the document's history (nothing when nothing changed).
    pub fn update_item(&mut self, id: ItemId, d: &ItemDraft) -> Result<()> {
        validate_item(d)?;
        let item = self.item(id)?;
        let tx = self.conn.transaction()?;
        rewrite_item(&tx, id, d)?;
        let after = get_item(&tx, id)?;
        let (before, after) = (item.to_draft(), after.to_draft());
        if before != after {
            let label = history::changed_label(item.position, &after);
            history::record(
                &tx,
                item.document_id,
                &label,
                &[Change::Update { at: item.position, before, after }],
            )?;
            Store::touch_document(&tx, item.document_id)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Deletes an item and returns what it was. Recorded in the document's history (撤销 puts it back).
    pub fn delete_item(&mut self, id: ItemId) -> Result<Item> {
        let item = self.item(id)?;
        let tx = self.conn.transaction()?;
        remove_item(&tx, &item)?;
        history::record(
            &tx,
            item.document_id,
            &history::deleted_label(&item),
            &[Change::Delete { at: item.position, item: item.to_draft() }],
        )?;
        Store::touch_document(&tx, item.document_id)?;
        tx.commit()?;
        Ok(item)
    }

    /// Moves an item to `to` (0-based, clamped), shifting the items between. Recorded in the history.
    pub fn move_item(&mut self, id: ItemId, to: i64) -> Result<()> {
        let item = self.item(id)?;
        let tx = self.conn.transaction()?;
        let n = count_items(&tx, item.document_id)?;
        let to = to.clamp(0, n - 1);
        let from = item.position;
        if to != from {
            shift_item(&tx, item.document_id, id, from, to)?;
            let label = history::moved_label(&item, to);
            history::record(
                &tx,
                item.document_id,
                &label,
                &[Change::Move { from, to, item: item.to_draft() }],
            )?;
            Store::touch_document(&tx, item.document_id)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The items a unit takes part in with one of `roles`, per document (one document or all), in order.
    pub fn unit_items(
        &self,
        unit: UnitId,
        roles: &[Role],
        doc: Option<DocumentId>,
    ) -> Result<Vec<(Document, Vec<Item>)>> {
        self.unit(unit)?;
        let docs: Vec<DocumentId> = match doc {
            Some(d) => vec![self.document(d)?.id],
            None => self.list_documents()?.into_iter().rev().map(|d| d.id).collect(),
        };
        let mut out = Vec::new();
        for d in docs {
            let items: Vec<Item> = doc_items(&self.conn, d)?
                .into_iter()
                .filter(|it| it.assignments.iter().any(|a| a.unit_id == unit && roles.contains(&a.role)))
                .collect();
            if !items.is_empty() {
                out.push((self.document(d)?, items));
            }
        }
        Ok(out)
    }
}
