//! Every command called through Tauri's IPC layer (tauri::test mock runtime, no display), on a fresh
//! temporary database, including the inputs the shell must refuse.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody, InvokeResponseBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

use fengong_desktop::files::Purpose;
use fengong_desktop::state::AppState;
use tauri::Manager;

struct Harness {
    _app: App<MockRuntime>,
    win: WebviewWindow<MockRuntime>,
    dir: tempfile::TempDir,
}

fn harness() -> Harness {
    harness_with_db("test.db")
}

fn harness_with_db(name: &str) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::open(&dir.path().join(name), dir.path().join("cache")).unwrap();
    // The real context: the app's capabilities decide what the window may call, as in the shipped app.
    let app =
        fengong_desktop::builder(mock_builder()).manage(state).build(tauri::generate_context!()).unwrap();
    let win = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    Harness { _app: app, win, dir }
}

impl Harness {
    /// What picking `path` in the open or save dialog does (the dialogs themselves need a display).
    fn pick(&self, purpose: Purpose, path: &std::path::Path) -> String {
        self._app.state::<AppState>().files.choose(purpose, path);
        path.to_str().unwrap().to_string()
    }
    fn raw(&self, cmd: &str, body: Value) -> Result<InvokeResponseBody, String> {
        get_ipc_response(
            &self.win,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: if cfg!(windows) { "http://tauri.localhost" } else { "tauri://localhost" }
                    .parse()
                    .unwrap(),
                body: InvokeBody::Json(body),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map_err(|e| e.as_str().map(str::to_string).unwrap_or_else(|| e.to_string()))
    }
    fn call(&self, cmd: &str, body: Value) -> Result<Value, String> {
        self.raw(cmd, body).map(|b| b.deserialize::<Value>().unwrap())
    }
    fn ok(&self, cmd: &str, body: Value) -> Value {
        self.call(cmd, body).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
    fn err(&self, cmd: &str, body: Value) -> String {
        match self.call(cmd, body) {
            Ok(v) => panic!("{cmd} should have been refused, got {v}"),
            Err(e) => e,
        }
    }
}

fn doc_draft(title: &str) -> Value {
    json!({ "title": title })
}

fn item_draft(title: &str, leads: &[&str]) -> Value {
    json!({
        "title": title,
        "content": format!("{title}的主要内容"),
        "scope": "全省",
        "units": leads.iter().map(|n| json!({ "name": n, "role": "lead" })).collect::<Vec<_>>(),
    })
}

#[test]
fn documents_crud_and_refusals() {
    let h = harness();
    assert_eq!(h.ok("is_empty", json!({})), json!(true));
    assert_eq!(h.ok("list_documents", json!({})), json!([]));

    let id = h.ok("create_document", json!({ "draft": doc_draft("测试任务分工表") })).as_i64().unwrap();
    assert_eq!(h.ok("is_empty", json!({})), json!(false));
    let doc = h.ok("get_document", json!({ "id": id }));
    assert_eq!(doc["title"], "测试任务分工表");
    assert_eq!(doc["columns"].as_array().unwrap().len(), 5, "default column set");

    // Refused: empty and oversized titles, unknown ids, a column set with no columns.
    assert!(h.err("create_document", json!({ "draft": doc_draft("   ") })).contains("标题不能为空"));
    let long = "长".repeat(501);
    assert!(h.err("create_document", json!({ "draft": doc_draft(&long) })).contains("过长"));
    assert!(h.err("get_document", json!({ "id": 9999 })).contains("9999"));
    assert!(h.err("update_document", json!({ "id": 9999, "draft": doc_draft("x") })).contains("9999"));
    assert!(h
        .err("update_document", json!({ "id": id, "draft": { "title": "x", "columns": [] } }))
        .contains("至少要有一列"));
    assert!(h.err("duplicate_document", json!({ "id": 424242 })).contains("424242"));
    assert!(h.err("delete_document", json!({ "id": 424242 })).contains("424242"));
    // A malformed argument is refused by the IPC layer, not by a panic.
    assert!(h.call("get_document", json!({ "id": "abc" })).is_err());

    let mut d = doc;
    d["title"] = json!("改过的标题");
    d["doc_number"] = json!("粤府函〔2020〕77号");
    // 列设置's 固定, as the dialog sends it (true, or false on the others): kept, and absent when false.
    for (i, c) in d["columns"].as_array_mut().unwrap().iter_mut().enumerate() {
        c["fixed"] = json!(i == 3);
    }
    h.ok("update_document", json!({ "id": id, "draft": d }));
    let cols = h.ok("get_document", json!({ "id": id }))["columns"].clone();
    assert_eq!(cols[3]["fixed"], json!(true), "{cols}");
    assert!(cols[2].get("fixed").is_none(), "{cols}");
    let list = h.ok("list_documents", json!({}));
    assert_eq!(list[0]["title"], "改过的标题");
    assert_eq!(list[0]["doc_number"], "粤府函〔2020〕77号");

    let copy = h.ok("duplicate_document", json!({ "id": id })).as_i64().unwrap();
    assert_ne!(copy, id);
    assert_eq!(h.ok("list_documents", json!({})).as_array().unwrap().len(), 2);

    h.ok("delete_document", json!({ "id": id }));
    assert_eq!(h.ok("list_documents", json!({})).as_array().unwrap().len(), 1);
    h.ok("restore_document", json!({ "id": id }));
    assert_eq!(h.ok("list_documents", json!({})).as_array().unwrap().len(), 2);
}

/// A unit's 分工清单 is what the core's sheet selects (the rows of the PDF): a heading row per document,
/// the items' own 序号, the unit's roles, cooperating items only when asked.
#[test]
fn unit_sheet_lists_what_the_core_selects() {
    let h = harness();
    let doc = h.ok("create_document", json!({ "draft": doc_draft("某某\n方案") })).as_i64().unwrap();
    h.ok("add_item", json!({ "documentId": doc, "at": null, "draft": item_draft("甲", &["海关"]) }));
    h.ok("add_item", json!({ "documentId": doc, "at": null, "draft": item_draft("乙", &["省税务局"]) }));
    let mut coop = item_draft("丙", &["海关"]);
    coop["units"] =
        json!([{ "name": "海关", "role": "lead" }, { "name": "省税务局", "role": "cooperating" }]);
    h.ok("add_item", json!({ "documentId": doc, "at": null, "draft": coop }));
    let units = h.ok("list_units", json!({}));
    let tax =
        units.as_array().unwrap().iter().find(|u| u["name"] == "省税务局").unwrap()["id"].as_i64().unwrap();

    let rows = |with: bool| -> Vec<(bool, String, String, String)> {
        let sheet = h.ok("unit_sheet", json!({ "unitId": tax, "withCooperating": with }));
        sheet["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let s = |v: &Value| v.as_str().unwrap().to_string();
                (
                    r["item"]["is_heading"].as_bool().unwrap(),
                    s(&r["item"]["title"]),
                    s(&r["number"]),
                    s(&r["roles"]),
                )
            })
            .collect()
    };
    let sheet = h.ok("unit_sheet", json!({ "unitId": tax, "withCooperating": false }));
    assert_eq!(sheet["title"], "省税务局牵头任务清单");
    assert_eq!(sheet["rows"][0]["item"]["document_id"].as_i64(), Some(doc), "the heading names its document");
    let lead = |t: &str, n: &str, r: &str| (false, t.to_string(), n.to_string(), r.to_string());
    let heading = (true, "某某方案".to_string(), String::new(), String::new());
    assert_eq!(rows(false), [heading.clone(), lead("乙", "2", "牵头")]);
    assert_eq!(rows(true), [heading, lead("乙", "2", "牵头"), lead("丙", "3", "配合")]);
    assert!(h.err("unit_sheet", json!({ "unitId": 8888, "withCooperating": false })).contains("8888"));
    // One document chosen: only its rows, no heading row per document.
    let other = h.ok("create_document", json!({ "draft": doc_draft("另一份") })).as_i64().unwrap();
    h.ok("add_item", json!({ "documentId": other, "at": null, "draft": item_draft("丁", &["省税务局"]) }));
    let titles = |doc: Value| -> Vec<String> {
        let sheet = h.ok("unit_sheet", json!({ "unitId": tax, "withCooperating": false, "documentId": doc }));
        sheet["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["item"]["title"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(titles(json!(other)), ["丁"]);
    assert_eq!(titles(json!(doc)), ["乙"]);
    assert_eq!(titles(Value::Null).len(), 4, "all documents: two headings and two items");
    assert!(h
        .err("unit_sheet", json!({ "unitId": tax, "withCooperating": false, "documentId": 9191 }))
        .contains("9191"));
}

/// A position is the store's to clamp (0..n), as docs/desktop.md says: the shell has no rule of its own.
#[test]
fn negative_positions_are_clamped_by_the_store() {
    let h = harness();
    let doc = h.ok("create_document", json!({ "draft": doc_draft("表") })).as_i64().unwrap();
    let a = h.ok("add_item", json!({ "documentId": doc, "at": null, "draft": item_draft("甲", &[]) }));
    h.ok("add_item", json!({ "documentId": doc, "at": -1, "draft": item_draft("乙", &[]) }));
    let titles = |h: &Harness| -> Vec<String> {
        let items = h.ok("list_items", json!({ "documentId": doc }));
        items.as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(titles(&h), ["乙", "甲"], "at -1: the first place");
    h.ok("move_item", json!({ "id": a, "to": -3 }));
    assert_eq!(titles(&h), ["甲", "乙"], "to -3: the first place");
}

#[test]
fn items_add_edit_move_delete_restore() {
    let h = harness();
    let doc = h.ok("create_document", json!({ "draft": doc_draft("表") })).as_i64().unwrap();
    let a = h.ok("add_item", json!({ "documentId": doc, "at": null, "draft": item_draft("甲事项", &["省税务局", "省商务厅"]) })).as_i64().unwrap();
    let b = h
        .ok("add_item", json!({ "documentId": doc, "at": null, "draft": item_draft("乙事项", &["海关"]) }))
        .as_i64()
        .unwrap();
    let items = h.ok("list_items", json!({ "documentId": doc }));
    assert_eq!(items.as_array().unwrap().len(), 2);
    let leads: Vec<&str> = items[0]["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["unit_name"].as_str().unwrap())
        .collect();
    assert_eq!(leads, ["省税务局", "省商务厅"], "two lead units in cell order");

    // Refused inputs.
    assert!(h
        .err("add_item", json!({ "documentId": 777, "at": null, "draft": item_draft("x", &[]) }))
        .contains("777"));
    let blank = json!({ "title": "  ", "content": " ", "units": [] });
    assert!(h
        .err("add_item", json!({ "documentId": doc, "at": null, "draft": blank }))
        .contains("“事项”和“主要内容”不能都为空"));
    let mut big = item_draft("大", &[]);
    // The core's limit (fengong::rules), the same for the desktop, the CLI and imports.
    big["content"] = json!("字".repeat(fengong::rules::MAX_FIELD_CHARS + 1));
    assert!(h
        .err("add_item", json!({ "documentId": doc, "at": null, "draft": big }))
        .contains("“主要内容”过长"));
    assert!(h.err("update_item", json!({ "id": 5555, "draft": item_draft("x", &[]) })).contains("5555"));
    assert!(h.err("move_item", json!({ "id": 5555, "to": 0 })).contains("5555"));
    assert!(h.err("delete_item", json!({ "id": 5555 })).contains("5555"));
    assert!(h.err("list_items", json!({ "documentId": 31337 })).contains("31337"));
    let mut bad_unit = item_draft("x", &[]);
    bad_unit["units"] = json!([{ "name": "单".repeat(101), "role": "lead" }]);
    assert!(h.err("add_item", json!({ "documentId": doc, "at": null, "draft": bad_unit })).contains("过长"));

    // Edit, move, delete and put back.
    h.ok("update_item", json!({ "id": b, "draft": item_draft("乙事项（改）", &["海关", "省税务局"]) }));
    h.ok("move_item", json!({ "id": b, "to": 0 }));
    let items = h.ok("list_items", json!({ "documentId": doc }));
    assert_eq!(items[0]["title"], "乙事项（改）");
    assert_eq!(items[1]["id"].as_i64(), Some(a));

    h.ok("delete_item", json!({ "id": b }));
    assert_eq!(h.ok("list_items", json!({ "documentId": doc })).as_array().unwrap().len(), 1);
    let history = h.ok("document_history", json!({ "documentId": doc }));
    assert_eq!(history, json!({ "undo": "删除事项“乙事项（改）”", "redo": null }));
    assert_eq!(h.ok("undo_change", json!({ "documentId": doc })), "删除事项“乙事项（改）”");
    let items = h.ok("list_items", json!({ "documentId": doc }));
    assert_eq!(items.as_array().unwrap().len(), 2);
    assert_eq!(items[0]["title"], "乙事项（改）", "put back at its old position");
    assert_eq!(h.ok("undo_change", json!({ "documentId": doc })), "移动“乙事项（改）”（第 2 行 → 第 1 行）");
    assert_eq!(h.ok("list_items", json!({ "documentId": doc }))[1]["title"], "乙事项（改）");
    assert_eq!(h.ok("redo_change", json!({ "documentId": doc })), "移动“乙事项（改）”（第 2 行 → 第 1 行）");
    assert_eq!(h.ok("list_items", json!({ "documentId": doc }))[0]["title"], "乙事项（改）");
    assert!(h.err("undo_change", json!({ "documentId": 31337 })).contains("31337"));
}

#[test]
fn units_directory_commands() {
    let h = harness();
    let doc = h.ok("create_document", json!({ "draft": doc_draft("表") })).as_i64().unwrap();
    h.ok("add_item", json!({ "documentId": doc, "at": null, "draft": item_draft("甲", &["省税务局"]) }));
    let solo = h
        .ok("create_unit", json!({ "name": "国税局", "fullName": null, "aliases": ["国家税务局"] }))
        .as_i64()
        .unwrap();
    assert!(h
        .err("create_unit", json!({ "name": " ", "fullName": null, "aliases": [] }))
        .contains("单位名称不能为空"));
    assert!(h
        .err("create_unit", json!({ "name": "名".repeat(101), "fullName": null, "aliases": [] }))
        .contains("过长"));

    let units = h.ok("list_units", json!({}));
    let tax = units.as_array().unwrap().iter().find(|u| u["name"] == "省税务局").unwrap().clone();
    assert_eq!(tax["lead_count"], 1);
    let tax_id = tax["id"].as_i64().unwrap();

    // Delete refused while assigned; merging into itself refused; unknown ids refused.
    assert!(h.err("delete_unit", json!({ "id": tax_id })).contains("不能删除"));
    assert!(h.err("merge_units", json!({ "from": tax_id, "into": tax_id })).contains("自己"));
    assert!(h.err("merge_units", json!({ "from": 8888, "into": tax_id })).contains("8888"));
    assert!(h
        .err("unit_items", json!({ "unitId": 8888, "roles": ["lead"], "documentId": null }))
        .contains("8888"));

    let mut u = tax.clone();
    u["name"] = json!("省税务局（改）");
    u["full_name"] = json!("国家税务总局广东省税务局");
    u["aliases"] = json!(["广东省税务局"]);
    h.ok("update_unit", json!({ "unit": u }));
    let mut bad = tax.clone();
    bad["name"] = json!("");
    assert!(h.err("update_unit", json!({ "unit": bad })).contains("单位名称不能为空"));

    h.ok("set_unit_order", json!({ "ids": [solo, tax_id] }));
    let names: Vec<String> = h
        .ok("list_units", json!({}))
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["国税局", "省税务局（改）"]);

    let sheet = h.ok("unit_items", json!({ "unitId": tax_id, "roles": ["lead"], "documentId": null }));
    assert_eq!(sheet[0][1][0]["title"], "甲");

    h.ok("merge_units", json!({ "from": tax_id, "into": solo }));
    let items = h.ok("list_items", json!({ "documentId": doc }));
    assert_eq!(items[0]["assignments"][0]["unit_name"], "国税局", "merge moved the assignment");
    // The directory's own history: the merge is undone (the unit back in its cell) and redone.
    let undo = h.ok("unit_history", json!({}))["undo"].as_str().unwrap().to_string();
    assert_eq!(undo, "合并单位“省税务局（改）”到“国税局”");
    assert_eq!(h.ok("undo_unit_change", json!({})), json!(undo));
    let lead = |h: &Harness| {
        h.ok("list_items", json!({ "documentId": doc }))[0]["assignments"][0]["unit_name"].clone()
    };
    assert_eq!(lead(&h), "省税务局（改）");
    assert_eq!(h.ok("redo_unit_change", json!({})), json!(undo));
    assert_eq!(lead(&h), "国税局");
    assert!(h.err("delete_unit", json!({ "id": solo })).contains("不能删除"), "now it carries the item");
    let spare =
        h.ok("create_unit", json!({ "name": "临时单位", "fullName": null, "aliases": [] })).as_i64().unwrap();
    h.ok("delete_unit", json!({ "id": spare }));
    assert!(h.err("delete_unit", json!({ "id": spare })).contains(&spare.to_string()));
}

/// The import preview lists the units the import would create (a misspelt unit is caught there), and no
/// unit the directory already has; the import's own report then lists the ones it created.
#[test]
fn the_import_preview_lists_the_units_it_would_create() {
    let h = harness();
    let text = fengong::sample::SAMPLE_TEXT;
    let p = h.ok("parse_import_text", json!({ "text": text }));
    let will: Vec<String> = serde_json::from_value(p["report"]["units_created"].clone()).unwrap();
    assert!(will.len() >= 10 && will.contains(&"深圳市税务局".to_string()), "{will:?}");
    let done = h.ok("confirm_import", json!({ "parsed": p }));
    let created: Vec<String> = serde_json::from_value(done["units_created"].clone()).unwrap();
    assert_eq!(created, will, "the preview said what the import did");

    // Known units are not listed; a new (misspelt) one is.
    let p = h.ok("parse_import_text", json!({ "text": text.replacen("省农业农村厅", "省农业农村庁", 1) }));
    assert_eq!(p["report"]["units_created"], json!(["省农业农村庁"]), "{}", p["report"]);
    // After a column choice the list follows the cells that are units now.
    let own = "编号\t项目\t牵头单位\t协作\n1\t建设平台\t省税务局\t省新设局\n";
    let p = h.ok("parse_import_text", json!({ "text": own }));
    // 协作 is not read as a unit column (省税务局 exists): nothing new; said to be 配合单位, its unit is.
    assert_eq!(p["report"]["units_created"], json!([]), "{}", p["report"]);
    let p =
        h.ok("choose_import_column", json!({ "parsed": p, "column": 3, "kind": { "kind": "coop_units" } }));
    assert_eq!(p["report"]["units_created"], json!(["省新设局"]), "{}", p["report"]);
    // A unit renamed in the preview: the list follows the new name; a name typed twice is one unit.
    let p =
        h.ok("rename_import_unit", json!({ "parsed": p, "row": 0, "unit": 1, "name": "省另设局、省另设局" }));
    assert_eq!(p["report"]["units_created"], json!(["省另设局"]), "{}", p["report"]);
    assert_eq!(p["rows"][0]["draft"]["units"].as_array().map(Vec::len), Some(2), "省另设局 once");
    assert!(h
        .err("rename_import_unit", json!({ "parsed": p.clone(), "row": 0, "unit": 7, "name": "甲" }))
        .contains("没有第 8 个单位"));
    // A row made a heading only when it holds nothing but its title; back to an item.
    assert!(h
        .err("set_import_heading", json!({ "parsed": p.clone(), "row": 0, "heading": true }))
        .contains("不能改作分组标题"));
    let lone = h.ok("parse_import_text", json!({ "text": format!("{own}（二）另一项工作\n") }));
    assert_eq!(lone["rows"][1]["draft"]["is_heading"], true, "{}", lone["rows"]);
    let lone = h.ok("set_import_heading", json!({ "parsed": lone, "row": 1, "heading": false }));
    assert_eq!(lone["rows"][1]["draft"]["is_heading"], false);
}

#[test]
fn sample_search_scopes_and_import() {
    let h = harness();
    let out = h.ok("load_sample", json!({}));
    let doc = out["document_id"].as_i64().unwrap();
    let items = h.ok("list_items", json!({ "documentId": doc }));
    assert_eq!(items.as_array().unwrap().iter().filter(|i| i["is_heading"] == false).count(), 20);

    let hits = h.ok("search", json!({ "query": "税务局", "filter": {}, "limit": 100 }));
    let hits = hits.as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter().all(|x| x["snippet"].as_str().unwrap().contains("\u{2}")),
        "match marked for highlighting"
    );
    assert!(h.err("search", json!({ "query": "字".repeat(201), "filter": {} })).contains("过长"));
    let scopes = h.ok("list_scopes", json!({}));
    assert!(!scopes.as_array().unwrap().is_empty());

    // Import the same seed text through the commands: parsed, refused as a duplicate, then again.
    let text = fengong::sample::SAMPLE_TEXT;
    let parsed = h.ok("parse_import_text", json!({ "text": text }));
    assert_eq!(
        parsed["rows"].as_array().unwrap().iter().filter(|r| r["draft"]["is_heading"] == false).count(),
        20
    );
    assert!(parsed["report"].is_object());
    // A kind the UI tests (not the message's words), the document that holds it, and the Chinese message.
    let dup = h.err("confirm_import", json!({ "parsed": parsed.clone() }));
    let dup: Value = serde_json::from_str(&dup).unwrap_or_else(|_| panic!("not an error payload: {dup}"));
    assert_eq!(dup["kind"], "already_imported");
    assert_eq!(dup["document_id"].as_i64(), Some(doc));
    let found = dup["found"].as_str().unwrap();
    assert!(found.contains("已经导入过") && !found.contains("如确需"), "{found}");
    assert!(dup["message"].as_str().unwrap().starts_with(found));
    assert!(dup["message"].as_str().unwrap().contains("如确需再导入一份"));
    let again = h.ok("confirm_import", json!({ "parsed": parsed.clone(), "again": true }));
    assert_ne!(again["document_id"].as_i64(), Some(doc));
    assert_eq!(again["items"], 20);
    // 更新原文档 instead: the same document takes the rows, one step of its history.
    let n_docs = h.ok("list_documents", json!({})).as_array().unwrap().len();
    let updated = h.ok("confirm_import", json!({ "parsed": parsed.clone(), "into": doc }));
    assert_eq!((updated["document_id"].as_i64(), updated["items"].as_i64()), (Some(doc), Some(20)));
    assert_eq!(h.ok("list_documents", json!({})).as_array().unwrap().len(), n_docs);
    let history = h.ok("document_history", json!({ "documentId": doc }));
    assert!(history["undo"].as_str().unwrap().contains("更新全部"), "{history}");

    // With the clipboard's HTML of the same paste: the 牵头单位 merged over two rows reaches the second.
    let html = "<table><tr><td>序号</td><td>事项</td><td>牵头单位</td></tr><tr><td>1</td><td>甲</td>\
                <td rowspan=2>省财政厅</td></tr><tr><td>2</td><td>乙</td></tr></table>";
    let plain = "序号\t事项\t牵头单位\n1\t甲\t省财政厅\n2\t乙\n";
    let p = h.ok("parse_import_text", json!({ "text": plain, "html": html }));
    assert_eq!(p["rows"][1]["draft"]["units"][0]["name"], "省财政厅", "{p}");
    let p = h.ok("parse_import_text", json!({ "text": plain }));
    assert_eq!(
        p["rows"][1]["draft"]["units"].as_array().map(Vec::len),
        Some(0),
        "the text alone has it once"
    );
    // A header in the office's own words: shown, refused until the user says which column is which, and
    // the choice is remembered for the next paste with the same header.
    let own = "编号\t项目\t牵头单位\t目标\n1\t建设平台\t省财政厅\t年底建成\n";
    let p = h.ok("parse_import_text", json!({ "text": own }));
    assert!(h.err("confirm_import", json!({ "parsed": p.clone() })).contains("指定各列的含义"));
    let p = h.ok("choose_import_column", json!({ "parsed": p, "column": 1, "kind": { "kind": "title" } }));
    let p = h.ok("choose_import_column", json!({ "parsed": p, "column": 3, "kind": { "kind": "content" } }));
    assert_eq!(p["rows"][0]["draft"]["content"], "年底建成");
    assert!(h
        .err("choose_import_column", json!({ "parsed": p.clone(), "column": 9, "kind": { "kind": "title" } }))
        .contains("没有第 10 列"));
    h.ok("confirm_import", json!({ "parsed": p }));
    let again = h.ok("parse_import_text", json!({ "text": own.replace("建设平台", "清理证明") }));
    assert_eq!(again["rows"][0]["draft"]["title"], "清理证明", "{again}");
    assert_eq!(again["columns"][1]["kind"], "title");

    assert!(h.err("parse_import_text", json!({ "text": "   " })).contains("请先粘贴"));
    assert!(h.err("parse_import_text", json!({ "text": "没有表头的一段文字" })).contains("表头"));
    assert!(h.err("parse_import_file", json!({ "path": "relative/file.txt" })).contains("对话框"));
    let nope = h.pick(Purpose::Read, &h.dir.path().join("nope.txt"));
    assert!(h.err("parse_import_file", json!({ "path": nope })).contains("不存在"));
    let f = h.dir.path().join("seed.txt");
    std::fs::write(&f, text).unwrap();
    // A file the user did not pick in the open dialog is not read, even when it exists.
    assert!(h.err("parse_import_file", json!({ "path": f.to_str().unwrap() })).contains("打开文件"));
    h.pick(Purpose::Read, &f);
    let from_file = h.ok("parse_import_file", json!({ "path": f.to_str().unwrap() }));
    assert_eq!(from_file["title"], parsed["title"]);
    let mut bad = parsed.clone();
    bad["title"] = json!("");
    assert!(h.err("confirm_import", json!({ "parsed": bad })).contains("标题"));
}

#[test]
fn render_export_and_refusals() {
    let h = harness();
    let doc = h.ok("load_sample", json!({}))["document_id"].as_i64().unwrap();
    let opts = json!({ "page_setup": "portrait", "body_size": 16.0, "first_page_number": 1, "continued_mark": false, "doc_number": null, "show_doc_number": false });

    match h.raw("render_preview", json!({ "documentId": doc, "options": opts })).unwrap() {
        InvokeResponseBody::Raw(bytes) => assert!(bytes.starts_with(b"%PDF"), "binary PDF for pdf.js"),
        InvokeResponseBody::Json(j) => panic!("expected raw bytes, got JSON {}", &j[..j.len().min(80)]),
    }
    let mut small = opts.clone();
    small["body_size"] = json!(5.0);
    assert!(h.err("render_preview", json!({ "documentId": doc, "options": small })).contains("字号"));
    assert!(h.err("render_preview", json!({ "documentId": 999, "options": opts })).contains("999"));

    let out = h.dir.path().join("导出.pdf");
    // Not picked in the save dialog: refused, nothing written.
    assert!(h
        .err("export_pdf", json!({ "documentId": doc, "options": opts, "path": out.to_str().unwrap() }))
        .contains("对话框"));
    assert!(!out.exists());
    h.pick(Purpose::Write, &out);
    let path =
        h.ok("export_pdf", json!({ "documentId": doc, "options": opts, "path": out.to_str().unwrap() }));
    assert_eq!(path.as_str().unwrap(), out.to_str().unwrap());
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"));
    assert!(h
        .err("export_pdf", json!({ "documentId": doc, "options": opts, "path": "导出.pdf" }))
        .contains("对话框"));
    // Word / Excel / CSV / JSON bundle by extension.
    for ext in ["xlsx", "docx", "csv", "json"] {
        let out = h.dir.path().join(format!("附件.{ext}"));
        h.pick(Purpose::Write, &out);
        h.pick(Purpose::Read, &out);
        let written = h.ok("export_document", json!({ "documentId": doc, "path": out.to_str().unwrap() }));
        assert_eq!(written["path"], json!(out.to_str().unwrap()));
        assert_eq!(written["notes"], json!([]), "the sample fits every format");
        let bytes = std::fs::read(&out).unwrap();
        match ext {
            "csv" => assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "CSV starts with a BOM"),
            "json" => assert!(String::from_utf8_lossy(&bytes).contains("fengong-bundle"), "a bundle"),
            _ => assert!(bytes.starts_with(b"PK"), "{ext} is a zip package"),
        }
        // Every export imports back through the same command as any file.
        let parsed = h.ok("parse_import_file", json!({ "path": out.to_str().unwrap() }));
        assert_eq!(parsed["rows"].as_array().unwrap().len(), 20, "{ext}");
    }
    // The preview's page set-up reaches the Word file; a body size outside 五号–3号 (rules::BODY_SIZE_MIN..=BODY_SIZE_MAX) is refused.
    let out = h.dir.path().join("横向.docx");
    h.pick(Purpose::Write, &out);
    let opts_landscape = json!({ "page_setup": "landscape", "body_size": 14.0 });
    h.ok(
        "export_document",
        json!({ "documentId": doc, "path": out.to_str().unwrap(), "options": opts_landscape }),
    );
    let mut z = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut z.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains(r#"w:orient="landscape""#));
    let big = json!({ "page_setup": null, "body_size": 40.0 });
    assert!(h
        .err("export_document", json!({ "documentId": doc, "path": out.to_str().unwrap(), "options": big }))
        .contains("字号"));
    let xls = h.pick(Purpose::Write, &h.dir.path().join("a.xls"));
    // The core's list of formats and its message (fengong::export::ExportFormat), not a copy in the shell.
    let refused = h.err("export_document", json!({ "documentId": doc, "path": xls }));
    assert!(refused.contains(".xlsx") && refused.contains("不支持导出为 .xls"), "{refused}");
    assert!(h.err("export_document", json!({ "documentId": doc, "path": "附件.xlsx" })).contains("对话框"));
    let b = h.pick(Purpose::Write, &h.dir.path().join("b.xlsx"));
    assert!(h.err("export_document", json!({ "documentId": 99999, "path": b })).contains("找不到"));
    assert!(!h.dir.path().join("b.xlsx").exists());
    let txt = h.pick(Purpose::Write, &h.dir.path().join("a.txt"));
    assert!(h.err("export_pdf", json!({ "documentId": doc, "options": opts, "path": txt })).contains(".pdf"));
    let missing = h.pick(Purpose::Write, &h.dir.path().join("no/such/dir/a.pdf"));
    assert!(h
        .err("export_pdf", json!({ "documentId": doc, "options": opts, "path": missing }))
        .contains("不存在"));

    let units = h.ok("list_units", json!({}));
    let unit = units.as_array().unwrap().iter().find(|u| u["lead_count"].as_i64().unwrap() > 0).unwrap();
    let sheet = h.dir.path().join("清单.pdf");
    h.pick(Purpose::Write, &sheet);
    h.ok("export_unit_sheet", json!({ "unitId": unit["id"], "withCooperating": false, "options": opts, "path": sheet.to_str().unwrap() }));
    assert!(std::fs::read(&sheet).unwrap().starts_with(b"%PDF"));
    assert!(h.err("export_unit_sheet", json!({ "unitId": 4040, "withCooperating": true, "options": opts, "path": sheet.to_str().unwrap() })).contains("4040"));
    assert!(h
        .err(
            "export_unit_sheet",
            json!({ "unitId": unit["id"], "withCooperating": true, "options": opts, "path": "清单.pdf" })
        )
        .contains("对话框"));

    // 打印 renders into the cache folder before handing the file to the system viewer; an unknown
    // document or bad options are refused before anything is opened.
    assert!(h.err("print_document", json!({ "documentId": 999, "options": opts })).contains("999"));
    // 打开文件所在位置 shows only a print copy the app wrote, never a path the page names.
    let elsewhere = h.dir.path().join("打印-1-20260101-000000-000.pdf");
    std::fs::write(&elsewhere, b"%PDF-1.7").unwrap();
    for path in [elsewhere.display().to_string(), "/etc/passwd".into(), "打印-1.pdf".into()] {
        assert!(h.err("reveal_print_copy", json!({ "path": path })).contains("只能显示"), "{path}");
    }
    assert!(h.err("print_document", json!({ "documentId": doc, "options": small })).contains("字号"));
    // 打开/打开文件所在位置 after an export: only a file chosen in the save dialog, and only once it exists.
    // A file chosen in the save dialog but never written by an export is refused too.
    let not_written = h.pick(Purpose::Write, &h.dir.path().join("未写出.docx"));
    for path in [elsewhere.display().to_string(), "/etc/passwd".into(), not_written] {
        assert!(
            h.err("open_exported", json!({ "path": path, "reveal": true })).contains("不是本次导出的文件"),
            "{path}"
        );
    }
    // Written by an export, then deleted: said so.
    let gone = h.pick(Purpose::Written, &h.dir.path().join("已删除.docx"));
    assert!(h.err("open_exported", json!({ "path": gone, "reveal": false })).contains("已不存在"));

    assert_eq!(h.ok("test_export_dir", json!({})), Value::Null);
}

#[test]
fn no_save_path_replaces_the_open_database() {
    // A database whose name an export could take: even picked in the save dialog, it is not replaced.
    let h = harness_with_db("分工.json");
    let doc = h.ok("load_sample", json!({}))["document_id"].as_i64().unwrap();
    let db = h.dir.path().join("分工.json");
    let before = std::fs::read(&db).unwrap();
    let picked = h.pick(Purpose::Write, &db);
    let e = h.err("export_document", json!({ "documentId": doc, "path": picked }));
    assert!(e.contains("正在使用的数据库"), "{e}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert_eq!(
        h.ok("list_documents", json!({})).as_array().unwrap().len(),
        1,
        "the database still opens and reads"
    );
}

#[test]
fn an_item_with_content_only_can_be_saved_and_its_deletion_undone() {
    // Importers create items with 主要内容 but no 事项; the shell used to require 事项 on update and undo.
    let h = harness();
    let doc = h.ok("create_document", json!({ "draft": doc_draft("只有主要内容的事项") })).as_i64().unwrap();
    let draft = json!({ "title": "", "content": "只有主要内容", "units": [] });
    let id = h.ok("add_item", json!({ "documentId": doc, "draft": draft }));
    let edited = json!({ "title": "", "content": "改过的主要内容", "units": [] });
    h.ok("update_item", json!({ "id": id, "draft": edited }));
    h.ok("delete_item", json!({ "id": id }));
    h.ok("undo_change", json!({ "documentId": doc }));
    let items = h.ok("list_items", json!({ "documentId": doc }));
    assert_eq!(items[0]["content"], "改过的主要内容");
    // The limits are the store's: a 600-character 事项 (over the shell's old 500) is accepted.
    h.ok("update_item", json!({ "id": items[0]["id"], "draft": { "title": "事".repeat(600), "units": [] } }));
}

// ------------------------------------------------------------------------------ backups and the trash

#[test]
fn trash_list_restore_and_delete_forever() {
    let h = harness();
    h.ok("load_sample", json!({}));
    let id = h.ok("list_documents", json!({}))[0]["id"].as_i64().unwrap();
    assert_eq!(h.ok("list_trash", json!({})), json!([]));
    h.ok("delete_document", json!({ "id": id }));
    let trash = h.ok("list_trash", json!({}));
    assert_eq!(trash[0]["id"], id);
    assert_eq!(trash[0]["item_count"], 20);
    assert!(trash[0]["purge_at"].as_str().unwrap() > trash[0]["deleted_at"].as_str().unwrap());
    h.ok("restore_document", json!({ "id": id }));
    assert_eq!(h.ok("list_trash", json!({})), json!([]));
    assert!(
        h.err("delete_forever", json!({ "id": id })).contains("回收站中的文档"),
        "a live document is not deleted for good"
    );
    h.ok("delete_document", json!({ "id": id }));
    h.ok("delete_forever", json!({ "id": id }));
    assert_eq!(h.ok("list_trash", json!({})), json!([]));
    let overview = h.ok("list_backups", json!({}));
    assert_eq!(overview["backups"][0]["reason"], "delete", "backed up before 彻底删除: {overview}");
}

#[test]
fn backups_list_backup_now_policy_and_restore() {
    let h = harness();
    h.ok("load_sample", json!({}));
    let overview = h.ok("list_backups", json!({}));
    assert_eq!(overview["policy"], json!({ "keep_last": 20, "keep_weeks": 8 }));
    assert_eq!(overview["backups"], json!([]));
    assert!(std::path::Path::new(overview["dir"].as_str().unwrap()).ends_with("backups/test"));

    let b = h.ok("backup_now", json!({}));
    assert_eq!(b["reason_label"], "手动备份");
    assert!(b["ok"].as_bool().unwrap() && b["size"].as_u64().unwrap() > 0);
    let name = b["file_name"].as_str().unwrap().to_string();

    assert!(h
        .err("set_backup_policy", json!({ "policy": { "keep_last": 0, "keep_weeks": 8 } }))
        .contains("1 到 500"));
    h.ok("set_backup_policy", json!({ "policy": { "keep_last": 30, "keep_weeks": 4 } }));
    assert_eq!(h.ok("list_backups", json!({}))["policy"], json!({ "keep_last": 30, "keep_weeks": 4 }));

    // Delete the document, restore the listed backup by its name: the document is back, the same store
    // keeps working, and the data before the restore was kept.
    let id = h.ok("list_documents", json!({}))[0]["id"].as_i64().unwrap();
    h.ok("delete_document", json!({ "id": id }));
    let out = h.ok("restore_backup", json!({ "file": name }));
    assert_eq!(out["documents"], 1);
    assert!(out["kept_copy"].as_str().unwrap().ends_with("-restore.db"));
    assert_eq!(h.ok("list_documents", json!({}))[0]["item_count"], 20);
    assert_eq!(h.ok("list_trash", json!({})), json!([]));

    // Only listed names or files picked in the dialog; damaged and foreign files refused.
    assert!(h.err("restore_backup", json!({ "file": "fengong-20200101-000000-manual.db" })).contains("没有"));
    let outside = h.dir.path().join("other.db");
    std::fs::copy(h.dir.path().join("backups/test").join(&name), &outside).unwrap();
    let e = h.err("restore_backup", json!({ "file": outside.to_str().unwrap() }));
    assert!(e.contains("对话框"), "{e}");
    let ok = h.pick(Purpose::Read, &outside);
    h.ok("restore_backup", json!({ "file": ok }));
    let garbage = h.dir.path().join("坏的.db");
    std::fs::write(&garbage, "坏".repeat(3000)).unwrap();
    let g = h.pick(Purpose::Read, &garbage);
    let e = h.err("restore_backup", json!({ "file": g }));
    assert!(e.contains("坏的.db") && e.contains("不能用来恢复"), "{e}");
    let db = h.pick(Purpose::Read, &h.dir.path().join("test.db"));
    assert!(h.err("restore_backup", json!({ "file": db })).contains("数据库本身"));
}

#[test]
fn column_kinds_come_from_the_model() {
    let h = harness();
    let kinds = h.ok("column_kinds", json!({}));
    let kinds = kinds.as_array().unwrap();
    let names: Vec<&str> = kinds.iter().map(|k| k["kind"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "number",
            "title",
            "content",
            "lead_units",
            "coop_units",
            "responsible_units",
            "leader",
            "scope",
            "deadline",
            "notes",
            "custom"
        ]
    );
    assert_eq!(kinds[2], json!({ "kind": "content", "label": "主要内容", "width": 5.8 }));
    assert_eq!(kinds[0]["label"], "序号");
    assert_eq!(kinds[10]["label"], "自定义列");
    assert!(kinds[10]["width"].as_f64().unwrap() > 0.0);
    // The widths are the ones a new document gets.
    let id = h.ok("create_document", json!({ "draft": doc_draft("宽度") })).as_i64().unwrap();
    let doc = h.ok("get_document", json!({ "id": id }));
    for c in doc["columns"].as_array().unwrap() {
        let k = kinds.iter().find(|k| k["kind"] == c["kind"]).unwrap();
        assert_eq!((&k["label"], &k["width"]), (&c["label"], &c["width"]));
    }
}

#[test]
fn suggested_names_for_annexes_and_unit_sheets() {
    let h = harness();
    let id = h
        .ok("create_document", json!({ "draft": doc_draft("关于印发\n《实施方案》的通知:附件") }))
        .as_i64()
        .unwrap();
    let name = h.ok("suggested_name", json!({ "request": { "kind": "annex", "document_id": id } }));
    assert_eq!(name, json!("关于印发《实施方案》的通知_附件"));
    let unit =
        h.ok("create_unit", json!({ "name": "省商务厅", "fullName": null, "aliases": [] })).as_i64().unwrap();
    let lead = json!({ "request": { "kind": "unit_sheet", "unit_id": unit, "with_cooperating": false } });
    assert_eq!(h.ok("suggested_name", lead), json!("省商务厅牵头任务清单"));
    let all = json!({ "request": { "kind": "unit_sheet", "unit_id": unit, "with_cooperating": true } });
    assert_eq!(h.ok("suggested_name", all), json!("省商务厅承担任务清单"));
    // Unknown ids get the usual message; a request of no known kind is refused by the IPC layer.
    assert!(h
        .err("suggested_name", json!({ "request": { "kind": "annex", "document_id": 777 } }))
        .contains("777"));
    let e = h.err(
        "suggested_name",
        json!({ "request": { "kind": "unit_sheet", "unit_id": 4040, "with_cooperating": false } }),
    );
    assert!(e.contains("4040"), "{e}");
    assert!(h.call("suggested_name", json!({ "request": { "kind": "folder" } })).is_err());
}
