//! A 分工方案 written as running text, not a table. Two shapes, often in one document:
//!
//! - **Units in a trailing parenthesis**: headings `一、…` / `（一）…`, then tasks (`3.推进政务服务“一网通办”。
//!   …。（省政务服务数据管理局牵头，省有关单位按职责分工负责）`).
//! - **List forms**: a task paragraph followed by lines `牵头单位：…`, `配合单位：…`, `责任单位：…`,
//!   `完成时限：…`, `牵头领导：…` (any label [`super::labels::classify`] knows).
//!
//! The reader turns the text into the records a table would have given — a header row of the columns the
//! document fills, one row per task, one per heading — so the rules every format shares
//! ([`super::records`]) read them: front matter, headings, punctuation, units, deadlines, the report.
//! Lines that are neither (the notice's own prose, a closing line) go to the report as not imported.
//!
//! Roles come from the words in the parenthesis: 牵头/主办 → lead; 配合/参与/协助/协同/协办 → cooperating;
//! 负责 (also 按职责分工负责, 分别负责, 落实) without 牵头 → responsible. Collective phrases
//! (`省有关单位`, `各地级以上市人民政府`) are units as written. Units with no role word are responsible —
//! unless the document states that the first-listed unit leads (`排在第一位的为牵头单位`, `列第一位的为
//! 牵头部门`), which is then applied to every task without an explicit 牵头 and said in the report.
//!
//! 事项 is the task's lead phrase (its first sentence when more follow), 主要内容 the rest; 序号 the order
//! of the tasks in the document (numbering that restarts under each heading would repeat in one table).
//!
//! Rejected: a grammar of the whole notice (documents vary too much; a task-by-task reading reports what
//! it could not place); splitting units on 和/及 (`人力资源和社会保障厅` is one unit).

use super::labels;
use super::records::parse_records_with;
use super::report::{ImportReport, ReportLine, UnplacedLine};
use super::table::RawRecord;
use super::units::{looks_like_unit, split_top, split_units as split};
use super::ParsedAnnex;
use crate::error::Result;
use crate::model::{ColumnKind, Role};

/// The report's name for the shape.
pub(super) const FORMAT: &str = "分工方案正文（无表格：任务分条，单位在括号里或“牵头单位：”等行中）";

/// What the prose reader found.
pub(super) struct Prose {
    /// The lines above the first heading or task (front matter), the header row (line 0: it is not in
    /// the file), then headings and tasks in order.
    pub records: Vec<RawRecord>,
    /// Lines that are neither a task, a heading, nor a task's paragraph or field: (line, text).
    pub unplaced: Vec<(usize, String)>,
    /// Remarks for the report: (line, message).
    pub remarks: Vec<(usize, String)>,
    /// The document's rule for which unit leads, with the line stating it and its text.
    pub rule: Option<(usize, LeadRule, String)>,
    /// Lines read as list-form fields (`牵头单位：…`).
    pub field_lines: usize,
    pub tasks: usize,
}

/// A rule a document states about lead units, applied to every task that names no 牵头.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum LeadRule {
    /// `列第一位的责任单位为牵头单位` (杭州), `排在第一位的为牵头单位`, `分别由列第一位的部门牵头`: the
    /// first-listed unit leads; the others stay responsible, or cooperate when the line says so
    /// (`其他为配合单位`, `其余单位参与`).
    FirstListed { others: Role },
    /// `无牵头单位的，责任单位即为牵头单位` (武汉): the responsible units lead.
    ResponsibleLead,
}

impl LeadRule {
    /// The rule a line of the document states, if any.
    fn stated_in(l: &str) -> Option<LeadRule> {
        // A numbered task line (`1．推动…走在全国最前列（省发展改革委牵头…）`) states no rule.
        if l.chars().count() > 150 || !l.contains("牵头") || split_number(l.trim()).0.is_some() {
            return None;
        }
        const FIRST: [&str; 6] = ["第一位", "首位", "第一个", "排名第一的", "排第一的", "列第一的"];
        if FIRST.iter().any(|w| l.contains(w)) {
            let others_named = ["其他", "其余", "其它"].iter().any(|w| l.contains(w));
            let cooperate = ["配合", "参与", "协办", "协助", "协同"].iter().any(|w| l.contains(w));
            let others = if others_named && cooperate { Role::Cooperating } else { Role::Responsible };
            Some(LeadRule::FirstListed { others })
        } else if l.contains("无牵头单位的") && l.contains("即为牵头单位") {
            Some(LeadRule::ResponsibleLead)
        } else {
            None
        }
    }

