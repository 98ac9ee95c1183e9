//! JSON bundle: export → import into an empty database → export again gives the same document (sample,
//! generated annexes, a hand-built document with every kind of field); units merge by name or alias and
//! the merge is reported; bad files are refused with the place named and nothing written. Real SQLite
//! files in temp dirs.

use chrono::NaiveDate;
use fengong::bundle::{self, Bundle, BUNDLE_VERSION, MAX_BUNDLE_BYTES};
use fengong::model::{
    Column, ColumnKind, Document, DocumentDraft, DocumentId, Item, ItemDraft, Role, UnitRef,
};
use fengong::store::Store;
use fengong::Error;

fn open(dir: &tempfile::TempDir, name: &str) -> Store {
    Store::open(dir.path().join(name)).unwrap()
}

/// The bundle without what differs on every export (when, by which build, last change).
fn normalised(mut b: Bundle) -> Bundle {
    b.exported_at = None;
    b.app_version.clear();
    b.document.updated_at = None;
    b
}

/// Items with database ids cleared, for field-by-field comparison across databases.
fn without_ids(items: Vec<Item>) -> Vec<Item> {
    items
        .into_iter()
        .map(|mut it| {
            it.id = 0;
            it.document_id = 0;
            for a in &mut it.assignments {
                a.unit_id = 0;
            }
            it
        })
        .collect()
}

fn same_document(a: &Document, b: &Document) {
    assert_eq!(a.title, b.title);
    assert_eq!(a.annex_label, b.annex_label);
    assert_eq!(a.doc_number, b.doc_number);
    assert_eq!(a.issue_date, b.issue_date);
    assert_eq!(a.notes, b.notes);
    assert_eq!(a.columns, b.columns);
    assert_eq!(a.created_at, b.created_at, "created_at is restored");
}

/// Exports `doc` from `src`, writes the file, reads it back, imports it into a new empty database and
/// checks the copy is the same document; returns the copy's store for further checks.
fn round_trip(dir: &tempfile::TempDir, src: &Store, doc: DocumentId, tag: &str) -> (Store, DocumentId) {
    let first = src.export_bundle(doc).unwrap();
    let path = dir.path().join(format!("{tag}.fengong.json"));
    bundle::write(&path, &first).unwrap();
    let read = bundle::read(&path).unwrap();
    assert_eq!(read, first, "{tag}: the file reads back as written");

    let mut dst = open(dir, &format!("{tag}-copy.db"));
    assert!(dst.is_empty().unwrap());
    let out = dst.import_bundle(&read, &path.display().to_string()).unwrap();
    assert!(
        out.units_merged.is_empty() && out.aliases_added.is_empty() && out.warnings.is_empty(),
        "{out:?}"
    );
    assert_eq!(out.units_created.len(), first.units.len());

    let second = dst.export_bundle(out.document_id).unwrap();
    assert_eq!(normalised(second.clone()), normalised(first.clone()), "{tag}: bundles differ");
    assert_eq!(bundle::to_json(&normalised(second)), bundle::to_json(&normalised(first)));

    same_document(&src.document(doc).unwrap(), &dst.document(out.document_id).unwrap());
    let (a, b) = (without_ids(src.items(doc).unwrap()), without_ids(dst.items(out.document_id).unwrap()));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y, "{tag}: item at position {} differs", x.position);
    }
    assert_eq!(out.items + out.headings, a.len());
    assert_eq!(out.assignments, a.iter().map(|i| i.assignments.len()).sum::<usize>());
    (dst, out.document_id)
}

#[test]
fn sample_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let mut src = open(&dir, "sample.db");
    let doc = src.load_sample().unwrap().document_id;
    let b = src.export_bundle(doc).unwrap();
    // No fixed column widths: written as version 1, which every earlier build reads.
    assert_eq!((b.format.as_str(), b.version), ("fengong-bundle", 1));
    assert_eq!(BUNDLE_VERSION, 2);
    assert!(b.items.len() > 10 && !b.units.is_empty());
    let (dst, _) = round_trip(&dir, &src, doc, "sample");
    // The directory of the copy lists the units in the same precedence order.
    let names: Vec<String> = dst.units().unwrap().into_iter().map(|u| u.unit.name).collect();
    let exported: Vec<String> = b.units.iter().map(|u| u.name.clone()).collect();
    assert_eq!(names, exported);
}

