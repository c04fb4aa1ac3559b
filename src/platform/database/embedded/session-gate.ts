/**
 * PGlite has one session. The gate lends it to one connection at a time, in arrival order, from
 * the first message of a query or transaction until the backend is idle again (ReadyForQuery 'I'),
 * so no other connection's messages land inside an extended-protocol sequence or a transaction.
 */
export class SessionGate<Owner> {
  private owner?: Owner;
  private readonly waiting: { owner: Owner; admit: () => void }[] = [];

  get holder(): Owner | undefined {
    return this.owner;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async acquire(owner: Owner): Promise<void> {
    if (this.owner === owner) return;
    if (this.owner === undefined) {
      this.owner = owner;
      return;
    }
    await new Promise<void>((admit) => this.waiting.push({ owner, admit }));
  }

  /** Hands the session straight to the next in line, so nobody can slip in between. */
  release(owner: Owner): void {
    if (this.owner !== owner) {
      const index = this.waiting.findIndex((entry) => entry.owner === owner);
      if (index >= 0) this.waiting.splice(index, 1);
      return;
    }
    const next = this.waiting.shift();
    this.owner = next?.owner;
    next?.admit();
  }
}
