//! The Word export checked by outside tools: every XML part against the ECMA-376 schemas in `schemas/ecma-376`
//! with xmllint, and the whole file through LibreOffice (soffice → PDF → pdftotext/pdfinfo). Both tools are
//! required (CI installs libxml2-utils, libreoffice-writer-nogui and poppler-utils): a missing one fails the
//! test rather than skipping it. Documents: the seed annex, a generated 2,000-item annex, and one with group
//! headings, multi-paragraph and empty cells, tabs, XML specials and rare characters (𠀀, 䶮).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{
    attr, docx_table, generated, is, numbered, require, seed, squeeze, zip_entries, Seed, DOC_NUMBER,
};
use fengong::export::{ExportFormat, ExportOptions, ExportRow, ExportTable};
use fengong::layout::PageSetup;
use fengong::model::{DocumentDraft, DocumentId, ItemDraft, Role, UnitRef};
use fengong::service::export::export_with_notes;
use fengong::store::Store;

// ------------------------------------------------------------------------------------------ helpers

/// Every part of the package, each asserted deflated.
fn parts(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    zip_entries(bytes)
        .into_iter()
        .map(|(name, (b, method))| {
            assert_eq!(method, zip::CompressionMethod::Deflated, "{name} deflated");
            (name, b)
        })
        .collect()
}

fn xml_of(bytes: &[u8], part: &str) -> String {
    String::from_utf8(parts(bytes).remove(part).unwrap_or_else(|| panic!("{part} missing"))).unwrap()
}

fn schema(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/ecma-376").join(name)
}

/// xmllint's complaints about each part of a package, by part; an unknown part is a complaint too (every part
/// the exporter writes must be checked by some schema).
fn schema_errors(bytes: &[u8]) -> Vec<String> {
    require("xmllint", "--version", "libxml2-utils");
    let dir = tempfile::tempdir().unwrap();
    let mut errors = Vec::new();
    for (name, data) in parts(bytes) {
        let xsd = if name == "[Content_Types].xml" {
            "opc-contentTypes.xsd"
        } else if name.ends_with(".rels") {
            "opc-relationships.xsd"
        } else if name.starts_with("word/") && name.ends_with(".xml") {
            "wml.xsd"
        } else {
            errors.push(format!("{name}: no schema to check this part against"));
            continue;
        };
        let file = dir.path().join(name.replace('/', "_"));
        std::fs::write(&file, &data).unwrap();
        let o = Command::new("xmllint")
            .arg("--nonet")
            .arg("--noout")
            .arg("--schema")
            .arg(schema(xsd))
            .arg(&file)
            .output()
            .unwrap();
        if !o.status.success() {
            let msg: String =
                String::from_utf8_lossy(&o.stderr).lines().take(20).collect::<Vec<_>>().join("\n");
            errors.push(format!("{name} (against {xsd}):\n{msg}"));
        }
    }
    errors
}

fn assert_valid(bytes: &[u8], what: &str) {
    let errors = schema_errors(bytes);
    assert!(
        errors.is_empty(),
        "{what}: {} part(s) fail ECMA-376 validation:\n{}",
        errors.len(),
        errors.join("\n\n")
    );
}

fn docx(store: &Store, doc: DocumentId, opts: &ExportOptions) -> Vec<u8> {
    export_with_notes(store, doc, ExportFormat::Docx, opts).unwrap().0
}

fn setup(s: Option<PageSetup>) -> ExportOptions {
    ExportOptions { page_setup: s, ..Default::default() }
}

// ---------------------------------------------------------------------------------------- documents

const LONG: &str = "依托电子税务局系统，运用互联网和大数据技术，以信用管理为基础，创新风险智慧防控新机制，最大限度减少对市场主体的直接干预。";

