//! Excel export read back with real readers: calamine for the cells and merged regions, the zip's XML for the
//! print set-up, and LibreOffice (PDF) for what prints. Real SQLite in a temp dir.

mod common;

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use common::{
    expected_rows, office_tools, pdf_text, save_export, seed, squeeze, text_of, zip_text, DOC_NUMBER,
};
use fengong::export::{ExportFormat, ExportOptions};
use fengong::layout::PageSetup;
use fengong::model::{number_items, Column, ColumnKind, DocumentDraft, ItemDraft, Role, UnitRef};
use fengong::service::export::{export_document, export_with_notes};
use fengong::store::Store;

fn sheet_rows(wb: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<String>> {
    let range = wb.worksheet_range(name).unwrap();
    range.rows().map(|r| r.iter().map(text_of).collect()).collect()
}

/// Row heights (points) by 1-based row number from a sheet's XML.
fn row_heights(sheet_xml: &str) -> BTreeMap<u32, f64> {
    let attr = |tag: &str, name: &str| -> Option<String> {
        Some(tag.split(&format!(" {name}=\"")).nth(1)?.split('"').next()?.to_string())
    };
    sheet_xml
        .split("<row")
        .skip(1)
        .filter_map(|r| {
            let tag = r.split('>').next()?;
            Some((attr(tag, "r")?.parse().ok()?, attr(tag, "ht")?.parse().ok()?))
        })
        .collect()
}

#[test]
fn xlsx_holds_every_cell_at_its_place_and_prints_like_the_annex() {
    let s = seed();
    let bytes = export_document(&s.store, s.doc, ExportFormat::Xlsx).unwrap();
    let (labels, rows, _) = expected_rows(&s.store, s.doc);
    assert_eq!(rows.len(), 20);

    let mut wb = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(wb.sheet_names(), ["附件", "分工明细"]);
    let range = wb.worksheet_range("附件").unwrap();
    let at = |r: u32, c: u32| range.get_value((r, c)).map(text_of).unwrap_or_default();
    assert_eq!(at(0, 0), "附件");
    assert_eq!(
        at(1, 0),
        "广东自贸试验区第八批可复制推广\n改革创新经验任务分工表",
        "title keeps its line break"
    );
    for (c, l) in labels.iter().enumerate() {
        assert_eq!(&at(2, c as u32), l, "header column {c}");
    }
    assert_eq!(labels, ["序号", "事项", "主要内容", "牵头单位", "复制推广范围"]);
    for (i, row) in rows.iter().enumerate() {
        for (c, want) in row.iter().enumerate() {
            assert_eq!(&at(3 + i as u32, c as u32), want, "item {} column {}", i + 1, labels[c]);
        }
    }
    assert_eq!(at(3, 0), "1");
    assert!(matches!(range.get_value((3, 0)), Some(Data::Float(_))), "序号 is a number");
    assert_eq!(at(4, 3), "省税务局、深圳市税务局、省公安厅", "units joined with 、");
    assert_eq!(range.end().unwrap().0, 3 + 19, "nothing after the 20th item");

    // Title merged across the five columns.
    let merged: Vec<_> =
        wb.merge_cells_by_sheet_name("附件").unwrap().into_iter().map(|d| (d.start, d.end)).collect();
    assert!(merged.contains(&((1, 0), (1, 4))), "{merged:?}");

    // Print set-up and row heights in the sheet XML.
    let sheet_xml = zip_text(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet_xml.contains(r#"paperSize="9""#), "A4");
    assert!(sheet_xml.contains(r#"orientation="landscape""#), "landscape A4 by default");
    assert!(sheet_xml.contains("<oddFooter>&amp;C— &amp;P —</oddFooter>"), "page numbers in the footer");
    assert!(sheet_xml.contains(r#"fitToWidth="1""#) || sheet_xml.contains("fitToPage"), "one page wide");
    assert!(sheet_xml.contains(r#"ySplit="3""#), "frozen below the header");
    let wb_xml = zip_text(&bytes, "xl/workbook.xml");
    assert!(
        wb_xml.contains("_xlnm.Print_Titles") && wb_xml.contains("附件!$3:$3"),
        "header row repeats: {wb_xml}"
    );
    // Column widths are the PDF layout's for Excel's page (小四, landscape), in proportion: Excel's width unit
    // is a character of its default font plus a fixed padding, so the shares agree to within a few percent.
    let col_widths: Vec<f64> = sheet_xml
        .split("<col ")
        .skip(1)
        .map(|c| c.split("width=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(col_widths.len(), 5, "{sheet_xml}");
    let opts = fengong::layout::LayoutOptions {
        page_setup: PageSetup::Landscape,
        body_size: 12.0,
        ..Default::default()
    };
    let d = s.store.document(s.doc).unwrap();
    let pdf_widths = fengong::layout::annex_column_widths(
        &d,
        &s.store.items(s.doc).unwrap(),
        &opts,
        &*fengong::service::fonts::shipped(),
    );
    let total: f64 = col_widths.iter().sum();
    for (c, (got, want)) in col_widths.iter().zip(&pdf_widths).enumerate() {
        assert!(
            (got / total - *want as f64).abs() < 0.02,
            "column {c}: {col_widths:?} vs the PDF's {pdf_widths:?}"
        );
    }
    let styles = zip_text(&bytes, "xl/styles.xml");
    assert!(styles.contains("仿宋") && styles.contains("黑体") && styles.contains(r#"wrapText="1""#));
    assert!(styles.contains(r#"<left style="thin">"#), "thin borders");
    // Every item row has its height set, and a row with a long 主要内容 is taller than the header row.
    let heights = row_heights(&sheet_xml);
    for r in 4..=23 {
        assert!(heights.contains_key(&r), "row {r} has a height: {heights:?}");
    }
    let longest = rows.iter().enumerate().max_by_key(|(_, r)| r[2].chars().count()).unwrap().0 as u32 + 4;
    assert!(heights[&longest] > heights[&3] * 3.0, "long row {longest} grows: {heights:?}");
    // Heights follow the text: the shortest 主要内容 gives a much lower row than the longest.
    let shortest = rows.iter().enumerate().min_by_key(|(_, r)| r[2].chars().count()).unwrap().0 as u32 + 4;
    assert!(heights[&longest] > heights[&shortest] * 2.0, "{shortest} vs {longest}: {heights:?}");
}

#[test]
fn second_sheet_lists_one_row_per_assignment_for_filtering() {
    let s = seed();
    let bytes = export_document(&s.store, s.doc, ExportFormat::Xlsx).unwrap();
    let (_, _, items) = expected_rows(&s.store, s.doc);
    let numbers = number_items(&items);
    // Expected independently from the store: items in order, lead units in their cell order.
    let mut want: Vec<Vec<String>> = vec![["序号", "事项", "单位", "角色"].map(String::from).to_vec()];
    for (it, n) in items.iter().zip(&numbers) {
        for a in it.units(Role::Lead) {
            want.push(vec![n.clone(), it.title.clone(), a.unit_name.clone(), "牵头".into()]);
        }
    }
    let mut wb = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    let got = sheet_rows(&mut wb, "分工明细");
    assert_eq!(got, want);
    assert!(got.len() > items.len() + 5, "several items have more than one lead unit: {}", got.len());
    assert_eq!(got[2], ["1", "多缴退税E管家——管家式服务助力减税降费大礼包直达快享", "深圳市税务局", "牵头"]);

    let xml = zip_text(&bytes, "xl/worksheets/sheet2.xml");
    assert!(
        xml.contains(&format!(r#"<autoFilter ref="A1:D{}"/>"#, got.len())),
        "autofilter over the rows: {xml}"
    );
    assert!(xml.contains(r#"ySplit="1""#) && xml.contains(r#"state="frozen""#), "header frozen");
    assert!(xml.contains("<oddFooter>&amp;C— &amp;P —</oddFooter>"));
    let heights = row_heights(&xml);
    assert_eq!(heights.len(), got.len(), "every row has its height set");
    let wb_xml = zip_text(&bytes, "xl/workbook.xml");
    assert!(wb_xml.contains("分工明细!$1:$1"), "its header repeats when printed: {wb_xml}");
    assert!(wb_xml.contains("_xlnm._FilterDatabase"), "{wb_xml}");
}

#[test]
fn second_sheet_follows_cell_order_across_roles_and_leaves_out_headings_and_unassigned_items() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("roles.db")).unwrap();
    let mut draft = DocumentDraft::titled("某某改革任务分工表");
    draft.columns = vec![
        Column::new(ColumnKind::Number, 1.0),
        Column::new(ColumnKind::Title, 3.0),
        Column::new(ColumnKind::LeadUnits, 2.0),
        Column::new(ColumnKind::CoopUnits, 2.0),
    ];
    let doc = store.create_document(&draft).unwrap();
    store
        .add_item(
            doc,
            None,
            &ItemDraft { is_heading: true, title: "一、第一组".into(), ..Default::default() },
        )
        .unwrap();
    let unit = |n: &str, role| UnitRef { name: n.into(), role };
    let item = ItemDraft {
        title: "推行容缺受理".into(),
        units: vec![
            unit("省司法厅", Role::Cooperating),
            unit("省政务服务数据管理局", Role::Lead),
            unit("省财政厅", Role::Cooperating),
        ],
        ..Default::default()
    };
    store.add_item(doc, None, &item).unwrap();
    store.add_item(doc, None, &ItemDraft { title: "暂无分工".into(), ..Default::default() }).unwrap();
    let bytes = export_document(&store, doc, ExportFormat::Xlsx).unwrap();
    let mut wb = Xlsx::new(Cursor::new(bytes)).unwrap();
    let got = sheet_rows(&mut wb, "分工明细");
    assert_eq!(
        got[1..],
        [
            ["1", "推行容缺受理", "省政务服务数据管理局", "牵头"],
            ["1", "推行容缺受理", "省司法厅", "配合"],
            ["1", "推行容缺受理", "省财政厅", "配合"],
        ]
    );
}

#[test]
fn page_setup_option_turns_the_first_sheet() {
    let s = seed();
    let orientation = |setup: Option<PageSetup>| {
        let opts = ExportOptions { page_setup: setup, ..Default::default() };
        let bytes = export_with_notes(&s.store, s.doc, ExportFormat::Xlsx, &opts).unwrap().0;
        let xml = zip_text(&bytes, "xl/worksheets/sheet1.xml");
        let width: f64 = xml
            .split("<col ")
            .nth(3)
            .unwrap()
            .split("width=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        (xml.contains(r#"orientation="landscape""#), width)
    };
    let (land, auto_w) = orientation(None);
    assert!(land, "landscape by default");
    let (land, narrow_w) = orientation(Some(PageSetup::Portrait));
    assert!(!land && auto_w > narrow_w * 1.3, "portrait uses the 156 mm text area: {auto_w} → {narrow_w}");
    assert_eq!(orientation(Some(PageSetup::Landscape)), (true, auto_w));
    assert!(orientation(Some(PageSetup::LandscapeBound)).0);

    // A six-column table too: landscape by default, portrait on request.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("wide.db")).unwrap();
    let mut draft = DocumentDraft::titled("某某改革任务分工表");
    draft.columns.push(Column::new(ColumnKind::Deadline, 2.0));
    let doc = store.create_document(&draft).unwrap();
    store.add_item(doc, None, &ItemDraft { title: "推行容缺受理".into(), ..Default::default() }).unwrap();
    let xml = |opts: &ExportOptions| {
        zip_text(
            &export_with_notes(&store, doc, ExportFormat::Xlsx, opts).unwrap().0,
            "xl/worksheets/sheet1.xml",
        )
    };
    assert!(xml(&ExportOptions::default()).contains(r#"orientation="landscape""#));
    let portrait = ExportOptions { page_setup: Some(PageSetup::Portrait), ..Default::default() };
    assert!(xml(&portrait).contains(r#"orientation="portrait""#));
}

#[test]
fn a_two_thousand_item_document_exports_both_sheets() {
    let big = common::generated(2000);
    let (store, doc) = (&big.store, big.doc);
    let items = store.items(doc).unwrap();
    let assignments: usize = items.iter().map(|i| i.assignments.len()).sum();
    let t = std::time::Instant::now();
    let bytes = export_document(store, doc, ExportFormat::Xlsx).unwrap();
    assert!(t.elapsed().as_secs() < 20, "{:?}", t.elapsed());
    let mut wb = Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(wb.worksheet_range("附件").unwrap().end().unwrap().0 as usize, 3 + items.len() - 1);
    assert_eq!(sheet_rows(&mut wb, "分工明细").len(), assignments + 1);
}

// ------------------------------------------------------------------ as LibreOffice prints them

/// LibreOffice converts the workbook to PDF: every page of the annex sheet repeats the header and carries its
/// number `— N —`, the 分工明细 pages follow with their own header, and no two lines of text overlap (a row
/// too low for its wrapped text has it drawn over its neighbours).
#[test]
fn libreoffice_prints_every_page_numbered_with_its_header_and_no_rows_overlapping() {
    if !office_tools("the LibreOffice print-out") {
        return;
    }
    let s = seed();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("annex.xlsx");
    save_export(&s.store, s.doc, &file).unwrap();
    let pdf = common::convert(&file, "pdf", dir.path());
    // Squeezed: pdftotext spaces wide characters unevenly, so compare without whitespace.
    let pages = common::pdf_pages(&pdf, "-layout");
    let annex_pages = pages.iter().take_while(|p| p.contains("主要内容")).count();
    assert!(annex_pages >= 3, "{} annex pages", annex_pages);
    assert!(pages.len() > annex_pages, "the 分工明细 sheet prints after the annex");
    for (i, p) in pages.iter().enumerate() {
        let header = if i < annex_pages {
            "序号事项主要内容牵头单位复制推广范围"
        } else {
            "序号事项单位角色"
        };
        assert!(p.contains(header), "header on page {}:\n{p}", i + 1);
        assert!(p.contains(&format!("—{}—", i + 1)), "page number on page {}:\n{p}", i + 1);
    }
    assert!(pages[0].contains("附件") && pages[0].contains("改革创新经验任务分工表"));

    // Rows tall enough for their wrapped text: no two printed lines of text overlap (a row set too low lets
    // LibreOffice draw its text over the rows above and below).
    let html = pdf_text(&pdf, "-bbox");
    let mut words_seen = 0;
    for (n, page) in html.split("<page ").skip(1).enumerate() {
        let words: Vec<(f64, f64, f64, f64, &str)> = page
            .split("<word ")
            .skip(1)
            .map(|w| {
                let a = |k: &str| -> f64 {
                    w.split(&format!("{k}=\"")).nth(1).unwrap().split('"').next().unwrap().parse().unwrap()
                };
                let text = w.split('>').nth(1).unwrap().split('<').next().unwrap();
                (a("xMin"), a("yMin"), a("xMax"), a("yMax"), text)
            })
            .collect();
        words_seen += words.len();
        for (i, a) in words.iter().enumerate() {
            for b in &words[i + 1..] {
                let x = a.2.min(b.2) - a.0.max(b.0);
                let y = a.3.min(b.3) - a.1.max(b.1);
                assert!(x <= 1.0 || y <= 1.0, "page {}: “{}” and “{}” overlap", n + 1, a.4, b.4);
            }
        }
    }
    assert!(words_seen > 300, "{words_seen} words");
}

// ------------------------------------------------------------------------------------ 发文字号

/// With `show_doc_number` cell A1 reads `粤府函〔2020〕77号　　附件` (the PDF's line 1: number, two 3号 characters,
/// label), the merged title row, the header row repeated on every page and the items stay where they were,
/// and our spreadsheet import reads the number back; by default A1 is `附件` and the import finds no number.
/// LibreOffice prints the whole line (the unmerged A1 runs on over the empty cells beside it).
#[test]
fn doc_number_stands_before_the_label_when_asked_and_imports_back() {
    let s = common::numbered();
    let (labels, rows, _) = expected_rows(&s.store, s.doc);

    let shown_opts = ExportOptions { show_doc_number: true, ..Default::default() };
    let shown = export_with_notes(&s.store, s.doc, ExportFormat::Xlsx, &shown_opts).unwrap().0;
    let plain = export_with_notes(&s.store, s.doc, ExportFormat::Xlsx, &ExportOptions::default()).unwrap().0;
    for (bytes, a1) in [(&shown, format!("{DOC_NUMBER}\u{3000}\u{3000}附件")), (&plain, "附件".to_string())]
    {
        let mut wb = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
        assert_eq!(wb.sheet_names(), ["附件", "分工明细"], "sheet named after the label only");
        let got = sheet_rows(&mut wb, "附件");
        assert_eq!(got[0][0], a1);
        assert!(got[0][1..].iter().all(String::is_empty), "{:?}", got[0]);
        assert_eq!(got[1][0], "广东自贸试验区第八批可复制推广\n改革创新经验任务分工表");
        assert_eq!(got[2], labels);
        assert_eq!(&got[3..], &rows[..]);
        let merged: Vec<_> =
            wb.merge_cells_by_sheet_name("附件").unwrap().into_iter().map(|d| (d.start, d.end)).collect();
        assert!(merged.contains(&((1, 0), (1, 4))), "title still merged: {merged:?}");
        assert!(zip_text(bytes, "xl/workbook.xml").contains("附件!$3:$3"), "header row still repeats");
        assert!(zip_text(bytes, "xl/worksheets/sheet1.xml").contains(r#"ySplit="3""#));
    }
    // A1 is in the label's format: 黑体 16 pt (3号).
    let styles = zip_text(&shown, "xl/styles.xml");
    assert!(styles.contains(r#"<sz val="16"/>"#) && styles.contains(r#"<name val="黑体"/>"#), "{styles}");

    let back = fengong::import::parse_any(&shown, "附件.xlsx").unwrap();
    assert_eq!(back.doc_number.as_deref(), Some(DOC_NUMBER));
    assert_eq!((back.annex_label.as_str(), back.rows.len()), ("附件", rows.len()));
    assert!(back.report.unplaced.is_empty(), "{:?}", back.report.unplaced);
    let back = fengong::import::parse_any(&plain, "附件.xlsx").unwrap();
    assert_eq!((back.doc_number, back.annex_label.as_str(), back.rows.len()), (None, "附件", rows.len()));

    if !office_tools("the print check") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("numbered.xlsx");
    std::fs::write(&file, &shown).unwrap();
    let text = pdf_text(&common::convert(&file, "pdf", dir.path()), "-layout");
    let first = squeeze(text.split('\u{c}').next().unwrap());
    assert!(first.starts_with(&format!("{DOC_NUMBER}附件")), "{first}");
}

#[test]
fn rows_taller_than_excel_allows_are_named_after_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("long.db");
    let mut store = Store::open(&db).unwrap();
    let doc = store.create_document(&DocumentDraft::titled("长内容测试表")).unwrap();
    let long = "推进跨境贸易便利化改革，优化通关流程。".repeat(160); // about 3,000 characters
    store
        .add_item(
            doc,
            None,
            &ItemDraft { title: "短事项".into(), content: "短内容".into(), ..Default::default() },
        )
        .unwrap();
    store
        .add_item(doc, None, &ItemDraft { title: "很长的事项".into(), content: long, ..Default::default() })
        .unwrap();
    let notes_of = |store: &Store, doc, format| {
        fengong::service::export::export_with_notes(store, doc, format, &ExportOptions::default()).unwrap().1
    };
    let notes = notes_of(&store, doc, ExportFormat::Xlsx);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("第 2 项") && notes[0].contains("很长的事项") && notes[0].contains("409"),
        "{notes:?}"
    );
    assert!(notes_of(&store, doc, ExportFormat::Docx).is_empty());
    drop(store);
    // The CLI writes the file and then says so on stderr.
    let out = dir.path().join("长.xlsx");
    let o = common::fengong(&db, &["export", "1", "-o", out.to_str().unwrap()]);
    assert!(o.status.success() && out.exists());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("注意：第 2 项") && stderr.contains("Word 或 PDF"), "{stderr}");
    let seed_notes = {
        let s = seed();
        notes_of(&s.store, s.doc, ExportFormat::Xlsx)
    };
    assert!(seed_notes.is_empty(), "the sample fits: {seed_notes:?}");
}
