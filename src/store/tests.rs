//! Store tests on real SQLite files in temp dirs.

use super::*;
use crate::model::*;
use crate::rules::{MAX_FIELD_CHARS, MAX_TITLE_CHARS};

fn open_temp() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("fengong.db")).unwrap();
    (dir, store)
}

fn draft(title: &str, lead: &[&str]) -> ItemDraft {
    ItemDraft {
        title: title.into(),
        content: format!("{title}的主要内容"),
        scope: "全省范围".into(),
        units: lead.iter().map(|n| UnitRef { name: n.to_string(), role: Role::Lead }).collect(),
        ..Default::default()
    }
}

fn positions(store: &Store, doc: DocumentId) -> Vec<i64> {
    store.items(doc).unwrap().iter().map(|i| i.position).collect()
}

fn titles(store: &Store, doc: DocumentId) -> Vec<String> {
    store.items(doc).unwrap().into_iter().map(|i| i.title).collect()
}

#[test]
fn migrates_an_empty_file_to_the_latest_version_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub").join("a.db");
    {
        let store = Store::open(&path).unwrap();
        assert_eq!(schema::version(&store.conn).unwrap(), schema::LATEST_VERSION);
        let fk: i64 = store.conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
        let mode: String = store.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        assert!(store.is_empty().unwrap());
    }
    // Reopening an up-to-date file is a no-op.
    let store = Store::open(&path).unwrap();
    assert_eq!(schema::version(&store.conn).unwrap(), schema::LATEST_VERSION);
}

#[test]
fn refuses_a_database_from_a_newer_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA user_version = 99").unwrap();
    drop(conn);
    let err = Store::open(&path).err().expect("must refuse");
    assert!(err.to_string().contains("请升级"), "{err}");
}

#[test]
fn documents_round_trip_through_a_real_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let id;
    {
        let mut store = Store::open(&path).unwrap();
        let mut d = DocumentDraft::titled("广东自贸试验区第八批可复制推广\n改革创新经验任务分工表");
        d.doc_number = Some("粤府函〔2020〕77号".into());
        d.issue_date = chrono::NaiveDate::from_ymd_opt(2020, 5, 8);
        d.columns.push(Column::new(ColumnKind::Custom("进展情况".into()), 3.0));
        id = store.create_document(&d).unwrap();
        store.add_item(id, None, &draft("甲", &["省税务局", "深圳市税务局"])).unwrap();
    }
    let store = Store::open(&path).unwrap();
    let doc = store.document(id).unwrap();
    assert_eq!(doc.title, "广东自贸试验区第八批可复制推广\n改革创新经验任务分工表");
    assert_eq!(doc.doc_number.as_deref(), Some("粤府函〔2020〕77号"));
    assert_eq!(doc.issue_date, chrono::NaiveDate::from_ymd_opt(2020, 5, 8));
    assert_eq!(doc.columns.len(), 6);
    assert_eq!(doc.columns[5].kind, ColumnKind::Custom("进展情况".into()));
    let items = store.items(id).unwrap();
    assert_eq!(items[0].units_text(Role::Lead), "省税务局、深圳市税务局");
    let list = store.list_documents().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].item_count, 1);
}

#[test]
fn empty_title_and_bad_columns_are_refused() {
    let (_d, mut store) = open_temp();
    let err = store.create_document(&DocumentDraft::titled("  \n ")).unwrap_err();
    assert_eq!(err.to_string(), "文档标题不能为空");
    let mut d = DocumentDraft::titled("表");
    d.columns.clear();
    assert!(store.create_document(&d).unwrap_err().to_string().contains("至少要有一列"));
    let mut d = DocumentDraft::titled("表");
    d.columns[1].width = -1.0;
    assert!(store.create_document(&d).unwrap_err().to_string().contains("宽度"));
    let id = store.create_document(&DocumentDraft::titled("表")).unwrap();
    assert!(store.update_document(id, &DocumentDraft::titled("")).is_err());
    assert_eq!(store.document(id).unwrap().title, "表");
    // A title the store refuses never reaches SQLite, and the CHECK constraint backs that up.
    let raw = store.conn.execute("UPDATE documents SET title = ' ' WHERE id = ?1", [id]);
    assert!(raw.is_err());
    let long = "长".repeat(MAX_TITLE_CHARS + 1);
    assert!(store.create_document(&DocumentDraft::titled(&long)).unwrap_err().to_string().contains("过长"));
}

