//! The PDF backend on hand-built layouts (independent of the layout engine): embedding and subsetting,
//! text round trip, page geometry of the three set-ups, metadata, refusal of missing glyphs, atomic
//! writes. Checked with poppler-utils and qpdf on real files.

mod pdf_util;

use fengong::fonts::{FaceRole, FontSet, Metrics};
use fengong::layout::{AnnexLayout, MissingGlyph, Page, Rule, RunKind, SheetPlacement, TextRun};
use pdf_util::*;

const MM: f32 = 72.0 / 25.4;

fn run(fonts: &FontSet, role: FaceRole, kind: RunKind, x: f32, y: f32, size: f32, text: &str) -> TextRun {
    let font = fonts.face_for(role, text.chars().next().unwrap()).expect("face");
    TextRun { kind, font, size, x, y, char_spacing: 0.0, squeeze: Vec::new(), text: text.to_string() }
}

/// A two-page annex-like layout: label, title, a header and body cells, rules, page numbers.
fn sample_layout(fonts: &FontSet, placement: SheetPlacement, w: f32, h: f32) -> AnnexLayout {
    let mut pages = Vec::new();
    for n in 1..=2u32 {
        let mut runs = Vec::new();
        let top = h - 37.0 * MM;
        if n == 1 {
            runs.push(run(fonts, FaceRole::Hei, RunKind::Label, 28.0 * MM, top - 16.0, 16.0, "附件"));
            runs.push(run(
                fonts,
                FaceRole::Title,
                RunKind::Title,
                60.0 * MM,
                top - 60.0,
                22.0,
                "广东自贸试验区任务分工表",
            ));
        }
        runs.push(run(
            fonts,
            FaceRole::Hei,
            RunKind::Header { col: 0 },
            30.0 * MM,
            top - 100.0,
            16.0,
            "序号",
        ));
        runs.push(run(
            fonts,
            FaceRole::Hei,
            RunKind::Header { col: 1 },
            60.0 * MM,
            top - 100.0,
            16.0,
            "主要内容",
        ));
        let mut body = run(
            fonts,
            FaceRole::Fang,
            RunKind::Cell { item: n as usize - 1, col: 1 },
            60.0 * MM,
            top - 130.0,
            16.0,
            &format!("第{n}页：推行跨境电商零售进口退货中心仓模式，"),
        );
        body.char_spacing = 0.8;
        runs.push(body);
        runs.push(run(
            fonts,
            FaceRole::Fang,
            RunKind::Cell { item: n as usize - 1, col: 1 },
            60.0 * MM,
            top - 150.0,
            16.0,
            "提升通关效率7×24小时。",
        ));
        runs.push(run(
            fonts,
            FaceRole::Fang,
            RunKind::Cell { item: n as usize - 1, col: 0 },
            32.0 * MM,
            top - 130.0,
            16.0,
            &n.to_string(),
        ));
        let rules = vec![
            Rule { x1: 28.0 * MM, y1: top - 80.0, x2: w - 26.0 * MM, y2: top - 80.0, width: 0.5 },
            Rule { x1: 28.0 * MM, y1: top - 160.0, x2: w - 26.0 * MM, y2: top - 160.0, width: 0.5 },
            Rule { x1: 28.0 * MM, y1: top - 80.0, x2: 28.0 * MM, y2: top - 160.0, width: 0.5 },
        ];
        // Page number in sheet coordinates: a portrait sheet when rotated.
        let (sw, _sh) = if placement == SheetPlacement::RotatedOnPortrait { (h, w) } else { (w, h) };
        let pn = run(
            fonts,
            FaceRole::Song,
            RunKind::PageNumber,
            sw - 60.0 * MM,
            28.0 * MM,
            14.0,
            &format!("— {n} —"),
        );
        pages.push(Page { number: n, width: w, height: h, placement, runs, rules, page_number: Some(pn) });
    }
    AnnexLayout {
        title: "广东自贸试验区任务分工表".into(),
        keywords: vec!["附件".into()],
        pages,
        missing: vec![],
    }
}

