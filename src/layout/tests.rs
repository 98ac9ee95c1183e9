//! Layout tests over fixed metrics (CJK 1 em, ASCII 0.5 em) and over the seed annex.

use std::collections::BTreeMap;

use super::engine::{ASCENT, PAGE_NUMBER_GAP};
use super::geometry::MM;
use super::linebreak::{no_line_end, no_line_start};
use super::*;
use crate::model::{Assignment, Column, ColumnKind, Document, Item};

/// Role faces 0..=3 (Title, Hei, Fang, Song); `lacks` are drawn only by the fallback face 9; `missing` by
/// no face at all.
struct TestMetrics {
    lacks: Vec<char>,
    missing: Vec<char>,
}

const FALLBACK: FontId = FontId(9);

impl Metrics for TestMetrics {
    fn face_for(&self, role: FaceRole, ch: char) -> Option<FontId> {
        if self.missing.contains(&ch) {
            return None;
        }
        if self.lacks.contains(&ch) {
            return Some(FALLBACK);
        }
        Some(FontId(match role {
            FaceRole::Title => 0,
            FaceRole::Hei => 1,
            FaceRole::Fang => 2,
            FaceRole::Song => 3,
        }))
    }
    fn advance(&self, _font: FontId, ch: char) -> f32 {
        if ch.is_ascii() {
            0.5
        } else {
            1.0
        }
    }
}

fn tm() -> TestMetrics {
    TestMetrics { lacks: vec![], missing: vec![] }
}

/// The seed's column set with the widths these tests' page-break scenarios were built on (pinned here so
/// a change of the app's default widths does not move the cases the tests construct).
fn table_columns() -> Vec<Column> {
    [
        (ColumnKind::Number, 1.4),
        (ColumnKind::Title, 3.2),
        (ColumnKind::Content, 6.6),
        (ColumnKind::LeadUnits, 2.6),
        (ColumnKind::Scope, 2.6),
    ]
    .into_iter()
    .map(|(k, w)| Column::new(k, w))
    .collect()
}

fn doc(title: &str) -> Document {
    Document {
        id: 1,
        title: title.to_string(),
        annex_label: "附件".into(),
        doc_number: Some("粤府函〔2020〕77号".into()),
        issue_date: None,
        notes: String::new(),
        columns: table_columns(),
        created_at: Default::default(),
        updated_at: Default::default(),
    }
}

fn item(i: usize, title: &str, content: &str, units: &[&str], scope: &str) -> Item {
    Item {
        id: i as i64 + 1,
        document_id: 1,
        position: i as i64,
        is_heading: false,
        number_label: None,
        title: title.into(),
        content: content.into(),
        scope: scope.into(),
        leader: String::new(),
        deadline_text: String::new(),
        deadline: None,
        notes: String::new(),
        custom: BTreeMap::new(),
        assignments: units
            .iter()
            .enumerate()
            .map(|(k, u)| Assignment {
                unit_id: k as i64 + 1,
                unit_name: u.to_string(),
                role: Role::Lead,
                ord: k as i64,
            })
            .collect(),
    }
}

/// The seed through the real importer.
fn seed() -> (Document, Vec<Item>) {
    let bytes =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/gd-ftz-batch8.txt")).expect("sample");
    let p = crate::import::parse_annex(&bytes, "gd-ftz-batch8.txt").expect("parse");
    let mut d = doc(&p.title);
    assert_eq!(
        p.columns.iter().map(|c| &c.kind).collect::<Vec<_>>(),
        d.columns.iter().map(|c| &c.kind).collect::<Vec<_>>()
    );
    d.doc_number = p.doc_number.clone();
    let mut names: Vec<String> = Vec::new();
    let items = p
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let dr = &r.draft;
            let mut it = item(i, &dr.title, &dr.content, &[], &dr.scope);
            it.is_heading = dr.is_heading;
            it.number_label = dr.number_label.clone();
            it.leader = dr.leader.clone();
            it.deadline_text = dr.deadline_text.clone();
            it.notes = dr.notes.clone();
            it.custom = dr.custom.clone();
            for (k, u) in dr.units.iter().enumerate() {
                let id = match names.iter().position(|n| *n == u.name) {
                    Some(p) => p,
                    None => {
                        names.push(u.name.clone());
                        names.len() - 1
                    }
                } as i64;
                it.assignments.push(Assignment {
                    unit_id: id,
                    unit_name: u.name.clone(),
                    role: u.role,
                    ord: k as i64,
                });
            }
            it
        })
        .collect();
    (d, items)
}

/// A laid-out line: consecutive runs of one kind on one baseline.
#[derive(Debug, Clone)]
struct L {
    page: usize,
    kind: RunKind,
    y: f32,
    x0: f32,
    /// Right edge of the last glyph's ink (char spacing after the last glyph not counted; a closing mark
    /// squeezed at the line end counts half its advance, where its ink ends).
    x1: f32,
    text: String,
    size: f32,
}

fn width_em(s: &str) -> f32 {
    s.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum()
}

fn lines(layout: &AnnexLayout) -> Vec<L> {
    let mut out: Vec<L> = Vec::new();
    for (pi, p) in layout.pages.iter().enumerate() {
        for r in &p.runs {
            let w = width_em(&r.text) * r.size + r.char_spacing * r.text.chars().count() as f32
                - r.squeeze.iter().map(|(_, p)| p).sum::<f32>();
            if let Some(last) = out.last_mut() {
                if last.page == pi
                    && last.kind == r.kind
                    && (last.y - r.y).abs() < 0.01
                    && (last.x1 + 0.05 >= r.x - 0.05)
                    && (r.x - last.x1).abs() < 0.05
                {
                    last.text.push_str(&r.text);
                    last.x1 = r.x + w - r.char_spacing;
                    continue;
                }
            }
            out.push(L {
                page: pi,
                kind: r.kind.clone(),
                y: r.y,
                x0: r.x,
                x1: r.x + w - r.char_spacing,
                text: r.text.clone(),
                size: r.size,
            });
        }
    }
    for l in &mut out {
        if let Some(c) = l.text.chars().last() {
            l.x1 -= crate::layout::linebreak::end_squeeze(c, l.size);
        }
    }
    out
}

/// Cell texts put back together per (item, col), in page order; a repeated 序号 on a later page is skipped.
fn cell_texts(layout: &AnnexLayout) -> BTreeMap<(usize, usize), String> {
    let mut m: BTreeMap<(usize, usize), String> = BTreeMap::new();
    let mut number_page: BTreeMap<usize, usize> = BTreeMap::new();
    for l in lines(layout) {
        if let RunKind::Cell { item, col } = l.kind {
            if col == 0 {
                let first = *number_page.entry(item).or_insert(l.page);
                if first != l.page {
                    continue;
                }
            }
            m.entry((item, col)).or_default().push_str(&l.text);
        }
    }
    m
}

