//! CSV import (both encodings, mixed line ends, formula guard taken back), the file kind taken from the
//! content rather than the name, and the CLI's `import` / `export --format`. Real SQLite files in temp dirs;
//! the CLI run as a process.

mod common;

use std::path::Path;

use common::fengong;
use fengong::export::ExportFormat;
use fengong::import::{detect, parse_any, FileKind};
use fengong::model::{
    default_width, Column, ColumnKind, DocumentDraft, DocumentId, Item, ItemDraft, Role, UnitRef,
};
use fengong::service::export::export_document;
use fengong::store::Store;

fn store_in(dir: &Path) -> Store {
    Store::open(dir.join("formats.db")).unwrap()
}

/// What must survive a CSV round trip: every cell's text and each unit with its role, in order.
type Essence = (bool, String, String, String, Vec<(String, Role)>, Vec<(String, String)>);

fn essence(items: &[Item]) -> Vec<Essence> {
    items
        .iter()
        .map(|i| {
            (
                i.is_heading,
                i.title.clone(),
                i.content.clone(),
                i.scope.clone(),
                i.assignments.iter().map(|a| (a.unit_name.clone(), a.role)).collect(),
                i.custom.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            )
        })
        .collect()
}

fn docs(store: &Store) -> usize {
    store.list_documents().unwrap().len()
}

/// A document with what CSV must carry: paragraphs, quotes and commas, formula-like cells, an empty cell,
/// a group heading, cooperating units, a custom column and rare characters.
fn awkward_document(store: &mut Store) -> DocumentId {
    let columns = vec![
        Column::new(ColumnKind::Number, default_width(&ColumnKind::Number)),
        Column::new(ColumnKind::Title, default_width(&ColumnKind::Title)),
        Column::new(ColumnKind::Content, default_width(&ColumnKind::Content)),
        Column::new(ColumnKind::LeadUnits, default_width(&ColumnKind::LeadUnits)),
        Column::new(ColumnKind::CoopUnits, default_width(&ColumnKind::CoopUnits)),
        Column {
            kind: ColumnKind::Custom("进展情况".into()),
            label: "进展情况".into(),
            width: 2.8,
            fixed: false,
        },
    ];
    let doc = store
        .create_document(&DocumentDraft {
            title: "逗号，引号与公式测试表".into(),
            annex_label: "附件2".into(),
            doc_number: None,
            issue_date: None,
            notes: String::new(),
            columns,
        })
        .unwrap();
    let unit = |n: &str, role| UnitRef { name: n.into(), role };
    let items = [
        ItemDraft { is_heading: true, title: "一、贸易便利化".into(), ..Default::default() },
        ItemDraft {
            title: "“单一窗口”，一站式".into(),
            content: "第一段，含\"引号\"和 WMS,ERP 系统。\n第二段：=SUM(A1)不是公式\n第三段𠀀䶮".into(),
            units: vec![
                unit("省商务厅", Role::Lead),
                unit("海关总署广东分署", Role::Lead),
                unit("省税务局", Role::Cooperating),
            ],
            custom: [("进展情况".to_string(), "=已完成".to_string())].into(),
            ..Default::default()
        },
        ItemDraft {
            title: "-负号开头的事项".into(),
            content: "@提及开头".into(),
            units: vec![unit("省税务局", Role::Lead)],
            ..Default::default()
        },
        ItemDraft {
            title: "没有主要内容".into(),
            units: vec![unit("省商务厅", Role::Lead)],
            ..Default::default()
        },
    ];
    for d in &items {
        store.add_item(doc, None, d).unwrap();
    }
    doc
}