    pub fn says(self) -> &'static str {
        match self {
            LeadRule::FirstListed { others: Role::Cooperating } => {
                "没有写明牵头的任务，已把排在第一位的单位作为牵头单位，其余作为配合单位"
            }
            LeadRule::FirstListed { .. } => {
                "没有写明牵头的任务，已把排在第一位的单位作为牵头单位，其余仍为责任单位"
            }
            LeadRule::ResponsibleLead => "没有写明牵头的任务，已把责任单位作为牵头单位",
        }
    }
}

/// How a task is numbered: `1.` / `1、` or `（1）`.
#[derive(Clone, Copy, PartialEq)]
enum Style {
    Dot,
    Paren,
    None,
}

struct Task {
    line: usize,
    style: Style,
    paragraphs: Vec<(usize, String)>,
    /// From list-form lines and a parenthesis on a line of its own: (kind, line, value).
    fields: Vec<Cell>,
    /// A unit parenthesis on its own line (`（责任单位：市直各有关单位、各县（市、区）人民政府）` after
    /// sub-items `（1）…（4）`): (line, inside).
    own_line_units: Option<(usize, String)>,
}

impl Task {
    fn has_units(&self) -> bool {
        self.own_line_units.is_some()
            || self.fields.iter().any(|(k, _, _)| k.role().is_some())
            || self.paragraphs.last().is_some_and(|(_, p)| trailing_units(p).is_some())
    }
}

enum Part {
    Heading(usize, String),
    Task(Task),
}

/// The columns a 分工方案 can fill, in the order a table prints them.
const COLUMNS: [ColumnKind; 9] = [
    ColumnKind::Number,
    ColumnKind::Title,
    ColumnKind::Content,
    ColumnKind::LeadUnits,
    ColumnKind::CoopUnits,
    ColumnKind::ResponsibleUnits,
    ColumnKind::Leader,
    ColumnKind::Deadline,
    ColumnKind::Scope,
];

/// A cell of a row read from the text: its column, the line it came from, its text.
type Cell = (ColumnKind, usize, String);

