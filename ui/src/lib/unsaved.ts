// What the user has typed or chosen and not yet saved, by whoever holds it (the item form, the import
// screen, a dialog): asked about when the window is closed (#15 item 8). Each holder says what it holds in
// words and takes it back once saved or given up.

export class Unsaved {
  private readonly held = new Map<string, string>()

  /** Marks `key` as holding unsaved work described by `what`, or clears it when `what` is empty. */
  set(key: string, what: string | null | undefined): void {
    if (what) this.held.set(key, what)
    else this.held.delete(key)
  }

  get size(): number {
    return this.held.size
  }

  /** The question asked on close, or null when nothing is unsaved. */
  question(): string | null {
    if (!this.held.size) return null
    const list = [...this.held.values()].map((w) => '· ' + w).join('\n')
    return `以下内容还没有保存：\n${list}\n\n退出后，事项表单里的修改仍在本机暂存，下次打开文档时可以恢复；其他未保存的内容会丢失。仍要退出吗？`
  }

  clear(): void {
    this.held.clear()
  }
}
