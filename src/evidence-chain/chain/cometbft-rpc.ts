// A small client of the CometBFT v0.38 JSON-RPC (HTTP POST), failing over across the validators'
// RPC endpoints: any validator of the alliance can accept a transaction or answer a query.
import { GenesisValidatorJson, HeaderJson } from '../verifier/cometbft-json';

export interface RpcStatus {
  endpoint: string;
  nodeId: string;
  moniker: string;
  network: string;
  latestHeight: number;
  catchingUp: boolean;
}

export interface TxResult {
  hash: string; // upper-case hex, as CometBFT prints it
  height: number;
  index: number;
  txBase64: string;
  code: number;
  /** Present when asked with prove=true: the tx's inclusion proof against the block's data_hash. */
  proof?: {
    rootHash: string;
    data: string;
    proof: { total: string; index: string; leaf_hash: string; aunts: string[] };
  };
}

// The JSON shapes of the answers this client reads (CometBFT prints int64 as strings).
interface StatusJson {
  node_info: { id: string; moniker: string; network: string };
  sync_info: { latest_block_height: string; catching_up: boolean };
}

interface BroadcastJson {
  hash: string;
  code: number;
  log?: string;
}

interface TxJson {
  hash: string;
  height: string;
  index: number;
  tx: string;
  tx_result?: { code?: number };
  proof?: {
    root_hash: string;
    data: string;
    proof: { total: string; index: string; leaf_hash: string; aunts: string[] };
  };
}

export interface AbciQueryResult {
  code: number;
  log: string;
  value: Uint8Array;
  /** proofOps[0].data as text: a LedgerProof in JSON */
  proofData: string | null;
  height: number;
}

interface AbciQueryJson {
  code?: number;
  log?: string;
  value?: string | null;
  height?: string;
  proofOps?: { ops?: Array<{ type: string; key: string; data: string }> } | null;
}

interface BlockchainJson {
  block_metas: Array<{ header: HeaderJson }>;
}

interface ValidatorsJson {
  total: string;
  validators: Array<{ address: string; pub_key: { type: string; value: string }; voting_power: string }>;
}

export class RpcError extends Error {
  constructor(
    readonly endpoint: string,
    message: string,
  ) {
    super(`${endpoint}: ${message}`);
    this.name = 'RpcError';
  }
}

export class CometRpcClient {
  private preferred = 0;
  private nextId = 1;

  constructor(
    readonly endpoints: string[],
    private readonly timeoutMs = 5000,
  ) {
    if (endpoints.length === 0) throw new Error('CometRpcClient needs at least one RPC endpoint');
  }

  /** A client bound to one validator only (no failover), e.g. to cross-check another's answer. */
  only(endpoint: string): CometRpcClient {
    return new CometRpcClient([endpoint], this.timeoutMs);
  }

  async status(): Promise<RpcStatus> {
    return this.call('status', {}, (r: StatusJson, endpoint) => ({
      endpoint,
      nodeId: r.node_info.id,
      moniker: r.node_info.moniker,
      network: r.node_info.network,
      latestHeight: Number(r.sync_info.latest_block_height),
      catchingUp: Boolean(r.sync_info.catching_up),
    }));
  }

  /** Status of every endpoint separately; an endpoint that is down yields its error. */
  async statusOfAll(): Promise<Array<RpcStatus | RpcError>> {
    return Promise.all(
      this.endpoints.map((e) =>
        this.only(e)
          .status()
          .catch((err: unknown) => toRpcError(e, err)),
      ),
    );
  }

  /** Submits tx bytes; resolves once CheckTx accepted it (the tx is then in the mempool). */
  async broadcastTxSync(tx: Uint8Array): Promise<{ hash: string; code: number; log: string }> {
    return this.call('broadcast_tx_sync', { tx: Buffer.from(tx).toString('base64') }, (r: BroadcastJson) => ({
      hash: String(r.hash),
      code: Number(r.code),
      log: String(r.log ?? ''),
    }));
  }

