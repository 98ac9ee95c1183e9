// Turns the import report (a plain object from the core) into labelled sections for display. Known keys
// get Chinese headings; unknown keys are still shown, so nothing in the report is hidden.

export interface ReportSection {
  key: string
  label: string
  /** Shown on the heading line: a scalar value, or a short list of line numbers. */
  inline: string
  /** Shown as a list under the heading (entries with text). */
  lines: string[]
  count: number
}

const LABELS: Record<string, string> = {
  source: '来源',
  lines: '总行数',
  header_line: '表头所在行',
  repeated_headers: '删去的重复表头（行号）',
  normalised: '半角标点改为全角',
  html_cleaned: '清除了网页标记的行',
  items: '事项',
  assignments: '单位分工（条）',
  lead_assignments: '其中牵头',
  unplaced: '未能放入表格的行',
  unplaced_lines: '未能放入表格的行',
  skipped: '跳过的行',
  skipped_lines: '跳过的行',
  units_created: '新建的单位',
  new_units: '新建的单位',
  units_matched: '匹配到的已有单位',
  punctuation: '规范化的标点',
  punctuation_fixes: '规范化的标点',
  normalized: '规范化的内容',
  warnings: '提醒',
  notes: '说明',
  format: '文件格式',
  encoding: '文件编码',
  units_merged: '并入已有单位',
  headings: '分组标题行',
  merged_lines: '并入上一行的续行',
  continuation_lines: '并入上一行的续行',
  rows: '识别出的事项',
  columns: '识别出的列',
}

export function describe(value: unknown): string {
  if (value == null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return value.map(describe).join('、')
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>
    if ('before' in o && 'after' in o) {
      return `第 ${o.line} 行“${o.column ?? ''}”：${describe(o.before)} → ${describe(o.after)}`
    }
    const line = o.line ?? o.line_no ?? o.lineno
    const text = o.message ?? o.text ?? o.name ?? o.detail
    const reason = o.reason != null ? `（${describe(o.reason)}）` : ''
    const rest = Object.entries(o)
      .filter(([k]) => !['line', 'line_no', 'lineno', 'message', 'text', 'reason', 'name', 'detail'].includes(k))
      .map(([k, v]) => `${LABELS[k] ?? k}：${describe(v)}`)
    const head = [line != null ? `第 ${line} 行` : '', text != null ? describe(text) + reason : reason].filter(Boolean).join('：')
    return [head, ...rest].filter(Boolean).join('；')
  }
  return String(value)
}

export function reportSections(report: Record<string, unknown> | null | undefined): ReportSection[] {
  if (!report) return []
  // An empty scalar (no encoding for a Word or Excel file) says nothing: left out.
  return Object.entries(report).filter(([, v]) => v !== '' && v != null).map(([key, v]) => {
    const label = LABELS[key] ?? key
    if (Array.isArray(v)) {
      const simple = v.every((x) => typeof x === 'number' || (typeof x === 'string' && x.length <= 30))
      if (simple) return { key, label, inline: v.length ? v.map(describe).join('、') : '无', lines: [], count: v.length }
      return { key, label, inline: '', lines: v.map(describe), count: v.length }
    }
    const text = describe(v)
    return { key, label, inline: text || '—', lines: [], count: typeof v === 'number' ? v : text ? 1 : 0 }
  })
}
