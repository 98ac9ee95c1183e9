//! The seed annex (广东自贸试验区第八批…任务分工表) imported into a real store, laid out and printed in the
//! three set-ups, then checked with poppler-utils and qpdf: fonts embedded and subset, every cell's text
//! in the page text in order, page sizes, metadata; and the per-unit sheets.

mod pdf_util;

use std::path::{Path, PathBuf};

use fengong::fonts::FontSet;
use fengong::layout::{layout_annex, AnnexLayout, LayoutOptions, PageSetup, RunKind};
use fengong::model::{Document, Item};
use fengong::pdf::write_pdf;
use fengong::service::sheets::{write_all_unit_sheets, SheetOptions};
use fengong::store::Store;
use pdf_util::*;

fn seed(dir: &Path) -> (Store, Document, Vec<Item>) {
    let mut store = Store::open(dir.join("fengong.db")).unwrap();
    let out = store.load_sample().unwrap();
    let doc = store.document(out.document_id).unwrap();
    let items = store.items(out.document_id).unwrap();
    assert!(items.len() >= 20, "示例应有 20 项，实为 {}", items.len());
    (store, doc, items)
}

fn render(
    doc: &Document,
    items: &[Item],
    setup: PageSetup,
    dir: &Path,
    fonts: &FontSet,
) -> (AnnexLayout, PathBuf) {
    let opts = LayoutOptions { page_setup: setup, ..Default::default() };
    let layout = layout_annex(doc, items, &opts, fonts);
    assert!(layout.missing.is_empty(), "示例不应缺字：{:?}", layout.missing);
    let bytes = write_pdf(&layout, fonts).unwrap();
    let path = dir.join(format!("seed-{setup:?}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    (layout, path)
}

/// Every run the layout placed appears, in order, in the text poppler extracts from its page; and every
/// cell of every item is printed completely (its runs, joined over pages, give the cell's text).
fn check_text(layout: &AnnexLayout, path: &Path, doc: &Document, items: &[Item]) {
    let pages = pages_text(path);
    assert_eq!(pages.len(), layout.pages.len(), "页数不符");
    for (i, page) in layout.pages.iter().enumerate() {
        let want: Vec<String> =
            page.runs.iter().chain(page.page_number.iter()).map(|r| r.text.clone()).collect();
        assert_in_order(&pages[i], &want);
    }
    for (n, item) in items.iter().enumerate() {
        if item.is_heading {
            continue;
        }
        for (c, col) in doc.columns.iter().enumerate() {
            if col.kind == fengong::model::ColumnKind::Number {
                continue;
            }
            let printed: String = layout
                .pages
                .iter()
                .flat_map(|p| p.runs.iter())
                .filter(|r| r.kind == RunKind::Cell { item: n, col: c })
                .map(|r| squash(&r.text))
                .collect();
            assert_eq!(printed, squash(&item.cell_text(&col.kind)), "第{}项“{}”未完整打印", n + 1, col.label);
        }
    }
    // And the whole text of the document, cell by cell, in reading order.
    let all = pdftotext_raw(path);
    let mut needles = vec![doc.title.replace('\n', "")];
    for item in items.iter().filter(|i| !i.is_heading) {
        // A title may split across pages (header and page number between): its first characters suffice.
        needles.push(item.title.chars().take(6).collect());
    }
    assert_in_order(&all, &needles);
}

#[test]
fn seed_prints_in_all_three_setups() {
    let dir = tempfile::tempdir().unwrap();
    let (_store, doc, items) = seed(dir.path());
    let fonts = FontSet::shipped();
    for (setup, size) in [
        (PageSetup::Portrait, A4_PORTRAIT),
        (PageSetup::LandscapeBound, A4_PORTRAIT),
        (PageSetup::Landscape, A4_LANDSCAPE),
    ] {
        let (layout, path) = render(&doc, &items, setup, dir.path(), &fonts);
        assert!(layout.pages.len() >= 2, "{setup:?}: {} 页", layout.pages.len());
        let fonts_in_pdf = assert_fonts_embedded_and_subset(&path);
        let names: Vec<&str> = fonts_in_pdf.iter().map(|f| f.name.split_once('+').unwrap().1).collect();
        for want in ["FandolSong-Bold", "FandolHei-Regular", "FandolFang-Regular", "FandolSong-Regular"] {
            assert_eq!(
                names.iter().filter(|n| **n == want).count(),
                1,
                "{setup:?}: {want} 应嵌入一次：{names:?}"
            );
        }
        qpdf_check(&path);
        let sizes = page_sizes(&path);
        assert_eq!(sizes.len(), layout.pages.len());
        for s in sizes {
            assert_size(s, size);
        }
        let info = pdfinfo(&path);
        assert_eq!(info_value(&info, "Title").map(|t| squash(&t)), Some(squash(&doc.title)), "{setup:?}");
        // No PDF/X marker (the file is not PDF/X), no empty entries, and every font's Descent below
        // the baseline.
        let raw = std::fs::read(&path).unwrap();
        let raw = String::from_utf8_lossy(&raw);
        assert!(!raw.contains("GTS_PDFX") && !raw.contains("/Author()"), "{setup:?}");
        let descents: Vec<i64> = raw
            .split("/Descent ")
            .skip(1)
            .map(|s| s.split(|c: char| c != '-' && !c.is_ascii_digit()).next().unwrap().parse().unwrap())
            .collect();
        assert!(!descents.is_empty() && descents.iter().all(|d| *d < 0), "{setup:?}: {descents:?}");
        check_text(&layout, &path, &doc, &items);
        let bytes = std::fs::metadata(&path).unwrap().len();
        assert!(bytes < 1_000_000, "{setup:?}: 示例 PDF {bytes} 字节，子集化可能失效");
        if std::env::var_os("FENGONG_KEEP_PDF").is_some() {
            let keep = PathBuf::from(std::env::var_os("FENGONG_KEEP_PDF").unwrap());
            std::fs::create_dir_all(&keep).unwrap();
            std::fs::copy(&path, keep.join(path.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn render_document_pdf_saves_atomically_and_keeps_the_old_file_on_failure() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, doc, items) = seed(dir.path());
    let fonts = FontSet::shipped();
    let out = dir.path().join("out").join("附件.pdf");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let opts = LayoutOptions::default();
    let pages = fengong::service::render::save_document_pdf(&store, doc.id, &opts, &fonts, &out).unwrap();
    assert!(pages >= 2);
    let good = std::fs::read(&out).unwrap();
    assert!(good.starts_with(b"%PDF"));

    // A character no face has (U+10FFFD) in an item: refused with its place, old file untouched.
    let it = &items[2];
    let mut draft = it.to_draft();
    draft.content.push('\u{10FFFD}');
    store.update_item(items[2].id, &draft).unwrap();
    let err = fengong::service::render::save_document_pdf(&store, doc.id, &opts, &fonts, &out).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, fengong::Error::MissingGlyphs(_)), "{msg}");
    assert!(msg.contains("U+10FFFD") && msg.contains("第3项"), "{msg}");
    assert_eq!(std::fs::read(&out).unwrap(), good, "失败时旧文件应保持不变");
    assert_eq!(std::fs::read_dir(out.parent().unwrap()).unwrap().count(), 1, "不应留下临时文件");
}

#[test]
fn unit_sheets_are_written_one_per_unit() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _doc, _items) = seed(dir.path());
    let fonts = FontSet::shipped();
    let out = dir.path().join("清单");
    let opts = SheetOptions::default();
    let done = write_all_unit_sheets(&store, &out, &opts, &fonts).unwrap();
    let leads: Vec<_> =
        store.units().unwrap().into_iter().filter(|u| u.lead_count + u.responsible_count > 0).collect();
    assert_eq!(done.len(), leads.len(), "{done:#?}");
    for d in &done {
        assert!(d.error.is_none(), "{d:?}");
        assert!(d.path.file_name().unwrap().to_str().unwrap().ends_with("牵头任务清单.pdf"), "{d:?}");
        qpdf_check(&d.path);
        assert_fonts_embedded_and_subset(&d.path);
        let text = pdftotext_raw(&d.path);
        let sq = squash(&text);
        assert!(sq.contains(&format!("{}牵头任务清单", d.unit)), "{}", d.unit);
        assert!(!sq.starts_with("附件"), "清单不应有附件标注");
        // Every item the unit leads is on its sheet, with its title.
        let unit = store.find_unit(&d.unit).unwrap().unwrap();
        let groups = store
            .unit_items(unit.id, &[fengong::model::Role::Lead, fengong::model::Role::Responsible], None)
            .unwrap();
        let titles: Vec<String> = groups
            .iter()
            // The first three characters: a row may split across pages inside its 事项 (two lines at least
            // stay on each side), and the text of the page's other cells then stands between the parts.
            .flat_map(|(_, its)| its.iter().map(|i| i.title.chars().take(3).collect()))
            .collect();
        assert_eq!(titles.len(), d.items);
        if std::env::var_os("FENGONG_KEEP_PDF").is_some() {
            let keep = PathBuf::from(std::env::var_os("FENGONG_KEEP_PDF").unwrap());
            std::fs::create_dir_all(&keep).unwrap();
            std::fs::copy(&d.path, keep.join(d.path.file_name().unwrap())).unwrap();
        }
        assert_in_order(&text, &titles);
    }

    // With cooperating items: 承担任务清单 with a 角色 column.
    let opts = SheetOptions { with_cooperating: true, ..Default::default() };
    let unit = store.units().unwrap().into_iter().max_by_key(|u| u.lead_count + u.cooperating_count).unwrap();
    let path = dir.path().join("one.pdf");
    let oc = fengong::service::sheets::write_unit_sheet(&store, unit.unit.id, &opts, &fonts, &path).unwrap();
    assert_eq!(oc.items as i64, unit.lead_count + unit.cooperating_count + unit.responsible_count);
    let sq = squash(&pdftotext_raw(&path));
    assert!(sq.contains(&format!("{}承担任务清单", unit.unit.name)) && sq.contains("角色"), "{sq}");
}