#[test]
fn positions_stay_contiguous_through_add_move_delete_undo() {
    let (_d, mut store) = open_temp();
    let doc = store.create_document(&DocumentDraft::titled("表")).unwrap();
    let ids: Vec<_> = ["A", "B", "C", "D"]
        .iter()
        .map(|t| store.add_item(doc, None, &draft(t, &["甲单位"])).unwrap())
        .collect();
    store.add_item(doc, Some(1), &draft("X", &[])).unwrap();
    assert_eq!(titles(&store, doc), ["A", "X", "B", "C", "D"]);
    store.move_item(ids[0], 3).unwrap();
    assert_eq!(titles(&store, doc), ["X", "B", "C", "A", "D"]);
    store.move_item(ids[3], 0).unwrap();
    assert_eq!(titles(&store, doc), ["D", "X", "B", "C", "A"]);
    store.move_item(ids[1], 99).unwrap();
    assert_eq!(titles(&store, doc), ["D", "X", "C", "A", "B"]);
    store.delete_item(ids[2]).unwrap();
    assert_eq!(titles(&store, doc), ["D", "X", "A", "B"]);
    assert_eq!(positions(&store, doc), [0, 1, 2, 3]);
    store.undo(doc).unwrap();
    let back = store.items(doc).unwrap()[2].id;
    assert_eq!(titles(&store, doc), ["D", "X", "C", "A", "B"]);
    assert_eq!(positions(&store, doc), [0, 1, 2, 3, 4]);
    assert_eq!(store.item(back).unwrap().units_text(Role::Lead), "甲单位");
    assert!(matches!(store.item(ids[2]), Err(Error::NotFound { .. })));
}

#[test]
fn update_item_rewrites_fields_and_assignment_order() {
    let (_d, mut store) = open_temp();
    let doc = store.create_document(&DocumentDraft::titled("表")).unwrap();
    let id = store.add_item(doc, None, &draft("甲", &["省公安厅", "省法院", "省检察院"])).unwrap();
    let mut d = draft("乙", &["省检察院", "省公安厅", "省检察院"]);
    d.units.push(UnitRef { name: "省司法厅".into(), role: Role::Cooperating });
    d.deadline_text = "2026年12月底".into();
    d.custom.insert("进展情况".into(), "已完成".into());
    store.update_item(id, &d).unwrap();
    let it = store.item(id).unwrap();
    assert_eq!(it.title, "乙");
    assert_eq!(it.units_text(Role::Lead), "省检察院、省公安厅");
    assert_eq!(it.units_text(Role::Cooperating), "省司法厅");
    assert_eq!(it.custom["进展情况"], "已完成");
    assert!(store.update_item(id, &ItemDraft::default()).unwrap_err().to_string().contains("不能都为空"));
    let huge =
        ItemDraft { title: "t".into(), content: "字".repeat(MAX_FIELD_CHARS + 1), ..Default::default() };
    assert!(store.update_item(id, &huge).unwrap_err().to_string().contains("主要内容"));
    assert!(matches!(store.update_item(9999, &d), Err(Error::NotFound { what: "事项", id: 9999 })));
}

#[test]
fn unit_names_are_unique_after_trimming_and_aliases_resolve() {
    let (_d, mut store) = open_temp();
    let id =
        store.create_unit("省税务局", Some("国家税务总局广东省税务局"), &["广东省税务局".into()]).unwrap();
    let err = store.create_unit("  省税务局 ", None, &[]).unwrap_err();
    assert_eq!(err.to_string(), "已有名为“省税务局”的单位");
    let err = store.create_unit("广东省税务局", None, &[]).unwrap_err();
    assert!(err.to_string().contains("别称"), "{err}");
    assert_eq!(store.find_unit("广东省税务局").unwrap().unwrap().id, id);
    // An item naming the alias is assigned to the unit, not to a new one.
    let doc = store.create_document(&DocumentDraft::titled("表")).unwrap();
    let item = store.add_item(doc, None, &draft("甲", &["广东省税务局"])).unwrap();
    assert_eq!(store.item(item).unwrap().units_text(Role::Lead), "省税务局");
    assert_eq!(store.units().unwrap().len(), 1);
    assert_eq!(store.units().unwrap()[0].lead_count, 1);
}

#[test]
fn deleting_a_unit_in_use_is_refused_naming_the_items() {
    let (_d, mut store) = open_temp();
    let doc = store.create_document(&DocumentDraft::titled("分工表")).unwrap();
    store.add_item(doc, None, &draft("智慧办税服务", &["省税务局"])).unwrap();
    let unit = store.find_unit("省税务局").unwrap().unwrap();
    let err = store.delete_unit(unit.id).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("省税务局") && msg.contains("智慧办税服务") && msg.contains("第1行"), "{msg}");
    assert!(store.find_unit("省税务局").unwrap().is_some());
    let free = store.create_unit("省司法厅", None, &[]).unwrap();
    store.delete_unit(free).unwrap();
    assert!(store.find_unit("省司法厅").unwrap().is_none());
}

