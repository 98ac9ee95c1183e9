//! What calamine 0.36 does not give for OpenDocument sheets: the merged regions (`table:number-rows-spanned`,
//! `table:number-columns-spanned` on a cell) — and, read in the same pass before calamine expands anything,
//! how far each sheet's content reaches, so a tiny file that repeats a filled row a million times
//! (`table:number-rows-repeated`) is refused instead of filling memory.

use std::collections::BTreeMap;
use std::io::{BufReader, Cursor};

use calamine::Dimensions;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// Per sheet (by name): merged regions and the last row/column with content (0-based), if any.
#[derive(Debug, Default)]
pub(crate) struct OdsSheet {
    pub merges: Vec<Dimensions>,
    pub last_content: Option<(u64, u64)>,
}

fn attr_u64(e: &BytesStart, name: &[u8]) -> u64 {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| std::str::from_utf8(&a.value).ok().and_then(|v| v.trim().parse().ok()))
        .unwrap_or(1)
        .max(1)
}

/// Reads `content.xml` of an .ods package. Err: a short English description from the XML or zip reader.
pub(crate) fn scan(bytes: &[u8]) -> Result<BTreeMap<String, OdsSheet>, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let content = zip.by_name("content.xml").map_err(|e| e.to_string())?;
    let mut xml = Reader::from_reader(BufReader::new(content));
    let mut sheets: BTreeMap<String, OdsSheet> = BTreeMap::new();
    let mut buf = Vec::new();
    // Nesting of table:table (a sub-table inside a cell is not read), current sheet, row, its repeat, column.
    let mut depth = 0usize;
    let mut name = String::new();
    let (mut row, mut row_repeat, mut col) = (0u64, 1u64, 0u64);
    loop {
        let ev = xml.read_event_into(&mut buf).map_err(|e| e.to_string())?;
        let empty = matches!(ev, Event::Empty(_));
        match &ev {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"table:table" => {
                    depth += 1;
                    if depth == 1 && !empty {
                        name = e
                            .try_get_attribute(b"table:name")
                            .ok()
                            .flatten()
                            .and_then(|a| {
                                a.decoded_and_normalized_value(XmlVersion::Implicit1_0, xml.decoder())
                                    .ok()
                                    .map(|v| v.into_owned())
                            })
                            .unwrap_or_default();
                        sheets.entry(name.clone()).or_default();
                        row = 0;
                    }
                    if empty {
                        depth -= 1;
                    }
                }
                b"table:table-row" if depth == 1 => {
                    row_repeat = attr_u64(e, b"table:number-rows-repeated");
                    col = 0;
                    if empty {
                        row += row_repeat;
                    }
                }
                b"table:table-cell" | b"table:covered-table-cell" if depth == 1 => {
                    let repeat = attr_u64(e, b"table:number-columns-repeated");
                    let covered = e.name().as_ref() == b"table:covered-table-cell";
                    let sheet = sheets.entry(name.clone()).or_default();
                    if !covered {
                        let rows = attr_u64(e, b"table:number-rows-spanned");
                        let cols = attr_u64(e, b"table:number-columns-spanned");
                        if rows > 1 || cols > 1 {
                            let cap = |v: u64| v.min(u32::MAX as u64) as u32;
                            sheet.merges.push(Dimensions {
                                start: (cap(row), cap(col)),
                                end: (cap(row + rows - 1), cap(col + cols - 1)),
                            });
                        }
                    }
                    let has_content =
                        !empty || e.try_get_attribute(b"office:value-type").ok().flatten().is_some();
                    if has_content {
                        let last = (row + row_repeat - 1, col + repeat - 1);
                        sheet.last_content =
                            Some(sheet.last_content.map_or(last, |(r, c)| (r.max(last.0), c.max(last.1))));
                    }
                    col += repeat;
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                b"table:table" => depth = depth.saturating_sub(1),
                b"table:table-row" if depth == 1 => row += row_repeat,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(sheets)
}