/// Group headings, multi-paragraph cells (with an empty paragraph), empty cells, a tab, XML specials and rare
/// characters; long enough for several pages.
fn special() -> Seed {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("special.db")).unwrap();
    let doc = store.create_document(&DocumentDraft::titled("生僻字𠀀与䶮的\n任务分工表")).unwrap();
    let heading = |t: &str| ItemDraft { is_heading: true, title: t.into(), ..Default::default() };
    let lead = |n: &str| UnitRef { name: n.into(), role: Role::Lead };
    store.add_item(doc, None, &heading("一、优化营商环境")).unwrap();
    let first = ItemDraft {
        title: "𠀀村“一网通办”<试点>".into(),
        content: format!("第一段：{LONG}\n\n第三段 A&B\t制表"),
        scope: "全省范围".into(),
        units: vec![lead("䶮县人民政府"), lead("省政务服务数据管理局")],
        ..Default::default()
    };
    store.add_item(doc, None, &first).unwrap();
    // Empty cells: no content, no unit, no scope.
    store.add_item(doc, None, &ItemDraft { title: "只有事项".into(), ..Default::default() }).unwrap();
    store.add_item(doc, None, &heading("二、提升贸易便利化水平")).unwrap();
    for i in 1..=14 {
        let item = ItemDraft {
            title: format!("第{i}项改革事项"),
            content: format!("{LONG}{LONG}\n{i}. 二是建立风险预警指标模型，有针对性地推送风险提示。"),
            scope: "自贸试验区".into(),
            units: vec![lead("省商务厅"), lead("海关总署广东分署")],
            ..Default::default()
        };
        store.add_item(doc, None, &item).unwrap();
    }
    Seed { _dir: dir, store, doc }
}

fn export_table(db: &Seed) -> ExportTable {
    let d = db.store.document(db.doc).unwrap();
    let items = db.store.items(db.doc).unwrap();
    ExportTable::new(&d, &items)
}

// ------------------------------------------------------------------------------------------ schemas

#[test]
fn every_part_of_the_sample_validates_against_ecma_376_in_each_page_setup() {
    let db = seed();
    for (what, opts) in [
        ("default", setup(None)),
        ("portrait", setup(Some(PageSetup::Portrait))),
        ("landscape", setup(Some(PageSetup::Landscape))),
        ("landscape bound", setup(Some(PageSetup::LandscapeBound))),
        ("五号 body", ExportOptions { body_size: Some(10.5), ..Default::default() }),
    ] {
        let bytes = docx(&db.store, db.doc, &opts);
        assert_valid(&bytes, what);
        let names: Vec<String> = parts(&bytes).into_keys().collect();
        for needed in [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/document.xml",
            "word/styles.xml",
            "word/settings.xml",
            "word/fontTable.xml",
            "word/footer1.xml",
            "word/footer2.xml",
        ] {
            assert!(names.iter().any(|n| n == needed), "{what}: {needed} in {names:?}");
        }
    }
}

#[test]
fn a_two_thousand_item_document_validates_against_ecma_376() {
    let db = generated(2000);
    let bytes = docx(&db.store, db.doc, &setup(None));
    assert_valid(&bytes, "2,000 items");
    let xml = xml_of(&bytes, "word/document.xml");
    let d = roxmltree::Document::parse_with_options(
        &xml,
        roxmltree::ParsingOptions { nodes_limit: u32::MAX, ..Default::default() },
    )
    .unwrap();
    let table = docx_table(&d);
    let expected = export_table(&db);
    assert_eq!(table.len(), expected.rows.len() + 1);
    for (got, want) in table[1..].iter().zip(&expected.rows) {
        match want {
            ExportRow::Item(cells) => assert_eq!(got, cells),
            ExportRow::Heading(t) => assert_eq!(got, &vec![t.clone()]),
        }
    }
}

