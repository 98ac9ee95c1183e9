//! Puts docx-rs's WordprocessingML into schema order. docx-rs writes the children of `w:pPr`, `w:rPr`,
//! `w:tblPr`, `w:sectPr` and `w:style` in its own order (`w:rPr` first in `w:pPr`, `w:sz` before `w:rFonts`,
//! footer references after `w:pgSz` …) and a `w:type` attribute on `w:gridCol`; ECMA-376 fixes the order
//! (sequences), and Word may offer to "recover" such a file. This pass re-orders those children by the
//! schema's sequence (stable: unknown elements keep their order, after the known ones) and drops the stray
//! attribute. Everything else — text, attributes, namespaces — is written back byte for byte.
//!
//! quick-xml does the parsing (it is already built for docx-rs).

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::error::{Error, Result};

/// CT_RPr / CT_ParaRPr (ECMA-376 Part 1, 17.3.2.28 and 17.3.1.29): change marks, EG_RPrBase, rPrChange.
const RPR: &[&str] = &[
    "ins", "del", "moveFrom", "moveTo", "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
    "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color",
    "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
    "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange",
];

/// CT_PPr (17.3.1.26): CT_PPrBase, then rPr, sectPr, pPrChange.
const PPR: &[&str] = &[
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers",
    "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
    "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
    "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl",
    "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
];

/// CT_TblPr (17.4.60).
const TBLPR: &[&str] = &[
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc",
    "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
    "tblDescription", "tblPrChange",
];

/// CT_TcPr (17.4.70).
const TCPR: &[&str] = &[
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection",
    "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge", "tcPrChange",
];

/// CT_SectPr (17.6.17): header/footer references first (in any order among themselves).
const SECTPR: &[&str] = &[
    "headerReference|footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc", "pgBorders",
    "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi",
    "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
];

/// CT_TblBorders (17.4.39) and CT_TblCellMar (17.4.42): top, left/start, bottom, right/end, insides.
const BORDERS: &[&str] = &["top", "left|start", "bottom", "right|end", "insideH", "insideV"];

/// CT_Style (17.7.4.17).
const STYLE: &[&str] = &[
    "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
    "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid", "pPr", "rPr",
    "tblPr", "trPr", "tcPr", "tblStylePr",
];

fn order_of(element: &str) -> Option<&'static [&'static str]> {
    Some(match element {
        "w:rPr" => RPR,
        "w:pPr" => PPR,
        "w:tblPr" => TBLPR,
        "w:tcPr" => TCPR,
        "w:sectPr" => SECTPR,
        "w:tblBorders" | "w:tblCellMar" => BORDERS,
        "w:style" => STYLE,
        _ => return None,
    })
}

fn rank(order: &[&str], child: &str) -> usize {
    let local = child.strip_prefix("w:").unwrap_or(child);
    order.iter().position(|o| o.split('|').any(|n| n == local)).unwrap_or(usize::MAX)
}

enum Node {
    Element { name: String, start: Vec<u8>, children: Vec<Node>, empty: bool },
    Raw(Vec<u8>),
}

fn name_of(start: &[u8]) -> String {
    let end = start.iter().position(|b| b.is_ascii_whitespace() || *b == b'/').unwrap_or(start.len());
    String::from_utf8_lossy(&start[..end]).into_owned()
}

fn parse(xml: &str) -> Result<Vec<Node>> {
    let err = |e: &dyn std::fmt::Display| Error::invalid(format!("生成 Word 文件出错：XML 无法解析（{e}）"));
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    // Stack of open elements: (name, raw start, children).
    let mut stack: Vec<(String, Vec<u8>, Vec<Node>)> = vec![(String::new(), Vec::new(), Vec::new())];
    let wrap = |pre: &[u8], body: &[u8], post: &[u8]| [pre, body, post].concat();
    loop {
        let ev = reader.read_event().map_err(|e| err(&e))?;
        let node = match ev {
            Event::Eof => break,
            Event::Start(e) => {
                let raw: Vec<u8> = e.to_vec();
                stack.push((name_of(&raw), raw, Vec::new()));
                continue;
            }
            Event::End(e) => {
                let (name, start, children) = stack.pop().ok_or_else(|| err(&"多余的结束标记"))?;
                if name.as_bytes() != e.name().as_ref() || stack.is_empty() {
                    return Err(err(&format!("结束标记 {} 不匹配", String::from_utf8_lossy(e.name().as_ref()))));
                }
                Node::Element { name, start, children, empty: false }
            }
            Event::Empty(e) => {
                let raw: Vec<u8> = e.to_vec();
                Node::Element { name: name_of(&raw), start: raw, children: Vec::new(), empty: true }
            }
            Event::Text(e) => Node::Raw(e.to_vec()),
            Event::GeneralRef(e) => Node::Raw(wrap(b"&", &e, b";")),
            Event::CData(e) => Node::Raw(wrap(b"<![CDATA[", &e, b"]]>")),
            Event::Comment(e) => Node::Raw(wrap(b"<!--", &e, b"-->")),
            Event::Decl(e) => Node::Raw(wrap(b"<?", &e, b"?>")),
            Event::PI(e) => Node::Raw(wrap(b"<?", &e, b"?>")),
            Event::DocType(e) => Node::Raw(wrap(b"<!DOCTYPE ", &e, b">")),
        };
        stack.last_mut().expect("root frame").2.push(node);
    }
    if stack.len() != 1 {
        return Err(err(&format!("元素 {} 没有结束", stack.last().map(|s| s.0.as_str()).unwrap_or(""))));
    }
    Ok(stack.pop().expect("root frame").2)
}