fn strip(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn check_breaking_rules(layout: &AnnexLayout) {
    let ls = lines(layout);
    // Lines of the same cell, in order.
    let mut by_cell: BTreeMap<(usize, usize), Vec<&L>> = BTreeMap::new();
    for l in &ls {
        if let RunKind::Cell { item, col } = l.kind {
            by_cell.entry((item, col)).or_default().push(l);
        }
    }
    for ((item, col), cl) in &by_cell {
        for (k, l) in cl.iter().enumerate() {
            let first = l.text.chars().next().unwrap();
            let last = l.text.chars().last().unwrap();
            if k > 0 && *col != 0 {
                assert!(
                    !no_line_start(first),
                    "item {item} col {col} line starts with {first}: {:?}",
                    l.text
                );
            }
            if k + 1 < cl.len() && *col != 0 {
                assert!(!no_line_end(last), "item {item} col {col} line ends with {last}: {:?}", l.text);
                let next = cl[k + 1].text.chars().next().unwrap();
                assert!(!(last == next && (last == '—' || last == '…')), "split {last}{next} in item {item}");
            }
        }
    }
}

// ------------------------------------------------------------------------------------------------

#[test]
fn seed_lays_out_with_rules_kept_and_text_complete() {
    let (d, items) = seed();
    assert!(items.len() >= 20, "{}", items.len());
    let layout = layout_annex(&d, &items, &LayoutOptions::default(), &tm());
    assert!(layout.missing.is_empty());
    assert!(layout.pages.len() >= 5, "{} pages", layout.pages.len());
    check_breaking_rules(&layout);
    let texts = cell_texts(&layout);
    let numbers = crate::model::number_items(&items);
    for (i, it) in items.iter().enumerate() {
        for (ci, c) in d.columns.iter().enumerate() {
            let want = if c.kind == ColumnKind::Number { numbers[i].clone() } else { it.cell_text(&c.kind) };
            let got = texts.get(&(i, ci)).cloned().unwrap_or_default();
            assert_eq!(strip(&got), strip(&want), "item {i} col {ci}");
        }
    }
    // Title: the user break of the seed (15 + 11) is kept.
    let title: Vec<String> =
        lines(&layout).into_iter().filter(|l| l.kind == RunKind::Title).map(|l| l.text).collect();
    assert_eq!(title, vec!["广东自贸试验区第八批可复制推广", "改革创新经验任务分工表"]);
}

#[test]
fn seed_landscape_and_small_size_also_keep_the_rules() {
    let (d, items) = seed();
    for setup in [PageSetup::LandscapeBound, PageSetup::Landscape] {
        for size in [10.5, 12.0, 14.0] {
            let opts = LayoutOptions { page_setup: setup, body_size: size, ..Default::default() };
            let layout = layout_annex(&d, &items, &opts, &tm());
            check_breaking_rules(&layout);
            let texts = cell_texts(&layout);
            assert_eq!(strip(&texts[&(0, 2)]), strip(&items[0].content));
        }
    }
}

#[test]
fn every_page_after_the_first_starts_with_the_header() {
    let (d, items) = seed();
    for cont in [false, true] {
        let opts = LayoutOptions { continued_mark: cont, ..Default::default() };
        let layout = layout_annex(&d, &items, &opts, &tm());
        assert!(layout.pages.len() > 2);
        for (pi, p) in layout.pages.iter().enumerate().skip(1) {
            let mut runs: Vec<&TextRun> = p.runs.iter().collect();
            runs.sort_by(|a, b| b.y.partial_cmp(&a.y).unwrap());
            let mut it = runs.iter();
            if cont {
                let mark = it.next().unwrap();
                assert_eq!(mark.kind, RunKind::ContinuedMark, "page {pi}");
                assert_eq!(mark.text, "续表");
                assert!(
                    (mark.x - p.runs.iter().map(|r| r.x).fold(f32::MAX, f32::min)).abs() < 0.01,
                    "flush left"
                );
            } else {
                assert!(p.runs.iter().all(|r| r.kind != RunKind::ContinuedMark));
            }
            let first = it.next().unwrap();
            assert!(matches!(first.kind, RunKind::Header { .. }), "page {pi} starts with {:?}", first.kind);
            // All five header labels are on the page, above every cell.
            let header_min = p
                .runs
                .iter()
                .filter(|r| matches!(r.kind, RunKind::Header { .. }))
                .map(|r| r.y)
                .fold(f32::MAX, f32::min);
            let cell_max = p
                .runs
                .iter()
                .filter(|r| matches!(r.kind, RunKind::Cell { .. }))
                .map(|r| r.y)
                .fold(f32::MIN, f32::max);
            assert!(header_min > cell_max);
            let cols: std::collections::BTreeSet<usize> = p
                .runs
                .iter()
                .filter_map(|r| if let RunKind::Header { col } = r.kind { Some(col) } else { None })
                .collect();
            assert_eq!(cols.len(), 5);
        }
        // The first page: label, title, header, cells — in that order from the top.
        let p0 = &layout.pages[0];
        let y = |k: fn(&RunKind) -> bool| {
            p0.runs.iter().filter(|r| k(&r.kind)).map(|r| r.y).fold(f32::MIN, f32::max)
        };
        let label = y(|k| *k == RunKind::Label);
        let title = y(|k| *k == RunKind::Title);
        let header = y(|k| matches!(k, RunKind::Header { .. }));
        assert!(label > title && title > header, "{label} {title} {header}");
        assert!(p0.runs.iter().all(|r| r.kind != RunKind::ContinuedMark));
    }
}

#[test]
fn page_numbers_alternate_sides_and_sit_below_the_text_area() {
    let (d, items) = seed();
    let layout = layout_annex(&d, &items, &LayoutOptions::default(), &tm());
    for p in &layout.pages {
        let n = p.page_number.as_ref().expect("page number");
        assert_eq!(n.text, format!("— {} —", p.number));
        assert_eq!(n.kind, RunKind::PageNumber);
        assert_eq!(n.size, 14.0);
        assert_eq!(n.font, FontId(3), "宋体");
        let w = width_em(&n.text) * 14.0;
        let odd = p.number % 2 == 1;
        if odd {
            // Right edge one character in from the text area's right edge (28 + 156 mm).
            assert!((n.x + w - (184.0 * MM - 14.0)).abs() < 0.01, "odd page {}: x {}", p.number, n.x);
        } else {
            // Left edge one character in from the text area's left edge (26 mm, mirrored).
            assert!((n.x - (26.0 * MM + 14.0)).abs() < 0.01, "even page {}: x {}", p.number, n.x);
        }
        assert!((n.y + ASCENT * 14.0 - (35.0 * MM - PAGE_NUMBER_GAP)).abs() < 0.01);
    }
    // Mirror margins: the table's left edge is 28 mm on odd pages, 26 mm on even pages.
    for p in &layout.pages {
        let left = p.rules.iter().map(|r| r.x1.min(r.x2)).fold(f32::MAX, f32::min);
        let want = if p.number % 2 == 1 { 28.0 } else { 26.0 } * MM;
        assert!((left - want).abs() < 0.01, "page {} table left {left}", p.number);
        let right = p.rules.iter().map(|r| r.x1.max(r.x2)).fold(f32::MIN, f32::max);
        assert!((right - left - 156.0 * MM).abs() < 0.01);
    }
    // Numbering continues from the notice; parity follows the printed number.
    let opts = LayoutOptions { first_page_number: 4, ..Default::default() };
    let layout = layout_annex(&d, &items, &opts, &tm());
    assert_eq!(layout.pages[0].number, 4);
    assert_eq!(layout.pages[0].page_number.as_ref().unwrap().text, "— 4 —");
    let n = layout.pages[0].page_number.as_ref().unwrap();
    assert!((n.x - (26.0 * MM + 14.0)).abs() < 0.01, "page 4 is even: number on the left");
}

#[test]
fn rows_split_with_two_lines_each_side_and_short_rows_move_whole() {
    let (d, items) = seed();
    let opts = LayoutOptions::default();
    let layout = layout_annex(&d, &items, &opts, &tm());
    let mut split_seen = false;
    let frag = fragments(&layout);
    for (item, pages) in &frag {
        let total: usize = pages.iter().map(|(_, n)| n).sum();
        if pages.len() > 1 {
            split_seen = true;
            for (_, n) in pages {
                assert!(*n >= 2, "item {item}: fragment of {n} lines ({pages:?})");
            }
        }
        if total < 4 {
            assert_eq!(pages.len(), 1, "short item {item} split");
        }
    }
    let _ = split_seen;

    // Constructed: 3-line rows never split, and at least one moved to a new page with room left behind.
    let d = doc("短行");
    let content = "一二三四五六七八".repeat(3); // 24 chars: 3 lines of 8–9 at 3号 in 主要内容
    let items: Vec<Item> = (0..40).map(|i| item(i, "事项", &content, &["省税务局"], "全省")).collect();
    let layout = layout_annex(&d, &items, &opts, &tm());
    let frag = fragments(&layout);
    assert!(layout.pages.len() >= 3);
    for (item, pages) in &frag {
        assert_eq!(pages.len(), 1, "item {item} split: {pages:?}");
    }
    // …and on some page two lines of the next row would have fitted: the row moved whole.
    let row2 = 2.0 * 1.4 * 16.0 + 2.0 * 4.0;
    let moved = layout.pages[..layout.pages.len() - 1].iter().any(|p| {
        let bottom = p.rules.iter().map(|r| r.y1.min(r.y2)).fold(f32::MAX, f32::min);
        bottom - 35.0 * MM >= row2
    });
    assert!(moved, "the constructed case must exercise a whole-row move");
    // Constructed: long rows do split, with ≥ 2 lines on each side.
    let content = "改革创新经验任务分工表，".repeat(30);
    let items: Vec<Item> = (0..6).map(|i| item(i, "事项", &content, &["省税务局"], "全省")).collect();
    let layout = layout_annex(&d, &items, &opts, &tm());
    let frag = fragments(&layout);
    assert!(frag.values().any(|p| p.len() > 1), "some row must split");
    for (item, pages) in &frag {
        for (_, n) in pages {
            assert!(*n >= 2, "item {item}: {pages:?}");
        }
    }
    // The repeated 序号 on each continuation fragment.
    let ls = lines(&layout);
    for (item, pages) in &frag {
        for (pg, _) in pages {
            let has_number =
                ls.iter().any(|l| l.page == *pg && l.kind == RunKind::Cell { item: *item, col: 0 });
            assert!(has_number, "item {item} on page {pg} without its 序号");
        }
    }
    check_breaking_rules(&layout);
}

/// Per item: (page, lines of the row on that page) — lines = distinct baselines of its cells.
fn fragments(layout: &AnnexLayout) -> BTreeMap<usize, Vec<(usize, usize)>> {
    let mut m: BTreeMap<usize, Vec<(usize, Vec<i64>)>> = BTreeMap::new();
    for l in lines(layout) {
        if let RunKind::Cell { item, .. } = l.kind {
            let v = m.entry(item).or_default();
            let key = (l.y * 100.0).round() as i64;
            match v.last_mut() {
                Some((p, ys)) if *p == l.page => {
                    if !ys.contains(&key) {
                        ys.push(key)
                    }
                }
                _ => v.push((l.page, vec![key])),
            }
        }
    }
    m.into_iter().map(|(k, v)| (k, v.into_iter().map(|(p, ys)| (p, ys.len())).collect())).collect()
}

#[test]
fn a_cell_of_50000_characters_flows_over_many_pages() {
    let d = doc("长单元格");
    let base = "依托电子税务局系统，运用互联网和大数据技术（WMS、7×24小时），以信用管理为基础——创新风险智慧防控新机制……";
    let mut content = String::new();
    while content.chars().count() < 50_000 {
        content.push_str(base);
    }
    let items = vec![
        item(0, "长事项", &content, &["省税务局"], "全省"),
        item(1, "后一项", "短", &["省公安厅"], "全省"),
    ];
    let t = std::time::Instant::now();
    let layout = layout_annex(&d, &items, &LayoutOptions::default(), &tm());
    let elapsed = t.elapsed();
    assert!(layout.pages.len() > 100, "{} pages", layout.pages.len());
    let texts = cell_texts(&layout);
    assert_eq!(strip(&texts[&(0, 2)]), strip(&content));
    assert_eq!(texts[&(1, 2)], "短");
    check_breaking_rules(&layout);
    // No empty pages: every page carries cells of the table.
    for p in &layout.pages {
        assert!(p.runs.iter().any(|r| matches!(r.kind, RunKind::Cell { .. })));
    }
    assert!(elapsed.as_secs() < 20, "{elapsed:?}");
}

#[test]
fn a_200_character_title_breaks_long_over_short() {
    let t: String = "广东自贸试验区第八批可复制推广改革创新经验任务分工表关于进一步优化营商环境的若干措施"
        .chars()
        .cycle()
        .take(200)
        .collect();
    let d = doc(&t);
    let layout =
        layout_annex(&d, &[item(0, "事项", "内容", &["单位"], "全省")], &LayoutOptions::default(), &tm());
    let tl: Vec<L> = lines(&layout).into_iter().filter(|l| l.kind == RunKind::Title).collect();
    assert!(tl.len() >= 10, "{}", tl.len());
    let lens: Vec<usize> = tl.iter().map(|l| l.text.chars().count()).collect();
    assert_eq!(lens.iter().sum::<usize>(), 200);
    assert!(lens.windows(2).all(|p| p[0] >= p[1]), "long over short: {lens:?}");
    let area_left = 28.0 * MM;
    let area_right = 184.0 * MM;
    for l in &tl {
        assert!(l.x0 >= area_left - 0.01 && l.x1 <= area_right + 0.01);
        // Centred.
        assert!(((l.x0 - area_left) - (area_right - l.x1)).abs() < 0.1);
        assert_eq!(l.page, 0);
    }
    // A short title without break: one line.
    let layout = layout_annex(&doc("任务分工表"), &[], &LayoutOptions::default(), &tm());
    assert_eq!(lines(&layout).iter().filter(|l| l.kind == RunKind::Title).count(), 1);
    // 26 characters without a user break: 14 + 12.
    let layout = layout_annex(
        &doc("广东自贸试验区第八批可复制推广改革创新经验任务分工表"),
        &[],
        &LayoutOptions::default(),
        &tm(),
    );
    let lens: Vec<usize> =
        lines(&layout).iter().filter(|l| l.kind == RunKind::Title).map(|l| l.text.chars().count()).collect();
    // Broken between words (`…可复制/推广…` or `…推广/改革…`, never `推/广`), long over short.
    assert_eq!(lens.iter().sum::<usize>(), 26);
    assert!(lens.len() == 2 && lens[0] >= lens[1] && lens[0] - lens[1] <= 4, "{lens:?}");
    let first: String =
        lines(&layout).iter().filter(|l| l.kind == RunKind::Title).map(|l| l.text.clone()).next().unwrap();
    assert!(first.ends_with("复制") || first.ends_with("推广"), "{first}");
}

#[test]
fn empty_cells_and_empty_documents_lay_out() {
    let d = doc("空");
    let items = vec![item(0, "", "", &[], ""), item(1, "事项", "", &[], "")];
    let layout = layout_annex(&d, &items, &LayoutOptions::default(), &tm());
    assert_eq!(layout.pages.len(), 1);
    let texts = cell_texts(&layout);
    assert_eq!(texts[&(0, 0)], "1");
    assert_eq!(texts[&(1, 1)], "事项");
    assert!(!texts.contains_key(&(0, 2)));
    // Every row has its band: top + header bottom + 2 row bottoms + 2 outer verticals + 4 inner.
    assert_eq!(layout.pages[0].rules.len(), 1 + 3 + 2 + 4);
    assert!(layout.pages[0].rules.iter().all(|r| r.width == 0.5));
    // No items at all: one page with label, title and the header.
    let layout = layout_annex(&d, &[], &LayoutOptions::default(), &tm());
    assert_eq!(layout.pages.len(), 1);
    assert!(layout.pages[0].runs.iter().any(|r| matches!(r.kind, RunKind::Header { .. })));
}

#[test]
fn missing_characters_are_reported_with_their_place_and_fallbacks_split_runs() {
    let d = doc("任务分工表");
    let mut items = vec![
        item(0, "事项一", "内容", &["省税务局"], "全省"),
        item(1, "事项二", "第二项内容含生僻字㑇与喆字", &["省公安厅"], "全省"),
    ];
    items.push(item(2, "标题内㑇", "", &[], ""));
    let m = TestMetrics { lacks: vec!['喆'], missing: vec!['㑇'] };
    let layout = layout_annex(&d, &items, &LayoutOptions::default(), &m);
    let places: Vec<(char, String)> = layout.missing.iter().map(|g| (g.ch, g.place.clone())).collect();
    assert!(places.contains(&('㑇', "第2项“主要内容”".to_string())), "{places:?}");
    assert!(places.contains(&('㑇', "第3项“事项”".to_string())), "{places:?}");
    assert!(places.iter().all(|(c, _)| *c != '喆'), "a fallback face draws 喆: not missing");
    // The line with 喆 is split into runs: role face, fallback face, role face, with continuous x.
    let runs: Vec<&TextRun> =
        layout.pages[0].runs.iter().filter(|r| r.kind == RunKind::Cell { item: 1, col: 2 }).collect();
    let fb = runs.iter().position(|r| r.font == FALLBACK).expect("fallback run");
    assert_eq!(runs[fb].text, "喆");
    let prev = runs[fb - 1];
    assert_eq!(prev.font, FontId(2));
    assert!((prev.y - runs[fb].y).abs() < 0.01);
    let prev_w = width_em(&prev.text) * prev.size + prev.char_spacing * prev.text.chars().count() as f32;
    assert!((prev.x + prev_w - runs[fb].x).abs() < 0.01);
    // Missing in the title and in a header.
    let mut d2 = doc("标题有㑇字");
    d2.columns[1].label = "事㑇".into();
    let layout = layout_annex(&d2, &[], &LayoutOptions::default(), &m);
    let places: Vec<String> = layout.missing.iter().map(|g| g.place.clone()).collect();
    assert!(places.contains(&"标题".to_string()));
    assert!(places.contains(&"表头“事㑇”".to_string()));
    assert_eq!(layout.pages.len(), 1, "the layout still completes");
}

#[test]
fn landscape_bound_pages_are_rotated_with_portrait_page_numbers() {
    let (d, items) = seed();
    let opts = LayoutOptions { page_setup: PageSetup::LandscapeBound, ..Default::default() };
    let layout = layout_annex(&d, &items, &opts, &tm());
    assert!(layout.pages.len() >= 3);
    for p in &layout.pages {
        assert_eq!(p.placement, SheetPlacement::RotatedOnPortrait);
        assert!((p.width - 297.0 * MM).abs() < 0.01 && (p.height - 210.0 * MM).abs() < 0.01);
        // Table 225 mm wide from x = 35 mm (the portrait bottom margin).
        let left = p.rules.iter().map(|r| r.x1.min(r.x2)).fold(f32::MAX, f32::min);
        let right = p.rules.iter().map(|r| r.x1.max(r.x2)).fold(f32::MIN, f32::max);
        assert!((left - 35.0 * MM).abs() < 0.01 && (right - 260.0 * MM).abs() < 0.01, "{left} {right}");
        // Top of the text area: 210 − 28 = 182 mm on odd pages (binding edge), 210 − 26 = 184 mm on even.
        let top = p.rules.iter().map(|r| r.y1.max(r.y2)).fold(f32::MIN, f32::max);
        let odd = p.number % 2 == 1;
        if p.number > 1 {
            let want = if odd { 182.0 } else { 184.0 } * MM;
            assert!((top - want).abs() < 0.01, "page {} top {top} want {want}", p.number);
        }
        let bottom = p.rules.iter().map(|r| r.y1.min(r.y2)).fold(f32::MAX, f32::min);
        let area_bottom = if odd { 26.0 } else { 28.0 } * MM;
        assert!(bottom >= area_bottom - 0.01);
        // The page number in sheet (portrait) coordinates.
        let n = p.page_number.as_ref().unwrap();
        let w = width_em(&n.text) * 14.0;
        if odd {
            assert!((n.x + w - (184.0 * MM - 14.0)).abs() < 0.01);
        } else {
            assert!((n.x - (26.0 * MM + 14.0)).abs() < 0.01);
        }
        assert!(n.y < 35.0 * MM - PAGE_NUMBER_GAP && n.y > 10.0 * MM);
    }
    // Standalone landscape: upright, same text area, no mirroring.
    let opts = LayoutOptions { page_setup: PageSetup::Landscape, ..Default::default() };
    let layout = layout_annex(&d, &items, &opts, &tm());
    for p in &layout.pages {
        assert_eq!(p.placement, SheetPlacement::Upright);
        let left = p.rules.iter().map(|r| r.x1.min(r.x2)).fold(f32::MAX, f32::min);
        assert!((left - 35.0 * MM).abs() < 0.01);
    }
}

#[test]
fn body_size_is_clamped_and_header_matches_body() {
    let d = doc("字号");
    let items = vec![item(0, "事项", "内容", &["省税务局"], "全省")];
    for (asked, got) in [(8.0, 10.5), (10.5, 10.5), (12.0, 12.0), (30.0, 16.0), (f32::NAN, 16.0)] {
        let opts = LayoutOptions { body_size: asked, ..Default::default() };
        let layout = layout_annex(&d, &items, &opts, &tm());
        for r in &layout.pages[0].runs {
            match r.kind {
                RunKind::Cell { .. } | RunKind::Header { .. } => {
                    assert_eq!(r.size, got, "asked {asked}")
                }
                RunKind::Title => assert_eq!(r.size, 22.0),
                RunKind::Label => assert_eq!(r.size, 16.0),
                _ => {}
            }
        }
    }
}

#[test]
fn faces_alignment_and_justification() {
    let (d, items) = seed();
    let layout = layout_annex(&d, &items, &LayoutOptions::default(), &tm());
    let p0 = &layout.pages[0];
    for r in &p0.runs {
        let want = match r.kind {
            RunKind::Label
            | RunKind::Header { .. }
            | RunKind::ContinuedMark
            | RunKind::GroupHeading { .. } => FontId(1),
            RunKind::Title => FontId(0),
            RunKind::Cell { .. } => FontId(2),
            RunKind::PageNumber => FontId(3),
        };
        assert_eq!(r.font, want, "{:?}", r.kind);
    }
    // Label flush left at the text area's left edge.
    let label = p0.runs.iter().find(|r| r.kind == RunKind::Label).unwrap();
    assert!((label.x - 28.0 * MM).abs() < 0.01);
    assert_eq!(label.text, "附件");
    // Column edges from the rules of page 1.
    let mut xs: Vec<f32> = p0.rules.iter().filter(|r| (r.x1 - r.x2).abs() < 0.001).map(|r| r.x1).collect();
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    xs.dedup_by(|a, b| (*a - *b).abs() < 0.01);
    assert_eq!(xs.len(), 6);
    let ls = lines(&layout);
    let mut justified = 0;
    let mut by_cell: BTreeMap<(usize, usize, usize), Vec<&L>> = BTreeMap::new();
    for l in &ls {
        if let RunKind::Cell { item, col } = l.kind {
            by_cell.entry((l.page, item, col)).or_default().push(l);
        }
    }
    for ((_, item, col), cl) in &by_cell {
        let pg = cl[0].page;
        let left_edge = if layout.pages[pg].number % 2 == 1 { 28.0 * MM } else { 26.0 * MM };
        let _ = left_edge;
        let mut xs: Vec<f32> =
            layout.pages[pg].rules.iter().filter(|r| (r.x1 - r.x2).abs() < 0.001).map(|r| r.x1).collect();
        xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
        xs.dedup_by(|a, b| (*a - *b).abs() < 0.01);
        let (cl_x, cr_x) = (xs[*col], xs[col + 1]);
        // The ink inside the column: an opening bracket set half-width at a line start has its box over the
        // padding.
        for l in cl {
            let ink = l.x0
                + l.text.chars().next().map_or(0.0, |c| crate::layout::linebreak::start_squeeze(c, l.size));
            assert!(ink > cl_x && l.x1 < cr_x + 0.01, "item {item} col {col} inside its column");
        }
        let cell_lines: usize =
            by_cell.iter().filter(|((_, i, c), _)| (i, c) == (item, col)).map(|(_, v)| v.len()).sum();
        if *col == 0 || *col == 3 || (cell_lines == 1 && *col != 2) {
            // Centred (序号, unit lists — whole names a line —, and one-line cells).
            for l in cl {
                assert!(
                    ((l.x0 - cl_x) - (cr_x - l.x1)).abs() < 0.05,
                    "item {item} col {col} centred: {:?}",
                    l.text
                );
            }
        } else if cl.len() > 1 {
            // Justified: all lines start at the same x (a line whose opening bracket is set half-width half
            // an em left of it); full lines end at the inner right edge.
            let half = |l: &L| {
                l.text.chars().next().map_or(0.0, |c| crate::layout::linebreak::start_squeeze(c, l.size))
            };
            let Some(x0) = cl.iter().find(|l| half(l) == 0.0).map(|l| l.x0) else { continue };
            let inner_right = cr_x - (x0 - cl_x);
            for l in &cl[..cl.len() - 1] {
                assert!(
                    (l.x0 - x0).abs() < 0.01 || (l.x0 + half(l) - x0).abs() < 0.01,
                    "item {item} col {col}: {:?} at {} (lines at {x0})",
                    l.text,
                    l.x0
                );
                if (l.x1 - inner_right).abs() < 0.05 {
                    justified += 1;
                }
            }
        }
    }
    assert!(justified > 50, "{justified} justified lines");
}

#[test]
fn document_number_and_headings_and_sheets() {
    let mut d = doc("任务分工表");
    d.annex_label = "附件2".into();
    let mut h = item(0, "一、税务领域", "", &[], "");
    h.is_heading = true;
    let items = vec![h, item(1, "事项", "内容", &["省税务局"], "全省")];
    let opts = LayoutOptions { show_doc_number: true, ..Default::default() };
    let layout = layout_annex(&d, &items, &opts, &tm());
    let labels: Vec<&TextRun> = layout.pages[0].runs.iter().filter(|r| r.kind == RunKind::Label).collect();
    assert_eq!(labels.len(), 2);
    assert_eq!(labels[0].text, "粤府函〔2020〕77号");
    assert_eq!(labels[1].text, "附件2");
    assert!((labels[1].x - (labels[0].x + width_em(&labels[0].text) * 16.0 + 32.0)).abs() < 0.01);
    // Explicit number wins; none when not asked.
    let o2 = LayoutOptions { doc_number: Some("粤办函〔2021〕1号".into()), ..Default::default() };
    let l2 = layout_annex(&d, &items, &o2, &tm());
    assert_eq!(l2.pages[0].runs.iter().find(|r| r.kind == RunKind::Label).unwrap().text, "粤办函〔2021〕1号");
    let l3 = layout_annex(&d, &items, &LayoutOptions::default(), &tm());
    assert_eq!(l3.pages[0].runs.iter().filter(|r| r.kind == RunKind::Label).count(), 1);
    // The heading spans the table: one run, no numbering, 序号 of the item is 1.
    let gh: Vec<&TextRun> =
        layout.pages[0].runs.iter().filter(|r| r.kind == RunKind::GroupHeading { item: 0 }).collect();
    assert_eq!(gh.len(), 1);
    assert_eq!(gh[0].text, "一、税务领域");
    assert_eq!(cell_texts(&layout)[&(1, 0)], "1");
    // Inner column rules stop at the heading band: fewer vertical rules than 4 per band.
    let verticals = layout.pages[0].rules.iter().filter(|r| (r.x1 - r.x2).abs() < 0.001).count();
    assert_eq!(verticals, 2 + 4 + 4, "outer pair + inner for header, inner for the item row");

    // A per-unit sheet: caller title, no label, a 分工 column.
    let extra = role_column(&items, 1, "分工");
    assert_eq!(extra.values, vec!["", "牵头"]);
    let sheet =
        SheetSpec {
            title: "省税务局牵头任务清单".into(), extra_column: Some(extra), ..Default::default()
        };
    let layout = layout_sheet(&d, &items, &sheet, &LayoutOptions::default(), &tm());
    assert!(layout.pages[0].runs.iter().all(|r| r.kind != RunKind::Label));
    assert_eq!(layout.title, "省税务局牵头任务清单");
    let headers: Vec<String> = layout.pages[0]
        .runs
        .iter()
        .filter(|r| matches!(r.kind, RunKind::Header { .. }))
        .map(|r| r.text.clone())
        .collect();
    assert!(headers.contains(&"分工".to_string()) && headers.len() >= 6, "{headers:?}");
    assert_eq!(cell_texts(&layout)[&(1, 5)], "牵头");
    // Title on line 1 when there is no label line.
    let t = layout.pages[0].runs.iter().find(|r| r.kind == RunKind::Title).unwrap();
    assert!(t.y > 260.0 * MM - 29.0);
}

#[test]
fn two_thousand_items_lay_out_quickly() {
    let (d, seed_items) = seed();
    let items: Vec<Item> = (0..2000)
        .map(|i| {
            let mut it = seed_items[i % seed_items.len()].clone();
            it.position = i as i64;
            it
        })
        .collect();
    let t = std::time::Instant::now();
    let layout = layout_annex(&d, &items, &LayoutOptions::default(), &MonospaceMetrics);
    let el = t.elapsed();
    eprintln!("2000 items: {} pages in {el:?}", layout.pages.len());
    assert!(layout.pages.len() > 500);
    // Generous bound for unoptimised test builds; release is measured in the report.
    assert!(el.as_secs_f32() < 10.0, "{el:?}");
    let _ = Column::new(ColumnKind::Notes, 1.0);
}

#[test]
fn a_group_heading_is_never_left_alone_at_a_page_bottom() {
    let d = doc("分组");
    let content = "一二三四五六七八九十".repeat(3);
    for lead in 0..8 {
        let mut items: Vec<Item> =
            (0..lead).map(|i| item(i, "事项", &content, &["省税务局"], "全省")).collect();
        for g in 0..6 {
            let mut h = item(items.len(), &format!("{g}、分组标题"), "", &[], "");
            h.is_heading = true;
            items.push(h);
            for _ in 0..3 {
                items.push(item(items.len(), "事项", &content, &["省税务局"], "全省"));
            }
        }
        let layout = layout_annex(&d, &items, &LayoutOptions::default(), &tm());
        for (pi, p) in layout.pages.iter().enumerate() {
            let lowest = p
                .runs
                .iter()
                .filter(|r| matches!(r.kind, RunKind::Cell { .. } | RunKind::GroupHeading { .. }))
                .min_by(|a, b| a.y.partial_cmp(&b.y).unwrap())
                .unwrap();
            assert!(
                !matches!(lowest.kind, RunKind::GroupHeading { .. }),
                "lead {lead}: heading last on page {pi}"
            );
        }
    }
}

#[test]
fn seed_with_the_shipped_fandol_faces() {
    let fonts = crate::fonts::FontSet::shipped_only();
    let (d, items) = seed();
    let t = std::time::Instant::now();
    let layout = layout_annex(&d, &items, &LayoutOptions::default(), &fonts);
    eprintln!("seed with Fandol: {} pages in {:?}", layout.pages.len(), t.elapsed());
    assert!(layout.missing.is_empty(), "{:?}", layout.missing);
    check_breaking_rules(&layout);
    let texts = cell_texts(&layout);
    for (i, it) in items.iter().enumerate() {
        if !it.is_heading {
            assert_eq!(strip(&texts[&(i, 2)]), strip(&it.content), "item {i}");
        }
    }
    // Every run fits inside the text area (real advances, with justification).
    for p in &layout.pages {
        let (l, r) = if p.number % 2 == 1 { (28.0 * MM, 184.0 * MM) } else { (26.0 * MM, 182.0 * MM) };
        for run in &p.runs {
            let n = run.text.chars().count() as f32;
            let w: f32 = run.text.chars().map(|c| fonts.advance(run.font, c) * run.size).sum::<f32>()
                + run.char_spacing * (n - 1.0);
            assert!(
                run.x >= l - 0.01 && run.x + w <= r + 0.05,
                "{:?} {} at {}..{}",
                run.kind,
                run.text,
                run.x,
                run.x + w
            );
        }
    }
}

#[test]
fn each_newline_starts_a_new_line_and_ends_a_justified_paragraph() {
    let d = doc("段落");
    // 主要内容 holds 8–10 characters per line at 3号: paragraph 1 is 12 characters (two lines), paragraph 2
    // three.
    let content = "一二三四五六七八九十甲乙\n丙丁戊\n\n己";
    let layout =
        layout_annex(&d, &[item(0, "事项", content, &["单位"], "全省")], &LayoutOptions::default(), &tm());
    let ls: Vec<L> =
        lines(&layout).into_iter().filter(|l| l.kind == RunKind::Cell { item: 0, col: 2 }).collect();
    let texts: Vec<&str> = ls.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts.len(), 4, "{texts:?}");
    assert_eq!(texts[..2].concat(), "一二三四五六七八九十甲乙");
    assert!(texts[1].chars().count() >= 2, "{texts:?}");
    assert_eq!(texts[2..], ["丙丁戊", "己"]);
    let runs: Vec<&TextRun> =
        layout.pages[0].runs.iter().filter(|r| r.kind == RunKind::Cell { item: 0, col: 2 }).collect();
    // Line 1 is full (justified or exactly full), the paragraph's last lines are left-aligned, not spaced.
    assert!(runs[1].char_spacing == 0.0 && runs[2].char_spacing == 0.0 && runs[3].char_spacing == 0.0);
    assert!(ls.iter().all(|l| (l.x0 - ls[0].x0).abs() < 0.01));
    // The empty paragraph keeps its line: 己 is two pitches below 丙丁戊.
    assert!(((ls[2].y - ls[3].y) - 2.0 * 1.4 * 16.0).abs() < 0.01);
}