#[test]
fn merge_moves_assignments_and_keeps_the_old_name_as_alias() {
    let (_d, mut store) = open_temp();
    let doc = store.create_document(&DocumentDraft::titled("表")).unwrap();
    let a = store.add_item(doc, None, &draft("甲", &["广东省税务局", "省公安厅"])).unwrap();
    let b = store.add_item(doc, None, &draft("乙", &["省税务局", "广东省税务局"])).unwrap();
    let from = store.find_unit("广东省税务局").unwrap().unwrap().id;
    let into = store.find_unit("省税务局").unwrap().unwrap().id;
    store.merge_units(from, into).unwrap();
    assert_eq!(store.item(a).unwrap().units_text(Role::Lead), "省税务局、省公安厅");
    assert_eq!(store.item(b).unwrap().units_text(Role::Lead), "省税务局");
    assert_eq!(store.find_unit("广东省税务局").unwrap().unwrap().id, into);
    assert!(store.merge_units(into, into).is_err());
    let hits = store.search("省税务局", &SearchFilter::default(), 50).unwrap();
    assert_eq!(hits.len(), 2);
}

#[test]
fn rename_is_printed_and_searchable() {
    let (_d, mut store) = open_temp();
    let doc = store.create_document(&DocumentDraft::titled("表")).unwrap();
    let it = store.add_item(doc, None, &draft("甲", &["省市场监管局"])).unwrap();
    let mut u = store.find_unit("省市场监管局").unwrap().unwrap();
    u.name = "广东省市场监督管理局".into();
    assert_eq!(store.update_unit(&u).unwrap().as_deref(), Some("省市场监管局"));
    assert_eq!(store.item(it).unwrap().units_text(Role::Lead), "广东省市场监督管理局");
    // The old name stays an alias: a later import writing it finds the renamed unit.
    let found = store.find_unit("省市场监管局").unwrap().unwrap();
    assert_eq!((found.id, found.aliases), (u.id, vec!["省市场监管局".to_string()]));
    // Saving again without renaming keeps nothing new; removing the alias then is the user's choice.
    let mut again = store.find_unit("广东省市场监督管理局").unwrap().unwrap();
    again.aliases.clear();
    assert_eq!(store.update_unit(&again).unwrap(), None);
    assert!(store.find_unit("省市场监管局").unwrap().is_none());
    assert_eq!(store.search("市场监督管理", &SearchFilter::default(), 10).unwrap().len(), 1);
}

#[test]
fn unit_order_sets_precedence() {
    let (_d, mut store) = open_temp();
    let a = store.create_unit("甲", None, &[]).unwrap();
    let b = store.create_unit("乙", None, &[]).unwrap();
    let c = store.create_unit("丙", None, &[]).unwrap();
    store.set_unit_order(&[c, a]).unwrap();
    let names: Vec<_> = store.units().unwrap().into_iter().map(|u| u.unit.name).collect();
    assert_eq!(names, ["丙", "甲", "乙"]);
    assert!(store.set_unit_order(&[b, 999]).is_err());
}

#[test]
fn search_short_and_long_queries_and_hostile_input() {
    let (_d, mut store) = open_temp();
    let doc = store.create_document(&DocumentDraft::titled("表")).unwrap();
    store.add_item(doc, None, &draft("多缴退税E管家", &["省税务局", "深圳市税务局"])).unwrap();
    let mut d = draft("跨境电商进口退货", &["海关总署广东分署"]);
    d.content = "将企业的WMS（仓储管理系统）与海关系统对接，审批时间压缩至1-2分钟，\"引号\"与50%_比例".into();
    d.scope = "全省海关特殊监管区域".into();
    store.add_item(doc, None, &d).unwrap();
    let f = SearchFilter::default();
    // 3+ characters: FTS5 trigram.
    let hits = store.search("税务局", &f, 50).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].snippet.contains("\u{2}税务局\u{3}"), "{:?}", hits[0].snippet);
    // 2 characters: LIKE fallback over the same fields.
    assert_eq!(store.search("税务", &f, 50).unwrap().len(), 1);
    assert_eq!(store.search("海关", &f, 50).unwrap().len(), 1);
    assert_eq!(store.search("wms", &f, 50).unwrap().len(), 1, "case-insensitive");
    // Text that means something to FTS5 or SQL is plain text here.
    assert_eq!(store.search("1-2分钟", &f, 50).unwrap().len(), 1);
    assert_eq!(store.search("\"引号\"", &f, 50).unwrap().len(), 1);
    assert_eq!(store.search("50%_", &f, 50).unwrap().len(), 1);
    assert_eq!(store.search("%", &f, 50).unwrap().len(), 1, "only the row with a literal %");
    assert_eq!(store.search("_", &f, 50).unwrap().len(), 1);
    assert_eq!(store.search("\"", &f, 50).unwrap().len(), 1, "a lone quote is a literal quote");
    for hostile in [
        "' OR 1=1 --",
        "税务局\" OR \"海关",
        "a AND b",
        "NEAR(x y)",
        "title:税务",
        "'); DROP TABLE items; --",
        "*",
    ] {
        let r = store.search(hostile, &f, 50);
        assert!(r.is_ok(), "{hostile}: {r:?}");
        assert!(r.unwrap().is_empty(), "{hostile}");
    }
    assert_eq!(store.items(doc).unwrap().len(), 2, "nothing was dropped");
    // Filters.
    let unit = store.find_unit("海关总署广东分署").unwrap().unwrap().id;
    let by_unit = SearchFilter { unit_id: Some(unit), ..Default::default() };
    assert_eq!(store.search("", &by_unit, 50).unwrap().len(), 1);
    assert_eq!(store.search("税务局", &by_unit, 50).unwrap().len(), 0);
    let by_scope = SearchFilter { scope: Some("全省范围".into()), ..Default::default() };
    assert_eq!(store.search("", &by_scope, 50).unwrap()[0].title, "多缴退税E管家");
    assert!(store.search("", &by_scope, 50).unwrap()[0].roles.is_empty(), "not a search about a unit");
    assert_eq!(
        store.scopes().unwrap(),
        vec![("全省海关特殊监管区域".to_string(), 1), ("全省范围".to_string(), 1)]
    );
}

