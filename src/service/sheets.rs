//! Per-unit assignment sheets (牵头任务清单 / 承担任务清单): the items one unit leads (or also supports)
//! across one document or all documents, printed in the annex format through the layout's
//! [`crate::layout::layout_sheet`]: no 附件 line, the items' original 序号, one heading row per source
//! document when the sheet spans all documents, and a 角色 column (牵头/配合/责任) when cooperating items
//! are included. No column repeats the unit itself: unit columns list the other units (共同牵头单位,
//! 其他牵头单位, 其他配合单位), and are left out when no item has any.
//!
//! Which items, which columns and which title a sheet has is decided here, in the application layer,
//! from the store; the PDF backend only draws the laid-out sheet (it read the store itself before).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::naming::{safe_file_name, unit_sheet_title};
use super::options::check_layout;
use super::render::{draw, Pdf, Stage};
use crate::error::{Error, Result};
use crate::fonts::FontSet;
use crate::layout::{role_column, LayoutOptions, SheetSpec};
use crate::model::{number_items, Column, ColumnKind, Document, DocumentId, Item, Role, UnitId};
use crate::store::Store;

/// What a sheet covers and how it is laid out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SheetOptions {
    /// Include items the unit supports (配合) besides those it leads or is responsible for.
    pub with_cooperating: bool,
    /// One document, or all documents (None).
    pub doc: Option<DocumentId>,
    pub layout: LayoutOptions,
}

/// One written sheet (or one that failed, with the reason).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetOutcome {
    pub unit: String,
    pub path: PathBuf,
    pub items: usize,
    pub pages: usize,
    pub error: Option<String>,
}

/// The column key of the role column.
pub const ROLE_COLUMN: &str = "角色";

fn roles(with_cooperating: bool) -> Vec<Role> {
    if with_cooperating {
        vec![Role::Lead, Role::Responsible, Role::Cooperating]
    } else {
        vec![Role::Lead, Role::Responsible]
    }
}

/// A unit's sheet ready for [`crate::layout::layout_sheet`]: the document whose columns are printed, the
/// items (with a heading row per source document when the sheet spans all documents) and the sheet spec
/// (title, no 附件 line, original 序号, 角色 column with cooperating items).
#[derive(Debug, Clone)]
pub struct UnitSheet {
    pub doc: Document,
    /// The items with all their assignments (the unit's own included).
    pub items: Vec<Item>,
    pub spec: SheetSpec,
    /// The unit the sheet is for.
    pub unit_id: UnitId,
}

impl UnitSheet {
    /// Items (not heading rows) on the sheet.
    pub fn item_count(&self) -> usize {
        self.items.iter().filter(|i| !i.is_heading).count()
    }

    pub fn layout(
        &self,
        opts: &LayoutOptions,
        metrics: &dyn crate::layout::Metrics,
    ) -> crate::layout::AnnexLayout {
        // The printed unit columns name the other units only.
        let mut items = self.items.clone();
        for it in &mut items {
            it.assignments = others_in(it, self.unit_id).cloned().collect();
        }
        crate::layout::layout_sheet(&self.doc, &items, &self.spec, opts, metrics)
    }
}

/// The assignments of an item to units other than `unit`: what a unit's own sheet prints in its unit columns
/// (the one rule for which columns a sheet has and what they hold).
fn others_in(item: &Item, unit: UnitId) -> impl Iterator<Item = &crate::model::Assignment> {
    item.assignments.iter().filter(move |a| a.unit_id != unit)
}

