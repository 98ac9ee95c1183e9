//! The lines above the table: the `附件` label (possibly after a 发文字号 such as `粤府函〔2020〕77号`) and
//! the title, which may be split across lines or broken with a space where the user wanted a line break.

use super::punct::is_cjk;

/// `粤府函〔2020〕77号`, `国办发[2021]5号`, `X发（2020）3号`: some characters, a bracketed 4-digit year,
/// a number, and 号.
pub fn doc_number(s: &str) -> Option<String> {
    let s = s.trim();
    let t = s.strip_suffix('号')?;
    let digits_end = t.trim_end_matches(|c: char| c.is_ascii_digit());
    if digits_end.len() == t.len() {
        return None;
    }
    let close = digits_end.chars().last()?;
    if !matches!(close, '〕' | ']' | '］' | ')' | '）' | '】') {
        return None;
    }
    let inner = &digits_end[..digits_end.len() - close.len_utf8()];
    let year_start = inner.len().checked_sub(4)?;
    if !inner.is_char_boundary(year_start) || !inner[year_start..].chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let before_year = &inner[..year_start];
    let open = before_year.chars().last()?;
    if !matches!(open, '〔' | '[' | '［' | '(' | '（' | '【') {
        return None;
    }
    let agency = &before_year[..before_year.len() - open.len_utf8()];
    if agency.trim().is_empty() || agency.chars().any(char::is_whitespace) {
        return None;
    }
    Some(s.to_string())
}

/// A label line: `附件`, `附件1`, `附件 2：`, optionally preceded by a 发文字号. Returns (doc number, label).
pub fn label_line(s: &str) -> Option<(Option<String>, String)> {
    let s = s.trim();
    let pos = s.rfind("附件")?;
    let rest: String = s[pos + "附件".len()..].chars().filter(|c| !c.is_whitespace()).collect();
    let rest = rest.trim_end_matches([':', '：']);
    let num_ok = rest.chars().all(|c| {
        c.is_ascii_digit() || "一二三四五六七八九十".contains(c) || "０１２３４５６７８９".contains(c)
    });
    if !num_ok || rest.chars().count() > 3 {
        return None;
    }
    let label = format!("附件{rest}");
    let before = s[..pos].trim();
    if before.is_empty() {
        return Some((None, label));
    }
    doc_number(before).map(|d| (Some(d), label))
}

/// The annex names a notice gives: its attachment line (`附件：X方案`) and titles in 《》 (`现将《X方案》印发给你们`).
pub fn annex_names(s: &str) -> Vec<String> {
    let mut out: Vec<String> = attachment_name(s).into_iter().collect();
    let mut rest = s;
    while let Some(open) = rest.find('《') {
        let after = &rest[open + '《'.len_utf8()..];
        let Some(close) = after.find('》') else { break };
        if after[..close].chars().count() >= 4 {
            out.push(after[..close].to_string());
        }
        rest = &after[close + '》'.len_utf8()..];
    }
    out
}

/// The name a notice's attachment line gives: `附件：X市任务分工方案`, `附件：1.甲方案` → the name.
pub fn attachment_name(s: &str) -> Option<String> {
    let rest = s.trim().strip_prefix("附件")?;
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    let rest = rest.strip_prefix(['：', ':'])?.trim();
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '．' | '、' | ' '));
    let name = rest.trim().trim_end_matches(['。', '；', ';']);
    (name.chars().count() >= 4).then(|| name.to_string())
}

/// Text of a notice, not an annex title: a salutation or list ending in `：`, a sentence with `。`, an
/// attachment line `附件：…`, a date such as `2024年3月1日` (the signature's).
pub fn is_notice_text(s: &str) -> bool {
    s.lines().map(str::trim).any(|l| {
        l.ends_with(['：', ':']) || l.contains('。') || attachment_name(l).is_some() || is_date_line(l)
    })
}

/// `2024年3月1日`, `2024 年 3 月 1 日`.
fn is_date_line(l: &str) -> bool {
    let t: String = l.chars().filter(|c| !c.is_whitespace()).collect();
    let mut parts =
        t.strip_suffix('日').map(|t| t.split(['年', '月']).collect::<Vec<_>>()).unwrap_or_default();
    parts.retain(|p| !p.is_empty());
    parts.len() == 3
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_digit() || "〇一二三四五六七八九十○".contains(c)))
}

/// One title line: whitespace between two Chinese characters is a line break the user typed; other runs of
/// whitespace become one space.
pub fn title_line(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            let j = i + chars[i..].iter().take_while(|c| c.is_whitespace()).count();
            let cjk_both = i > 0 && is_cjk(chars[i - 1]) && j < chars.len() && is_cjk(chars[j]);
            out.push(if cjk_both { '\n' } else { ' ' });
            i = j;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_doc_numbers() {
        assert_eq!(label_line("附件"), Some((None, "附件".into())));
        assert_eq!(label_line(" 附件 2："), Some((None, "附件2".into())));
        assert_eq!(
            label_line("粤府函〔2020〕77号 附件"),
            Some((Some("粤府函〔2020〕77号".into()), "附件".into()))
        );
        assert_eq!(label_line("附件：任务分工表"), None);
        assert_eq!(label_line("关于印发附件的通知"), None);
        assert_eq!(doc_number("国办发[2021]5号"), Some("国办发[2021]5号".into()));
        assert_eq!(doc_number("共5号"), None);
    }

    #[test]
    fn title_breaks() {
        assert_eq!(
            title_line("广东自贸试验区第八批可复制推广 改革创新经验任务分工表"),
            "广东自贸试验区第八批可复制推广\n改革创新经验任务分工表"
        );
        assert_eq!(title_line("推进RCEP 实施  任务表　分工"), "推进RCEP 实施\n任务表\n分工");
    }
}
