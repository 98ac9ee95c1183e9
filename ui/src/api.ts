// Typed wrappers for every command of the desktop shell (src-tauri/src/commands/*). Errors from the
// shell arrive as their Chinese message; anything else is turned into one.

import { invoke } from '@tauri-apps/api/core'
import { listen, type UnlistenFn } from '@tauri-apps/api/event'
import type {
  ColumnKind, ColumnKindInfo, ErrorPayload, NameRequest,
  BackupInfo, BackupOverview, BackupPolicy, HistoryState, RestoreOutcome, TrashedDocument,
  Document, DocumentDraft, DocumentSummary, ExportOptions, ImportOutcome, Item, ItemDraft, LayoutOptions, ParsedAnnex,
  Progress, SearchFilter, SearchHit, Unit, UnitSheetRows, UnitSummary,
} from './types'

export class ApiError extends Error {
  /** Set for an error the UI acts on (the shell's ErrorPayload, src-tauri/src/error.rs). */
  readonly payload: ErrorPayload | null
  constructor(message: string, payload: ErrorPayload | null = null) {
    super(message)
    this.name = 'ApiError'
    this.payload = payload
  }
}

/** The shell's payload of an error with a `kind` (e.g. 'already_imported'), or null. */
export function errorPayload(e: unknown): ErrorPayload | null {
  if (e instanceof ApiError) return e.payload
  if (e && typeof e === 'object' && 'kind' in e && 'message' in e) return e as ErrorPayload
  return null
}

/** A Chinese message for anything thrown by invoke or by our own code. */
export function errorMessage(e: unknown): string {
  if (typeof e === 'string') return e || '操作失败'
  if (e instanceof Error) return e.message || '操作失败'
  if (e && typeof e === 'object' && 'message' in e && typeof (e as { message: unknown }).message === 'string') {
    return (e as { message: string }).message
  }
  return `操作失败：${String(e)}`
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args)
  } catch (e) {
    throw new ApiError(errorMessage(e), errorPayload(e))
  }
}

// Documents
export const listDocuments = () => call<DocumentSummary[]>('list_documents')
export const getDocument = (id: number) => call<Document>('get_document', { id })
/** A new document's draft; without `columns` the core uses its default column set. */
export type NewDocument = Omit<DocumentDraft, 'columns'> & { columns?: DocumentDraft['columns'] }
export const createDocument = (draft: NewDocument) => call<number>('create_document', { draft })
export const updateDocument = (id: number, draft: DocumentDraft) => call<void>('update_document', { id, draft })
export const duplicateDocument = (id: number) => call<number>('duplicate_document', { id })
export const deleteDocument = (id: number) => call<void>('delete_document', { id })
export const restoreDocument = (id: number) => call<void>('restore_document', { id })

// Items
export const listItems = (documentId: number) => call<Item[]>('list_items', { documentId })
export const addItem = (documentId: number, at: number | null, draft: ItemDraft) =>
  call<number>('add_item', { documentId, at, draft })
export const updateItem = (id: number, draft: ItemDraft) => call<void>('update_item', { id, draft })
export const deleteItem = (id: number) => call<Item>('delete_item', { id })
export const moveItem = (id: number, to: number) => call<void>('move_item', { id, to })
// A document's own history (the core records every change to its rows and settings).
export const documentHistory = (documentId: number) => call<HistoryState>('document_history', { documentId })
export const undoChange = (documentId: number) => call<string | null>('undo_change', { documentId })
export const redoChange = (documentId: number) => call<string | null>('redo_change', { documentId })

// Units
export const listUnits = () => call<UnitSummary[]>('list_units')
export const createUnit = (name: string, fullName: string | null, aliases: string[]) =>
  call<number>('create_unit', { name, fullName, aliases })
/** Returns the old name when a rename kept it as an alias. */
export const updateUnit = (unit: Unit) => call<string | null>('update_unit', { unit })
export const setUnitOrder = (ids: number[]) => call<void>('set_unit_order', { ids })
export const deleteUnit = (id: number) => call<void>('delete_unit', { id })
export const mergeUnits = (from: number, into: number) => call<void>('merge_units', { from, into })
// The directory's history: renames and merges, undone and redone on the 单位 screen.
export const unitHistory = () => call<HistoryState>('unit_history')
export const undoUnitChange = () => call<string | null>('undo_unit_change')
export const redoUnitChange = () => call<string | null>('redo_unit_change')
/** A unit's 任务清单 over one document (or all, null): the rows the core's sheet selects (as the PDF). */
export const unitSheet = (unitId: number, withCooperating: boolean, documentId: number | null = null) =>
  call<UnitSheetRows>('unit_sheet', { unitId, withCooperating, documentId })

// Search
/** Without `limit` the core's default number of hits (DEFAULT_SEARCH_HITS). */
export const search = (query: string, filter: SearchFilter, limit: number | null = null) =>
  call<SearchHit[]>('search', { query, filter, limit })