/// Builds the sheet for one unit. Its items are empty when the unit has none in the chosen scope.
pub fn unit_sheet(store: &Store, unit_id: UnitId, opts: &SheetOptions) -> Result<UnitSheet> {
    let unit = store.unit(unit_id)?;
    let groups = store.unit_items(unit_id, &roles(opts.with_cooperating), opts.doc)?;
    let headings = opts.doc.is_none();

    let mut items: Vec<Item> = Vec::new();
    let mut numbers: Vec<String> = Vec::new();
    let any = |f: &dyn Fn(&Item) -> bool| groups.iter().any(|(_, its)| its.iter().any(f));
    let has_scope = any(&|it: &Item| !it.scope.trim().is_empty());
    let has_deadline = any(&|it: &Item| !it.deadline_text.trim().is_empty());
    for (doc, its) in &groups {
        // The 序号 each item has in its own document.
        let all = store.items(doc.id)?;
        let own: HashMap<i64, String> =
            all.iter().zip(number_items(&all)).map(|(it, n)| (it.id, n)).collect();
        if headings {
            items.push(Item {
                document_id: doc.id,
                is_heading: true,
                // The same as the old `split_whitespace` join for Chinese titles; a title with Latin words
                // (《Made in China 2025》) keeps the spaces between them now.
                title: doc.title_one_line(),
                ..Default::default()
            });
            numbers.push(String::new());
        }
        for it in its {
            numbers.push(own.get(&it.id).cloned().unwrap_or_default());
            items.push(it.clone());
        }
    }
    for (i, it) in items.iter_mut().enumerate() {
        it.position = i as i64;
    }

    let extra_column = opts.with_cooperating.then(|| {
        let mut c = role_column(&items, unit_id, ROLE_COLUMN);
        c.at = Some(3); // after 主要内容
        c.width = 1.7;
        c
    });
    // The sheet is the unit's own: its unit columns name the *other* units. A lead sheet shows the units
    // that lead an item together with it (共同牵头单位), only when there are any; a sheet with cooperating
    // items shows who leads each item (其他牵头单位; with the 角色 column the reader knows what the unit
    // itself does) and the other cooperating units.
    let others = |role: Role| items.iter().any(|it| others_in(it, unit_id).any(|a| a.role == role));
    let mut columns = vec![
        // 序号 and 角色 need about 14 mm at 3号 for their two-character headers.
        Column::new(ColumnKind::Number, 1.7),
        Column::new(ColumnKind::Title, 3.0),
        Column::new(ColumnKind::Content, 6.0),
    ];
    if others(Role::Lead) {
        let label = if opts.with_cooperating { "其他牵头单位" } else { "共同牵头单位" };
        columns.push(Column { label: label.into(), ..Column::new(ColumnKind::LeadUnits, 2.6) });
    }
    if others(Role::Cooperating) {
        columns
            .push(Column { label: "其他配合单位".into(), ..Column::new(ColumnKind::CoopUnits, 2.6) });
    }
    if has_deadline {
        columns.push(Column::new(ColumnKind::Deadline, 2.0));
    }
    if has_scope {
        columns.push(Column::new(ColumnKind::Scope, 2.4));
    }
    let now = chrono::Utc::now();
    let title = unit_sheet_title(&unit.name, opts.with_cooperating);
    let doc = Document {
        id: 0,
        title: title.clone(),
        annex_label: String::new(),
        doc_number: None,
        issue_date: None,
        notes: String::new(),
        columns,
        created_at: now,
        updated_at: now,
    };
    let spec = SheetSpec { title, label: None, doc_number: None, extra_column, numbers: Some(numbers) };
    Ok(UnitSheet { doc, items, spec, unit_id })
}

/// The PDF of a unit's sheet, after checking the print options ([`check_layout`]): the same
/// layout-then-draw step as an annex ([`draw`]).
pub fn sheet_pdf(
    sheet: &UnitSheet,
    opts: &LayoutOptions,
    fonts: &FontSet,
    progress: &mut dyn FnMut(Stage),
) -> Result<Pdf> {
    check_layout(opts)?;
    checked_sheet_pdf(sheet, opts, fonts, progress)
}

/// [`sheet_pdf`] for options already checked (a sheet prints no 发文字号, so there is nothing else to check).
fn checked_sheet_pdf(
    sheet: &UnitSheet,
    opts: &LayoutOptions,
    fonts: &FontSet,
    progress: &mut dyn FnMut(Stage),
) -> Result<Pdf> {
    draw(|| sheet.layout(opts, fonts), fonts, progress)
}

/// Writes one unit's sheet to `path` (atomically). Refused when the unit has no items in the scope.
pub fn write_unit_sheet(
    store: &Store,
    unit_id: UnitId,
    opts: &SheetOptions,
    fonts: &FontSet,
    path: &Path,
) -> Result<SheetOutcome> {
    check_layout(&opts.layout)?;
    let sheet = unit_sheet(store, unit_id, opts)?;
    let unit = store.unit(unit_id)?;
    let count = sheet.item_count();
    if count == 0 {
        let what = if opts.with_cooperating { "承担" } else { "牵头" };
        return Err(Error::invalid(format!("单位“{}”没有{what}的事项，未生成清单", unit.name)));
    }
    let pdf = checked_sheet_pdf(&sheet, &opts.layout, fonts, &mut |_| {})?;
    crate::fsutil::write_atomic(path, &pdf.bytes)?;
    Ok(SheetOutcome {
        unit: unit.name,
        path: path.to_path_buf(),
        items: count,
        pages: pdf.pages,
        error: None,
    })
}