#[test]
fn duplicate_copies_items_and_trash_hides_then_restores() {
    let (_d, mut store) = open_temp();
    let doc = store.create_document(&DocumentDraft::titled("表")).unwrap();
    store.add_item(doc, None, &draft("甲", &["省税务局"])).unwrap();
    let copy = store.duplicate_document(doc).unwrap();
    assert_eq!(store.document(copy).unwrap().title, "表（副本）");
    assert_eq!(store.items(copy).unwrap()[0].units_text(Role::Lead), "省税务局");
    assert_eq!(store.search("税务局", &SearchFilter::default(), 10).unwrap().len(), 2);
    store.delete_document(copy).unwrap();
    assert!(store.document(copy).is_err());
    assert_eq!(store.list_documents().unwrap().len(), 1);
    assert_eq!(store.search("税务局", &SearchFilter::default(), 10).unwrap().len(), 1);
    store.restore_document(copy).unwrap();
    assert_eq!(store.list_documents().unwrap().len(), 2);
    assert!(store.restore_document(copy).is_err());
    let unit = store.find_unit("省税务局").unwrap().unwrap().id;
    let per_doc = store.unit_items(unit, &[Role::Lead], None).unwrap();
    assert_eq!(per_doc.len(), 2);
}

#[test]
fn importing_the_seed_gives_the_expected_figures() {
    let (_d, mut store) = open_temp();
    let out = store.load_sample().unwrap();
    assert_eq!(store.list_documents().unwrap().len(), 1);
    assert_eq!(out.items, 20);
    assert_eq!(store.items(out.document_id).unwrap().len(), 20);
    assert_eq!(store.units().unwrap().len(), 13);
    assert_eq!(out.units_created.len(), 13);
    assert_eq!(out.lead_assignments, 30);
    let lead: i64 = store.units().unwrap().iter().map(|u| u.lead_count).sum();
    assert_eq!(lead, 30);
    let scopes = store.scopes().unwrap();
    assert_eq!(
        scopes,
        vec![
            ("全省范围".to_string(), 15),
            ("全省除深圳市以外的地区（深圳市已复制推广）".to_string(), 4),
            ("全省海关特殊监管区域".to_string(), 1),
        ]
    );
    let items = store.items(out.document_id).unwrap();
    assert_eq!(items[17].units_text(Role::Lead), "省公安厅、省法院、省检察院");
    assert!(!items[19].content.contains("<p>"));
    let tax = store.find_unit("省税务局").unwrap().unwrap();
    let hits = store.search("", &SearchFilter { unit_id: Some(tax.id), ..Default::default() }, 100).unwrap();
    assert_eq!(hits.len(), 9);
    // 税务局 appears in items 1–9 only (as a unit or as 电子税务局 in their content).
    let hits = store.search("税务局", &SearchFilter::default(), 100).unwrap();
    assert_eq!(hits.iter().map(|h| h.position).collect::<Vec<_>>(), (0..9).collect::<Vec<i64>>());
}

#[test]
fn a_second_import_of_the_same_text_is_refused_then_allowed_on_request() {
    let (_d, mut store) = open_temp();
    let first = store.load_sample().unwrap();
    let err = store.load_sample().unwrap_err().to_string();
    assert!(err.contains("已经导入过") && err.contains(&first.document_id.to_string()), "{err}");
    assert_eq!(store.list_documents().unwrap().len(), 1, "nothing half-written");
    let parsed = crate::import::parse_annex(crate::sample::SAMPLE_TEXT.as_bytes(), "again.txt").unwrap();
    let second = store.import_again(&parsed).unwrap();
    assert_ne!(second.document_id, first.document_id);
    assert!(second.units_created.is_empty(), "units are matched, not duplicated");
    assert_eq!(store.units().unwrap().len(), 13);
}

