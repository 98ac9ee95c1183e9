//! Printing benchmarks, as plain functions so both `benches/render.rs` and `fengong bench` can print
//! them: font parsing (cold), the seed in a warm process (layout and PDF writing apart), a generated
//! 2,000-item annex, PDF sizes and the process's peak memory.

use std::time::{Duration, Instant};

use super::{median, ms, peak_memory_kib};

use crate::error::{Error, Result};
use crate::fonts::FontSet;
use crate::import::parse_annex;
use crate::layout::{layout_annex, quality, LayoutOptions, Quality};
use crate::sample::{generate_annex, SAMPLE_NAME, SAMPLE_TEXT};
use crate::service::render::{annex, annex_pdf, Annex, Stage};
use crate::store::Store;

/// Timings of one document: median layout and PDF-writing times over the runs.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderTiming {
    pub items: usize,
    pub pages: usize,
    pub layout: Duration,
    pub write: Duration,
    pub pdf_bytes: usize,
    /// How well it is set ([`quality`]).
    pub quality: Quality,
}

impl RenderTiming {
    pub fn total(&self) -> Duration {
        self.layout + self.write
    }
}

/// All printing figures.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderFigures {
    /// Parsing the four Fandol faces (first use in the process).
    pub font_load: Duration,
    /// First seed render in the process after fonts are loaded (cold caches).
    pub seed_first: Duration,
    pub seed: RenderTiming,
    pub big: RenderTiming,
    /// VmHWM before the big document was rendered and at the end (KiB; Linux only).
    pub peak_before_big_kib: Option<u64>,
    pub peak_kib: Option<u64>,
}

fn load(text: &str, name: &str) -> Result<Annex> {
    let dir = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let mut store = Store::open(dir.path().join("bench.db"))?;
    let out = store.import(&parse_annex(text.as_bytes(), name)?)?;
    annex(&store, out.document_id)
}

/// Times layout and PDF writing of one document, `runs` times each (median). The render is the one the
/// CLI and the desktop use ([`annex_pdf`]); its progress stages split the time into layout and drawing.
pub fn time_render(
    annex: &Annex,
    opts: &LayoutOptions,
    fonts: &FontSet,
    runs: usize,
) -> Result<RenderTiming> {
    let mut lt = Vec::new();
    let mut wt = Vec::new();
    let mut pages = 0;
    let mut bytes = 0;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let mut drawing = None;
        let pdf = annex_pdf(annex, opts, fonts, &mut |stage| {
            if let Stage::Draw { .. } = stage {
                drawing = Some(Instant::now());
            }
        })?;
        let end = Instant::now();
        let drawing = drawing.unwrap_or(end);
        lt.push(drawing - start);
        wt.push(end - drawing);
        pages = pdf.pages;
        bytes = pdf.bytes.len();
    }
    let layout = layout_annex(&annex.doc, &annex.items, opts, fonts);
    let kinds: Vec<_> = annex.doc.columns.iter().map(|c| c.kind.clone()).collect();
    Ok(RenderTiming {
        quality: quality(&layout, &kinds),
        items: annex.items.iter().filter(|i| !i.is_heading).count(),
        pages,
        layout: median(lt),
        write: median(wt),
        pdf_bytes: bytes,
    })
}

/// Runs every printing benchmark: the seed `runs` times, a generated annex of `big_items` items
/// (portrait, 3号) `big_runs` times.
pub fn run(runs: usize, big_items: usize, big_runs: usize) -> Result<RenderFigures> {
    let opts = LayoutOptions::default();
    let seed_annex = load(SAMPLE_TEXT, SAMPLE_NAME)?;
    let big_text = generate_annex(big_items);
    let big_annex = load(&big_text, "bench-render.txt")?;

    let t = Instant::now();
    let fonts = FontSet::shipped();
    fonts.preload();
    let font_load = t.elapsed();

    let t = Instant::now();
    annex_pdf(&seed_annex, &opts, &fonts, &mut |_| {})?;
    let seed_first = t.elapsed();

    let seed = time_render(&seed_annex, &opts, &fonts, runs)?;
    let peak_before_big_kib = peak_memory_kib();
    let big = time_render(&big_annex, &opts, &fonts, big_runs)?;
    Ok(RenderFigures { font_load, seed_first, seed, big, peak_before_big_kib, peak_kib: peak_memory_kib() })
}

impl std::fmt::Display for RenderFigures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "字体解析（4 个 Fandol 字体，首次）：{}", ms(self.font_load))?;
        writeln!(f, "示例首次生成（字体已解析）：{}", ms(self.seed_first))?;
        for (what, r) in [("示例", &self.seed), ("大文档", &self.big)] {
            writeln!(
                f,
                "{what}（{} 项，{} 页）：排版 {}，生成 PDF {}，合计 {}；PDF {:.1} KB",
                r.items,
                r.pages,
                ms(r.layout),
                ms(r.write),
                ms(r.total()),
                r.pdf_bytes as f64 / 1024.0
            )?;
            let q = r.quality;
            writeln!(
                f,
                "{what}排版质量：名称断在词中 {} 处，字距拉开超过 0.15 字的行 {}，末行孤字 {} 格，跨页只留一行的格 {}",
                q.broken_names, q.spread_lines, q.lonely_last, q.one_line_carries
            )?;
        }
        if let (Some(a), Some(b)) = (self.peak_before_big_kib, self.peak_kib) {
            writeln!(
                f,
                "内存峰值（VmHWM）：大文档前 {:.1} MiB，结束时 {:.1} MiB",
                a as f64 / 1024.0,
                b as f64 / 1024.0
            )?;
        }
        Ok(())
    }
}
