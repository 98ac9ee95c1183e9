//! Spreadsheet import (.xlsx, .xls, .ods) on real files: our own Excel export read back (and converted to
//! .xls/.ods by LibreOffice), hand-made workbooks with merged cells written with rust_xlsxwriter, and damaged
//! or hostile files — each refused with a clear Chinese message and nothing written to a real SQLite store.

mod common;

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::Path;

use common::{convert, patch_zip_entry, require, save_export, zip_text};

use fengong::import::{parse_any, parse_file, ParsedAnnex};
use fengong::model::{Column, ColumnKind, DocumentDraft, DocumentId, ItemDraft, Role, UnitRef};
use fengong::store::{ImportOutcome, Store};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

// ------------------------------------------------------------------------------------------- helpers

/// A document as the user sees it: label, title, columns, and every row's fields with units in cell order.
#[derive(Debug, PartialEq)]
struct Snapshot {
    annex_label: String,
    title: String,
    columns: Vec<(ColumnKind, String)>,
    rows: Vec<ItemDraft>,
}

fn snapshot(store: &Store, doc: DocumentId) -> Snapshot {
    let d = store.document(doc).unwrap();
    Snapshot {
        annex_label: d.annex_label,
        title: d.title,
        columns: d.columns.iter().map(|c| (c.kind.clone(), c.label.clone())).collect(),
        rows: store.items(doc).unwrap().iter().map(|i| i.to_draft()).collect(),
    }
}

fn assert_same(a: &Snapshot, b: &Snapshot, what: &str) {
    assert_eq!(a.annex_label, b.annex_label, "{what}: label");
    assert_eq!(a.title, b.title, "{what}: title");
    assert_eq!(a.columns, b.columns, "{what}: columns");
    assert_eq!(a.rows.len(), b.rows.len(), "{what}: rows");
    for (i, (x, y)) in a.rows.iter().zip(&b.rows).enumerate() {
        assert_eq!(x, y, "{what}: row {}", i + 1);
    }
}

fn store_in(dir: &Path, name: &str) -> Store {
    Store::open(dir.join(name)).unwrap()
}

/// What `fengong import FILE` does: parse the file, then write it in one transaction.
fn import_path(store: &mut Store, path: &Path) -> fengong::Result<ImportOutcome> {
    let parsed = parse_file(path)?;
    store.import(&parsed)
}

/// Exports `doc` to .xlsx (and, when LibreOffice is installed, .xls and .ods) and imports each file into a
/// fresh store: every one must give back the same document.
fn round_trip_every_format(store: &Store, doc: DocumentId, name: &str) -> Vec<ParsedAnnex> {
    let want = snapshot(store, doc);
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join(format!("{name}.xlsx"));
    save_export(store, doc, &xlsx).unwrap();
    let mut files = vec![xlsx.clone()];
    // Never skipped: without LibreOffice the .xls/.ods readers would go untested.
    require("soffice", "--version", "libreoffice-calc-nogui");
    files.push(convert(&xlsx, "xls", dir.path()));
    files.push(convert(&xlsx, "ods", dir.path()));
    let mut parsed = Vec::new();
    for f in files {
        let what = f.file_name().unwrap().to_string_lossy().into_owned();
        let p = parse_file(&f).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(p.report.unplaced.is_empty(), "{what}: {:?}", p.report.unplaced);
        assert!(p.report.warnings.is_empty(), "{what}: {:?}", p.report.warnings);
        let mut other = store_in(dir.path(), &format!("{what}.db"));
        let id = other.import(&p).unwrap().document_id;
        assert_same(&want, &snapshot(&other, id), &what);
        parsed.push(p);
    }
    parsed
}

// --------------------------------------------------------------------------------------- round trips

#[test]
fn the_sample_comes_back_from_xlsx_xls_and_ods() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path(), "a.db");
    let doc = store.load_sample().unwrap().document_id;
    let parsed = round_trip_every_format(&store, doc, "附件");
    let p = &parsed[0];
    assert_eq!(p.report.format, "Excel 工作簿（.xlsx），工作表“附件”");
    assert_eq!(p.report.encoding, "");
    assert_eq!(p.report.header_line, 3);
    assert_eq!(p.rows[0].line, 4);
    assert_eq!(p.report.lines, 3 + 20);
    assert_eq!(p.item_count(), 20);
    if parsed.len() == 3 {
        assert!(
            parsed[1].report.format.starts_with("Excel 97-2003 工作簿（.xls），工作表“附件”"),
            "{}",
            parsed[1].report.format
        );
        assert!(
            parsed[2].report.format.starts_with("OpenDocument 电子表格（.ods），工作表“附件”"),
            "{}",
            parsed[2].report.format
        );
    }
}

