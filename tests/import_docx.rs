//! Word (.docx) import: our own export read back (the sample, and a generated 2,000-item document with
//! headings, multi-paragraph and empty cells and rare characters), a hand-written document.xml with merged
//! cells, a file written by LibreOffice, and damaged files — each refused with a clear message and nothing
//! written to the (real, temporary) database.

mod common;

use std::io::Cursor;
use std::path::{Path, PathBuf};

use common::{require, zip_of};

use fengong::export::ExportFormat;
use fengong::import::{parse_annex, parse_any, parse_file, ParsedAnnex, MAX_IMPORT_CELL_CHARS};
use fengong::model::{ColumnKind, DocumentDraft, DocumentId, ItemDraft, Role, UnitRef};
use fengong::service::export::export_document;
use fengong::store::Store;

const FORMAT: &str = "Word 文档（.docx），行号按正文段落和表格行依次计数";

fn store(dir: &Path) -> Store {
    Store::open(dir.join("fengong.db")).unwrap()
}

/// The parsed annex holds exactly the document's items (as drafts), title, label and columns.
fn assert_same_as_store(store: &Store, id: DocumentId, parsed: &ParsedAnnex) {
    let doc = store.document(id).unwrap();
    let items = store.items(id).unwrap();
    assert_eq!(parsed.title, doc.title);
    assert_eq!(parsed.annex_label, doc.annex_label);
    let kinds = |c: &[fengong::model::Column]| {
        c.iter().map(|c| (c.kind.clone(), c.label.clone())).collect::<Vec<_>>()
    };
    assert_eq!(kinds(&parsed.columns), kinds(&doc.columns));
    assert_eq!(parsed.rows.len(), items.len());
    for (row, item) in parsed.rows.iter().zip(&items) {
        assert_eq!(row.draft, item.to_draft(), "item at position {} (line {})", item.position, row.line);
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn the_sample_exported_to_word_reads_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let mut st = store(dir.path());
    let id = st.load_sample().unwrap().document_id;
    let bytes = export_document(&st, id, ExportFormat::Docx).unwrap();
    let path = write(dir.path(), "附件.docx", &bytes);
    let parsed = parse_file(&path).unwrap();
    assert_same_as_store(&st, id, &parsed);
    assert_eq!(parsed.item_count(), st.items(id).unwrap().len());
    let r = &parsed.report;
    assert_eq!((r.source.as_str(), r.format.as_str(), r.encoding.as_str()), ("附件.docx", FORMAT, ""));
    // 附件, blank, title, blank, then the header row: line 5; the table ends with the empty paragraph a
    // section needs after a table.
    assert_eq!(r.header_line, 5);
    assert_eq!(r.lines, 4 + 1 + parsed.rows.len() + 1);
    assert!(r.is_clean(), "{:#?}", r.to_lines());
    assert!(r.to_lines()[0].contains(FORMAT));
}

#[test]
fn a_generated_2000_item_document_with_headings_paragraphs_empty_cells_and_rare_characters_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let mut st = store(dir.path());
    let id = st
        .import(&parse_annex(fengong::sample::generate_annex(2000).as_bytes(), "generated.txt").unwrap())
        .unwrap()
        .document_id;
    let doc = st.document(id).unwrap();
    st.update_document(
        id,
        &DocumentDraft {
            title: "关于复制推广𠀀改革经验的\n任务分工表".into(),
            annex_label: "附件2".into(),
            doc_number: doc.doc_number.clone(),
            issue_date: None,
            notes: String::new(),
            columns: doc.columns.clone(),
        },
    )
    .unwrap();
    for (n, item) in st.items(id).unwrap().into_iter().enumerate().filter(|(n, _)| n % 97 == 3) {
        let mut d = item.to_draft();
        d.content = format!("第一段（{n}）含𠀀字\n第二段含䶮字\n第三段 tab\there");
        d.scope = String::new();
        d.title = format!("{}𪚥", d.title);
        st.update_item(item.id, &d).unwrap();
    }
    for at in [0, 700, 1500] {
        let h = ItemDraft {
            is_heading: true,
            title: format!("{}、第{at}项起", ["一", "二", "三"][at / 700]),
            ..Default::default()
        };
        st.add_item(id, Some(at as i64), &h).unwrap();
    }
    let bytes = export_document(&st, id, ExportFormat::Docx).unwrap();
    let started = std::time::Instant::now();
    let parsed = parse_any(&bytes, "generated.docx").unwrap();
    let took = started.elapsed();
    assert_same_as_store(&st, id, &parsed);
    assert_eq!(parsed.item_count(), 2000);
    assert_eq!(parsed.rows.iter().filter(|r| r.draft.is_heading).count(), 3);
    assert!(parsed.rows.iter().any(|r| r.draft.content.contains("第二段含䶮字\n第三段 tab\there")));
    assert!(parsed.report.is_clean(), "{:#?}", parsed.report.to_lines());
    assert!(took.as_secs() < 20, "parsing took {took:?}");

    // And the parsed annex imports into another database as the same document.
    let dir2 = tempfile::tempdir().unwrap();
    let mut st2 = store(dir2.path());
    let out = st2.import(&parsed).unwrap();
    assert_eq!((out.items, out.headings), (2000, 3));
    let again: Vec<ItemDraft> = st2.items(out.document_id).unwrap().iter().map(|i| i.to_draft()).collect();
    let first: Vec<ItemDraft> = st.items(id).unwrap().iter().map(|i| i.to_draft()).collect();
    assert_eq!(again, first);
}

