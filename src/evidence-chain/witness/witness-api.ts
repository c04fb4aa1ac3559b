// The log's HTTP API as a firm's witness calls it (firm API key where the route needs one).

export interface ListedCheckpoint {
  checkpoint: { origin: string; treeSize: number; rootHash: string };
}

export interface FirmLeaf {
  kind: string;
  recordId: string;
  leafIndex: number;
  contentHash: string;
  auditPath: string[];
}

export class WitnessApi {
  constructor(
    private readonly base: string,
    private readonly apiKey: string,
  ) {}

  /** The latest checkpoint note, and the verifier key the log says signed it (only trusted on first use). */
  async latestNote(): Promise<{ note: string; verifierKey: string | null }> {
    const response = await fetch(`${this.base}/v1/evidence/checkpoints/latest`);
    if (!response.ok)
      throw new Error(`GET /v1/evidence/checkpoints/latest answered ${response.status}: ${await response.text()}`);
    return { note: await response.text(), verifierKey: response.headers.get('x-note-verifier-key') };
  }

  async consistency(from: number, to: number): Promise<Uint8Array[]> {
    const body = await this.json<{ proof: string[] }>(`/v1/evidence/consistency?from=${from}&to=${to}`);
    return body.proof.map((h) => Buffer.from(h, 'hex'));
  }

  /** Checkpoints with sizes in (after, upTo], oldest first (at most 500). */
  async checkpointsBetween(after: number, upTo: number): Promise<ListedCheckpoint[]> {
    const page = await this.json<ListedCheckpoint[]>(`/v1/evidence/checkpoints?limit=500&before=${upTo + 1}`);
    return page.filter((c) => c.checkpoint.treeSize > after).reverse();
  }

  async firmLeaves(from: number, to: number): Promise<FirmLeaf[]> {
    const leaves: FirmLeaf[] = [];
    for (let next: number | null = from; next !== null;) {
      const page: { leaves: FirmLeaf[]; next: number | null } = await this.json(
        `/v1/witness/leaves?from=${next}&to=${to}`,
        true,
      );
      leaves.push(...page.leaves);
      next = page.next;
    }
    return leaves;
  }

  async submitCosignature(note: string, cosignature: string): Promise<unknown> {
    return this.post('/v1/witness/cosignatures', { checkpoint: note, cosignature });
  }

  async reportRefusal(note: string, firstBadSize: number, reason: string): Promise<unknown> {
    return this.post('/v1/witness/refusals', { checkpoint: note, firstBadSize, reason: reason.slice(0, 4000) });
  }

  private async json<T>(path: string, authenticated = false): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      headers: authenticated ? { authorization: `Bearer ${this.apiKey}` } : {},
    });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text);
  }
}
