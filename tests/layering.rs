//! The layering the README promises, kept by a check: no dependency cycle between the top-level modules of
//! the core (`store`, `import`, `export`, `pdf`, `layout`, `model`, `bundle`, …), none between the files of
//! one module, and no store access below the application layer (`pdf`, `export` and `layout` draw and write
//! what they are given; reading the database is the service layer's job).
//!
//! How references are found (line and token based, no parser; enough for this code base):
//! - Comments and string/char literals are blanked first, so a doc comment naming `crate::export` is no
//!   reference. Test code is not layering: files declared `#[cfg(test)] mod x;` (with their children) and
//!   any item under `#[cfg(test)]` (inline `mod tests { … }`) are skipped.
//! - A reference is a path `crate::a::b`, `super::…` (resolved against the file's module), `self::…`, or a
//!   path starting with a child module the file declares; `use` trees (`use super::{a, b::C}`) are expanded.
//!   A name a module imports (`pub use report::ImportReport` in `import/mod.rs`) is followed to where it is
//!   defined, so `super::ImportReport` from a sibling counts as a reference to `import/report.rs`.
//! - Each file is one module (`src/a.rs` and `src/a/mod.rs` are `a`, `src/a/b.rs` is `a::b`); a reference
//!   goes to the deepest module file on its path. `src/main.rs` is another crate (the CLI binary) and not
//!   checked.
//!
//! Rules:
//! - (a) Top-level modules: an edge `a → b` for any reference from a file under `a` to something under `b`;
//!   the graph must have no cycle.
//! - (b) Files inside one module: checked between siblings (the files and folders directly under the same
//!   parent module), an edge `x → y` for any reference from `x` or its children to `y` or its children. The
//!   parent (`mod.rs`, or `docx.rs` for `docx/…`) is the module's root: it declares and uses its children,
//!   and children use what it defines (`super::Store`) — the normal Rust pattern, so edges to or from the
//!   parent itself are not counted. What the parent only re-exports belongs to the child that defines it.
//! - (c) No reference to `store` from `pdf`, `export` or `layout`.
//! - (d) Readers and writers stand side by side: no reference between `pdf` and `export`, nor between
//!   `import` and `export` in either direction (what both need lives below them, in `layout`, `model`,
//!   `rules`, `formats` or `fsutil`). A one-way reference is no cycle, but it is how the last one began.
//! - (e) The application layer is the top: nothing but the benchmarks (which time the service's own
//!   functions) refers to `service`.
//! - File-level cycles through a module's root (`import/mod.rs` ↔ `import/records.rs`) are not counted, as
//!   said in (b): about twenty such pairs exist, each a parent using its children and the children using
//!   the types the parent defines.
//!
//! Known limit: `super::` inside an inline module (`mod inner { … }`, not `#[cfg(test)]`) is resolved
//! against the file's module, one level too high; the core has two such modules (`bundle/dates.rs`, serde
//! helpers that use only the standard library and chrono).
//!
//! Every cycle and every forbidden reference is printed, with the file and line that makes each edge.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type ModPath = Vec<String>;

/// One reference: from a file's module to an absolute path, where it was written.
struct Reference {
    from: ModPath,
    to: ModPath,
    at: String,
}

struct Crate {
    /// Module path of every (non-test) file.
    modules: BTreeSet<ModPath>,
    /// For each module, the names it imports with `use`: name → absolute path.
    imports: BTreeMap<ModPath, BTreeMap<String, ModPath>>,
    refs: Vec<Reference>,
}