/// Reads `text` as a 分工方案; None when no task in it names units (then it is not one).
pub(super) fn read(text: &str) -> Option<Prose> {
    let lines: Vec<(usize, &str)> =
        text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())).filter(|(_, l)| !l.is_empty()).collect();
    let rule = lines.iter().find_map(|(n, l)| LeadRule::stated_in(l).map(|r| (*n, r, l.to_string())));
    let mut front: Vec<(usize, String)> = Vec::new();
    let mut parts: Vec<Part> = Vec::new();
    let mut unplaced = Vec::new();
    let mut field_lines = 0;
    let mut open: Option<Task> = None;
    let mut prev_line = 0;
    for &(n, l) in &lines {
        if rule.as_ref().is_some_and(|(rl, _, _)| *rl == n) {
            continue;
        }
        let field = field_line(l);
        let units = trailing_units(l);
        let own_line_units = units.is_some_and(|(b, _)| b.trim().is_empty());
        // A heading followed at once by its 牵头单位： lines or its unit parenthesis is a task
        // (`（三）降低企业用能成本。` / `牵头部门：省能源局`).
        if (field.is_some() || own_line_units) && open.is_none() {
            if let Some(Part::Heading(hn, _)) =
                parts.last().filter(|p| matches!(p, Part::Heading(hn, _) if *hn == prev_line))
            {
                let hn = *hn;
                let Some(Part::Heading(_, text)) = parts.pop() else { unreachable!() };
                open = Some(Task {
                    line: hn,
                    style: Style::Paren,
                    paragraphs: vec![(hn, text)],
                    fields: Vec::new(),
                    own_line_units: None,
                });
            }
        }
        prev_line = n;
        if let (Some((kind, value)), Some(t)) = (field, open.as_mut()) {
            // `1.…以下工作：` then `（1）…` then its 牵头单位：: the sub-item is the task, the `1.` line its heading.
            if t.style == Style::Dot
                && t.paragraphs.len() == 2
                && t.paragraphs[1].1.starts_with(['（', '('])
                && split_number(&t.paragraphs[1].1).0.is_some()
                && !t.has_units()
            {
                let mut parent = open.take().expect("open task");
                let (sn, sub) = parent.paragraphs.pop().expect("two paragraphs");
                parts.push(Part::Heading(parent.line, parent.paragraphs.remove(0).1));
                open = Some(Task {
                    line: sn,
                    style: Style::Paren,
                    paragraphs: vec![(sn, sub)],
                    fields: Vec::new(),
                    own_line_units: None,
                });
            }
            let t = open.as_mut().expect("open task");
            t.fields.push((kind, n, value));
            field_lines += 1;
            continue;
        }
        let (number, _) = split_number(l);
        let style = match number {
            Some(_) if l.starts_with(['（', '(']) => Style::Paren,
            Some(_) => Style::Dot,
            None => Style::None,
        };
        // A unit parenthesis alone on its line closes the task above (and its sub-items).
        if let (Some(("", inside)), Some(t)) = (units.map(|(b, i)| (b.trim(), i)), open.as_mut()) {
            if t.own_line_units.is_none() {
                t.own_line_units = Some((n, inside.to_string()));
                continue;
            }
        }
        if is_heading(l) && units.is_none() {
            if let Some(t) = open.take() {
                parts.push(Part::Task(t));
            }
            parts.push(Part::Heading(n, l.to_string()));
            continue;
        }
        if style != Style::None || units.is_some() {
            if let Some(t) = open.as_mut() {
                // The last line of a numbered task written over several lines, its units at the end.
                if style == Style::None && t.style != Style::None && !t.has_units() {
                    t.paragraphs.push((n, l.to_string()));
                    continue;
                }
                // `（1）…（4）` under a `1.` task with no units of their own: its paragraphs.
                if style == Style::Paren && t.style == Style::Dot && units.is_none() && !t.has_units() {
                    t.paragraphs.push((n, l.to_string()));
                    continue;
                }
                // A `1.` line whose `（1）` sub-items carry the units: a heading over them.
                if style == Style::Paren
                    && t.style == Style::Dot
                    && units.is_some()
                    && !t.has_units()
                    && t.paragraphs.len() == 1
                {
                    let t = open.take().expect("open task");
                    parts.push(Part::Heading(t.line, t.paragraphs[0].1.clone()));
                }
            }
            if let Some(t) = open.take() {
                parts.push(Part::Task(t));
            }
            open = Some(Task {
                line: n,
                style,
                paragraphs: vec![(n, l.to_string())],
                fields: Vec::new(),
                own_line_units: None,
            });
            continue;
        }
        match open.as_mut() {
            // A further paragraph of the task, before its units.
            Some(t) if !t.has_units() => t.paragraphs.push((n, l.to_string())),
            None if parts.is_empty() => front.push((n, l.to_string())),
            _ => unplaced.push((n, l.to_string())),
        }
    }
    if let Some(t) = open.take() {
        parts.push(Part::Task(t));
    }
    if !parts.iter().any(|p| matches!(p, Part::Task(t) if t.has_units())) {
        return None;
    }
    let mut rows: Vec<(usize, Vec<Cell>)> = Vec::new();
    let mut remarks = Vec::new();
    let mut tasks = 0;
    for (i, part) in parts.iter().enumerate() {
        match part {
            Part::Heading(n, text) => {
                // A heading with no task under it (一、总体要求 and its prose) is not a group row.
                let level = heading_level(text);
                let has_task = parts[i + 1..]
                    .iter()
                    .take_while(|p| !matches!(p, Part::Heading(_, t) if heading_level(t) <= level))
                    .any(|p| matches!(p, Part::Task(_)));
                if has_task {
                    rows.push((*n, vec![(ColumnKind::Number, *n, text.clone())]));
                } else {
                    unplaced.push((*n, text.clone()));
                }
            }
            Part::Task(t) => {
                tasks += 1;
                rows.push((t.line, task_cells(t, tasks, rule.as_ref().map(|(_, r, _)| *r), &mut remarks)));
            }
        }
    }
    unplaced.sort();
    let used: Vec<ColumnKind> = COLUMNS
        .iter()
        .filter(|k| {
            matches!(k, ColumnKind::Number | ColumnKind::Title)
                || rows.iter().any(|(_, cells)| cells.iter().any(|(c, _, _)| c == *k))
        })
        .cloned()
        .collect();
    let mut records: Vec<RawRecord> =
        front.into_iter().map(|(n, t)| RawRecord { line: n, cell_lines: vec![n], cells: vec![t] }).collect();
    records.push(RawRecord {
        line: 0,
        cell_lines: vec![0; used.len()],
        cells: used.iter().map(|k| k.default_label().to_string()).collect(),
    });
    for (line, cells) in rows {
        let mut rec =
            RawRecord { line, cell_lines: vec![line; used.len()], cells: vec![String::new(); used.len()] };
        for (kind, n, text) in cells {
            let Some(col) = used.iter().position(|k| *k == kind) else { continue };
            let cell = &mut rec.cells[col];
            if cell.is_empty() {
                rec.cell_lines[col] = n;
            } else {
                cell.push('\n');
            }
            cell.push_str(&text);
        }
        records.push(rec);
    }
    Some(Prose { records, unplaced, remarks, rule, field_lines, tasks })
}

