// How many rows of a long table are on the page. Element Plus's el-table draws every row it is given, and a
// 3,000-row table took about 20 s to open and 18 s per 上移; its virtualised el-table-v2 has no merged cells
// (our heading rows span the columns) and no <tbody> for the drag-to-reorder. So a table gets its first
// rows and more each time the reader scrolls near the end (the sentinel in el-table's append slot comes into
// view), and a row that must be shown (a search hit, a moved row) widens the window to it. Rows stay in
// document order from the first, so row indexes in the table are the document's.

// A screen at 1366×768 shows 5–15 rows of an annex; each drawn row costs about 5 ms (more in the import
// preview, where every unit is a menu), so 60 first and 120 more at a time keep opening and moving short.
export const FIRST_ROWS = 60
export const MORE_ROWS = 120

export class RowWindow {
  constructor(public shown = FIRST_ROWS) {}

  /** The count to draw for a table of `total` rows. */
  count(total: number): number {
    return Math.min(total, this.shown)
  }

  /** The reader reached the end of what is drawn: draw more. */
  more(total: number): boolean {
    if (this.shown >= total) return false
    this.shown = Math.min(total, this.shown + MORE_ROWS)
    return true
  }

  /** Row `index` must be on the page (a search hit to flash, a row moved down past the end). */
  include(index: number): void {
    if (index >= this.shown) this.shown = index + 1 + Math.min(MORE_ROWS, FIRST_ROWS)
  }
}
