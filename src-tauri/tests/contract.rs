//! What the shell shares with the UI and with the command-line tool, kept by checks:
//! - `ui/src/generated/ipc.ts`, the TypeScript types of every IPC payload, is exactly what the Rust types
//!   generate (ts-rs). A stale file fails here; `FENGONG_UPDATE_TYPES=1` rewrites it (the only way this
//!   test writes into the work tree).
//! - `ui/src/generated/rules.ts`, the data rules the forms check before sending (lengths, ranges), is
//!   exactly `fengong::rules`: the UI once allowed 500 characters of 事项 where the store allows 10,000.
//!   With them the named body sizes, the trash period and the default print options (the core's values).
//! - The database folder the core computes is the app's identifier in `tauri.conf.json`: the CLI and the
//!   app share a database only while the two agree.

use std::path::Path;

use ts_rs::{Config, TS};

/// The declarations in file order; every type a declaration names must itself be declared here.
struct Decls {
    cfg: Config,
    text: String,
    declared: Vec<String>,
    used: Vec<(String, String)>,
}

impl Decls {
    fn add<T: TS + 'static + ?Sized>(&mut self) -> &mut Self {
        if let Some(docs) = T::docs() {
            self.text.push_str(&docs);
        }
        self.text.push_str("export ");
        self.text.push_str(&T::decl(&self.cfg));
        self.text.push_str("\n\n");
        let name = T::ident(&self.cfg);
        for dep in T::dependencies(&self.cfg) {
            self.used.push((name.clone(), dep.ts_name));
        }
        self.declared.push(name);
        self
    }
}

const GENERATED: &str = "ui/src/generated/ipc.ts";
const REGENERATE: &str = "FENGONG_UPDATE_TYPES=1 cargo test -p fengong-desktop --test contract";

