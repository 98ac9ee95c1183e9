//! 完成时限 as offices write them, read into a structured form for 督办: the text is always kept exactly as
//! written (the item's `deadline_text`); what is read from it says when the item is due and how that was
//! decided, so a reader can check it.
//!
//! - a written date with its precision: `2026年6月30日` (day), `2026年6月底前` (month end), `2026年第三季度`
//!   (quarter end), `2026年上半年` (half-year end), `2024年底前` (year end) — [`date`];
//! - a month in the document's own year: `6月底前`, `9月30日前` (the year of the 成文日期);
//! - counted from the document's issue: `印发之日起30日内`, `5个工作日内` (working days by the State
//!   Council's 放假安排, [`calendar`]), `3个月内`;
//! - a recurrence: `每月25日前`, `每季度末`, `每季度首月10日前`, `每半年`, `每年12月底前`;
//! - open-ended: `长期坚持`, `持续推进`, `常态化`, `长期` — no due date;
//! - anything else is *unread*: listed as such, never given a date.
//!
//! [`Due::next`] gives the date an item is due on a given day (the next occurrence of a recurrence); it
//! needs the issue date for relative and year-less forms and says so when the document has none.

pub mod calendar;
mod date;

use chrono::{Datelike, Duration, Months, NaiveDate};
use serde::Serialize;

pub use calendar::Calendar;
pub use date::parse_deadline;

/// How precisely a written date was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Precision {
    Day,
    Month,
    Quarter,
    HalfYear,
    Year,
}

/// What a relative deadline counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Count {
    Days,
    WorkingDays,
    Months,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Recurrence {
    /// Every month by `day` (None: by its end).
    Monthly { day: Option<u32> },
    /// Every quarter by day `day` of its `month`th month (None: by the quarter's end).
    Quarterly { by: Option<(u32, u32)> },
    /// By the end of June and of December.
    HalfYearly,
    /// Every year by `month`/`day` (day None: the month's end).
    Yearly { month: u32, day: Option<u32> },
}

/// A 完成时限 read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Due {
    On {
        date: NaiveDate,
        precision: Precision,
    },
    /// A month (and day) of the document's own year.
    InIssueYear {
        month: u32,
        day: Option<u32>,
    },
    /// Counted from the document's issue date.
    AfterIssue {
        count: u32,
        unit: Count,
    },
    Every(Recurrence),
    Open,
    Unread,
}

fn digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A number written with digits or Chinese numerals (`30`, `三十`, `十五`, `两`) at the start of `s`.
fn leading_number(s: &str) -> Option<(u32, &str)> {
    let n = s.chars().take_while(|c| c.is_ascii_digit()).count();
    if n > 0 {
        return Some((s[..n].parse().ok()?, &s[n..]));
    }
    let value = |c: char| "零一二三四五六七八九".find(c).map(|i| (i / 3) as u32).or((c == '两').then_some(2));
    let mut total = 0;
    let mut current = 0;
    let mut used = 0;
    for c in s.chars() {
        if let Some(v) = value(c) {
            current = v;
        } else if c == '十' {
            total += if current == 0 { 10 } else { current * 10 };
            current = 0;
        } else {
            break;
        }
        used += c.len_utf8();
    }
    (used > 0).then(|| (total + current, &s[used..]))
}

/// `N月[D日]`: (month, day) at the start of `s`.
fn month_day(s: &str) -> Option<(u32, Option<u32>, &str)> {
    let (m, rest) = leading_number(s)?;
    let rest = rest.strip_prefix('月')?;
    if !(1..=12).contains(&m) {
        return None;
    }
    if let Some((d, after)) = leading_number(rest) {
        if let Some(after) = after.strip_prefix(['日', '号']) {
            return (1..=31).contains(&d).then_some((m, Some(d), after));
        }
    }
    Some((m, None, rest))
}

