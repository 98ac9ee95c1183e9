// 由 fengong::rules 生成，请勿手改。重新生成：FENGONG_UPDATE_TYPES=1 cargo test -p fengong-desktop --test contract
// The core's data rules (src/rules.rs); the store checks them again on every write.

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
} as const
