// 由 fengong::rules 生成，请勿手改。重新生成：FENGONG_UPDATE_TYPES=1 cargo test -p fengong-desktop --test contract
// The core's data rules (src/rules.rs); the store checks them again on every write.

import type { LayoutOptions } from './ipc'

export const RULES = {
  /** 文档标题最多字数 */
  documentTitle: 500,
  /** 事项、复制推广范围最多字数 */
  itemTitle: 10000,
  /** 其他正文栏最多字数 */
  field: 2000000,
  /** 分管领导、完成时限最多字数 */
  shortField: 1000,
  /** 最多列数 */
  columns: 20,
  /** 表头最多字数 */
  columnLabel: 40,
  /** 一列的最大相对宽度 */
  columnWidthMax: 100,
  /** 单位名称、别名最多字数 */
  unitName: 100,
  /** 单位全称最多字数 */
  unitFullName: 200,
  /** 正文最小字号（磅） */
  bodySizeMin: 10.5,
  /** 正文最大字号（磅） */
  bodySizeMax: 16,
  /** 起始页码上限 */
  firstPageMax: 9999,
  /** 发文字号最多字数 */
  docNumber: 100,
  /** 检索词最多字数 */
  query: 200,
  /** 最多保留的备份份数 */
  backupKeepLastMax: 500,
  /** 每周备份最多保留的周数 */
  backupKeepWeeksMax: 260,
  /** 附件标签最多字数 */
  annexLabel: 20,
  /** 序号最多字数 */
  numberLabel: 20,
  /** 回收站保留天数 */
  trashDays: 30,
  /** 一次检索默认返回的最多条数 */
  searchHits: 200,
} as const

/** 可选的正文字号（磅与字号名），从大到小 */
export const BODY_SIZES = [
  { pt: 16, name: '三号' },
  { pt: 15, name: '小三' },
  { pt: 14, name: '四号' },
  { pt: 12, name: '小四' },
  { pt: 10.5, name: '五号' },
] as const

/** 内置示例的标题（从示例本身读出） */
export const SAMPLE_TITLE = '广东自贸试验区第八批可复制推广改革创新经验任务分工表'

/** 版式选项的默认值（LayoutOptions::default()） */
export const DEFAULT_LAYOUT_OPTIONS: Readonly<LayoutOptions> = {"page_setup":"portrait","body_size":16.0,"first_page_number":1,"continued_mark":false,"doc_number":null,"show_doc_number":false}