/// The annex read from a 分工方案 through the record rules every format shares, with what only prose has
/// added to `report` (which names the source, format and line count): the lines that are not tasks, the
/// document's rule for lead units, and notes found in parentheses.
pub(super) fn annex(p: Prose, report: ImportReport) -> Result<ParsedAnnex> {
    let mut annex = parse_records_with(&p.records, report, "", true)?;
    let report = &mut annex.report;
    // The header was made here, not found in the file.
    report.header_line = 0;
    let fields = if p.field_lines > 0 {
        format!("（其中 {} 行是“牵头单位：”等分项）", p.field_lines)
    } else {
        String::new()
    };
    report.warnings.insert(
        0,
        ReportLine::file(format!(
            "没有表格：按正文分条读出 {} 项任务{fields}；序号按任务在文中的顺序编排",
            p.tasks
        )),
    );
    if let Some((line, rule, text)) = p.rule {
        report.warnings.push(ReportLine::at(line, format!("文件说明“{text}”：{}", rule.says())));
    }
    for (line, message) in p.remarks {
        report.warnings.push(ReportLine::at(line, message));
    }
    for (line, text) in p.unplaced {
        report.unplaced.push(UnplacedLine {
            line,
            text,
            reason: "不是任务、分组标题或任务的分项（如说明文字）".to_string(),
        });
    }
    report.unplaced.sort_by_key(|u| u.line);
    Ok(annex)
}

/// `一、` 1, `（一）` 2, others 3 (a heading ends the tasks of the headings below its level).
fn heading_level(h: &str) -> u8 {
    if h.starts_with(['（', '(']) {
        2
    } else if h.starts_with('第') {
        0
    } else if h.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        // A `1.` task turned heading over its `（1）` sub-items.
        3
    } else {
        1
    }
}

/// The cells of one task: 序号 (its order in the document), 事项 and 主要内容 from its paragraphs, units
/// and deadline from its parenthesis and fields, one unit per line of a unit cell.
fn task_cells(
    t: &Task,
    order: usize,
    rule: Option<LeadRule>,
    remarks: &mut Vec<(usize, String)>,
) -> Vec<Cell> {
    let mut cells = vec![(ColumnKind::Number, t.line, order.to_string())];
    let mut paragraphs = t.paragraphs.clone();
    let mut said: Vec<(usize, Parenthesis)> = Vec::new();
    if let Some((n, last)) = paragraphs.last_mut() {
        if let Some((before, inside)) = trailing_units(last) {
            said.push((*n, read_parenthesis(inside)));
            *last = before.trim_end().to_string();
        }
    }
    if let Some((n, inside)) = &t.own_line_units {
        said.push((*n, read_parenthesis(inside)));
    }
    let (_, first) = split_number(&paragraphs[0].1);
    paragraphs[0].1 = strip_heading_number(first).to_string();
    let text: Vec<&(usize, String)> = paragraphs.iter().filter(|(_, p)| !p.trim().is_empty()).collect();
    if let Some((n0, p0)) = text.first() {
        let (title, rest) = lead_phrase(p0);
        cells.push((ColumnKind::Title, *n0, title));
        if !rest.is_empty() {
            cells.push((ColumnKind::Content, *n0, rest));
        }
        for (n, p) in &text[1..] {
            cells.push((ColumnKind::Content, *n, p.clone()));
        }
    }
    // Units in the order written: the parenthesis, then list-form lines.
    let mut units: Vec<Cell> = Vec::new();
    for (n, p) in &said {
        units.extend(p.units.iter().map(|(k, u)| (k.clone(), *n, u.clone())));
        units.extend(p.unassigned.iter().map(|u| (ColumnKind::ResponsibleUnits, *n, u.clone())));
        if let Some(d) = &p.deadline {
            cells.push((ColumnKind::Deadline, *n, d.clone()));
        }
        for note in &p.notes {
            remarks.push((*n, format!("括号中的“{note}”是对全文的说明，不是单位，未作为单位导入")));
        }
    }
    for (kind, n, value) in &t.fields {
        if kind.role().is_some() {
            units.extend(split(role_of(value).0).into_iter().map(|u| (kind.clone(), *n, u)));
        } else {
            cells.push((kind.clone(), *n, value.clone()));
        }
    }
    if units.is_empty() {
        remarks.push((
            t.line,
            "这项任务没有找到承担单位（括号不完整，或文中没有写明），请在导入后补上".to_string(),
        ));
    }
    if !units.iter().any(|(k, _, _)| *k == ColumnKind::LeadUnits) {
        match rule {
            Some(LeadRule::FirstListed { others }) => {
                let mut responsible = units.iter_mut().filter(|(k, _, _)| *k == ColumnKind::ResponsibleUnits);
                if let Some(first) = responsible.next() {
                    first.0 = ColumnKind::LeadUnits;
                }
                if others == Role::Cooperating {
                    responsible.for_each(|u| u.0 = ColumnKind::CoopUnits);
                }
            }
            Some(LeadRule::ResponsibleLead) => units
                .iter_mut()
                .filter(|(k, _, _)| *k == ColumnKind::ResponsibleUnits)
                .for_each(|u| u.0 = ColumnKind::LeadUnits),
            None => {}
        }
    }
    cells.extend(units);
    cells
}

