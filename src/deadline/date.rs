//! A written date in a 完成时限: the first date found in the text (`2026年12月底`, `2026年6月30日`,
//! `2026-06-30`, `2026年底`, `2026年上半年` …), with how precisely it was given. Month and year ends are
//! computed with chrono.

use chrono::NaiveDate;

use super::Precision;

pub(super) fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

/// Reads a number of at most `max` digits at the start of `s`; returns it and the rest.
fn number(s: &[char], max: usize) -> Option<(u32, &[char])> {
    let n = s.iter().take_while(|c| c.is_ascii_digit()).count();
    if n == 0 || n > max {
        return None;
    }
    let v: u32 = s[..n].iter().collect::<String>().parse().ok()?;
    Some((v, &s[n..]))
}

fn skip_ws(s: &[char]) -> &[char] {
    let n = s.iter().take_while(|c| c.is_whitespace()).count();
    &s[n..]
}

fn starts(s: &[char], p: &str) -> bool {
    let p: Vec<char> = p.chars().collect();
    s.len() >= p.len() && s[..p.len()] == p[..]
}

/// The date a year at the start of `s` (already past the digits) continues into.
fn after_year(y: i32, s: &[char]) -> Option<(NaiveDate, Precision)> {
    let s = skip_ws(s);
    let sep = s.first().copied()?;
    if sep == '年' {
        let s = skip_ws(&s[1..]);
        if starts(s, "底") || starts(s, "末") || starts(s, "年底") || starts(s, "年末") {
            return Some((NaiveDate::from_ymd_opt(y, 12, 31)?, Precision::Year));
        }
        if starts(s, "下半年") {
            return Some((NaiveDate::from_ymd_opt(y, 12, 31)?, Precision::HalfYear));
        }
        if starts(s, "上半年") || starts(s, "年中") {
            return Some((NaiveDate::from_ymd_opt(y, 6, 30)?, Precision::HalfYear));
        }
        let q = s.strip_prefix(&['第'][..]).unwrap_or(s);
        if q.len() >= 3 && q[1..3] == ['季', '度'] {
            let n = match q[0] {
                '一' | '1' => 3,
                '二' | '2' => 6,
                '三' | '3' => 9,
                '四' | '4' => 12,
                _ => return None,
            };
            return Some((month_end(y, n)?, Precision::Quarter));
        }
        let (m, s) = number(s, 2)?;
        let s = skip_ws(s);
        if s.first() != Some(&'月') || !(1..=12).contains(&m) {
            return None;
        }
        let s = skip_ws(&s[1..]);
        if let Some((d, rest)) = number(s, 2) {
            if skip_ws(rest).first().is_some_and(|c| matches!(c, '日' | '号')) {
                return Some((NaiveDate::from_ymd_opt(y, m, d)?, Precision::Day));
            }
        }
        // 2026年6月 / 6月底 / 6月末 / 6月前: by the end of that month.
        return Some((month_end(y, m)?, Precision::Month));
    }
    if matches!(sep, '-' | '.' | '/') {
        let (m, s) = number(&s[1..], 2)?;
        if !(1..=12).contains(&m) {
            return None;
        }
        if s.first() == Some(&sep) {
            if let Some((d, _)) = number(&s[1..], 2) {
                return Some((NaiveDate::from_ymd_opt(y, m, d)?, Precision::Day));
            }
        }
        return Some((month_end(y, m)?, Precision::Month));
    }
    None
}

/// The first date found in the text, if any.
pub fn parse_deadline(text: &str) -> Option<NaiveDate> {
    read_date(text).map(|(d, _)| d)
}

/// The first date found in the text and how precisely it was given.
pub(super) fn read_date(text: &str) -> Option<(NaiveDate, Precision)> {
    // Full-width digits and separators as typed on Chinese keyboards.
    let chars: Vec<char> = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' => '-',
            '．' => '.',
            '／' => '/',
            other => other,
        })
        .collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let n = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 4 {
                let y: i32 = chars[i..i + 4].iter().collect::<String>().parse().unwrap_or(0);
                if (1900..=2200).contains(&y) {
                    if let Some(d) = after_year(y, &chars[i + 4..]) {
                        return Some(d);
                    }
                }
            }
            i += n;
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn forms() {
        assert_eq!(parse_deadline("2026年12月底"), d(2026, 12, 31));
        assert_eq!(parse_deadline("2026年2月底前"), d(2026, 2, 28));
        assert_eq!(parse_deadline("2028年2月"), d(2028, 2, 29));
        assert_eq!(parse_deadline("2026年6月30日"), d(2026, 6, 30));
        assert_eq!(parse_deadline("2026-06-30"), d(2026, 6, 30));
        assert_eq!(parse_deadline("2026.6.30前"), d(2026, 6, 30));
        assert_eq!(parse_deadline("２０２６年６月底"), d(2026, 6, 30));
        assert_eq!(parse_deadline("2026年底前完成"), d(2026, 12, 31));
        assert_eq!(parse_deadline("2026年上半年"), d(2026, 6, 30));
        assert_eq!(parse_deadline("2026年第三季度"), d(2026, 9, 30));
        assert_eq!(parse_deadline("持续推进，2027年3月底前见成效"), d(2027, 3, 31));
        assert_eq!(parse_deadline("长期坚持"), None);
        assert_eq!(parse_deadline("2026年6月31日"), None);
        assert_eq!(parse_deadline("编号12345年"), None);
    }
}