/// Deterministic pseudo-random texts (no dependency): every set-up and size keeps the text complete, the
/// breaking rules, the table inside the text area, and the header first on continuation pages.
#[test]
fn random_tables_stay_inside_the_text_area_and_complete() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let pieces = [
        "改革",
        "创新",
        "经验",
        "，",
        "。",
        "、",
        "（",
        "）",
        "“",
        "”",
        "——",
        "……",
        "WMS",
        "7×24",
        "1-2",
        "3.5%",
        "E管家",
        "税务局",
        "；",
        "：",
        "《",
        "》",
        " ",
        "\n",
        "一是",
        "二是",
        "省公安厅",
        "全省范围",
        "http://x.cn/a",
    ];
    let text = |max: usize, next: &mut dyn FnMut(usize) -> usize| -> String {
        let n = next(max);
        let mut s = String::new();
        for _ in 0..n {
            s.push_str(pieces[next(pieces.len())]);
        }
        s
    };
    for round in 0..12 {
        let setup = [PageSetup::Portrait, PageSetup::LandscapeBound, PageSetup::Landscape][round % 3];
        let size = [16.0, 14.0, 12.0, 10.5][round % 4];
        let mut items = Vec::new();
        for i in 0..40 {
            let mut it = item(
                i,
                &text(12, &mut next),
                &text(if i % 7 == 0 { 400 } else { 60 }, &mut next),
                &[],
                &text(6, &mut next),
            );
            it.assignments.push(Assignment {
                unit_id: 1,
                unit_name: text(5, &mut next),
                role: Role::Lead,
                ord: 0,
            });
            it.is_heading = next(15) == 0;
            items.push(it);
        }
        let d = doc(&text(30, &mut next));
        let opts = LayoutOptions {
            page_setup: setup,
            body_size: size,
            continued_mark: round % 2 == 0,
            ..Default::default()
        };
        let layout = layout_annex(&d, &items, &opts, &tm());
        check_rules_against_source(&layout, &d, &items);
        let texts = cell_texts(&layout);
        let numbers = crate::model::number_items(&items);
        for (i, it) in items.iter().enumerate() {
            if it.is_heading {
                continue;
            }
            for (ci, c) in d.columns.iter().enumerate() {
                let want =
                    if c.kind == ColumnKind::Number { numbers[i].clone() } else { it.cell_text(&c.kind) };
                assert_eq!(
                    strip(texts.get(&(i, ci)).map(String::as_str).unwrap_or("")),
                    strip(&want),
                    "round {round} item {i} col {ci}"
                );
            }
        }
        for (pi, p) in layout.pages.iter().enumerate() {
            let odd = p.number % 2 == 1;
            let g = super::engine::geometry(setup, odd);
            for r in &p.runs {
                assert!(
                    r.y >= g.area.bottom && r.y <= g.area.top,
                    "round {round} page {pi}: {:?} at y {}",
                    r.kind,
                    r.y
                );
            }
            for r in &p.rules {
                assert!(
                    r.y1.min(r.y2) >= g.area.bottom - 0.01,
                    "round {round} page {pi}: rule below the text area"
                );
                assert!(r.x1.min(r.x2) >= g.area.left - 0.01 && r.x1.max(r.x2) <= g.area.right + 0.01);
            }
            assert!(
                p.runs.iter().any(|r| matches!(
                    r.kind,
                    RunKind::Cell { .. } | RunKind::GroupHeading { .. } | RunKind::Title
                )),
                "empty page {pi}"
            );
            if pi > 0 {
                let top = p
                    .runs
                    .iter()
                    .filter(|r| r.kind != RunKind::ContinuedMark)
                    .max_by(|a, b| a.y.partial_cmp(&b.y).unwrap())
                    .unwrap();
                assert!(matches!(top.kind, RunKind::Header { .. }), "round {round} page {pi}");
            }
        }
        // Split rows keep two lines on each side; rows under four lines never split.
        for (item, pages) in fragments(&layout) {
            let total: usize = pages.iter().map(|(_, n)| n).sum();
            if pages.len() > 1 {
                assert!(
                    total >= 4 && pages.iter().all(|(_, n)| *n >= 2),
                    "round {round} item {item}: {pages:?}"
                );
            }
        }
        // The title stays inside the text area and above the table.
        let p0 = &layout.pages[0];
        let g = super::engine::geometry(setup, true);
        let title_low =
            p0.runs.iter().filter(|r| r.kind == RunKind::Title).map(|r| r.y).fold(f32::MAX, f32::min);
        let table_top = p0.rules.iter().map(|r| r.y1.max(r.y2)).fold(f32::MIN, f32::max);
        if !p0.rules.is_empty() && title_low < f32::MAX {
            assert!(title_low - 0.12 * 22.0 > table_top + 16.0, "round {round}: title over the table");
        }
        for r in p0.runs.iter().filter(|r| r.kind == RunKind::Title) {
            let w = width_em(&r.text) * r.size;
            assert!(
                r.x >= g.area.left - 0.01 && r.x + w <= g.area.right + 0.01,
                "round {round}: {:?}",
                r.text
            );
        }
    }
}

