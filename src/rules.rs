//! The data rules, once: what a document, a column set, an item, a unit and the print options may be.
//!
//! The store checks every write with these (an import, an edit in the desktop, an undo, a bundle), the
//! exports and the layout take their limits from here, and the desktop shell and the CLI call nothing of
//! their own: before, the shell had its own copies with other values (事项 500 characters against the
//! store's 10,000, 30 columns against 20, body size up to 22 pt against the layout's 16), so an item the
//! importer had created could not be saved again after editing. Messages are Chinese and name the field.

use crate::error::{Error, Result};
use crate::model::{Column, DocumentDraft, ItemDraft};

/// Longest text in one field (a 1 MB cell is fine; a runaway paste is refused).
pub const MAX_FIELD_CHARS: usize = 2_000_000;
/// Longest document title.
pub const MAX_TITLE_CHARS: usize = 500;
/// Longest 事项 and 复制推广范围.
pub const MAX_ITEM_TITLE_CHARS: usize = 10_000;
/// Longest 分管领导 and 完成时限 text.
pub const MAX_SHORT_FIELD_CHARS: usize = 1_000;
/// Most columns a table may have (an annex has 4–8; the page could not hold more than this).
pub const MAX_COLUMNS: usize = 20;
/// Longest column label.
pub const MAX_COLUMN_LABEL_CHARS: usize = 40;
/// Longest unit name or alias, and full name.
pub const MAX_UNIT_NAME_CHARS: usize = 100;
pub const MAX_UNIT_FULL_NAME_CHARS: usize = 200;
/// Most aliases of one unit.
pub const MAX_ALIASES: usize = 100;
/// Most units one item may name.
pub const MAX_UNITS_PER_ITEM: usize = 200;
/// Body sizes the annex may be set in: 五号 (10.5 pt) to 3号 (16 pt), as GB/T 9704 tables are.
pub const BODY_SIZE_MIN: f32 = 10.5;
pub const BODY_SIZE_MAX: f32 = 16.0;
/// The named body sizes one chooses from (pt, Chinese name), largest first: the sizes GB/T 9704 documents
/// and their annex tables use, all within [`BODY_SIZE_MIN`]..=[`BODY_SIZE_MAX`]. The desktop's select and
/// the CLI's `--size` both offer these ([`named_body_size`]).
pub const BODY_SIZES: [(f32, &str); 5] =
    [(16.0, "三号"), (15.0, "小三"), (14.0, "四号"), (12.0, "小四"), (10.5, "五号")];
/// Longest 附件 label (“附件”“附件1”).
pub const MAX_ANNEX_LABEL_CHARS: usize = 20;
/// Longest custom 序号 label.
pub const MAX_NUMBER_LABEL_CHARS: usize = 20;
/// Page numbers a first page may carry.
pub const FIRST_PAGE_MAX: u32 = 9999;
/// Longest 发文字号.
pub const MAX_DOC_NUMBER_CHARS: usize = 100;
/// Longest search text, and most hits one search returns.
pub const MAX_QUERY_CHARS: usize = 200;
pub const MAX_SEARCH_HITS: usize = 1000;
/// Most backups kept by count, and most weeks of weekly backups (the backup policy).
pub const BACKUP_KEEP_LAST_MAX: u32 = 500;
pub const BACKUP_KEEP_WEEKS_MAX: u32 = 260;
/// Largest relative width of one column.
pub const COLUMN_WIDTH_MAX: f32 = 100.0;
/// Largest file (or pasted text) one import reads: a real annex is well under 1 MB as text and a few MB as
/// an office file with pictures.
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;
/// Most cells a pasted text or CSV file may have in all (100,000 rows of 10 columns); checked before its
/// records are built, so a dense file under the size cap cannot take gigabytes.
pub const MAX_IMPORT_CELLS: usize = 1_000_000;
/// Most rows one import may bring.
pub const MAX_IMPORT_ROWS: usize = 100_000;

/// Refuses a field longer than `max` characters, naming it.
pub fn check_len(field: &str, text: &str, max: usize) -> Result<()> {
    // Bytes bound characters from above: counting a huge text is slow, so only count when it could be over.
    if text.len() > max {
        let n = text.chars().count();
        if n > max {
            return Err(Error::invalid(format!("“{field}”过长：{n} 字，最多 {max} 字")));
        }
    }
    Ok(())
}