#[test]
fn an_import_with_a_bad_row_writes_nothing() {
    let (_d, mut store) = open_temp();
    let mut parsed = crate::import::parse_annex(crate::sample::SAMPLE_TEXT.as_bytes(), "bad.txt").unwrap();
    parsed.rows[7].draft.title = "长".repeat(10_001);
    let err = store.import(&parsed).unwrap_err().to_string();
    assert!(err.contains("bad.txt") && err.contains(&format!("第 {} 行", parsed.rows[7].line)), "{err}");
    assert!(store.is_empty().unwrap());
    assert!(store.units().unwrap().is_empty());
}

#[test]
fn a_database_on_a_network_drive_is_opened_without_wal_and_the_user_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fengong.db");
    let local = Store::open(&path).unwrap();
    assert_eq!(local.location_note(), None);
    let mode: String = local.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    drop(local);
    // The same file (made with WAL) reopened as on a share: a rollback journal, the data still there.
    let mut shared = Store::open_on(&path, true).unwrap();
    let mode: String = shared.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "delete");
    let note = shared.location_note().unwrap();
    assert!(note.contains("网络") && note.contains("fengong.db"), "{note}");
    shared.load_sample().unwrap();
    assert!(!shared.is_empty().unwrap());
    assert!(!dir.path().join("fengong.db-wal").exists());
}

/// The whole state of a document's rows, for comparing before and after undo/redo.
fn rows(store: &Store, doc: DocumentId) -> Vec<ItemDraft> {
    store.items(doc).unwrap().iter().map(Item::to_draft).collect()
}

#[test]
fn undo_and_redo_walk_a_documents_history_back_and_forth() {
    let (_d, mut store) = open_temp();
    let doc = store.create_document(&DocumentDraft::titled("表")).unwrap();
    let other = store.create_document(&DocumentDraft::titled("另一份")).unwrap();
    let mut states = vec![rows(&store, doc)];
    let a = store.add_item(doc, None, &draft("A", &["甲单位"])).unwrap();
    states.push(rows(&store, doc));
    let b = store.add_item(doc, None, &draft("B", &["乙单位", "甲单位"])).unwrap();
    states.push(rows(&store, doc));
    store
        .add_item(
            doc,
            Some(0),
            &ItemDraft { is_heading: true, title: "一、分组".into(), ..Default::default() },
        )
        .unwrap();
    states.push(rows(&store, doc));
    store.update_item(a, &draft("A改", &["乙单位"])).unwrap();
    states.push(rows(&store, doc));
    store.move_item(b, 0).unwrap();
    states.push(rows(&store, doc));
    store.delete_item(a).unwrap();
    states.push(rows(&store, doc));
    // Another document's change is not this document's history.
    store.add_item(other, None, &draft("别的", &[])).unwrap();
    assert_eq!(store.history(doc).unwrap().undo.as_deref(), Some("删除事项“A改”"));
    assert_eq!(store.history(doc).unwrap().redo, None);

    // Undo every step back to the empty table, checking each state on the way, then redo them all.
    for want in states.iter().rev().skip(1) {
        assert!(store.undo(doc).unwrap().is_some());
        assert_eq!(&rows(&store, doc), want);
        assert_eq!(positions(&store, doc), (0..want.len() as i64).collect::<Vec<_>>());
    }
    assert_eq!(store.undo(doc).unwrap(), None, "nothing left to undo");
    assert_eq!(store.history(doc).unwrap().redo.as_deref(), Some("新增事项“A”"));
    for want in states.iter().skip(1) {
        assert!(store.redo(doc).unwrap().is_some());
        assert_eq!(&rows(&store, doc), want);
    }
    assert_eq!(store.redo(doc).unwrap(), None);
    assert_eq!(titles(&store, other), ["别的"]);
}

#[test]
fn a_new_change_after_undo_drops_the_redo_and_labels_say_what_they_undo() {
    let (_d, mut store) = open_temp();
    let doc = store.create_document(&DocumentDraft::titled("表")).unwrap();
    let a = store.add_item(doc, None, &draft("甲事项", &[])).unwrap();
    store.add_item(doc, None, &draft("乙事项", &[])).unwrap();
    store.move_item(a, 1).unwrap();
    assert_eq!(store.history(doc).unwrap().undo.as_deref(), Some("移动“甲事项”（第 1 行 → 第 2 行）"));
    assert_eq!(store.undo(doc).unwrap().as_deref(), Some("移动“甲事项”（第 1 行 → 第 2 行）"));
    assert_eq!(titles(&store, doc), ["甲事项", "乙事项"]);
    store.update_item(a, &draft("甲事项（改）", &[])).unwrap();
    assert_eq!(
        store.history(doc).unwrap(),
        HistoryState { undo: Some("修改第 1 行“甲事项（改）”".into()), redo: None }
    );
    // Saving unchanged values records nothing.
    store.update_item(a, &draft("甲事项（改）", &[])).unwrap();
    assert_eq!(store.undo(doc).unwrap().as_deref(), Some("修改第 1 行“甲事项（改）”"));
    assert_eq!(titles(&store, doc), ["甲事项", "乙事项"]);

    let mut info = store.document(doc).unwrap().to_draft();
    info.columns[1].label = "改革事项".into();
    store.update_document(doc, &info).unwrap();
    info.title = "新标题".into();
    store.update_document(doc, &info).unwrap();
    assert_eq!(store.undo(doc).unwrap().as_deref(), Some("修改文档信息"));
    assert_eq!(store.undo(doc).unwrap().as_deref(), Some("修改列设置"));
    assert_eq!(store.document(doc).unwrap().columns[1].label, "事项");
    assert_eq!(store.document(doc).unwrap().title, "表");
}