/// Like `check_breaking_rules`, but knows the source: a paragraph may itself begin with a closing mark,
/// and a break that is no break opportunity must be a forced one (no opportunity in the whole line).
fn check_rules_against_source(layout: &AnnexLayout, d: &Document, items: &[Item]) {
    let mut by_cell: BTreeMap<(usize, usize), Vec<L>> = BTreeMap::new();
    for l in lines(layout) {
        if let RunKind::Cell { item, col } = l.kind {
            if col != 0 {
                by_cell.entry((item, col)).or_default().push(l);
            }
        }
    }
    for ((item, col), cl) in by_cell {
        let src = items[item].cell_text(&d.columns[col].kind);
        // Per non-space character of the source: paragraph start, break opportunity before it.
        let mut pstart = Vec::new();
        let mut opp = Vec::new();
        let mut spaced = Vec::new();
        for para in src.trim_end().split('\n') {
            let chars: Vec<char> = para.chars().collect();
            let o = super::linebreak::break_opportunities(&chars);
            let mut first = true;
            for (j, c) in chars.iter().enumerate() {
                if !c.is_whitespace() {
                    pstart.push(first);
                    opp.push(o[j]);
                    spaced.push(j > 0 && chars[j - 1].is_whitespace());
                    first = false;
                }
            }
        }
        let mut off = 0;
        for (k, l) in cl.iter().enumerate() {
            let t = strip(&l.text);
            let line_start = off;
            off += t.chars().count();
            if k + 1 == cl.len() || pstart[off] {
                continue;
            }
            let last = t.chars().last().unwrap();
            let next = cl[k + 1].text.chars().next().unwrap();
            if opp[off] {
                assert!(
                    !no_line_end(last) && !no_line_start(next),
                    "item {item} col {col}: {:?} | {:?}",
                    l.text,
                    cl[k + 1].text
                );
                assert!(
                    spaced[off] || !(last == next && (last == '—' || last == '…')),
                    "split {last}{next} in item {item}: {:?} | {:?}",
                    l.text,
                    cl[k + 1].text
                );
            } else {
                // Forced: a run with no break opportunity at all, wider than the cell.
                assert!(
                    (line_start + 1..=off).all(|j| !opp[j]),
                    "item {item} col {col}: break inside {:?} | {:?} although the line had an opportunity",
                    l.text,
                    cl[k + 1].text
                );
            }
        }
    }
}

