//! serde_json's messages in Chinese. serde_json reports only English text; staff need to know what is
//! wrong in words they read, so the common messages are translated and anything else is kept with a
//! Chinese lead-in.

/// The message of a serde_json error without its " at line L column C" suffix, in Chinese.
pub fn message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let msg = match full.rfind(" at line ") {
        Some(i) if e.line() > 0 => &full[..i],
        _ => full.as_str(),
    };
    translate(msg)
}

fn translate(msg: &str) -> String {
    let fixed = match msg {
        "EOF while parsing a list"
        | "EOF while parsing an object"
        | "EOF while parsing a string"
        | "EOF while parsing a value"
        | "EOF while parsing" => "文件在这里意外结束，内容不完整（可能没有保存完或被截断）",
        "expected `:`" => "这里应为冒号“:”",
        "expected `,` or `]`" => "这里应为逗号“,”或右方括号“]”",
        "expected `,` or `}`" => "这里应为逗号“,”或右花括号“}”",
        "expected ident" => "这里有无法识别的词（只能是 true、false 或 null）",
        "expected value" => "这里应为一个值（文字、数字、true/false、null、列表或对象）",
        "expected `\"`" => "这里应为双引号“\"”",
        "invalid escape" => "文字中有无效的转义符（反斜杠“\\”后的字符不合规定）",
        "invalid number" => "数字写法不对",
        "number out of range" => "数字超出范围",
        "invalid unicode code point" => "文件含有无效的字符编码（应为 UTF-8）",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "文字中含有控制字符（换行须写作 \\n）"
        }
        "key must be a string" => "对象的键必须是带双引号的文字",
        "trailing comma" => "最后一项后面多了逗号",
        "trailing characters" => "JSON 内容结束后还有多余的字符",
        "recursion limit exceeded" => "嵌套层次太深",
        "lone leading surrogate in hex escape" | "unexpected end of hex escape" => "文字中有无效的 \\u 转义",
        _ => "",
    };
    if !fixed.is_empty() {
        return fixed.to_string();
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("缺少必填字段 {}", ticked(rest));
    }
    if let Some(rest) = msg.strip_prefix("duplicate field ") {
        return format!("字段 {} 重复出现", ticked(rest));
    }
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let (name, expected) = split_expected(rest);
        return format!("未知字段 {}（本版本可用的字段：{}）", ticked(name), list(expected));
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let (name, expected) = split_expected(rest);
        return format!("取值 {} 无效，只能是：{}", ticked(name), list(expected));
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = split_expected(rest);
        return format!("类型不对：应为{}，这里是{}", kind(expected), found_kind(found));
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        let (found, expected) = split_expected(rest);
        return format!("取值不对：应为{}，这里是{}", kind(expected), found_kind(found));
    }
    if let Some(rest) = msg.strip_prefix("invalid length ") {
        let (n, expected) = split_expected(rest);
        return format!("长度 {n} 不对，应为 {expected}");
    }
    if !msg.is_ascii() {
        // Our own messages (dates) are already Chinese.
        return msg.to_string();
    }
    format!("内容不符合格式（{msg}）")
}

/// `x, expected y` → (`x`, `y`).
fn split_expected(s: &str) -> (&str, &str) {
    match s.find(", expected ") {
        Some(i) => (&s[..i], &s[i + ", expected ".len()..]),
        None => (s, ""),
    }
}

/// `` `name` `` → “name”.
fn ticked(s: &str) -> String {
    format!("“{}”", s.trim().trim_matches('`'))
}

/// `` one of `a`, `b` `` or `` `a` `` → a、b.
fn list(s: &str) -> String {
    let s = s.strip_prefix("one of ").unwrap_or(s);
    if s == "there are no fields" || s.is_empty() {
        return "无".to_string();
    }
    s.split(", ").map(|p| p.trim().trim_matches('`')).collect::<Vec<_>>().join("、")
}

/// What serde expected, in words.
fn kind(expected: &str) -> String {
    let e = expected.trim();
    let w = match e {
        "a string" | "string" => "文字（带双引号）",
        "a boolean" | "bool" => "布尔值 true 或 false",
        "a sequence" => "列表 [ … ]",
        "a map" => "对象 { … }",
        "f32" | "f64" => "数字",
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" => "整数",
        _ if e.starts_with("struct ") => "对象 { … }",
        _ if e.starts_with("enum ") || e.starts_with("variant identifier") => "规定的取值之一（文字）",
        _ if e.starts_with("option") => "值或 null",
        _ => return e.to_string(),
    };
    w.to_string()
}

/// What serde found (`integer `5``, `string "x"`, `map` …), in words.
fn found_kind(found: &str) -> String {
    let f = found.trim();
    let value = |p: &str| f.strip_prefix(p).map(|v| v.trim().trim_matches('`').to_string());
    if let Some(v) = value("integer ") {
        return format!("整数 {v}");
    }
    if let Some(v) = value("floating point ") {
        return format!("数字 {v}");
    }
    if let Some(v) = value("boolean ") {
        return v;
    }
    if let Some(v) = f.strip_prefix("string ") {
        return format!("文字 {v}");
    }
    match f {
        "map" => "对象 { … }".into(),
        "sequence" => "列表 [ … ]".into(),
        "null" => "null（空）".into(),
        "unit" => "null（空）".into(),
        _ => f.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn common_messages_read_in_chinese() {
        assert_eq!(translate("missing field `title`"), "缺少必填字段 “title”");
        assert_eq!(
            translate("unknown variant `leed`, expected one of `lead`, `cooperating`, `responsible`"),
            "取值 “leed” 无效，只能是：lead、cooperating、responsible"
        );
        assert_eq!(
            translate("invalid type: integer `5`, expected a string"),
            "类型不对：应为文字（带双引号），这里是整数 5"
        );
        assert!(translate("EOF while parsing an object").contains("意外结束"));
        assert!(translate("something new").starts_with("内容不符合格式"));
    }
}