#[test]
fn generated_documents_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    for n in [1, 37, 160] {
        let text = fengong::sample::generate_annex(n);
        let parsed = fengong::import::parse_annex(text.as_bytes(), "generated.txt").unwrap();
        let mut src = open(&dir, &format!("gen{n}.db"));
        let doc = src.import(&parsed).unwrap().document_id;
        assert_eq!(src.items(doc).unwrap().iter().filter(|i| !i.is_heading).count(), n);
        round_trip(&dir, &src, doc, &format!("gen{n}"));
    }
}

fn hand_built(store: &mut Store) -> DocumentId {
    store
        .create_unit("省税务局", Some("国家税务总局广东省税务局"), &["税务局".into(), "广东税务".into()])
        .unwrap();
    store.create_unit("省商务厅", Some("广东省商务厅"), &[]).unwrap();
    store.create_unit("海关总署广东分署", None, &["广东分署".into()]).unwrap();
    store.create_unit("䶮𠀀办", Some("𠀀䶮特别办公室"), &["䶮办".into()]).unwrap();
    // Precedence not in creation order, so the test sees it carried over.
    let ids: Vec<i64> = store.units().unwrap().iter().map(|u| u.unit.id).collect();
    store.set_unit_order(&[ids[2], ids[0], ids[3], ids[1]]).unwrap();

    let columns = vec![
        Column::new(ColumnKind::Number, 1.4),
        Column::new(ColumnKind::Title, 3.0),
        Column::new(ColumnKind::Content, 5.5),
        Column::new(ColumnKind::LeadUnits, 3.2),
        Column { kind: ColumnKind::CoopUnits, label: "配合\n单位".into(), width: 2.75, fixed: true },
        Column::new(ColumnKind::Leader, 1.9),
        Column::new(ColumnKind::Deadline, 2.0),
        Column::new(ColumnKind::Custom("进展情况".into()), 2.6),
        Column::new(ColumnKind::Notes, 1.7),
    ];
    let doc = store
        .create_document(&DocumentDraft {
            title: "关于印发某某改革\n任务分工的通知".into(),
            annex_label: "附件2".into(),
            doc_number: Some("粤府函〔2024〕7号".into()),
            issue_date: NaiveDate::from_ymd_opt(2024, 3, 1),
            notes: "内部备注\n第二段".into(),
            columns,
        })
        .unwrap();
    let unit = |n: &str, r: Role| UnitRef { name: n.into(), role: r };
    let rows = vec![
        ItemDraft { is_heading: true, title: "一、营商环境（𠀀）".into(), ..Default::default() },
        ItemDraft {
            number_label: Some("1-1".into()),
            title: "“一网通办”改革".into(),
            content: "第一段，含生僻字 𠀀 与 䶮。\n第二段：\"引号\" \\ 反斜杠\t制表符。\n\n第四段".into(),
            leader: "张副省长".into(),
            deadline_text: "2024年6月底前".into(),
            deadline: NaiveDate::from_ymd_opt(2024, 6, 30),
            notes: "备注甲".into(),
            custom: [
                ("进展情况".to_string(), "已完成\n待验收".to_string()),
                ("旧列".to_string(), "保留".to_string()),
            ]
            .into_iter()
            .collect(),
            units: vec![
                unit("税务局", Role::Lead),
                unit("省商务厅", Role::Lead),
                unit("广东分署", Role::Cooperating),
                unit("䶮𠀀办", Role::Cooperating),
            ],
            ..Default::default()
        },
        ItemDraft {
            title: String::new(),
            content: "只有内容的事项".into(),
            scope: "全省".into(),
            units: vec![unit("䶮办", Role::Lead), unit("省税务局", Role::Responsible)],
            ..Default::default()
        },
        ItemDraft { is_heading: true, title: "二、贸易便利".into(), ..Default::default() },
        ItemDraft {
            title: "跨境贸易".into(),
            content: "内容".into(),
            deadline_text: "长期坚持".into(),
            units: vec![unit("省商务厅", Role::Cooperating), unit("海关总署广东分署", Role::Lead)],
            ..Default::default()
        },
    ];
    for r in &rows {
        store.add_item(doc, None, r).unwrap();
    }
    doc
}

