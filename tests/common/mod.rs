//! Helpers shared by the integration tests (`mod common;` in each test file). Not a test target itself; each
//! test file uses only part of it, hence the module-wide `dead_code` allowance.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::Data;
use fengong::model::{number_items, ColumnKind, DocumentDraft, DocumentId, Item};
use fengong::store::Store;

// ------------------------------------------------------------------------------------------ stores

/// A real SQLite store in a temp dir (kept alive as long as the value) and one document in it.
pub struct Seed {
    pub _dir: tempfile::TempDir,
    pub store: Store,
    pub doc: DocumentId,
}

/// The sample annex (20 items) in a fresh store.
pub fn seed() -> Seed {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("sample.db")).unwrap();
    let doc = store.load_sample().unwrap().document_id;
    Seed { _dir: dir, store, doc }
}

/// A generated annex of `items` items in a fresh store.
pub fn generated(items: usize) -> Seed {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("big.db")).unwrap();
    let text = fengong::sample::generate_annex(items);
    let parsed = fengong::import::parse_annex(text.as_bytes(), "big.txt").unwrap();
    let doc = store.import(&parsed).unwrap().document_id;
    Seed { _dir: dir, store, doc }
}

/// The 发文字号 the 发文字号 tests give the sample.
pub const DOC_NUMBER: &str = "粤府函〔2020〕77号";

/// The sample annex with [`DOC_NUMBER`] as its 发文字号.
pub fn numbered() -> Seed {
    let mut s = seed();
    let d = s.store.document(s.doc).unwrap();
    let draft = DocumentDraft {
        title: d.title.clone(),
        annex_label: d.annex_label.clone(),
        doc_number: Some(DOC_NUMBER.into()),
        issue_date: d.issue_date,
        notes: d.notes.clone(),
        columns: d.columns.clone(),
    };
    s.store.update_document(s.doc, &draft).unwrap();
    s
}

/// What every exported cell must hold, computed from the store independently of the exporter:
/// (column labels, rows of cell texts, items).
pub fn expected_rows(store: &Store, doc: DocumentId) -> (Vec<String>, Vec<Vec<String>>, Vec<Item>) {
    let d = store.document(doc).unwrap();
    let items = store.items(doc).unwrap();
    let numbers = number_items(&items);
    let labels = d.columns.iter().map(|c| c.label.clone()).collect();
    let rows = items
        .iter()
        .zip(&numbers)
        .map(|(it, n)| {
            d.columns
                .iter()
                .map(|c| if c.kind == ColumnKind::Number { n.clone() } else { it.cell_text(&c.kind) })
                .collect()
        })
        .collect();
    (labels, rows, items)
}

// ------------------------------------------------------------------------------------------ zip

/// Every entry of a zip package: name → (bytes, compression method).
pub fn zip_entries(bytes: &[u8]) -> BTreeMap<String, (Vec<u8>, zip::CompressionMethod)> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut b = Vec::new();
        f.read_to_end(&mut b).unwrap();
        out.insert(f.name().to_string(), (b, f.compression()));
    }
    out
}

/// One entry of a zip package as text; panics naming the entry when it is missing.
pub fn zip_text(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    let mut s = String::new();
    z.by_name(name).unwrap_or_else(|e| panic!("{name} missing: {e}")).read_to_string(&mut s).unwrap();
    s
}

/// A zip package of the given entries, in order.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, body) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(body).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The package with `from` replaced by `to` in one entry's text (which must hold `from`); every entry is
/// written back deflated, as our exporters write them.
pub fn patch_zip_entry(bytes: &[u8], entry: &str, from: &str, to: &str) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut body = Vec::new();
        f.read_to_end(&mut body).unwrap();
        if name == entry {
            let s = String::from_utf8(body).unwrap();
            assert!(s.contains(from), "{entry} holds {from}");
            body = s.replace(from, to).into_bytes();
        }
        w.start_file(name, opts).unwrap();
        w.write_all(&body).unwrap();
    }
    w.finish().unwrap().into_inner()
}

// ------------------------------------------------------------------------------------ spreadsheets

/// A cell as the user reads it (whole numbers without ".0").
pub fn text_of(v: &Data) -> String {
    match v {
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => panic!("unexpected cell {other:?}"),
    }
}