/// A minimal .docx around a body; the prefix is `x:`, not `w:`, to show names are matched by namespace.
fn docx(body: &str) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:body>{body}<x:sectPr/></x:body></x:document>"#
    );
    zip_of(&[
        ("[Content_Types].xml", br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#),
        ("word/document.xml", xml.as_bytes()),
    ])
}

fn p(text: &str) -> String {
    format!("<x:p><x:r><x:t xml:space=\"preserve\">{text}</x:t></x:r></x:p>")
}

/// A cell: optional properties, then one paragraph per text.
fn tc(props: &str, paras: &[&str]) -> String {
    let ps: String = if paras.is_empty() { "<x:p/>".into() } else { paras.iter().map(|t| p(t)).collect() };
    format!("<x:tc><x:tcPr><x:tcW x:w=\"1000\" x:type=\"dxa\"/>{props}</x:tcPr>{ps}</x:tc>")
}

fn tr(cells: &[String]) -> String {
    format!("<x:tr>{}</x:tr>", cells.concat())
}

fn row(texts: &[&str]) -> String {
    tr(&texts.iter().map(|t| tc("", &[t])).collect::<Vec<_>>())
}

const HEADER: [&str; 6] = ["序号", "事项", "主要内容", "牵头单位", "配合单位", "复制推广范围"];

fn hand_written_body() -> String {
    let header = format!(
        "<x:tr><x:trPr><x:tblHeader/></x:trPr>{}</x:tr>",
        HEADER.iter().map(|h| tc("", &[h])).collect::<String>()
    );
    let heading = tr(&[tc("<x:gridSpan x:val=\"6\"/>", &["一、贸易便利化"])]);
    let item1 = tr(&[
        tc("", &["1"]),
        tc("", &["跨境电商𠀀通关"]),
        tc("", &["第一段。", "第二段，含䶮字。"]),
        tc("<x:vMerge x:val=\"restart\"/>", &["省商务厅"]),
        tc("", &[]),
        tc("", &["全省"]),
    ]);
    // Tracked changes: the deletion is not read, the insertion is; a line break inside a paragraph.
    let item2_title =
        "<x:p><x:r><x:t>国际贸易</x:t></x:r><x:del><x:r><x:delText>旧名</x:delText></x:r></x:del>\
                       <x:ins><x:r><x:t>单一窗口</x:t></x:r></x:ins></x:p>";
    let item2 = tr(&[
        tc("", &["2"]),
        format!("<x:tc>{item2_title}</x:tc>"),
        "<x:tc><x:p><x:r><x:t>上半句；</x:t><x:br/><x:t>下半句。</x:t></x:r></x:p></x:tc>".to_string(),
        tc("<x:vMerge/>", &[]),
        tc("", &["海关总署广东分署"]),
        tc("", &["全省"]),
    ]);
    let item3 = tr(&[
        tc("", &["3"]),
        tc("", &["船舶登记"]),
        tc("", &["简化流程。"]),
        tc("<x:gridSpan x:val=\"2\"/>", &["省交通运输厅"]),
        tc("", &["自贸试验区"]),
    ]);
    format!(
        "<x:p><x:r><x:t>附件</x:t></x:r><x:r><x:t>2</x:t></x:r></x:p><x:p/>{}{}<x:p/><x:tbl><x:tblPr/><x:tblGrid/>{header}{heading}{item1}{item2}{item3}</x:tbl>{}{}",
        p("关于复制推广改革创新经验的"),
        p("任务分工表"),
        p("抄送：各地级以上市人民政府。"),
        p("2020年5月1日"),
    )
}

