//! Full-text search over 事项, 主要内容, units and scope.
//!
//! FTS5's `trigram` tokenizer finds any 3+ character substring (Chinese has no spaces to tokenize on).
//! It cannot answer 1–2 character queries (`税务`), so those fall back to `LIKE` over the same indexed
//! text. The query is always a bound parameter, quoted as one FTS phrase, so `"`, `-`, `:` or `OR` in
//! user input are plain text.

use rusqlite::{params_from_iter, types::Value, Connection, OptionalExtension};

use super::Store;
use crate::error::Result;
use crate::model::{ItemId, Role, SearchFilter, SearchHit};

/// Marks the start and end of a match in [`SearchHit::snippet`].
pub const MARK_START: char = '\u{2}';
pub const MARK_END: char = '\u{3}';

/// Rewrites an item's row in the search index (its units' names included).
pub(crate) fn refresh_fts(conn: &Connection, item: ItemId) -> Result<()> {
    conn.prepare_cached("DELETE FROM items_fts WHERE rowid = ?1")?.execute([item])?;
    conn.prepare_cached(
        "INSERT INTO items_fts (rowid, title, content, units, scope)
         SELECT i.id, i.title, i.content,
                coalesce((SELECT group_concat(u.name, '、') FROM
                          (SELECT u.name FROM assignments a JOIN units u ON u.id = a.unit_id
                           WHERE a.item_id = i.id ORDER BY a.role, a.ord) u), ''),
                i.scope
         FROM items i WHERE i.id = ?1",
    )?
    .execute([item])?;
    Ok(())
}

/// FTS5 phrase query for a user string: the whole input as one phrase, `"` doubled.
fn phrase(q: &str) -> String {
    format!("\"{}\"", q.replace('"', "\"\""))
}

/// `LIKE` pattern matching `q` anywhere, with `%`, `_` and the escape character escaped.
fn like_pattern(q: &str) -> String {
    let mut s = String::with_capacity(q.len() + 2);
    s.push('%');
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('%');
    s
}

/// A window of text around the first occurrence of `q`, with the match marked.
fn make_snippet(text: &str, q: &str) -> String {
    const AROUND: usize = 20;
    let chars: Vec<char> = text.chars().collect();
    let fold = |c: &char| c.to_lowercase().next().unwrap_or(*c);
    let needle: Vec<char> = q.chars().map(|c| fold(&c)).collect();
    let lower: Vec<char> = chars.iter().map(fold).collect();
    let at = chars
        .len()
        .checked_sub(needle.len())
        .and_then(|last| (0..=last).find(|&i| lower[i..].starts_with(&needle)));
    let Some(at) = at else {
        return chars.iter().take(2 * AROUND).collect();
    };
    let start = at.saturating_sub(AROUND);
    let end = (at + needle.len() + AROUND).min(chars.len());
    let mut s = String::new();
    if start > 0 {
        s.push('…');
    }
    s.extend(&chars[start..at]);
    s.push(MARK_START);
    s.extend(&chars[at..at + needle.len()]);
    s.push(MARK_END);
    s.extend(&chars[at + needle.len()..end]);
    if end < chars.len() {
        s.push('…');
    }
    s
}

