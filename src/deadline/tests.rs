//! 完成时限 as they are written in real 分工 tables and plans, with the form each must be read as.

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn real_phrasings_read_into_their_forms() {
    use Due::*;
    let on = |date, precision| On { date, precision };
    let table: Vec<(&str, Due)> = vec![
        ("2024年底前", on(d(2024, 12, 31), Precision::Year)),
        ("2025年底前完成", on(d(2025, 12, 31), Precision::Year)),
        ("2026年6月底前", on(d(2026, 6, 30), Precision::Month)),
        ("2026年6月30日前", on(d(2026, 6, 30), Precision::Day)),
        ("2026-06-30", on(d(2026, 6, 30), Precision::Day)),
        ("２０２６年９月底", on(d(2026, 9, 30), Precision::Month)),
        ("2026年第三季度", on(d(2026, 9, 30), Precision::Quarter)),
        ("2026年上半年", on(d(2026, 6, 30), Precision::HalfYear)),
        ("2026年下半年", on(d(2026, 12, 31), Precision::HalfYear)),
        ("持续推进，2027年3月底前见成效", on(d(2027, 3, 31), Precision::Month)),
        ("6月底前", InIssueYear { month: 6, day: None }),
        ("9月30日前", InIssueYear { month: 9, day: Some(30) }),
        ("印发之日起30日内", AfterIssue { count: 30, unit: Count::Days }),
        ("自本通知印发之日起15个工作日内", AfterIssue { count: 15, unit: Count::WorkingDays }),
        ("5个工作日内", AfterIssue { count: 5, unit: Count::WorkingDays }),
        ("三个月内", AfterIssue { count: 3, unit: Count::Months }),
        ("文件印发后两个月内", AfterIssue { count: 2, unit: Count::Months }),
        ("每月25日前", Every(Recurrence::Monthly { day: Some(25) })),
        ("每月底前报送", Every(Recurrence::Monthly { day: None })),
        ("每季度末", Every(Recurrence::Quarterly { by: None })),
        ("每季度首月10日前", Every(Recurrence::Quarterly { by: Some((1, 10)) })),
        ("每半年报送一次", Every(Recurrence::HalfYearly)),
        ("每年12月底前", Every(Recurrence::Yearly { month: 12, day: None })),
        ("每年底", Every(Recurrence::Yearly { month: 12, day: None })),
        ("长期坚持", Open),
        ("持续推进", Open),
        ("常态化推进", Open),
        ("长期", Open),
        ("按国家部署推进", Unread),
        ("", Unread),
        ("2026年6月31日", Unread),
    ];
    for (text, want) in table {
        assert_eq!(Due::read(text), want, "{text:?}");
    }
}

#[test]
fn due_dates_on_a_given_day() {
    let cal = Calendar::shipped();
    let issue = Some(d(2025, 9, 26)); // a Friday
    let today = d(2025, 11, 26);
    let next = |text: &str| Due::read(text).next(issue, today, &cal).unwrap();
    assert_eq!(next("2024年底前"), Some(d(2024, 12, 31)));
    assert_eq!(next("6月底前"), Some(d(2025, 6, 30)), "the issue year");
    assert_eq!(next("印发之日起30日内"), Some(d(2025, 10, 26)));
    // Working days from Friday 9/26: Sunday 9/28 worked (调休), 9/29, 9/30, then 10/1–10/8 off.
    assert_eq!(next("5个工作日内"), Some(d(2025, 10, 10)));
    assert_eq!(next("3个月内"), Some(d(2025, 12, 26)));
    assert_eq!(next("每月25日前"), Some(d(2025, 12, 25)), "11/25 has passed");
    assert_eq!(next("每月底前"), Some(d(2025, 11, 30)));
    assert_eq!(next("每季度末"), Some(d(2025, 12, 31)));
    assert_eq!(next("每季度首月10日前"), Some(d(2026, 1, 10)));
    assert_eq!(next("每半年"), Some(d(2025, 12, 31)));
    assert_eq!(next("每年6月底前"), Some(d(2026, 6, 30)));
    assert_eq!(next("长期坚持"), None);
    assert_eq!(next("按国家部署推进"), None);
    // A count past the calendar's range is refused, never a panic or the issue date.
    assert!(Due::read("印发之日起99999999天内").next(issue, today, &cal).is_err());
    // Without an issue date a relative or year-less deadline is not dated, and says why.
    let e = Due::read("6月底前").next(None, today, &cal).unwrap_err().to_string();
    assert!(e.contains("成文日期"), "{e}");
    // A count into a year whose 放假安排 is not known is not guessed.
    let e = Due::read("10个工作日内").next(Some(d(2026, 12, 25)), today, &cal).unwrap_err().to_string();
    assert!(e.contains("2027 年的放假安排未收录"), "{e}");
}

#[test]
fn each_reading_is_said_in_words() {
    assert_eq!(Due::read("2024年底前").explain(), "2024年12月31日（到年底）");
    assert_eq!(Due::read("5个工作日内").explain(), "自成文日期起 5 个工作日（按国务院放假安排）内");
    assert_eq!(Due::read("每季度末").explain(), "每季度末");
    assert_eq!(Due::read("长期坚持").explain(), "长期任务，无截止日期");
    assert_eq!(Due::read("看情况").explain(), "未能读出日期");
}