/// Blanks comments, string and char literals (keeping line breaks, so line numbers stay right).
fn strip(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let blank = |out: &mut String, ch: char| out.push(if ch == '\n' { '\n' } else { ' ' });
    let mut i = 0;
    while i < c.len() {
        let at = |k: usize| c.get(k).copied().unwrap_or('\0');
        if c[i] == '/' && at(i + 1) == '/' {
            while i < c.len() && c[i] != '\n' {
                i += 1;
                out.push(' ');
            }
        } else if c[i] == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if c[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, c[i]);
                    i += 1;
                }
            }
        } else if (c[i] == 'r' || (c[i] == 'b' && at(i + 1) == 'r'))
            && i.checked_sub(1).is_none_or(|p| !is_ident_char(c[p]))
            && {
                let s = if c[i] == 'b' { i + 2 } else { i + 1 };
                let mut k = s;
                while at(k) == '#' {
                    k += 1;
                }
                at(k) == '"'
            }
        {
            // Raw string r"…", r#"…"#, br"…".
            let mut k = if c[i] == 'b' { i + 2 } else { i + 1 };
            let mut hashes = 0;
            while at(k) == '#' {
                hashes += 1;
                k += 1;
            }
            for _ in i..=k {
                out.push(' ');
            }
            i = k + 1;
            while i < c.len() {
                if c[i] == '"' && (1..=hashes).all(|h| at(i + h) == '#') {
                    for _ in 0..=hashes {
                        out.push(' ');
                    }
                    i += hashes + 1;
                    break;
                }
                blank(&mut out, c[i]);
                i += 1;
            }
        } else if c[i] == '"' {
            out.push(' ');
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    blank(&mut out, c[i]);
                    i += 1;
                }
                if i < c.len() {
                    blank(&mut out, c[i]);
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c[i] == '\'' && (at(i + 1) == '\\' || (at(i + 2) == '\'' && at(i + 1) != '\'')) {
            // A char literal (a lifetime `'a` has no closing quote).
            out.push(' ');
            i += 1;
            while i < c.len() && c[i] != '\'' {
                if c[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < c.len() {
                    blank(&mut out, c[i]);
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// Blanks every item under `#[cfg(test)]` (up to its `;` or its closing brace).
fn strip_test_items(code: &str) -> String {
    let mut c: Vec<char> = code.chars().collect();
    let pattern: Vec<char> = "#[cfg(test)]".chars().collect();
    let mut i = 0;
    while i + pattern.len() <= c.len() {
        if c[i..i + pattern.len()] != pattern[..] {
            i += 1;
            continue;
        }
        let mut k = i;
        let mut depth = 0i32;
        let mut opened = false;
        while k < c.len() {
            if k >= i + pattern.len() {
                match c[k] {
                    '{' | '(' | '[' => {
                        depth += 1;
                        opened |= c[k] == '{';
                    }
                    '}' | ')' | ']' => depth -= 1,
                    _ => {}
                }
            }
            let end = depth == 0 && k >= i + pattern.len() && (c[k] == ';' || (c[k] == '}' && opened));
            if c[k] != '\n' {
                c[k] = ' ';
            }
            k += 1;
            if end {
                break;
            }
        }
        i = k;
    }
    c.into_iter().collect()
}

/// Test-only child modules declared in a file (`#[cfg(test)] mod tests;`).
fn test_children(code: &str) -> Vec<String> {
    let flat: String = code.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    let mut rest = flat.as_str();
    while let Some(p) = rest.find("#[cfg(test)]") {
        rest = &rest[p + "#[cfg(test)]".len()..];
        let t = rest.trim_start();
        let t = t.strip_prefix("pub ").unwrap_or(t).trim_start();
        if let Some(m) = t.strip_prefix("mod ") {
            let name: String = m.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if m[name.len()..].trim_start().starts_with(';') {
                out.push(name);
            }
        }
    }
    out
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Child modules a file declares (`mod x;`, `pub mod x;`, `pub(crate) mod x;`).
fn declared_children(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices("mod ") {
        if i > 0 && is_ident_char(code[..i].chars().last().unwrap_or(' ')) {
            continue;
        }
        let name: String = code[i + 4..].trim_start().chars().take_while(|c| is_ident_char(*c)).collect();
        let after = code[i + 4..].trim_start()[name.len()..].trim_start();
        if !name.is_empty() && after.starts_with(';') {
            out.insert(name);
        }
    }
    out
}

/// Expands a `use` tree (`a::{b, c::d as e, f::*}`) into (local name, path) pairs; `self` in a group names
/// the group's path itself.
fn expand_use(tree: &str, prefix: &[String], out: &mut Vec<(String, Vec<String>)>) {
    let tree = tree.trim();
    if tree.is_empty() {
        return;
    }
    if let Some(open) = tree.find('{') {
        let head = tree[..open].trim().trim_end_matches("::").trim();
        let mut base: Vec<String> = prefix.to_vec();
        base.extend(head.split("::").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let mut depth = 0;
        let mut start = 0;
        for (i, ch) in inner.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand_use(&inner[start..i], &base, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand_use(&inner[start..], &base, out);
        return;
    }
    let (path, alias) = match tree.split_once(" as ") {
        Some((p, a)) => (p.trim(), Some(a.trim().to_string())),
        None => (tree, None),
    };
    let mut full: Vec<String> = prefix.to_vec();
    full.extend(path.split("::").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
    if full.last().is_some_and(|s| s == "self") {
        full.pop();
    }
    if full.last().is_some_and(|s| s == "*") {
        full.pop();
        out.push((String::new(), full));
        return;
    }
    let name = alias.unwrap_or_else(|| full.last().cloned().unwrap_or_default());
    out.push((name, full));
}

/// The absolute path of a path written in module `module` (which declares `children`), or None for a path
/// outside the crate (std, dependencies, local names).
fn absolute(path: &[String], module: &[String], children: &BTreeSet<String>) -> Option<ModPath> {
    let first = path.first()?;
    match first.as_str() {
        "crate" => Some(path[1..].to_vec()),
        "self" => Some(module.iter().chain(&path[1..]).cloned().collect()),
        "super" => {
            let ups = path.iter().take_while(|s| *s == "super").count();
            if ups > module.len() {
                return None;
            }
            Some(module[..module.len() - ups].iter().chain(&path[ups..]).cloned().collect())
        }
        name if children.contains(name) => Some(module.iter().chain(path).cloned().collect()),
        _ => None,
    }
}

/// The module of a source file, from its path under `src/`.
fn module_of(rel: &Path) -> ModPath {
    let mut parts: Vec<String> = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("read src").flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn read_crate(src: &Path) -> Crate {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.retain(|f| f != &src.join("main.rs"));
    let mut code: BTreeMap<ModPath, (String, String)> = BTreeMap::new();
    let mut test_modules: Vec<ModPath> = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(src).expect("under src");
        let m = module_of(rel);
        let text = std::fs::read_to_string(f).expect("read source");
        let stripped = strip(&text);
        for t in test_children(&stripped) {
            test_modules.push(m.iter().cloned().chain([t]).collect());
        }
        code.insert(m, (format!("src/{}", rel.display()).replace('\\', "/"), strip_test_items(&stripped)));
    }
    code.retain(|m, _| !test_modules.iter().any(|t| m.starts_with(t)));

    let mut krate =
        Crate { modules: code.keys().cloned().collect(), imports: BTreeMap::new(), refs: Vec::new() };
    for (m, (file, text)) in &code {
        let children = declared_children(text);
        let mut imports = BTreeMap::new();
        // `use` trees.
        let mut search = 0;
        while let Some(p) = text[search..].find("use ") {
            let at = search + p;
            search = at + 4;
            let before = text[..at].trim_end();
            let starts_item = before.is_empty()
                || before.ends_with([';', '{', '}', ']'])
                || before.ends_with("pub")
                || before.ends_with(')');
            if (at > 0 && is_ident_char(text[..at].chars().last().unwrap_or(' '))) || !starts_item {
                continue;
            }
            let Some(end) = text[at..].find(';') else { continue };
            let tree: String = text[at + 4..at + end].split_whitespace().collect::<Vec<_>>().join(" ");
            let line = text[..at].matches('\n').count() + 1;
            let mut pairs = Vec::new();
            expand_use(&tree, &[], &mut pairs);
            for (name, path) in pairs {
                if let Some(abs) = absolute(&path, m, &children) {
                    if !name.is_empty() && name != "_" {
                        imports.insert(name, abs.clone());
                    }
                    krate.refs.push(Reference { from: m.clone(), to: abs, at: format!("{file}:{line}") });
                }
            }
        }
        // Paths in code: `crate::…`, `super::…`, `self::…`, `child::…`.
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (pos, ch) = chars[i];
            let boundary = i == 0 || !(is_ident_char(chars[i - 1].1) || chars[i - 1].1 == ':');
            if !(boundary && is_ident_char(ch)) {
                i += 1;
                continue;
            }
            // Read `ident (:: ident)*`, whitespace allowed around `::`.
            let mut segs: Vec<String> = Vec::new();
            let mut k = i;
            loop {
                let mut s = String::new();
                while k < chars.len() && is_ident_char(chars[k].1) {
                    s.push(chars[k].1);
                    k += 1;
                }
                if s.is_empty() {
                    break;
                }
                segs.push(s);
                let mut j = k;
                while j < chars.len() && chars[j].1.is_whitespace() {
                    j += 1;
                }
                if j + 1 < chars.len() && chars[j].1 == ':' && chars[j + 1].1 == ':' {
                    j += 2;
                    while j < chars.len() && chars[j].1.is_whitespace() {
                        j += 1;
                    }
                    k = j;
                } else {
                    break;
                }
            }
            if segs.len() >= 2 {
                if let Some(abs) = absolute(&segs, m, &children) {
                    let line = text[..pos].matches('\n').count() + 1;
                    krate.refs.push(Reference { from: m.clone(), to: abs, at: format!("{file}:{line}") });
                }
            }
            i = k.max(i + 1);
        }
        krate.imports.insert(m.clone(), imports);
    }
    krate
}

impl Crate {
    /// The module file that defines what `path` names: the deepest module on the path, following names a
    /// module imports to their definition.
    fn target(&self, path: &[String]) -> ModPath {
        let mut path = path.to_vec();
        for _ in 0..16 {
            let depth = (0..=path.len()).rev().find(|&n| self.modules.contains(&path[..n])).unwrap_or(0);
            let module = path[..depth].to_vec();
            let Some(next) = path.get(depth) else { return module };
            match self.imports.get(&module).and_then(|i| i.get(next)) {
                Some(to) if !to.starts_with(&path) => {
                    path = to.iter().chain(&path[depth + 1..]).cloned().collect();
                }
                _ => return module,
            }
        }
        path
    }

    /// Module-to-module edges (deduplicated, first place kept), without references inside one module.
    fn edges(&self) -> BTreeMap<(ModPath, ModPath), String> {
        let mut out = BTreeMap::new();
        for r in &self.refs {
            let to = self.target(&r.to);
            if to != r.from {
                out.entry((r.from.clone(), to)).or_insert_with(|| r.at.clone());
            }
        }
        out
    }
}

/// Every elementary cycle of a small graph, each once (starting at its smallest node).
fn cycles(edges: &BTreeMap<(String, String), String>) -> Vec<Vec<String>> {
    let nodes: BTreeSet<&String> = edges.keys().flat_map(|(a, b)| [a, b]).collect();
    let mut found = Vec::new();
    for start in &nodes {
        let mut stack = vec![(*start).clone()];
        walk(start, edges, &mut stack, &mut found);
    }
    fn walk(
        start: &str,
        edges: &BTreeMap<(String, String), String>,
        stack: &mut Vec<String>,
        found: &mut Vec<Vec<String>>,
    ) {
        let here = stack.last().cloned().unwrap_or_default();
        for (_, to) in edges.keys().filter(|(a, _)| *a == here) {
            if to == start {
                found.push(stack.clone());
            } else if to.as_str() > start && !stack.contains(to) {
                stack.push(to.clone());
                walk(start, edges, stack, found);
                stack.pop();
            }
        }
    }
    found
}

fn describe(cycle: &[String], edges: &BTreeMap<(String, String), String>) -> String {
    let mut s = String::new();
    for (i, a) in cycle.iter().enumerate() {
        let b = &cycle[(i + 1) % cycle.len()];
        s.push_str(&format!("\n    {a} → {b}  ({})", edges[&(a.clone(), b.clone())]));
    }
    s
}

fn name(m: &[String]) -> String {
    if m.is_empty() {
        "crate".to_string()
    } else {
        m.join("::")
    }
}

fn core() -> Crate {
    read_crate(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

/// A crate written to a temporary folder, for checking the rules themselves.
fn synthetic(files: &[(&str, &str)]) -> Crate {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, text).expect("write");
    }
    read_crate(dir.path())
}

/// (a) and (c) as a list of problems.
fn top_level_problems(krate: &Crate) -> Vec<String> {
    let mut top: BTreeMap<(String, String), String> = BTreeMap::new();
    for ((from, to), at) in krate.edges() {
        let (Some(a), Some(b)) = (from.first(), to.first()) else { continue };
        if a != b {
            top.entry((a.clone(), b.clone())).or_insert(at);
        }
    }
    let mut problems: Vec<String> = cycles(&top)
        .iter()
        .map(|c| format!("顶层模块成环：{}{}", c.join(" → "), describe(c, &top)))
        .collect();
    for low in ["pdf", "export", "layout"] {
        if let Some(at) = top.get(&(low.to_string(), "store".to_string())) {
            problems.push(format!("{low} 直接读数据库（crate::store）：{at}；读库应在应用层（service）"));
        }
    }
    for (a, b) in [("pdf", "export"), ("export", "pdf"), ("import", "export"), ("export", "import")] {
        if let Some(at) = top.get(&(a.to_string(), b.to_string())) {
            problems.push(format!(
                "{a} 引用了 {b}：{at}；读写各种文件的模块互不依赖，共用的放到下层（formats、model、rules）"
            ));
        }
    }
    for ((a, b), at) in &top {
        if b == "service" && a != "bench" {
            problems.push(format!(
                "{a} 引用了应用层 service：{at}；service 在最上层，只有 CLI、桌面端和性能测试调用它"
            ));
        }
    }
    problems
}

/// (b) as a list of problems.
fn file_level_problems(krate: &Crate) -> Vec<String> {
    // Sibling edges, grouped by parent.
    let mut by_parent: BTreeMap<ModPath, BTreeMap<(String, String), String>> = BTreeMap::new();
    for ((from, to), at) in krate.edges() {
        let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
        // Within one top-level module, between two different children of the common parent.
        if common == 0 || common >= from.len() || common >= to.len() {
            continue;
        }
        let parent = from[..common].to_vec();
        by_parent.entry(parent).or_default().entry((from[common].clone(), to[common].clone())).or_insert(at);
    }
    let mut problems = Vec::new();
    for (parent, edges) in &by_parent {
        for c in cycles(edges) {
            problems.push(format!("{} 内的文件成环：{}{}", name(parent), c.join(" → "), describe(&c, edges)));
        }
    }
    problems
}

#[test]
fn no_dependency_cycles_and_no_store_below_the_service_layer() {
    let krate = core();
    let mut problems = top_level_problems(&krate);
    problems.extend(file_level_problems(&krate));
    assert!(problems.is_empty(), "分层检查未通过（{} 处）：\n{}\n", problems.len(), problems.join("\n\n"));
}

#[test]
fn the_check_sees_references() {
    // The check is only worth something if it finds what is there: the store imports through `import`,
    // a sibling reference through a parent's re-export is followed, and test code is left out.
    let krate = core();
    let edges = krate.edges();
    let has = |a: &str, b: &str| {
        let p = |s: &str| s.split("::").map(str::to_string).collect::<Vec<_>>();
        edges.keys().any(|(f, t)| f.starts_with(&p(a)) && t.starts_with(&p(b)))
    };
    assert!(has("store", "import"), "store → import not seen");
    assert!(has("store", "model"), "store → model not seen");
    assert!(has("import::docx", "import::report"), "import::docx → import::report (re-exported) not seen");
    assert!(!krate.modules.iter().any(|m| m.last().is_some_and(|l| l == "tests")), "test modules read");
}

#[test]
fn the_rules_on_a_small_crate() {
    let krate = synthetic(&[
        ("lib.rs", "pub mod a;\npub mod b;\npub mod store;\npub mod pdf;\n"),
        // a ↔ b at the top, through a re-export in b and a `crate::` path in code.
        (
            "a/mod.rs",
            "mod x;\nmod y;\nmod z;\npub use y::Thing;\npub struct Root;\n#[cfg(test)]\nmod tests;\n",
        ),
        ("a/x.rs", "use super::{Root, Thing};\n"),
        ("a/y.rs", "pub struct Thing;\nfn f() { super::z::g(); let _ = crate::b::B; }\n"),
        ("a/z.rs", "pub fn g() { let _ = super::Thing; }\n// crate::store::S\n"),
        ("a/tests.rs", "use crate::store::S;\nuse super::x;\n"),
        ("b.rs", "pub use crate::a::Thing as T;\npub struct B;\n"),
        ("store.rs", "pub struct S;\n#[cfg(test)]\nmod tests { use crate::pdf::P; }\n"),
        ("pdf.rs", "pub struct P; fn s() -> &'static str { \"crate::store::S\" }\n"),
    ]);
    let top = top_level_problems(&krate);
    assert_eq!(top.len(), 1, "{top:#?}");
    assert!(top[0].contains("a → b  (src/a/y.rs:2)") && top[0].contains("b → a  (src/b.rs:1)"), "{}", top[0]);
    // x → y only through the parent's re-export; the parent's own `Root` is no edge; y ↔ z is a cycle.
    let files = file_level_problems(&krate);
    assert_eq!(files.len(), 1, "{files:#?}");
    assert!(files[0].starts_with("a 内的文件成环：y → z"), "{}", files[0]);
    let edges = krate.edges();
    let e = |f: &str, t: &str| edges.contains_key(&(vec!["a".into(), f.into()], vec!["a".into(), t.into()]));
    assert!(e("x", "y") && !e("y", "x"));
}

#[test]
fn readers_writers_and_the_service_layer_keep_their_places() {
    let krate = synthetic(&[
        ("lib.rs", "pub mod import;\npub mod export;\npub mod service;\npub mod bench;\npub mod store;\n"),
        ("import.rs", "use crate::export::SHEET;\n"),
        ("export.rs", "pub const SHEET: &str = \"\";\n"),
        ("service.rs", "use crate::{export, import, store};\n"),
        ("bench.rs", "use crate::service;\n"),
        ("store.rs", "pub fn f() { crate::service::g(); }\n"),
    ]);
    let top = top_level_problems(&krate);
    let said = |what: &str| top.iter().any(|p| p.starts_with(what));
    assert!(said("import 引用了 export"), "{top:#?}");
    assert!(said("store 引用了应用层 service"), "{top:#?}");
    assert!(!said("bench 引用了"), "the benchmarks may time the service: {top:#?}");
}

#[test]
fn cycles_are_found_and_printed() {
    let e = |pairs: &[(&str, &str)]| -> BTreeMap<(String, String), String> {
        pairs.iter().map(|(a, b)| ((a.to_string(), b.to_string()), format!("{a}.rs:1"))).collect()
    };
    assert!(cycles(&e(&[("a", "b"), ("b", "c")])).is_empty());
    let g = e(&[("a", "b"), ("b", "a"), ("b", "c"), ("c", "a"), ("d", "d")]);
    let found = cycles(&g);
    assert_eq!(
        found,
        vec![vec!["a".to_string(), "b".into()], vec!["a".into(), "b".into(), "c".into()], vec!["d".into()]]
    );
    assert!(describe(&found[0], &g).contains("b → a  (b.rs:1)"));
}

#[test]
fn literals_comments_and_tests_are_not_references() {
    let s = strip("let a = \"crate::x\"; // crate::y\n/* crate::z */ let c = '\"'; let r = r#\"crate::w\"#; 'a: loop {}");
    assert!(!s.contains("crate::"), "{s}");
    assert!(s.contains("'a: loop"), "{s}");
    assert_eq!(s.matches('\n').count(), 1);
    let t = strip_test_items("fn f() {}\n#[cfg(test)]\nmod tests {\n use crate::store;\n}\nfn g() {}");
    assert!(!t.contains("store") && t.contains("fn g"), "{t}");
    let mut out = Vec::new();
    expand_use("super::{validate, zh::{self, t as u}, Bundle}", &[], &mut out);
    let names: Vec<&str> = out.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["validate", "zh", "u", "Bundle"]);
    assert_eq!(out[2].1, ["super", "zh", "t"]);
}