/// The text of `ui/src/generated/ipc.ts`.
fn ipc_ts() -> String {
    use fengong::{import, layout, model, store};
    use fengong_desktop::commands;
    // i64 ids and counts are JSON numbers (all far below 2^53), not bigint.
    let mut d = Decls {
        cfg: Config::new().with_large_int("number"),
        text: String::new(),
        declared: Vec::new(),
        used: Vec::new(),
    };
    d.add::<model::ColumnKind>()
        .add::<model::Column>()
        .add::<model::Document>()
        .add::<model::DocumentDraft>()
        .add::<model::DocumentSummary>()
        .add::<model::Role>()
        .add::<model::Assignment>()
        .add::<model::Item>()
        .add::<model::UnitRef>()
        .add::<model::ItemDraft>()
        .add::<model::Unit>()
        .add::<model::UnitSummary>()
        .add::<model::SearchHit>()
        .add::<model::SearchFilter>()
        .add::<fengong::service::columns::ColumnKindInfo>()
        .add::<fengong::service::naming::NameRequest>()
        .add::<fengong::service::sheets::UnitSheetRow>()
        .add::<fengong::service::sheets::UnitSheetRows>()
        .add::<layout::PageSetup>()
        .add::<layout::LayoutOptions>()
        .add::<fengong::export::ExportOptions>()
        .add::<import::ParsedRow>()
        .add::<import::ParsedAnnex>()
        .add::<import::UnplacedLine>()
        .add::<import::Normalisation>()
        .add::<import::ReportLine>()
        .add::<import::ImportReport>()
        .add::<store::ImportOutcome>()
        .add::<store::TrashedDocument>()
        .add::<store::HistoryState>()
        .add::<store::BackupReason>()
        .add::<store::BackupInfo>()
        .add::<store::BackupPolicy>()
        .add::<store::RestoreOutcome>()
        .add::<commands::backup::BackupOverview>()
        .add::<commands::export::ExportDone>()
        .add::<commands::Progress<'static>>()
        .add::<fengong_desktop::error::ErrorKind>()
        .add::<fengong_desktop::error::ErrorPayload>();
    for (user, dep) in &d.used {
        assert!(d.declared.contains(dep), "{user} 用到 {dep}，但 {dep} 不在 contract.rs 的类型清单里");
    }
    format!(
        "// 由 Rust 类型生成（ts-rs），请勿手改。重新生成：{REGENERATE}\n// Generated from the Rust types of the IPC payloads (src-tauri/tests/contract.rs).\n\n{}",
        d.text.trim_end().to_string() + "\n"
    )
}

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// The text of `ui/src/generated/rules.ts`: the core's data rules the UI's forms check before sending.
fn rules_ts() -> String {
    use fengong::rules as r;
    let rules: [(&str, &str, f64); 20] = [
        ("documentTitle", "文档标题最多字数", r::MAX_TITLE_CHARS as f64),
        ("itemTitle", "事项、复制推广范围最多字数", r::MAX_ITEM_TITLE_CHARS as f64),
        ("field", "其他正文栏最多字数", r::MAX_FIELD_CHARS as f64),
        ("shortField", "分管领导、完成时限最多字数", r::MAX_SHORT_FIELD_CHARS as f64),
        ("columns", "最多列数", r::MAX_COLUMNS as f64),
        ("columnLabel", "表头最多字数", r::MAX_COLUMN_LABEL_CHARS as f64),
        ("columnWidthMax", "一列的最大相对宽度", r::COLUMN_WIDTH_MAX as f64),
        ("unitName", "单位名称、别名最多字数", r::MAX_UNIT_NAME_CHARS as f64),
        ("unitFullName", "单位全称最多字数", r::MAX_UNIT_FULL_NAME_CHARS as f64),
        ("bodySizeMin", "正文最小字号（磅）", r::BODY_SIZE_MIN as f64),
        ("bodySizeMax", "正文最大字号（磅）", r::BODY_SIZE_MAX as f64),
        ("firstPageMax", "起始页码上限", r::FIRST_PAGE_MAX as f64),
        ("docNumber", "发文字号最多字数", r::MAX_DOC_NUMBER_CHARS as f64),
        ("query", "检索词最多字数", r::MAX_QUERY_CHARS as f64),
        ("backupKeepLastMax", "最多保留的备份份数", r::BACKUP_KEEP_LAST_MAX as f64),
        ("backupKeepWeeksMax", "每周备份最多保留的周数", r::BACKUP_KEEP_WEEKS_MAX as f64),
        ("annexLabel", "附件标签最多字数", r::MAX_ANNEX_LABEL_CHARS as f64),
        ("numberLabel", "序号最多字数", r::MAX_NUMBER_LABEL_CHARS as f64),
        ("trashDays", "回收站保留天数", fengong::store::TRASH_DAYS as f64),
        ("searchHits", "一次检索默认返回的最多条数", fengong::service::search::DEFAULT_SEARCH_HITS as f64),
    ];
    let mut s = format!(
        "// 由 fengong::rules 生成，请勿手改。重新生成：{REGENERATE}\n// The core's data rules (src/rules.rs); the store checks them again on every write.\n\nimport type {{ LayoutOptions }} from './ipc'\n\nexport const RULES = {{\n"
    );
    for (name, what, value) in rules {
        s.push_str(&format!("  /** {what} */\n  {name}: {value},\n"));
    }
    s.push_str("} as const\n\n");
    s.push_str("/** 可选的正文字号（磅与字号名），从大到小 */\nexport const BODY_SIZES = [\n");
    for (pt, name) in r::BODY_SIZES {
        s.push_str(&format!("  {{ pt: {}, name: '{name}' }},\n", pt as f64));
    }
    s.push_str("] as const\n\n");
    // The built-in sample's title, read from the sample (the welcome page quotes it).
    let title = fengong::sample::sample_title();
    assert!(title.ends_with("任务分工表") && !title.contains(['\'', '\n']), "{title}");
    s.push_str(&format!(
        "/** 内置示例的标题（从示例本身读出） */\nexport const SAMPLE_TITLE = '{title}'\n\n"
    ));
    // The print options a new preview starts with: LayoutOptions::default(), as the IPC sends it.
    let layout = serde_json::to_string(&fengong::layout::LayoutOptions::default()).unwrap();
    s.push_str(&format!(
        "/** 版式选项的默认值（LayoutOptions::default()） */\nexport const DEFAULT_LAYOUT_OPTIONS: Readonly<LayoutOptions> = {layout}\n"
    ));
    s
}

/// Compares a generated file with the committed one; `FENGONG_UPDATE_TYPES=1` rewrites it instead.
fn check_generated(rel: &str, want: &str) {
    let path = repo_root().join(rel);
    if std::env::var_os("FENGONG_UPDATE_TYPES").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, want).unwrap();
        return;
    }
    // Line endings as checked out (a Windows checkout may turn LF into CRLF).
    let have = std::fs::read_to_string(&path).unwrap_or_default().replace("\r\n", "\n");
    assert!(have == want, "{rel} 已过期：运行 {REGENERATE} 重新生成");
}

#[test]
fn generated_ipc_types_are_current() {
    check_generated(GENERATED, &ipc_ts());
}

#[test]
fn generated_rules_are_current() {
    check_generated("ui/src/generated/rules.ts", &rules_ts());
}

#[test]
fn database_folder_is_the_app_identifier() {
    let conf: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("src-tauri/tauri.conf.json")).unwrap(),
    )
    .unwrap();
    let identifier = conf["identifier"].as_str().expect("tauri.conf.json 没有 identifier");
    assert_eq!(fengong::store::APP_IDENTIFIER, identifier);
    // The platform files may not override it.
    for extra in ["tauri.linux.conf.json", "tauri.windows.conf.json", "tauri.macos.conf.json"] {
        if let Ok(text) = std::fs::read_to_string(repo_root().join("src-tauri").join(extra)) {
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert!(v.get("identifier").is_none(), "{extra} 改了 identifier");
        }
    }
    // And the default database is in that folder.
    let db = fengong::store::Store::default_path().unwrap();
    assert_eq!(db.parent().unwrap().file_name().unwrap().to_str(), Some(identifier));
}
