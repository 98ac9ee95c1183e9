// The export formats of the 导出 menu: what each is called, its file extension, and which of the preview's
// options it takes. Word follows the preview (page set-up and body size), so the .docx prints like the PDF
// the user just looked at; Excel keeps its own landscape sheet at 小四 unless a landscape page was chosen;
// CSV and the JSON bundle have no page.
import type { ExportOptions, LayoutOptions } from '../types'

export type ExportFormat = 'docx' | 'xlsx' | 'csv' | 'json'

export interface ExportFormatInfo {
  format: ExportFormat
  /** Menu entry. */
  label: string
  /** Save-dialog filter name. */
  filter: string
}

export const EXPORT_FORMATS: ExportFormatInfo[] = [
  { format: 'docx', label: 'Word 文档（.docx）…', filter: 'Word 文档' },
  { format: 'xlsx', label: 'Excel 工作簿（.xlsx）…', filter: 'Excel 工作簿' },
  { format: 'csv', label: 'CSV 表格（.csv）…', filter: 'CSV（逗号分隔）' },
  { format: 'json', label: '分工数据包（.json，可无损导回）…', filter: '分工数据包' },
]

export function exportOptionsFor(format: ExportFormat, layout: LayoutOptions): ExportOptions | null {
  switch (format) {
    case 'docx':
      return {
        body_size: layout.body_size,
        page_setup: layout.page_setup,
        show_doc_number: layout.show_doc_number,
        doc_number: layout.doc_number,
        first_page_number: layout.first_page_number,
      }
    case 'xlsx':
      return {
        body_size: null,
        page_setup: layout.page_setup === 'portrait' ? null : 'landscape',
        show_doc_number: layout.show_doc_number,
        doc_number: layout.doc_number,
        // Word only: Excel's page numbers are set in its own print set-up.
        first_page_number: null,
      }
    default:
      return null
  }
}