#[test]
fn hand_built_document_round_trips_with_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut src = open(&dir, "hand.db");
    let doc = hand_built(&mut src);
    let b = src.export_bundle(doc).unwrap();
    // A fixed column width (配合单位) makes it a version 2 bundle, and the flag is carried.
    assert_eq!(b.version, 2);
    assert_eq!(b.document.columns.iter().filter(|c| c.fixed).count(), 1);
    // Units in precedence order, with full names and aliases.
    let names: Vec<&str> = b.units.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["海关总署广东分署", "省税务局", "䶮𠀀办", "省商务厅"]);
    assert_eq!(b.units[1].full_name.as_deref(), Some("国家税务总局广东省税务局"));
    assert_eq!(b.units[1].aliases, ["广东税务", "税务局"]);
    // Items name units by their names, in cell order, 牵头 before 配合.
    let refs: Vec<(&str, Role)> = b.items[1].units.iter().map(|u| (u.name.as_str(), u.role)).collect();
    assert_eq!(
        refs,
        [
            ("省税务局", Role::Lead),
            ("省商务厅", Role::Lead),
            ("海关总署广东分署", Role::Cooperating),
            ("䶮𠀀办", Role::Cooperating)
        ]
    );
    let json = String::from_utf8(bundle::to_json(&b)).unwrap();
    assert!(json.contains("\"kind\": \"custom\"") && json.contains("\"key\": \"进展情况\""));
    assert!(json.contains("𠀀") && json.contains("\"deadline\": \"2024-06-30\""), "Chinese stays readable");

    let (dst, copy) = round_trip(&dir, &src, doc, "hand");
    let u = dst.find_unit("广东税务").unwrap().expect("aliases travel");
    assert_eq!((u.name.as_str(), u.full_name.as_deref()), ("省税务局", Some("国家税务总局广东省税务局")));
    assert_eq!(dst.find_unit("䶮办").unwrap().unwrap().full_name.as_deref(), Some("𠀀䶮特别办公室"));
    let items = dst.items(copy).unwrap();
    assert_eq!(
        items[1].custom.get("旧列").map(String::as_str),
        Some("保留"),
        "values of removed columns kept"
    );
    assert_eq!(items[1].units_text(Role::Cooperating), "海关总署广东分署、䶮𠀀办");
}

#[test]
fn units_merge_by_alias_and_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    // The other office knows 税务局 (no alias) and 广东省商务厅 with alias 省商务厅.
    let mut other = open(&dir, "other.db");
    other.create_unit("税务局", Some("国家税务总局广东省税务局"), &[]).unwrap();
    other.create_unit("广东省商务厅", None, &["省商务厅".into()]).unwrap();
    let doc = other.create_document(&DocumentDraft::titled("合并测试")).unwrap();
    let lead = |n: &str| UnitRef { name: n.into(), role: Role::Lead };
    other
        .add_item(
            doc,
            None,
            &ItemDraft {
                title: "甲".into(),
                units: vec![lead("税务局"), lead("广东省商务厅"), lead("新单位")],
                ..Default::default()
            },
        )
        .unwrap();
    let b = other.export_bundle(doc).unwrap();

    let mut store = open(&dir, "mine.db");
    store.create_unit("省税务局", None, &["税务局".into()]).unwrap();
    store.create_unit("省商务厅", Some("广东省商务厅"), &[]).unwrap();
    let units_before = store.units().unwrap().len();
    let out = store.import_bundle(&b, "合并.fengong.json").unwrap();

    assert_eq!(
        out.units_merged,
        [
            ("税务局".to_string(), "省税务局".to_string()),
            ("广东省商务厅".to_string(), "省商务厅".to_string())
        ]
    );
    assert_eq!(out.units_created, ["新单位"]);
    assert_eq!(out.aliases_added, [("省商务厅".to_string(), "广东省商务厅".to_string())]);
    let lines = out.to_lines().join("\n");
    assert!(lines.contains("单位“税务局”按别名并入已有单位“省税务局”"), "{lines}");
    assert!(lines.contains("单位“广东省商务厅”按别名并入已有单位“省商务厅”"), "{lines}");
    assert!(lines.contains("新建单位 1 个：新单位"), "{lines}");

    assert_eq!(store.units().unwrap().len(), units_before + 1);
    let item = &store.items(out.document_id).unwrap()[0];
    assert_eq!(item.units_text(Role::Lead), "省税务局、省商务厅、新单位");
    // The existing units keep their own names and full names.
    let tax = store.find_unit("税务局").unwrap().unwrap();
    assert_eq!((tax.name.as_str(), tax.full_name), ("省税务局", None));
    assert_eq!(store.find_unit("广东省商务厅").unwrap().unwrap().name, "省商务厅");
}

