//! Circulation benchmarks: the time of each export and each import (Word, Excel, CSV, JSON bundle) for the
//! sample and for a generated document, and — side by side in the same run — LibreOffice headless turning
//! our .docx into a PDF against our own layout + PDF of the same document: the ratio is what a user saves by
//! printing from Fengong instead of going through a word processor.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use super::{median, ms};

use crate::error::{Error, Result};
use crate::export::ExportFormat;
use crate::fonts::FontSet;
use crate::import::parse_annex;
use crate::layout::LayoutOptions;
use crate::model::DocumentId;
use crate::sample::{generate_annex, SAMPLE_NAME, SAMPLE_TEXT};
use crate::service::export::export_document;
use crate::store::Store;

/// Export and import figures of one format for one document.
#[derive(Debug, Clone, PartialEq)]
pub struct FormatTiming {
    pub format: ExportFormat,
    pub bytes: usize,
    pub export: Duration,
    /// Reading the file back (format detection, parsing, report) and writing it into the database.
    pub import: Duration,
}

fn timed<T>(runs: usize, mut f: impl FnMut() -> Result<T>) -> Result<(Duration, T)> {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        last = Some(f()?);
        times.push(t.elapsed());
    }
    Ok((median(times), last.expect("at least one run")))
}

/// Times every format's export and import of `doc`, `runs` times each (median).
pub fn time_formats(
    store: &mut Store,
    doc: DocumentId,
    name: &str,
    runs: usize,
) -> Result<Vec<FormatTiming>> {
    let mut out = Vec::new();
    for format in ExportFormat::ALL {
        let (export, bytes) = timed(runs, || export_document(store, doc, format))?;
        let file = format!("{name}.{}", format.extension());
        let (import, _) = timed(runs, || {
            let parsed = crate::import::parse_any(&bytes, &file)?;
            store.import_again(&parsed)
        })?;
        out.push(FormatTiming { format, bytes: bytes.len(), export, import });
    }
    Ok(out)
}

/// Converts `file` with LibreOffice headless (`soffice --convert-to`) into `out_dir` and returns the new
/// file's path. `to` is what `--convert-to` takes: an extension, optionally with a filter
/// (`pdf`, `xls`, `docx:MS Word 2007 XML`). LibreOffice runs with a profile of its own in
/// `out_dir/.lo-profile`: parallel runs into different folders do not fight over one profile, and later
/// conversions into the same folder skip the first-start profile creation. Shared by the benchmark and the
/// tests that print our exports through LibreOffice.
pub fn libreoffice_convert(file: &Path, to: &str, out_dir: &Path) -> Result<PathBuf> {
    let ext = to.split(':').next().unwrap_or(to);
    let stem = file
        .file_stem()
        .ok_or_else(|| Error::File { path: file.into(), message: "没有文件名，无法转换".into() })?;
    let out = out_dir.join(stem).with_extension(ext);
    if out == file {
        return Err(Error::File {
            path: file.into(),
            message: format!("转换成 {to} 会覆盖原文件，请换一个输出文件夹"),
        });
    }
    // A file left by an earlier run must not pass for this run's output.
    match std::fs::remove_file(&out) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Error::io(&out, e)),
        _ => {}
    }
    let profile = format!("-env:UserInstallation=file://{}", out_dir.join(".lo-profile").display());
    let o = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", to, "--outdir"])
        .arg(out_dir)
        .arg(file)
        .output()
        .map_err(|e| Error::File {
            path: file.into(),
            message: format!("无法运行 LibreOffice（soffice）来转换：{e}"),
        })?;
    // soffice exits 0 even when it wrote nothing: the output file is the proof.
    if !out.exists() {
        return Err(Error::File {
            path: file.into(),
            message: format!(
                "LibreOffice 没有把它转换成 {to}：{}",
                String::from_utf8_lossy(&o.stderr).trim()
            ),
        });
    }
    Ok(out)
}

/// LibreOffice headless converting a .docx to PDF, timed (a warm-up conversion first, so LibreOffice's
/// first-start profile creation is not counted). None when `soffice` is not installed.
pub fn libreoffice_docx_to_pdf(docx: &[u8], runs: usize) -> Result<Option<Duration>> {
    let ok = Command::new("soffice").arg("--version").output().map(|o| o.status.success()).unwrap_or(false);
    if !ok {
        return Ok(None);
    }
    let dir = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let file = dir.path().join("annex.docx");
    std::fs::write(&file, docx).map_err(|e| Error::io(&file, e))?;
    libreoffice_convert(&file, "pdf", dir.path())?;
    let (t, _) = timed(runs, || libreoffice_convert(&file, "pdf", dir.path()))?;
    Ok(Some(t))
}

