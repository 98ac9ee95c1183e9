//! Stray HTML in pasted cells (copied from a web page or a CMS: `<p>…</p>`, `<br>`, `&amp;`, `&nbsp;`)
//! becomes plain text with html2text — a real HTML parser, so entities are decoded, paragraph and `<br>`
//! breaks are kept and `<script>`/`<style>` contents do not leak. Only cells that look like HTML are
//! touched, so `<1分钟` or `A<B` stay as typed.

/// Tag names that mark a cell as HTML (an unknown `<WMS>` does not).
const TAGS: &[&str] = &[
    "p",
    "br",
    "div",
    "span",
    "b",
    "i",
    "u",
    "s",
    "em",
    "strong",
    "font",
    "a",
    "ul",
    "ol",
    "li",
    "table",
    "tbody",
    "thead",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "sup",
    "sub",
    "img",
    "hr",
    "section",
    "article",
    "blockquote",
    "pre",
    "code",
    "strike",
    "del",
    "ins",
    "small",
    "big",
    "center",
    "label",
    "o:p",
    "html",
    "body",
    "head",
    "style",
    "script",
    "meta",
    "title",
    "nobr",
    "wbr",
];

fn is_tag_at(s: &str) -> bool {
    // s starts just after '<'
    let s = s.strip_prefix('/').unwrap_or(s);
    if s.starts_with("!--") {
        return true;
    }
    let name: String = s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == ':').collect();
    if name.is_empty() {
        return false;
    }
    let rest = &s[name.len()..];
    // `<p>`, `<br/>`, or `<p class="x">` with its `>` before the next `<` or line end (so `A<B 且 C` is text).
    let ends_ok = rest.starts_with('>')
        || rest.starts_with("/>")
        || (rest.starts_with(|c: char| c.is_ascii_whitespace())
            && rest.find(['>', '<', '\n']).is_some_and(|p| rest[p..].starts_with('>')));
    ends_ok && TAGS.contains(&name.to_ascii_lowercase().as_str())
}

fn is_entity_at(s: &str) -> bool {
    // s starts just after '&'
    let body: String = s.chars().take(12).take_while(|&c| c != ';').collect();
    if body.len() == s.len().min(12) || !s[body.len()..].starts_with(';') || body.is_empty() {
        return false;
    }
    if let Some(num) = body.strip_prefix('#') {
        let num = num.strip_prefix(['x', 'X']).map_or(num.chars().all(|c| c.is_ascii_digit()), |h| {
            !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit())
        });
        return num && body.len() > 1;
    }
    body.chars().all(|c| c.is_ascii_alphanumeric())
}

/// True when the cell contains an HTML tag or an entity.
pub fn looks_like_html(s: &str) -> bool {
    if !s.contains(['<', '&']) {
        return false;
    }
    s.match_indices(['<', '&']).any(
        |(i, m)| {
            if m == "<" {
                is_tag_at(&s[i + 1..])
            } else {
                is_entity_at(&s[i + 1..])
            }
        },
    )
}

/// HTML → plain text: paragraphs and line breaks become '\n', entities decoded, no re-wrapping.
/// Falls back to the input unchanged if html2text fails.
pub fn to_text(s: &str) -> String {
    // A huge width: html2text must not re-wrap lines (the layout wraps at print time).
    const NO_WRAP: usize = 1 << 30;
    match html2text::config::plain_no_decorate().string_from_read(s.as_bytes(), NO_WRAP) {
        Ok(t) => t
            .replace('\u{a0}', " ")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        Err(_) => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection() {
        assert!(looks_like_html("<p>依托</p>"));
        assert!(looks_like_html("A&amp;B"));
        assert!(looks_like_html("第一行<br>第二行"));
        assert!(looks_like_html("x&#12288;y"));
        assert!(!looks_like_html("<1分钟"));
        assert!(!looks_like_html("A<B 且 C&D"));
        assert!(!looks_like_html("<WMS>系统"));
        assert!(looks_like_html("<p class=\"MsoNormal\">正文</p>"));
        assert!(!looks_like_html("若A<b 则"));
    }

    #[test]
    fn paragraphs_breaks_and_entities() {
        assert_eq!(
            to_text("<p>第一段&amp;说明</p><p>第二段<br>换行&nbsp;后</p>"),
            "第一段&说明\n第二段\n换行 后"
        );
        let long = "很长的一段文字".repeat(200);
        assert_eq!(to_text(&format!("<p>{long}</p>")), long);
    }
}
