// 由 Rust 类型生成（ts-rs），请勿手改。重新生成：FENGONG_UPDATE_TYPES=1 cargo test -p fengong-desktop --test contract
// Generated from the Rust types of the IPC payloads (src-tauri/tests/contract.rs).

/**
 * What a column holds. The set of columns is data, so real tables with 配合单位, 完成时限 … need no code.
 */
export type ColumnKind = { "kind": "number" } | { "kind": "title" } | { "kind": "content" } | { "kind": "lead_units" } | { "kind": "coop_units" } | { "kind": "responsible_units" } | { "kind": "leader" } | { "kind": "scope" } | { "kind": "deadline" } | { "kind": "notes" } | { "kind": "custom", "key": string };

/**
 * One column of a document's table.
 */
export type Column = { 
/**
 * Header label as printed.
 */
label: string, 
/**
 * Relative width; the layout scales the set to the text area.
 */
width: number, 
/**
 * 列设置's 固定: the layout keeps this column at its share of the width, whatever its content. False
 * (自动, the default): the share is where the layout starts, and it widens a column whose names would
 * break and splits 事项/主要内容 for the fewest lines.
 */
fixed?: boolean, } & ({ "kind": "number" } | { "kind": "title" } | { "kind": "content" } | { "kind": "lead_units" } | { "kind": "coop_units" } | { "kind": "responsible_units" } | { "kind": "leader" } | { "kind": "scope" } | { "kind": "deadline" } | { "kind": "notes" } | { "kind": "custom", "key": string });

/**
 * One 任务分工表 (the annex).
 */
export type Document = { id: number, 
/**
 * May contain '\n' where the user wants the title line broken.
 */
title: string, 
/**
 * `附件`, `附件1` …
 */
annex_label: string, 
/**
 * 发文字号, e.g. 粤府函〔2020〕77号.
 */
doc_number: string | null, issue_date: string | null, notes: string, columns: Array<Column>, created_at: string, updated_at: string, };

/**
 * What a caller supplies to create or update a document.
 */
export type DocumentDraft = { title: string, annex_label: string, doc_number: string | null, issue_date: string | null, notes: string, columns: Array<Column>, };

/**
 * A document in a list: enough to choose one.
 */
export type DocumentSummary = { id: number, title: string, annex_label: string, doc_number: string | null, item_count: number, updated_at: string, 
/**
 * When it was made in this database (or, for a bundle, when its maker made it).
 */
created_at: string, 
/**
 * Where it came from: 内置示例, the imported file's name, 粘贴的文字, 新建, 复制 …; empty for a document
 * made before this was recorded.
 */
source: string, };

/**
 * How a unit takes part in an item.
 */
export type Role = "lead" | "cooperating" | "responsible";

/**
 * A unit named in a cell, in the order the cell lists it.
 */
export type Assignment = { unit_id: number, 
/**
 * Short name as printed, resolved by the store for convenience.
 */
unit_name: string, role: Role, ord: number, };

/**
 * One row of the table (one reform item / task).
 */
export type Item = { id: number, document_id: number, 
/**
 * 0-based, contiguous within the document.
 */
position: number, 
/**
 * A heading row (`一、…`, `（一）…`) printed across the table before this item's group. A heading-only
 * row is an item with `is_heading` true.
 */
is_heading: boolean, 
/**
 * Custom 序号 (e.g. `1-1`); None means auto-numbered.
 */
number_label: string | null, title: string, 
/**
 * Multi-paragraph; paragraphs separated by '\n'.
 */
content: string, scope: string, leader: string, deadline_text: string, deadline: string | null, notes: string, 
/**
 * Values of custom columns, keyed by the column key.
 */
custom: { [key in string]: string }, assignments: Array<Assignment>, };

/**
 * A named unit in a cell when writing an item: by name; the store matches name or alias, or creates it.
 */
export type UnitRef = { name: string, role: Role, };