/// The hand-set rules on the seed with the shipped faces, at every body size and page set-up: no unit
/// name that fits its column is broken, no justified line is spread more than 0.15 em, no side cell keeps
/// a single line on either side of a page break, headers keep their words, and the 1.9 mm padding holds
/// between every rule and its text.
#[test]
fn the_seed_is_set_like_a_hand_set_table() {
    let fonts = crate::fonts::FontSet::shipped_only();
    let (d, items) = seed();
    let kinds: Vec<ColumnKind> = d.columns.iter().map(|c| c.kind.clone()).collect();
    // Unit names longer than seven characters may break between their words (海关总署广东分署).
    let long_names = items
        .iter()
        .flat_map(|it| {
            it.cell_text(&ColumnKind::LeadUnits).split('、').map(str::to_string).collect::<Vec<_>>()
        })
        .filter(|n| n.chars().count() > 7)
        .count();
    for setup in [PageSetup::Portrait, PageSetup::LandscapeBound, PageSetup::Landscape] {
        for size in [16.0, 14.0, 12.0, 10.5] {
            let opts = LayoutOptions { page_setup: setup, body_size: size, ..Default::default() };
            let layout = layout_annex(&d, &items, &opts, &fonts);
            let q = crate::layout::quality(&layout, &kinds);
            eprintln!("{setup:?} {size}: {q:?}");
            assert_eq!(q.spread_lines, 0, "{setup:?} {size}: {q:?}");
            assert_eq!(q.one_line_carries, 0, "{setup:?} {size}: {q:?}");
            // The issue counted 20 at 3号 portrait; a few remain where taking the character back would
            // cost a ragged line or one more line.
            assert!(q.lonely_last <= 3, "{setup:?} {size}: {q:?}");
            assert!(q.broken_names <= long_names, "{setup:?} {size}: {q:?} (long names {long_names})");
            // Headers: a label breaks only between words (复制推广/范围, never 复制推广范/围).
            for p in &layout.pages {
                let heads: Vec<&TextRun> =
                    p.runs.iter().filter(|r| matches!(r.kind, RunKind::Header { .. })).collect();
                for r in &heads {
                    assert!(
                        !["复制推广范", "复制推", "牵头单", "序"].contains(&r.text.as_str()),
                        "{setup:?} {size}: {}",
                        r.text
                    );
                }
            }
            // Padding: every cell line starts at least 1.9 mm right of a column rule.
            let p0 = &layout.pages[0];
            let mut xs: Vec<f32> =
                p0.rules.iter().filter(|r| (r.x1 - r.x2).abs() < 0.001).map(|r| r.x1).collect();
            xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
            xs.dedup_by(|a, b| (*a - *b).abs() < 0.01);
            // (The ink, not the glyph box: an opening bracket starting a line is drawn half an em left.)
            for r in p0.runs.iter().filter(|r| matches!(r.kind, RunKind::Cell { .. })) {
                let ink = r.x
                    + r.text
                        .chars()
                        .next()
                        .map_or(0.0, |c| crate::layout::linebreak::start_squeeze(c, r.size));
                let rule = xs.iter().rev().find(|&&x| x <= ink + 0.01).unwrap();
                assert!(
                    ink - rule >= 1.9 * MM - 0.05,
                    "{setup:?} {size}: {} at {} (rule {rule})",
                    r.text,
                    r.x
                );
            }
        }
    }
}

