//! Data subcommands: import, sample, list, show, search, units.

use std::path::PathBuf;

use clap::Args;

use fengong::model::{number_items, ColumnKind, SearchFilter};
use fengong::store::{ImportOutcome, Store};
use fengong::{Error, Result};

#[derive(Args)]
pub struct ImportArgs {
    /// 要导入的文件：Word（.docx）、Excel（.xlsx/.xls）、.ods、网页（.html）、CSV、文本（UTF-8 或 GBK）或分工数据包（.json）；格式按内容识别
    file: PathBuf,
    /// 指定某列的含义，如 --column 项目=事项 --column 目标=主要内容（含义：序号、事项、主要内容、牵头单位、配合单位、责任单位、分管领导、复制推广范围、完成时限、备注，其他名称作其他列）；导入后同样表头的文件按此读取
    #[arg(long = "column", value_name = "列名=含义")]
    columns: Vec<String>,
    /// 即使同一份附件已导入过，也再导入一份
    #[arg(long, conflicts_with = "update")]
    again: bool,
    /// 用这次导入的内容更新已有的文档（编号或标题）：各行换成新内容，文档信息和列设置不变，可撤销
    #[arg(long, value_name = "文档")]
    update: Option<String>,
    /// 只解析并打印报告，不写入数据库
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Args)]
pub struct ShowArgs {
    /// 文档编号或完整标题（见 fengong list）
    doc: String,
}

#[derive(Args)]
pub struct SearchArgs {
    /// 检索词（两个字以内按包含查找，三个字以上用全文索引）
    #[arg(default_value = "")]
    query: String,
    /// 只看某单位承担的事项
    #[arg(long)]
    unit: Option<String>,
    /// 只看某复制推广范围
    #[arg(long)]
    scope: Option<String>,
    /// 只看该单位（--unit 或检索词所指的单位）以此角色承担的事项：牵头、配合或责任
    #[arg(long, value_name = "角色")]
    role: Option<String>,
    /// 只在某文档中检索（编号或标题）
    #[arg(long)]
    doc: Option<String>,
    /// 最多显示多少条
    #[arg(long, default_value_t = 100)]
    limit: usize,
}

fn parse(args: &ImportArgs) -> Result<fengong::import::ParsedAnnex> {
    // Messages name the file as it was typed.
    fengong::service::import::parse_file(&args.file, &args.file.display().to_string())
}

/// The `--column 列名=含义` choices applied in order.
fn choose(
    mut parsed: fengong::import::ParsedAnnex,
    args: &ImportArgs,
) -> Result<fengong::import::ParsedAnnex> {
    for c in &args.columns {
        let Some((label, meaning)) = c.split_once(['=', '＝']) else {
            return Err(Error::invalid(format!(
                "--column 应写成“列名=含义”，如 --column 项目=事项（收到“{c}”）"
            )));
        };
        parsed = fengong::service::import::choose_column_by_label(&parsed, label.trim(), meaning.trim())?;
    }
    Ok(parsed)
}

/// `import --dry-run`: parse and report what the import would do. An existing database is only read (never
/// created, upgraded or written): the column meanings remembered there for the same header apply as they
/// would on import, and the units the import would create are listed.
pub fn import_dry_run(args: &ImportArgs, db: &std::path::Path) -> Result<()> {
    let mut parsed = parse(args)?;
    let store = Store::open_to_read(db)?;
    if let Some(store) = &store {
        parsed = fengong::service::import::with_remembered_columns(store, parsed)?;
    }
    let mut parsed = choose(parsed, args)?;
    if let Some(store) = &store {
        parsed = fengong::service::import::with_units_to_create(store, parsed)?;
    }
    say!("解析结果：{} 行，{} 列（未写入数据库）", parsed.rows.len(), parsed.columns.len());
    if store.is_none() {
        say!("数据库“{}”不存在或尚未升级，未读取其中记住的列含义和单位名录", db.display());
    }
    for line in fengong::import::preview_lines(&parsed) {
        say!("{line}");
    }
    print_report_lines(&parsed.report.to_lines());
    // What the import would refuse, the dry run refuses too.
    parsed.check()
}

pub fn import(store: &mut Store, args: &ImportArgs) -> Result<()> {
    let parsed = fengong::service::import::with_remembered_columns(store, parse(args)?)?;
    let parsed = choose(parsed, args)?;
    let outcome = match &args.update {
        Some(doc) => {
            let doc = store.find_document(doc)?.id;
            store.update_from_import(doc, &parsed)?
        }
        None => fengong::service::import::import(store, &parsed, args.again)?,
    };
    print_outcome(store, &outcome)
}

pub fn sample(store: &mut Store) -> Result<()> {
    let outcome = store.load_sample()?;
    print_outcome(store, &outcome)
}

