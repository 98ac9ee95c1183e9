// Where an export goes: always a path the user picked in the save dialog, which the shell shows (it then
// accepts that path, and no other, from this window; src-tauri/src/files.rs). The shell also makes the
// suggested name safe for every system. Only when the app was started with FENGONG_EXPORT_DIR (end-to-end
// tests: WebDriver cannot drive a native dialog) the file goes into that folder instead.
import { chooseSavePath as choose, suggestedName, type NameRequest } from '../api'
import type { ExportFormatInfo } from './exportfmt'

/** Where a PDF goes. */
export function chooseSavePath(baseName: string): Promise<string | null> {
  return choose('pdf', baseName)
}

/** Where a Word / Excel / CSV / JSON export goes; the dialog offers only the chosen format. */
export function chooseExportPath(baseName: string, format: ExportFormatInfo): Promise<string | null> {
  return choose(format.format, baseName)
}

/** The base file name (no extension) the core suggests for a document's annex or a unit's sheet: one rule
 * for the app and the command-line tool. `fallback` only serves a shell that lacks the command (built
 * before it); the save dialog makes any name safe. */
export async function baseName(request: NameRequest, fallback: string): Promise<string> {
  try {
    return await suggestedName(request)
  } catch {
    return fallback
  }
}