#[test]
fn headings_multi_paragraph_empty_and_rare_cells_validate_and_keep_their_text() {
    let db = special();
    for opts in [setup(None), setup(Some(PageSetup::Landscape))] {
        let bytes = docx(&db.store, db.doc, &opts);
        assert_valid(&bytes, "special cells");
        let xml = xml_of(&bytes, "word/document.xml");
        let d = roxmltree::Document::parse(&xml).unwrap();
        let t = docx_table(&d);
        assert_eq!(t[0], ["序号", "事项", "主要内容", "牵头单位", "复制推广范围"]);
        assert_eq!(t[1], ["一、优化营商环境"], "heading: one cell");
        assert_eq!(t[2][0], "1");
        assert_eq!(t[2][1], "𠀀村“一网通办”<试点>");
        assert_eq!(
            t[2][2],
            format!("第一段：{LONG}\n\n第三段 A&B\t制表"),
            "paragraphs, the empty one and the tab kept"
        );
        assert_eq!(t[2][3], "䶮县人民政府、省政务服务数据管理局");
        assert_eq!(t[3], ["2", "只有事项", "", "", ""], "empty cells stay empty");
        assert_eq!(t[4], ["二、提升贸易便利化水平"]);
        assert_eq!(t.len(), 1 + 4 + 14);
        // The heading spans the grid; every cell of it has one paragraph per line.
        let heading_tc =
            d.descendants().filter(|n| is(n, "tr")).nth(1).unwrap().children().find(|n| is(n, "tc")).unwrap();
        let span = heading_tc.descendants().find(|n| is(n, "gridSpan")).unwrap();
        assert_eq!(attr(&span, "val"), Some("5"));
        let content_tc = d
            .descendants()
            .filter(|n| is(n, "tr"))
            .nth(2)
            .unwrap()
            .children()
            .filter(|n| is(n, "tc"))
            .nth(2)
            .unwrap();
        assert_eq!(content_tc.children().filter(|n| is(n, "p")).count(), 3);
        // 𠀀 (beyond the BMP) in its own run in SimSun-ExtB; 䶮 (Extension A) in the body face's run.
        let ext_b_run =
            d.descendants().find(|n| is(n, "t") && n.text() == Some("𠀀")).unwrap().parent().unwrap();
        let fonts = ext_b_run.descendants().find(|n| is(n, "rFonts")).expect("rare character run has fonts");
        assert_eq!(attr(&fonts, "eastAsia"), Some("SimSun-ExtB"));
        assert!(xml.contains("䶮县人民政府"));
        // The title's break is kept as a w:br in the title paragraph.
        let title_p = d.descendants().filter(|n| is(n, "p")).nth(2).unwrap();
        let title: String = title_p
            .descendants()
            .filter_map(|n| {
                if is(&n, "t") {
                    n.text()
                } else if is(&n, "br") {
                    Some("\n")
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(title, "生僻字𠀀与䶮的\n任务分工表");
    }
}

#[test]
fn xmllint_catches_a_part_out_of_schema_order() {
    // The check itself must be able to fail: w:jc before w:pStyle is out of CT_PPr's sequence.
    let db = seed();
    let bytes = docx(&db.store, db.doc, &setup(None));
    let broken = common::patch_zip_entry(
        &bytes,
        "word/footer1.xml",
        r#"<w:pStyle w:val="Footer"/><w:ind w:right="280"/><w:jc w:val="right"/>"#,
        r#"<w:jc w:val="right"/><w:pStyle w:val="Footer"/><w:ind w:right="280"/>"#,
    );
    let errors = schema_errors(&broken);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("word/footer1.xml")
            && errors[0].contains("pStyle")
            && errors[0].contains("not expected"),
        "{}",
        errors[0]
    );
}

// ------------------------------------------------------------------------------------- page set-up

#[test]
fn page_setup_margins_footers_fonts_and_rows_follow_the_spec() {
    let db = seed();
    for (opts, landscape) in [
        (setup(None), false),
        (setup(Some(PageSetup::Portrait)), false),
        (setup(Some(PageSetup::Landscape)), true),
        (setup(Some(PageSetup::LandscapeBound)), true),
    ] {
        let bytes = docx(&db.store, db.doc, &opts);
        let xml = xml_of(&bytes, "word/document.xml");
        let d = roxmltree::Document::parse(&xml).unwrap();
        let find = |name: &str| d.descendants().find(|n| is(n, name)).unwrap_or_else(|| panic!("w:{name}"));
        let num = |n: &roxmltree::Node, k: &str| attr(n, k).unwrap().parse::<i32>().unwrap();
        let (pg, mar) = (find("pgSz"), find("pgMar"));
        let margins = (num(&mar, "top"), num(&mar, "bottom"), num(&mar, "left"), num(&mar, "right"));
        if landscape {
            assert_eq!(
                (num(&pg, "w"), num(&pg, "h"), attr(&pg, "orient")),
                (16838, 11906, Some("landscape"))
            );
            assert_eq!(margins, (1587, 1474, 1984, 2098), "28/26/35/37 mm");
        } else {
            assert_eq!((num(&pg, "w"), num(&pg, "h"), attr(&pg, "orient")), (11906, 16838, None));
            assert_eq!(margins, (2098, 1984, 1587, 1474), "37/35/28/26 mm");
        }
        // Footer: number line 7 mm below the text area, i.e. bottom margin − 7 mm − one 4号 line.
        assert_eq!(num(&mar, "footer"), margins.1 - 397 - 280);
        let text_width = num(&pg, "w") - margins.2 - margins.3;
        let grid: i32 = d.descendants().filter(|n| is(n, "gridCol")).map(|n| num(&n, "w")).sum();
        assert_eq!(grid, text_width, "fixed grid fills the text area");
        assert_eq!(attr(&find("tblLayout"), "type"), Some("fixed"));
        let tblw = find("tblW");
        assert_eq!((num(&tblw, "w"), attr(&tblw, "type")), (text_width, Some("dxa")));

        // Header row: the only row with properties, w:tblHeader; no body row is kept from breaking.
        let rows: Vec<_> = d.descendants().filter(|n| is(n, "tr")).collect();
        assert!(rows[0].children().find(|n| is(n, "trPr")).unwrap().children().any(|n| is(&n, "tblHeader")));
        assert!(
            rows[1..].iter().all(|r| !r.children().any(|n| is(&n, "trPr"))),
            "body rows may break across pages"
        );
        assert_eq!(xml.matches("<w:tblHeader/>").count(), 1);

        // Odd and even footers: default → right-aligned, even → left-aligned, one 4号 character in; PAGE field.
        let rels = xml_of(&bytes, "word/_rels/document.xml.rels");
        let target = |ty: &str| {
            let r =
                d.descendants().find(|n| is(n, "footerReference") && attr(n, "type") == Some(ty)).unwrap();
            let id = attr(&r, "id").unwrap();
            let rd = roxmltree::Document::parse(&rels).unwrap();
            let rel = rd.descendants().find(|n| n.attribute("Id") == Some(id)).unwrap();
            format!("word/{}", rel.attribute("Target").unwrap())
        };
        for (ty, jc, ind) in [("default", "right", "right"), ("even", "left", "left")] {
            let f = xml_of(&bytes, &target(ty));
            let fd = roxmltree::Document::parse(&f).unwrap();
            let get = |name: &str| {
                fd.descendants().find(|n| is(n, name)).unwrap_or_else(|| panic!("{ty} footer: w:{name}"))
            };
            assert_eq!(attr(&get("jc"), "val"), Some(jc), "{ty} footer");
            assert_eq!(attr(&get("ind"), ind), Some("280"), "{ty} footer indent");
            assert_eq!(attr(&get("pStyle"), "val"), Some("Footer"));
            let text: String = fd
                .descendants()
                .filter(|n| is(n, "t") || is(n, "instrText"))
                .filter_map(|n| n.text())
                .collect();
            assert_eq!(text, "—  PAGE 1 —", "{ty} footer: em dashes around a PAGE field");
        }
        let settings = xml_of(&bytes, "word/settings.xml");
        assert!(settings.contains("<w:evenAndOddHeaders/>"));
        assert_eq!(
            settings.contains("<w:mirrorMargins/>"),
            !landscape,
            "binding side mirrored on even portrait pages"
        );

        // Styles: 宋体 4号 page numbers, single spacing, fonts by their East-Asian names.
        let styles = xml_of(&bytes, "word/styles.xml");
        let sd = roxmltree::Document::parse(&styles).unwrap();
        let style = |id: &str| {
            sd.descendants()
                .find(|n| is(n, "style") && attr(n, "styleId") == Some(id))
                .unwrap_or_else(|| panic!("style {id}"))
        };
        let font_and_size = |id: &str| {
            let s = style(id);
            let f =
                s.descendants().find(|n| is(n, "rFonts")).map(|n| attr(&n, "eastAsia").unwrap().to_string());
            let z = s.descendants().find(|n| is(n, "sz")).map(|n| attr(&n, "val").unwrap().to_string());
            (f, z)
        };
        assert_eq!(font_and_size("Footer"), (Some("宋体".into()), Some("28".into())));
        assert_eq!(font_and_size("AnnexLabel"), (Some("黑体".into()), Some("32".into())));
        assert_eq!(font_and_size("AnnexTitle"), (Some("方正小标宋简体".into()), Some("44".into())));
        assert_eq!(font_and_size("TableHeader"), (Some("黑体".into()), None));
        let defaults = sd.descendants().find(|n| is(n, "docDefaults")).unwrap();
        let dfonts = defaults.descendants().find(|n| is(n, "rFonts")).unwrap();
        assert_eq!(attr(&dfonts, "eastAsia"), Some("仿宋_GB2312"));
        assert_eq!(
            attr(&defaults.descendants().find(|n| is(n, "sz")).unwrap(), "val"),
            Some("32"),
            "body 3号"
        );
        let spacing = defaults.descendants().find(|n| is(n, "spacing")).unwrap();
        assert_eq!(
            (attr(&spacing, "line"), attr(&spacing, "lineRule"), attr(&spacing, "after")),
            (Some("240"), Some("auto"), Some("0"))
        );
        assert!(!xml.contains("w:spacing"), "no paragraph overrides the single spacing");
        assert_eq!(
            attr(&style("AnnexTitle").descendants().find(|n| is(n, "jc")).unwrap(), "val"),
            Some("center")
        );
        // The label and title keep with the table; the paragraph Word needs after the table is 1 pt high.
        assert!(
            style("AnnexLabel").descendants().any(|n| is(&n, "keepNext"))
                && style("AnnexTitle").descendants().any(|n| is(&n, "keepNext"))
        );
        let last_p =
            d.descendants().find(|n| is(n, "body")).unwrap().children().rfind(|n| is(n, "p")).unwrap();
        assert_eq!(
            last_p.descendants().find(|n| is(n, "pStyle")).and_then(|n| attr(&n, "val")),
            Some("TableEnd")
        );
        let end_spacing = style("TableEnd").descendants().find(|n| is(n, "spacing")).unwrap();
        assert_eq!((attr(&end_spacing, "line"), attr(&end_spacing, "lineRule")), (Some("20"), Some("exact")));
        assert!(!settings.contains("adjustLineHeightInTable"), "the body grid stays out of the cells");

        // Font table: the alternatives Word and WPS use where a face is missing.
        let fonts = xml_of(&bytes, "word/fontTable.xml");
        let fd = roxmltree::Document::parse(&fonts).unwrap();
        let alt = |name: &str| {
            let f = fd
                .descendants()
                .find(|n| is(n, "font") && attr(n, "name") == Some(name))
                .unwrap_or_else(|| panic!("font {name}"));
            let a = f.children().find(|n| is(n, "altName")).map(|n| attr(&n, "val").unwrap().to_string());
            let charset =
                f.children().find(|n| is(n, "charset")).map(|n| attr(&n, "val").unwrap().to_string());
            (a, charset)
        };
        assert_eq!(alt("仿宋_GB2312"), (Some("仿宋".into()), Some("86".into())));
        assert_eq!(alt("方正小标宋简体"), (Some("华文中宋".into()), Some("86".into())));
        assert_eq!(alt("黑体"), (Some("SimHei".into()), Some("86".into())));
        assert_eq!(alt("宋体"), (Some("SimSun".into()), Some("86".into())));
    }

    // Body size option: the table text style and the defaults at 五号 (21 half-points).
    let bytes = docx(&db.store, db.doc, &ExportOptions { body_size: Some(10.5), ..Default::default() });
    let styles = xml_of(&bytes, "word/styles.xml");
    assert!(styles.contains(r#"<w:sz w:val="21"/>"#), "{styles}");
}

#[test]
fn wide_tables_stay_portrait_like_the_pdf_unless_landscape_is_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("wide.db")).unwrap();
    let mut draft = DocumentDraft::titled("六列表");
    draft.columns.push(fengong::model::Column::new(fengong::model::ColumnKind::Deadline, 2.0));
    let doc = store.create_document(&draft).unwrap();
    store
        .add_item(
            doc,
            None,
            &ItemDraft {
                title: "事项".into(), deadline_text: "2026年底前".into(), ..Default::default()
            },
        )
        .unwrap();
    let orient = |opts| {
        let xml = xml_of(&docx(&store, doc, &opts), "word/document.xml");
        xml.contains(r#"w:orient="landscape""#)
    };
    assert!(!orient(setup(None)), "portrait by default, as `fengong render`");
    assert!(orient(setup(Some(PageSetup::Landscape))));
    assert_valid(&docx(&store, doc, &setup(None)), "six columns");
}

// -------------------------------------------------------------------------------------- LibreOffice

/// Whether `cell` appears in `doc` in reading order: whole, or in pieces where a row breaks across pages
/// (at most `max_pieces`; each piece found after the previous one).
fn appears_in_order(doc: &str, cell: &str, max_pieces: usize) -> bool {
    if cell.is_empty() || doc.contains(cell) {
        return true;
    }
    let (mut from, mut rest, mut pieces) = (0usize, cell, 0usize);
    while !rest.is_empty() {
        pieces += 1;
        if pieces > max_pieces {
            return false;
        }
        // The longest prefix of what is left that occurs after `from`.
        let mut best: Option<(usize, usize)> = None;
        for (end, _) in rest.char_indices().skip(1).chain(std::iter::once((rest.len(), ' '))) {
            match doc[from..].find(&rest[..end]) {
                Some(at) => best = Some((end, from + at)),
                None => break,
            }
        }
        let Some((len, at)) = best else { return false };
        from = at + len;
        rest = &rest[len..];
    }
    true
}

/// Converts a .docx file to PDF in `dir` (LibreOffice, required) and returns the PDF's path.
fn to_pdf(dir: &Path, file: &Path) -> PathBuf {
    require("soffice", "--version", "libreoffice-writer-nogui");
    common::convert(file, "pdf", dir)
}

/// The PDF's pages, squeezed. -raw: content-stream order, in which LibreOffice writes a cell's lines one
/// after the other.
fn pdf_pages(pdf: &Path) -> Vec<String> {
    require("pdftotext", "-v", "poppler-utils");
    common::pdf_pages(pdf, "-raw")
}

fn page_size(pdf: &Path) -> (f64, f64) {
    let o = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let info = String::from_utf8(o.stdout).unwrap();
    let line = info.lines().find(|l| l.starts_with("Page size:")).expect("page size");
    let nums: Vec<f64> = line.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    (nums[0], nums[1])
}

#[test]
fn libreoffice_prints_every_cell_repeats_the_header_and_numbers_the_pages() {
    let dir = tempfile::tempdir().unwrap();
    let special = special();
    let sample = seed();
    let cases = [
        ("special", &special, setup(None), false),
        ("special-landscape", &special, setup(Some(PageSetup::Landscape)), true),
        ("seed", &sample, setup(None), false),
    ];
    let files: Vec<PathBuf> = cases
        .iter()
        .map(|(name, db, opts, _)| {
            let f = dir.path().join(format!("{name}.docx"));
            std::fs::write(&f, docx(&db.store, db.doc, opts)).unwrap();
            f
        })
        .collect();
    for ((name, db, _, landscape), file) in cases.iter().zip(&files) {
        let pdf = to_pdf(dir.path(), file);
        let (w, h) = page_size(&pdf);
        assert!(
            (w - if *landscape { 841.9 } else { 595.3 }).abs() < 1.0
                && (h - if *landscape { 595.3 } else { 841.9 }).abs() < 1.0,
            "{name}: page {w} × {h}"
        );
        let pages = pdf_pages(&pdf);
        assert!(pages.len() >= 2, "{name}: {} pages", pages.len());
        let table = export_table(db);
        let header = squeeze(&table.columns.iter().map(|c| c.label.as_str()).collect::<String>());
        assert!(
            squeeze(&pages[0]).starts_with(&squeeze(&table.annex_label)),
            "{name}: 附件 first:\n{}",
            pages[0]
        );
        assert!(pages[0].contains(&squeeze(&table.title)), "{name}: title on page 1");
        for (i, p) in pages.iter().enumerate() {
            // The header row is the first thing on every later page; each page is numbered — N —.
            if i > 0 {
                assert!(p.starts_with(&header), "{name}: header repeated at the top of page {}:\n{p}", i + 1);
            } else {
                assert!(p.contains(&header), "{name}: header on page 1");
            }
            assert!(
                p.contains(&format!("—{}—", i + 1)),
                "{name}: page number — {} — on its page:\n{p}",
                i + 1
            );
        }
        // Every cell's text, in reading order; a row broken across pages may come in pieces.
        let all: String = pages.concat();
        // Rows come in table order: each row's first non-empty cell starts after the previous row's did (so a
        // short cell repeated in many rows, 全省范围, cannot pass for a missing one elsewhere).
        let mut row_from = 0usize;
        for row in &table.rows {
            let cells: Vec<&String> = match row {
                ExportRow::Heading(t) => vec![t],
                ExportRow::Item(c) => c.iter().collect(),
            };
            // (The first cell of two or more characters: a bare 序号 “1” would be found anywhere.)
            let squeezed: Vec<String> = cells.iter().map(|c| squeeze(c)).collect();
            let region = row_from;
            if let Some(first) =
                squeezed.iter().find(|c| c.chars().count() >= 2).or(squeezed.iter().find(|c| !c.is_empty()))
            {
                let head: String = first.chars().take(4).collect();
                let at = all[row_from..].find(&head);
                assert!(at.is_some(), "{name}: row starting {head:?} is missing or out of order");
                row_from += at.unwrap_or(0) + head.len();
            }
            // Each paragraph of each cell, after the end of the previous row's head: a paragraph is set as one
            // run of lines (in pieces where pages break it). Checked paragraph by paragraph because the rows
            // repeat whole paragraphs, and a longest-prefix match across a paragraph break can take another
            // row's copy and then miss the rest.
            for c in cells {
                for para in c.split('\n') {
                    let want = squeeze(para);
                    assert!(
                        appears_in_order(&all[region..], &want, pages.len()),
                        "{name}: cell text missing from the PDF: {para:?} (of {c:?})"
                    );
                }
            }
        }
        assert!(all.contains("𠀀") || *name == "seed", "{name}: the Extension B character is printed");
        assert!(all.contains("䶮") || *name == "seed", "{name}: the Extension A character is printed");
    }
}

#[test]
fn the_order_check_accepts_pieces_and_refuses_missing_text() {
    assert!(appears_in_order("甲乙丙丁", "乙丙", 1));
    assert!(appears_in_order("甲乙—2—序号丙丁", "甲乙丙丁", 2));
    assert!(!appears_in_order("甲乙—2—序号丙丁", "甲乙丙丁", 1));
    assert!(!appears_in_order("甲乙丁", "甲乙丙丁", 3));
    assert!(!appears_in_order("丙丁甲乙", "甲乙丙丁", 3), "pieces must come in order");
}

// ------------------------------------------------------------------------------------ 发文字号

/// The first paragraph of the body: (style, text).
fn first_paragraph(bytes: &[u8]) -> (String, String) {
    let xml = xml_of(bytes, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let p = doc.descendants().find(|n| is(n, "p")).unwrap();
    let style =
        p.descendants().find(|n| is(n, "pStyle")).and_then(|n| attr(&n, "val")).unwrap_or("").to_string();
    let text = p.descendants().filter(|n| is(n, "t")).map(|n| n.text().unwrap_or("")).collect();
    (style, text)
}

/// With `show_doc_number` the 发文字号 stands before 附件 on line 1, in the label's paragraph (黑体 3号 from
/// its style), the file still validates, and our Word import reads the number back; by default the file has
/// no number and imports with none. LibreOffice prints the line.
#[test]
fn doc_number_is_printed_before_the_label_when_asked_and_imports_back() {
    let db = numbered();
    let items = db.store.items(db.doc).unwrap().len();
    let shown = docx(&db.store, db.doc, &ExportOptions { show_doc_number: true, ..Default::default() });
    assert_valid(&shown, "with 发文字号");
    assert_eq!(
        first_paragraph(&shown),
        ("AnnexLabel".to_string(), format!("{DOC_NUMBER}\u{3000}\u{3000}附件"))
    );
    let styles = xml_of(&shown, "word/styles.xml");
    let label_style = &styles[styles.find(r#"w:styleId="AnnexLabel""#).unwrap()..];
    let label_style = &label_style[..label_style.find("</w:style>").unwrap()];
    assert!(
        label_style.contains(r#"w:eastAsia="黑体""#) && label_style.contains(r#"<w:sz w:val="32"/>"#),
        "{label_style}"
    );

    let back = fengong::import::parse_any(&shown, "附件.docx").unwrap();
    assert_eq!(back.doc_number.as_deref(), Some(DOC_NUMBER));
    assert_eq!(back.annex_label, "附件");
    assert_eq!(back.title, "广东自贸试验区第八批可复制推广\n改革创新经验任务分工表");
    assert_eq!(back.rows.len(), items);
    assert!(back.report.unplaced.is_empty(), "{:?}", back.report.unplaced);

    let plain = docx(&db.store, db.doc, &ExportOptions::default());
    assert_eq!(first_paragraph(&plain).1, "附件");
    assert!(!xml_of(&plain, "word/document.xml").contains(DOC_NUMBER));
    let back = fengong::import::parse_any(&plain, "附件.docx").unwrap();
    assert_eq!((back.doc_number, back.annex_label.as_str(), back.rows.len()), (None, "附件", items));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("numbered.docx");
    std::fs::write(&file, &shown).unwrap();
    let first = &pdf_pages(&to_pdf(dir.path(), &file))[0];
    assert!(first.starts_with(&format!("{DOC_NUMBER}附件")), "{first}");
}

/// An annex bound after its notice numbers on from it: the first page prints `— 5 —`, odd/even footers follow
/// the number (page 5 is odd: right), and the part stays schema-valid.
#[test]
fn the_first_page_number_continues_the_notices_numbering() {
    let s = seed();
    let opts = ExportOptions { first_page_number: Some(5), ..Default::default() };
    let bytes = docx(&s.store, s.doc, &opts);
    assert_valid(&bytes, "first page 5");
    assert!(xml_of(&bytes, "word/document.xml").contains(r#"<w:pgNumType w:start="5"/>"#));
    assert!(
        !xml_of(&docx(&s.store, s.doc, &ExportOptions::default()), "word/document.xml").contains("pgNumType")
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("接续页码.docx");
    std::fs::write(&file, &bytes).unwrap();
    let pages = pdf_pages(&to_pdf(dir.path(), &file));
    assert!(pages[0].contains("—5—") && pages[1].contains("—6—"), "{:?}", &pages[..2]);
    let bad = ExportOptions { first_page_number: Some(0), ..Default::default() };
    let e = export_with_notes(&s.store, s.doc, ExportFormat::Docx, &bad).unwrap_err().to_string();
    assert!(e.contains("起始页码"), "{e}");
}
