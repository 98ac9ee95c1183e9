//! A document as a JSON bundle and back: export gathers the document, its items and the units they name;
//! import writes all of it in one transaction, matching the bundle's units to the directory.
//!
//! Unit matching: a bundle unit is the existing unit whose name or alias equals the bundle unit's name,
//! else whose name or alias equals one of the bundle unit's aliases (name checked before aliases).
//! A matched unit keeps its name, full name and precedence; the bundle's spellings it does not know yet
//! (its name, its aliases) are added as aliases when no other unit uses them, so text from the other
//! office keeps resolving to the same unit. Unmatched units are created with full name and aliases, last
//! in precedence, in the bundle's order. Everything is reported in [`BundleOutcome`].

use std::collections::HashMap;

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use super::{ts_to_sql, Store};
use crate::bundle::{validate, Bundle, BundleUnit};
use crate::error::{Error, Result};
use crate::model::{DocumentId, Role, Unit, UnitId, UnitRef};

/// What a bundle import did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleOutcome {
    pub document_id: DocumentId,
    /// Rows that are not headings.
    pub items: usize,
    pub headings: usize,
    /// Units created, in bundle order.
    pub units_created: Vec<String>,
    /// (name in the bundle, existing unit it was matched to), in bundle order.
    pub units_merged: Vec<(String, String)>,
    /// (existing unit, alias added from the bundle).
    pub aliases_added: Vec<(String, String)>,
    /// Assignments written.
    pub assignments: usize,
    /// Anything that did not go in exactly as the bundle had it.
    pub warnings: Vec<String>,
}

impl BundleOutcome {
    /// The report in Chinese, one line each, for the command line and the desktop.
    pub fn to_lines(&self) -> Vec<String> {
        let mut out = vec![format!(
            "已导入文档 {}：{} 个事项、{} 个分组标题、{} 条单位分工",
            self.document_id, self.items, self.headings, self.assignments
        )];
        if !self.units_created.is_empty() {
            out.push(format!("新建单位 {} 个：{}", self.units_created.len(), self.units_created.join("、")));
        }
        let (same, renamed): (Vec<_>, Vec<_>) = self.units_merged.iter().partition(|(b, e)| b == e);
        if !same.is_empty() {
            let names: Vec<&str> = same.iter().map(|(b, _)| b.as_str()).collect();
            out.push(format!("沿用已有单位 {} 个：{}", names.len(), names.join("、")));
        }
        for (b, e) in renamed {
            out.push(format!("单位“{b}”按别名并入已有单位“{e}”"));
        }
        for (u, a) in &self.aliases_added {
            out.push(format!("单位“{u}”新增别称“{a}”"));
        }
        out.extend(self.warnings.iter().map(|w| format!("注意：{w}")));
        out
    }
}

fn field_err(source: &str, field: String, e: Error) -> Error {
    let message = match e {
        Error::Invalid(m) => m,
        other => other.to_string(),
    };
    Error::InField { path: source.into(), field, message }
}