export const listScopes = () => call<[string, number][]>('list_scopes')

// Import and first run
export const isEmpty = () => call<boolean>('is_empty')
export const loadSample = () => call<ImportOutcome>('load_sample')
/** `html`: the clipboard's HTML of the same paste (merged cells kept), when the text is unedited. */
export const parseImportText = (text: string, html: string | null = null) =>
  call<ParsedAnnex>('parse_import_text', { text, html })
export const parseImportFile = (path: string) => call<ParsedAnnex>('parse_import_file', { path })
/** The preview re-read with column `column` meaning `kind` (a meaning another column has is swapped). */
export const chooseImportColumn = (parsed: ParsedAnnex, column: number, kind: ColumnKind) =>
  call<ParsedAnnex>('choose_import_column', { parsed, column, kind })
export const renameImportUnit = (parsed: ParsedAnnex, row: number, unit: number, name: string) =>
  call<ParsedAnnex>('rename_import_unit', { parsed, row, unit, name })
export const setImportHeading = (parsed: ParsedAnnex, row: number, heading: boolean) =>
  call<ParsedAnnex>('set_import_heading', { parsed, row, heading })
/** `into`: 更新原文档, the document that already holds this annex takes its rows. */
export const confirmImport = (parsed: ParsedAnnex, again = false, into: number | null = null) =>
  call<ImportOutcome>('confirm_import', { parsed, again, into })

// Render, print, export
/** The PDF bytes of the document laid out with these options. */
export async function renderPreview(documentId: number, options: LayoutOptions): Promise<Uint8Array> {
  const buf = await call<ArrayBuffer | number[]>('render_preview', { documentId, options })
  return buf instanceof ArrayBuffer ? new Uint8Array(buf) : new Uint8Array(buf)
}
export const printDocument = (documentId: number, options: LayoutOptions) =>
  call<string>('print_document', { documentId, options })
export const revealPrintCopy = (path: string) => call<void>('reveal_print_copy', { path })
/** Opens an exported file (or shows it in its folder): only a file chosen in this session's save dialog. */
export const openExported = (path: string, reveal: boolean) => call<void>('open_exported', { path, reveal })
export const exportPdf = (documentId: number, options: LayoutOptions, path: string) =>
  call<string>('export_pdf', { documentId, options, path })
export const exportUnitSheet = (
  unitId: number, withCooperating: boolean, documentId: number | null, options: LayoutOptions, path: string,
) => call<string>('export_unit_sheet', { unitId, withCooperating, documentId, options, path })
/** Excel (.xlsx), Word (.docx) or CSV, by the extension of `path` (from the save dialog). */
/** An export's result: the file written and notes for the user (Excel rows cut off in print). */
export interface ExportDone { path: string; notes: string[] }
export const exportDocument = (documentId: number, path: string, options?: ExportOptions) =>
  call<ExportDone>('export_document', { documentId, path, options: options ?? null })
/** The open dialog, shown by the shell: only a file picked there can be imported. Null when cancelled. */
export const chooseImportFile = () => call<string | null>('choose_import_file')
/** The save dialog, shown by the shell (`format`: pdf, docx, xlsx, csv, json; `name` without extension):
 * only a path picked there can be written. Null when cancelled. */
export const chooseSavePath = (format: string, name: string) => call<string | null>('choose_save_path', { format, name })
/** Every column kind with its default label and width (the core's, not a copy). */
export const columnKinds = () => call<ColumnKindInfo[]>('column_kinds')
/** The safe base file name (no extension) the core suggests for an export or a sheet. */
export const suggestedName = (request: NameRequest) => call<string>('suggested_name', { request })
/** Set only in tests (FENGONG_EXPORT_DIR): exports go there without a save dialog. */
export const testExportDir = () => call<string | null>('test_export_dir')

/** The database is held by another program (the command-line tool, say): what the app is waiting for. */
export function onBusy(cb: (message: string) => void): Promise<UnlistenFn> {
  return listen<string>('busy', (e) => cb(e.payload))
}

export function onProgress(cb: (p: Progress) => void): Promise<UnlistenFn> {
  return listen<Progress>('progress', (e) => cb(e.payload))
}

// Trash and backups (src-tauri/src/commands/backup.rs)
export const listTrash = () => call<TrashedDocument[]>('list_trash')
export const deleteForever = (id: number) => call<void>('delete_forever', { id })
export const listBackups = () => call<BackupOverview>('list_backups')
export const backupNow = () => call<BackupInfo>('backup_now')
export const setBackupPolicy = (policy: BackupPolicy) => call<void>('set_backup_policy', { policy })
/** The open dialog for a backup file from elsewhere; null when cancelled. */
export const chooseRestoreFile = () => call<string | null>('choose_restore_file')
/** `file`: a listed backup's file name, or a path from chooseRestoreFile. */
export const restoreBackup = (file: string) => call<RestoreOutcome>('restore_backup', { file })
