//! PDF backend: draws a laid-out annex ([`AnnexLayout`]) with printpdf. It makes no layout decision:
//! every run, rule and page size comes from the layout. Fonts are embedded as subsets (Type0/Identity-H
//! with a ToUnicode map, so copying and searching the text works).
//!
//! printpdf is pinned to `=0.12.8` (see `Cargo.toml` and `shared/design/pdf-recipe.md`): it changes fast
//! and earlier versions broke CFF glyphs, subsetting and compression; the tests in `tests/pdf_*.rs` check
//! the output with poppler and qpdf.
//!
//! It knows nothing of the store: which document or unit sheet is drawn, and where the bytes go, is the
//! application layer's (`crate::service::render`, `crate::service::sheets`).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{Datelike, Timelike};
use printpdf::{
    Codepoint, Line, LineCapStyle, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Pt, TextItem, TextMatrix,
};

use crate::error::{Error, Result};
use crate::fonts::{Face, FontSet};
use crate::layout::{AnnexLayout, FontId, MissingGlyph, Page, SheetPlacement, TextRun};

mod info;

const PT_PER_MM: f32 = 72.0 / 25.4;

/// The message listing characters no face can draw: each with its code point and place.
pub fn describe_missing(missing: &[MissingGlyph]) -> String {
    const SHOWN: usize = 30;
    let mut parts: Vec<String> = missing
        .iter()
        .take(SHOWN)
        .map(|m| format!("“{}”（U+{:04X}）在{}", m.ch, m.ch as u32, m.place))
        .collect();
    if missing.len() > SHOWN {
        parts.push(format!("等共 {} 处", missing.len()));
    }
    format!(
        "{}。请改用含有这些字的字体（如思源宋体/Noto Serif CJK），或改写这些字后再生成。",
        parts.join("；")
    )
}

fn now_pdf_date() -> printpdf::OffsetDateTime {
    let now = chrono::Local::now();
    let off = now.offset().local_minus_utc();
    printpdf::OffsetDateTime {
        date: printpdf::Date { year: now.year(), month: now.month() as u8, day: now.day() as u8 },
        time: printpdf::Time {
            hour: now.hour() as u8,
            minute: now.minute() as u8,
            second: now.second() as u8,
            millisecond: 0,
        },
        offset: printpdf::Offset {
            hours: (off / 3600) as i8,
            minutes: ((off.abs() % 3600) / 60) as i8,
            seconds: 0,
            milliseconds: 0,
        },
    }
}

/// Draws the laid-out annex into PDF bytes. Refuses (before drawing anything) when the layout reports
/// characters that no face can draw. [`into_pdf`] does the same with less memory.
pub fn write_pdf(layout: &AnnexLayout, fonts: &FontSet) -> Result<Vec<u8>> {
    into_pdf(layout.clone(), fonts)
}

