// Mirrors of the core's serde types (src/model.rs, src/layout/mod.rs). Field names are the Rust ones.

export type ColumnKindName =
  | 'number' | 'title' | 'content' | 'lead_units' | 'coop_units' | 'responsible_units'
  | 'leader' | 'scope' | 'deadline' | 'notes' | 'custom'

export interface Column {
  kind: ColumnKindName
  /** Only for kind 'custom': the key into Item.custom. */
  key?: string
  label: string
  width: number
}

export interface Document {
  id: number
  title: string
  annex_label: string
  doc_number: string | null
  issue_date: string | null
  notes: string
  columns: Column[]
  created_at: string
  updated_at: string
}

export interface DocumentDraft {
  title: string
  annex_label: string
  doc_number: string | null
  issue_date: string | null
  notes: string
  columns: Column[]
}

export interface DocumentSummary {
  id: number
  title: string
  annex_label: string
  doc_number: string | null
  item_count: number
  updated_at: string
}

export type Role = 'lead' | 'cooperating' | 'responsible'

export interface Assignment {
  unit_id: number
  unit_name: string
  role: Role
  ord: number
}

export interface Item {
  id: number
  document_id: number
  position: number
  is_heading: boolean
  number_label: string | null
  title: string
  content: string
  scope: string
  leader: string
  deadline_text: string
  deadline: string | null
  notes: string
  custom: Record<string, string>
  assignments: Assignment[]
}

export interface UnitRef { name: string; role: Role }

export interface ItemDraft {
  is_heading: boolean
  number_label: string | null
  title: string
  content: string
  scope: string
  leader: string
  deadline_text: string
  deadline: string | null
  notes: string
  custom: Record<string, string>
  units: UnitRef[]
}

export interface Unit {
  id: number
  name: string
  full_name: string | null
  aliases: string[]
  precedence: number
}

export interface UnitSummary extends Unit {
  lead_count: number
  cooperating_count: number
  responsible_count: number
}

export interface SearchHit {
  item_id: number
  document_id: number
  document_title: string
  position: number
  title: string
  snippet: string
}

export interface SearchFilter {
  document_id?: number | null
  unit_id?: number | null
  scope?: string | null
}

export type PageSetup = 'portrait' | 'landscape_bound' | 'landscape'

export interface LayoutOptions {
  page_setup: PageSetup
  body_size: number
  first_page_number: number
  continued_mark: boolean
  doc_number: string | null
  show_doc_number: boolean
}

/** Options of a Word/Excel export (see fengong::export::ExportOptions); null: the format's default. */
export interface ExportOptions {
  body_size: number | null
  page_setup: PageSetup | null
  /** Print the 发文字号 before 附件 (Word, Excel). */
  show_doc_number: boolean
  /** A typed 发文字号 to print instead of the document's own. */
  doc_number: string | null
  /** Number of the first page (the annex continues its notice's numbering); Word only. */
  first_page_number?: number | null
}

export const defaultLayoutOptions = (): LayoutOptions => ({
  page_setup: 'portrait',
  body_size: 16,
  first_page_number: 1,
  continued_mark: false,
  doc_number: null,
  show_doc_number: false,
})

/** The import preview: whatever the core's parser returns; rows and report are what the UI shows. */
export interface ParsedRow { line: number; draft: ItemDraft }
export interface ParsedAnnex {
  annex_label: string
  title: string
  doc_number: string | null
  columns: Column[]
  rows: ParsedRow[]
  report: Record<string, unknown>
}

export interface ImportOutcome {
  document_id: number
  [key: string]: unknown
}

export interface Progress {
  task: string
  stage: string
  done: number
  total: number
}

export interface RenderInfo {
  pages: number
  millis: number
}

/** A document in the trash (fengong::store::TrashedDocument). */
export interface TrashedDocument {
  id: number
  title: string
  annex_label: string
  deleted_at: string
  /** When the 30-day purge deletes it for good. */
  purge_at: string
  item_count: number
}

/** The retention setting (fengong::store::BackupPolicy). */
export interface BackupPolicy {
  keep_last: number
  keep_weeks: number
}

/** One file in the backups folder (fengong::store::BackupInfo). */
export interface BackupInfo {
  path: string
  file_name: string
  /** Local time, `YYYY-MM-DD HH:MM:SS`. */
  time: string
  size: number
  reason: string
  reason_label: string
  ok: boolean
}

export interface BackupOverview {
  dir: string
  database: string
  policy: BackupPolicy
  backups: BackupInfo[]
}

export interface RestoreOutcome {
  kept_copy: string
  documents: number
}