/// 事项 and 主要内容 of a task's first paragraph: its first sentence (or the phrase before `：`) when more
/// follows, else the whole paragraph.
fn lead_phrase(p: &str) -> (String, String) {
    let p = p.trim();
    let cut = p.char_indices().find(|(_, c)| matches!(c, '。' | '：' | ':')).map(|(i, c)| (i, c.len_utf8()));
    match cut {
        Some((i, len)) if !p[i + len..].trim().is_empty() && p[..i].chars().count() <= 80 => {
            (p[..i].trim().to_string(), p[i + len..].trim().to_string())
        }
        _ => (p.trim_end_matches(['。', '；', ';']).to_string(), String::new()),
    }
}

/// A task's number: `3.`, `3．`, `3、`, `（3）`, `(3)`, `3)`; returns it and the text after.
fn split_number(l: &str) -> (Option<String>, &str) {
    let digits = |s: &str| s.chars().take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).count();
    let byte_len = |s: &str, n: usize| s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    if let Some(r) = l.strip_prefix(['（', '(']) {
        let d = digits(r);
        let rest = &r[byte_len(r, d)..];
        if d > 0 {
            if let Some(after) = rest.strip_prefix(['）', ')']) {
                return (Some(r[..byte_len(r, d)].to_string()), after.trim_start());
            }
        }
        return (None, l);
    }
    let d = digits(l);
    if d == 0 || d > 3 {
        return (None, l);
    }
    let rest = &l[byte_len(l, d)..];
    // `3.5亿元` is not a number label: the mark must be followed by text that is not a digit.
    match rest.strip_prefix(['.', '．', '、', ')', '）']) {
        Some(after) if !after.starts_with(|c: char| c.is_ascii_digit()) => {
            (Some(l[..byte_len(l, d)].to_string()), after.trim_start())
        }
        _ => (None, l),
    }
}

/// A task that was written as a heading (`（三）降低企业用能成本。`, `一、…（…牵头）`) without its number.
fn strip_heading_number(l: &str) -> &str {
    const NUM: &str = "一二三四五六七八九十百零〇两";
    let t = l.trim_start();
    if let Some(r) = t.strip_prefix(['（', '(']) {
        let n = r.chars().take_while(|c| NUM.contains(*c)).map(char::len_utf8).sum::<usize>();
        if n > 0 {
            if let Some(after) = r[n..].strip_prefix(['）', ')']) {
                return after.trim_start();
            }
        }
        return l;
    }
    let n = t.chars().take_while(|c| NUM.contains(*c)).map(char::len_utf8).sum::<usize>();
    match t[n..].strip_prefix('、') {
        Some(after) if n > 0 => after.trim_start(),
        _ => l,
    }
}

/// `一、…`, `（一）…`, `第一部分…`: a heading (the test table rows use), short enough to be one.
fn is_heading(l: &str) -> bool {
    super::records::is_group_heading(l) && l.chars().count() <= 60
}

/// `牵头单位：省发展改革委` and the like: a label [`labels::classify`] knows as units, deadline, leader or
/// scope, then the value.
fn field_line(l: &str) -> Option<(ColumnKind, String)> {
    let (label, value) = l.split_once(['：', ':'])?;
    let label = label.trim();
    let value = value.trim().trim_end_matches(['。', '；', ';']).trim();
    // `（责任单位：…）` on a line of its own is a unit parenthesis, read by `trailing_units`.
    if value.is_empty()
        || label.starts_with(['（', '(', '〔'])
        || label.chars().count() > labels::MAX_LABEL_CHARS
    {
        return None;
    }
    let kind = labels::classify(label);
    matches!(
        kind,
        ColumnKind::LeadUnits
            | ColumnKind::CoopUnits
            | ColumnKind::ResponsibleUnits
            | ColumnKind::Deadline
            | ColumnKind::Leader
            | ColumnKind::Scope
    )
    .then(|| (kind, value.to_string()))
}