/// [`write_pdf`], consuming the layout: each page's runs are freed as soon as the page is drawn, so the
/// layout and printpdf's operations of the whole document are not held at once (the peak of a long render).
pub fn into_pdf(mut layout: AnnexLayout, fonts: &FontSet) -> Result<Vec<u8>> {
    if !layout.missing.is_empty() {
        return Err(Error::MissingGlyphs(describe_missing(&layout.missing)));
    }
    if layout.pages.is_empty() {
        return Err(Error::Pdf("没有可以打印的页面".into()));
    }
    let mut doc = PdfDocument::new(&layout.title);
    let now = now_pdf_date();
    doc.metadata.info.creation_date = now;
    doc.metadata.info.modification_date = now;
    doc.metadata.info.metadata_date = now;
    doc.metadata.info.creator = "分工 Fengong".into();
    doc.metadata.info.producer = "分工 Fengong（printpdf 0.12.8）".into();
    doc.metadata.info.subject = "任务分工表".into();
    doc.metadata.info.keywords = layout.keywords.clone();

    // Each face used is added once per document (adding twice would embed two subsets). Its glyph →
    // text map (for the ToUnicode CMap) is filled here once per glyph, so the runs can be written as bare
    // glyph ids: given plain text, printpdf looks every character up in the font's cmap twice, and a
    // text mapping per glyph instance allocates twice — together most of a 2,000-item render.
    let mut used: HashMap<FontId, (Arc<Face>, BTreeMap<u16, String>)> = HashMap::new();
    for page in &layout.pages {
        for run in page.runs.iter().chain(page.page_number.iter()) {
            let entry = match used.entry(run.font) {
                std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => {
                    let face = fonts.face(run.font).ok_or_else(|| {
                        Error::Pdf(format!(
                            "排版结果引用了字体集中不存在或无法读取的字体（编号 {}）",
                            run.font.0
                        ))
                    })?;
                    v.insert((face.clone(), BTreeMap::new()))
                }
            };
            for c in run.text.chars() {
                let gid = entry.0.glyph(c).0;
                if gid != 0 {
                    entry.1.entry(gid).or_insert_with(|| c.to_string());
                }
            }
        }
    }
    let mut ids: HashMap<FontId, (printpdf::FontId, Arc<Face>)> = HashMap::new();
    let mut order: Vec<FontId> = used.keys().copied().collect();
    order.sort();
    for id in order {
        let (face, map) = used.remove(&id).expect("collected above");
        let mut font = face.parsed().clone();
        font.reverse_glyph_cache = map;
        ids.insert(id, (doc.add_font(&font), face));
    }

    let pages: Vec<PdfPage> =
        std::mem::take(&mut layout.pages).into_iter().map(|p| draw_page(&p, &ids)).collect();
    let mut warnings = Vec::new();
    let save = PdfSaveOptions { subset_fonts: true, optimize: false, ..Default::default() };
    let mut objects = doc.with_pages(pages).to_lopdf_document(&save, &mut warnings);
    compress_streams(&mut objects);
    let mut bytes = Vec::new();
    objects.save_to(&mut bytes).map_err(|e| Error::Pdf(format!("无法写出 PDF：{e}")))?;
    if bytes.len() < 64 || !bytes.starts_with(b"%PDF") {
        let why: Vec<String> = warnings.iter().map(|w| w.msg.clone()).collect();
        return Err(Error::Pdf(format!("printpdf 没有生成有效的文件：{}", why.join("；"))));
    }
    info::tidy(&mut bytes);
    Ok(bytes)
}

/// Compresses every stream that allows it and has no filter yet, as printpdf's `optimize` does, but at
/// zlib's default level instead of its best: measured on the 2,000-item annex, level 9 took about a third of
/// the drawing time for a file 1–2 % smaller. The streams are shared out among the machine's cores (each
/// stream is compressed whole, so the file is the same whatever the number of threads).
fn compress_streams(doc: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| match o {
            lopdf::Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
    if threads == 1 || streams.len() < 2 {
        streams.into_iter().for_each(compress);
        return;
    }
    // Largest first, each to the least loaded share.
    streams.sort_by_key(|s| std::cmp::Reverse(s.content.len()));
    let mut shares: Vec<(usize, Vec<&mut lopdf::Stream>)> = (0..threads).map(|_| (0, Vec::new())).collect();
    for s in streams {
        let share = shares.iter_mut().min_by_key(|(load, _)| *load).expect("at least one share");
        share.0 += s.content.len();
        share.1.push(s);
    }
    std::thread::scope(|scope| {
        for (_, share) in shares {
            scope.spawn(move || share.into_iter().for_each(compress));
        }
    });
}

fn compress(stream: &mut lopdf::Stream) {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let Ok(packed) = z.write_all(&stream.content).and_then(|_| z.finish()) else { return };
    if packed.len() + 19 < stream.content.len() {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(packed);
    }
}

/// Text state while writing one text section, so font and spacing are set only when they change.
struct TextState {
    font: Option<(FontId, u32)>,
    spacing: f32,
}

impl TextState {
    fn new() -> TextState {
        TextState { font: None, spacing: 0.0 }
    }

    fn run(
        &mut self,
        ops: &mut Vec<Op>,
        run: &TextRun,
        ids: &HashMap<FontId, (printpdf::FontId, Arc<Face>)>,
    ) {
        if run.text.is_empty() {
            return;
        }
        let key = (run.font, run.size.to_bits());
        if self.font != Some(key) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(ids[&run.font].0.clone()),
                size: Pt(run.size),
            });
            self.font = Some(key);
        }
        if (self.spacing - run.char_spacing).abs() > 1e-4 {
            // Tc in points (the field is called `multiplier` but is written as the Tc operand).
            ops.push(Op::SetCharacterSpacing { multiplier: run.char_spacing });
            self.spacing = run.char_spacing;
        }
        ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(run.x), Pt(run.y)) });
        // Glyph ids from the face's per-character cache; their text comes from the font's glyph → text
        // map filled in `write_pdf`.
        let face = &ids[&run.font].1;
        // Sized exactly: `chars()` under-estimates its length, and the doubling growth left up to half of
        // every run's glyph vector unused (printpdf's 32-byte glyphs are most of a long render's memory).
        let mut glyphs: Vec<Codepoint> = Vec::with_capacity(run.text.chars().count());
        glyphs.extend(run.text.chars().map(|c| Codepoint { gid: face.glyph(c).0, offset: 0.0, cid: None }));
        // A squeezed mark: the glyphs after it move left (TJ numbers are thousandths of the font size).
        for &(i, points) in &run.squeeze {
            if let Some(g) = glyphs.get_mut(i as usize) {
                g.offset = points / run.size * 1000.0;
            }
        }
        ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(glyphs)] });
    }
}

