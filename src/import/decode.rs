//! Bytes → text. Staff files come as UTF-8 (with or without BOM), UTF-16 with BOM (Notepad's "Unicode"),
//! or GBK/GB18030 (Chinese Windows). `encoding_rs` does the decoding; we only choose the candidate and refuse
//! anything that is not text, so a binary file never turns into mojibake.

use std::path::PathBuf;

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

use crate::error::{Error, Result};

/// Decoded text with '\n' line ends, and the name of the encoding it was read in (for the report).
pub struct Decoded {
    pub text: String,
    pub encoding: String,
}

fn file_error(source: &str, message: impl Into<String>) -> Error {
    Error::File { path: PathBuf::from(source), message: message.into() }
}

/// A hint for well-known binary formats staff drop by mistake.
fn binary_hint(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"PK\x03\x04") {
        "（看起来是 Word/Excel/WPS 文档 .docx/.xlsx 或压缩包）"
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "（看起来是旧版 Word/Excel 文档 .doc/.xls/.wps）"
    } else if bytes.starts_with(b"%PDF") {
        "（看起来是 PDF 文件）"
    } else {
        ""
    }
}

fn not_text(source: &str, bytes: &[u8]) -> Error {
    file_error(
        source,
        format!(
            "不是文本文件{}，无法导入。请在 Word/WPS 或网页中选中整张表格复制，粘贴到记事本后保存为文本文件再导入。",
            binary_hint(bytes)
        ),
    )
}

/// Control characters that never occur in pasted text (tab, line ends, vertical tab and form feed do).
fn has_binary_controls(text: &str) -> bool {
    text.chars().any(|c| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r' | '\x0b' | '\x0c'))
}

/// Decodes `bytes`, detecting the encoding. Errors name the file.
pub fn decode(bytes: &[u8], source: &str) -> Result<Decoded> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(file_error(
            source,
            "文件是空的，没有可导入的内容。请把附件（标题和表格）复制进文件后再导入。",
        ));
    }
    let (text, encoding): (String, String) = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let name = if enc == UTF_8 {
            "UTF-8（带 BOM）"
        } else if enc == UTF_16LE {
            "UTF-16LE（带 BOM）"
        } else if enc == UTF_16BE {
            "UTF-16BE（带 BOM）"
        } else {
            enc.name()
        };
        match enc.decode_without_bom_handling_and_without_replacement(body) {
            Some(t) => (t.into_owned(), name.to_string()),
            None => {
                return Err(file_error(
                    source,
                    format!("文件开头标明是 {name} 编码，但内容不符合该编码（文件可能已损坏），无法导入。"),
                ))
            }
        }
    } else {
        if let Some(enc) = utf16_without_bom(bytes) {
            match enc.decode_without_bom_handling_and_without_replacement(bytes) {
                Some(t) => (t.into_owned(), format!("{}（无 BOM）", enc.name())),
                None => return Err(not_text(source, bytes)),
            }
        } else if bytes.contains(&0) {
            return Err(not_text(source, bytes));
        } else if let Ok(t) = std::str::from_utf8(bytes) {
            (t.to_string(), "UTF-8".to_string())
        } else if let Some(t) = GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
            (t.into_owned(), "GB18030（GBK）".to_string())
        } else {
            return Err(file_error(
                source,
                format!(
                    "无法识别文件的文字编码（既不是 UTF-8，也不是 GBK/GB18030）{}，无法导入。请用记事本打开后另存为 UTF-8 再导入。",
                    binary_hint(bytes)
                ),
            ));
        }
    };
    if text.contains('\0') || has_binary_controls(&text) {
        return Err(not_text(source, bytes));
    }
    let text = normalise_line_ends(text);
    if text.trim().is_empty() {
        return Err(file_error(
            source,
            "文件是空的，没有可导入的内容。请把附件（标题和表格）复制进文件后再导入。",
        ));
    }
    Ok(Decoded { text, encoding })
}

/// UTF-16 saved without a BOM: even length, and the NUL bytes (high bytes of ASCII characters such as
/// tabs, digits and line ends) nearly all on one side of the code units, in at least one unit in fifty.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in bytes.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1
            } else {
                odd += 1
            }
        }
    }
    let units = bytes.len() / 2;
    // (Chinese characters such as 一 U+4E00 have a NUL low byte, so the other side has some too; the decoded
    // text is still checked for control characters.)
    if odd * 50 >= units && even * 3 <= odd {
        Some(UTF_16LE)
    } else if even * 50 >= units && odd * 3 <= even {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// CRLF and lone CR become LF.
fn normalise_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}