#[test]
fn history_survives_reopening_and_keeps_a_bounded_number_of_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.db");
    let doc;
    {
        let mut store = Store::open(&path).unwrap();
        doc = store.create_document(&DocumentDraft::titled("表")).unwrap();
        let id = store.add_item(doc, None, &draft("0", &[])).unwrap();
        for i in 1..=HISTORY_LIMIT + 5 {
            store.update_item(id, &draft(&i.to_string(), &[])).unwrap();
        }
    }
    let mut store = Store::open(&path).unwrap();
    let n: i64 = store
        .conn
        .query_row("SELECT count(*) FROM history WHERE document_id = ?1", [doc], |r| r.get(0))
        .unwrap();
    assert_eq!(n, HISTORY_LIMIT);
    assert_eq!(
        store.undo(doc).unwrap().as_deref(),
        Some(format!("修改第 1 行“{}”", HISTORY_LIMIT + 5).as_str())
    );
    assert_eq!(titles(&store, doc), [(HISTORY_LIMIT + 4).to_string()]);
    // Purging the document from the trash takes its history with it.
    store.delete_document(doc).unwrap();
    store.delete_forever(doc).unwrap();
    let n: i64 = store.conn.query_row("SELECT count(*) FROM history", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0);
}

#[test]
fn a_unit_renamed_meanwhile_still_undoes_but_a_row_changed_elsewhere_is_refused_and_clears() {
    let (_d, mut store) = open_temp();
    let doc = store.create_document(&DocumentDraft::titled("表")).unwrap();
    let a = store.add_item(doc, None, &draft("甲", &["省法院"])).unwrap();
    store.update_item(a, &draft("甲", &["省法院", "省检察院"])).unwrap();
    let mut court = store.find_unit("省法院").unwrap().unwrap();
    court.name = "省高级人民法院".into();
    store.update_unit(&court).unwrap();
    assert_eq!(store.undo(doc).unwrap().as_deref(), Some("修改第 1 行“甲”"));
    assert_eq!(store.item(a).unwrap().units_text(Role::Lead), "省高级人民法院");

    // A merge that puts two of the row's units into one changes the row outside the history.
    store.redo(doc).unwrap();
    let pro = store.find_unit("省检察院").unwrap().unwrap();
    let court = store.find_unit("省高级人民法院").unwrap().unwrap();
    store.merge_units(pro.id, court.id).unwrap();
    let before = rows(&store, doc);
    let err = store.undo(doc).unwrap_err().to_string();
    assert!(err.contains("无法撤销“修改第 1 行“甲””：第 1 行已在别处改动"), "{err}");
    assert_eq!(rows(&store, doc), before, "nothing changed");
    assert_eq!(store.history(doc).unwrap(), HistoryState::default());
}

#[test]
fn search_answers_what_a_unit_leads_with_a_role_filter_and_role_badges() {
    let (_d, mut store) = open_temp();
    let doc = store.create_document(&DocumentDraft::titled("表")).unwrap();
    let mixed = |title: &str, lead: &[&str], coop: &[&str]| ItemDraft {
        units: lead
            .iter()
            .map(|n| UnitRef { name: n.to_string(), role: Role::Lead })
            .chain(coop.iter().map(|n| UnitRef { name: n.to_string(), role: Role::Cooperating }))
            .collect(),
        ..draft(title, &[])
    };
    store.add_item(doc, None, &mixed("甲", &["省税务局"], &["海关"])).unwrap();
    store.add_item(doc, None, &mixed("乙", &["海关"], &["省税务局"])).unwrap();
    store.add_item(doc, None, &mixed("丙", &["海关"], &[])).unwrap();
    let tax = store.find_unit("省税务局").unwrap().unwrap().id;
    let titles_roles =
        |hits: Vec<SearchHit>| hits.into_iter().map(|h| (h.title, h.roles)).collect::<Vec<_>>();

    // The unit filter alone: both items, each with the unit's role shown.
    let by_unit = SearchFilter { unit_id: Some(tax), ..Default::default() };
    assert_eq!(
        titles_roles(store.search("", &by_unit, 50).unwrap()),
        [("甲".to_string(), vec![Role::Lead]), ("乙".to_string(), vec![Role::Cooperating])]
    );
    // With 牵头: only what it leads.
    let leads = SearchFilter { unit_id: Some(tax), role: Some(Role::Lead), ..Default::default() };
    assert_eq!(titles_roles(store.search("", &leads, 50).unwrap()), [("甲".to_string(), vec![Role::Lead])]);
    // The unit typed as the query: the role filter applies to the units the query names.
    let coop = SearchFilter { role: Some(Role::Cooperating), ..Default::default() };
    assert_eq!(
        titles_roles(store.search("税务局", &coop, 50).unwrap()),
        [("乙".to_string(), vec![Role::Cooperating])]
    );
    assert_eq!(
        titles_roles(store.search("海关", &coop, 50).unwrap()),
        [("甲".to_string(), vec![Role::Cooperating])]
    );
    assert_eq!(store.search("海关", &SearchFilter::default(), 50).unwrap().len(), 3);
    // A query about the text, naming no unit: the role is any unit's (甲 and 乙 have someone cooperating).
    let titles = |hits: Vec<SearchHit>| hits.into_iter().map(|h| h.title).collect::<Vec<_>>();
    assert_eq!(titles(store.search("的主要内容", &coop, 50).unwrap()), ["甲", "乙"]);
}