/// A document's title, label, number, notes and columns.
pub fn document(d: &DocumentDraft) -> Result<()> {
    if d.title.trim().is_empty() {
        return Err(Error::invalid("文档标题不能为空"));
    }
    check_len("标题", &d.title, MAX_TITLE_CHARS)?;
    if d.annex_label.trim().is_empty() {
        return Err(Error::invalid("附件标签不能为空（如“附件”“附件1”）"));
    }
    check_len("附件标签", &d.annex_label, MAX_ANNEX_LABEL_CHARS)?;
    if let Some(n) = &d.doc_number {
        check_len("发文字号", n, MAX_DOC_NUMBER_CHARS)?;
    }
    check_len("备注", &d.notes, MAX_FIELD_CHARS)?;
    columns(&d.columns)
}

/// A table's columns: at least one, at most [`MAX_COLUMNS`], labelled, positive widths, no kind twice.
pub fn columns(cols: &[Column]) -> Result<()> {
    if cols.is_empty() {
        return Err(Error::invalid("表格至少要有一列"));
    }
    if cols.len() > MAX_COLUMNS {
        return Err(Error::invalid(format!("表格最多 {MAX_COLUMNS} 列（现有 {} 列）", cols.len())));
    }
    for (i, c) in cols.iter().enumerate() {
        if c.label.trim().is_empty() {
            return Err(Error::invalid(format!("第 {} 列的表头不能为空", i + 1)));
        }
        check_len("表头", &c.label, MAX_COLUMN_LABEL_CHARS)?;
        if !(c.width.is_finite() && c.width > 0.0 && c.width <= COLUMN_WIDTH_MAX) {
            return Err(Error::invalid(format!(
                "第 {} 列“{}”的宽度须为 0 到 100 之间的正数",
                i + 1,
                c.label
            )));
        }
        if cols[..i].iter().any(|o| o.kind == c.kind) {
            return Err(Error::invalid(format!("第 {} 列“{}”与前面的列重复", i + 1, c.label)));
        }
    }
    Ok(())
}

/// An item or heading row. An item needs 事项 or 主要内容 (importers create items with 主要内容 only, and
/// such an item must stay editable and its deletion undoable); a heading needs its text.
pub fn item(d: &ItemDraft) -> Result<()> {
    if d.title.trim().is_empty() && d.content.trim().is_empty() {
        return Err(Error::invalid(if d.is_heading {
            "分组标题不能为空"
        } else {
            "“事项”和“主要内容”不能都为空"
        }));
    }
    check_len("事项", &d.title, MAX_ITEM_TITLE_CHARS)?;
    check_len("主要内容", &d.content, MAX_FIELD_CHARS)?;
    check_len("复制推广范围", &d.scope, MAX_ITEM_TITLE_CHARS)?;
    check_len("分管领导", &d.leader, MAX_SHORT_FIELD_CHARS)?;
    check_len("完成时限", &d.deadline_text, MAX_SHORT_FIELD_CHARS)?;
    check_len("备注", &d.notes, MAX_FIELD_CHARS)?;
    if let Some(l) = &d.number_label {
        check_len("序号", l, MAX_NUMBER_LABEL_CHARS)?;
    }
    for (k, v) in &d.custom {
        check_len("自定义列名", k, MAX_COLUMN_LABEL_CHARS)?;
        check_len(k, v, MAX_FIELD_CHARS)?;
    }
    if d.units.len() > MAX_UNITS_PER_ITEM {
        return Err(Error::invalid(format!("一个事项最多关联 {MAX_UNITS_PER_ITEM} 个单位")));
    }
    for u in &d.units {
        check_len("单位名称", u.name.trim(), MAX_UNIT_NAME_CHARS)?;
    }
    Ok(())
}

/// A unit name or alias, trimmed; refused when empty or too long.
pub fn unit_name(name: &str) -> Result<String> {
    let n = name.trim();
    if n.is_empty() {
        return Err(Error::invalid("单位名称不能为空"));
    }
    check_len("单位名称", n, MAX_UNIT_NAME_CHARS)?;
    Ok(n.to_string())
}

/// A unit's full name and aliases (the name itself: [`unit_name`]).
pub fn unit_details(full_name: Option<&str>, aliases: &[String]) -> Result<()> {
    if let Some(f) = full_name {
        check_len("单位全称", f, MAX_UNIT_FULL_NAME_CHARS)?;
    }
    if aliases.len() > MAX_ALIASES {
        return Err(Error::invalid(format!("别称过多（{} 个），最多 {MAX_ALIASES} 个", aliases.len())));
    }
    for a in aliases {
        check_len("别称", a.trim(), MAX_UNIT_NAME_CHARS)?;
    }
    Ok(())
}

/// The body size of a printed or exported annex.
pub fn body_size(s: f32) -> Result<()> {
    if !(s.is_finite() && (BODY_SIZE_MIN..=BODY_SIZE_MAX).contains(&s)) {
        return Err(Error::invalid(format!(
            "正文字号 {s} 磅无效：应在 {BODY_SIZE_MIN}（五号）到 {BODY_SIZE_MAX}（3号）磅之间"
        )));
    }
    Ok(())
}