impl Due {
    /// Reads a 完成时限 as written.
    pub fn read(text: &str) -> Due {
        let t = digits(text);
        if t.is_empty() {
            return Due::Unread;
        }
        if let Some(rec) = recurrence(&t) {
            return Due::Every(rec);
        }
        if let Some((date, precision)) = date::read_date(&t) {
            return Due::On { date, precision };
        }
        if let Some(rel) = relative(&t) {
            return rel;
        }
        if let Some((month, day, _)) = month_day(&t) {
            return Due::InIssueYear { month, day };
        }
        const OPEN: [&str; 6] = ["长期", "持续", "常态化", "常年", "久久为功", "不断"];
        if OPEN.iter().any(|w| t.contains(w)) {
            return Due::Open;
        }
        Due::Unread
    }

    /// The date the item is due as of `today` (the next occurrence of a recurrence, today included); None
    /// when open-ended or unread. An error says what is missing (the issue date, a year's 放假安排).
    pub fn next(
        self,
        issue: Option<NaiveDate>,
        today: NaiveDate,
        cal: &Calendar,
    ) -> crate::Result<Option<NaiveDate>> {
        let too_far = || crate::Error::invalid("期限太长，超出可计算的日期范围");
        let need_issue = || {
            issue.ok_or_else(|| {
                crate::Error::invalid("文档没有成文日期，无法推算（请在文档信息中填写成文日期）")
            })
        };
        Ok(match self {
            Due::On { date, .. } => Some(date),
            Due::InIssueYear { month, day } => Some(in_month(need_issue()?.year(), month, day)),
            Due::AfterIssue { count, unit } => {
                let from = need_issue()?;
                Some(match unit {
                    Count::Days => {
                        from.checked_add_signed(Duration::days(i64::from(count))).ok_or_else(too_far)?
                    }
                    Count::WorkingDays => cal.add_working_days(from, count)?,
                    Count::Months => from.checked_add_months(Months::new(count)).ok_or_else(too_far)?,
                })
            }
            Due::Every(r) => Some(next_occurrence(r, today)),
            Due::Open | Due::Unread => None,
        })
    }

    /// How the text was read, in words (`fengong deadlines`, the 督办 screen).
    pub fn explain(self) -> String {
        let md = |m: u32, d: Option<u32>| match d {
            Some(d) => format!("{m}月{d}日"),
            None => format!("{m}月底"),
        };
        match self {
            Due::On { date, precision } => {
                let how = match precision {
                    Precision::Day => "写明的日期",
                    Precision::Month => "到月底",
                    Precision::Quarter => "到季度末",
                    Precision::HalfYear => "到半年末",
                    Precision::Year => "到年底",
                };
                format!("{}（{how}）", ymd(date))
            }
            Due::InIssueYear { month, day } => format!("成文日期当年的{}", md(month, day)),
            Due::AfterIssue { count, unit } => {
                let u = match unit {
                    Count::Days => "日",
                    Count::WorkingDays => "个工作日（按国务院放假安排）",
                    Count::Months => "个月",
                };
                format!("自成文日期起 {count} {u}内")
            }
            Due::Every(Recurrence::Monthly { day }) => match day {
                Some(d) => format!("每月{d}日前"),
                None => "每月底前".into(),
            },
            Due::Every(Recurrence::Quarterly { by }) => match by {
                Some((m, d)) => format!("每季度第{m}个月{d}日前"),
                None => "每季度末".into(),
            },
            Due::Every(Recurrence::HalfYearly) => "每半年（6月底、12月底）".into(),
            Due::Every(Recurrence::Yearly { month, day }) => format!("每年{}前", md(month, day)),
            Due::Open => "长期任务，无截止日期".into(),
            Due::Unread => "未能读出日期".into(),
        }
    }
}