fn write(layout: &AnnexLayout, fonts: &FontSet, dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let bytes = fengong::pdf::write_pdf(layout, fonts).expect("write_pdf");
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn portrait_pdf_embeds_subset_fonts_and_round_trips_text() {
    let fonts = FontSet::shipped();
    let dir = tempfile::tempdir().unwrap();
    let layout = sample_layout(&fonts, SheetPlacement::Upright, 210.0 * MM, 297.0 * MM);
    let path = write(&layout, &fonts, dir.path(), "p.pdf");
    let f = assert_fonts_embedded_and_subset(&path);
    let names: Vec<&str> = f.iter().map(|f| f.name.split_once('+').unwrap().1).collect();
    for want in ["FandolSong-Bold", "FandolHei-Regular", "FandolFang-Regular", "FandolSong-Regular"] {
        assert_eq!(names.iter().filter(|n| **n == want).count(), 1, "{want} 应恰好嵌入一次：{names:?}");
    }
    assert_eq!(names.len(), 4, "{names:?}");
    qpdf_check(&path);
    let pages = pages_text(&path);
    assert_eq!(pages.len(), 2);
    for (i, page) in pages.iter().enumerate() {
        let want: Vec<String> = layout.pages[i]
            .runs
            .iter()
            .chain(layout.pages[i].page_number.iter())
            .map(|r| r.text.clone())
            .collect();
        assert_in_order(page, &want);
    }
    for s in page_sizes(&path) {
        assert_size(s, A4_PORTRAIT);
    }
    let info = pdfinfo(&path);
    assert_eq!(info_value(&info, "Title").as_deref(), Some("广东自贸试验区任务分工表"));
    assert!(!info_value(&info, "CreationDate").unwrap_or_default().contains("1970"), "{info:?}");
    // Subsets are small: the whole FandolFang alone is 6.7 MB.
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size < 200_000, "PDF 太大：{size} 字节");
}

#[test]
fn standalone_landscape_pages_are_a4_landscape() {
    let fonts = FontSet::shipped();
    let dir = tempfile::tempdir().unwrap();
    let layout = sample_layout(&fonts, SheetPlacement::Upright, 297.0 * MM, 210.0 * MM);
    let path = write(&layout, &fonts, dir.path(), "l.pdf");
    for s in page_sizes(&path) {
        assert_size(s, A4_LANDSCAPE);
    }
    qpdf_check(&path);
}

#[test]
fn rotated_pages_sit_on_portrait_sheets_with_the_text_intact() {
    let fonts = FontSet::shipped();
    let dir = tempfile::tempdir().unwrap();
    let layout = sample_layout(&fonts, SheetPlacement::RotatedOnPortrait, 297.0 * MM, 210.0 * MM);
    let path = write(&layout, &fonts, dir.path(), "r.pdf");
    for s in page_sizes(&path) {
        assert_size(s, A4_PORTRAIT);
    }
    qpdf_check(&path);
    let all = pdftotext_raw(&path);
    assert_in_order(&all, &["广东自贸试验区任务分工表".to_string(), "提升通关效率7×24小时。".to_string()]);
    assert!(squash(&all).contains("—1—") && squash(&all).contains("—2—"), "{all}");
    // The table text runs up the sheet (rotated 90° CCW): poppler's bounding boxes of the body text are
    // taller than wide, while the page number stays horizontal.
    let bbox = tool("pdftotext", &["-bbox", "-f", "1", "-l", "1", path.to_str().unwrap(), "-"]);
    let word = |needle: &str| -> (f32, f32, f32, f32) {
        let l = bbox
            .lines()
            .find(|l| l.trim_start().starts_with("<word") && l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} 不在 bbox 输出中：{bbox}"));
        let num = |k: &str| -> f32 {
            let i = l.find(&format!("{k}=\"")).unwrap() + k.len() + 2;
            l[i..].split('"').next().unwrap().parse().unwrap()
        };
        (num("xMin"), num("yMin"), num("xMax"), num("yMax"))
    };
    let t = word("提升通关效率");
    assert!(t.3 - t.1 > 3.0 * (t.2 - t.0), "正文应竖排于纸面（旋转 90°）：{t:?}");
    // Head of the table faces the left edge of the sheet: the title is left of the body text.
    let title = word("广东自贸试验区任务分工表");
    assert!(title.0 < t.0, "标题应更靠近纸的左边：{title:?} {t:?}");
}