/// The text before a closing parenthesis that names units (`（…牵头，…配合）` or `〔责任单位：…〕` at the
/// end of a paragraph, maybe followed by `。`), and what is inside it.
fn trailing_units(p: &str) -> Option<(&str, &str)> {
    let t = p.trim_end().trim_end_matches(['。', '；', ';', '.']);
    let (body, close) = match t.chars().last()? {
        c @ ('）' | ')' | '〕') => (&t[..t.len() - c.len_utf8()], c),
        _ => return None,
    };
    let opener = |c: char| if close == '〕' { c == '〔' } else { matches!(c, '（' | '(') };
    let closer = |c: char| if close == '〕' { c == '〕' } else { matches!(c, '）' | ')') };
    // The matching opening bracket, counting nested ones from the end.
    let mut depth = 0usize;
    let mut open = None;
    for (i, c) in body.char_indices().rev() {
        if closer(c) {
            depth += 1;
        } else if opener(c) {
            if depth == 0 {
                open = Some(i);
                break;
            }
            depth -= 1;
        }
    }
    let open = open?;
    let inside = &body[open + body[open..].chars().next()?.len_utf8()..];
    names_units(inside).then(|| (&p[..open], inside))
}

/// A parenthesis that assigns units: a role word or a `…单位：` label, or nothing but unit names.
fn names_units(inside: &str) -> bool {
    const WORDS: [&str; 10] =
        ["牵头", "主办", "配合", "参与", "协助", "协同", "协办", "负责", "责任单位", "承办"];
    if WORDS.iter().any(|w| inside.contains(w)) {
        return true;
    }
    let parts = split(inside);
    !parts.is_empty() && parts.iter().all(|u| looks_like_unit(u))
}

/// What a unit parenthesis says.
#[derive(Debug, Default, PartialEq)]
struct Parenthesis {
    /// Units by role, in the order written.
    units: Vec<(ColumnKind, String)>,
    /// Units with no role word and no label.
    unassigned: Vec<String>,
    deadline: Option<String>,
    /// Sentences about the whole document (`以下任务均需各区市政府落实，不再一一列出`, `下同`), not units.
    notes: Vec<String>,
}

/// Reads a unit parenthesis: `牵头单位：X；责任单位：A、B，C、D`, `A、B牵头，C按职责分工负责，年内持续推进`,
/// `责任单位：A、B按职责分工负责。具体任务均涉及相关市（州）人民政府，不再做分工，下同。`
///
/// A clause with no role word takes the role of the label before it (`责任单位：A、B，C、D`: the comma
/// groups units of one role), else of the next clause with a role word (`A，B牵头`), else none.
fn read_parenthesis(inside: &str) -> Parenthesis {
    let mut out = Parenthesis::default();
    for sentence in split_top(inside, &['。']).into_iter().map(str::trim).filter(|s| !s.is_empty()) {
        if is_note(sentence) {
            out.notes.push(sentence.to_string());
            continue;
        }
        let mut label: Option<ColumnKind> = None;
        let mut pending: Vec<String> = Vec::new();
        for clause in split_top(sentence, &['，', ',', '；', ';', ' ', '\u{3000}']).into_iter().map(str::trim)
        {
            if clause.is_empty() {
                continue;
            }
            if let Some((kind, value)) = field_line(clause) {
                if kind.role().is_some() {
                    let (units, _) = role_of(&value);
                    out.units.extend(split(units).into_iter().map(|u| (kind.clone(), u)));
                    label = Some(kind);
                } else if kind == ColumnKind::Deadline {
                    out.deadline = Some(value);
                }
                continue;
            }
            if is_deadline(clause) {
                out.deadline = Some(clause.to_string());
                continue;
            }
            if is_note(clause) {
                out.notes.push(clause.to_string());
                continue;
            }
            match role_of(clause) {
                (units, Some(kind)) => {
                    out.units.extend(pending.drain(..).map(|u| (kind.clone(), u)));
                    out.units.extend(split(units).into_iter().map(|u| (kind.clone(), u)));
                    label = None;
                }
                (units, None) => match &label {
                    Some(kind) => out.units.extend(split(units).into_iter().map(|u| (kind.clone(), u))),
                    None => pending.extend(split(units)),
                },
            }
        }
        out.unassigned.append(&mut pending);
    }
    out
}

/// A sentence about the document, not about this task's units.
fn is_note(s: &str) -> bool {
    ["不再", "下同", "以下", "均需", "均涉及", "均由"].iter().any(|w| s.contains(w))
}

