//! Writing a parsed annex into the store: one transaction, all rows or none.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::journal::Change;
use super::Store;
use crate::error::{Error, Result};
use crate::import::{flat, header_key, parse_annex, ImportReport, ParsedAnnex};
use crate::model::{ColumnKind, DocumentId, DocumentSummary, Role};
use rusqlite::OptionalExtension;

/// What an import did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportOutcome {
    pub document_id: DocumentId,
    pub items: usize,
    pub headings: usize,
    /// Units that did not exist before, in order of first appearance.
    pub units_created: Vec<String>,
    pub assignments: usize,
    pub lead_assignments: usize,
    /// Bundle imports: units matched to existing ones, as “税务局 → 省税务局”, and aliases added.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub units_merged: Vec<String>,
    pub report: ImportReport,
}

/// A bundle import told the way any import is told, so the CLI and the desktop show one kind of outcome.
fn bundle_outcome(out: super::BundleOutcome, parsed: &ParsedAnnex) -> ImportOutcome {
    let mut report = parsed.report.clone();
    report.units_created = out.units_created.clone();
    report.warnings.extend(out.warnings.iter().map(|w| crate::import::ReportLine::file(w.clone())));
    let lead = parsed.rows.iter().flat_map(|r| &r.draft.units).filter(|u| u.role == Role::Lead).count();
    // Every bundle unit that went onto an existing one is reported, by name as well as by alias.
    let mut units_merged: Vec<String> = out
        .units_merged
        .iter()
        .map(|(b, e)| if b == e { format!("{b}（同名，沿用已有单位）") } else { format!("{b} → {e}") })
        .collect();
    units_merged.extend(out.aliases_added.iter().map(|(u, a)| format!("{u} 新增别称“{a}”")));
    ImportOutcome {
        document_id: out.document_id,
        items: out.items,
        headings: out.headings,
        units_created: out.units_created,
        assignments: out.assignments,
        lead_assignments: lead,
        units_merged,
        report,
    }
}

impl Store {
    /// A live document that looks like the same annex (same title and the same 事项 in order), so a
    /// second import of the same text is caught instead of doubling the table.
    pub fn find_duplicate(&self, parsed: &ParsedAnnex) -> Result<Option<DocumentSummary>> {
        let titles: Vec<&str> = parsed.rows.iter().map(|r| r.draft.title.as_str()).collect();
        self.find_same_annex(&parsed.title, &titles)
    }

    /// A live document with this title and these 事项 in order (whitespace ignored): what any import, of
    /// text, a table file or a bundle, counts as “the same annex”.
    pub(crate) fn find_same_annex(
        &self,
        title: &str,
        item_titles: &[&str],
    ) -> Result<Option<DocumentSummary>> {
        let title = flat(title);
        for d in self.list_documents()? {
            if flat(&d.title) != title {
                continue;
            }
            let items = super::items::doc_items(&self.conn, d.id)?;
            let same = items.len() == item_titles.len()
                && items.iter().zip(item_titles).all(|(a, b)| flat(&a.title) == flat(b));
            if same {
                return Ok(Some(d));
            }
        }
        Ok(None)
    }

    /// Imports a parsed annex as a new document. Refuses a second import of the same annex, naming the
    /// document that already holds it; [`Store::import_again`] imports anyway.
    pub fn import(&mut self, parsed: &ParsedAnnex) -> Result<ImportOutcome> {
        if let Some(b) = &parsed.bundle {
            let out = self.import_bundle(b, &parsed.report.source)?;
            return Ok(bundle_outcome(out, parsed));
        }
        if let Some(d) = self.find_duplicate(parsed)? {
            return Err(Error::AlreadyImported {
                found: format!("这份附件已经导入过：文档 {}《{}》。", d.id, crate::model::one_line(&d.title)),
                document_id: d.id,
            });
        }
        self.import_again(parsed)
    }

    /// The unit names an import of `parsed` would add to the directory, in order of first mention: names
    /// that are neither a unit's name nor an alias (the rule [`super::units::ensure_unit`] applies when it
    /// writes). For the preview, where a worker catches a misspelt unit before it is created.
    pub fn units_to_create(&self, parsed: &ParsedAnnex) -> Result<Vec<String>> {
        let mut out: Vec<String> = Vec::new();
        for u in parsed.rows.iter().flat_map(|r| &r.draft.units) {
            let name = u.name.trim();
            if !name.is_empty()
                && !out.iter().any(|n| n == name)
                && super::units::lookup(&self.conn, name)?.is_none()
            {
                out.push(name.to_string());
            }
        }
        Ok(out)
    }

    /// Imports a parsed annex as a new document even if an identical one exists.
    pub fn import_again(&mut self, parsed: &ParsedAnnex) -> Result<ImportOutcome> {
        if let Some(b) = &parsed.bundle {
            let out = self.import_bundle_again(b, &parsed.report.source)?;
            return Ok(bundle_outcome(out, parsed));
        }
        self.import_new(parsed, &parsed.report.source)
    }

