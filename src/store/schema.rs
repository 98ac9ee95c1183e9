//! Schema migrations. The version is SQLite's `user_version`; each step runs in its own transaction.
//! (A short loop instead of rusqlite_migration, which pins rusqlite ≤ 0.40.)

use rusqlite::Connection;

use crate::error::{Error, Result};

/// Migration steps; step i brings the schema from version i to i+1. Never edit a released step.
const MIGRATIONS: &[&str] = &[
    // 1: documents, items, units, aliases, assignments, full-text index.
    r#"
    CREATE TABLE documents (
        id          INTEGER PRIMARY KEY,
        title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
        annex_label TEXT NOT NULL DEFAULT '附件',
        doc_number  TEXT,
        issue_date  TEXT,
        notes       TEXT NOT NULL DEFAULT '',
        columns     TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        deleted_at  TEXT
    );
    CREATE TABLE items (
        id            INTEGER PRIMARY KEY,
        document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position      INTEGER NOT NULL CHECK (position >= 0),
        is_heading    INTEGER NOT NULL DEFAULT 0,
        number_label  TEXT,
        title         TEXT NOT NULL DEFAULT '',
        content       TEXT NOT NULL DEFAULT '',
        scope         TEXT NOT NULL DEFAULT '',
        leader        TEXT NOT NULL DEFAULT '',
        deadline_text TEXT NOT NULL DEFAULT '',
        deadline      TEXT,
        notes         TEXT NOT NULL DEFAULT '',
        custom        TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX items_by_document ON items(document_id, position);
    CREATE INDEX items_by_scope ON items(scope);
    CREATE TABLE units (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE CHECK (length(name) > 0 AND name = trim(name)),
        full_name  TEXT,
        precedence INTEGER NOT NULL
    );
    CREATE TABLE unit_aliases (
        alias   TEXT PRIMARY KEY CHECK (length(alias) > 0),
        unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE
    );
    CREATE TABLE assignments (
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
        role    TEXT NOT NULL CHECK (role IN ('lead', 'cooperating', 'responsible')),
        ord     INTEGER NOT NULL,
        PRIMARY KEY (item_id, unit_id, role)
    );
    CREATE INDEX assignments_by_unit ON assignments(unit_id);
    -- rowid = items.id; kept in step by the store on every item or unit change.
    CREATE VIRTUAL TABLE items_fts USING fts5(title, content, units, scope, tokenize = 'trigram');
    "#,
    // 2: settings (the backup retention, src/store/backup.rs) and the application_id that marks the file as
    // Fengong's (1179078478 = 0x46474F4E "FGON" = backup::APPLICATION_ID; a test checks they agree).
    r#"
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    PRAGMA application_id = 1179078478;
    "#,
    // 3: each document's history of changes for 撤销/重做 (src/store/history.rs), and where a document came
    // from (内置示例, the imported file's name, 粘贴的文字, 新建 …), to tell copies with one title apart.
    r#"
    ALTER TABLE documents ADD COLUMN source TEXT NOT NULL DEFAULT '';
    CREATE TABLE history (
        id          INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        label       TEXT NOT NULL,
        changes     TEXT NOT NULL,
        undone      INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
        at          TEXT NOT NULL
    );
    CREATE INDEX history_by_document ON history(document_id, id);
    -- The unit directory's history: renames and merges (src/store/unit_history.rs).
    CREATE TABLE unit_history (
        id      INTEGER PRIMARY KEY,
        label   TEXT NOT NULL,
        change  TEXT NOT NULL,
        undone  INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
        at      TEXT NOT NULL
    );
    "#,
];

pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the database to the latest version. Refuses a file written by a newer Fengong. The copy of an
/// existing database before it is upgraded is [`super::backup::migrate`]'s (callers go through it).
pub fn migrate(conn: &mut Connection, path: &std::path::Path) -> Result<()> {
    let current = version(conn)?;
    if current > LATEST_VERSION {
        return Err(Error::SchemaTooNew {
            path: path.to_path_buf(),
            found: current,
            supported: LATEST_VERSION,
        });
    }
    for (i, step) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(step)?;
        // PRAGMA takes no bound parameters; the value is our own integer.
        tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
        tx.commit()?;
    }
    Ok(())
}
