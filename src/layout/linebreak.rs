//! Chinese line breaking (避头尾) for table cells and titles.
//!
//! Choice: hand-written rules instead of a UAX #14 crate (`unicode-linebreak`, checked). UAX #14 gets the
//! closing punctuation right, but (before Unicode 15.1's East-Asian exception) forbids breaks on *both*
//! sides of the ambiguous quotes “ ” ‘ ’ (rule LB19), which removes ordinary Chinese break points such as
//! `提供|“会客厅式”|服务`, and it still needs the 避头尾 set, the `——`/`……` rule and the Latin-joiner rule
//! of `annex-format.md` layered on top. What remains is a small table of characters, tested below.
//!
//! The rules (break opportunity *before* character `i`):
//! - between any two characters by default (CJK text breaks anywhere);
//! - never before a character that must not start a line ([`no_line_start`]: `，。、；：？！）】」』”’》…%‰℃·`
//!   and the other full/half-width closing marks);
//! - never after a character that must not end a line ([`no_line_end`]: `（【「『“‘《` and other opening marks);
//! - never inside `——` or `……` (two identical dashes/ellipses);
//! - never inside a Latin word or number: runs of letters/digits (any non-CJK alphanumeric) and the joiners
//!   `- × . % / : , _ + ' &` *between* two of them form one unbreakable word (`WMS`, `7×24`, `1-2`, `3.5`);
//! - never before a space (spaces hang at the end of a line and are dropped there); always allowed after one.
//!
//! A word wider than the line is broken by character ([`break_paragraph`]).

use std::ops::Range;

/// Tolerance for width comparisons (points or em), so that exactly-fitting text is not pushed over.
const EPS: f32 = 0.01;

/// Characters that must not begin a line (行首禁则).
pub fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '】'
            | '」'
            | '』'
            | '”'
            | '’'
            | '》'
            | '…'
            | '%'
            | '‰'
            | '℃'
            | '·'
            | '．'
            | '｡'
            | '､'
            | '］'
            | '｝'
            | '〕'
            | '〉'
            | '〗'
            | '〙'
            | '〛'
            | '｠'
            | '»'
            | '›'
            | '〃'
            | '々'
            | '〞'
            | '′'
            | '″'
            | '°'
            | '℉'
            | '％'
            | '＂'
            | '＇'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
            | '>'
            | '﹐'
            | '﹑'
            | '﹒'
            | '﹔'
            | '﹕'
            | '﹖'
            | '﹗'
            | '﹚'
            | '﹜'
            | '﹞'
            | 'ー'
            | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
            | '・'
            | '〟'
            | '｣'
            | '︰'
            | '︶'
            | '︸'
            | '︺'
            | '︼'
            | '︾'
            | '﹀'
            | '﹂'
            | '﹄'
    )
}

/// Characters that must not end a line (行尾禁则).
pub fn no_line_end(c: char) -> bool {
    matches!(
        c,
        '（' | '【'
            | '「'
            | '『'
            | '“'
            | '‘'
            | '《'
            | '('
            | '['
            | '{'
            | '<'
            | '［'
            | '｛'
            | '〔'
            | '〈'
            | '〖'
            | '〘'
            | '〚'
            | '｟'
            | '«'
            | '‹'
            | '〝'
            | '｢'
            | '﹙'
            | '﹛'
            | '﹝'
            | '＜'
            | '￥'
            | '＄'
            | '£'
            | '¥'
            | '$'
            | '€'
            | '#'
            | '＃'
            | '№'
    )
}

/// A letter or digit of a Latin (or Greek, Cyrillic …) word or a number: anything alphanumeric below the
/// CJK blocks. Full-width digits and CJK ideographs break like ideographs.
pub fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (c.is_alphanumeric() && (c as u32) < 0x2E80)
}

/// Joiners that bind two word characters into one word (`7×24`, `1-2`, `3.5`, `http://`, `1,000`).
pub fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '×' | '.' | '%' | '/' | ':' | ',' | '_' | '+' | '\'' | '&' | '‐' | '‑' | '–' | '·')
}

/// Pairs that are never split.
fn unsplittable_pair(a: char, b: char) -> bool {
    a == b && matches!(a, '—' | '…' | '─' | '⋯' | '-' | '·' | '.')
}