#[test]
fn two_bundle_units_merged_into_one_keep_one_assignment() {
    let dir = tempfile::tempdir().unwrap();
    let json = r#"{
      "format": "fengong-bundle", "version": 1,
      "document": { "title": "双名", "columns": [ { "kind": "title", "label": "事项", "width": 3 },
                                                  { "kind": "lead_units", "label": "牵头单位", "width": 3 } ] },
      "units": [ { "name": "省税务局" }, { "name": "税务局" } ],
      "items": [ { "title": "甲", "units": [ { "name": "省税务局", "role": "lead" }, { "name": "税务局", "role": "lead" } ] } ]
    }"#;
    let b = bundle::parse(json.as_bytes(), "双名.fengong.json").unwrap();
    let mut store = open(&dir, "two.db");
    store.create_unit("省税务局", None, &["税务局".into()]).unwrap();
    let out = store.import_bundle(&b, "双名.fengong.json").unwrap();
    assert_eq!(out.assignments, 1);
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    assert!(out.warnings[0].contains("items[0]") && out.warnings[0].contains("只保留一次"));
    assert_eq!(store.items(out.document_id).unwrap()[0].units_text(Role::Lead), "省税务局");
}

fn counts(store: &Store) -> (usize, usize) {
    (store.list_documents().unwrap().len(), store.units().unwrap().len())
}

/// Parses and imports `bytes`; asserts the database is unchanged afterwards and returns the error text.
fn refused(store: &mut Store, bytes: &[u8], source: &str) -> String {
    let before = counts(store);
    let result = bundle::parse(bytes, source).and_then(|b| store.import_bundle(&b, source));
    let err = result.expect_err("should be refused");
    assert_eq!(counts(store), before, "nothing written after: {err}");
    err.to_string()
}

/// The sample's bundle as a JSON value to break in tests, plus a store that already holds one document.
fn sample_value(dir: &tempfile::TempDir) -> (Store, serde_json::Value) {
    let mut store = open(dir, "refuse.db");
    let doc = store.load_sample().unwrap().document_id;
    let v = serde_json::from_slice(&bundle::to_json(&store.export_bundle(doc).unwrap())).unwrap();
    (store, v)
}

fn pretty(v: &serde_json::Value) -> Vec<u8> {
    serde_json::to_vec_pretty(v).unwrap()
}

#[test]
fn future_version_and_wrong_marker_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut v) = sample_value(&dir);
    // Version 1 has no fixed column widths: a file that says 1 and has one is refused, naming the field.
    let mut v1 = v.clone();
    v1["document"]["columns"][3]["fixed"] = true.into();
    let msg = refused(&mut store, &pretty(&v1), "旧版.fengong.json");
    assert!(msg.contains("document.columns[3].fixed") && msg.contains("应为版本 2"), "{msg}");
    v1["version"] = 2.into();
    let b = bundle::parse(&pretty(&v1), "新格式.fengong.json").unwrap();
    assert!(b.document.columns[3].fixed && !b.document.columns[2].fixed);

    v["version"] = 3.into();
    // A newer writer may also change the structure: the version is still what is reported.
    v["items"] = serde_json::json!({ "new": "shape" });
    let msg = refused(&mut store, &pretty(&v), "新版.fengong.json");
    assert!(msg.contains("新版.fengong.json"), "{msg}");
    assert!(
        msg.contains("更新版本的分工（格式版本 3）")
            && msg.contains("只能读取版本 2")
            && msg.contains("请升级"),
        "{msg}"
    );

    let (_, mut v) = sample_value(&tempfile::tempdir().unwrap());
    v["format"] = "something-else".into();
    let msg = refused(&mut store, &pretty(&v), "x.json");
    assert!(msg.contains("不是分工数据包") && msg.contains("something-else"), "{msg}");
    v.as_object_mut().unwrap().remove("format");
    assert!(refused(&mut store, &pretty(&v), "x.json").contains("缺少标记"));
    let msg = refused(&mut store, b"[1, 2]", "list.json");
    assert!(msg.contains("不是分工数据包"), "{msg}");
    let msg = refused(&mut store, b"  \n", "empty.json");
    assert!(msg.contains("文件是空的"), "{msg}");
}

