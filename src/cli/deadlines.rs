//! `fengong deadlines DOC`: how each 完成时限 was read and when it is due.

use std::path::PathBuf;

use chrono::{Local, NaiveDate};
use clap::Args;

use fengong::deadline::{ymd, Due};
use fengong::store::Store;
use fengong::{Error, Result};

#[derive(Args)]
pub struct DeadlinesArgs {
    /// 文档编号或完整标题（见 fengong list）
    doc: String,
    /// 按哪一天计算（YYYY-MM-DD，默认今天）：每月、每季度的时限取这一天及以后的下一次
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// 补充的放假安排文件（JSON，格式同内置的 holidays-cn.json），用于内置数据之后公布的年份
    #[arg(long, value_name = "文件")]
    holidays: Option<PathBuf>,
}

pub fn deadlines(store: &Store, args: &DeadlinesArgs) -> Result<()> {
    let today = match &args.date {
        Some(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| Error::invalid(format!("--date 应写成 YYYY-MM-DD（收到“{s}”）")))?,
        None => Local::now().date_naive(),
    };
    let cal = fengong::service::deadlines::calendar(args.holidays.as_deref())?;
    let doc = store.find_document(&args.doc)?;
    let rows = fengong::service::deadlines::deadlines(store, doc.id, today, &cal)?;
    say!(
        "文档 {}《{}》的完成时限（按 {} 计；成文日期：{}）",
        doc.id,
        doc.title_one_line(),
        ymd(today),
        doc.issue_date.map_or("未填写".to_string(), ymd)
    );
    let mut unread = Vec::new();
    for r in &rows {
        if r.text.trim().is_empty() {
            say!("  {}  {}：未填写完成时限", r.number, r.title);
            continue;
        }
        let due = match &r.date {
            Ok(Some(d)) if *d < today => format!("；截止 {}（已过）", ymd(*d)),
            Ok(Some(d)) => format!("；截止 {}", ymd(*d)),
            Ok(None) if r.due == Due::Unread => "，未定截止日期".to_string(),
            Ok(None) => String::new(),
            Err(why) => format!("；无法推算：{why}"),
        };
        say!("  {}  {}：“{}” 读作 {}{}", r.number, r.title, r.text, r.reading, due);
        if r.due == Due::Unread {
            unread.push(format!("{}“{}”", r.number, r.text));
        }
    }
    if !unread.is_empty() {
        say!("未能读出日期的完成时限 {} 项（未定截止日期，请核对原文）：{}", unread.len(), unread.join("、"));
    }
    let years: Vec<String> = cal.years().map(|(y, _)| format!("{y}年")).collect();
    say!("工作日按国务院办公厅放假安排计算，已收录：{}", years.join("、"));
    Ok(())
}
