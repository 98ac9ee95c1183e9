// Small helpers of the 备份与恢复 and 回收站 views.

/** A file size as office staff read it: KB below 1 MB, else MB with one decimal. */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—'
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  return `${Math.max(1, Math.ceil(bytes / 1024))} KB`
}

/** Whole days from `now` until `iso` (0 when already past): “N 天后彻底删除”. */
export function daysLeft(iso: string, now: Date = new Date()): number {
  const t = new Date(iso).getTime()
  if (Number.isNaN(t)) return 0
  return Math.max(0, Math.ceil((t - now.getTime()) / 86_400_000))
}
