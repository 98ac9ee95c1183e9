//! Excel, CSV and Word exports of the seed annex, read back with real readers: calamine for .xlsx, the csv
//! crate for .csv, zip + roxmltree for .docx. Real SQLite file in a temp dir; the CLI run as a process.

mod common;

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use common::{
    attr as w_attr, docx_table, expected_rows, fengong, office_tools, pdf_pages, save_export, seed, text_of,
    zip_entries, zip_text,
};
use fengong::export::{ExportFormat, ExportOptions};
use fengong::layout::PageSetup;
use fengong::model::{Column, ColumnKind, DocumentDraft, ItemDraft, Role, UnitRef};
use fengong::service::export::export_document;
use fengong::store::Store;

// ------------------------------------------------------------------------------------------------ XLSX

// The .xlsx checks (cells, both sheets, print set-up, LibreOffice print-out) are in tests/export_xlsx.rs.

// ------------------------------------------------------------------------------------------------ CSV

#[test]
fn csv_is_excel_friendly_and_guards_against_formulas() {
    let mut s = seed();
    let bytes = export_document(&s.store, s.doc, ExportFormat::Csv).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.ends_with("\r\n"));
    assert!(text.starts_with("序号,事项,主要内容,牵头单位,复制推广范围\r\n"), "{}", &text[..80]);

    let (labels, rows, _) = expected_rows(&s.store, s.doc);
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[..]);
    let records: Vec<Vec<String>> =
        rdr.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    assert_eq!(records.len(), 21, "header + 20 items");
    assert_eq!(records[0], labels, "the reader strips the BOM");
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(&records[i + 1], row, "item {}", i + 1);
    }
    assert_eq!(records[2][3], "省税务局、深圳市税务局、省公安厅");
    // Every record ends with CRLF: as many CRLFs as records (no cell of the seed holds a line break).
    assert!(rows.iter().all(|r| r.iter().all(|c| !c.contains('\n'))));
    assert_eq!(text.matches("\r\n").count(), 21);
    assert_eq!(text.matches('\n').count(), 21);

    // Formula injection: a title starting with '=' and a content starting with '+' are written as text.
    s.store
        .add_item(
            s.doc,
            None,
            &ItemDraft {
                title: "=HYPERLINK(\"http://x.example\",\"点此\")".into(),
                content: "+1 第二行\n第二段".into(),
                scope: "@全省".into(),
                units: vec![UnitRef { name: "省税务局".into(), role: Role::Lead }],
                ..Default::default()
            },
        )
        .unwrap();
    let bytes = export_document(&s.store, s.doc, ExportFormat::Csv).unwrap();
    let records = csv_records(&bytes);
    let last = records.last().unwrap();
    assert_eq!(last[0], "21");
    assert_eq!(last[1], "'=HYPERLINK(\"http://x.example\",\"点此\")");
    assert_eq!(last[2], "'+1 第二行\n第二段", "multi-paragraph cell kept, quoted");
    assert_eq!(last[3], "省税务局");
    assert_eq!(last[4], "'@全省");
}

// ------------------------------------------------------------------------------------------------ DOCX

