// App-wide state: which screen is shown, the open document, the current screen's undo stack, and message
// helpers.

import { h, reactive, ref, shallowRef } from 'vue'
import { ElButton, ElMessage, ElMessageBox, ElNotification } from 'element-plus'
import { UndoStack, type UndoEntry } from './lib/undo'
import { errorMessage, openExported } from './api'
import { Unsaved } from './lib/unsaved'
import type { Pasted } from './lib/paste'
import type { ImportOutcome, ParsedAnnex } from './types'

export type View = 'documents' | 'editor' | 'units' | 'search' | 'import' | 'preview' | 'trash' | 'backup'

export const app = reactive({
  view: 'documents' as View,
  documentId: null as number | null,
  /** Item to scroll to and flash in the editor (from a search hit). */
  focusItemId: null as number | null,
  /** A unit whose 分工清单 the 单位 screen opens when shown (a link from 检索). */
  sheetUnitId: null as number | null,
  /** Bumped after an undo so screens reload their data. */
  dataVersion: 0,
  busy: '' as string,
})

export const undoStack = new UndoStack()

/** Unsaved work, asked about when the window is closed (App.vue). */
export const unsaved = new Unsaved()

/** The 导入 screen's work, kept while the app runs: switching screens used to lose a pasted table and its
 * preview. */
export const importWork = {
  text: ref(''),
  pasted: shallowRef<Pasted | null>(null),
  parsed: shallowRef<ParsedAnnex | null>(null),
  outcome: ref<ImportOutcome | null>(null),
}
let lastNote: { close: () => void } | null = null

export function go(view: View, documentId?: number | null, focusItemId?: number | null) {
  if (documentId !== undefined) app.documentId = documentId
  app.focusItemId = focusItemId ?? null
  // The stack undoes what was just done on this screen (a document deleted from the list). Leaving the
  // screen ends it: a deleted document is then in the 回收站, and Ctrl+Z in an editor is that document's
  // own history (it used to restore a document deleted minutes earlier on another screen).
  if (view !== app.view) {
    undoStack.clear()
    lastNote?.close()
    lastNote = null
  }
  app.view = view
}

export function showError(e: unknown) {
  ElMessage({ type: 'error', message: errorMessage(e), showClose: true, duration: 6000, grouping: true })
}

export function showOk(message: string) {
  ElMessage({ type: 'success', message, duration: 2000, grouping: true })
}

/** After an export: where the file went, with 打开 and 打开文件所在位置; stays 10 s (2 s was too short to read a
 * path) and until closed while hovered. */
export function showExported(path: string) {
  const open = (reveal: boolean) => () => {
    n.close()
    openExported(path, reveal).catch(showError)
  }
  const n = ElNotification({
    type: 'success',
    title: '已导出',
    message: h('div', { 'data-test': 'exported-note' }, [
      h('div', { style: 'word-break: break-all' }, path),
      h(ElButton, { size: 'small', type: 'primary', link: true, 'data-test': 'open-exported', onClick: open(false) }, () => '打开'),
      h(ElButton, { size: 'small', link: true, 'data-test': 'reveal-exported', onClick: open(true) }, () => '打开文件所在位置'),
    ]),
    duration: 10000,
    position: 'bottom-right',
  })
}

/** Asks before work is thrown away, the safe choice the default: Enter (the focused primary 继续编辑) and
 * Escape keep it; only a click on the red `discard` button gives it up. True when the user chose to give up. */
export async function confirmDiscard(message: string, title: string, discard: string): Promise<boolean> {
  const action = await ElMessageBox.confirm(message, title, {
    confirmButtonText: '继续编辑',
    cancelButtonText: discard,
    cancelButtonClass: 'el-button--danger',
    distinguishCancelAndClose: true,
    type: 'warning',
  })
    .then(() => 'keep')
    .catch((a: unknown) => a)
  return action === 'cancel'
}

/** Things the user must know after something succeeded (an Excel row that prints cut off): stays until closed. */
export function showNotes(title: string, notes: string[]) {
  if (!notes.length) return
  ElNotification({ type: 'warning', title, message: notes.join('\n'), duration: 0, customClass: 'notes-note' })
}

/** Records a destructive action and offers 撤销 at once (Ctrl+Z does the same). */

export function pushUndo(entry: UndoEntry) {
  undoStack.push(entry)
  lastNote?.close()
  const n = (lastNote = ElNotification({
    title: '已' + entry.label,
    message: h('div', { class: 'undo-note' }, [
      h('span', '可按 Ctrl+Z 撤销。'),
      h(
        ElButton,
        { size: 'small', type: 'primary', link: true, 'data-test': 'undo-button', onClick: () => { n.close(); void undoLast() } },
        () => '撤销',
      ),
    ]),
    type: 'info',
    duration: 8000,
    position: 'bottom-right',
  }))
}

export async function undoLast() {
  lastNote?.close()
  lastNote = null
  try {
    const e = await undoStack.undoLast()
    if (e) {
      showOk('已撤销：' + e.label)
      app.dataVersion++
    } else if (undoStack.size === 0) {
      ElMessage({ type: 'info', message: '没有可以撤销的操作', duration: 1500, grouping: true })
    }
  } catch (err) {
    showError(err)
  }
}

// Keyboard commands (Ctrl+N, Ctrl+P …) are routed to whichever screen registered a handler.
type Handler = () => void
const handlers = new Map<string, Handler>()
export function onCommand(name: string, fn: Handler): () => void {
  handlers.set(name, fn)
  return () => {
    if (handlers.get(name) === fn) handlers.delete(name)
  }
}
export function runCommand(name: string): boolean {
  const fn = handlers.get(name)
  if (fn) fn()
  return !!fn
}