/// `2024年底前完成`, `2025年6月底前`, `6月底完成`, `年内持续推进`, `长期坚持`.
fn is_deadline(clause: &str) -> bool {
    let digit = clause.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    (digit && (clause.contains('年') || clause.contains('月')))
        || ["持续推进", "长期坚持", "持续实施", "年内", "年底前", "月底前", "长期"]
            .iter()
            .any(|w| clause.contains(w))
}

/// The units of a clause and the role its closing words give, if any.
fn role_of(clause: &str) -> (&str, Option<ColumnKind>) {
    const ENDINGS: [(&str, ColumnKind); 17] = [
        ("按职责分工负责", ColumnKind::ResponsibleUnits),
        ("按职责分别负责", ColumnKind::ResponsibleUnits),
        ("按职能分工负责", ColumnKind::ResponsibleUnits),
        ("按职责负责", ColumnKind::ResponsibleUnits),
        ("分别负责", ColumnKind::ResponsibleUnits),
        ("共同负责", ColumnKind::ResponsibleUnits),
        ("牵头负责", ColumnKind::LeadUnits),
        ("牵头", ColumnKind::LeadUnits),
        ("主办", ColumnKind::LeadUnits),
        ("配合", ColumnKind::CoopUnits),
        ("参与", ColumnKind::CoopUnits),
        ("协助", ColumnKind::CoopUnits),
        ("协同", ColumnKind::CoopUnits),
        ("协办", ColumnKind::CoopUnits),
        ("负责", ColumnKind::ResponsibleUnits),
        ("落实", ColumnKind::ResponsibleUnits),
        ("承办", ColumnKind::ResponsibleUnits),
    ];
    for (end, kind) in ENDINGS {
        if let Some(units) = clause.strip_suffix(end) {
            return (units.trim(), Some(kind));
        }
    }
    (clause.trim(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(p: &Parenthesis) -> Vec<(ColumnKind, &str)> {
        p.units.iter().map(|(k, u)| (k.clone(), u.as_str())).collect()
    }

    #[test]
    fn roles_in_a_parenthesis() {
        use ColumnKind::{CoopUnits as Coop, LeadUnits as Lead, ResponsibleUnits as Resp};
        let p = read_parenthesis("省政务服务数据管理局牵头，省有关单位按职责分工负责");
        assert_eq!(units(&p), vec![(Lead, "省政务服务数据管理局"), (Resp, "省有关单位")]);
        // Several leads before one 牵头, some without 省; a comma between leads.
        let p = read_parenthesis("省政务服务数据管理局、工业和信息化厅、商务厅牵头");
        assert_eq!(
            units(&p),
            vec![(Lead, "省政务服务数据管理局"), (Lead, "工业和信息化厅"), (Lead, "商务厅")]
        );
        let p = read_parenthesis("省政务服务数据管理局,相关地市政府牵头");
        assert_eq!(units(&p), vec![(Lead, "省政务服务数据管理局"), (Lead, "相关地市政府")]);
        // Labels, `;` between roles, `,` grouping units of one role, a deadline last, half-width marks.
        let p = read_parenthesis(
            "牵头单位:州行政审批服务局;责任单位:州司法局、州委编办,各县市人民政府,6月底完成",
        );
        assert_eq!(
            units(&p),
            vec![
                (Lead, "州行政审批服务局"),
                (Resp, "州司法局"),
                (Resp, "州委编办"),
                (Resp, "各县市人民政府")
            ]
        );
        assert_eq!(p.deadline.as_deref(), Some("6月底完成"));
        // Two spaces between roles; 参与.
        let p = read_parenthesis("牵头单位：市商务局  参与单位：市编办、各区县政府");
        assert_eq!(units(&p), vec![(Lead, "市商务局"), (Coop, "市编办"), (Coop, "各区县政府")]);
        // A collective with its own brackets and 、 stays whole; 及 and 和 between units, not inside one.
        let p = read_parenthesis(
            "市政务服务数据管理局、各县（市、区）政府牵头，市级各有关部门及各县市区政府按职责分工负责",
        );
        assert_eq!(
            units(&p),
            vec![
                (Lead, "市政务服务数据管理局"),
                (Lead, "各县（市、区）政府"),
                (Resp, "市级各有关部门"),
                (Resp, "各县市区政府")
            ]
        );
        let p = read_parenthesis(
            "省发展改革委、人力资源社会保障厅等省有关部门和各地级以上市人民政府按职责分工负责",
        );
        assert_eq!(
            units(&p),
            vec![
                (Resp, "省发展改革委"),
                (Resp, "人力资源社会保障厅"),
                (Resp, "省有关部门"),
                (Resp, "各地级以上市人民政府")
            ]
        );
        assert_eq!(
            split("省人力资源和社会保障厅、省工业和信息化厅"),
            vec!["省人力资源和社会保障厅", "省工业和信息化厅"]
        );
        // A collective alone with 分别负责 and a time phrase.
        let p = read_parenthesis("国务院各部门分别负责，年内持续推进");
        assert_eq!(units(&p), vec![(Resp, "国务院各部门")]);
        assert_eq!(p.deadline.as_deref(), Some("年内持续推进"));
        // No role word: unassigned (the caller decides); a note about the whole document is not a unit.
        let p = read_parenthesis("牵头单位：市行政审批服务局；责任单位：市直有关部门、单位，各区市政府。以下任务均需各区市政府落实，不再一一列出");
        assert_eq!(
            units(&p),
            vec![(Lead, "市行政审批服务局"), (Resp, "市直有关部门、单位"), (Resp, "各区市政府")]
        );
        assert_eq!(p.notes, vec!["以下任务均需各区市政府落实，不再一一列出"]);
        let p = read_parenthesis("省发展改革委、省财政厅");
        assert_eq!(p.unassigned, vec!["省发展改革委", "省财政厅"]);
    }

    #[test]
    fn a_parenthesis_that_is_not_about_units_stays_in_the_text() {
        assert!(trailing_units("制定实施细则（2023年版）。").is_none());
        assert!(trailing_units("推行“证照分离”改革（含自贸试验区）").is_none());
        let (before, inside) = trailing_units("推进改革。（省发展改革委、省财政厅）").unwrap();
        assert_eq!((before, inside), ("推进改革。", "省发展改革委、省财政厅"));
        let (_, inside) =
            trailing_units("加强市场体系建设。〔责任单位：省发展改革委、省市场监管局〕").unwrap();
        assert_eq!(inside, "责任单位：省发展改革委、省市场监管局");
        let (_, inside) =
            trailing_units("形成框架。（市府办〔市大数据局〕牵头，各县（区）政府负责）").unwrap();
        assert_eq!(inside, "市府办〔市大数据局〕牵头，各县（区）政府负责");
    }

    #[test]
    fn numbers_headings_and_lead_phrases() {
        assert_eq!(split_number("3.推进改革"), (Some("3".into()), "推进改革"));
        assert_eq!(split_number("1. 将节约集约用地理念"), (Some("1".into()), "将节约集约用地理念"));
        assert_eq!(split_number("（12）推进改革"), (Some("12".into()), "推进改革"));
        assert_eq!(split_number("3.5亿元用于"), (None, "3.5亿元用于"));
        assert_eq!(split_number("2024年底前"), (None, "2024年底前"));
        assert!(is_heading("一、深化“放管服”改革"));
        assert!(is_heading("（二）优化营商环境"));
        assert_eq!(
            lead_phrase("推进政务服务“一网通办”。建设全省统一的政务服务平台。"),
            ("推进政务服务“一网通办”".into(), "建设全省统一的政务服务平台。".into())
        );
        assert_eq!(lead_phrase("推进政务服务“一网通办”。"), ("推进政务服务“一网通办”".into(), String::new()));
        assert_eq!(
            LeadRule::stated_in("二、责任分解中，列第一位的责任单位为牵头单位或汇总单位。"),
            Some(LeadRule::FirstListed { others: Role::Responsible })
        );
        // Phrasings of State Council and provincial notices.
        for (line, others) in [
            ("（各项任务分别由列第一位的部门牵头，其他部门按职责分工负责）", Role::Responsible),
            ("涉及多个部门的，排在第一位的为牵头部门，其他为配合部门。", Role::Cooperating),
            ("责任单位中排名第一的为牵头单位，其余单位参与。", Role::Cooperating),
            ("多个单位负责的，排名第一的单位牵头。", Role::Responsible),
        ] {
            assert_eq!(LeadRule::stated_in(line), Some(LeadRule::FirstListed { others }), "{line}");
        }
        assert_eq!(
            LeadRule::stated_in(
                "特别是牵头单位（无牵头单位的，责任单位即为牵头单位，下同）要统筹相关责任单位制订办理方案。"
            ),
            Some(LeadRule::ResponsibleLead)
        );
        assert_eq!(LeadRule::stated_in("各牵头单位要及时报告进展。"), None);
        assert_eq!(
            LeadRule::stated_in(
                "1．推动营商环境改革走在全国最前列，排第一的位置（省发展改革委牵头，其他有关单位配合）"
            ),
            None
        );
    }
}