/**
 * What a caller supplies to create or update an item.
 */
export type ItemDraft = { is_heading: boolean, number_label: string | null, title: string, content: string, scope: string, leader: string, deadline_text: string, deadline: string | null, notes: string, custom: { [key in string]: string }, 
/**
 * In cell order per role.
 */
units: Array<UnitRef>, };

/**
 * An entry of the unit directory.
 */
export type Unit = { id: number, 
/**
 * Short name as printed, e.g. 省税务局.
 */
name: string, 
/**
 * e.g. 国家税务总局广东省税务局.
 */
full_name: string | null, aliases: Array<string>, 
/**
 * Order of precedence when listing units (smaller first).
 */
precedence: number, };

/**
 * A unit with how many items it takes part in, per role.
 */
export type UnitSummary = { lead_count: number, cooperating_count: number, responsible_count: number, id: number, 
/**
 * Short name as printed, e.g. 省税务局.
 */
name: string, 
/**
 * e.g. 国家税务总局广东省税务局.
 */
full_name: string | null, aliases: Array<string>, 
/**
 * Order of precedence when listing units (smaller first).
 */
precedence: number, };

/**
 * One search hit.
 */
export type SearchHit = { item_id: number, document_id: number, document_title: string, position: number, title: string, 
/**
 * Text around the match with the match wrapped in 【】 markers replaced by the caller as needed:
 * the store marks the match with U+0002 … U+0003 so a UI can highlight without parsing HTML.
 */
snippet: string, 
/**
 * The roles the unit asked about has in this item: the unit of the filter, or else units whose name
 * contains the query; empty when the search is not about a unit. Shown as 牵头/配合/责任 badges.
 */
roles: Array<Role>, };

/**
 * Filters that narrow a search or an item listing.
 */
export type SearchFilter = { document_id: number | null, unit_id: number | null, scope: string | null, 
/**
 * Only items where the unit asked about has this role: the filter's unit, or else a unit whose name
 * contains the query, or else any unit ("what does 省税务局 lead").
 */
role: Role | null, };

/**
 * One kind a user can add, with its defaults. Serialized like a [`crate::model::Column`]:
 * `{ "kind": "content", "label": "主要内容", "width": 5.8 }` (a custom kind also has `"key": ""`).
 */
export type ColumnKindInfo = { 
/**
 * The header label a new column of this kind gets.
 */
label: string, 
/**
 * Its relative width.
 */
width: number, } & ({ "kind": "number" } | { "kind": "title" } | { "kind": "content" } | { "kind": "lead_units" } | { "kind": "coop_units" } | { "kind": "responsible_units" } | { "kind": "leader" } | { "kind": "scope" } | { "kind": "deadline" } | { "kind": "notes" } | { "kind": "custom", "key": string });

/**
 * What a save dialog is about to save, for [`suggested_name`].
 */
export type NameRequest = { "kind": "annex", document_id: number, } | { "kind": "unit_sheet", unit_id: number, with_cooperating: boolean, };

/**
 * One row of [`UnitSheetRows`]: the item (a heading row carries the source document's id and title),
 * its printed 序号 (empty for a heading) and the unit's roles (`牵头`、`配合`、`责任`, joined with `、`).
 */
export type UnitSheetRow = { item: Item, number: string, roles: string, };

/**
 * What [`unit_sheet`] selects, for a list on screen (the desktop's 任务清单 drawer): the sheet's title and
 * its rows in order — a heading row per source document, then that document's items — each with the
 * 序号 it prints and the unit's roles in it. Built from the same [`UnitSheet`] the PDF is drawn from.
 */
export type UnitSheetRows = { title: string, rows: Array<UnitSheetRow>, };

/**
 * Page set-up.
 */
export type PageSetup = "portrait" | "landscape_bound" | "landscape";

/**
 * Options the user sets for one rendering.
 */