impl Store {
    /// Items matching `query` (any of 事项, 主要内容, units, scope) and the filters, in document order.
    /// An empty query lists the items the filters select.
    pub fn search(&self, query: &str, filter: &SearchFilter, limit: usize) -> Result<Vec<SearchHit>> {
        let q = query.trim();
        let mut args: Vec<Value> = Vec::new();
        let mut wheres = vec!["d.deleted_at IS NULL".to_string()];
        let use_fts = q.chars().count() >= 3;
        if use_fts {
            args.push(Value::Text(phrase(q)));
            wheres.push(format!("items_fts MATCH ?{}", args.len()));
        } else if !q.is_empty() {
            args.push(Value::Text(like_pattern(q)));
            let n = args.len();
            wheres.push(format!(
                "(f.title LIKE ?{n} ESCAPE '\\' OR f.content LIKE ?{n} ESCAPE '\\' OR f.units LIKE ?{n} ESCAPE '\\' OR f.scope LIKE ?{n} ESCAPE '\\')"
            ));
        }
        if let Some(doc) = filter.document_id {
            args.push(Value::Integer(doc));
            wheres.push(format!("i.document_id = ?{}", args.len()));
        }
        // The unit asked about: the filter's, or else units whose name contains the query (with a role
        // filter, or to show the roles on each hit).
        let about_unit = match filter.unit_id {
            Some(unit) => {
                args.push(Value::Integer(unit));
                format!("a.unit_id = ?{}", args.len())
            }
            // A query that names no unit (`试点`) is about the items' text: the role is then any unit's.
            None if !q.is_empty() && self.names_a_unit(q)? => {
                args.push(Value::Text(q.to_string()));
                format!("a.unit_id IN (SELECT id FROM units WHERE instr(name, ?{}) > 0)", args.len())
            }
            None => "1".to_string(),
        };
        if let Some(role) = filter.role {
            args.push(Value::Text(role.as_str().to_string()));
            wheres.push(format!(
                "EXISTS (SELECT 1 FROM assignments a WHERE a.item_id = i.id AND {about_unit} AND a.role = ?{})",
                args.len()
            ));
        } else if filter.unit_id.is_some() {
            wheres.push(format!(
                "EXISTS (SELECT 1 FROM assignments a WHERE a.item_id = i.id AND {about_unit})"
            ));
        }
        if let Some(scope) = filter.scope.as_deref().filter(|s| !s.trim().is_empty()) {
            args.push(Value::Text(scope.trim().to_string()));
            wheres.push(format!("i.scope = ?{}", args.len()));
        }
        args.push(Value::Integer(limit.min(100_000) as i64));
        let sql = format!(
            "SELECT i.id, i.document_id, d.title, i.position, i.title, f.title, f.content, f.units, f.scope
             FROM items_fts f JOIN items i ON i.id = f.rowid JOIN documents d ON d.id = i.document_id
             WHERE {} ORDER BY d.id, i.position LIMIT ?{}",
            wheres.join(" AND "),
            args.len()
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(params_from_iter(args.iter()), |r| {
            let fields: [String; 4] = [r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?];
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                fields,
            ))
        })?;
        let lower_q = q.to_lowercase();
        let mut hits = Vec::new();

        for row in rows {
            let (item_id, document_id, document_title, position, title, fields) = row?;
            let snippet = if q.is_empty() {
                title.clone()
            } else {
                let field = fields.iter().find(|f| f.to_lowercase().contains(&lower_q)).unwrap_or(&fields[1]);
                make_snippet(field, q)
            };
            hits.push(SearchHit {
                item_id,
                document_id,
                document_title,
                position,
                title,
                snippet,
                roles: Vec::new(),
            });
        }
        drop(st);
        let (unit_cond, unit_arg) = match filter.unit_id {
            Some(unit) => ("a.unit_id = ?2", Value::Integer(unit)),
            None if !q.is_empty() && self.names_a_unit(q)? => {
                ("a.unit_id IN (SELECT id FROM units WHERE instr(name, ?2) > 0)", Value::Text(q.to_string()))
            }
            None => return Ok(hits),
        };
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT DISTINCT a.role FROM assignments a WHERE a.item_id = ?1 AND {unit_cond}"
        ))?;
        for hit in &mut hits {
            let roles = st.query_map(rusqlite::params![hit.item_id, unit_arg], |r| r.get::<_, String>(0))?;
            hit.roles =
                roles.collect::<rusqlite::Result<Vec<_>>>()?.iter().filter_map(|r| Role::parse(r)).collect();
            hit.roles.sort();
        }
        Ok(hits)
    }

    /// True when some unit's name contains `q`.
    fn names_a_unit(&self, q: &str) -> Result<bool> {
        let hit: Option<i64> = self
            .conn
            .prepare_cached("SELECT 1 FROM units WHERE instr(name, ?1) > 0 LIMIT 1")?
            .query_row([q], |r| r.get(0))
            .optional()?;
        Ok(hit.is_some())
    }

    /// Distinct 复制推广范围 values in use, most used first (presets for the editor and the filter).
    pub fn scopes(&self) -> Result<Vec<(String, i64)>> {
        let mut st = self.conn.prepare(
            "SELECT i.scope, count(*) FROM items i JOIN documents d ON d.id = i.document_id
             WHERE d.deleted_at IS NULL AND i.scope <> '' GROUP BY i.scope ORDER BY count(*) DESC, i.scope",
        )?;
        let v = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_marks_the_match() {
        let s = make_snippet("省税务局、深圳市税务局", "税务");
        assert_eq!(s, format!("省{MARK_START}税务{MARK_END}局、深圳市税务局"));
    }

    #[test]
    fn like_pattern_escapes_wildcards() {
        assert_eq!(like_pattern("5%_\\"), "%5\\%\\_\\\\%");
        assert_eq!(phrase("a\"b"), "\"a\"\"b\"");
    }
}