/// A body size given as points (`16`, `10.5`, `14pt`) or by its name (`三号`, `3号`, `小四`, `五号` …): one
/// of [`BODY_SIZES`].
pub fn named_body_size(s: &str) -> Result<f32> {
    let t = s.trim();
    let t = t.strip_suffix("pt").unwrap_or(t).trim();
    let digits = |name: &str| name.replace('三', "3").replace('四', "4").replace('五', "5");
    for (pt, name) in BODY_SIZES {
        let short = name.trim_end_matches('号');
        if t.parse::<f32>().is_ok_and(|v| v == pt)
            || [name.to_string(), format!("{name}号"), digits(name), digits(short)].iter().any(|n| n == t)
        {
            return Ok(pt);
        }
    }
    let choices: Vec<String> = BODY_SIZES.iter().map(|(pt, name)| format!("{pt}（{name}）")).collect();
    Err(Error::invalid(format!("字号“{s}”无效：可选 {}", choices.join("、"))))
}

/// The number printed on the first page.
pub fn first_page(n: u32) -> Result<()> {
    if !(1..=FIRST_PAGE_MAX).contains(&n) {
        return Err(Error::invalid(format!("起始页码 {n} 无效：应在 1 到 {FIRST_PAGE_MAX} 之间")));
    }
    Ok(())
}

/// The print options a user chose, as the rules see them (implemented by `layout::LayoutOptions`): a trait
/// rather than the layout's type so that the rules, which the layout reads, do not depend on the layout.
pub trait PrintChoices {
    fn body_size(&self) -> f32;
    fn first_page_number(&self) -> u32;
    fn doc_number(&self) -> Option<&str>;
}

/// The print options a user chose: body size, first page number, 发文字号.
pub fn layout_options(o: &impl PrintChoices) -> Result<()> {
    body_size(o.body_size())?;
    first_page(o.first_page_number())?;
    check_len("发文字号", o.doc_number().unwrap_or(""), MAX_DOC_NUMBER_CHARS)
}

/// A search: the text's length.
pub fn query(q: &str) -> Result<()> {
    check_len("检索词", q, MAX_QUERY_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{default_columns, ItemDraft};

    #[test]
    fn an_item_with_content_but_no_title_is_valid_and_limits_are_the_stores() {
        let mut d = ItemDraft { content: "只有主要内容".into(), ..Default::default() };
        item(&d).unwrap();
        d.title = "事".repeat(600); // the shell used to refuse over 500
        item(&d).unwrap();
        d.title = "事".repeat(MAX_ITEM_TITLE_CHARS + 1);
        assert!(item(&d).unwrap_err().to_string().contains("事项"));
    }

    #[test]
    fn body_sizes_are_the_layouts() {
        body_size(10.5).unwrap();
        body_size(16.0).unwrap();
        for bad in [10.0, 16.5, 22.0, f32::NAN] {
            assert!(body_size(bad).unwrap_err().to_string().contains("五号"), "{bad}");
        }
    }

    #[test]
    fn named_body_sizes_are_allowed_sizes_and_parse_by_name() {
        for (pt, name) in BODY_SIZES {
            body_size(pt).unwrap();
            assert_eq!(named_body_size(name).unwrap(), pt);
            assert_eq!(named_body_size(&format!("{pt}pt")).unwrap(), pt);
        }
        assert_eq!(named_body_size("3号").unwrap(), 16.0);
        assert_eq!(named_body_size("3").unwrap(), 16.0);
        assert_eq!(named_body_size("小四号").unwrap(), 12.0);
        assert_eq!(named_body_size("5号").unwrap(), 10.5);
        let e = named_body_size("13").unwrap_err().to_string();
        assert!(e.contains("10.5（五号）") && e.contains("16（三号）"), "{e}");
    }

    #[test]
    fn labels_are_capped() {
        let mut d = ItemDraft {
            title: "事".into(),
            number_label: Some("1".repeat(MAX_NUMBER_LABEL_CHARS)),
            ..Default::default()
        };
        item(&d).unwrap();
        d.number_label = Some("1".repeat(MAX_NUMBER_LABEL_CHARS + 1));
        assert!(item(&d).unwrap_err().to_string().contains("序号"));
    }

    #[test]
    fn columns_are_capped_at_twenty() {
        let cols = default_columns();
        columns(&cols).unwrap();
        let many: Vec<_> = (0..MAX_COLUMNS + 1)
            .map(|i| Column {
                kind: crate::model::ColumnKind::Custom(format!("列{i}")),
                label: format!("列{i}"),
                width: 5.0,
                fixed: false,
            })
            .collect();
        assert!(columns(&many).unwrap_err().to_string().contains("最多 20 列"));
    }
}
