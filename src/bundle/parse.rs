//! Reading a bundle: size limit, then the `format` marker and `version` (a tiny struct, so a file from a
//! newer Fengong is refused with a clear message even if the rest of its structure changed), then the
//! whole file with the field path tracked (`serde_path_to_error`), then the semantic checks.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{validate, zh, Bundle, BUNDLE_FORMAT, MAX_BUNDLE_BYTES};
use crate::error::{Error, Result};

/// Reads and checks a bundle file; a file over [`MAX_BUNDLE_BYTES`] is refused before it is read.
pub fn read(path: &Path) -> Result<Bundle> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    check_size(meta.len(), path)?;
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse(&bytes, &path.display().to_string())
}

/// Parses and checks a bundle. `source` names the file in error messages.
pub fn parse(bytes: &[u8], source: &str) -> Result<Bundle> {
    check_size(bytes.len() as u64, Path::new(source))?;
    // Windows Notepad saves UTF-8 with a byte-order mark.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(file(source, "文件是空的，不是分工数据包".into()));
    }
    check_header(bytes, source)?;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let bundle: Bundle = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let field = e.path().to_string();
        at(bytes, source, &field, e.into_inner())
    })?;
    de.end().map_err(|e| at(bytes, source, "顶层", e))?;
    validate(&bundle, source)?;
    Ok(bundle)
}

fn check_size(len: u64, path: &Path) -> Result<()> {
    if len > MAX_BUNDLE_BYTES {
        return Err(Error::File {
            path: path.to_path_buf(),
            message: format!(
                "文件过大（{:.1} MB），上限 64 MB；分工数据包通常只有几百 KB，请确认选对了文件",
                len as f64 / (1024.0 * 1024.0)
            ),
        });
    }
    Ok(())
}

/// Only the two fields every version has; everything else is skipped (but must still be valid JSON).
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: Option<serde_json::Value>,
    #[serde(default)]
    version: Option<serde_json::Value>,
}

fn check_header(bytes: &[u8], source: &str) -> Result<()> {
    let header: Header = match serde_json::from_slice(bytes) {
        Ok(h) => h,
        Err(e) if e.is_data() => {
            return Err(file(source, "不是分工数据包：内容应是一个以 { 开始的 JSON 对象".into()));
        }
        Err(e) => {
            // Broken JSON: the full read names the field path where it broke.
            let mut de = serde_json::Deserializer::from_slice(bytes);
            if let Err(pe) = serde_path_to_error::deserialize::<_, Bundle>(&mut de) {
                let field = pe.path().to_string();
                return Err(at(bytes, source, &field, pe.into_inner()));
            }
            return Err(at(bytes, source, "顶层", e));
        }
    };
    match &header.format {
        Some(serde_json::Value::String(f)) if f == BUNDLE_FORMAT => {}
        Some(other) => {
            return Err(file(
                source,
                format!("不是分工数据包：format 为 {other}，应为 \"{BUNDLE_FORMAT}\"（可能选错了文件）"),
            ))
        }
        None => {
            return Err(file(
                source,
                format!("不是分工数据包：缺少标记 \"format\": \"{BUNDLE_FORMAT}\"（可能选错了文件）"),
            ))
        }
    }
    match header.version.as_ref().map(|v| v.as_u64()) {
        None => Err(file(source, "缺少格式版本 \"version\"".into())),
        Some(None) => {
            Err(file(source, format!("格式版本 \"version\" 应为正整数，这里是 {}", header.version.unwrap())))
        }
        Some(Some(v)) => validate::check_version(v, source),
    }
}

fn file(source: &str, message: String) -> Error {
    Error::File { path: PathBuf::from(source), message }
}

/// An error at serde_json's position, with the column counted in characters (serde_json counts bytes,
/// which is three per Chinese character).
fn at(bytes: &[u8], source: &str, field: &str, e: serde_json::Error) -> Error {
    let (line, byte_col) = (e.line(), e.column());
    // serde_path_to_error writes "?" where the key could not be read (a syntax error at the key).
    let field = match field {
        "" | "." | "?" => "顶层".to_string(),
        f => f.trim_end_matches(".?").to_string(),
    };
    if line == 0 {
        return Error::InField { path: source.into(), field, message: zh::message(&e) };
    }
    let start = line_start(bytes, line);
    let end = (start + byte_col).min(bytes.len());
    let column = bytes[start..end].iter().filter(|b| (**b & 0xC0) != 0x80).count();
    if e.is_eof() {
        // The file stops in the middle (column 0 of a line past the last one would mean nothing).
        return Error::AtLine {
            path: source.into(),
            line,
            message: format!("{}（读到 {field} 时）", zh::message(&e)),
        };
    }
    Error::AtField { path: source.into(), line, column, field, message: zh::message(&e) }
}

/// Byte offset where 1-based `line` starts.
fn line_start(bytes: &[u8], line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(line - 2).map_or(bytes.len(), |(i, _)| i + 1)
}