#[test]
fn missing_glyphs_are_refused_with_their_place_before_writing() {
    let fonts = FontSet::shipped();
    // U+10FFFD (private use) is in no face of the set, shipped or installed.
    assert_eq!(fonts.face_for(FaceRole::Fang, '\u{10FFFD}'), None);
    let mut layout = sample_layout(&fonts, SheetPlacement::Upright, 210.0 * MM, 297.0 * MM);
    layout.missing.push(MissingGlyph { ch: '\u{10FFFD}', place: "第2项“主要内容”".into() });
    let err = fengong::pdf::write_pdf(&layout, &fonts).unwrap_err();
    assert!(matches!(err, fengong::Error::MissingGlyphs(_)), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("第2项“主要内容”") && msg.contains("U+10FFFD"), "{msg}");

    // The atomic save keeps an existing file when rendering fails, and leaves no temp file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("附件.pdf");
    std::fs::write(&path, b"old pdf").unwrap();
    let save = |layout: &AnnexLayout| {
        fengong::pdf::write_pdf(layout, &fonts).and_then(|b| fengong::fsutil::write_atomic(&path, &b))
    };
    assert!(save(&layout).is_err());
    assert_eq!(std::fs::read(&path).unwrap(), b"old pdf");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    // … and replaces it when rendering succeeds.
    layout.missing.clear();
    save(&layout).unwrap();
    assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF"));
}

#[test]
fn a_character_fandol_lacks_falls_back_to_an_installed_face() {
    let fonts = FontSet::shipped();
    // 𠀀 (U+20000, CJK Ext-B) is not in the Fandol faces.
    let fandol = FontSet::shipped_only();
    let ch = '\u{20000}';
    assert_eq!(fandol.face_for(FaceRole::Fang, ch), None, "Fandol 不应含有 U+20000");
    let Some(id) = fonts.face_for(FaceRole::Fang, ch) else {
        // No installed face has it either (no Noto CJK / SimSun-ExtB here): nothing to test.
        return;
    };
    assert_ne!(id, fonts.primary(FaceRole::Fang));
    let dir = tempfile::tempdir().unwrap();
    let mut layout = sample_layout(&fonts, SheetPlacement::Upright, 210.0 * MM, 297.0 * MM);
    layout.pages[0].runs.push(TextRun {
        kind: RunKind::Cell { item: 0, col: 1 },
        font: id,
        size: 16.0,
        x: 100.0,
        y: 300.0,
        char_spacing: 0.0,
        squeeze: Vec::new(),
        text: ch.to_string(),
    });
    let path = write(&layout, &fonts, dir.path(), "fb.pdf");
    let f = assert_fonts_embedded_and_subset(&path);
    assert_eq!(f.len(), 5, "{f:?}");
    assert!(pdftotext_raw(&path).contains(ch));
}

#[test]
fn an_annex_without_items_still_prints_its_title_and_header() {
    let fonts = FontSet::shipped();
    let now = chrono::Utc::now();
    let doc = fengong::model::Document {
        id: 1,
        title: "空白任务分工表".into(),
        annex_label: "附件2".into(),
        doc_number: None,
        issue_date: None,
        notes: String::new(),
        columns: fengong::model::default_columns(),
        created_at: now,
        updated_at: now,
    };
    let layout = fengong::layout::layout_annex(&doc, &[], &Default::default(), &fonts);
    let dir = tempfile::tempdir().unwrap();
    let path = write(&layout, &fonts, dir.path(), "empty.pdf");
    qpdf_check(&path);
    let text = squash(&pdftotext_raw(&path));
    assert!(text.contains("附件2") && text.contains("空白任务分工表") && text.contains("主要内容"), "{text}");
}
