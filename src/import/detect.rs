//! Which kind of file the user gave: decided from the bytes (zip entries, OLE streams, a JSON marker), with
//! the extension only as a tie-breaker, so `附件.xlsx` saved by WPS as an old .xls, or a .txt that is really
//! a Word file, still imports — or is refused with a message that says what the file is.

use std::io::Cursor;
use std::path::PathBuf;

use crate::error::Error;

/// What a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Pasted text or CSV (any encoding the decoder accepts).
    Text,
    /// Word 2007+ document.
    Docx,
    /// Excel 2007+ workbook.
    Xlsx,
    /// Excel 97–2003 workbook.
    Xls,
    /// OpenDocument spreadsheet (LibreOffice, WPS).
    Ods,
    /// A Fengong JSON bundle (see `crate::bundle`).
    Bundle,
    /// A web page (`.html`/`.htm`, Word's "web page") or HTML from the clipboard.
    Html,
    /// Word 97–2003 document: not read, the user is asked to save it as .docx.
    Doc,
    /// OpenDocument text: not read, the user is asked to save it as .docx.
    Odt,
    /// A PDF: tables cannot be read back from it reliably.
    Pdf,
    /// A zip that is not an Office document, or one that cannot be opened (truncated, damaged).
    OtherZip,
    BrokenZip,
}

/// The signature of an OLE compound file (Office 97–2003 documents, and password-protected Office files).
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether `bytes` is an OLE compound file with a stream called `name` (its directory stores names in
/// UTF-16LE): `WordDocument` for a .doc, `EncryptedPackage` for an Office file with an open password.
pub(crate) fn ole_has_stream(bytes: &[u8], name: &str) -> bool {
    let pat: Vec<u8> = name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    bytes.starts_with(&OLE_MAGIC) && bytes.windows(pat.len()).any(|w| w == pat.as_slice())
}

/// The kind of `bytes`; `name` (the file name) only breaks ties.
pub fn detect(bytes: &[u8], name: &str) -> FileKind {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zip_kind(bytes);
    }
    if bytes.starts_with(&OLE_MAGIC) {
        return if ole_has_stream(bytes, "WordDocument") { FileKind::Doc } else { FileKind::Xls };
    }
    if bytes.starts_with(b"%PDF") {
        return FileKind::Pdf;
    }
    if super::web::looks_like_html(bytes) {
        return FileKind::Html;
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = body.iter().position(|b| !b.is_ascii_whitespace()).map_or(&[][..], |p| &body[p..]);
    if start.starts_with(b"{") {
        let head = &start[..start.len().min(4096)];
        let marked = head.windows(14).any(|w| w == b"fengong-bundle");
        if marked || name.to_lowercase().ends_with(".json") {
            return FileKind::Bundle;
        }
    }
    FileKind::Text
}

fn zip_kind(bytes: &[u8]) -> FileKind {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return FileKind::BrokenZip;
    };
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    if names.iter().any(|n| n == "word/document.xml") {
        return FileKind::Docx;
    }
    if names.iter().any(|n| n == "xl/workbook.xml" || n == "xl/workbook.bin") {
        return FileKind::Xlsx;
    }
    if let Ok(mut f) = zip.by_name("mimetype") {
        let mut m = String::new();
        if std::io::Read::read_to_string(&mut f, &mut m).is_ok() {
            if m.trim() == "application/vnd.oasis.opendocument.spreadsheet" {
                return FileKind::Ods;
            }
            if m.trim() == "application/vnd.oasis.opendocument.text" {
                return FileKind::Odt;
            }
        }
    }
    FileKind::OtherZip
}

impl FileKind {
    /// What the file is, for messages.
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Text => "文本文件",
            FileKind::Docx => "Word 文档（.docx）",
            FileKind::Xlsx => "Excel 工作簿（.xlsx）",
            FileKind::Xls => "Excel 97-2003 工作簿（.xls）",
            FileKind::Ods => "OpenDocument 电子表格（.ods）",
            FileKind::Bundle => "分工数据包（.json）",
            FileKind::Html => "网页（.html）",
            FileKind::Doc => "Word 97-2003 文档（.doc）",
            FileKind::Odt => "OpenDocument 文本（.odt）",
            FileKind::Pdf => "PDF 文件",
            FileKind::OtherZip => "压缩包",
            FileKind::BrokenZip => "损坏的压缩文件",
        }
    }

    /// The error for a kind the app does not import, naming the file and what to do; None for the kinds it
    /// reads.
    pub fn refusal(self, source: &str) -> Option<Error> {
        let message = match self {
            FileKind::Doc | FileKind::Odt => format!(
                "这是{}，分工不能直接读取。请在 Word 或 WPS 中打开，“另存为” Word 文档（.docx）后再导入。",
                self.label()
            ),
            FileKind::Pdf => "这是 PDF 文件，无法从中可靠地读回表格。请导入附件的 Word/Excel 原件，或从 PDF 中复制表格文字后粘贴导入。"
                .to_string(),
            FileKind::OtherZip => "这是一个压缩包，但不是 Word/Excel 文档，无法导入。".to_string(),
            FileKind::BrokenZip => {
                "文件不完整或已损坏（压缩结构无法打开，可能下载或拷贝时被截断），未导入任何内容。请向发文单位重新索取文件。"
                    .to_string()
            }
            _ => return None,
        };
        Some(Error::File { path: PathBuf::from(source), message })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_content_not_extension() {
        assert_eq!(detect("序号\t事项".as_bytes(), "a.xlsx"), FileKind::Text);
        assert_eq!(detect(b"%PDF-1.7", "a.txt"), FileKind::Pdf);
        assert_eq!(detect(b"\xEF\xBB\xBF {\"format\":\"fengong-bundle\"}", "a.txt"), FileKind::Bundle);
        assert_eq!(detect(b"{\"a\":1}", "a.JSON"), FileKind::Bundle);
        assert_eq!(detect(b"{\"a\":1}", "a.txt"), FileKind::Text);
        assert_eq!(detect(b"PK\x03\x04truncated", "a.docx"), FileKind::BrokenZip);
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.extend("WordDocument".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(detect(&ole, "a.xls"), FileKind::Doc);
        let e = FileKind::Doc.refusal("通知.doc").unwrap().to_string();
        assert!(e.contains("通知.doc") && e.contains(".docx"), "{e}");
        assert!(FileKind::Xlsx.refusal("a").is_none());
    }

    #[test]
    fn zip_entries_tell_word_from_excel_and_ods() {
        use std::io::Write;
        let make = |entries: &[(&str, &str)]| {
            let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
            for (n, body) in entries {
                w.start_file(*n, zip::write::SimpleFileOptions::default()).unwrap();
                w.write_all(body.as_bytes()).unwrap();
            }
            w.finish().unwrap().into_inner()
        };
        assert_eq!(detect(&make(&[("word/document.xml", "<w/>")]), "x.xlsx"), FileKind::Docx);
        assert_eq!(detect(&make(&[("xl/workbook.xml", "<w/>")]), "x.docx"), FileKind::Xlsx);
        assert_eq!(
            detect(&make(&[("mimetype", "application/vnd.oasis.opendocument.spreadsheet")]), "x"),
            FileKind::Ods
        );
        assert_eq!(detect(&make(&[("a.txt", "x")]), "x.zip"), FileKind::OtherZip);
    }
}