fn unit_row(conn: &Connection, id: UnitId) -> Result<(String, Option<String>)> {
    Ok(conn
        .query_row("SELECT name, full_name FROM units WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// The existing unit a bundle unit stands for: by its name first, then by any of its aliases.
fn match_unit(conn: &Connection, u: &BundleUnit) -> Result<Option<UnitId>> {
    if let Some(id) = super::units::lookup(conn, &u.name)? {
        return Ok(Some(id));
    }
    for a in &u.aliases {
        if let Some(id) = super::units::lookup(conn, a)? {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

fn add_alias(conn: &Connection, id: UnitId, alias: &str) -> Result<()> {
    conn.execute("INSERT INTO unit_aliases (alias, unit_id) VALUES (?1, ?2)", params![alias, id])?;
    Ok(())
}

fn create_unit(conn: &Connection, u: &BundleUnit) -> Result<UnitId> {
    let name = u.name.trim();
    conn.execute(
        "INSERT INTO units (name, full_name, precedence)
         VALUES (?1, ?2, (SELECT coalesce(max(precedence), 0) + 1 FROM units))",
        params![name, u.full_name.as_deref().map(str::trim).filter(|s| !s.is_empty())],
    )?;
    let id = conn.last_insert_rowid();
    for a in &u.aliases {
        let a = a.trim();
        if a != name {
            add_alias(conn, id, a)?;
        }
    }
    Ok(id)
}

impl Store {
    /// The document with its items and the units they name (in precedence order) as a bundle.
    pub fn export_bundle(&self, doc_id: DocumentId) -> Result<Bundle> {
        let doc = self.document(doc_id)?;
        let items = self.items(doc_id)?;
        let mut ids: Vec<UnitId> =
            items.iter().flat_map(|it| it.assignments.iter().map(|a| a.unit_id)).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut units: Vec<Unit> = ids.into_iter().map(|id| self.unit(id)).collect::<Result<_>>()?;
        units.sort_by_key(|u| (u.precedence, u.id));
        Ok(Bundle::from_parts(&doc, &items, &units))
    }

    /// Imports a bundle as a new document. Refuses when a live document already holds the same annex
    /// (same title, same 事项 in order), naming it; [`Store::import_bundle_again`] imports anyway.
    pub fn import_bundle(&mut self, bundle: &Bundle, source: &str) -> Result<BundleOutcome> {
        let titles: Vec<&str> = bundle.items.iter().map(|it| it.title.as_str()).collect();
        if let Some(d) = self.find_same_annex(&bundle.document.title, &titles)? {
            return Err(Error::AlreadyImported {
                found: format!("这份文档已经导入过：文档 {}《{}》。", d.id, crate::model::one_line(&d.title)),
                document_id: d.id,
            });
        }
        self.import_bundle_again(bundle, source)
    }

    /// Imports a bundle as a new document even if an identical one exists. All checks run before the
    /// transaction; any failure writes nothing.
    pub fn import_bundle_again(&mut self, bundle: &Bundle, source: &str) -> Result<BundleOutcome> {
        validate(bundle, source)?;
        let draft = bundle.document_draft();
        super::documents::validate_draft(&draft).map_err(|e| field_err(source, "document".into(), e))?;
        let drafts: Vec<_> = bundle.items.iter().map(|it| it.to_draft()).collect();
        for (i, d) in drafts.iter().enumerate() {
            super::items::validate_item(d).map_err(|e| field_err(source, format!("items[{i}]"), e))?;
        }

        self.backup_before(super::backup::BackupReason::Import, "导入")?;
        let tx = self.conn.transaction()?;
        let _activity = super::busy::Activity::start(&self.path, &format!("正在导入“{source}”"));
        let mut out = BundleOutcome {
            document_id: 0,
            items: 0,
            headings: 0,
            units_created: vec![],
            units_merged: vec![],
            aliases_added: vec![],
            assignments: 0,
            warnings: vec![],
        };
        // Bundle unit name → (unit id, name in this database).
        let mut resolved: HashMap<&str, (UnitId, String)> = HashMap::new();
        for u in &bundle.units {
            let bname = u.name.trim();
            let id = match match_unit(&tx, u)? {
                Some(id) => {
                    let (existing, _) = unit_row(&tx, id)?;
                    for spelling in std::iter::once(bname).chain(u.aliases.iter().map(|a| a.trim())) {
                        if spelling != existing && super::units::lookup(&tx, spelling)?.is_none() {
                            add_alias(&tx, id, spelling)?;
                            out.aliases_added.push((existing.clone(), spelling.to_string()));
                        }
                    }
                    out.units_merged.push((bname.to_string(), existing));
                    id
                }
                None => {
                    out.units_created.push(bname.to_string());
                    create_unit(&tx, u)?
                }
            };
            resolved.insert(bname, (id, unit_row(&tx, id)?.0));
        }

        let doc = super::documents::insert_document(&tx, &draft, source)?;
        if let Some(t) = &bundle.document.created_at {
            tx.execute("UPDATE documents SET created_at = ?2 WHERE id = ?1", params![doc, ts_to_sql(t)])?;
        }
        out.document_id = doc;
        for (pos, (item, mut draft)) in bundle.items.iter().zip(drafts).enumerate() {
            // Refer to units by their name here, so two bundle units merged into one stay one assignment.
            let mut seen: Vec<(UnitId, Role)> = Vec::new();
            let mut units: Vec<UnitRef> = Vec::new();
            for r in &item.units {
                let (id, name) = &resolved[r.name.trim()];
                if seen.contains(&(*id, r.role)) {
                    out.warnings.push(format!(
                        "items[{pos}]“{}”：单位“{}”已并入“{name}”，{}单位中只保留一次",
                        item.title.trim(),
                        r.name.trim(),
                        r.role.label()
                    ));
                    continue;
                }
                seen.push((*id, r.role));
                units.push(UnitRef { name: name.clone(), role: r.role });
            }
            out.assignments += units.len();
            draft.units = units;
            let mut created = Vec::new();
            super::items::insert_item(&tx, doc, pos as i64, &draft, &mut created)?;
            debug_assert!(created.is_empty(), "every unit was resolved before the items");
            if item.is_heading {
                out.headings += 1;
            } else {
                out.items += 1;
            }
        }
        tx.commit()?;
        Ok(out)
    }
}
