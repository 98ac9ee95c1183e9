//! The table's rows as texts, from the items and the column set (both entry points build them).

use crate::layout::table::{TableColumn, TableRow};
use crate::model::{ColumnKind, Document, Item};

// The table description both entry points build

/// Builds the table of an annex from a document and its items; `extra` inserts a caller column.
pub(crate) fn table_rows(
    doc: &Document,
    items: &[Item],
    numbers: &[String],
    columns: &[TableColumn],
    extra: Option<(usize, &[String])>,
) -> Vec<TableRow> {
    items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let number = numbers.get(i).cloned().unwrap_or_default();
            if it.is_heading {
                // The heading's text is its title; a content, if any, follows as a paragraph (nothing is lost).
                let text = match (it.title.trim().is_empty(), it.content.trim().is_empty()) {
                    (false, false) => format!("{}\n{}", it.title.trim_end(), it.content),
                    (false, true) => it.title.clone(),
                    _ => it.content.clone(),
                };
                return TableRow { item: i, heading: true, number, cells: Vec::new(), heading_text: text };
            }
            let mut cells = Vec::with_capacity(columns.len());
            let mut doc_col = 0;
            for (ci, _c) in columns.iter().enumerate() {
                if let Some((at, values)) = extra {
                    if ci == at {
                        cells.push(values.get(i).cloned().unwrap_or_default());
                        continue;
                    }
                }
                let kind = &doc.columns[doc_col].kind;
                doc_col += 1;
                cells.push(match kind {
                    ColumnKind::Number => number.clone(),
                    k => it.cell_text(k),
                });
            }
            TableRow { item: i, heading: false, number, cells, heading_text: String::new() }
        })
        .collect()
}