fn units(list: &[(&str, Role)]) -> Vec<UnitRef> {
    list.iter().map(|(n, r)| UnitRef { name: n.to_string(), role: *r }).collect()
}

#[test]
fn a_hand_written_document_with_merged_cells_reads_as_expected() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "手写.docx", &docx(&hand_written_body()));
    let a = parse_file(&path).unwrap();
    assert_eq!(a.annex_label, "附件2");
    assert_eq!(a.title, "关于复制推广改革创新经验的\n任务分工表");
    assert_eq!(a.columns.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(), HEADER);
    assert_eq!(a.report.header_line, 6);
    let d: Vec<&ItemDraft> = a.rows.iter().map(|r| &r.draft).collect();
    assert_eq!(d.len(), 4);
    assert!(d[0].is_heading && d[0].title == "一、贸易便利化", "{:?}", d[0]);
    assert_eq!(
        (d[1].title.as_str(), d[1].content.as_str()),
        ("跨境电商𠀀通关", "第一段。\n第二段，含䶮字。")
    );
    assert_eq!(d[1].units, units(&[("省商务厅", Role::Lead)]));
    assert_eq!(d[1].scope, "全省");
    assert_eq!((d[2].title.as_str(), d[2].content.as_str()), ("国际贸易单一窗口", "上半句；\n下半句。"));
    // The vertically merged 牵头单位 belongs to both rows it covers.
    assert_eq!(d[2].units, units(&[("省商务厅", Role::Lead), ("海关总署广东分署", Role::Cooperating)]));
    // A cell spanning 牵头单位 and 配合单位 counts as 牵头单位 (text in the first grid column).
    assert_eq!(d[3].units, units(&[("省交通运输厅", Role::Lead)]));
    assert_eq!(d[3].scope, "自贸试验区");
    assert_eq!(a.rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![7, 8, 9, 10]);
    let lines = a.report.to_lines();
    assert!(
        lines.iter().any(|l| l.starts_with("第 8 行：“牵头单位”一列第 8—9 行是上下合并的单元格")),
        "{lines:#?}"
    );
    assert!(lines.iter().any(|l| l.starts_with("第 11 行：表格之后还有 2 段文字，未导入")), "{lines:#?}");
    // And each of them in the report with its line.
    assert_eq!(a.report.unplaced.iter().map(|u| u.line).collect::<Vec<_>>(), vec![11, 12], "{lines:#?}");
    assert_eq!(a.report.lines, 12);
}

#[test]
fn a_word_file_written_by_libreoffice_is_read() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docx/libreoffice-annex.docx");
    let a = parse_file(&path).unwrap();
    assert_eq!(a.annex_label, "附件3");
    assert_eq!(a.title, "关于推广第九批改革经验的\n任务分工表");
    assert_eq!(
        a.columns.iter().map(|c| c.kind.clone()).collect::<Vec<_>>(),
        vec![
            ColumnKind::Number,
            ColumnKind::Title,
            ColumnKind::Content,
            ColumnKind::LeadUnits,
            ColumnKind::Scope
        ]
    );
    let d: Vec<&ItemDraft> = a.rows.iter().map(|r| &r.draft).collect();
    assert_eq!(d.len(), 4, "{d:#?}");
    assert!(d[0].is_heading && d[0].title == "一、投资贸易便利化");
    assert_eq!(d[1].content, "建立统一的信息平台。\n实行“一次申报、一次查验”。");
    let lead = units(&[("海关总署广东分署", Role::Lead), ("省商务厅", Role::Lead)]);
    assert_eq!((&d[1].units, &d[2].units), (&lead, &lead));
    assert_eq!(d[2].title, "国际贸易“单一窗口”𠀀䶮");
    assert_eq!(d[2].scope, "", "the empty cell stays empty");
    assert_eq!((d[3].title.as_str(), d[3].scope.as_str()), ("船舶登记便利化", "自贸试验区"));
    assert!(
        a.report.to_lines().iter().any(|l| l.contains("表格之后还有 1 段文字")),
        "{:#?}",
        a.report.to_lines()
    );
}

/// Our own export re-saved by LibreOffice (a different writer of the same sample) imports to the same items.
#[test]
fn our_export_resaved_by_libreoffice_reads_back_the_same() {
    require("soffice", "--version", "libreoffice-writer-nogui");
    let dir = tempfile::tempdir().unwrap();
    let mut st = store(dir.path());
    let id = st.load_sample().unwrap().document_id;
    let src = write(dir.path(), "ours.docx", &export_document(&st, id, ExportFormat::Docx).unwrap());
    let resaved = common::convert(&src, "docx:MS Word 2007 XML", &dir.path().join("lo"));
    assert_ne!(std::fs::read(&resaved).unwrap(), std::fs::read(&src).unwrap());
    let parsed = parse_file(&resaved).unwrap();
    assert_same_as_store(&st, id, &parsed);
}