/// A date as Chinese documents write it: `2026年6月30日`.
pub fn ymd(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn in_month(year: i32, month: u32, day: Option<u32>) -> NaiveDate {
    let end = date::month_end(year, month).expect("month 1–12");
    day.and_then(|d| NaiveDate::from_ymd_opt(year, month, d)).unwrap_or(end)
}

fn recurrence(t: &str) -> Option<Recurrence> {
    if let Some(rest) = t.strip_prefix("每月") {
        if let Some((d, after)) = leading_number(rest) {
            if after.starts_with(['日', '号']) && (1..=31).contains(&d) {
                return Some(Recurrence::Monthly { day: Some(d) });
            }
        }
        return Some(Recurrence::Monthly { day: None });
    }
    if let Some(rest) = t.strip_prefix("每季度").or_else(|| t.strip_prefix("每季")) {
        // 每季度首月10日前 / 每季度第一个月10日前 / 每季度末
        let rest = rest.trim_start_matches(['第']);
        for (word, m) in
            [("首月", 1), ("一个月", 1), ("二个月", 2), ("两个月", 2), ("三个月", 3), ("末月", 3)]
        {
            if let Some(after) = rest.strip_prefix(word) {
                if let Some((d, tail)) = leading_number(after) {
                    if tail.starts_with(['日', '号']) && (1..=31).contains(&d) {
                        return Some(Recurrence::Quarterly { by: Some((m, d)) });
                    }
                }
            }
        }
        return Some(Recurrence::Quarterly { by: None });
    }
    if t.starts_with("每半年") {
        return Some(Recurrence::HalfYearly);
    }
    if let Some(rest) = t.strip_prefix("每年") {
        if let Some((month, day, _)) = month_day(rest) {
            return Some(Recurrence::Yearly { month, day });
        }
        if rest.starts_with("底") || rest.starts_with("年底") || rest.starts_with("末") {
            return Some(Recurrence::Yearly { month: 12, day: None });
        }
    }
    None
}

fn relative(t: &str) -> Option<Due> {
    // 印发之日起30日内 / 自通知印发之日起15个工作日内 / 5个工作日内 / 3个月内 / 30天内
    let start = t.find(|c: char| c.is_ascii_digit() || "一二三四五六七八九十两".contains(c))?;
    let (count, rest) = leading_number(&t[start..])?;
    let rest = rest.strip_prefix('个').unwrap_or(rest);
    let unit = if rest.starts_with("工作日") {
        Count::WorkingDays
    } else if rest.starts_with("月内") || rest.starts_with("月之内") {
        Count::Months
    } else if rest.starts_with("日内")
        || rest.starts_with("天内")
        || rest.starts_with("日之内")
        || rest.starts_with("天之内")
    {
        Count::Days
    } else {
        return None;
    };
    (count > 0).then_some(Due::AfterIssue { count, unit })
}

fn next_occurrence(r: Recurrence, today: NaiveDate) -> NaiveDate {
    let (y, m) = (today.year(), today.month());
    let candidates: Vec<NaiveDate> = match r {
        Recurrence::Monthly { day } => {
            let next = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            vec![in_month(y, m, day), in_month(next.0, next.1, day)]
        }
        Recurrence::Quarterly { by } => {
            let q0 = (m - 1) / 3 * 3 + 1; // first month of this quarter
            let at = |year: i32, first: u32| match by {
                Some((k, d)) => in_month(year, first + k - 1, Some(d)),
                None => in_month(year, first + 2, None),
            };
            let (ny, nq) = if q0 == 10 { (y + 1, 1) } else { (y, q0 + 3) };
            vec![at(y, q0), at(ny, nq)]
        }
        Recurrence::HalfYearly => vec![in_month(y, 6, None), in_month(y, 12, None)],
        Recurrence::Yearly { month, day } => vec![in_month(y, month, day), in_month(y + 1, month, day)],
    };
    candidates.into_iter().find(|d| *d >= today).unwrap_or(today)
}

#[cfg(test)]
mod tests;
