//! Half-width punctuation typed in Chinese text (`(`, `,`, `:` …) becomes the full-width form the annex
//! prints (`（`, `，`, `：` …). Only where it sits in Chinese context: Latin and number runs such as
//! `A,B`, `3:00`, `f(x)`, `1,000` are never touched.

/// One changed stretch of a text: excerpts before and after, and the char offset of the first change.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Char offset in the text of the first changed mark.
    pub at: usize,
    /// Number of '\n' before `at` (to find the line of a multi-line cell).
    pub newlines_before: usize,
    pub before: String,
    pub after: String,
}

const MARKS: &[char] = &['(', ')', ',', ':', ';', '?', '!'];

/// Han characters, CJK punctuation, full-width forms and the quotes/dashes used in Chinese text.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F      // CJK symbols and punctuation (、。「」〔〕…)
        | 0x3400..=0x4DBF    // Extension A
        | 0x4E00..=0x9FFF    // Unified ideographs
        | 0xF900..=0xFAFF    // Compatibility ideographs
        | 0xFF00..=0xFFEF    // Full-width forms (，（）：…)
        | 0x20000..=0x3FFFF  // Extensions B–H
        | 0x2014 | 0x2018..=0x201F | 0x2026 | 0x00B7)
}

fn full_width(c: char) -> char {
    match c {
        '(' => '（',
        ')' => '）',
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        other => other,
    }
}

/// Nearest char before `i` that is not an ASCII space.
fn prev_of(chars: &[char], i: usize) -> Option<char> {
    chars[..i].iter().rev().copied().find(|&c| c != ' ')
}
/// Nearest char after `i` that is not an ASCII space.
fn next_of(chars: &[char], i: usize) -> Option<char> {
    chars[i + 1..].iter().copied().find(|&c| c != ' ')
}

fn cjk(c: Option<char>) -> bool {
    c.is_some_and(is_cjk)
}

/// Returns the normalised text and the changes made (empty when nothing changed).
pub fn normalise(text: &str) -> (String, Vec<Change>) {
    if !text.contains(MARKS) {
        return (text.to_string(), Vec::new());
    }
    let chars: Vec<char> = text.chars().collect();
    let mut convert = vec![false; chars.len()];

    // Parentheses are decided in pairs, so `（…）` never ends up half converted.
    let mut stack: Vec<usize> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut lone: Vec<usize> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' => stack.push(i),
            ')' => match stack.pop() {
                Some(o) => pairs.push((o, i)),
                None => lone.push(i),
            },
            '\n' => lone.append(&mut stack), // a pair never spans paragraphs
            _ => {}
        }
    }
    lone.extend(stack);
    for (o, c) in pairs {
        let inner_cjk = chars[o + 1..c].iter().any(|&ch| is_cjk(ch));
        let before = prev_of(&chars, o);
        let after = next_of(&chars, c);
        let latin_before = before.is_some_and(|b| b.is_ascii_alphanumeric());
        if inner_cjk || cjk(before) || (!latin_before && cjk(after)) {
            convert[o] = true;
            convert[c] = true;
        }
    }
    for i in lone {
        if cjk(prev_of(&chars, i)) || cjk(next_of(&chars, i)) {
            convert[i] = true;
        }
    }
    for (i, &c) in chars.iter().enumerate() {
        if matches!(c, ',' | ':' | ';' | '?' | '!') && (cjk(prev_of(&chars, i)) || cjk(next_of(&chars, i))) {
            convert[i] = true;
        }
    }
    if !convert.iter().any(|&b| b) {
        return (text.to_string(), Vec::new());
    }

    let new: Vec<char> =
        chars.iter().zip(&convert).map(|(&c, &k)| if k { full_width(c) } else { c }).collect();
    // Group changes that are close together into one excerpt.
    const CTX: usize = 6;
    let idx: Vec<usize> = convert.iter().enumerate().filter(|(_, &k)| k).map(|(i, _)| i).collect();
    let mut changes = Vec::new();
    let mut g = 0;
    let mut newlines = 0;
    let mut counted = 0;
    while g < idx.len() {
        let first = idx[g];
        let mut last = first;
        while g + 1 < idx.len() && idx[g + 1] - last <= 2 * CTX && !chars[last..idx[g + 1]].contains(&'\n') {
            g += 1;
            last = idx[g];
        }
        newlines += chars[counted..first].iter().filter(|&&c| c == '\n').count();
        counted = first;
        let from = first.saturating_sub(CTX);
        let to = (last + CTX + 1).min(chars.len());
        // Keep excerpts inside the paragraph.
        let from = chars[from..first].iter().rposition(|&c| c == '\n').map_or(from, |p| from + p + 1);
        let to = chars[last..to].iter().position(|&c| c == '\n').map_or(to, |p| last + p);
        changes.push(Change {
            at: first,
            newlines_before: newlines,
            before: chars[from..to].iter().collect(),
            after: new[from..to].iter().collect(),
        });
        g += 1;
    }
    (new.into_iter().collect(), changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalise(s).0
    }

    #[test]
    fn chinese_context_is_converted() {
        assert_eq!(n("仓储管理系统(WMS)与海关"), "仓储管理系统（WMS）与海关");
        assert_eq!(n("WMS(仓储管理系统)"), "WMS（仓储管理系统）");
        assert_eq!(n("(一)加强监管"), "（一）加强监管");
        assert_eq!(n("(1)加强监管"), "（1）加强监管");
        assert_eq!(n("一是完善机制,二是强化:三是;好吗?好!"), "一是完善机制，二是强化：三是；好吗？好！");
        assert_eq!(n("采用WMS,提升效率"), "采用WMS，提升效率");
        assert_eq!(n("时间:2026年"), "时间：2026年");
    }

    #[test]
    fn latin_and_number_runs_are_untouched() {
        for s in [
            "A,B",
            "3.5",
            "7×24",
            "1-2分钟",
            "3:00",
            "f(x)",
            "1,000元",
            "http://x.cn",
            "WMS（仓储管理系统）",
            "f(x)中",
        ] {
            assert_eq!(n(s), s, "{s}");
            assert!(normalise(s).1.is_empty(), "{s}");
        }
        assert_eq!(n("比例为A,B两类,分别"), "比例为A,B两类，分别");
    }

    #[test]
    fn changes_carry_excerpts_and_paragraph_offsets() {
        let (t, ch) = normalise("第一段\n第二段(试点)内容");
        assert_eq!(t, "第一段\n第二段（试点）内容");
        assert_eq!(ch.len(), 1);
        assert_eq!(ch[0].newlines_before, 1);
        assert_eq!(ch[0].before, "第二段(试点)内容");
        assert_eq!(ch[0].after, "第二段（试点）内容");
    }
}