fn draw_content(
    ops: &mut Vec<Op>,
    page: &Page,
    ids: &HashMap<FontId, (printpdf::FontId, Arc<Face>)>,
    with_number: bool,
) {
    if !page.rules.is_empty() {
        // Square caps close the corners where horizontal and vertical rules meet.
        ops.push(Op::SetLineCapStyle { cap: LineCapStyle::ProjectingSquare });
        let mut width = f32::NAN;
        for r in &page.rules {
            if r.width != width {
                ops.push(Op::SetOutlineThickness { pt: Pt(r.width) });
                width = r.width;
            }
            ops.push(Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint { p: Point { x: Pt(r.x1), y: Pt(r.y1) }, bezier: false },
                        LinePoint { p: Point { x: Pt(r.x2), y: Pt(r.y2) }, bezier: false },
                    ],
                    is_closed: false,
                },
            });
        }
    }
    ops.push(Op::StartTextSection);
    let mut st = TextState::new();
    for run in &page.runs {
        st.run(ops, run, ids);
    }
    if with_number {
        if let Some(n) = &page.page_number {
            st.run(ops, n, ids);
        }
    }
    ops.push(Op::EndTextSection);
}

fn draw_page(page: &Page, ids: &HashMap<FontId, (printpdf::FontId, Arc<Face>)>) -> PdfPage {
    // At most four operations a run (font, spacing, position, text) and two a rule; trimmed below, since
    // all pages' operations are held until printpdf writes the file.
    let mut ops = Vec::with_capacity(8 + 4 * (page.runs.len() + 1) + 2 * page.rules.len());
    match page.placement {
        SheetPlacement::Upright => {
            draw_content(&mut ops, page, ids, true);
            ops.shrink_to_fit();
            PdfPage::new(Mm(page.width / PT_PER_MM), Mm(page.height / PT_PER_MM), ops)
        }
        SheetPlacement::RotatedOnPortrait => {
            // The reading page (w × h, landscape) is turned 90° counter-clockwise onto a portrait sheet
            // h × w: reading (x, y) → sheet (h − y, x), so the table head faces the sheet's left edge.
            let (w, h) = (page.width, page.height);
            ops.push(Op::SaveGraphicsState);
            ops.push(Op::SetTransformationMatrix {
                matrix: printpdf::CurTransMat::Raw([0.0, 1.0, -1.0, 0.0, h, 0.0]),
            });
            draw_content(&mut ops, page, ids, false);
            ops.push(Op::RestoreGraphicsState);
            // The page number stays where portrait pages have it, unrotated, in sheet coordinates.
            if let Some(n) = &page.page_number {
                ops.push(Op::StartTextSection);
                TextState::new().run(&mut ops, n, ids);
                ops.push(Op::EndTextSection);
            }
            ops.shrink_to_fit();
            PdfPage::new(Mm(h / PT_PER_MM), Mm(w / PT_PER_MM), ops)
        }
    }
}