    /// A table import as a new document; `source` is recorded as where it came from.
    fn import_new(&mut self, parsed: &ParsedAnnex, source: &str) -> Result<ImportOutcome> {
        parsed.check()?;
        let draft = parsed.document_draft();
        self.backup_before(super::backup::BackupReason::Import, "导入")?;
        let tx = self.conn.transaction()?;
        // Named once the lock is ours: a waiting import must not overwrite the note of the one it waits for.
        let _activity =
            super::busy::Activity::start(&self.path, &format!("正在导入“{}”", parsed.report.source));
        let doc = super::documents::insert_document(&tx, &draft, source)?;
        let mut created = Vec::new();
        for (pos, row) in parsed.rows.iter().enumerate() {
            super::items::insert_item(&tx, doc, pos as i64, &row.draft, &mut created)?;
        }
        if parsed.columns_chosen {
            // The meanings the user chose, for the next file with the same header (crate::import::choose).
            let kinds: Vec<ColumnKind> =
                draft.columns.iter().take(parsed.columns.len()).map(|c| c.kind.clone()).collect();
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                rusqlite::params![columns_key(&header_key(parsed)), serde_json::to_string(&kinds).map_err(|e| Error::invalid(e.to_string()))?],
            )?;
        }
        tx.commit()?;
        Ok(table_outcome(doc, parsed, created))
    }

    /// 更新原文档: the rows of `doc` are replaced by those of a new import of the same annex (a revised
    /// version: new contents or units under the same 事项), keeping the document, its 文档信息 and 列设置.
    /// One step of the document's history, so 撤销 brings the old rows back; a backup is taken first.
    pub fn update_from_import(&mut self, doc: DocumentId, parsed: &ParsedAnnex) -> Result<ImportOutcome> {
        if parsed.bundle.is_some() {
            return Err(Error::invalid("数据包（.json）不能用来更新原文档，请选“再导入一份”"));
        }
        parsed.check()?;
        let document = self.document(doc)?;
        self.backup_before(super::backup::BackupReason::Import, "更新原文档")?;
        let tx = self.conn.transaction()?;
        let _activity =
            super::busy::Activity::start(&self.path, &format!("正在用“{}”更新文档", parsed.report.source));
        let mut changes = Vec::new();
        for item in super::items::doc_items(&tx, doc)?.iter().rev() {
            super::items::remove_item(&tx, item)?;
            changes.push(Change::Delete { at: item.position, item: item.to_draft() });
        }
        let mut created = Vec::new();
        for (pos, row) in parsed.rows.iter().enumerate() {
            let id = super::items::insert_item(&tx, doc, pos as i64, &row.draft, &mut created)?;
            changes
                .push(Change::Insert { at: pos as i64, item: super::items::get_item(&tx, id)?.to_draft() });
        }
        let label = format!("用“{}”更新全部 {} 行", parsed.report.source, parsed.rows.len());
        super::journal::record(&tx, doc, &label, &changes)?;
        Store::touch_document(&tx, doc)?;
        tx.commit()?;
        let mut out = table_outcome(doc, parsed, created);
        // The document keeps its 列设置: a column of the new file it has not got is stored but not shown.
        let hidden: Vec<&str> = parsed
            .columns
            .iter()
            .filter(|c| !document.columns.iter().any(|d| d.kind == c.kind))
            .map(|c| c.label.as_str())
            .collect();
        if !hidden.is_empty() {
            out.report.warnings.push(crate::import::ReportLine::file(format!(
                "原文档的列设置里没有“{}”列：这些内容已保存，但在表格和打印中不显示；需要时在“列设置”中加上这一列",
                hidden.join("”“")
            )));
        }
        Ok(out)
    }

    /// The column meanings chosen for a header when a file with it was last imported
    /// ([`crate::import::header_key`]).
    pub fn remembered_columns(&self, header_key: &str) -> Result<Option<Vec<ColumnKind>>> {
        let value: Option<String> = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [columns_key(header_key)], |r| r.get(0))
            .optional()?;
        // A value this version cannot read (written by a newer one) is no choice, not an error.
        Ok(value.and_then(|v| serde_json::from_str(&v).ok()))
    }

    /// Fills the database with the built-in sample (the 第八批 annex), recorded as coming from 内置示例.
    pub fn load_sample(&mut self) -> Result<ImportOutcome> {
        let parsed = parse_annex(crate::sample::SAMPLE_TEXT.as_bytes(), crate::sample::SAMPLE_NAME)?;
        if let Some(d) = self.find_duplicate(&parsed)? {
            return Err(Error::AlreadyImported {
                found: format!("内置示例已经导入过：文档 {}《{}》。", d.id, crate::model::one_line(&d.title)),
                document_id: d.id,
            });
        }
        self.import_new(&parsed, SAMPLE_SOURCE)
    }
}

/// What a table import wrote: rows, headings and assignments counted from the parsed rows (each unit once
/// per role in a row, as the store writes them).
fn table_outcome(doc: DocumentId, parsed: &ParsedAnnex, units_created: Vec<String>) -> ImportOutcome {
    let (mut assignments, mut lead, mut headings) = (0, 0, 0);
    for row in &parsed.rows {
        let mut names: Vec<(&str, Role)> = Vec::new();
        for u in &row.draft.units {
            if !u.name.trim().is_empty() && !names.contains(&(u.name.trim(), u.role)) {
                names.push((u.name.trim(), u.role));
            }
        }
        assignments += names.len();
        lead += names.iter().filter(|(_, r)| *r == Role::Lead).count();
        headings += row.draft.is_heading as usize;
    }
    ImportOutcome {
        document_id: doc,
        items: parsed.rows.len() - headings,
        headings,
        units_created,
        assignments,
        lead_assignments: lead,
        units_merged: Vec::new(),
        report: parsed.report.clone(),
    }
}

/// Where the built-in sample's document says it came from.
pub const SAMPLE_SOURCE: &str = "内置示例";

/// The settings key of a remembered header.
fn columns_key(header_key: &str) -> String {
    format!("import.columns:{header_key}")
}
