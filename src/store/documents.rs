//! Documents: create, read, update, duplicate, delete to trash and restore.

use rusqlite::{params, OptionalExtension, Row};
use ts_rs::TS;

use super::{date_from_sql, date_to_sql, now, ts_from_sql, ts_to_sql, Store};
use crate::error::{Error, Result};
use crate::model::{Document, DocumentDraft, DocumentId, DocumentSummary};

/// Trashed documents are purged after this many days.
pub const TRASH_DAYS: i64 = 30;

/// A document in the trash (回收站).
#[derive(Debug, Clone, serde::Serialize, TS)]
pub struct TrashedDocument {
    pub id: DocumentId,
    pub title: String,
    pub annex_label: String,
    pub deleted_at: chrono::DateTime<chrono::Utc>,
    /// When the 30-day purge deletes it for good.
    pub purge_at: chrono::DateTime<chrono::Utc>,
    pub item_count: i64,
}

const DOC_COLS: &str =
    "id, title, annex_label, doc_number, issue_date, notes, columns, created_at, updated_at";

fn doc_from_row(r: &Row) -> rusqlite::Result<Document> {
    let columns: String = r.get(6)?;
    Ok(Document {
        id: r.get(0)?,
        title: r.get(1)?,
        annex_label: r.get(2)?,
        doc_number: r.get(3)?,
        issue_date: date_from_sql(r.get(4)?),
        notes: r.get(5)?,
        columns: serde_json::from_str(&columns).unwrap_or_else(|_| crate::model::default_columns()),
        created_at: ts_from_sql(&r.get::<_, String>(7)?),
        updated_at: ts_from_sql(&r.get::<_, String>(8)?),
    })
}

/// Checks a draft before it is written; messages name the field.
/// The store's check of a document draft: the one set of rules in [`crate::rules`].
pub(crate) use crate::rules::document as validate_draft;