/// Multi-paragraph cells, empty cells, headings, a custom 序号, cooperating units, a custom column and rare
/// characters (extension B 𠀀, extension A 䶮).
fn hand_built(store: &mut Store) -> DocumentId {
    let mut draft = DocumentDraft::titled("某某改革\n任务分工表");
    draft.annex_label = "附件2".into();
    draft.columns = vec![
        Column::new(ColumnKind::Number, 1.0),
        Column::new(ColumnKind::Title, 3.0),
        Column::new(ColumnKind::Content, 6.0),
        Column::new(ColumnKind::LeadUnits, 2.0),
        Column::new(ColumnKind::CoopUnits, 2.0),
        Column::new(ColumnKind::Deadline, 2.0),
        Column::new(ColumnKind::Custom("进展情况".into()), 2.0),
    ];
    let doc = store.create_document(&draft).unwrap();
    let unit = |n: &str, role| UnitRef { name: n.into(), role };
    let rows = vec![
        ItemDraft { is_heading: true, title: "一、优化营商环境".into(), ..Default::default() },
        ItemDraft {
            title: "推行“容缺受理”𠀀".into(),
            content: "第一段：㐀𠀀字要保留。\n第二段：䶮字也要保留。\n第三段".into(),
            deadline_text: "2026年6月30日前".into(),
            deadline: fengong::import::parse_deadline("2026年6月30日前"),
            units: vec![
                unit("省政务服务数据管理局", Role::Lead),
                unit("省司法厅", Role::Lead),
                unit("省财政厅", Role::Cooperating),
            ],
            custom: BTreeMap::from([("进展情况".to_string(), "已完成\n正在总结".to_string())]),
            ..Default::default()
        },
        ItemDraft { title: "空格较多的事项".into(), ..Default::default() },
        ItemDraft { is_heading: true, title: "二、加强事中事后监管".into(), ..Default::default() },
        ItemDraft {
            number_label: Some("3-1".into()),
            title: "自定义序号".into(),
            content: "只有一段。".into(),
            units: vec![unit("海关总署广东分署", Role::Lead)],
            ..Default::default()
        },
        ItemDraft {
            content: "没有事项名称、只有内容的一行。".into(),
            units: vec![unit("省商务厅", Role::Cooperating)],
            custom: BTreeMap::from([("进展情况".to_string(), "推进中".to_string())]),
            ..Default::default()
        },
    ];
    for r in &rows {
        store.add_item(doc, None, r).unwrap();
    }
    doc
}

#[test]
fn a_hand_built_document_with_paragraphs_blanks_headings_and_rare_characters_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path(), "a.db");
    let doc = hand_built(&mut store);
    let parsed = round_trip_every_format(&store, doc, "手工");
    for p in &parsed {
        assert_eq!(p.rows.iter().filter(|r| r.draft.is_heading).count(), 2);
        let first = &p.rows[1].draft;
        assert!(first.content.contains('\n') && first.content.contains("𠀀") && first.content.contains("䶮"));
        assert_eq!(first.deadline.map(|d| d.to_string()).as_deref(), Some("2026-06-30"));
        assert_eq!(p.columns[6].kind, ColumnKind::Custom("进展情况".into()));
    }
}

#[test]
fn a_generated_two_thousand_item_document_comes_back_from_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path(), "a.db");
    let text = fengong::sample::generate_annex(2000);
    let parsed = fengong::import::parse_annex(text.as_bytes(), "big.txt").unwrap();
    let doc = store.import(&parsed).unwrap().document_id;
    let t = std::time::Instant::now();
    let back = round_trip_every_format(&store, doc, "big");
    eprintln!("2000 items through {} formats in {:?}", back.len(), t.elapsed());
    assert_eq!(back[0].item_count(), store.items(doc).unwrap().len());
}

// ------------------------------------------------------------------------------- hand-made workbooks

