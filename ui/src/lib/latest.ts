// Re-rendering the preview when an option changes: wait until the user stops changing options (debounce),
// then run; if a newer request arrives while one runs, the older result is dropped (latest wins), so the
// preview never shows options the user has already changed.

export interface LatestRunnerOptions<A, R> {
  delay: number
  run: (args: A) => Promise<R>
  onResult: (result: R, args: A) => void
  onError?: (error: unknown, args: A) => void
  onBusy?: (busy: boolean) => void
}

export class LatestRunner<A, R> {
  private timer: ReturnType<typeof setTimeout> | null = null
  private seq = 0
  private inFlight = 0

  constructor(private readonly opts: LatestRunnerOptions<A, R>) {}

  /** Schedules a run with these arguments after the delay, replacing any pending one. */
  schedule(args: A): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.runNow(args)
    }, this.opts.delay)
  }

  /** Runs at once (e.g. the first render); still latest-wins against other runs. */
  async runNow(args: A): Promise<void> {
    const mine = ++this.seq
    this.setBusy(+1)
    try {
      const result = await this.opts.run(args)
      if (mine === this.seq) this.opts.onResult(result, args)
    } catch (e) {
      if (mine === this.seq) this.opts.onError?.(e, args)
    } finally {
      this.setBusy(-1)
    }
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.seq++
  }

  get pending(): boolean {
    return this.timer !== null
  }

  private setBusy(delta: number) {
    const before = this.inFlight > 0
    this.inFlight += delta
    const after = this.inFlight > 0
    if (before !== after) this.opts.onBusy?.(after)
  }
}
