/**
 * Readers share, a writer is alone. Calls that write hold the lock across their awaits, so a long
 * import never sees another call's writes join its transaction, and readers never see a write
 * half done.
 */
export class ReadWriteLock {
  private readers = 0
  private writer = false
  private queue: { write: boolean; resolve: () => void }[] = []

  async run<T>(write: boolean, task: () => Promise<T>): Promise<T> {
    await this.acquire(write)
    try {
      return await task()
    } finally {
      this.release(write)
    }
  }

  /** Whether a call would wait now (another holds the lock, or calls are queued before it). */
  wouldWait(write: boolean): boolean {
    return !this.canEnter(write) || this.queue.length > 0
  }

  private acquire(write: boolean): Promise<void> {
    if (this.canEnter(write) && this.queue.length === 0) {
      this.enter(write)
      return Promise.resolve()
    }
    return new Promise((resolve) => this.queue.push({ write, resolve }))
  }

  private canEnter(write: boolean): boolean {
    return write ? !this.writer && this.readers === 0 : !this.writer
  }

  private enter(write: boolean): void {
    if (write) this.writer = true
    else this.readers++
  }

  private release(write: boolean): void {
    if (write) this.writer = false
    else this.readers--
    while (this.queue.length > 0 && this.canEnter(this.queue[0]!.write)) {
      const next = this.queue.shift()!
      this.enter(next.write)
      next.resolve()
      if (next.write) break
    }
  }
}
