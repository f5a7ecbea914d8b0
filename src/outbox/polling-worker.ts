// Runs an outbox's work inside the server process: at once when woken after a commit, else on a
// poll, never twice at the same time, and to completion on drain (tests) or stop (shutdown).
export class PollingWorker {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private again = false
  private stopped = true

  constructor(
    /** One pass: does everything due now. Must not throw (it logs its own errors). */
    private readonly runOnce: () => Promise<void>,
    private readonly pollIntervalMs: number,
  ) {}

  start(): void {
    this.stopped = false
    this.schedule(0)
  }

  /** Called after a commit that queued work, so it goes out at once rather than at the next poll. */
  wake(): void {
    if (this.stopped) return
    if (this.running) this.again = true
    else this.schedule(0)
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.running
  }

  /** Does everything due now; resolves when done. Tests call it to avoid waiting for a poll. */
  async drain(): Promise<void> {
    while (this.running) await this.running
    this.running = this.runOnce()
    try {
      await this.running
    } finally {
      this.running = undefined
    }
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.tick(), delay)
    this.timer.unref()
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return
    this.running = this.runOnce()
    try {
      await this.running
    } finally {
      this.running = undefined
    }
    if (this.stopped) return
    const now = this.again
    this.again = false
    this.schedule(now ? 0 : this.pollIntervalMs)
  }
}