fn fix(nodes: &mut [Node]) {
    for n in nodes.iter_mut() {
        if let Node::Element { name, start, children, .. } = n {
            fix(children);
            if name == "w:gridCol" {
                // CT_TblGridCol has only w:w.
                let s = String::from_utf8_lossy(start).replace(r#" w:type="dxa""#, "");
                *start = s.into_bytes();
            }
            if let Some(order) = order_of(name) {
                let only_elements = children.iter().all(|c| match c {
                    Node::Element { .. } => true,
                    Node::Raw(r) => r.iter().all(u8::is_ascii_whitespace),
                });
                if only_elements {
                    children.sort_by_key(|c| match c {
                        Node::Element { name, .. } => rank(order, name),
                        Node::Raw(_) => usize::MAX,
                    });
                }
            }
        }
    }
}

fn write(nodes: &[Node], out: &mut Vec<u8>) {
    for n in nodes {
        match n {
            Node::Raw(r) => out.extend_from_slice(r),
            Node::Element { name, start, children, empty } => {
                out.push(b'<');
                out.extend_from_slice(start);
                if *empty && children.is_empty() {
                    out.extend_from_slice(b"/>");
                } else {
                    out.push(b'>');
                    write(children, out);
                    out.extend_from_slice(b"</");
                    out.extend_from_slice(name.as_bytes());
                    out.push(b'>');
                }
            }
        }
    }
}

/// The part with the children of property elements in schema order.
pub fn schema_order(xml: &str) -> Result<String> {
    let mut nodes = parse(xml)?;
    fix(&mut nodes);
    let mut out = Vec::with_capacity(xml.len());
    write(&nodes, &mut out);
    String::from_utf8(out).map_err(|e| Error::invalid(format!("生成 Word 文件出错：{e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn property_children_follow_the_schema_and_the_rest_is_kept() {
        let xml = concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<w:document xmlns:w="x"><w:body><w:p><w:pPr><w:rPr><w:sz w:val="32" /><w:rFonts w:eastAsia="黑体" /></w:rPr>"#,
            r#"<w:jc w:val="center" /><w:spacing w:line="240" /><w:snapToGrid w:val="false" /></w:pPr>"#,
            r#"<w:r><w:t xml:space="preserve">A &amp; B &lt;附件&gt;</w:t></w:r></w:p>"#,
            r#"<w:tbl><w:tblPr><w:tblW w:w="1" /><w:tblCellMar><w:right w:w="1"/><w:left w:w="1"/></w:tblCellMar><w:tblLayout w:type="fixed" /></w:tblPr>"#,
            r#"<w:tblGrid><w:gridCol w:w="755" w:type="dxa" /></w:tblGrid></w:tbl>"#,
            r#"<w:sectPr><w:pgSz w:w="11906" /><w:footerReference w:type="default" r:id="a" /></w:sectPr></w:body></w:document>"#
        );
        let out = schema_order(xml).unwrap();
        assert!(out.starts_with(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="x">"#));
        assert!(out.contains(
            r#"<w:pPr><w:snapToGrid w:val="false" /><w:spacing w:line="240" /><w:jc w:val="center" /><w:rPr><w:rFonts w:eastAsia="黑体" /><w:sz w:val="32" /></w:rPr></w:pPr>"#
        ), "{out}");
        assert!(out.contains(r#"<w:t xml:space="preserve">A &amp; B &lt;附件&gt;</w:t>"#), "{out}");
        assert!(out.contains(r#"<w:tblW w:w="1" /><w:tblLayout w:type="fixed" /><w:tblCellMar><w:left w:w="1"/><w:right w:w="1"/></w:tblCellMar>"#), "{out}");
        assert!(out.contains(r#"<w:gridCol w:w="755" />"#), "{out}");
        assert!(out.contains(r#"<w:sectPr><w:footerReference w:type="default" r:id="a" /><w:pgSz w:w="11906" /></w:sectPr>"#), "{out}");
        assert!(schema_order("<a><b></a>").is_err());
    }
}
