//! The text of one spreadsheet cell as the user sees it: 序号 1 not 1.0, dates as 2025年6月30日, booleans as
//! TRUE/FALSE, line breaks kept. Error values (#N/A …) become empty text and are reported by the caller.

use calamine::{Data, ExcelDateTime};

/// A cell's text, or the error value's text (`#DIV/0!` …) when the cell holds an error.
pub(crate) fn text(d: &Data) -> Result<String, String> {
    Ok(match d {
        Data::Empty => String::new(),
        Data::String(s) => s.replace("\r\n", "\n").replace('\r', "\n"),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => excel_date(dt),
        Data::DateTimeIso(s) => iso_date(s),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(e.to_string()),
    })
}

/// A number as Excel shows it in a General cell: no “.0” on whole numbers, and binary noise such as
/// 0.30000000000000004 rounded away (Excel shows 15 significant digits).
pub(crate) fn number(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    format!("{rounded}")
}

fn ymd(y: impl std::fmt::Display, m: u32, d: u32) -> String {
    format!("{y}年{m}月{d}日")
}

/// An Excel serial date: 2025年6月30日, with the time when it has one; a time alone as 14:30.
fn excel_date(dt: &ExcelDateTime) -> String {
    let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
    let time = if s == 0 { format!("{h:02}:{mi:02}") } else { format!("{h:02}:{mi:02}:{s:02}") };
    if dt.is_duration() {
        let total = (dt.as_f64() * 86_400.0).round() as i64;
        return format!("{}:{:02}:{:02}", total / 3600, (total / 60) % 60, total % 60);
    }
    if dt.as_f64() < 1.0 {
        return time;
    }
    let date = ymd(y, mo.into(), d.into());
    if (h, mi, s) == (0, 0, 0) {
        date
    } else {
        format!("{date} {time}")
    }
}

/// An ISO date from an OpenDocument sheet (`2025-06-30`, `2025-06-30T14:30:00`) the same way; anything else
/// as it is.
fn iso_date(s: &str) -> String {
    let (date, time) = s.split_once('T').unwrap_or((s, ""));
    let parts: Vec<&str> = date.split('-').collect();
    let ok = parts.len() == 3
        && parts[0].len() == 4
        && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !ok {
        return s.to_string();
    }
    let (Ok(m), Ok(d)) = (parts[1].parse::<u32>(), parts[2].parse::<u32>()) else { return s.to_string() };
    let out = ymd(parts[0], m, d);
    let hm: String = time.chars().take(5).collect();
    if time.is_empty() || time.starts_with("00:00:00") {
        out
    } else {
        format!("{out} {hm}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{CellErrorType, ExcelDateTimeType};

    #[test]
    fn cells_read_as_shown() {
        assert_eq!(text(&Data::Float(1.0)).unwrap(), "1");
        assert_eq!(text(&Data::Float(-12.0)).unwrap(), "-12");
        assert_eq!(text(&Data::Float(0.1 + 0.2)).unwrap(), "0.3");
        assert_eq!(text(&Data::Float(2.5)).unwrap(), "2.5");
        assert_eq!(text(&Data::Int(7)).unwrap(), "7");
        assert_eq!(text(&Data::Bool(true)).unwrap(), "TRUE");
        assert_eq!(text(&Data::String("甲\r\n乙".into())).unwrap(), "甲\n乙");
        let date = ExcelDateTime::new(45838.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(text(&Data::DateTime(date)).unwrap(), "2025年6月30日");
        let when = ExcelDateTime::new(45838.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(text(&Data::DateTime(when)).unwrap(), "2025年6月30日 12:00");
        let time = ExcelDateTime::new(0.6041666666666666, ExcelDateTimeType::DateTime, false);
        assert_eq!(text(&Data::DateTime(time)).unwrap(), "14:30");
        assert_eq!(text(&Data::DateTimeIso("2025-06-30".into())).unwrap(), "2025年6月30日");
        assert_eq!(text(&Data::DateTimeIso("2025-06-30T09:15:00".into())).unwrap(), "2025年6月30日 09:15");
        assert_eq!(text(&Data::DateTimeIso("09:15:00".into())).unwrap(), "09:15:00");
        assert_eq!(text(&Data::Error(CellErrorType::NA)).unwrap_err(), "#N/A");
    }
}
