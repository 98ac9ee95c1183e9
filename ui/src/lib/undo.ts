// The undo stack for destructive actions (delete a document, an item …). Each entry knows how to put
// things back; Ctrl+Z and the 撤销 button both pop the most recent one.

export interface UndoEntry {
  /** What was done, in Chinese, e.g. 删除事项“…”. */
  label: string
  undo: () => Promise<void>
}

export class UndoStack {
  private entries: UndoEntry[] = []
  private running = false

  constructor(private readonly limit = 50) {}

  push(entry: UndoEntry): void {
    this.entries.push(entry)
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit)
  }

  get size(): number {
    return this.entries.length
  }

  peek(): UndoEntry | undefined {
    return this.entries[this.entries.length - 1]
  }

  /**
   * Undoes the most recent action. Returns it, or undefined when there is nothing to undo or an undo is
   * already running (a double Ctrl+Z must not restore twice). If putting back fails the entry stays so the
   * user can retry, and the error propagates.
   */
  async undoLast(): Promise<UndoEntry | undefined> {
    if (this.running) return undefined
    const entry = this.entries.pop()
    if (!entry) return undefined
    this.running = true
    try {
      await entry.undo()
      return entry
    } catch (e) {
      this.entries.push(entry)
      throw e
    } finally {
      this.running = false
    }
  }

  clear(): void {
    this.entries = []
  }
}