/// Writes one sheet per unit that has items in the scope into `dir` (created when the first sheet is
/// written, if missing; the folder above it must exist — [`crate::fsutil::create_output_dir`]), named
/// `{单位}牵头任务清单.pdf` with characters Windows forbids replaced. A unit whose sheet fails (e.g. a
/// character no font has) is reported in its outcome; the others are still written.
pub fn write_all_unit_sheets(
    store: &Store,
    dir: &Path,
    opts: &SheetOptions,
    fonts: &FontSet,
) -> Result<Vec<SheetOutcome>> {
    check_layout(&opts.layout)?;
    // Refuse a missing parent before any work, but make the folder only once there is a sheet for it.
    crate::fsutil::check_folder_of(dir)?;
    let mut used: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for u in store.units()? {
        let n =
            u.lead_count + u.responsible_count + if opts.with_cooperating { u.cooperating_count } else { 0 };
        if n == 0 {
            continue;
        }
        let sheet = unit_sheet(store, u.unit.id, opts)?;
        let count = sheet.item_count();
        if count == 0 {
            continue; // counts were over all documents; this scope has none
        }
        let mut stem = safe_file_name(&sheet.doc.title);
        let mut k = 2;
        while !used.insert(stem.to_lowercase()) {
            stem = format!("{}（{k}）", safe_file_name(&sheet.doc.title));
            k += 1;
        }
        crate::fsutil::create_output_dir(dir)?;
        let path = dir.join(format!("{stem}.pdf"));
        let mut oc = SheetOutcome {
            unit: u.unit.name.clone(),
            path: path.clone(),
            items: count,
            pages: 0,
            error: None,
        };
        match checked_sheet_pdf(&sheet, &opts.layout, fonts, &mut |_| {})
            .and_then(|pdf| crate::fsutil::write_atomic(&path, &pdf.bytes).map(|_| pdf.pages))
        {
            Ok(p) => oc.pages = p,
            Err(e) => oc.error = Some(e.to_string()),
        }
        out.push(oc);
    }
    Ok(out)
}

/// What [`unit_sheet`] selects, for a list on screen (the desktop's 任务清单 drawer): the sheet's title and
/// its rows in order — a heading row per source document, then that document's items — each with the
/// 序号 it prints and the unit's roles in it. Built from the same [`UnitSheet`] the PDF is drawn from.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct UnitSheetRows {
    pub title: String,
    pub rows: Vec<UnitSheetRow>,
}

/// One row of [`UnitSheetRows`]: the item (a heading row carries the source document's id and title),
/// its printed 序号 (empty for a heading) and the unit's roles (`牵头`、`配合`、`责任`, joined with `、`).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct UnitSheetRow {
    pub item: Item,
    pub number: String,
    pub roles: String,
}

