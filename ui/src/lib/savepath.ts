// Where an export goes: always a path the user picked in the save dialog, which the shell shows (it then
// accepts that path, and no other, from this window; src-tauri/src/files.rs). The shell also makes the
// suggested name safe for every system. Only when the app was started with FENGONG_EXPORT_DIR (end-to-end
// tests: WebDriver cannot drive a native dialog) the file goes into that folder instead.
import { chooseSavePath as choose, suggestedName } from '../api'
import type { NameRequest } from '../types'
import type { ExportFormatInfo } from './exportfmt'
import type { Busy } from '../composables/useBusy'

/** Where a PDF goes. */
export function chooseSavePath(baseName: string): Promise<string | null> {
  return choose('pdf', baseName)
}

/** Where a Word / Excel / CSV / JSON export goes; the dialog offers only the chosen format. */
export function chooseExportPath(baseName: string, format: ExportFormatInfo): Promise<string | null> {
  return choose(format.format, baseName)
}

/** The base file name (no extension) the core suggests for a document's annex or a unit's sheet: one rule
 * for the app and the command-line tool (the sheet's file is named after the title printed on it). */
export function baseName(request: NameRequest): Promise<string> {
  return suggestedName(request)
}

/** Where an export goes, asked inside `run` (useBusy): the core's name for `request`, then the save dialog
 * (PDF, or `format`). A failing call is shown by `run` and gives undefined, like a cancelled dialog (null):
 * a button never does nothing with an unhandled rejection. */
export function pickPath(
  run: Busy['run'],
  request: NameRequest,
  format: ExportFormatInfo | null = null,
): Promise<string | null | undefined> {
  return run(async () => {
    const name = await baseName(request)
    return format ? chooseExportPath(name, format) : chooseSavePath(name)
  })
}