// ------------------------------------------------------------------------------------------- Word

/// Whether `n` is an element named `name` (any namespace prefix).
pub fn is(n: &roxmltree::Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name
}

/// An attribute by local name (`w:val` → "val").
pub fn attr<'a>(n: &roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == name).map(|a| a.value())
}

/// The text of every cell of the first table, row by row: runs joined (`w:tab` as a tab, `w:br` as '\n'),
/// paragraphs joined with '\n'.
pub fn docx_table(doc: &roxmltree::Document) -> Vec<Vec<String>> {
    let tbl = doc.descendants().find(|n| is(n, "tbl")).expect("a table");
    tbl.children()
        .filter(|n| is(n, "tr"))
        .map(|tr| {
            tr.children()
                .filter(|n| is(n, "tc"))
                .map(|tc| {
                    tc.children()
                        .filter(|n| is(n, "p"))
                        .map(|p| {
                            p.descendants()
                                .filter_map(|n| match n.tag_name().name() {
                                    "t" if n.is_element() => Some(n.text().unwrap_or("").to_string()),
                                    "tab" if n.is_element() => Some("\t".into()),
                                    "br" if n.is_element() => Some("\n".into()),
                                    _ => None,
                                })
                                .collect::<String>()
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .collect()
        })
        .collect()
}

// ------------------------------------------------------------------------------- outside programs

/// Whether `cmd arg` runs and succeeds (the tool is installed).
pub fn have(cmd: &str, arg: &str) -> bool {
    Command::new(cmd).arg(arg).output().map(|o| o.status.success()).unwrap_or(false)
}

/// LibreOffice and pdftotext are both installed (tools/setup.sh installs them); a test that needs them fails
/// when they are missing rather than passing without checking anything.
pub fn office_tools(what: &str) -> bool {
    let ok = have("soffice", "--version") && have("pdftotext", "-v");
    assert!(ok, "{what}: needs soffice (Debian libreoffice-writer-nogui, libreoffice-calc-nogui) and pdftotext (poppler-utils)");
    ok
}

/// Panics (never skips) when a tool the checks need is not installed.
pub fn require(cmd: &str, arg: &str, package: &str) {
    let ok = Command::new(cmd)
        .arg(arg)
        .output()
        .map(|o| o.status.success() || !o.stderr.is_empty() || !o.stdout.is_empty());
    assert!(
        ok.unwrap_or(false),
        "`{cmd}` is needed by this test and is not installed (Debian package {package})"
    );
}

/// The `fengong` binary run on the database `db`.
pub fn fengong(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fengong")).arg("--db").arg(db).args(args).output().expect("run fengong")
}

/// `file` converted by LibreOffice (the core's helper, also used by `fengong bench`) into `out_dir`.
pub fn convert(file: &Path, to: &str, out_dir: &Path) -> PathBuf {
    fengong::bench::formats::libreoffice_convert(file, to, out_dir).unwrap_or_else(|e| panic!("{e}"))
}

/// The text of a PDF by pdftotext in `mode` (`-layout`, `-raw`, `-bbox`).
pub fn pdf_text(pdf: &Path, mode: &str) -> String {
    let o = Command::new("pdftotext").arg(mode).arg(pdf).arg("-").output().expect("run pdftotext");
    assert!(o.status.success(), "pdftotext {mode} {}: {}", pdf.display(), String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// `text` with all whitespace removed (pdftotext spaces wide characters unevenly).
pub fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The non-empty pages of a PDF's text (pages split at form feeds), each squeezed.
pub fn pdf_pages(pdf: &Path, mode: &str) -> Vec<String> {
    pdf_text(pdf, mode).split('\u{c}').map(squeeze).filter(|p| !p.is_empty()).collect()
}

/// What `fengong export DOC -o PATH` does: the format from the extension, default options.
pub fn save_export(
    store: &fengong::store::Store,
    doc: fengong::model::DocumentId,
    path: &std::path::Path,
) -> fengong::Result<()> {
    let format = fengong::service::export::resolve_format(None, path)?;
    fengong::service::export::write_export(store, doc, path, format, &Default::default()).map(|_| ())
}