#[test]
fn docx_is_well_formed_compressed_and_holds_every_cell_with_a_repeating_header() {
    let s = seed();
    let bytes = export_document(&s.store, s.doc, ExportFormat::Docx).unwrap();
    let parts = zip_entries(&bytes);
    for (name, (data, method)) in &parts {
        assert_eq!(*method, zip::CompressionMethod::Deflated, "{name} compressed");
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let xml = std::str::from_utf8(data).unwrap();
            roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{name} is not well-formed XML: {e}"));
        }
    }
    for needed in
        ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/settings.xml"]
    {
        assert!(parts.contains_key(needed), "{needed} in {:?}", parts.keys().collect::<Vec<_>>());
    }
    assert!(bytes.len() < 40_000, "deflated package is small: {} bytes", bytes.len());

    let xml = String::from_utf8(parts["word/document.xml"].0.clone()).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let (labels, rows, items) = expected_rows(&s.store, s.doc);
    let table = docx_table(&doc);
    assert_eq!(table.len(), 21, "header + 20 items");
    assert_eq!(table[0], labels);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(&table[i + 1], row, "item {}", i + 1);
    }
    for it in &items {
        assert!(xml.contains(&it.title), "事项 {}", it.title);
        assert!(xml.contains(&it.units_text(Role::Lead)), "units of {}", it.title);
    }
    // The repeating header: exactly one w:tblHeader, in the first row's w:trPr.
    assert_eq!(xml.matches("<w:tblHeader").count(), 1);
    let first_tr = doc.descendants().find(|n| n.is_element() && n.tag_name().name() == "tr").unwrap();
    let trpr = first_tr.children().find(|n| n.is_element() && n.tag_name().name() == "trPr").unwrap();
    assert!(trpr.children().any(|n| n.is_element() && n.tag_name().name() == "tblHeader"));

    // Label, title (with its break), fonts and sizes.
    let body_text: Vec<String> = doc
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "p")
        .take(3)
        .map(|p| {
            p.descendants()
                .filter(|n| n.is_element() && n.tag_name().name() == "t")
                .filter_map(|t| t.text())
                .collect()
        })
        .collect();
    assert_eq!(body_text[0], "附件");
    assert_eq!(body_text[2], "广东自贸试验区第八批可复制推广改革创新经验任务分工表");
    assert!(xml.contains("<w:br/>"), "title line break kept");
    // Faces and sizes live in named styles (附件标识, 附件标题, 表头, 表格正文): one place for an office to restyle.
    let styles = std::str::from_utf8(&parts["word/styles.xml"].0).unwrap();
    assert!(styles.contains("方正小标宋简体") && styles.contains("黑体") && styles.contains("仿宋_GB2312"));
    assert!(styles.contains(r#"<w:sz w:val="44"/>"#), "title 2号");
    assert!(styles.contains(r#"<w:sz w:val="32"/>"#), "label and body 3号");

    // Page: A4 portrait, GB/T 9704 margins in twips; fixed grid filling the 156 mm text width.
    let pg = doc.descendants().find(|n| n.is_element() && n.tag_name().name() == "pgSz").unwrap();
    assert_eq!((w_attr(&pg, "w"), w_attr(&pg, "h")), (Some("11906"), Some("16838")));
    let mar = doc.descendants().find(|n| n.is_element() && n.tag_name().name() == "pgMar").unwrap();
    let m = |k| w_attr(&mar, k).unwrap().parse::<i32>().unwrap();
    assert_eq!((m("top"), m("bottom"), m("left"), m("right")), (2098, 1984, 1587, 1474));
    let grid: Vec<i32> = doc
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "gridCol")
        .map(|n| w_attr(&n, "w").unwrap().parse().unwrap())
        .collect();
    assert_eq!(grid.len(), 5);
    assert_eq!(grid.iter().sum::<i32>(), 11906 - 1587 - 1474);
    assert!(xml.contains(r#"<w:tblLayout w:type="fixed"/>"#));
    // The columns are the PDF's (3号 portrait), so Word breaks the cells where the PDF does — not the column
    // set's relative widths, which would break unit names (`深圳市税务/局`).
    let d = s.store.document(s.doc).unwrap();
    let pdf_widths = fengong::layout::annex_column_widths(
        &d,
        &s.store.items(s.doc).unwrap(),
        &fengong::layout::LayoutOptions::default(),
        &*fengong::service::fonts::shipped(),
    );
    let text_width = (11906 - 1587 - 1474) as f32;
    for (c, (got, want)) in grid.iter().zip(&pdf_widths).enumerate() {
        // (Word's 序号 keeps 2 pt of slack over its widest label, taken from the widest column: ≤ 50 twips.)
        assert!(
            (*got as f32 - want * text_width).abs() <= 50.0,
            "column {c}: {grid:?} vs the PDF's {pdf_widths:?}"
        );
    }
    let own: f32 = d.columns.iter().map(|c| c.width).sum();
    assert!(
        d.columns.iter().zip(&grid).any(|(c, g)| (c.width / own * text_width - *g as f32).abs() > 100.0),
        "the grid is the column set's own: {grid:?}"
    );

    // A few of the schema's sequences (tests/export_docx.rs checks every part with xmllint): w:rPr last in
    // w:pPr, w:rFonts before w:sz, footer references first in w:sectPr, w:tblLayout before w:tblCellMar.
    let names = |n: roxmltree::Node| {
        n.children().filter(|c| c.is_element()).map(|c| c.tag_name().name().to_string()).collect::<Vec<_>>()
    };
    for n in doc.descendants().filter(|n| n.is_element()) {
        let kids = names(n);
        let pos = |k: &str| kids.iter().position(|x| x == k);
        match n.tag_name().name() {
            "pPr" => assert!(pos("rPr").is_none_or(|p| p == kids.len() - 1), "{kids:?}"),
            "rPr" => assert!(pos("rFonts").unwrap_or(0) <= pos("sz").unwrap_or(usize::MAX), "{kids:?}"),
            "sectPr" => assert_eq!(&kids[..3], ["footerReference", "footerReference", "pgSz"], "{kids:?}"),
            "tblPr" => assert!(pos("tblLayout") < pos("tblCellMar"), "{kids:?}"),
            "tcPr" => assert_eq!(kids.last().map(String::as_str), Some("vAlign"), "{kids:?}"),
            "gridCol" => assert_eq!(n.attributes().count(), 1),
            _ => {}
        }
    }

    // Page numbers: a PAGE field between em dashes in both footers, odd/even footers switched on.
    let footers: Vec<&String> = parts.keys().filter(|k| k.starts_with("word/footer")).collect();
    assert_eq!(footers.len(), 2, "{footers:?}");
    for f in footers {
        let x = std::str::from_utf8(&parts[f].0).unwrap();
        assert!(x.contains("> PAGE <") && x.contains("— ") && x.contains(" —"), "{f}: {x}");
    }
    let settings = std::str::from_utf8(&parts["word/settings.xml"].0).unwrap();
    assert!(settings.contains("<w:evenAndOddHeaders/>") && settings.contains("<w:mirrorMargins/>"));
    assert!(
        !styles.contains("<w:pPr><w:rPr"),
        "no run properties inside a style's paragraph properties: {styles}"
    );
}

/// The records of a CSV file as written (BOM-aware: the csv crate strips it), no header handling.
fn csv_records(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

// ------------------------------------------------------------------------------- headings, landscape

#[test]
fn headings_span_the_table_and_landscape_is_kept_for_wide_tables() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("wide.db")).unwrap();
    let mut draft = DocumentDraft::titled("某某改革任务分工表");
    draft.columns.push(Column::new(ColumnKind::Deadline, 2.0)); // six columns
    let doc = store.create_document(&draft).unwrap();
    let heading =
        ItemDraft { is_heading: true, title: "一、优化营商环境".into(), ..Default::default() };
    store.add_item(doc, None, &heading).unwrap();
    let item = ItemDraft {
        title: "推行容缺受理".into(),
        content: "第一段\n第二段".into(),
        deadline_text: "2026年底前".into(),
        units: vec![
            UnitRef { name: "省政务服务数据管理局".into(), role: Role::Lead },
            UnitRef { name: "省司法厅".into(), role: Role::Lead },
        ],
        ..Default::default()
    };
    store.add_item(doc, None, &item).unwrap();

    // XLSX: landscape, heading merged across the six columns, the item numbered 1 after it.
    let bytes = export_document(&store, doc, ExportFormat::Xlsx).unwrap();
    let mut wb = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    let range = wb.worksheet_range("附件").unwrap();
    let at = |r: u32, c: u32| range.get_value((r, c)).map(text_of).unwrap_or_default();
    assert_eq!(at(2, 5), "完成时限");
    assert_eq!(at(3, 0), "一、优化营商环境");
    assert_eq!(
        (at(4, 0), at(4, 1), at(4, 3), at(4, 5)),
        ("1".into(), "推行容缺受理".into(), "省政务服务数据管理局、省司法厅".into(), "2026年底前".into())
    );
    let merged: Vec<_> =
        wb.merge_cells_by_sheet_name("附件").unwrap().into_iter().map(|d| (d.start, d.end)).collect();
    assert!(merged.contains(&((3, 0), (3, 5))), "{merged:?}");
    let sheet_xml = zip_text(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet_xml.contains(r#"orientation="landscape""#));

    // DOCX (landscape asked for, as a six-column table usually is): landscape A4, heading one cell spanning
    // six grid columns, paragraphs kept.
    let landscape = ExportOptions { page_setup: Some(PageSetup::Landscape), ..Default::default() };
    let bytes =
        fengong::service::export::export_with_notes(&store, doc, ExportFormat::Docx, &landscape).unwrap().0;
    let xml = zip_text(&bytes, "word/document.xml");
    let d = roxmltree::Document::parse(&xml).unwrap();
    let table = docx_table(&d);
    assert_eq!(table[1], vec!["一、优化营商环境".to_string()]);
    assert_eq!(table[2][2], "第一段\n第二段");
    assert!(xml.contains(r#"<w:gridSpan w:val="6"/>"#));
    assert!(
        xml.contains(r#"w:w="16838" w:h="11906""#) && xml.contains(r#"w:orient="landscape""#),
        "landscape page"
    );
    let settings = zip_text(&bytes, "word/settings.xml");
    assert!(!settings.contains("mirrorMargins"), "a standalone landscape page is not mirrored");

    // CSV: the heading's text in the first cell of its own record.
    let bytes = export_document(&store, doc, ExportFormat::Csv).unwrap();
    let records = csv_records(&bytes);
    assert_eq!(records.len(), 3);
    assert_eq!(records[1], ["一、优化营商环境", "", "", "", "", ""]);
    assert_eq!(records[2][0], "1");
}

// ------------------------------------------------------------------------------------------ saving

#[test]
fn save_export_replaces_only_on_success_and_refuses_unknown_extensions() {
    let s = seed();
    let dir = tempfile::tempdir().unwrap();
    for ext in ["xlsx", "docx", "csv"] {
        let p = dir.path().join(format!("附件.{ext}"));
        std::fs::write(&p, b"old").unwrap();
        // A missing document fails and leaves the old file as it was.
        let e = save_export(&s.store, 9999, &p).unwrap_err().to_string();
        assert!(e.contains("找不到"), "{e}");
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        // Success replaces it.
        save_export(&s.store, s.doc, &p).unwrap();
        let b = std::fs::read(&p).unwrap();
        if ext == "csv" {
            assert!(b.starts_with(&[0xEF, 0xBB, 0xBF]));
        } else {
            assert!(b.starts_with(b"PK"), "{ext} is a zip package");
        }
    }
    let bad = dir.path().join("附件.xls");
    let e = save_export(&s.store, s.doc, &bad).unwrap_err().to_string();
    assert!(e.contains("附件.xls") && e.contains("不支持") && e.contains(".xlsx"), "{e}");
    assert!(!bad.exists());
    let none = dir.path().join("附件");
    let e = save_export(&s.store, s.doc, &none).unwrap_err().to_string();
    assert!(e.contains("没有扩展名"), "{e}");
    // Nothing but the three exports is left in the folder (no temp files).
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
}

// -------------------------------------------------------------------------------------------- CLI

#[test]
fn cli_exports_each_format_and_refuses_unknown_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    assert!(fengong(&db, &["sample"]).status.success());
    for ext in ["xlsx", "docx", "csv"] {
        let out = dir.path().join(format!("分工表.{ext}"));
        let o = fengong(&db, &["export", "1", "-o", out.to_str().unwrap()]);
        let stdout = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(stdout.starts_with("已导出 ") && stdout.contains("20 项"), "{stdout}");
        assert!(std::fs::metadata(&out).unwrap().len() > 1000);
    }
    // By title, with a size: Word body at 五号 (21 half-points).
    let out = dir.path().join("五号.docx");
    let o = fengong(
        &db,
        &[
            "export",
            "广东自贸试验区第八批可复制推广改革创新经验任务分工表",
            "--size",
            "五号",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let xml = zip_text(&std::fs::read(&out).unwrap(), "word/styles.xml");
    assert!(xml.contains(r#"<w:sz w:val="21"/>"#), "table text at 五号");

    let o = fengong(&db, &["export", "1", "-o", dir.path().join("a.txt").to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(stderr.contains("a.txt") && stderr.contains("不支持"), "{stderr}");

    let help = fengong(&db, &["export", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("导出") && help.contains(".docx"), "{help}");
}

// -------------------------------------------------------------------------------------------- size

#[test]
fn a_two_thousand_item_document_exports_in_every_format() {
    let big = common::generated(2000);
    let (store, doc) = (&big.store, big.doc);
    let items = store.items(doc).unwrap().len();
    for format in ExportFormat::ALL {
        let t = std::time::Instant::now();
        let bytes = export_document(store, doc, format).unwrap();
        let took = t.elapsed();
        eprintln!("{format:?}: {items} items, {} KB, {took:?}", bytes.len() / 1024);
        assert!(took.as_secs() < 20, "{format:?} took {took:?}");
        match format {
            ExportFormat::Xlsx => {
                let mut wb = Xlsx::new(Cursor::new(bytes)).unwrap();
                let range = wb.worksheet_range("附件").unwrap();
                assert_eq!(range.end().unwrap().0 as usize, 3 + items - 1);
            }
            ExportFormat::Csv => {
                let n = csv::ReaderBuilder::new().has_headers(true).from_reader(&bytes[..]).records().count();
                assert_eq!(n, items);
            }
            ExportFormat::Docx => {
                let xml = zip_text(&bytes, "word/document.xml");
                let d = roxmltree::Document::parse_with_options(
                    &xml,
                    roxmltree::ParsingOptions { nodes_limit: u32::MAX, ..Default::default() },
                )
                .unwrap();
                assert_eq!(docx_table(&d).len(), items + 1);
            }
            ExportFormat::Json => {
                let b = fengong::bundle::parse(&bytes, "big.json").unwrap();
                assert_eq!(b.items.len(), items);
            }
        }
    }
}

// ------------------------------------------------------------------ as an office suite opens them

/// LibreOffice, where installed, converts the exports to PDF: the header row must be repeated on every page
/// and each page must carry its number `— N —` (a PAGE field in Word, `&P` in Excel). Skipped (and said so)
/// on machines without `soffice` and `pdftotext`.
#[test]
fn libreoffice_repeats_the_header_and_numbers_every_page() {
    if !office_tools("the LibreOffice print-out") {
        return;
    }
    let s = seed();
    let dir = tempfile::tempdir().unwrap();
    // .xlsx: tests/export_xlsx.rs (its second sheet prints with another header).
    for ext in ["docx"] {
        let file = dir.path().join(format!("annex.{ext}"));
        save_export(&s.store, s.doc, &file).unwrap();
        let pdf = common::convert(&file, "pdf", dir.path());
        // Squeezed: pdftotext spaces wide characters unevenly, so compare without whitespace.
        let pages = pdf_pages(&pdf, "-layout");
        assert!(pages.len() >= 3, "{ext}: {} pages", pages.len());
        for (i, p) in pages.iter().enumerate() {
            assert!(p.contains("序号") && p.contains("主要内容"), "{ext}: header on page {}:\n{p}", i + 1);
            assert!(p.contains(&format!("—{}—", i + 1)), "{ext}: page number on page {}:\n{p}", i + 1);
        }
        assert!(pages[0].contains("附件") && pages[0].contains("改革创新经验任务分工表"));
        std::fs::remove_file(&pdf).unwrap();
    }
}