#[test]
fn csv_export_imports_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path());
    let sample = store.load_sample().unwrap().document_id;
    let awkward = awkward_document(&mut store);
    for doc in [sample, awkward] {
        let d = store.document(doc).unwrap();
        let bytes = export_document(&store, doc, ExportFormat::Csv).unwrap();
        // The default file name is the title, which is how a CSV (that has no title row) keeps it.
        let name = saved_name(&store, d.id, ExportFormat::Csv);
        let parsed = parse_any(&bytes, &name).unwrap();
        assert_eq!(parsed.report.format, "CSV（逗号分隔）");
        assert_eq!(parsed.report.encoding, "UTF-8（带 BOM）");
        assert!(parsed.report.unplaced.is_empty(), "{:?}", parsed.report.unplaced);
        assert_eq!(parsed.title, d.title.replace('\n', ""));
        assert_eq!(
            parsed.columns.iter().map(|c| (&c.kind, &c.label)).collect::<Vec<_>>(),
            d.columns.iter().map(|c| (&c.kind, &c.label)).collect::<Vec<_>>()
        );
        let back = store.import_again(&parsed).unwrap().document_id;
        assert_eq!(essence(&store.items(back).unwrap()), essence(&store.items(doc).unwrap()));
    }
    // The guard against formulas is taken back: the cell is "=已完成" again, not "'=已完成".
    let items = store.items(awkward).unwrap();
    assert_eq!(items[1].custom["进展情况"], "=已完成");
}

#[test]
fn a_generated_two_thousand_item_csv_round_trips() {
    let common::Seed { mut store, doc, _dir } = common::generated(2000);
    let bytes = export_document(&store, doc, ExportFormat::Csv).unwrap();
    let parsed = parse_any(&bytes, "big.csv").unwrap();
    assert_eq!(parsed.item_count(), 2000);
    let back = store.import_again(&parsed).unwrap().document_id;
    assert_eq!(essence(&store.items(back).unwrap()), essence(&store.items(doc).unwrap()));
}

#[test]
fn gbk_csv_with_mixed_line_ends_is_read_and_the_encoding_named() {
    let text = "附件\r\n某市任务分工表\n序号,事项,主要内容,牵头单位\r1,甲事项,\"第一段\r\n第二段\",省税务局、市商务局\r\n2,乙事项,内容（二）,市商务局\n";
    let (gbk, _, bad) = encoding_rs::GBK.encode(text);
    assert!(!bad);
    let p = parse_any(&gbk, "分工.csv").unwrap();
    assert_eq!(p.report.encoding, "GB18030（GBK）");
    assert_eq!(p.report.format, "CSV（逗号分隔）");
    assert!(p.report.to_lines()[0].contains("GB18030"), "{:?}", p.report.to_lines());
    assert_eq!(p.annex_label, "附件");
    assert_eq!(p.title, "某市任务分工表");
    assert_eq!(p.rows.len(), 2);
    assert_eq!(p.rows[0].draft.content, "第一段\n第二段");
    assert_eq!(
        p.rows[0].draft.units.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(),
        ["省税务局", "市商务局"]
    );
    // Line numbers count every kind of line end: row 2 starts on line 6 (CR, CRLF and LF each end one line).
    assert_eq!(p.report.header_line, 3);
    assert_eq!((p.rows[0].line, p.rows[1].line), (4, 6));
    // The same bytes as UTF-8 without a BOM.
    let p = parse_any(text.as_bytes(), "分工.csv").unwrap();
    assert_eq!(p.report.encoding, "UTF-8");
    assert_eq!(p.rows.len(), 2);
}

#[test]
fn commas_are_found_even_without_a_csv_name_and_tabs_still_win_for_pasted_text() {
    let csv = "序号,事项,主要内容,牵头单位\n1,甲,内容,省税务局\n";
    let p = parse_any(csv.as_bytes(), "粘贴的文字").unwrap();
    assert_eq!(p.report.format, "CSV（逗号分隔）");
    assert_eq!(p.rows[0].draft.title, "甲");
    // A tab-separated row whose content holds commas stays one cell.
    let tsv = "序号\t事项\t主要内容\t牵头单位\n1\t甲\t一，二,三\t省税务局\n";
    let p = parse_any(tsv.as_bytes(), "a.txt").unwrap();
    assert_eq!(p.report.format, "文本（制表符分隔）");
    assert_eq!(p.rows[0].draft.content, "一，二，三");
}