  /** The committed tx by hash, or null when not (yet) in a block. */
  async tx(hashHex: string, prove = false): Promise<TxResult | null> {
    try {
      return await this.call('tx', { hash: Buffer.from(hashHex, 'hex').toString('base64'), prove }, (r: TxJson) => ({
        hash: String(r.hash),
        height: Number(r.height),
        index: Number(r.index),
        txBase64: String(r.tx),
        code: Number(r.tx_result?.code ?? 0),
        proof: r.proof ? { rootHash: r.proof.root_hash, data: r.proof.data, proof: r.proof.proof } : undefined,
      }));
    } catch (error) {
      if (error instanceof RpcError && /not found/i.test(error.message)) return null;
      throw error;
    }
  }

  /** The ledger app's answer to a query (ledger-app.ts lists the paths), with its proof against the next header's app hash. */
  async abciQuery(path: string, data: Uint8Array): Promise<AbciQueryResult> {
    return this.call(
      'abci_query',
      { path, data: Buffer.from(data).toString('hex'), prove: true },
      (r: { response: AbciQueryJson }) => ({
        code: Number(r.response.code ?? 0),
        log: String(r.response.log ?? ''),
        value: Buffer.from(r.response.value ?? '', 'base64'),
        proofData: r.response.proofOps?.ops?.[0]?.data
          ? Buffer.from(r.response.proofOps.ops[0].data, 'base64').toString('utf8')
          : null,
        height: Number(r.response.height ?? 0),
      }),
    );
  }

  /** Headers of heights min..max (at most 20 per call, as /blockchain pages), lowest first. */
  async headers(minHeight: number, maxHeight: number): Promise<HeaderJson[]> {
    return this.call(
      'blockchain',
      { minHeight: String(minHeight), maxHeight: String(maxHeight) },
      (r: BlockchainJson) => r.block_metas.map((m) => m.header).sort((a, b) => Number(a.height) - Number(b.height)),
    );
  }

  /** The whole validator set that makes block `height` (paged by 100, /validators' maximum). */
  async validatorsAt(height: number): Promise<GenesisValidatorJson[]> {
    const validators: GenesisValidatorJson[] = [];
    for (let page = 1; ; page++) {
      const r = await this.call(
        'validators',
        { height: String(height), page: String(page), per_page: '100' },
        (v: ValidatorsJson) => v,
      );
      validators.push(...r.validators.map((v) => ({ address: v.address, pub_key: v.pub_key, power: v.voting_power })));
      if (validators.length >= Number(r.total) || r.validators.length === 0) return validators;
    }
  }

  /** Raw JSON of /block, /commit or /validators at a height, for receipts; T is the caller's view of it. */
  async raw<T = unknown>(
    method: 'block' | 'commit' | 'validators' | 'genesis' | 'abci_info',
    params: Record<string, unknown> = {},
  ): Promise<T> {
    return this.call(method, params, (r: T) => r);
  }

  private async call<R, T>(
    method: string,
    params: Record<string, unknown>,
    map: (result: R, endpoint: string) => T,
  ): Promise<T> {
    const errors: string[] = [];
    for (let attempt = 0; attempt < this.endpoints.length; attempt++) {
      const index = (this.preferred + attempt) % this.endpoints.length;
      const endpoint = this.endpoints[index];
      try {
        const result = (await this.post(endpoint, method, params)) as R;
        this.preferred = index; // stay on a validator that answers
        return map(result, endpoint);
      } catch (error) {
        // A JSON-RPC error is the validator's answer, not an outage: do not fail over on it.
        if (error instanceof RpcError && !(error as RpcError & { transport?: boolean }).transport) throw error;
        errors.push((error as Error).message);
      }
    }
    throw new RpcError(this.endpoints.join(','), `no validator answered ${method}: ${errors.join('; ')}`);
  }

  private async post(endpoint: string, method: string, params: Record<string, unknown>): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: this.nextId++, method, params }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw Object.assign(toRpcError(endpoint, error), { transport: true });
    }
    const body = (await response.json().catch(() => null)) as {
      result?: unknown;
      error?: { message?: string; data?: string };
    } | null;
    if (body?.error) throw new RpcError(endpoint, `${body.error.message ?? 'error'}: ${body.error.data ?? ''}`);
    if (!response.ok || !body)
      throw Object.assign(new RpcError(endpoint, `HTTP ${response.status}`), { transport: true });
    return body.result;
  }
}

function toRpcError(endpoint: string, error: unknown): RpcError {
  if (error instanceof RpcError) return error;
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  return new RpcError(endpoint, cause ?? (error as Error).message);
}
