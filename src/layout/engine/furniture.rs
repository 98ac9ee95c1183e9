//! Page furniture: the page number `— N —` of every page (odd pages right, even pages left, one character
//! in; 7 mm below the text area), and each page's rules, closing its grid.

use super::cells::emit_line;
use super::flow::Flow;
use super::measure::Measurer;
use super::page::{ASCENT, PAGE_NUMBER_GAP, PAGE_NUMBER_SIZE};
use crate::layout::frame::{FaceRole, Page, RunKind, TextRun};

/// The flowed pages, numbered from `first_number`, with their rules.
pub(super) fn finish_pages(flow: &mut Flow, m: &mut Measurer, first_number: u32) -> Vec<Page> {
    let mut pages = Vec::with_capacity(flow.pages.len());
    let builds = std::mem::take(&mut flow.pages);
    for (i, b) in builds.into_iter().enumerate() {
        let number = first_number.saturating_add(i as u32);
        let odd = number % 2 == 1;
        let text = format!("— {} —", number);
        let sh = m.shape(&text, FaceRole::Song, PAGE_NUMBER_SIZE, &|| "页码".to_string());
        let w: f32 = sh.widths.iter().sum();
        let sa = b.geo.sheet_area;
        let x = if odd { sa.right - PAGE_NUMBER_SIZE - w } else { sa.left + PAGE_NUMBER_SIZE };
        let y = sa.bottom - PAGE_NUMBER_GAP - ASCENT * PAGE_NUMBER_SIZE;
        let mut runs = Vec::new();
        emit_line(
            &mut runs,
            &RunKind::PageNumber,
            &sh,
            0,
            sh.chars.len(),
            PAGE_NUMBER_SIZE,
            x,
            y,
            0.0,
            false,
        );
        let page_number = merge_runs(runs);
        let rules = flow.rules(&b);
        pages.push(Page {
            number,
            width: b.geo.width,
            height: b.geo.height,
            placement: b.geo.placement,
            runs: b.runs,
            rules,
            page_number,
        });
    }
    pages
}

/// The page number is one run in `Page::page_number`: when its characters come from several faces (a
/// fallback), the first run is kept with all the text only if they share a face; otherwise the first
/// face's run is returned with the whole text (the digits and dashes of `— N —` are in every 宋体).
fn merge_runs(runs: Vec<TextRun>) -> Option<TextRun> {
    let mut it = runs.into_iter();
    let mut first = it.next()?;
    for r in it {
        first.text.push_str(&r.text);
    }
    Some(first)
}
