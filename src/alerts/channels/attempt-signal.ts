/**
 * Tells a channel that its delivery attempt is over (the dispatcher's per-attempt timeout). Not an
 * AbortSignal: an AbortController per attempt and undici's listener on it cost about 15-20 µs of
 * CPU, as much as the HTTP request itself, at several attempts per alert. This one is a field and
 * a callback list.
 */
export class AttemptSignal {
  private abortReason: Error | undefined;
  private listeners: Array<(reason: Error) => void> = [];

  get aborted(): boolean {
    return this.abortReason !== undefined;
  }

  get reason(): Error | undefined {
    return this.abortReason;
  }

  /** Runs `listener` once when the attempt is aborted (at once if it already was); the result removes it. */
  onAbort(listener: (reason: Error) => void): () => void {
    if (this.abortReason) {
      listener(this.abortReason);
      return () => undefined;
    }
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  abort(reason: Error): void {
    if (this.abortReason) return;
    this.abortReason = reason;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener(reason);
  }
}