#[test]
fn broken_or_foreign_files_are_refused_naming_the_file_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path());
    store.load_sample().unwrap();
    let before = docs(&store);
    let docx = export_document(&store, 1, ExportFormat::Docx).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("截断.docx", docx[..docx.len() / 2].to_vec(), "损坏"),
        (
            "旧版.doc",
            {
                let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
                b.extend("WordDocument".encode_utf16().flat_map(|u| u.to_le_bytes()));
                b
            },
            ".docx",
        ),
        ("扫描件.pdf", b"%PDF-1.7\n".to_vec(), "PDF"),
        ("无表头.csv", "甲,乙\n1,2\n".as_bytes().to_vec(), "表头"),
        ("空.csv", b"\r\n \r\n".to_vec(), "空"),
    ];
    for (name, bytes, expect) in cases {
        let e = parse_any(&bytes, name).unwrap_err().to_string();
        assert!(e.contains(name) && e.contains(expect), "{name}: {e}");
        // Through the CLI too: an error, exit status 1, and no document added.
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let o = fengong(&dir.path().join("formats.db"), &["import", path.to_str().unwrap()]);
        assert!(!o.status.success(), "{name}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(name),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    assert_eq!(docs(&Store::open(dir.path().join("formats.db")).unwrap()), before);
    drop(store);
}

#[test]
fn the_kind_comes_from_the_content_not_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path());
    let doc = store.load_sample().unwrap().document_id;
    let xlsx = export_document(&store, doc, ExportFormat::Xlsx).unwrap();
    let docx = export_document(&store, doc, ExportFormat::Docx).unwrap();
    assert_eq!(detect(&xlsx, "附件.docx"), FileKind::Xlsx);
    assert_eq!(detect(&docx, "附件.txt"), FileKind::Docx);
    assert_eq!(detect(fengong::sample::SAMPLE_TEXT.as_bytes(), "附件.xlsx"), FileKind::Text);
    // A CSV saved with a .txt name is still read as CSV.
    let csv = export_document(&store, doc, ExportFormat::Csv).unwrap();
    let p = parse_any(&csv, "附件.txt").unwrap();
    assert_eq!(p.report.format, "CSV（逗号分隔）");
    assert_eq!(p.item_count(), 20);
}

// -------------------------------------------------------------------------------------------- CLI

