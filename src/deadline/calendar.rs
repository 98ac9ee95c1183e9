//! Working days by the State Council's published 放假安排: a day is a working day when it is a weekday
//! outside the year's holidays, or a weekend day the notice makes a working day (调休). Only the years whose
//! notice is known are counted; for any other year nothing is guessed and the count says which year is
//! missing. The years published so far ship in `holidays-cn.json` with the notice each comes from; a user
//! adds a year (the notice comes out each November) in a file of the same form, which replaces a shipped
//! year of the same number.
//!
//! Rejected: a holiday crate (`chinese-holiday` and the like, checked on crates.io): unmaintained or
//! frozen at an old year, and a data file users can extend is what the office needs each November anyway.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Deserialize;

use crate::error::{Error, Result};

const SHIPPED: &str = include_str!("holidays-cn.json");

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    source: String,
    years: BTreeMap<String, YearFile>,
}

#[derive(Deserialize)]
struct YearFile {
    notice: String,
    /// [first, last, name]
    off: Vec<(String, String, String)>,
    #[serde(default)]
    work: Vec<String>,
}

/// One year's arrangement.
#[derive(Debug, Clone)]
pub struct Year {
    pub notice: String,
    /// Holiday days (weekends inside a holiday included) with the holiday's name.
    pub off: BTreeMap<NaiveDate, String>,
    /// Weekend days that are working days (调休).
    pub work: BTreeSet<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct Calendar {
    pub source: String,
    years: BTreeMap<i32, Year>,
}

impl Calendar {
    /// The years that ship with the program.
    pub fn shipped() -> Calendar {
        Calendar::parse(SHIPPED, "holidays-cn.json").expect("the shipped holiday data is valid (tested)")
    }

    /// The shipped years, with the years of the user's file `path` added (or replacing a shipped year).
    pub fn with_file(path: &Path) -> Result<Calendar> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let extra = Calendar::parse(&text, &path.display().to_string())?;
        let mut cal = Calendar::shipped();
        cal.years.extend(extra.years);
        Ok(cal)
    }