/// Prints the circulation figures for the sample and a generated `big_items` document.
pub fn run(runs: usize, big_items: usize, out: &mut dyn FnMut(String)) -> Result<()> {
    let dir = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let mut store = Store::open(dir.path().join("bench-formats.db"))?;
    let sample = store.import(&parse_annex(SAMPLE_TEXT.as_bytes(), SAMPLE_NAME)?)?.document_id;
    let big_text = generate_annex(big_items);
    let big = store.import(&parse_annex(big_text.as_bytes(), "bench-big.txt")?)?.document_id;
    let fonts = FontSet::shipped();
    let opts = LayoutOptions::default();
    let big_runs = runs.clamp(1, 3);
    let docs = [
        ("示例（20 项）".to_string(), sample, runs, "示例"),
        (format!("生成的 {big_items} 项"), big, big_runs, "大表"),
    ];

    out("导出与导入（导入 = 识别格式、解析、写入数据库）：".to_string());
    for (label, doc, n, name) in &docs {
        for t in time_formats(&mut store, *doc, name, *n)? {
            // One item per field, separated: CJK labels make column padding uneven.
            out(format!(
                "  {label} · {:<4} · {} KB · 导出 {} · 导入 {}",
                t.format.extension(),
                t.bytes.div_ceil(1024),
                ms(t.export),
                ms(t.import)
            ));
        }
    }

    // The parsing child's cost (src/import/isolate.rs): start of this program as a child, the file in, the
    // parsed annex back as JSON. Only when this program is `fengong` (under `cargo bench` there is no child).
    if let Some(exe) = std::env::current_exe().ok().filter(|_| crate::import::isolate::serves_as_child()) {
        let limits = crate::import::isolate::Limits::default();
        out("导入文件在子进程中解析（防止损坏的文件使程序崩溃）的额外开销：".to_string());
        for (label, doc, n, name) in &docs {
            for format in [ExportFormat::Xlsx, ExportFormat::Csv] {
                let bytes = export_document(&store, *doc, format)?;
                let file = format!("{name}.{}", format.extension());
                let (inside, _) = timed(*n, || crate::import::parse_any(&bytes, &file))?;
                let Ok((child, _)) =
                    timed(*n, || match crate::import::isolate::run_child(&exe, &bytes, &file, &limits) {
                        Ok(crate::import::isolate::ChildOutcome::Parsed(r)) => r,
                        _ => Err(Error::invalid("no parsing child")),
                    })
                else {
                    break;
                };
                out(format!(
                    "  {label} · {:<4} · 进程内解析 {} · 子进程解析 {}（多 {}）",
                    format.extension(),
                    ms(inside),
                    ms(child),
                    ms(child.saturating_sub(inside))
                ));
            }
        }
    }

    out("打印成 PDF：LibreOffice 转换我们的 .docx 与 fengong render 对比（同一文档、同一次运行）："
        .to_string());
    for (label, doc, n, _) in &docs {
        let (ours, _) =
            timed(*n, || crate::service::render::document_pdf(&store, *doc, &opts, &fonts, &mut |_| {}))?;
        let docx = export_document(&store, *doc, ExportFormat::Docx)?;
        let lo_runs = if *doc == big { 1 } else { (*n).min(3) };
        match libreoffice_docx_to_pdf(&docx, lo_runs)? {
            Some(lo) => out(format!(
                "  {label}：LibreOffice {}，fengong render {}，快 {:.0} 倍",
                ms(lo),
                ms(ours),
                lo.as_secs_f64() / ours.as_secs_f64().max(1e-9)
            )),
            None => out(format!("  {label}：fengong render {}（未安装 LibreOffice，无对比）", ms(ours))),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libreoffice_convert_refuses_to_overwrite_its_input() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("附件.docx");
        let e = libreoffice_convert(&file, "docx:MS Word 2007 XML", dir.path()).unwrap_err().to_string();
        assert!(e.contains("附件.docx") && e.contains("覆盖原文件"), "{e}");
    }

    /// A stale output from an earlier run is not taken for this run's: a file LibreOffice cannot open fails
    /// with a Chinese message naming it, and the old PDF is gone.
    #[test]
    fn a_failed_conversion_names_the_file_and_leaves_no_stale_output() {
        if !Command::new("soffice").arg("--version").output().is_ok_and(|o| o.status.success()) {
            eprintln!("soffice not installed: skipped");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join("不存在.pdf");
        std::fs::write(&stale, b"old").unwrap();
        let e =
            libreoffice_convert(&dir.path().join("不存在.docx"), "pdf", dir.path()).unwrap_err().to_string();
        assert!(e.contains("不存在.docx") && e.contains("LibreOffice 没有把它转换成 pdf"), "{e}");
        assert!(!stale.exists());
    }
}
