// A unit's 任务清单 as the core selects it (service::sheets::unit_sheet, via the `unit_sheet` command),
// grouped for the drawer: each heading row of the sheet opens the group of one source document.

import type { UnitSheetRow, UnitSheetRows } from '../types'

export interface SheetGroup {
  documentId: number
  title: string
  rows: UnitSheetRow[]
}

export function sheetGroups(sheet: UnitSheetRows): SheetGroup[] {
  const out: SheetGroup[] = []
  for (const r of sheet.rows) {
    if (r.item.is_heading) out.push({ documentId: r.item.document_id, title: r.item.title, rows: [] })
    else if (out.length) out[out.length - 1].rows.push(r)
    else out.push({ documentId: r.item.document_id, title: sheet.title, rows: [r] })
  }
  return out.filter((g) => g.rows.length)
}
