//! Helpers shared by the PDF integration tests: run poppler-utils and qpdf on real files. A missing tool
//! makes the test FAIL with the package to install (CI installs them), never skip.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// Runs a tool and returns its stdout; panics with a clear message when the tool is missing or fails.
pub fn tool(name: &str, args: &[&str]) -> String {
    let pkg = if name == "qpdf" { "qpdf" } else { "poppler-utils" };
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("PDF 测试需要命令 `{name}`（请安装 {pkg}：apt-get install {pkg}）：{e}"));
    assert!(
        out.status.success(),
        "`{name} {}` 失败（{}）：\n{}\n{}",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// One line of `pdffonts`.
#[derive(Debug)]
pub struct FontLine {
    pub name: String,
    pub emb: bool,
    pub sub: bool,
    pub uni: bool,
}

pub fn pdffonts(path: &Path) -> Vec<FontLine> {
    tool("pdffonts", &[p(path)])
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let t: Vec<&str> = l.split_whitespace().collect();
            let n = t.len();
            assert!(n >= 6, "pdffonts 行无法解析：{l}");
            FontLine {
                name: t[0].to_string(),
                emb: t[n - 5] == "yes",
                sub: t[n - 4] == "yes",
                uni: t[n - 3] == "yes",
            }
        })
        .collect()
}

/// Every font embedded, subset (name tagged `ABCDEF+`), with a ToUnicode map.
pub fn assert_fonts_embedded_and_subset(path: &Path) -> Vec<FontLine> {
    let fonts = pdffonts(path);
    assert!(!fonts.is_empty(), "PDF 中没有字体");
    for f in &fonts {
        assert!(f.emb, "字体未嵌入：{f:?}");
        assert!(f.sub, "字体未子集化：{f:?}");
        assert!(f.uni, "字体没有 ToUnicode：{f:?}");
        let (tag, rest) = f.name.split_once('+').unwrap_or_else(|| panic!("子集字体名没有标记：{f:?}"));
        assert!(tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()), "子集标记不对：{f:?}");
        assert!(!rest.is_empty());
    }
    fonts
}

pub fn pdftotext_raw(path: &Path) -> String {
    tool("pdftotext", &["-raw", "-enc", "UTF-8", p(path), "-"])
}

/// Text of each page (split on form feeds).
pub fn pages_text(path: &Path) -> Vec<String> {
    let t = pdftotext_raw(path);
    let mut v: Vec<String> = t.split('\u{c}').map(str::to_string).collect();
    if v.last().is_some_and(|s| s.trim().is_empty()) {
        v.pop();
    }
    v
}

pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Each needle (whitespace removed) occurs in `hay` (whitespace removed), in order.
pub fn assert_in_order(hay: &str, needles: &[String]) {
    let hay = squash(hay);
    let mut at = 0;
    for n in needles {
        let n = squash(n);
        if n.is_empty() {
            continue;
        }
        match hay[at..].find(&n) {
            Some(i) => at += i + n.len(),
            None => {
                let found_anywhere = hay.contains(&n);
                panic!(
                    "PDF 文本中{}找不到“{n}”（已匹配到第 {at} 字节）",
                    if found_anywhere { "按顺序" } else { "" }
                );
            }
        }
    }
}

pub fn qpdf_check(path: &Path) {
    let out = tool("qpdf", &["--check", p(path)]);
    assert!(out.contains("No syntax or stream encoding errors"), "qpdf --check：{out}");
}

/// `pdfinfo` key → value.
pub fn pdfinfo(path: &Path) -> Vec<(String, String)> {
    tool("pdfinfo", &["-f", "1", "-l", "100000", p(path)])
        .lines()
        .filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string())))
        .collect()
}

pub fn info_value(info: &[(String, String)], key: &str) -> Option<String> {
    info.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

/// Page sizes in points, per page.
pub fn page_sizes(path: &Path) -> Vec<(f32, f32)> {
    pdfinfo(path)
        .into_iter()
        .filter(|(k, _)| k.starts_with("Page") && k.ends_with("size"))
        .map(|(_, v)| {
            let t: Vec<&str> = v.split_whitespace().collect();
            (t[0].parse().unwrap(), t[2].parse().unwrap())
        })
        .collect()
}

pub fn assert_size(got: (f32, f32), want: (f32, f32)) {
    assert!((got.0 - want.0).abs() < 1.0 && (got.1 - want.1).abs() < 1.0, "页面尺寸 {got:?}，应为 {want:?}");
}

pub const A4_PORTRAIT: (f32, f32) = (595.276, 841.89);
pub const A4_LANDSCAPE: (f32, f32) = (841.89, 595.276);