export type LayoutOptions = { page_setup: PageSetup, 
/**
 * Body size in points: 16 (3号) by default, within [`crate::rules::BODY_SIZE_MIN`] (五号) to
 * [`crate::rules::BODY_SIZE_MAX`] ([`crate::rules::layout_options`]).
 */
body_size: number, 
/**
 * The number printed on the first page (an annex bound with its notice numbers on from it).
 */
first_page_number: number, 
/**
 * Mark repeated headers on continuation pages with 续表.
 */
continued_mark: boolean, 
/**
 * Print the document number (发文字号) before the 附件 label; None uses the document's own if
 * `show_doc_number` is set.
 */
doc_number: string | null, show_doc_number: boolean, };

/**
 * Options of an export. The default is what office staff send: body at the format's usual size.
 */
export type ExportOptions = { 
/**
 * Body text size in points, within the annex's range ([`crate::rules::body_size`]). None: 16 (3号) in
 * Word, 12 (小四) in Excel. Ignored by CSV.
 */
body_size: number | null, 
/**
 * Page set-up of Word and Excel. None: Word portrait (as the PDF), Excel landscape (a tracking sheet).
 * `LandscapeBound` prints like `Landscape` outside the PDF: Word turns the page, it cannot turn a table.
 */
page_setup: PageSetup | null, 
/**
 * Print the document's 发文字号 before the 附件 label, as the PDF's `LayoutOptions::show_doc_number`
 * (GB/T 9704 §7.3.7: for an annex circulated on its own). Ignored by CSV; asked for when the document has
 * none and none is given, the export is refused (`service::options`), as the PDF is.
 */
show_doc_number: boolean, 
/**
 * The number of the first page (an annex bound after its notice numbers on from it), as the PDF's
 * `LayoutOptions::first_page_number`; None: 1. Word only (see `xlsx::print_setup` for Excel).
 */
first_page_number: number | null, 
/**
 * The 发文字号 to print instead of the document's own (the preview's typed override, like
 * `LayoutOptions::doc_number`); None or blank: the document's.
 */
doc_number: string | null, };

/**
 * One row of the table with the line it starts on.
 */
export type ParsedRow = { 
/**
 * 1-based line in the file.
 */
line: number, draft: ItemDraft, };

/**
 * A pasted annex, ready for the store.
 */
export type ParsedAnnex = { 
/**
 * `附件`, `附件1` …
 */
annex_label: string, 
/**
 * May contain '\n' where the original broke the title.
 */
title: string, 
/**
 * 发文字号 found before the label, e.g. 粤府函〔2020〕77号.
 */
doc_number: string | null, columns: Array<Column>, 
/**
 * Items and heading rows in table order (repeated headers removed).
 */
rows: Array<ParsedRow>, report: ImportReport, 
/**
 * Set when the file was a JSON bundle: the store then imports the bundle itself (units with full
 * names and aliases, merged by name or alias), and the fields above are its preview.
 */
bundle?: unknown, 
/**
 * Set when the user chose a column's meaning in the preview (or a remembered choice was applied): the
 * store then remembers the choice for the next file with the same header ([`choose`]).
 */
columns_chosen: boolean, };

/**
 * A line of the file that did not become part of the table, and why.
 */
export type UnplacedLine = { 
/**
 * 1-based line in the file.
 */
line: number, text: string, 
/**
 * Chinese, e.g. “比表头多出的格”.
 */
reason: string, };

/**
 * A half-width punctuation mark changed to full width.
 */
export type Normalisation = { line: number, 
/**
 * Header label of the column (or “标题”).
 */
column: string, 
/**
 * A short excerpt around the change, before and after.
 */
before: string, after: string, };

/**
 * A remark about the import; `line` is None when it concerns the whole file.
 */
export type ReportLine = { line: number | null, message: string, };

/**
 * What the import did to the pasted text.
 */