impl Store {
    /// Documents not in the trash, the newest first by when they were made here: a stable order (it was
    /// by last change, so the list re-sorted after every edit and staff opened the wrong copy).
    pub fn list_documents(&self) -> Result<Vec<DocumentSummary>> {
        let mut st = self.conn.prepare(
            "SELECT d.id, d.title, d.annex_label, d.doc_number, d.updated_at,
                    (SELECT count(*) FROM items i WHERE i.document_id = d.id AND i.is_heading = 0),
                    d.created_at, d.source
             FROM documents d WHERE d.deleted_at IS NULL ORDER BY d.id DESC",
        )?;
        let rows = st.query_map([], |r| {
            Ok(DocumentSummary {
                id: r.get(0)?,
                title: r.get(1)?,
                annex_label: r.get(2)?,
                doc_number: r.get(3)?,
                updated_at: ts_from_sql(&r.get::<_, String>(4)?),
                item_count: r.get(5)?,
                created_at: ts_from_sql(&r.get::<_, String>(6)?),
                source: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A document that is not in the trash.
    pub fn document(&self, id: DocumentId) -> Result<Document> {
        document_in(&self.conn, id)
    }

    /// Finds a document by id (as text) or by exact title (line breaks ignored), for the CLI.
    pub fn find_document(&self, key: &str) -> Result<Document> {
        let key = key.trim();
        if let Ok(id) = key.parse::<i64>() {
            return self.document(id);
        }
        let flat = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let wanted = flat(key);
        let hits: Vec<_> = self.list_documents()?.into_iter().filter(|d| flat(&d.title) == wanted).collect();
        match hits.as_slice() {
            [one] => self.document(one.id),
            [] => Err(Error::invalid(format!("找不到标题为“{key}”的文档；用 fengong list 查看文档编号"))),
            _ => Err(Error::invalid(format!("有 {} 个文档的标题都是“{key}”，请改用文档编号", hits.len()))),
        }
    }

    pub fn create_document(&mut self, draft: &DocumentDraft) -> Result<DocumentId> {
        validate_draft(draft)?;
        insert_document(&self.conn, draft, "新建")
    }

    /// Saves a document's 文档信息 or 列设置. Recorded in the document's history.
    pub fn update_document(&mut self, id: DocumentId, draft: &DocumentDraft) -> Result<()> {
        validate_draft(draft)?;
        let before = self.document(id)?.to_draft();
        let tx = self.conn.transaction()?;
        write_document(&tx, id, draft)?;
        let after = document_in(&tx, id)?.to_draft();
        if before != after {
            let label = super::journal::document_label(&before, &after);
            super::journal::record(&tx, id, &label, &[super::journal::Change::Document { before, after }])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Copies a document with all its items and assignments; the copy's title gets （副本）.
    pub fn duplicate_document(&mut self, id: DocumentId) -> Result<DocumentId> {
        let doc = self.document(id)?;
        let tx = self.conn.transaction()?;
        let draft = DocumentDraft {
            title: format!("{}（副本）", doc.title),
            annex_label: doc.annex_label,
            doc_number: doc.doc_number,
            issue_date: doc.issue_date,
            notes: doc.notes,
            columns: doc.columns,
        };
        let new_id = insert_document(&tx, &draft, &format!("复制自文档 {id}"))?;
        let mut map = tx.prepare("SELECT id FROM items WHERE document_id = ?1 ORDER BY position")?;
        let old_items: Vec<i64> = map.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        drop(map);
        for old in old_items {
            tx.execute(
                "INSERT INTO items (document_id, position, is_heading, number_label, title, content, scope,
                                    leader, deadline_text, deadline, notes, custom)
                 SELECT ?2, position, is_heading, number_label, title, content, scope, leader,
                        deadline_text, deadline, notes, custom FROM items WHERE id = ?1",
                params![old, new_id],
            )?;
            let new_item = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO assignments (item_id, unit_id, role, ord)
                 SELECT ?2, unit_id, role, ord FROM assignments WHERE item_id = ?1",
                params![old, new_item],
            )?;
            super::search::refresh_fts(&tx, new_item)?;
        }
        tx.commit()?;
        Ok(new_id)
    }

    /// Moves a document to the trash (restorable with [`Store::restore_document`] for 30 days).
    pub fn delete_document(&mut self, id: DocumentId) -> Result<()> {
        self.document(id)?;
        self.conn
            .execute("UPDATE documents SET deleted_at = ?2 WHERE id = ?1", params![id, ts_to_sql(&now())])?;
        Ok(())
    }

    pub fn restore_document(&mut self, id: DocumentId) -> Result<()> {
        let n = self.conn.execute(
            "UPDATE documents SET deleted_at = NULL WHERE id = ?1 AND deleted_at IS NOT NULL",
            [id],
        )?;
        if n == 0 {
            return Err(Error::NotFound { what: "回收站中的文档", id });
        }
        Ok(())
    }

    /// Deletes for good the documents trashed more than 30 days ago (called at every open, see
    /// `Store::open`). Backs up first when there is anything to delete.
    pub fn purge_trash(&mut self) -> Result<usize> {
        let cutoff = ts_to_sql(&(now() - chrono::Duration::days(TRASH_DAYS)));
        let due: i64 = self.conn.query_row(
            "SELECT count(*) FROM documents WHERE deleted_at IS NOT NULL AND deleted_at < ?1",
            [&cutoff],
            |r| r.get(0),
        )?;
        if due == 0 {
            return Ok(0);
        }
        self.backup_before(super::backup::BackupReason::Purge, "清理回收站")?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM items_fts WHERE rowid IN (SELECT i.id FROM items i JOIN documents d ON d.id = i.document_id
                                                   WHERE d.deleted_at IS NOT NULL AND d.deleted_at < ?1)",
            [&cutoff],
        )?;
        let n =
            tx.execute("DELETE FROM documents WHERE deleted_at IS NOT NULL AND deleted_at < ?1", [&cutoff])?;
        tx.commit()?;
        Ok(n)
    }

    /// The trash: deleted documents, most recently deleted first, with when each will be purged.
    pub fn trash(&self) -> Result<Vec<TrashedDocument>> {
        let mut st = self.conn.prepare(
            "SELECT d.id, d.title, d.annex_label, d.deleted_at,
                    (SELECT count(*) FROM items i WHERE i.document_id = d.id AND i.is_heading = 0)
             FROM documents d WHERE d.deleted_at IS NOT NULL ORDER BY d.deleted_at DESC, d.id DESC",
        )?;
        let rows = st.query_map([], |r| {
            let deleted_at = ts_from_sql(&r.get::<_, String>(3)?);
            Ok(TrashedDocument {
                id: r.get(0)?,
                title: r.get(1)?,
                annex_label: r.get(2)?,
                deleted_at,
                purge_at: deleted_at + chrono::Duration::days(TRASH_DAYS),
                item_count: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Deletes one trashed document for good (彻底删除), after a backup. Its units stay in the directory and
    /// can be deleted once no other document uses them.
    pub fn delete_forever(&mut self, id: DocumentId) -> Result<()> {
        let in_trash: Option<i64> = self
            .conn
            .query_row("SELECT id FROM documents WHERE id = ?1 AND deleted_at IS NOT NULL", [id], |r| {
                r.get(0)
            })
            .optional()?;
        if in_trash.is_none() {
            return Err(Error::NotFound { what: "回收站中的文档", id });
        }
        self.backup_before(super::backup::BackupReason::Delete, "彻底删除")?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM items_fts WHERE rowid IN (SELECT id FROM items WHERE document_id = ?1)",
            [id],
        )?;
        tx.execute("DELETE FROM documents WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }

    /// Marks a document changed now (after any item change).
    pub(crate) fn touch_document(conn: &rusqlite::Connection, id: DocumentId) -> Result<()> {
        conn.execute("UPDATE documents SET updated_at = ?2 WHERE id = ?1", params![id, ts_to_sql(&now())])?;
        Ok(())
    }
}

/// A document that is not in the trash, read on `conn` (inside a caller's transaction too).
pub(crate) fn document_in(conn: &rusqlite::Connection, id: DocumentId) -> Result<Document> {
    conn.query_row(
        &format!("SELECT {DOC_COLS} FROM documents WHERE id = ?1 AND deleted_at IS NULL"),
        [id],
        doc_from_row,
    )
    .optional()?
    .ok_or(Error::NotFound { what: "文档", id })
}

/// Writes a document's editable values (validated by the caller) and its change time.
pub(crate) fn write_document(
    conn: &rusqlite::Connection,
    id: DocumentId,
    draft: &DocumentDraft,
) -> Result<()> {
    let v = document_values(draft);
    conn.execute(
        "UPDATE documents SET title = ?2, annex_label = ?3, doc_number = ?4, issue_date = ?5,
                notes = ?6, columns = ?7, updated_at = ?8 WHERE id = ?1",
        params![id, v.0, v.1, v.2, v.3, v.4, v.5, ts_to_sql(&now())],
    )?;
    Ok(())
}

/// The stored form of a draft: title, label, document number, issue date, notes, columns (JSON).
fn document_values(d: &DocumentDraft) -> (&str, &str, Option<&str>, Option<String>, &str, String) {
    (
        d.title.trim(),
        d.annex_label.trim(),
        d.doc_number.as_deref().map(str::trim).filter(|s| !s.is_empty()),
        date_to_sql(&d.issue_date),
        &d.notes,
        serde_json::to_string(&d.columns).expect("columns serialise"),
    )
}

/// Inserts a document; `source` says where it came from (see [`DocumentSummary::source`]).
pub(crate) fn insert_document(
    conn: &rusqlite::Connection,
    draft: &DocumentDraft,
    source: &str,
) -> Result<DocumentId> {
    let v = document_values(draft);
    conn.execute(
        "INSERT INTO documents (title, annex_label, doc_number, issue_date, notes, columns, created_at, updated_at, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
        params![v.0, v.1, v.2, v.3, v.4, v.5, ts_to_sql(&now()), source],
    )?;
    Ok(conn.last_insert_rowid())
}