/// Numbers stay with their unit words (`1-2分钟`, `7×24小时`) and a lonely last character is avoided
/// when the paragraph can take it back.
#[test]
fn numbers_keep_their_unit_words_and_last_lines_are_not_lonely() {
    use crate::layout::linebreak::{break_fit, break_opportunities, Fit};
    let text = "办理时间由原来的半天缩短至1-2分钟，实现7×24小时服务";
    let chars: Vec<char> = text.chars().collect();
    let w: Vec<f32> = chars.iter().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).collect();
    let words = crate::layout::words::Words::for_texts([text], &[]);
    let joins = words.joins(&chars);
    let opps = break_opportunities(&chars);
    // From ten characters a line the paragraph can always keep them; narrower, keeping `1-2分钟` whole
    // may cost a line left two or more characters short, and the number is split instead.
    for max in (100..=140).map(|h| h as f32 / 10.0) {
        let lines: Vec<String> =
            break_fit(&chars, &w, &opps, &joins, max, Fit { justify: true, names: false, em: 1.0 })
                .into_iter()
                .map(|r| chars[r].iter().collect())
                .collect();
        for pair in lines.windows(2) {
            for bad in ["1-2", "1-2分", "7×24", "7×24小"] {
                assert!(!pair[0].ends_with(bad), "{max}: {lines:?}");
            }
        }
        let last = lines.last().unwrap();
        assert!(lines.len() == 1 || last.chars().count() >= 2, "{max}: {lines:?}");
    }
}