/// Parses `bytes` as a file and, if that worked, imports it; asserts it failed and no document was written.
fn refused(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let mut st = store(dir);
    if st.is_empty().unwrap() {
        st.load_sample().unwrap();
    }
    let before = st.list_documents().unwrap().len();
    let path = write(dir, name, bytes);
    let result = parse_file(&path).and_then(|p| st.import(&p));
    let err = result.expect_err("a damaged file must be refused").to_string();
    assert_eq!(st.list_documents().unwrap().len(), before, "nothing written for {name}");
    assert!(err.contains(name), "the message names the file: {err}");
    eprintln!("{err}");
    err
}

#[test]
fn damaged_and_unsuitable_word_files_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let good = {
        let mut st = store(dir.path());
        let id = st.load_sample().unwrap().document_id;
        export_document(&st, id, ExportFormat::Docx).unwrap()
    };

    let e = refused(dir.path(), "截断.docx", &good[..good.len() / 2]);
    assert!(e.contains("文件不完整或已损坏"), "{e}");

    // The zip is whole but the compressed body is damaged (bytes flipped inside word/document.xml's data).
    let mut z = zip::ZipArchive::new(Cursor::new(&good)).unwrap();
    let start = z.by_name("word/document.xml").unwrap().data_start().unwrap() as usize;
    drop(z);
    let mut flipped = good.clone();
    for b in &mut flipped[start + 200..start + 260] {
        *b ^= 0xA5;
    }
    let e = refused(dir.path(), "损坏.docx", &flipped);
    assert!(e.contains("已损坏"), "{e}");

    let e = refused(dir.path(), "无正文.docx", &zip_of(&[("word/styles.xml", b"<w:styles/>")]));
    assert!(e.contains("不是 Word"), "{e}");

    let broken = docx(&format!(
        "{}<x:tbl><x:tr>{}</x:tr><x:tr><x:tc><x:p></x:tc></x:tr></x:tbl>",
        p("附件"),
        tc("", &["序号"])
    ));
    let e = refused(dir.path(), "坏XML.docx", &broken);
    assert!(e.contains("第 3 行") && e.contains("第 1 个表格第 2 行") && e.contains("字节"), "{e}");

    let e = refused(dir.path(), "无表格.docx", &docx(&format!("{}{}", p("附件"), p("只有文字，没有表格"))));
    assert!(e.contains("文档中没有表格"), "{e}");

    let no_header =
        docx(&format!("{}<x:tbl>{}{}</x:tbl>", p("附件"), row(&["甲", "乙", "丙"]), row(&["1", "2", "3"])));
    // A table whose labels mean nothing to the importer is read for the user to name its columns; written
    // as it is, it is refused with what to do.
    let e = refused(dir.path(), "无表头.docx", &no_header);
    assert!(e.contains("指定各列的含义"), "{e}");
    let one_row = docx(&format!("{}<x:tbl>{}</x:tbl>", p("附件"), row(&["甲", "乙", "丙"])));
    let e = refused(dir.path(), "只有一行.docx", &one_row);
    assert!(e.contains("没有找到表头行"), "{e}");

    let huge = "长".repeat(MAX_IMPORT_CELL_CHARS + 1);
    let big = docx(&format!(
        "{}{}<x:tbl>{}{}{}</x:tbl>",
        p("附件"),
        p("标题"),
        row(&["序号", "事项", "主要内容"]),
        row(&["1", "甲", "短"]),
        row(&["2", "乙", &huge])
    ));
    let e = refused(dir.path(), "大格.docx", &big);
    assert!(e.contains("第 5 行") && e.contains("第 3 列") && e.contains("超过导入上限"), "{e}");

    // The limit holds above the table too (a paragraph is a record like any other).
    let long_para = docx(&format!(
        "{}{}<x:tbl>{}{}</x:tbl>",
        p(&huge),
        p("标题"),
        row(&HEADER),
        row(&["1", "甲", "乙", "丙", "丁", "戊"])
    ));
    let e = parse_any(&long_para, "长段.docx").unwrap_err().to_string();
    assert!(e.contains("第 1 行") && e.contains("超过导入上限"), "{e}");
}