#[test]
fn documents_say_where_they_came_from_and_keep_their_order_through_edits() {
    let (_d, mut store) = open_temp();
    let sample = store.load_sample().unwrap().document_id;
    let pasted = crate::import::parse_annex(crate::sample::SAMPLE_TEXT.as_bytes(), "粘贴的文字").unwrap();
    let again = store.import_again(&pasted).unwrap().document_id;
    let made = store.create_document(&DocumentDraft::titled("新表")).unwrap();
    let copy = store.duplicate_document(sample).unwrap();
    let listed = |store: &Store| {
        store.list_documents().unwrap().into_iter().map(|d| (d.id, d.source)).collect::<Vec<_>>()
    };
    let want = vec![
        (copy, format!("复制自文档 {sample}")),
        (made, "新建".to_string()),
        (again, "粘贴的文字".to_string()),
        (sample, "内置示例".to_string()),
    ];
    assert_eq!(listed(&store), want);
    // An edit of the oldest document does not move it to the top.
    let first = store.items(sample).unwrap()[1].id;
    store.update_item(first, &draft("改过的事项", &["省税务局"])).unwrap();
    assert_eq!(listed(&store), want);
}

#[test]
fn updating_the_original_replaces_its_rows_in_one_undoable_step() {
    let (_d, mut store) = open_temp();
    let doc = store.load_sample().unwrap().document_id;
    let mut info = store.document(doc).unwrap().to_draft();
    info.doc_number = Some("粤自贸办〔2024〕1号".into());
    store.update_document(doc, &info).unwrap();
    let before = rows(&store, doc);
    // A revised version: the same 事项, one 牵头单位 changed.
    let revised = crate::sample::SAMPLE_TEXT.replacen("省税务局、深圳市税务局", "省税务局、省财政厅", 1);
    let parsed = crate::import::parse_annex(revised.as_bytes(), "第二稿.txt").unwrap();
    assert_eq!(store.find_duplicate(&parsed).unwrap().map(|d| d.id), Some(doc));
    let out = store.update_from_import(doc, &parsed).unwrap();
    assert_eq!((out.document_id, out.units_created.clone()), (doc, vec!["省财政厅".to_string()]));
    assert_eq!(store.list_documents().unwrap().len(), 1, "no second document");
    let after = rows(&store, doc);
    assert_eq!(after.len(), before.len());
    let first_lead = |rows: &[ItemDraft]| {
        rows.iter().find(|r| !r.is_heading).unwrap().units.iter().map(|u| u.name.clone()).collect::<Vec<_>>()
    };
    assert_eq!(first_lead(&after), ["省税务局", "省财政厅"]);
    assert_eq!(
        store.document(doc).unwrap().doc_number.as_deref(),
        Some("粤自贸办〔2024〕1号"),
        "文档信息 kept"
    );
    assert_eq!(positions(&store, doc), (0..after.len() as i64).collect::<Vec<_>>());
    // One step back brings every old row back; one step forward the revision again.
    let label = format!("用“第二稿.txt”更新全部 {} 行", after.len());
    assert_eq!(store.undo(doc).unwrap(), Some(label.clone()));
    assert_eq!(rows(&store, doc), before);
    assert_eq!(store.redo(doc).unwrap(), Some(label));
    assert_eq!(rows(&store, doc), after);
    assert!(out.report.warnings.is_empty(), "the same columns: nothing hidden");

    // A version with a column the document has not got: said so in the report.
    let extra = crate::import::parse_annex("序号\t事项\t牵头单位\t完成时限\n1\t多缴退税E管家——管家式服务助力减税降费大礼包直达快享\t省税务局\t2026年底前\n".as_bytes(), "带时限.txt").unwrap();
    let out = store.update_from_import(doc, &extra).unwrap();
    let said = out.report.warnings.iter().map(|w| w.message.clone()).collect::<Vec<_>>().join("；");
    assert!(said.contains("没有“完成时限”列"), "{said}");
}