    fn parse(text: &str, name: &str) -> Result<Calendar> {
        let bad = |message: String| Error::File { path: name.into(), message };
        let file: File = serde_json::from_str(text).map_err(|e| bad(format!("放假安排文件格式不对：{e}")))?;
        let date = |s: &str, year: i32| -> Result<NaiveDate> {
            let d = NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| bad(format!("{year} 年的日期“{s}”应写成 YYYY-MM-DD")))?;
            // A holiday may run into the next year (元旦 after a late 春节 never does; kept loose by a year).
            if (d.year() - year).abs() > 1 {
                return Err(bad(format!("{year} 年的安排里有 {s}，不在这一年")));
            }
            Ok(d)
        };
        let mut years = BTreeMap::new();
        for (key, y) in file.years {
            let year: i32 = key.parse().map_err(|_| bad(format!("“{key}”不是年份")))?;
            let mut off = BTreeMap::new();
            for (first, last, name) in &y.off {
                let (a, b) = (date(first, year)?, date(last, year)?);
                if b < a || (b - a).num_days() > 15 {
                    return Err(bad(format!("{year} 年“{name}”的起止日期 {first}—{last} 不对")));
                }
                let mut d = a;
                while d <= b {
                    off.insert(d, name.clone());
                    d += Duration::days(1);
                }
            }
            let mut work = BTreeSet::new();
            for w in &y.work {
                let d = date(w, year)?;
                if !is_weekend(d) {
                    return Err(bad(format!("{year} 年的调休上班日 {w} 不是周末")));
                }
                work.insert(d);
            }
            years.insert(year, Year { notice: y.notice, off, work });
        }
        Ok(Calendar { source: file.source, years })
    }

    /// The years the calendar knows.
    pub fn years(&self) -> impl Iterator<Item = (&i32, &Year)> {
        self.years.iter()
    }

    /// Whether `d` is a working day; an error naming the year when its arrangement is not known.
    pub fn is_working_day(&self, d: NaiveDate) -> Result<bool> {
        let Some(y) = self.years.get(&d.year()) else {
            return Err(Error::invalid(format!(
                "{} 年的放假安排未收录，不能按工作日计算（可在放假安排文件中补上这一年）",
                d.year()
            )));
        };
        Ok(y.work.contains(&d) || (!is_weekend(d) && !y.off.contains_key(&d)))
    }

    /// The `n`th working day after `from` (`from` itself not counted): `5个工作日内` from the issue date.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> Result<NaiveDate> {
        let mut d = from;
        let mut left = n;
        while left > 0 {
            d += Duration::days(1);
            if self.is_working_day(d)? {
                left -= 1;
            }
        }
        Ok(d)
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not after `from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> Result<u32> {
        let mut n = 0;
        let mut d = from;
        while d < to {
            d += Duration::days(1);
            if self.is_working_day(d)? {
                n += 1;
            }
        }
        Ok(n)
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_shipped_years_follow_their_notices() {
        let c = Calendar::shipped();
        assert_eq!(c.years().map(|(y, _)| *y).collect::<Vec<_>>(), [2024, 2025, 2026]);
        for (y, year) in c.years() {
            assert!(year.notice.contains(&format!("{y}年部分节假日安排")), "{}", year.notice);
            // Every 调休 working day is a weekend day; no holiday is also a working day.
            assert!(year.work.iter().all(|w| is_weekend(*w) && !year.off.contains_key(w)));
        }
        // 2025: 春节 1/28–2/4 (8 days), Sunday 1/26 and Saturday 2/8 worked.
        assert!(!c.is_working_day(d(2025, 1, 28)).unwrap());
        assert!(c.is_working_day(d(2025, 1, 26)).unwrap(), "a 调休 Sunday");
        assert!(c.is_working_day(d(2025, 2, 8)).unwrap(), "a 调休 Saturday");
        assert!(!c.is_working_day(d(2025, 2, 9)).unwrap(), "an ordinary Sunday");
    }

    #[test]
    fn working_days_across_a_moved_weekend_and_a_long_holiday() {
        let c = Calendar::shipped();
        // Friday 2025-09-26: the next working day is Sunday 9/28 (调休), then Monday 9/29.
        assert_eq!(c.add_working_days(d(2025, 9, 26), 1).unwrap(), d(2025, 9, 28));
        assert_eq!(c.add_working_days(d(2025, 9, 26), 2).unwrap(), d(2025, 9, 29));
        // Tuesday 9/30 + 1: 10/1–10/8 is 国庆节、中秋节, so Thursday 10/9; + 3 reaches Saturday 10/11 (调休).
        assert_eq!(c.add_working_days(d(2025, 9, 30), 1).unwrap(), d(2025, 10, 9));
        assert_eq!(c.add_working_days(d(2025, 9, 30), 3).unwrap(), d(2025, 10, 11));
        // September 2025: 22 weekdays, plus Sunday 9/28 worked.
        assert_eq!(c.working_days_between(d(2025, 8, 31), d(2025, 9, 30)).unwrap(), 23);
        // A year with no known arrangement is not guessed.
        let e = c.add_working_days(d(2026, 12, 30), 5).unwrap_err().to_string();
        assert!(e.contains("2027 年的放假安排未收录"), "{e}");
    }

    #[test]
    fn a_user_file_adds_a_year_and_bad_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("放假安排.json");
        std::fs::write(
            &f,
            r#"{"years": {"2027": {"notice": "国务院办公厅关于2027年部分节假日安排的通知", "off": [["2027-01-01", "2027-01-01", "元旦"]], "work": []}}}"#,
        )
        .unwrap();
        let c = Calendar::with_file(&f).unwrap();
        assert!(!c.is_working_day(d(2027, 1, 1)).unwrap());
        assert!(c.is_working_day(d(2027, 1, 4)).unwrap());
        assert!(c.is_working_day(d(2025, 1, 26)).unwrap(), "the shipped years stay");
        for (bad, says) in [
            (r#"{"years": {"2027": {"notice": "x", "off": [], "work": ["2027-01-05"]}}}"#, "不是周末"),
            (
                r#"{"years": {"2027": {"notice": "x", "off": [["2027-02-10", "2027-02-01", "春节"]]}}}"#,
                "起止日期",
            ),
            (
                r#"{"years": {"2027": {"notice": "x", "off": [["2027/02/10", "2027-02-11", "春节"]]}}}"#,
                "YYYY-MM-DD",
            ),
            ("不是 JSON", "格式不对"),
        ] {
            std::fs::write(&f, bad).unwrap();
            let e = Calendar::with_file(&f).unwrap_err().to_string();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }
}