/// One vertical rule on every page: in the first fragment of a row split across pages, a short cell
/// (one unit) is centred against the fragment's lines, as in a whole row; before, split rows were
/// top-aligned while whole rows were centred.
#[test]
fn short_cells_of_a_split_row_are_centred_in_their_fragment() {
    let d = doc("居中");
    let content = "依托电子税务局系统运用互联网和大数据技术以信用管理为基础创新风险智慧防控新机制".repeat(8);
    let items: Vec<Item> = (0..4).map(|i| item(i, "事项", &content, &["省税务局"], "全省")).collect();
    let layout = layout_annex(&d, &items, &LayoutOptions::default(), &tm());
    let ls = lines(&layout);
    let mut checked = 0;
    for (item, pages) in fragments(&layout) {
        if pages.len() < 2 {
            continue;
        }
        let page = pages[0].0;
        let ys = |col: usize| -> Vec<f32> {
            ls.iter()
                .filter(|l| l.page == page && l.kind == RunKind::Cell { item, col })
                .map(|l| l.y)
                .collect()
        };
        let (content_ys, unit_ys) = (ys(2), ys(3));
        assert!(content_ys.len() >= 3 && unit_ys.len() == 1, "item {item}: {content_ys:?} {unit_ys:?}");
        let middle = (content_ys[0] + content_ys[content_ys.len() - 1]) / 2.0;
        assert!(
            (unit_ys[0] - middle).abs() < 0.01,
            "item {item}: unit at {} not centred at {middle}",
            unit_ys[0]
        );
        checked += 1;
    }
    assert!(checked > 0, "no row was split");
}

