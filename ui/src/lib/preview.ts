// Edits the user makes in the import preview before anything is written. The parsed annex is large and
// shown read-only, so an edit returns a new annex with only the changed row copied (the preview's
// shallowRef sees a new value). The core adds a column for a role the table did not have when it writes
// (ParsedAnnex::document_draft); a JSON bundle is imported as it is, so it is not edited here.
import type { ParsedAnnex, Role } from '../types'

export const ROLES: readonly Role[] = ['lead', 'cooperating', 'responsible']

/** The annex with unit `unit` of row `row` given `role`. */
export function withRole(parsed: ParsedAnnex, row: number, unit: number, role: Role): ParsedAnnex {
  const old = parsed.rows[row]
  if (!old || !old.draft.units[unit] || old.draft.units[unit].role === role) return parsed
  const units = old.draft.units.map((u, i) => (i === unit ? { ...u, role } : u))
  const rows = parsed.rows.slice()
  rows[row] = { ...old, draft: { ...old.draft, units } }
  return { ...parsed, rows }
}

/** Whether the preview may be edited (a JSON bundle is imported as it is). */
export const editable = (parsed: ParsedAnnex) => !parsed.bundle