/// Break opportunities: `v[i]` is true when a line may break before `chars[i]`. `v[0]` is always false
/// (a paragraph start is not a break).
pub fn break_opportunities(chars: &[char]) -> Vec<bool> {
    let n = chars.len();
    let mut v = vec![false; n];
    // The last non-space character before `i`: after a break the spaces are dropped, so that character
    // is what ends the line (`（ 改革` must not leave `（` at a line end).
    let mut last_visible: Option<char> = None;
    for i in 1..n {
        let (a, b) = (chars[i - 1], chars[i]);
        if !a.is_whitespace() {
            last_visible = Some(a);
        }
        v[i] = !(b.is_whitespace()
            || no_line_start(b)
            || last_visible.is_some_and(no_line_end)
            || (!a.is_whitespace() && unsplittable_pair(a, b)));
    }
    // Latin words and numbers: within a run of word characters and joiners, no break between its first
    // and its last word character (`7×24`, `1-2`, `http://a.b`); joiners at the run's ends stay breakable.
    let mut i = 0;
    while i < n {
        if is_word_char(chars[i]) || is_joiner(chars[i]) {
            let mut j = i;
            while j < n && (is_word_char(chars[j]) || is_joiner(chars[j])) {
                j += 1;
            }
            let first = (i..j).find(|&k| is_word_char(chars[k]));
            let last = (i..j).rev().find(|&k| is_word_char(chars[k]));
            if let (Some(f), Some(l)) = (first, last) {
                for slot in v.iter_mut().take(l + 1).skip(f + 1) {
                    *slot = false;
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
    v
}

/// Full-width punctuation whose ink sits in the left half of its em box (pauses and stops as mainland fonts
/// draw them, closing brackets and quotes). At a line end its right half may be squeezed away (标点挤压), so
/// `省税务局、` fits a 4½-character measure.
pub fn squeezable_at_end(c: char) -> bool {
    matches!(c, '、' | '，' | '。' | '；' | '：' | '！') || closing_bracket(c)
}

fn closing_bracket(c: char) -> bool {
    matches!(c, '”' | '’' | '）' | '》' | '】' | '」' | '』' | '〕' | '〉' | '〗')
}

/// Opening brackets and quotes: ink in the right half, the left half blank.
fn opening_bracket(c: char) -> bool {
    matches!(c, '“' | '‘' | '（' | '《' | '【' | '「' | '『' | '〔' | '〈' | '〖')
}

/// The width a line's own last character may give up at the line end.
pub fn end_squeeze(c: char, width: f32) -> f32 {
    if squeezable_at_end(c) {
        width * 0.5
    } else {
        0.0
    }
}

/// The width an opening bracket gives up at a line start, so its ink meets the edge as the text's does
/// (clreq: line-start opening marks set half-width).
pub fn start_squeeze(c: char, width: f32) -> f32 {
    if opening_bracket(c) {
        width * 0.5
    } else {
        0.0
    }
}

/// The width given up between `a` (advance `a_width`) and the `b` after it on one line (相邻标点挤压, clreq
/// 3.1.6): of two blank halves that meet, one goes — `。”`, `）。`, `，“`, `》（`, `“《`. Taken from `a`'s
/// advance, so only the glyphs after `a` move.
pub fn pair_squeeze(a: char, b: char, a_width: f32) -> f32 {
    let blank_right = squeezable_at_end(a);
    let squeezed = (blank_right && (squeezable_at_end(b) || opening_bracket(b)))
        || (opening_bracket(a) && opening_bracket(b));
    if squeezed {
        a_width * 0.5
    } else {
        0.0
    }
}

/// The narrowest `chars[line]` can be set on a line of its own: advances, less the squeezes between marks,
/// at its start and at its end.
pub fn line_width(chars: &[char], widths: &[f32], line: Range<usize>) -> f32 {
    if line.is_empty() {
        return 0.0;
    }
    let (s, e) = (line.start, line.end);
    let inner: f32 = (s..e - 1).map(|i| pair_squeeze(chars[i], chars[i + 1], widths[i])).sum();
    widths[line].iter().sum::<f32>()
        - inner
        - start_squeeze(chars[s], widths[s])
        - end_squeeze(chars[e - 1], widths[e - 1])
}

/// For a list of names joined by `、` (a unit cell): no break inside a name (with its `、`) that fits on
/// one line, so `省税务局、深圳市税务局` breaks as `省税务局、|深圳市税务局`, never `省税务|局、深圳`. A
/// name wider than the line keeps its ordinary opportunities.
pub fn keep_list_items_whole(chars: &[char], widths: &[f32], opps: &mut [bool], max: f32) {
    let mut start = 0;
    while start < chars.len() {
        let end = chars[start..].iter().position(|&c| c == '、').map_or(chars.len(), |k| start + k + 1);
        let squeeze = end_squeeze(chars[end - 1], widths[end - 1]);
        if widths[start..end].iter().sum::<f32>() - squeeze <= max + EPS {
            for slot in &mut opps[start + 1..end] {
                *slot = false;
            }
        }
        start = end;
    }
}

/// How a line is set in `max`: its width, and whether an opening bracket starting it is set half-width.
/// Adjacent marks always close up ([`pair_squeeze`], clreq's rule for consecutive punctuation) and a last
/// `。` hangs its blank half ([`end_squeeze`]); the line-start squeeze, which clreq leaves optional, is
/// taken only when the line would not fit otherwise (before a character is pushed to the next line), so a
/// justified line spreads no more than it must.
pub fn set_width(chars: &[char], widths: &[f32], line: Range<usize>, max: f32) -> (f32, bool) {
    if line.is_empty() {
        return (0.0, false);
    }
    let tight = line_width(chars, widths, line.clone());
    let start = start_squeeze(chars[line.start], widths[line.start]);
    if tight + start <= max + EPS {
        (tight + start, false)
    } else {
        (tight, true)
    }
}

/// Greedy line breaking of one paragraph: `widths[i]` is the advance of `chars[i]`, `opps` comes from
/// [`break_opportunities`]. Returns the character ranges of the lines, trailing spaces excluded (they
/// are the break). An empty paragraph gives one empty line. A run without any break opportunity that is
/// wider than `max` is broken by character, at least one character per line (progress is guaranteed).
pub fn break_paragraph(chars: &[char], widths: &[f32], opps: &[bool], max: f32) -> Vec<Range<usize>> {
    let n = chars.len();
    let mut lines = Vec::new();
    if n == 0 {
        lines.push(0..0);
        return lines;
    }
    let mut start = 0;
    while start < n {
        let mut w = 0.0f32;
        let mut i = start;
        let mut last_opp: Option<usize> = None;
        let mut overflow = false;
        while i < n {
            if i > start && opps[i] {
                last_opp = Some(i);
            }
            let cw = widths[i];
            if i > start && !chars[i].is_whitespace() && w + cw > max + EPS {
                // A closing mark that fits once squeezed ends this line instead of pulling a character
                // down with it.
                if w + cw - end_squeeze(chars[i], cw) <= max + EPS && (i + 1 == n || opps[i + 1]) {
                    i += 1;
                    if i < n {
                        last_opp = Some(i);
                        overflow = true;
                    }
                    break;
                }
                overflow = true;
                break;
            }
            w += cw;
            i += 1;
        }
        if !overflow {
            lines.push(trim_end(chars, start, n));
            break;
        }
        let end = match last_opp {
            Some(b) if b > start => b,
            _ => {
                // No opportunity in the whole line: a word wider than the line. Break by character,
                // still keeping a closing mark off the next line's start when that leaves something.
                let mut e = i;
                while e > start + 1 && no_line_start(chars[e]) {
                    e -= 1;
                }
                e
            }
        };
        lines.push(trim_end(chars, start, end));
        start = end;
        while start < n && chars[start].is_whitespace() {
            start += 1;
        }
    }
    lines
}

/// How a paragraph is to be set, for [`break_fit`]'s costs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// Full lines are justified (主要内容): their slack is spread between characters, so it costs.
    pub justify: bool,
    /// Names (unit cells, short side cells, headers): a break inside a word is taken only when the word
    /// is wider than the line.
    pub names: bool,
    /// One em (the body size), points.
    pub em: f32,
}

/// The most a justified line is spread, per gap between characters, in ems; a line that would need more
/// is set ragged (left-aligned) instead.
pub const MAX_SPREAD: f32 = 0.15;

// Costs of [`break_fit`]. A unit name or a number and its word cost more than a line (a name that fits is
// never broken; `1-2分钟` is split only when nothing else fits); then a line (a row's height is its
// tallest cell); then a ragged line in justified text (one that would need more than MAX_SPREAD, 2,000
// plus 3,000 per em left over, so a line of two characters costs more than one more line); then a lonely
// last character; then a word split in running text (Chinese breaks inside words as a matter of course,
// so this only picks among otherwise equal breakings); then even spacing.
const LINE: f64 = 10_000.0;
const WORD_SPLIT: f64 = 150.0;
const NUMBER_SPLIT: f64 = 12_000.0;
const NAME_SPLIT: f64 = 1.0e7;
const LONELY: f64 = 8_000.0;
const RAGGED: f64 = 2_000.0;
const FORCED: f64 = 1.0e9;

/// Total-fit line breaking (the whole paragraph at once, as TeX and clreq's line adjustment do) of one
/// paragraph: `opps` from [`break_opportunities`], `joins` from [`super::words::Words::joins`] (a break
/// before `chars[i]` splits a word). Among the breakings that fit `max` (with closing marks squeezed at
/// line ends), it takes the one of least cost: lines, split words (and a
/// number cut from its unit word, `1-2|分钟`), a last line of one character (`务。`), and — for justified
/// text — the spacing a line would need. Returns the lines' ranges, trailing spaces excluded; a word
/// wider than the line is broken by character (progress is guaranteed).
pub fn break_fit(
    chars: &[char],
    widths: &[f32],
    opps: &[bool],
    joins: &[bool],
    max: f32,
    fit: Fit,
) -> Vec<Range<usize>> {
    let n = chars.len();
    if n == 0 {
        #[allow(clippy::single_range_in_vec_init)]
        return vec![0..0];
    }
    let em = fit.em.max(1.0);
    let joined = |i: usize| joins.get(i).copied().unwrap_or(false);
    // Start of the word each character belongs to.
    let mut word_start = vec![0usize; n];
    for i in 1..n {
        word_start[i] = if joined(i) { word_start[i - 1] } else { i };
    }
    // Whether chars[i] starts, or is inside, a CJK word that follows a number or Latin word.
    let after_number = |i: usize| {
        let s = word_start[i];
        s > 0 && is_word_char(chars[s - 1]) && !is_word_char(chars[s]) && !chars[s].is_ascii()
    };
    // Cost of breaking before chars[i].
    let break_cost = |i: usize| -> f64 {
        let split = joined(i);
        // A number or Latin word stays with the word after it (`7×24|小时`, `1-2分|钟`, `E|管家`).
        let number = (split && after_number(i))
            || (is_word_char(chars[i - 1])
                && !chars[i].is_whitespace()
                && !is_word_char(chars[i])
                && !no_line_start(chars[i])
                && !chars[i].is_ascii());
        match (split, number) {
            (true, _) if fit.names => NAME_SPLIT,
            (_, true) => NUMBER_SPLIT,
            (true, false) => WORD_SPLIT,
            (false, false) => 0.0,
        }
    };
    let skip_spaces = |mut i: usize| {
        while i < n && chars[i].is_whitespace() {
            i += 1;
        }
        i
    };
    let first = skip_spaces(0);
    // The plain opportunities, for a word wider than the line (computed once, when first needed).
    let mut plain: Option<Vec<bool>> = None;
    let mut best = vec![f64::INFINITY; n + 1];
    let mut prev = vec![(0usize, 0usize); n + 1];
    best[first] = 0.0;
    for a in first..n {
        if !best[a].is_finite() {
            continue;
        }
        // Advances less the squeezes between marks, and the same less a line-start squeeze (the end squeeze
        // comes below).
        let mut raw = 0.0f32;
        let mut tight = 0.0f32;
        let mut found = false;
        for j in a..n {
            raw += widths[j] - if j == a { 0.0 } else { pair_squeeze(chars[j - 1], chars[j], widths[j - 1]) };
            tight += widths[j]
                - if j == a {
                    start_squeeze(chars[j], widths[j])
                } else {
                    pair_squeeze(chars[j - 1], chars[j], widths[j - 1])
                };
            if tight - 0.5 * widths[j] > max + EPS && j > a {
                break;
            }
            let e = j + 1;
            if e < n && !opps[e] {
                continue;
            }
            let line = if chars[j].is_whitespace() { trim_end(chars, a, e) } else { a..e };
            if line.is_empty() {
                continue;
            }
            let end = end_squeeze(chars[line.end - 1], widths[line.end - 1]);
            let natural = match line.end == e {
                true if raw - end <= max + EPS => raw - end,
                true => tight - end,
                false => set_width(chars, widths, line.clone(), max).0,
            };
            if natural > max + EPS {
                continue;
            }
            found = true;
            let next = skip_spaces(e);
            let last = next >= n;
            let mut cost = best[a] + LINE;
            if !last {
                cost += break_cost(e);
            }
            let count = line.len();
            let slack = (max - natural).max(0.0) / em;
            if last {
                let visible = chars[line.clone()].iter().filter(|c| !no_line_start(**c)).count();
                if a > first && visible <= 1 {
                    cost += LONELY;
                }
            } else if fit.justify {
                // A one-character line cannot be spread at all.
                let spread = if count > 1 { slack / (count - 1) as f32 } else { f32::INFINITY };
                cost += if spread <= MAX_SPREAD {
                    200.0 * f64::from(spread / MAX_SPREAD).powi(2)
                } else {
                    RAGGED + 3_000.0 * f64::from(slack)
                };
            }
            if cost < best[next] {
                best[next] = cost;
                prev[next] = (a, line.end);
            }
        }
        if !found {
            // Nothing from `a` fits: a word wider than the line. Break by character, keeping a closing
            // mark off the next line's start when that leaves something.
            let mut w = 0.0;
            let mut e = a;
            while e < n && (e == a || w + widths[e] <= max + EPS) {
                w += widths[e];
                e += 1;
            }
            // The last ordinary opportunity in that stretch (a unit list's own rule may have removed
            // it), else by character.
            let plain = plain.get_or_insert_with(|| break_opportunities(chars));
            if let Some(b) = (a + 1..e).rev().find(|&b| plain[b]).filter(|_| e < n) {
                e = b;
            }
            while e > a + 1 && e < n && no_line_start(chars[e]) {
                e -= 1;
            }
            let line = trim_end(chars, a, e);
            let next = skip_spaces(e);
            let cost = best[a] + LINE + FORCED;
            if cost < best[next] {
                best[next] = cost;
                prev[next] = (a, line.end.max(a + 1).min(e));
            }
        }
    }
    let mut lines = Vec::new();
    let mut at = n;
    if !best[n].is_finite() {
        // Unreachable in practice (every start has a forced way on); fall back to greedy filling.
        return break_paragraph(chars, widths, opps, max);
    }
    while at > first {
        let (a, e) = prev[at];
        lines.push(a..e);
        at = a;
    }
    if lines.is_empty() {
        lines.push(0..0);
    }
    lines.reverse();
    lines
}

fn trim_end(chars: &[char], start: usize, mut end: usize) -> Range<usize> {
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    start..end
}

/// Balanced breaking for titles (梯形, long over short): as few lines as greedy breaking at `max` needs,
/// with the narrowest measure that still gives that many lines, widened by `bias` (one em of the title)
/// when that keeps the count, so that earlier lines come out a little longer than later ones
/// (26 characters in 20-character lines → 14 + 12, never 20 + 6).
pub fn break_balanced(
    chars: &[char],
    widths: &[f32],
    opps: &[bool],
    max: f32,
    bias: f32,
) -> Vec<Range<usize>> {
    let greedy = break_paragraph(chars, widths, opps, max);
    let m = greedy.len();
    if m <= 1 {
        return greedy;
    }
    let total: f32 = widths.iter().sum();
    let widest = widths.iter().cloned().fold(0.0f32, f32::max);
    let mut lo = (total / m as f32).max(widest) - EPS;
    let mut hi = max;
    if lo >= hi {
        return greedy;
    }
    for _ in 0..24 {
        let mid = (lo + hi) / 2.0;
        if break_paragraph(chars, widths, opps, mid).len() <= m {
            hi = mid;
        } else {
            lo = mid;
        }
        if hi - lo < 0.001 * max.max(1.0) {
            break;
        }
    }
    let biased = (hi + bias).min(max);
    let candidate = break_paragraph(chars, widths, opps, biased);
    if candidate.len() == m {
        candidate
    } else {
        break_paragraph(chars, widths, opps, hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Test widths: CJK and full-width marks 1 em, ASCII 0.5 em.
    fn widths(chars: &[char]) -> Vec<f32> {
        chars.iter().map(|&c| if c.is_ascii() { 0.5 } else { 1.0 }).collect()
    }

    fn lines(text: &str, max: f32) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let w = widths(&chars);
        let o = break_opportunities(&chars);
        break_paragraph(&chars, &w, &o, max).into_iter().map(|r| chars[r].iter().collect()).collect()
    }

    #[test]
    fn cjk_breaks_anywhere_and_fills_lines() {
        assert_eq!(lines("一二三四五六七八九十", 4.0), vec!["一二三四", "五六七八", "九十"]);
    }

    #[test]
    fn closing_marks_never_start_a_line() {
        // '，' would start line 2 at 4 em: the previous character is carried over with it.
        let l = lines("一二三四，五六七八。", 4.0);
        assert_eq!(l, vec!["一二三", "四，五六", "七八。"]);
        for s in
            ["一二三四。", "一二三四、", "一二三四）", "一二三四”", "一二三四》", "一二三四…", "一二三四%"]
        {
            let l = lines(&format!("{s}五六七"), 4.0);
            for line in &l[1..] {
                assert!(!no_line_start(line.chars().next().unwrap()), "{s}: {l:?}");
            }
        }
    }

    #[test]
    fn opening_marks_never_end_a_line() {
        let l = lines("一二三（四五）六七八", 4.0);
        assert_eq!(l[0], "一二三");
        assert_eq!(l[1], "（四五）");
        let l = lines("一二三“四五”六七", 4.0);
        assert!(l.iter().all(|s| !no_line_end(s.chars().last().unwrap())), "{l:?}");
        let l = lines("一二三《四五》", 4.0);
        assert_eq!(l[0], "一二三");
    }

    #[test]
    fn dashes_and_ellipses_stay_whole() {
        for text in ["一二三——四五六", "一二三……四五六", "申报——多缴提醒——退税申请"]
        {
            for max in (4..=16).map(|h| h as f32 / 2.0) {
                let l = lines(text, max);
                for pair in l.windows(2) {
                    let (a, b) = (pair[0].chars().last().unwrap(), pair[1].chars().next().unwrap());
                    assert!(!(a == b && (a == '—' || a == '…')), "{text} @ {max}: {l:?}");
                }
                assert_eq!(l.concat(), text);
            }
        }
    }

    #[test]
    fn latin_words_and_numbers_stay_whole() {
        // 'WMS' would straddle the 4-em line end: it moves whole.
        let l = lines("一二三WMS四五", 4.0);
        assert_eq!(l, vec!["一二三", "WMS四五"]);
        for word in ["7×24", "1-2", "3.5", "E2E", "http://a.b", "1,000.5"] {
            for max in (10..=16).map(|h| h as f32 / 2.0) {
                let text = format!("一二三{word}小时服务");
                let l = lines(&text, max);
                assert!(l.iter().any(|s| s.contains(word)), "{word} @ {max}: {l:?}");
            }
        }
        // 'E管家': a break between the Latin letter and the ideograph is fine, the letter stays whole.
        let chars: Vec<char> = "E管家".chars().collect();
        assert_eq!(break_opportunities(&chars), vec![false, true, true]);
    }

    #[test]
    fn a_word_wider_than_the_line_breaks_by_character() {
        let l = lines("ABCDEFGHIJ", 2.0);
        assert_eq!(l, vec!["ABCD", "EFGH", "IJ"]);
        // Progress even when one character is wider than the measure.
        let l = lines("一二", 0.5);
        assert_eq!(l, vec!["一", "二"]);
    }

    #[test]
    fn spaces_hang_and_are_dropped_at_breaks() {
        let l = lines("Hello world again", 3.0);
        assert_eq!(l, vec!["Hello", "world", "again"]);
        // A space after an opening mark is no break: the mark would end the line.
        let l = lines("一二（ 三四五", 3.0);
        assert!(l.iter().all(|s| !no_line_end(s.chars().last().unwrap())), "{l:?}");
    }

    #[test]
    fn unit_names_stay_whole_when_they_fit() {
        let text: Vec<char> = "省税务局、深圳市税务局、省公安厅".chars().collect();
        let w = widths(&text);
        let mut opps = break_opportunities(&text);
        keep_list_items_whole(&text, &w, &mut opps, 7.0);
        let got: Vec<String> =
            break_paragraph(&text, &w, &opps, 7.0).into_iter().map(|r| text[r].iter().collect()).collect();
        assert_eq!(got, ["省税务局、", "深圳市税务局、", "省公安厅"]);
        // Without the rule the same measure splits a name.
        let opps = break_opportunities(&text);
        let plain: Vec<String> =
            break_paragraph(&text, &w, &opps, 7.0).into_iter().map(|r| text[r].iter().collect()).collect();
        assert_eq!(plain[0], "省税务局、深圳");
        // A name wider than the line still breaks (by its ordinary opportunities).
        let mut opps = break_opportunities(&text);
        keep_list_items_whole(&text, &w, &mut opps, 3.0);
        let narrow = break_paragraph(&text, &w, &opps, 3.0);
        assert!(narrow.iter().all(|r| r.len() <= 4), "{narrow:?}");
        assert_eq!(narrow.iter().map(|r| r.len()).sum::<usize>(), text.len());
    }

    /// 标点挤压 (clreq 3.1.6): of two blank halves that meet, one goes; a line-start opening bracket is set
    /// half-width only when the line needs it; a closing bracket hangs its blank half at the line end.
    #[test]
    fn adjacent_marks_close_up_and_a_line_start_bracket_only_when_needed() {
        let w = |s: &str| s.chars().map(|_| 1.0).collect::<Vec<f32>>();
        let width = |s: &str| {
            let c: Vec<char> = s.chars().collect();
            line_width(&c, &w(s), 0..c.len())
        };
        assert_eq!(width("说“好。”"), 5.0 - 0.5 - 0.5, "。” closes up, the last ” hangs");
        assert_eq!(
            width("甲），（乙"),
            5.0 - 0.5 - 0.5,
            "），（: two squeezes, and the line-start rule does not apply mid-line"
        );
        assert_eq!(
            width("“《甲》”"),
            5.0 - 0.5 - 0.5 - 0.5 - 0.5,
            "“《 and 》” close up, the start and end halves go"
        );
        assert_eq!(width("甲乙丙"), 3.0);
        let c: Vec<char> = "（一）总则".chars().collect();
        assert_eq!(set_width(&c, &w("（一）总则"), 0..5, 5.0), (5.0, false), "fits full-width: left so");
        assert_eq!(set_width(&c, &w("（一）总则"), 0..5, 4.6), (4.5, true), "squeezed only to fit");
        // A cell of 4½ ems holds `“好。”坏` on one line: only with 。” closed up.
        let text: Vec<char> = "“好。”坏".chars().collect();
        let widths = w("“好。”坏");
        let fit = Fit { justify: true, names: false, em: 1.0 };
        let lines = break_fit(&text, &widths, &break_opportunities(&text), &[false; 5], 4.5, fit);
        assert_eq!((lines.len(), lines[0].clone()), (1, 0..5));
    }

    #[test]
    fn empty_paragraph_is_one_empty_line() {
        assert_eq!(lines("", 4.0), vec![""]);
    }

    #[test]
    fn balanced_title_is_long_over_short() {
        let text: String = "广东自贸试验区第八批可复制推广改革创新经验任务分工表".into(); // 26
        let chars: Vec<char> = text.chars().collect();
        let w = widths(&chars);
        let o = break_opportunities(&chars);
        let l = break_balanced(&chars, &w, &o, 20.0, 1.0);
        let lens: Vec<usize> = l.iter().map(|r| r.len()).collect();
        assert_eq!(lens, vec![14, 12]);
        // 45 characters in 20-character lines: three lines, non-increasing.
        let chars: Vec<char> = "一二三四五六七八九十".repeat(5).chars().take(45).collect();
        let w = widths(&chars);
        let o = break_opportunities(&chars);
        let lens: Vec<usize> = break_balanced(&chars, &w, &o, 20.0, 1.0).iter().map(|r| r.len()).collect();
        assert_eq!(lens.iter().sum::<usize>(), 45);
        assert_eq!(lens.len(), 3);
        assert!(lens.windows(2).all(|p| p[0] >= p[1]), "{lens:?}");
        assert!(lens[0] - lens[2] <= 4, "{lens:?}");
    }
}