impl UnitSheetRows {
    pub fn new(sheet: &UnitSheet, unit_id: UnitId) -> UnitSheetRows {
        let numbers = sheet.spec.numbers.clone().unwrap_or_else(|| number_items(&sheet.items));
        let roles = role_column(&sheet.items, unit_id, ROLE_COLUMN).values;
        let rows = sheet
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| UnitSheetRow {
                item: it.clone(),
                number: numbers.get(i).cloned().unwrap_or_default(),
                roles: roles.get(i).cloned().unwrap_or_default(),
            })
            .collect();
        UnitSheetRows { title: sheet.spec.title.clone(), rows }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocumentDraft, ItemDraft, UnitRef};

    #[test]
    fn a_heading_row_is_the_documents_title_on_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let doc = store
            .create_document(&DocumentDraft::titled("关于落实《Made in China 2025》\n的任务分工"))
            .unwrap();
        let draft = ItemDraft {
            title: "事项".into(),
            units: vec![UnitRef { name: "省商务厅".into(), role: Role::Lead }],
            ..Default::default()
        };
        store.add_item(doc, None, &draft).unwrap();
        let unit = store.find_unit("省商务厅").unwrap().unwrap().id;
        let sheet = unit_sheet(&store, unit, &SheetOptions::default()).unwrap();
        assert_eq!(sheet.items[0].title, "关于落实《Made in China 2025》的任务分工");
        assert_eq!(sheet.item_count(), 1);
    }

    /// The printed texts of one column of a laid-out sheet, by header label.
    fn column_texts(layout: &crate::layout::AnnexLayout, label: &str) -> Option<Vec<String>> {
        use crate::layout::RunKind;
        let runs = || layout.pages.iter().flat_map(|p| p.runs.iter());
        // A header may print over two lines: its runs of the first page, put together.
        let mut heads: std::collections::BTreeMap<usize, String> = Default::default();
        for r in &layout.pages[0].runs {
            if let RunKind::Header { col } = r.kind {
                heads.entry(col).or_default().push_str(&r.text);
            }
        }
        let col = heads.into_iter().find(|(_, t)| t == label)?.0;
        Some(
            runs()
                .filter(|r| matches!(r.kind, RunKind::Cell { col: c, .. } if c == col))
                .map(|r| r.text.clone())
                .collect(),
        )
    }

    #[test]
    fn a_one_item_sheet_of_the_sample_prints_on_one_page_at_every_body_size() {
        // The issue's case: 省市场监管局牵头任务清单 (one item) spilled two lines onto a second page.
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        store.load_sample().unwrap();
        let fonts = crate::service::fonts::shipped();
        let mut checked = 0;
        for unit in store.units().unwrap() {
            let sheet = unit_sheet(&store, unit.unit.id, &SheetOptions::default()).unwrap();
            if sheet.item_count() != 1 {
                continue;
            }
            for size in [16.0, 14.0, 12.0, 10.5] {
                let opts = LayoutOptions { body_size: size, ..LayoutOptions::default() };
                let pages = sheet.layout(&opts, &*fonts).pages.len();
                assert_eq!(pages, 1, "{} at {size} pt: {pages} pages", unit.unit.name);
            }
            checked += 1;
        }
        assert!(checked >= 3, "the sample has one-item lead sheets: {checked}");
    }

    #[test]
    fn no_sheet_column_repeats_the_unit_itself() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let doc = store.create_document(&DocumentDraft::titled("任务分工表")).unwrap();
        let unit = |name: &str, role| UnitRef { name: name.into(), role };
        for (title, units) in [
            ("独自牵头", vec![unit("省商务厅", Role::Lead)]),
            (
                "共同牵头",
                vec![
                    unit("省商务厅", Role::Lead),
                    unit("省财政厅", Role::Lead),
                    unit("省发展改革委", Role::Cooperating),
                ],
            ),
            ("别人牵头", vec![unit("省财政厅", Role::Lead), unit("省商务厅", Role::Cooperating)]),
        ] {
            let draft =
                ItemDraft { title: title.into(), content: "内容".into(), units, ..Default::default() };
            store.add_item(doc, None, &draft).unwrap();
        }
        let fonts = crate::layout::MonospaceMetrics;
        let opts = LayoutOptions::default();
        let id = |store: &Store, n: &str| store.find_unit(n).unwrap().unwrap().id;

        // 省商务厅 leads two items, one with 省财政厅: a 共同牵头单位 column naming only 省财政厅.
        let sheet = unit_sheet(&store, id(&store, "省商务厅"), &SheetOptions::default()).unwrap();
        let layout = sheet.layout(&opts, &fonts);
        assert_eq!(column_texts(&layout, "共同牵头单位").unwrap(), ["省财政厅"]);
        assert!(column_texts(&layout, "牵头单位").is_none());
        let cells = layout
            .pages
            .iter()
            .flat_map(|p| &p.runs)
            .filter(|r| matches!(r.kind, crate::layout::RunKind::Cell { .. }));
        assert!(cells.clone().all(|r| !r.text.contains("省商务厅")), "the unit's own name in a cell");
        // The rows for the desktop keep every assignment and the unit's roles.
        let rows = UnitSheetRows::new(&sheet, id(&store, "省商务厅"));
        let roles: Vec<&str> =
            rows.rows.iter().filter(|r| !r.item.is_heading).map(|r| r.roles.as_str()).collect();
        assert_eq!(roles, ["牵头", "牵头"]);
        assert_eq!(rows.rows[2].item.assignments.len(), 3);

        let layout = unit_sheet(
            &store,
            id(&store, "省发展改革委"),
            &SheetOptions { with_cooperating: true, ..Default::default() },
        )
        .unwrap()
        .layout(&opts, &fonts);
        // A cooperating sheet says who leads each item, and has no 其他配合单位 column when it cooperates alone.
        assert_eq!(column_texts(&layout, "其他牵头单位").unwrap().concat(), "省商务厅、省财政厅");
        assert!(column_texts(&layout, "其他配合单位").is_none());
        assert_eq!(column_texts(&layout, ROLE_COLUMN).unwrap(), ["配合"]);

        // A sheet where nobody shares the lead has no unit column at all.
        let doc2 = store.create_document(&DocumentDraft::titled("另一表")).unwrap();
        let draft = ItemDraft {
            title: "单独".into(),
            units: vec![unit("省审计厅", Role::Lead)],
            ..Default::default()
        };
        store.add_item(doc2, None, &draft).unwrap();
        let layout = unit_sheet(&store, id(&store, "省审计厅"), &SheetOptions::default())
            .unwrap()
            .layout(&opts, &fonts);
        assert!(
            column_texts(&layout, "共同牵头单位").is_none() && column_texts(&layout, "牵头单位").is_none()
        );
    }
}
