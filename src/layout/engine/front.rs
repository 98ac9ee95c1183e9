//! The first page's front matter (GB/T 9704 §7.3.7 and annex-format.md): the 发文字号 and the 附件 label on
//! line 1 of the 29 pt body grid, the title from line 3 (line 1 without a label), 2号, centred, each typed
//! line broken between words long-over-short; the table starts one blank grid line below.

use super::cells::emit_line;
use super::flow::PageBuild;
use super::measure::Measurer;
use super::page::{ASCENT, GRID_PITCH, LABEL_SIZE, TITLE_LEADING, TITLE_SIZE};
use crate::layout::frame::{FaceRole, RunKind};
use crate::layout::linebreak::{break_balanced, break_opportunities, set_width};
use crate::layout::table::TableSpec;
use crate::layout::words::Words;

/// Places the label line and the title on the first page `p` and sets its cursor where the table starts.
pub(super) fn place(p: &mut PageBuild, spec: &TableSpec, m: &mut Measurer, words: &Words) {
    let top = p.geo.area.top;
    let left = p.geo.area.left;
    let right = p.geo.area.right;
    let grid_base = |n: f32, sz: f32| top - (n - 1.0) * GRID_PITCH - (GRID_PITCH - sz) / 2.0 - ASCENT * sz;
    let mut title_line = 1.0;
    // Line 1: the document number (when printed), two characters (3号) apart from the 附件 label.
    let parts: Vec<(&str, &str)> =
        [(spec.doc_number.as_deref(), "发文字号"), (spec.label.as_deref(), "附件标注")]
            .into_iter()
            .filter_map(|(text, place)| text.map(str::trim).filter(|t| !t.is_empty()).map(|t| (t, place)))
            .collect();
    let has_label = !parts.is_empty();
    if has_label {
        let y = grid_base(1.0, LABEL_SIZE);
        let mut x = left;
        for (text, place) in parts {
            let sh = m.shape(text, FaceRole::Hei, LABEL_SIZE, &|| place.to_string());
            emit_line(&mut p.runs, &RunKind::Label, &sh, 0, sh.chars.len(), LABEL_SIZE, x, y, 0.0, false);
            x += sh.widths.iter().sum::<f32>() + 2.0 * LABEL_SIZE;
        }
        title_line = 3.0;
    }
    let mut y = grid_base(title_line, TITLE_SIZE);
    let mut last_base = None;
    let width = right - left;
    for part in spec.title.trim().split('\n') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let sh = m.shape(part, FaceRole::Title, TITLE_SIZE, &|| "标题".to_string());
        // Between words only (`…可复制推广/改革…`, never `推/广`), unless a word is wider than the line.
        let opps = break_opportunities(&sh.chars);
        let joins = words.joins(&sh.chars);
        let by_words: Vec<bool> = opps.iter().zip(&joins).map(|(o, j)| *o && !j).collect();
        let between_words = break_balanced(&sh.chars, &sh.widths, &by_words, width, TITLE_SIZE);
        let anywhere = break_balanced(&sh.chars, &sh.widths, &opps, width, TITLE_SIZE);
        let lines = if between_words.len() <= anywhere.len() { between_words } else { anywhere };
        for r in lines {
            let (w, squeeze) = set_width(&sh.chars, &sh.widths, r.clone(), width);
            let x = left + (width - w).max(0.0) / 2.0;
            emit_line(&mut p.runs, &RunKind::Title, &sh, r.start, r.end, TITLE_SIZE, x, y, 0.0, squeeze);
            last_base = Some(y);
            y -= TITLE_LEADING * TITLE_SIZE;
        }
    }
    // The table starts one blank grid line below the title's last line (or below the label).
    let line_bottom = match last_base {
        Some(b) => b - (1.0 - ASCENT) * TITLE_SIZE - (GRID_PITCH - TITLE_SIZE) / 2.0,
        None if has_label => top - GRID_PITCH,
        None => top + GRID_PITCH,
    };
    p.cursor = (line_bottom - GRID_PITCH).min(top);
}