#[test]
fn a_rename_and_a_merge_are_undone_and_redone_on_the_directory() {
    let (_d, mut store) = open_temp();
    let doc = store.create_document(&DocumentDraft::titled("表")).unwrap();
    let a = store.add_item(doc, None, &draft("甲", &["省法院", "省检察院"])).unwrap();
    let b = store.add_item(doc, None, &draft("乙", &["省检察院"])).unwrap();
    let lead = |store: &Store, id| store.item(id).unwrap().units_text(Role::Lead);

    let mut court = store.find_unit("省法院").unwrap().unwrap();
    court.name = "省高级人民法院".into();
    store.update_unit(&court).unwrap();
    assert_eq!(store.unit_history().unwrap().undo.as_deref(), Some("单位改名“省法院”→“省高级人民法院”"));
    // A merge where both units sit in one cell (甲) and where only the merged one does (乙).
    let pro = store.find_unit("省检察院").unwrap().unwrap();
    store.merge_units(pro.id, court.id).unwrap();
    assert_eq!((lead(&store, a), lead(&store, b)), ("省高级人民法院".into(), "省高级人民法院".into()));

    assert_eq!(store.undo_unit_change().unwrap().as_deref(), Some("合并单位“省检察院”到“省高级人民法院”"));
    assert_eq!((lead(&store, a), lead(&store, b)), ("省高级人民法院、省检察院".into(), "省检察院".into()));
    assert!(store.find_unit("省检察院").unwrap().is_some_and(|u| u.name == "省检察院"));
    assert_eq!(
        store.search("省检察院", &SearchFilter::default(), 10).unwrap().len(),
        2,
        "search index follows"
    );
    assert_eq!(store.undo_unit_change().unwrap().as_deref(), Some("单位改名“省法院”→“省高级人民法院”"));
    assert_eq!(lead(&store, a), "省法院、省检察院");
    assert_eq!(store.undo_unit_change().unwrap(), None);

    // Redo both: the merge again, with the re-created unit.
    store.redo_unit_change().unwrap();
    store.redo_unit_change().unwrap();
    assert_eq!((lead(&store, a), lead(&store, b)), ("省高级人民法院".into(), "省高级人民法院".into()));
    assert!(
        store.find_unit("省检察院").unwrap().is_some_and(|u| u.name == "省高级人民法院"),
        "an alias again"
    );
    assert_eq!(store.units().unwrap().len(), 1);

    // Changed elsewhere meanwhile (乙's cell rewritten, the merged unit now second in it): the merge is
    // not undone, nothing changes, and the unit history is cleared.
    store.update_item(b, &draft("乙", &["省公安厅", "省高级人民法院"])).unwrap();
    let before = (lead(&store, a), lead(&store, b), store.units().unwrap().len());
    let err = store.undo_unit_change().unwrap_err().to_string();
    assert!(
        err.contains("无法撤销“合并单位“省检察院”到“省高级人民法院””") && err.contains("已在别处改动"),
        "{err}"
    );
    assert_eq!(store.unit_history().unwrap(), HistoryState::default());
    assert_eq!((lead(&store, a), lead(&store, b), store.units().unwrap().len()), before);
}

#[test]
fn a_merged_unit_renamed_before_and_a_reorder_between_still_undo() {
    let (_d, mut store) = open_temp();
    let doc = store.create_document(&DocumentDraft::titled("表")).unwrap();
    let a = store.add_item(doc, None, &draft("甲", &["省检察院"])).unwrap();
    store.add_item(doc, None, &draft("乙", &["省法院"])).unwrap();
    let mut pro = store.find_unit("省检察院").unwrap().unwrap();
    pro.name = "省人民检察院".into();
    store.update_unit(&pro).unwrap();
    // 保存顺序 renumbers every unit between the rename and its undo.
    let court = store.find_unit("省法院").unwrap().unwrap();
    store.set_unit_order(&[court.id, pro.id]).unwrap();
    store.merge_units(pro.id, court.id).unwrap();
    assert_eq!(store.item(a).unwrap().units_text(Role::Lead), "省法院");
    store.undo_unit_change().unwrap();
    assert_eq!(store.item(a).unwrap().units_text(Role::Lead), "省人民检察院");
    assert_eq!(store.undo_unit_change().unwrap().as_deref(), Some("单位改名“省检察院”→“省人民检察院”"));
    assert_eq!(store.item(a).unwrap().units_text(Role::Lead), "省检察院");
    let names: Vec<_> = store.units().unwrap().into_iter().map(|u| u.unit.name).collect();
    assert_eq!(names, ["省法院", "省检察院"], "the order saved in between is kept");
}