#[test]
fn cli_export_format_flag_and_import_of_a_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    assert!(fengong(&db, &["sample"]).status.success());
    // --format decides, whatever the name (here none); a contradicting extension is refused before writing.
    let out = dir.path().join("分工表");
    let o = fengong(&db, &["export", "1", "--format", "csv", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read(&out).unwrap().starts_with(b"\xEF\xBB\xBF"));
    let wrong = dir.path().join("分工表.xlsx");
    let o = fengong(&db, &["export", "1", "--format", "docx", "-o", wrong.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && stderr.contains(".xlsx") && stderr.contains("docx"), "{stderr}");
    assert!(!wrong.exists());
    let o = fengong(&db, &["export", "1", "--format", "pdfx", "-o", wrong.to_str().unwrap()]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("pdfx"));

    // The CSV imports back through the CLI (as a second copy: the same annex is refused without --again).
    let csv = dir.path().join("广东自贸试验区第八批可复制推广改革创新经验任务分工表.csv");
    std::fs::copy(&out, &csv).unwrap();
    let o = fengong(&db, &["import", csv.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && stderr.contains("已经导入过"), "{stderr}");
    let o = fengong(&db, &["import", "--again", csv.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout.contains("CSV（逗号分隔）") && stdout.contains("事项 20 项"), "{stdout}");
}

#[test]
fn a_json_bundle_imports_through_the_same_door_and_merges_units_by_alias() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    assert!(fengong(&a, &["sample"]).status.success());
    let json = dir.path().join("附件.fengong.json");
    let o = fengong(&a, &["export", "1", "--format", "json", "-o", json.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // The other office calls 省税务局 by its long name and knows the short one as an alias.
    let b = dir.path().join("b.db");
    Store::open(&b)
        .unwrap()
        .create_unit("国家税务总局广东省税务局", None, &["省税务局".to_string()])
        .unwrap();
    // …and already has 省公安厅 under the same name.
    Store::open(&b).unwrap().create_unit("省公安厅", None, &[]).unwrap();
    let o = fengong(&b, &["import", "--dry-run", json.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("分工数据包（JSON，格式版本 1）"));
    let o = fengong(&b, &["import", json.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout.contains("省税务局 → 国家税务总局广东省税务局"), "{stdout}");
    // A unit matched by its name is reported too, and is not among the new ones (13 in the sample, 2 known).
    assert!(stdout.contains("省公安厅（同名，沿用已有单位）"), "{stdout}");
    assert!(stdout.contains("新建单位 11 个"), "{stdout}");

    // The items are the sample's, with the tax bureau's assignments on the existing unit.
    let sa = Store::open(&a).unwrap();
    let sb = Store::open(&b).unwrap();
    let ia = essence(&sa.items(1).unwrap());
    let ib = essence(&sb.items(1).unwrap());
    assert_eq!(ia.len(), ib.len());
    for (x, y) in ia.iter().zip(&ib) {
        assert_eq!((&x.0, &x.1, &x.2, &x.3), (&y.0, &y.1, &y.2, &y.3));
        let renamed: Vec<(String, Role)> =
            x.4.iter()
                .map(|(n, r)| {
                    (
                        if n == "省税务局" {
                            "国家税务总局广东省税务局".to_string()
                        } else {
                            n.clone()
                        },
                        *r,
                    )
                })
                .collect();
        assert_eq!(renamed, y.4);
    }
    // parse_any keeps the bundle for the store; a broken one is refused with its position.
    let bytes = std::fs::read(&json).unwrap();
    let p = parse_any(&bytes, "附件.fengong.json").unwrap();
    assert!(p.bundle.is_some());
    assert_eq!(p.item_count(), 20);
    let e = parse_any(&bytes[..bytes.len() / 2], "半截.json").unwrap_err().to_string();
    assert!(e.contains("半截.json") && e.contains("行"), "{e}");
}

#[test]
fn random_bytes_named_like_an_office_file_say_what_the_name_promised() {
    let noise: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    for (name, what) in
        [("附件.xlsx", "Excel 工作簿"), ("附件.docx", "Word 文档"), ("附件.ods", "OpenDocument")]
    {
        let e = parse_any(&noise, name).unwrap_err().to_string();
        assert!(e.contains(name) && e.contains(what) && e.contains("损坏"), "{name}: {e}");
    }
    // A text file that is merely named .xlsx still imports as text.
    assert_eq!(parse_any(fengong::sample::SAMPLE_TEXT.as_bytes(), "附件.xlsx").unwrap().item_count(), 20);
}

/// 2,000 items in 20 groups, with two-paragraph cells, empty 主要内容/复制推广范围/unit cells, several units per
/// cell and characters outside the BMP, as pasted text.
fn rich_annex_text(n: usize) -> String {
    const GROUPS: [&str; 20] = [
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五",
        "十六", "十七", "十八", "十九", "二十",
    ];
    let mut t =
        String::from("附件\n\n丰富的二千项任务分工表\n\n序号\t事项\t主要内容\t牵头单位\t复制推广范围\n");
    for i in 1..=n {
        if (i - 1) % 100 == 0 {
            t.push_str(&format!("{}、第{}组改革事项\n", GROUPS[(i - 1) / 100 % 20], (i - 1) / 100 + 1));
        }
        let title = if i % 13 == 0 { format!("事项{i}𠀀䶮") } else { format!("事项{i}") };
        let content = match i % 17 {
            0 => String::new(),
            _ if i % 7 == 0 => format!("\"第一段{i}，说明。\n第二段：𪚥与“引号”。\""),
            _ => format!("内容{i}"),
        };
        let units = if i % 19 == 0 {
            ""
        } else {
            ["省商务厅", "省税务局、广州市", "深圳市、珠海市、横琴粤澳深度合作区"][i % 3]
        };
        let scope = if i % 11 == 0 { "" } else { "全省" };
        t.push_str(&format!("{i}\t{title}\t{content}\t{units}\t{scope}\n"));
    }
    t
}

#[test]
fn every_format_round_trips_a_rich_two_thousand_item_document() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path());
    let parsed = fengong::import::parse_annex(rich_annex_text(2000).as_bytes(), "rich.txt").unwrap();
    assert!(parsed.report.unplaced.is_empty(), "{:?}", parsed.report.unplaced.first());
    let doc = store.import(&parsed).unwrap().document_id;
    let original = store.items(doc).unwrap();
    assert_eq!(original.len(), 2020, "2,000 items and 20 headings");
    assert!(original.iter().any(|i| i.content.contains('\n') && i.content.contains('𪚥')));
    assert!(original.iter().any(|i| !i.is_heading && i.assignments.is_empty()));
    let d = store.document(doc).unwrap();
    for format in ExportFormat::ALL {
        let bytes = export_document(&store, doc, format).unwrap();
        let name = saved_name(&store, d.id, format);
        let parsed = parse_any(&bytes, &name).unwrap_or_else(|e| panic!("{format:?}: {e}"));
        assert!(parsed.report.unplaced.is_empty(), "{format:?}: {:?}", parsed.report.unplaced.first());
        assert_eq!(parsed.title, d.title, "{format:?}");
        let back = store.import_again(&parsed).unwrap().document_id;
        let items = store.items(back).unwrap();
        let (a, b) = (essence(&items), essence(&original));
        assert_eq!(a.len(), b.len(), "{format:?}");
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "{format:?}");
        }
    }
}

#[test]
fn cli_export_prints_a_typed_doc_number_before_the_label_and_it_imports_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("n.db");
    assert!(fengong(&db, &["sample"]).status.success());
    // The sample has no 发文字号 of its own: asking for it without a text is refused.
    let out = dir.path().join("号.docx");
    let o = fengong(&db, &["export", "1", "--doc-number", "-o", out.to_str().unwrap()]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("没有发文字号"));
    assert!(!out.exists());
    for ext in ["docx", "xlsx"] {
        let out = dir.path().join(format!("号.{ext}"));
        let o =
            fengong(&db, &["export", "1", "--doc-number", "粤府函〔2020〕77号", "-o", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let p = parse_any(&std::fs::read(&out).unwrap(), "号").unwrap();
        assert_eq!(p.doc_number.as_deref(), Some("粤府函〔2020〕77号"), "{ext}");
        assert_eq!(p.annex_label, "附件", "{ext}");
    }
}

#[test]
fn bench_formats_prints_every_export_and_import_and_the_libreoffice_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let o = fengong(
        &dir.path().join("b.db"),
        &["bench", "--only", "formats", "--runs", "1", "--render-items", "30"],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for doc in ["示例（20 项）", "生成的 30 项"] {
        for ext in ["docx", "xlsx", "csv", "json"] {
            let line = out
                .lines()
                .find(|l| l.contains(doc) && l.contains(&format!(" {ext} ")))
                .unwrap_or_else(|| panic!("{doc} {ext}: {out}"));
            assert!(line.contains("导出 ") && line.contains("导入 ") && line.contains(" KB"), "{line}");
        }
        let cmp = out
            .lines()
            .find(|l| l.starts_with(&format!("  {doc}：")))
            .unwrap_or_else(|| panic!("{doc}: {out}"));
        // CI installs LibreOffice, so the comparison is there with its ratio.
        assert!(cmp.contains("LibreOffice") && cmp.contains("fengong render") && cmp.contains("倍"), "{cmp}");
    }
}

/// A document with headings in free wording and with a second paragraph, as any office writes them.
fn headed_document(store: &mut Store) -> DocumentId {
    let doc = store.create_document(&DocumentDraft::titled("分组标题测试表")).unwrap();
    let items = [
        ItemDraft {
            is_heading: true,
            title: "重点任务".into(),
            content: "共两项，年底前完成".into(),
            ..Default::default()
        },
        ItemDraft {
            title: "甲事项".into(),
            content: "内容甲".into(),
            units: vec![UnitRef { name: "省商务厅".into(), role: Role::Lead }],
            ..Default::default()
        },
        ItemDraft { is_heading: true, title: "一、税务领域".into(), ..Default::default() },
        ItemDraft {
            title: "乙事项".into(),
            content: "内容乙".into(),
            units: vec![UnitRef { name: "省税务局".into(), role: Role::Lead }],
            ..Default::default()
        },
    ];
    for d in &items {
        store.add_item(doc, None, d).unwrap();
    }
    doc
}

#[test]
fn headings_in_any_wording_and_with_content_come_back_from_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_in(dir.path());
    let doc = headed_document(&mut store);
    let d = store.document(doc).unwrap();
    let original = essence(&store.items(doc).unwrap());
    for format in ExportFormat::ALL {
        let bytes = export_document(&store, doc, format).unwrap();
        let p = parse_any(&bytes, &saved_name(&store, d.id, format)).unwrap();
        assert!(p.report.unplaced.is_empty(), "{format:?}: {:?}", p.report.unplaced);
        let back = store.import_again(&p).unwrap().document_id;
        assert_eq!(essence(&store.items(back).unwrap()), original, "{format:?}");
    }
}

#[test]
fn a_two_row_header_and_a_cell_merged_across_columns_in_excel() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("两行表头.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let f = rust_xlsxwriter::Format::new();
    ws.write_string(0, 0, "附件").unwrap();
    ws.write_string(1, 0, "某市任务分工表").unwrap();
    ws.merge_range(2, 0, 3, 0, "序号", &f).unwrap();
    ws.merge_range(2, 1, 3, 1, "事项", &f).unwrap();
    ws.merge_range(2, 2, 2, 3, "责任单位", &f).unwrap();
    ws.write_string(3, 2, "牵头单位").unwrap();
    ws.write_string(3, 3, "配合单位").unwrap();
    ws.write_string(4, 0, "1").unwrap();
    ws.write_string(4, 1, "甲事项").unwrap();
    ws.write_string(4, 2, "省商务厅").unwrap();
    ws.write_string(4, 3, "省税务局").unwrap();
    ws.write_string(5, 0, "2").unwrap();
    ws.merge_range(5, 1, 5, 2, "乙事项跨两格", &f).unwrap();
    ws.write_string(5, 3, "市商务局").unwrap();
    wb.save(&path).unwrap();
    let p = fengong::import::parse_file(&path).unwrap();
    assert_eq!(
        p.columns.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(),
        ["序号", "事项", "牵头单位", "配合单位"]
    );
    assert_eq!(p.title, "某市任务分工表");
    assert_eq!(p.item_count(), 2, "{:?}", p.rows);
    assert_eq!(
        p.rows[0].draft.units,
        vec![
            UnitRef { name: "省商务厅".into(), role: Role::Lead },
            UnitRef { name: "省税务局".into(), role: Role::Cooperating }
        ]
    );
    // Merged across 事项 and 牵头单位: one text, in 事项, not a unit called 乙事项跨两格.
    assert_eq!(p.rows[1].draft.title, "乙事项跨两格");
    assert_eq!(p.rows[1].draft.units, vec![UnitRef { name: "市商务局".into(), role: Role::Cooperating }]);
    assert!(p.report.warnings.iter().any(|w| w.message.contains("表头占两行")), "{:?}", p.report.warnings);
    assert!(p.report.unplaced.is_empty());
}

/// The file name the desktop's save dialog offers (`suggested_name` with the format's extension, as
/// `choose_save_path` adds it).
fn saved_name(
    store: &fengong::store::Store,
    doc: fengong::model::DocumentId,
    format: ExportFormat,
) -> String {
    let request = fengong::service::naming::NameRequest::Annex { document_id: doc };
    format!("{}.{}", fengong::service::naming::suggested_name(store, &request).unwrap(), format.extension())
}

/// A page saved from a browser in GBK (`charset=gb2312`, as many government sites still serve), through the
/// CLI: the encoding is read, the merged 牵头单位 reaches every row it covers, the store holds the units.
#[test]
fn a_gbk_web_page_saved_from_a_browser_imports_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("web.db");
    let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
                <title>通知</title></head><body><p>附件</p><p>重点改革任务分工表</p>\
                <table border=1><tr><td>序号</td><td>改革任务</td><td>具体举措</td><td>责任部门</td></tr>\
                <tr><td>1</td><td>优化营商环境</td><td>推行“一照多址”。<br>压缩开办时间。</td><td rowspan=2>市市场监管局</td></tr>\
                <tr><td>2</td><td>深化“放管服”改革</td><td>清理证明事项。</td></tr></table>\
                <p>抄送：市委办公室。</p></body></html>";
    let (gbk, _, bad) = encoding_rs::GBK.encode(page);
    assert!(!bad);
    let file = dir.path().join("分工表.htm");
    std::fs::write(&file, &gbk).unwrap();
    assert_eq!(detect(&gbk, "分工表.htm"), FileKind::Html);
    let o = fengong(&db, &["--encoding", "utf-8", "import", file.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout.contains("网页（HTML）") && stdout.contains("事项 2 项"), "{stdout}");
    assert!(stdout.contains("抄送：市委办公室"), "what follows the table is in the report: {stdout}");
    let store = Store::open(&db).unwrap();
    let doc = store.list_documents().unwrap()[0].id;
    let items = store.items(doc).unwrap();
    assert_eq!(items[1].title, "深化“放管服”改革");
    assert_eq!(items[0].content, "推行“一照多址”。\n压缩开办时间。");
    let units: Vec<(String, Role)> =
        items[1].assignments.iter().map(|a| (a.unit_name.clone(), a.role)).collect();
    assert_eq!(units, vec![("市市场监管局".to_string(), Role::Responsible)]);
}

/// A header in the office's own words through the CLI: refused with what to do, `--column 列名=含义` names
/// the columns (also in a dry run), and the next file with the same header is read the same way.
#[test]
fn cli_column_choices_and_the_remembered_header() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("own.db");
    let file = dir.path().join("自拟表头.txt");
    std::fs::write(&file, "重点工作分工表\n编号\t项目\t牵头单位\t目标\n1\t建设平台\t省财政厅\t年底建成\n")
        .unwrap();
    let f = file.to_str().unwrap();
    let o = fengong(&db, &["--encoding", "utf-8", "import", f]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && stderr.contains("--column 列名=事项"), "{stderr}");
    let o = fengong(&db, &["--encoding", "utf-8", "import", f, "--dry-run", "--column", "项目=事项"]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success() && stdout.contains("第 3 行  建设平台；牵头：省财政厅"), "{stdout}");
    assert!(stdout.contains("不存在或尚未升级，未读取其中记住的列含义"), "{stdout}");
    assert!(!db.exists(), "a dry run creates no database");
    let o = fengong(&db, &["--encoding", "utf-8", "import", f, "--column", "任务=事项"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("表头中没有“任务”列"));
    let o = fengong(&db, &["--encoding", "utf-8", "import", f, "--column", "项目"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("列名=含义"));
    let o = fengong(
        &db,
        &["--encoding", "utf-8", "import", f, "--column", "项目=事项", "--column", "目标=主要内容"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The next file, same header: no --column needed.
    std::fs::write(&file, "第二批分工表\n编号\t项目\t牵头单位\t目标\n1\t清理证明\t省司法厅\t减少证明\n")
        .unwrap();
    // A dry run reads the choice remembered in the database, as the import will, and names the unit the
    // import would create; the database is not touched.
    let before = std::fs::read(&db).unwrap();
    let o = fengong(&db, &["--encoding", "utf-8", "import", f, "--dry-run"]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success() && stdout.contains("按上次对同样表头所作的选择"), "{stdout}");
    assert!(
        stdout.contains("清理证明；牵头：省司法厅") && stdout.contains("新建单位 1 个：省司法厅"),
        "{stdout}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before, "a dry run writes nothing");
    let o = fengong(&db, &["--encoding", "utf-8", "import", f]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success() && stdout.contains("按上次对同样表头所作的选择"), "{stdout}");
    let store = Store::open(&db).unwrap();
    let docs = store.list_documents().unwrap();
    let second = docs.iter().find(|d| d.title.contains("第二批")).unwrap().id;
    let item = &store.items(second).unwrap()[0];
    assert_eq!((item.title.as_str(), item.content.as_str()), ("清理证明", "减少证明"));
}