fn print_outcome(store: &Store, o: &ImportOutcome) -> Result<()> {
    let doc = store.document(o.document_id)?;
    say!("已导入文档 {}《{}》", o.document_id, doc.title_one_line());
    say!(
        "  事项 {} 项{}，单位分工 {} 条（牵头 {} 条），新建单位 {} 个{}",
        o.items,
        if o.headings > 0 { format!("（另有分组标题 {} 行）", o.headings) } else { String::new() },
        o.assignments,
        o.lead_assignments,
        o.units_created.len(),
        if o.units_created.is_empty() {
            String::new()
        } else {
            format!("：{}", o.units_created.join("、"))
        }
    );
    if !o.units_merged.is_empty() {
        say!("  并入已有单位：{}", o.units_merged.join("；"));
    }
    print_report_lines(&o.report.to_lines());
    Ok(())
}

fn print_report_lines(lines: &[String]) {
    if lines.is_empty() {
        say!("导入报告：没有需要复核的内容。");
    } else {
        say!("导入报告：");
        for l in lines {
            say!("  {l}");
        }
    }
}

pub fn list(store: &Store) -> Result<()> {
    let docs = store.list_documents()?;
    if docs.is_empty() {
        say!("数据库中还没有文档。可运行 fengong sample 导入内置示例，或 fengong import 文件 导入附件。");
        return Ok(());
    }
    say!("编号\t事项数\t最后修改\t\t发文字号\t标题\t来源");
    for d in docs {
        say!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            d.id,
            d.item_count,
            d.updated_at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M"),
            d.doc_number.as_deref().unwrap_or("—"),
            d.title_one_line(),
            if d.source.is_empty() { "—" } else { &d.source }
        );
    }
    Ok(())
}

/// The table as text: the label, the title lines, then one block per item in the document's columns.
pub fn show(store: &Store, args: &ShowArgs) -> Result<()> {
    let doc = store.find_document(&args.doc)?;
    let items = store.items(doc.id)?;
    let numbers = number_items(&items);
    match &doc.doc_number {
        Some(n) => say!("{n}  {}", doc.annex_label),
        None => say!("{}", doc.annex_label),
    }
    say!();
    for line in doc.title.lines() {
        say!("{line}");
    }
    say!();
    let labels: Vec<&str> = doc.columns.iter().map(|c| c.label.as_str()).collect();
    say!("{}", labels.join(" | "));
    for (it, num) in items.iter().zip(&numbers) {
        say!();
        if it.is_heading {
            say!("{}", it.title);
            continue;
        }
        for col in &doc.columns {
            let text = if col.kind == ColumnKind::Number { num.clone() } else { it.cell_text(&col.kind) };
            let mut lines = text.lines();
            say!("{}：{}", col.label, lines.next().unwrap_or(""));
            for l in lines {
                say!("    {l}");
            }
        }
    }
    say!();
    say!("共 {} 项。", numbers.iter().filter(|n| !n.is_empty()).count());
    Ok(())
}

pub fn search(store: &Store, args: &SearchArgs) -> Result<()> {
    let mut filter = SearchFilter::default();
    if let Some(name) = &args.unit {
        let unit = store
            .find_unit(name)?
            .ok_or_else(|| Error::invalid(format!("没有名为“{name}”的单位；用 fengong units 查看单位")))?;
        filter.unit_id = Some(unit.id);
    }
    filter.scope = args.scope.clone();
    if let Some(role) = &args.role {
        filter.role = Some(
            fengong::model::Role::parse(role.trim())
                .ok_or_else(|| Error::invalid(format!("--role 应为 牵头、配合 或 责任（收到“{role}”）")))?,
        );
    }
    if let Some(d) = &args.doc {
        filter.document_id = Some(store.find_document(d)?.id);
    }
    if args.query.trim().is_empty() && filter == SearchFilter::default() {
        return Err(Error::invalid("请给出检索词，或用 --unit / --scope / --role / --doc 筛选"));
    }
    let hits = fengong::service::search::search(store, &args.query, &filter, Some(args.limit))?;
    let (shown, capped) = fengong::service::search::hit_limit(Some(args.limit));
    if capped {
        tell!("注意：--limit {} 超过上限，最多显示 {shown} 条", args.limit);
    }
    if hits.is_empty() {
        say!("没有找到匹配的事项。");
        return Ok(());
    }
    for h in &hits {
        let snippet = h.snippet.replace('\u{2}', "【").replace('\u{3}', "】").replace('\n', " ");
        let roles: String = h.roles.iter().map(|r| format!("【{}】", r.label())).collect();
        say!("文档 {} 第 {} 行  {roles}{}\n    {}", h.document_id, h.position + 1, h.title, snippet);
    }
    say!("共找到 {} 项。", hits.len());
    Ok(())
}

pub fn units(store: &Store) -> Result<()> {
    let units = store.units()?;
    if units.is_empty() {
        say!("单位目录为空。");
        return Ok(());
    }
    say!("编号\t牵头\t配合\t责任\t单位");
    for u in units {
        let mut name = u.unit.name.clone();
        if let Some(f) = &u.unit.full_name {
            name.push_str(&format!("（{f}）"));
        }
        if !u.unit.aliases.is_empty() {
            name.push_str(&format!("  别称：{}", u.unit.aliases.join("、")));
        }
        say!("{}\t{}\t{}\t{}\t{}", u.unit.id, u.lead_count, u.cooperating_count, u.responsible_count, name);
    }
    Ok(())
}