/// 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &[u8], needle: &str) -> usize {
    let text = std::str::from_utf8(text).unwrap();
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle} not in text"));
    text[..at].matches('\n').count() + 1
}

#[test]
fn wrong_type_at_a_nested_path_names_path_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut v) = sample_value(&dir);
    v["items"][3]["units"][0]["role"] = 5.into();
    let bytes = pretty(&v);
    let msg = refused(&mut store, &bytes, "附件.fengong.json");
    let line = line_of(&bytes, "\"role\": 5");
    assert!(msg.contains(&format!("附件.fengong.json”第 {line} 行第 ")), "{msg}");
    assert!(msg.contains("（items[3].units[0].role）"), "{msg}");
    assert!(msg.contains("类型不对") && msg.contains("整数 5"), "{msg}");

    // An unknown role reads in Chinese with the allowed values.
    v["items"][3]["units"][0]["role"] = "leed".into();
    let msg = refused(&mut store, &pretty(&v), "附件.fengong.json");
    assert!(
        msg.contains("items[3].units[0].role") && msg.contains("“leed” 无效") && msg.contains("cooperating"),
        "{msg}"
    );

    // A bad date inside an item; the column counts characters, not UTF-8 bytes.
    let (_, mut v) = sample_value(&tempfile::tempdir().unwrap());
    v["items"][2]["deadline"] = "2024-13-45".into();
    let bytes = pretty(&v);
    let msg = refused(&mut store, &bytes, "附件.fengong.json");
    let line = line_of(&bytes, "\"2024-13-45\"");
    assert!(msg.contains(&format!("第 {line} 行")) && msg.contains("items[2].deadline"), "{msg}");
    assert!(msg.contains("日期“2024-13-45”无效"), "{msg}");

    // The column counts characters, not UTF-8 bytes (three per Chinese character).
    let line = r#"{"format":"fengong-bundle","version":1,"document":{"title":"中文标题","columns":5}}"#;
    let msg = refused(&mut store, line.as_bytes(), "一行.json");
    let col = line.chars().position(|c| c == '5').unwrap() + 1;
    assert!(msg.contains(&format!("第 1 行第 {col} 列（document.columns）")), "{msg}");

    // A field this version does not know is refused rather than dropped.
    let (_, mut v) = sample_value(&tempfile::tempdir().unwrap());
    v["items"][0]["colour"] = "red".into();
    let msg = refused(&mut store, &pretty(&v), "附件.fengong.json");
    assert!(msg.contains("items[0].colour") && msg.contains("未知字段"), "{msg}");
}

#[test]
fn truncated_json_is_refused_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, v) = sample_value(&dir);
    let bytes = pretty(&v);
    let cut = &bytes[..bytes.len() / 2];
    let msg = refused(&mut store, cut, "半截.fengong.json");
    let lines = cut.iter().filter(|b| **b == b'\n').count() + 1;
    assert!(msg.contains(&format!("第 {lines} 行")), "{msg}");
    assert!(msg.contains("意外结束") && msg.contains("items["), "{msg}");

    let msg = refused(&mut store, b"{\"format\": \"fengong-bundle\", \"version\": 1,, }", "坏.json");
    assert!(msg.contains("第 1 行第 43 列（顶层）") && msg.contains("键必须是带双引号的文字"), "{msg}");
}