/// A width the user fixed in 列设置 is kept as set; the same column on 自动 is fitted to its names, and the
/// 事项/主要内容 split stays the user's when either is fixed.
#[test]
fn fixed_column_widths_are_kept_and_automatic_ones_fitted() {
    let fonts = crate::fonts::FontSet::shipped_only();
    let (mut d, items) = seed();
    let opts = LayoutOptions::default();
    // 牵头单位 far too narrow for 深圳市税务局 (about three characters at 3号).
    let units = d.columns.iter().position(|c| c.kind == ColumnKind::LeadUnits).unwrap();
    d.columns[units].width = 1.2;
    let total: f32 = d.columns.iter().map(|c| c.width).sum();
    let share = |d: &Document| crate::layout::annex_column_widths(d, &items, &opts, &fonts);
    let auto = share(&d);
    assert!(auto[units] > 1.2 / total + 0.03, "自动 widens the unit column: {auto:?}");

    let mut fixed = d.clone();
    fixed.columns[units].fixed = true;
    let kept = share(&fixed);
    assert!((kept[units] - 1.2 / total).abs() < 1e-4, "固定 keeps 1.2/{total}: {kept:?}");
    // With 事项 and 主要内容 fixed too, every column is the user's share.
    for c in &mut fixed.columns {
        c.fixed = true;
    }
    let all = share(&fixed);
    for (i, c) in fixed.columns.iter().enumerate() {
        assert!((all[i] - c.width / total).abs() < 1e-4, "column {i}: {all:?}");
    }
    // The layout prints what the widths say: the fixed narrow column cannot hold 深圳市税务局 on a line,
    // the automatic one does.
    let whole = |d: &Document| {
        layout_annex(d, &items, &opts, &fonts).pages.iter().flat_map(|p| &p.runs).any(|r| {
            matches!(r.kind, RunKind::Cell { col, .. } if col == units) && r.text.contains("深圳市税务局")
        })
    };
    assert!(!whole(&fixed), "a fixed narrow unit column breaks long names");
    assert!(whole(&d), "自动 keeps 深圳市税务局 on one line");
}
