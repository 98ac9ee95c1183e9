//! Plumbing for the Word export: a small XML writer and the OPC package (content types, relationships,
//! deflate zip).
//!
//! Why hand-written rather than docx-rs (used before): docx-rs 0.4 has no repeating header row
//! (`w:tblHeader`), writes the children of `w:pPr`, `w:rPr`, `w:tblPr`, `w:sectPr` … out of the schema's
//! sequence order, marks every paragraph with Word 2010 extensions (`mc:Ignorable`, `w14:paraId`) and adds
//! parts an annex does not need (comments, commentsExtended in a Word 2012 namespace, footnotes, a numbering
//! part whose `w:ind` is out of order). Patching its output afterwards was a string surgery that broke with
//! each of its releases. The annex is one simple document (a few paragraphs, one table, two footers), so
//! [`super::docx`] writes the parts itself, element by element in the order ECMA-376 fixes, and
//! `tests/export_docx.rs` checks every part with xmllint against the schemas in `schemas/ecma-376/`.

use std::io::{Cursor, Write};

use crate::error::{Error, Result};

pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const CT_NS: &str = "http://schemas.openxmlformats.org/package/2006/content-types";
const REL_TYPE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
const WML_CT: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.";

/// Text as it may stand in XML 1.0: control characters other than tab and newline, and the non-characters
/// U+FFFE/U+FFFF, are dropped (an XML reader refuses the whole part otherwise).
pub fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| (!c.is_control() || matches!(c, '\t' | '\n')) && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        .collect()
}

/// Appends `text` escaped for element content and attribute values.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// A forward-only XML writer: the caller writes elements in schema order.
pub struct Xml {
    buf: String,
}

impl Xml {
    /// A part starting with the XML declaration.
    pub fn new() -> Xml {
        Xml { buf: String::from(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#) }
    }

    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.buf.push('<');
        self.buf.push_str(name);
        for (k, v) in attrs {
            self.buf.push(' ');
            self.buf.push_str(k);
            self.buf.push_str("=\"");
            escape_into(&mut self.buf, v);
            self.buf.push('"');
        }
    }

    /// `<name attrs>`
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> &mut Xml {
        self.start(name, attrs);
        self.buf.push('>');
        self
    }

    /// `<name attrs/>`
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> &mut Xml {
        self.start(name, attrs);
        self.buf.push_str("/>");
        self
    }

    /// `<name w:val="val"/>`, the commonest WordprocessingML property.
    pub fn val(&mut self, name: &str, val: &str) -> &mut Xml {
        self.empty(name, &[("w:val", val)])
    }

    /// `</name>`
    pub fn close(&mut self, name: &str) -> &mut Xml {
        self.buf.push_str("</");
        self.buf.push_str(name);
        self.buf.push('>');
        self
    }

    /// Escaped character data.
    pub fn text(&mut self, text: &str) -> &mut Xml {
        escape_into(&mut self.buf, text);
        self
    }

    pub fn finish(self) -> String {
        self.buf
    }
}

/// One part of the package.
pub struct Part {
    /// Name in the zip, without a leading slash: `word/document.xml`.
    pub name: &'static str,
    /// Content type, or None for a part covered by a default (`.rels`).
    pub content_type: Option<&'static str>,
    pub xml: String,
}

/// Content type of a WordprocessingML part: `document.main`, `styles`, `settings`, `fontTable`, `footer`.
pub fn wml_content_type(kind: &str) -> &'static str {
    match kind {
        "document.main" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "styles" => "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
        "settings" => "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
        "fontTable" => "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml",
        "footer" => "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
        other => unreachable!("unknown WordprocessingML part kind {other} (known to {WML_CT}…)"),
    }
}

/// A relationships part: (id, type after `…/relationships/`, target).
pub fn relationships(rels: &[(&str, &str, &str)]) -> String {
    let mut x = Xml::new();
    x.open("Relationships", &[("xmlns", PKG_REL_NS)]);
    for (id, kind, target) in rels {
        let ty = format!("{REL_TYPE}{kind}");
        x.empty("Relationship", &[("Id", id), ("Type", &ty), ("Target", target)]);
    }
    x.close("Relationships");
    x.finish()
}

/// The zip package: `[Content_Types].xml` first (listing every part), then the parts, deflated.
pub fn package(parts: &[Part]) -> Result<Vec<u8>> {
    let err = |e: &dyn std::fmt::Display| Error::invalid(format!("生成 Word 文件出错：{e}"));
    let mut ct = Xml::new();
    ct.open("Types", &[("xmlns", CT_NS)]);
    ct.empty(
        "Default",
        &[("Extension", "rels"), ("ContentType", "application/vnd.openxmlformats-package.relationships+xml")],
    );
    ct.empty("Default", &[("Extension", "xml"), ("ContentType", "application/xml")]);
    for p in parts {
        if let Some(t) = p.content_type {
            ct.empty("Override", &[("PartName", &format!("/{}", p.name)), ("ContentType", t)]);
        }
    }
    ct.close("Types");
    let ct = ct.finish();

    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    for (name, xml) in std::iter::once(("[Content_Types].xml", ct.as_str()))
        .chain(parts.iter().map(|p| (p.name, p.xml.as_str())))
    {
        zip.start_file(name, opts).map_err(|e| err(&e))?;
        zip.write_all(xml.as_bytes()).map_err(|e| err(&e))?;
    }
    Ok(zip.finish().map_err(|e| err(&e))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writer_escapes_text_and_attributes() {
        let mut x = Xml::new();
        x.open("w:p", &[("a", "1 < 2 & \"3\"")]).text("<附件> & 𠀀").val("w:b", "0").close("w:p");
        let s = x.finish();
        assert!(
            s.ends_with(
                r#"<w:p a="1 &lt; 2 &amp; &quot;3&quot;">&lt;附件&gt; &amp; 𠀀<w:b w:val="0"/></w:p>"#
            ),
            "{s}"
        );
        assert_eq!(clean("a\u{2}b\u{3}\tc\u{FFFF}\n"), "ab\tc\n");
    }

    #[test]
    fn the_package_lists_every_part_and_is_deflated() {
        let parts = [Part {
            name: "word/document.xml",
            content_type: Some(wml_content_type("document.main")),
            xml: "<x/>".into(),
        }];
        let bytes = package(&parts).unwrap();
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert_eq!(z.by_index(0).unwrap().name(), "[Content_Types].xml");
        let mut ct = String::new();
        std::io::Read::read_to_string(&mut z.by_index(0).unwrap(), &mut ct).unwrap();
        assert!(ct.contains(r#"PartName="/word/document.xml""#), "{ct}");
        assert_eq!(z.by_name("word/document.xml").unwrap().compression(), zip::CompressionMethod::Deflated);
    }
}