#[test]
fn semantic_problems_name_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, base) = sample_value(&dir);

    let mut v = base.clone();
    v["document"]["title"] = " ".into();
    let msg = refused(&mut store, &pretty(&v), "a.json");
    assert!(msg.contains("（document.title）") && msg.contains("标题不能为空"), "{msg}");

    let mut v = base.clone();
    let first = v["units"][0]["name"].clone();
    v["units"][1]["name"] = first;
    let msg = refused(&mut store, &pretty(&v), "a.json");
    assert!(msg.contains("（units[1].name）") && msg.contains("重复"), "{msg}");

    let mut v = base.clone();
    v["items"][4]["units"][0]["name"] = "不存在的单位".into();
    let msg = refused(&mut store, &pretty(&v), "a.json");
    assert!(msg.contains("（items[4].units[0].name）") && msg.contains("没有列在 units 中"), "{msg}");

    let mut v = base.clone();
    v["document"]["columns"][0]["key"] = "x".into();
    let msg = refused(&mut store, &pretty(&v), "a.json");
    assert!(msg.contains("document.columns[0].key"), "{msg}");

    // Passes the bundle's own checks but not the store's: refused before anything is written.
    let mut v = base.clone();
    v["items"][5]["number_label"] = "一二三四五六七八九十一二三四五六七八九十一".into();
    v["document"]["title"] = "另一个标题".into();
    let msg = refused(&mut store, &pretty(&v), "a.json");
    assert!(msg.contains("（items[5]）") && msg.contains("序号"), "{msg}");
}

#[test]
fn a_second_import_of_the_same_document_is_refused_unless_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir, "again.db");
    let doc = store.load_sample().unwrap().document_id;
    let b = store.export_bundle(doc).unwrap();
    let before = counts(&store);
    let msg = store.import_bundle(&b, "x.json").unwrap_err().to_string();
    assert!(msg.contains("已经导入过") && msg.contains(&format!("文档 {doc}")), "{msg}");
    assert_eq!(counts(&store), before);
    let out = store.import_bundle_again(&b, "x.json").unwrap();
    assert_eq!(store.list_documents().unwrap().len(), 2);
    // Every unit was already there.
    assert!(out.units_created.is_empty());
    assert_eq!(out.units_merged.len(), b.units.len());
    assert!(out.to_lines().iter().any(|l| l.starts_with(&format!("沿用已有单位 {} 个", b.units.len()))));
}

#[test]
fn oversized_files_are_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir, "big.db");
    let mut big = vec![b' '; MAX_BUNDLE_BYTES as usize + 1];
    big[0] = b'{';
    let msg = refused(&mut store, &big, "大.fengong.json");
    assert!(
        msg.contains("大.fengong.json") && msg.contains("文件过大") && msg.contains("上限 64 MB"),
        "{msg}"
    );

    // From disk the size is checked before the file is read (a sparse file costs nothing).
    let path = dir.path().join("huge.fengong.json");
    std::fs::File::create(&path).unwrap().set_len(MAX_BUNDLE_BYTES + 10).unwrap();
    let err = bundle::read(&path).unwrap_err();
    assert!(matches!(err, Error::File { .. }) && err.to_string().contains("上限 64 MB"), "{err}");

    // Exactly at the limit is not "too large" (it fails later, as JSON).
    let at_limit = vec![b' '; MAX_BUNDLE_BYTES as usize];
    assert!(!bundle::parse(&at_limit, "x.json").unwrap_err().to_string().contains("过大"));
}

#[test]
fn a_bom_and_a_minimal_hand_written_bundle_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let json = "\u{feff}{\"format\":\"fengong-bundle\",\"version\":1,\"document\":{\"title\":\"最小\",\
                \"columns\":[{\"kind\":\"title\",\"label\":\"事项\",\"width\":3}]},\
                \"items\":[{\"title\":\"甲\"}]}";
    let b = bundle::parse(json.as_bytes(), "min.json").unwrap();
    assert_eq!(b.document.annex_label, "附件");
    let mut store = open(&dir, "min.db");
    let out = store.import_bundle(&b, "min.json").unwrap();
    assert_eq!((out.items, out.headings, out.assignments), (1, 0, 0));
    assert_eq!(store.items(out.document_id).unwrap()[0].title, "甲");
}