export type ImportReport = { 
/**
 * File name (or “粘贴的文字”) as given by the caller.
 */
source: string, 
/**
 * What was read, e.g. `文本（制表符分隔）`, `CSV（逗号分隔）`, `Excel 工作簿（.xlsx）工作表“Sheet1”`.
 */
format: string, 
/**
 * Detected encoding of a text file, e.g. `UTF-8`, `GB18030（GBK）`; empty for Word/Excel files.
 */
encoding: string, 
/**
 * Number of lines in the file.
 */
lines: number, 
/**
 * Line of the header row that was used.
 */
header_line: number, 
/**
 * Lines of header rows repeated where the original's pages broke; dropped.
 */
repeated_headers: Array<number>, unplaced: Array<UnplacedLine>, normalised: Array<Normalisation>, 
/**
 * Lines of cells whose HTML markup was turned into plain text.
 */
html_cleaned: Array<number>, warnings: Array<ReportLine>, 
/**
 * Units that did not exist before the import; filled in by the store.
 */
units_created: Array<string>, };

/**
 * What an import did.
 */
export type ImportOutcome = { document_id: number, items: number, headings: number, 
/**
 * Units that did not exist before, in order of first appearance.
 */
units_created: Array<string>, assignments: number, lead_assignments: number, 
/**
 * Bundle imports: units matched to existing ones, as “税务局 → 省税务局”, and aliases added.
 */
units_merged?: Array<string>, report: ImportReport, };

/**
 * A document in the trash (回收站).
 */
export type TrashedDocument = { id: number, title: string, annex_label: string, deleted_at: string, 
/**
 * When the 30-day purge deletes it for good.
 */
purge_at: string, item_count: number, };

/**
 * What 撤销 and 重做 would do now, in words (None: nothing to undo/redo).
 */
export type HistoryState = { undo: string | null, redo: string | null, };

/**
 * Why a backup was written; part of its file name.
 */
export type BackupReason = "manual" | "daily" | "migrate" | "import" | "merge" | "delete" | "purge" | "restore" | "damaged";

/**
 * One file in the backups folder.
 */
export type BackupInfo = { path: string, file_name: string, 
/**
 * Local time the copy was written (from its name), `YYYY-MM-DD HH:MM:SS`.
 */
time: string, size: number, reason: BackupReason, reason_label: string, 
/**
 * The header says SQLite and Fengong (cheap check; every copy was fully verified when written).
 */
ok: boolean, };

/**
 * The retention setting ("保留备份").
 */
export type BackupPolicy = { 
/**
 * The newest this many copies are always kept.
 */
keep_last: number, 
/**
 * Plus the newest copy of each ISO week for this many weeks.
 */
keep_weeks: number, };

/**
 * What a restore did.
 */
export type RestoreOutcome = { 
/**
 * The copy of the data as it was before the restore.
 */
kept_copy: string, 
/**
 * Documents (not in the trash) after the restore.
 */
documents: number, };

/**
 * What the 备份与恢复 view shows.
 */
export type BackupOverview = { 
/**
 * The backups folder beside the database.
 */
dir: string, 
/**
 * The database file itself.
 */
database: string, policy: BackupPolicy, backups: Array<BackupInfo>, };

/**
 * What an export did: the file written, and what the user should know about it (rows Excel cuts off).
 */
export type ExportDone = { path: string, notes: Array<string>, };

/**
 * Progress of long work, sent to the UI as the `progress` event.
 */
export type Progress = { task: string, stage: string, done: number, total: number, };

export type ErrorKind = "already_imported";

/**
 * An error the UI tells apart by `kind`; `message` is the whole Chinese message.
 */
export type ErrorPayload = { 
/**
 * `already_imported`: the annex is already in the document `document_id`; `found` says so in Chinese
 * (without the hint how to import it again, which the UI asks itself).
 */
kind: ErrorKind, message: string, found: string, document_id: number, };
