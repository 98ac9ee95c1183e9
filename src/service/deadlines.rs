//! How each 完成时限 of a document was read and when it is due on a given day (`fengong deadlines`; the
//! 督办 lights will use the same rows).

use std::path::Path;

use chrono::NaiveDate;

use crate::deadline::{Calendar, Due};
use crate::error::Result;
use crate::model::{number_items, DocumentId};
use crate::store::Store;

/// One item's deadline.
#[derive(Debug, Clone)]
pub struct DeadlineRow {
    /// The printed 序号.
    pub number: String,
    pub title: String,
    /// Exactly as written.
    pub text: String,
    pub due: Due,
    /// How the text was read, in words.
    pub reading: String,
    /// The due date on the day asked for; Err says what is missing (成文日期, a year's 放假安排).
    pub date: std::result::Result<Option<NaiveDate>, String>,
}

/// The calendar of working days: the shipped years, and the years of `extra` (the user's file) if given.
pub fn calendar(extra: Option<&Path>) -> Result<Calendar> {
    match extra {
        Some(p) => Calendar::with_file(p),
        None => Ok(Calendar::shipped()),
    }
}

/// Every item of `doc` (group headings left out) with its deadline read, due as of `today`.
pub fn deadlines(
    store: &Store,
    doc: DocumentId,
    today: NaiveDate,
    cal: &Calendar,
) -> Result<Vec<DeadlineRow>> {
    let document = store.document(doc)?;
    let items = store.items(doc)?;
    let numbers = number_items(&items);
    Ok(items
        .iter()
        .zip(numbers)
        .filter(|(it, _)| !it.is_heading)
        .map(|(it, number)| {
            let due = Due::read(&it.deadline_text);
            DeadlineRow {
                number,
                title: crate::model::one_line(&it.title),
                text: it.deadline_text.clone(),
                due,
                reading: due.explain(),
                date: due.next(document.issue_date, today, cal).map_err(|e| e.to_string()),
            }
        })
        .collect())
}