#[test]
fn merged_cells_expand_to_every_row_and_the_header_is_found_under_the_title() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("合并单元格.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("分工表").unwrap();
    let plain = Format::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.write_string(0, 0, "附件3").unwrap();
    ws.merge_range(1, 0, 1, 6, "关于推进某项改革的\n任务分工表", &plain).unwrap();
    for (c, h) in
        ["序号", "事项", "主要内容", "牵头单位", "复制推广范围", "完成时限", "联系人"].iter().enumerate()
    {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    // Items 1–3 share a 牵头单位 merged down three rows; items 1–2 share a 复制推广范围.
    for (i, (title, content, who)) in
        [("甲事项", "甲的内容", "张三"), ("乙事项", "乙的第一段\n乙的第二段", "李四"), ("丙事项", "", "")]
            .iter()
            .enumerate()
    {
        let r = 4 + i as u32;
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        ws.write_string(r, 1, *title).unwrap();
        if !content.is_empty() {
            ws.write_string(r, 2, *content).unwrap();
        }
        if !who.is_empty() {
            ws.write_string(r, 6, *who).unwrap();
        }
    }
    ws.merge_range(4, 3, 6, 3, "省商务厅、省发展改革委", &plain).unwrap();
    ws.merge_range(4, 4, 5, 4, "全省", &plain).unwrap();
    ws.write_string(6, 4, "珠三角九市").unwrap();
    ws.write_datetime_with_format(4, 5, ExcelDateTime::from_ymd(2025, 6, 30).unwrap(), &date).unwrap();
    // A heading merged across the table, then one merged over only part of it.
    ws.merge_range(7, 0, 7, 6, "二、第二组", &plain).unwrap();
    ws.write_number(8, 0, 4.0).unwrap();
    ws.write_string(8, 1, "丁事项").unwrap();
    ws.write_string(8, 3, "省科技厅").unwrap();
    ws.merge_range(9, 0, 9, 2, "三、第三组", &plain).unwrap();
    ws.write_number(10, 0, 5.0).unwrap();
    ws.write_string(10, 1, "戊事项").unwrap();
    wb.save(&path).unwrap();

    // The same sheet saved by LibreOffice as .xls and .ods keeps its merged regions.
    require("soffice", "--version", "libreoffice-calc-nogui");
    let files = vec![path.clone(), convert(&path, "xls", dir.path()), convert(&path, "ods", dir.path())];
    for f in &files {
        check_merged_sheet(&parse_file(f).unwrap_or_else(|e| panic!("{e}")), f);
    }
    assert_eq!(parse_file(&path).unwrap().report.format, "Excel 工作簿（.xlsx），工作表“分工表”");

    // Through the store: the whole table in one document.
    let mut store = store_in(dir.path(), "a.db");
    let out = import_path(&mut store, &path).unwrap();
    assert_eq!((out.items, out.headings), (5, 2));
}

fn check_merged_sheet(p: &ParsedAnnex, f: &Path) {
    eprintln!("{}: {}", f.display(), p.report.format);
    assert_eq!(p.annex_label, "附件3");
    assert_eq!(p.title, "关于推进某项改革的\n任务分工表");
    assert_eq!(p.report.header_line, 4);
    assert!(p.report.format.ends_with("，工作表“分工表”"), "{}", p.report.format);
    assert!(p.report.unplaced.is_empty(), "{:?}", p.report.unplaced);
    assert_eq!(p.columns[6].kind, ColumnKind::Custom("联系人".into()), "unknown column kept as custom");
    let items: Vec<&ItemDraft> = p.rows.iter().map(|r| &r.draft).filter(|d| !d.is_heading).collect();
    let headings: Vec<&str> =
        p.rows.iter().filter(|r| r.draft.is_heading).map(|r| r.draft.title.as_str()).collect();
    assert_eq!(headings, ["二、第二组", "三、第三组"]);
    assert_eq!(items.len(), 5);
    let leads = |d: &ItemDraft| {
        d.units.iter().filter(|u| u.role == Role::Lead).map(|u| u.name.clone()).collect::<Vec<_>>()
    };
    for d in &items[..3] {
        assert_eq!(leads(d), ["省商务厅", "省发展改革委"], "{}", d.title);
    }
    assert_eq!(leads(items[3]), ["省科技厅"]);
    let scopes: Vec<&str> = items.iter().map(|d| d.scope.as_str()).collect();
    assert_eq!(scopes, ["全省", "全省", "珠三角九市", "", ""]);
    assert_eq!(items[0].number_label, None, "序号 1 read as 1, not 1.0");
    assert_eq!(items[0].deadline_text, "2025年6月30日");
    assert_eq!(items[0].deadline.map(|d| d.to_string()).as_deref(), Some("2025-06-30"));
    assert_eq!(items[1].content, "乙的第一段\n乙的第二段");
    assert_eq!(items[0].custom.get("联系人").map(String::as_str), Some("张三"));
    assert_eq!(items[2].content, "");
}

#[test]
fn the_sheet_with_the_header_is_chosen_and_our_detail_sheet_never_wins() {
    let dir = tempfile::tempdir().unwrap();
    // A notes sheet first, the table second (header on row 2), a third sheet left alone.
    let path = dir.path().join("多表.xlsx");
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("说明").unwrap().write_string(0, 0, "本表由某某办汇总").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("数据").unwrap();
    ws.write_string(0, 0, "某某任务分工表").unwrap();
    for (c, h) in ["序号", "事项", "牵头单位"].iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    ws.write_number(2, 0, 1.0).unwrap();
    ws.write_string(2, 1, "甲事项").unwrap();
    ws.write_string(2, 2, "省商务厅").unwrap();
    wb.add_worksheet().set_name("草稿").unwrap().write_string(0, 0, "序号").unwrap();
    wb.save(&path).unwrap();
    let p = parse_file(&path).unwrap();
    assert_eq!(p.report.format, "Excel 工作簿（.xlsx），工作表“数据”");
    assert_eq!((p.report.header_line, p.item_count()), (2, 1));
    let warnings: Vec<&str> = p.report.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(
        warnings.iter().any(|w| w.contains("“说明”中没有找到表头行") && w.contains("“数据”")),
        "{warnings:?}"
    );
    assert!(warnings.iter().any(|w| w.contains("其他工作表“说明”“草稿”未导入")), "{warnings:?}");

    // Our export's 分工明细 moved in front of the table: the table is still the one read, and the detail
    // sheet (same content) is not reported as left out.
    let path = dir.path().join("明细在前.xlsx");
    let mut wb = Workbook::new();
    let d = wb.add_worksheet();
    d.set_name("分工明细").unwrap();
    for (c, h) in ["序号", "事项", "单位", "角色"].iter().enumerate() {
        d.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["1", "甲事项", "省商务厅", "牵头"].iter().enumerate() {
        d.write_string(1, c as u16, *v).unwrap();
    }
    let t = wb.add_worksheet();
    t.set_name("附件").unwrap();
    for (c, h) in ["序号", "事项", "牵头单位"].iter().enumerate() {
        t.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["1", "甲事项", "省商务厅"].iter().enumerate() {
        t.write_string(1, c as u16, *v).unwrap();
    }
    wb.save(&path).unwrap();
    let p = parse_file(&path).unwrap();
    assert_eq!(p.report.format, "Excel 工作簿（.xlsx），工作表“附件”");
    assert_eq!(p.rows[0].draft.units, [UnitRef { name: "省商务厅".into(), role: Role::Lead }]);
    assert!(!p.report.warnings.iter().any(|w| w.message.contains("工作表")), "{:?}", p.report.warnings);
}

/// A sheet whose header the importer knows none of (编号 项目 单位 目标) is not refused: it is read, its columns
/// shown for the user to name; a 说明 sheet of sentences before it is not taken for it, and a sheet with a
/// known header later in the workbook still wins.
#[test]
fn a_sheet_of_unknown_labels_is_read_for_the_user_to_name_its_columns() {
    let unknown = |ws: &mut rust_xlsxwriter::Worksheet| {
        ws.write_string(0, 0, "2026年重点工作台账").unwrap();
        for (c, h) in ["编号", "项目", "单位", "目标"].iter().enumerate() {
            ws.write_string(1, c as u16, *h).unwrap();
        }
        for (r, row) in
            [["1", "建设平台", "省财政厅", "年底建成"], ["2", "清理证明", "省司法厅、省公安厅", "减少证明"]]
                .iter()
                .enumerate()
        {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(2 + r as u32, c as u16, *v).unwrap();
            }
        }
    };
    let bytes = workbook_bytes(|wb| {
        let notes = wb.add_worksheet();
        notes.set_name("说明").unwrap();
        notes.write_string(0, 0, "填表说明：请各单位按要求如实填写，于每月25日前报送。").unwrap();
        notes.write_string(1, 0, "联系人：张三，电话：12345678。").unwrap();
        unknown(wb.add_worksheet().set_name("台账").unwrap());
    });
    let p = parse_any(&bytes, "台账.xlsx").unwrap();
    assert_eq!(p.report.format, "Excel 工作簿（.xlsx），工作表“台账”");
    assert_eq!((p.report.header_line, p.rows.len()), (2, 2));
    assert!(p.columns[1..].iter().all(|c| matches!(c.kind, ColumnKind::Custom(_))), "{:?}", p.columns);
    let w: Vec<&str> = p.report.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(w.iter().any(|w| w.contains("请在预览中")), "{w:?}");
    assert!(w.iter().any(|w| w.contains("“说明”中没有找到表头行")), "{w:?}");
    // The user names 项目 and 单位; the import then writes both rows with their units.
    let p = fengong::import::with_column_kind(&p, 1, ColumnKind::Title).unwrap();
    let p = fengong::import::with_column_kind(&p, 2, ColumnKind::LeadUnits).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path(), "a.db");
    let doc = store.import(&p).unwrap().document_id;
    let items = store.items(doc).unwrap();
    assert_eq!(items[1].title, "清理证明");
    let leads: Vec<String> = items[1].to_draft().units.into_iter().map(|u| u.name).collect();
    assert_eq!(leads, ["省司法厅", "省公安厅"]);

    // A known table on a later sheet wins over the unknown one before it.
    let bytes = workbook_bytes(|wb| {
        unknown(wb.add_worksheet().set_name("台账").unwrap());
        table_sheet(wb, "乙的内容");
    });
    let p = parse_any(&bytes, "两表.xlsx").unwrap();
    assert_eq!(p.report.format, "Excel 工作簿（.xlsx），工作表“Sheet2”");
    assert_eq!(p.rows[1].draft.content, "乙的内容");
    // A workbook of sentences only is still refused.
    let bytes = workbook_bytes(|wb| {
        wb.add_worksheet().write_string(0, 0, "本表由某某办汇总。").unwrap();
    });
    assert!(parse_any(&bytes, "说明.xlsx").unwrap_err().to_string().contains("没有找到表头行"));
}

#[test]
fn cells_read_as_shown_and_error_values_are_reported() {
    let bytes = workbook_bytes(|wb| {
        let ws = wb.add_worksheet();
        for (c, h) in ["序号", "事项", "主要内容", "备注"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        ws.write_number(1, 0, 1.0).unwrap();
        ws.write_string(1, 1, "甲事项").unwrap();
        ws.write_formula(1, 2, rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!")).unwrap();
        ws.write_boolean(1, 3, true).unwrap();
        ws.write_number(2, 0, 2.0).unwrap();
        ws.write_string(2, 1, "乙事项").unwrap();
        ws.write_number(2, 2, 1234.5).unwrap();
        ws.write_formula(2, 3, rust_xlsxwriter::Formula::new("=0.1+0.2").set_result("0.30000000000000004"))
            .unwrap();
    });
    let p = parse_any(&bytes, "取值.xlsx").unwrap();
    let items: Vec<&ItemDraft> = p.rows.iter().map(|r| &r.draft).collect();
    assert_eq!((items[0].content.as_str(), items[0].notes.as_str()), ("", "TRUE"));
    assert_eq!((items[1].content.as_str(), items[1].notes.as_str()), ("1234.5", "0.3"));
    assert_eq!(items[1].number_label, None, "序号 2 read as 2");
    let w = &p.report.warnings;
    assert!(
        w.iter().any(|w| w.line == Some(2) && w.message.contains("C2 单元格是错误值 #DIV/0!，已按空白导入")),
        "{w:?}"
    );
}

// ------------------------------------------------------------------------------------------ malformed

fn workbook_bytes(build: impl FnOnce(&mut Workbook)) -> Vec<u8> {
    let mut wb = Workbook::new();
    build(&mut wb);
    wb.save_to_buffer().unwrap()
}

fn table_sheet(wb: &mut Workbook, marker: &str) {
    let ws = wb.add_worksheet();
    for (c, h) in ["序号", "事项", "主要内容"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 1.0).unwrap();
    ws.write_string(1, 1, "甲事项").unwrap();
    ws.write_string(1, 2, "短内容").unwrap();
    ws.write_number(4, 0, 2.0).unwrap();
    ws.write_string(4, 1, "乙事项").unwrap();
    ws.write_string(4, 2, marker).unwrap();
}

/// Every malformed file is refused with a message naming the file, and the store stays empty.
#[test]
fn malformed_workbooks_are_refused_clearly_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path(), "a.db");
    let mut refuse = |name: &str, bytes: &[u8], needles: &[&str]| -> String {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let e = import_path(&mut store, &path).expect_err(name).to_string();
        assert!(e.contains(name), "{name}: names the file: {e}");
        for n in needles {
            assert!(e.contains(n), "{name}: “{n}” in {e}");
        }
        assert!(!e.contains("panicked"), "{e}");
        eprintln!("{name}: {e}");
        e
    };
    let good = workbook_bytes(|wb| table_sheet(wb, "正常"));
    assert_eq!(parse_any(&good, "good.xlsx").unwrap().item_count(), 2, "the base workbook itself imports");

    // Truncated: the zip's directory at the end is lost.
    refuse("截断.xlsx", &good[..good.len() / 2], &["不完整", "截断", "未导入"]);
    // Complete zip, damaged sheet data (bytes of the compressed worksheet flipped).
    let mut damaged = good.clone();
    let at = damaged.windows(24).position(|w| w == b"xl/worksheets/sheet1.xml").unwrap() + 60;
    for b in &mut damaged[at..at + 40] {
        *b ^= 0x5A;
    }
    refuse("损坏.xlsx", &damaged, &["损坏", "未导入"]);
    // Complete zip, worksheet XML cut off inside the table (written by a tool that stopped half-way).
    let xml = zip_text(&good, "xl/worksheets/sheet1.xml");
    let cut = xml.find("<row r=\"5\"").unwrap();
    let cut_sheet = patch_zip_entry(&good, "xl/worksheets/sheet1.xml", &xml, &xml[..cut]);
    refuse("半截工作表.xlsx", &cut_sheet, &["工作表“Sheet1”无法读取", "未导入"]);
    // Random bytes named .xlsx.
    let mut x: u64 = 0x2545F4914F6CDD1D;
    let random: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    refuse("随机.xlsx", &random, &[]);
    // No header in any sheet: the message lists the sheets looked at.
    let no_header = workbook_bytes(|wb| {
        wb.add_worksheet().set_name("Sheet1").unwrap().write_string(0, 0, "随便写的一句话").unwrap();
        wb.add_worksheet().set_name("分工明细").unwrap().write_string(2, 1, "也没有表头").unwrap();
    });
    refuse(
        "无表头.xlsx",
        &no_header,
        &["工作簿《无表头.xlsx》的工作表“Sheet1”“分工明细”中都没有找到表头行", "前 30 行"],
    );
    // A 1 MB cell on sheet row 5: refused by the shared limit, naming the row.
    let huge_cell = patch_zip_entry(&good, "xl/sharedStrings.xml", "正常", &"长".repeat(1_000_000));
    let e = refuse("超长.xlsx", &huge_cell, &["第 5 行", "第 3 列", "1000000", "100000"]);
    assert!(e.contains("未导入"), "{e}");
    // Content far down or far right: refused before it fills memory.
    let far_down = workbook_bytes(|wb| {
        table_sheet(wb, "x");
        wb.worksheet_from_index(0).unwrap().write_string(250_000, 0, "远处的一格").unwrap();
    });
    refuse("太长.xlsx", &far_down, &["第 250001 行还有内容", "200000 行"]);
    let far_right = workbook_bytes(|wb| {
        table_sheet(wb, "x");
        wb.worksheet_from_index(0).unwrap().write_string(3, 250, "远处的一格").unwrap();
    });
    refuse("太宽.xlsx", &far_right, &["第 251 列（IQ 列）还有内容", "200 列"]);
    // An .ods whose one filled row is repeated half a million times (a few hundred bytes unpacked).
    refuse("重复行.ods", &ods_with_repeated_row(500_000), &["第 500001 行还有内容"]);
    // Encrypted (password to open): Excel's OLE container with an EncryptedPackage stream.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(std::iter::repeat_n(0u8, 512));
    ole.extend("EncryptedPackage".encode_utf16().flat_map(|u| u.to_le_bytes()));
    refuse("加密.xlsx", &ole, &["密码", "未导入"]);

    assert!(store.list_documents().unwrap().is_empty(), "nothing written");
}

fn ods_with_repeated_row(times: u32) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1"><table:table-row><table:table-cell office:value-type="string"><text:p>序号</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>事项</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="{times}"><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    w.start_file("content.xml", zip::write::SimpleFileOptions::default()).unwrap();
    w.write_all(content.as_bytes()).unwrap();
    w.finish().unwrap().into_inner()
}
