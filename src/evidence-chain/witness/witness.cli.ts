// npm run witness -- --firm CODE --key FILE --api URL --api-key KEY [--state FILE] [--log-key VKEY] [--chain URL] [--name NAME]
// npm run witness -- --firm CODE --key FILE --serve 127.0.0.1:PORT --log-key VKEY [--state FILE] [--name NAME]
// Exit code 0: cosigned (or nothing new); 1: refused (reported to the service); 2: usage or I/O error; 3: not on the chain yet.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ed25519 } from '@noble/curves/ed25519';
import { CometRpcClient } from '../chain/cometbft-rpc';
import { cosignerVerifierKey } from './cosignature';
import { ChainWitness } from './witness-chain';
import { WitnessApi } from './witness-api';
import { witnessOnce } from './witness-run';
import { serveWitness } from './witness-server';
import { loadWitnessState, saveWitnessState } from './witness-state';

const USAGE = `usage: npm run witness -- --firm CODE --key FILE (--api URL --api-key KEY | --serve HOST:PORT) [options]
  --firm          the firm's credit code (names the default state file and cosigner name)
  --key           the firm's Ed25519 signing key: a file holding the 32-byte seed as 64 hex characters,
                  or JSON {"secretKey": "<64 hex>"}; its public key must be registered with the bureau
  --api           the bureau's service URL: fetch the latest checkpoint, cosign it, submit
  --api-key       the firm's API key (rsk_...), or --api-key-file FILE
  --state         the witness's state file (default witness-<firm>.json): the last verified checkpoint
  --log-key       the log's note verifier key (<origin>+<hash>+<base64>); default: the state's, or
                  the one the service names on first use (then pinned in the state file)
  --chain         a validator's RPC URL: also check the chain holds the checkpoint (abci_query proof)
                  and send the cosignature transaction there
  --name          the cosigner name in the cosignature line (default witness.<firm>)
  --serve         HOST:PORT: run as a C2SP tlog-witness server (POST /add-checkpoint) instead`;

type Flags = Partial<
  Record<'firm' | 'key' | 'api' | 'api-key' | 'api-key-file' | 'state' | 'log-key' | 'chain' | 'name' | 'serve', string>
>;

async function main(): Promise<number> {
  let values: Flags;
  try {
    const options = Object.fromEntries(
      ['firm', 'key', 'api', 'api-key', 'api-key-file', 'state', 'log-key', 'chain', 'name', 'serve'].map((k) => [
        k,
        { type: 'string' as const },
      ]),
    );
    ({ values } = parseArgs({ options }) as { values: Flags });
  } catch (error) {
    return usage((error as Error).message);
  }
  if (!values.firm || !values.key) return usage('--firm and --key are required');
  if (!values.api === !values.serve) return usage('give either --api (witness once) or --serve (tlog-witness server)');
  let secretKey: Uint8Array;
  try {
    secretKey = readKey(values.key);
  } catch (error) {
    return usage(`--key: ${(error as Error).message}`);
  }
  const statePath = values.state ?? `witness-${values.firm}.json`;
  const name = values.name ?? `witness.${values.firm}`;
  const state = loadWitnessState(statePath);
  console.log(`cosigner ${cosignerVerifierKey(name, ed25519.getPublicKey(secretKey))}`);

  if (values.serve) {
    const m = /^([0-9.]+|\[[0-9a-f:]+\]|localhost):(\d{1,5})$/.exec(values.serve);
    if (!m) return usage('--serve takes HOST:PORT, e.g. 127.0.0.1:8420');
    const logKey = values['log-key'] ?? state?.logKey;
    if (!logKey) return usage('--serve needs --log-key (or a state file that pinned one)');
    const server = await serveWitness({ host: m[1], port: Number(m[2]), statePath, logKey, name, secretKey });
    const address = server.address() as { address: string; port: number };
    console.log(`tlog-witness listening on http://${address.address}:${address.port}/add-checkpoint`);
    await new Promise<void>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => server.close(() => resolve()));
    });
    return 0;
  }

  const apiKey =
    values['api-key'] ?? (values['api-key-file'] ? readFileSync(values['api-key-file'], 'utf8').trim() : undefined);
  if (!apiKey) return usage('--api-key or --api-key-file is required with --api');
  const result = await witnessOnce({
    api: new WitnessApi(values.api!.replace(/\/$/, ''), apiKey),
    secretKey,
    name,
    state,
    logKey: values['log-key'],
    chain: values.chain ? new ChainWitness(new CometRpcClient([values.chain])) : undefined,
    log: (line) => console.log(line),
  });
  switch (result.outcome) {
    case 'cosigned':
      saveWitnessState(statePath, result.state);
      console.log(`cosigned checkpoint ${result.treeSize}: ${result.cosignature.trimEnd()}`);
      return 0;
    case 'unchanged':
      console.log(`checkpoint ${result.treeSize} is the one last cosigned; nothing to do`);
      return 0;
    case 'not_anchored':
      console.error(`not cosigned yet: ${result.reason}`);
      return 3;
    case 'refused':
      console.error(`REFUSED checkpoint ${result.treeSize}: first bad size ${result.firstBadSize}: ${result.reason}`);
      return 1;
  }
}

function readKey(path: string): Uint8Array {
  const text = readFileSync(path, 'utf8').trim();
  const hex = text.startsWith('{') ? ((JSON.parse(text) as { secretKey?: string }).secretKey ?? '') : text;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('expected a 32-byte Ed25519 seed as 64 hex characters');
  return Buffer.from(hex, 'hex');
}

function usage(problem: string): number {
  console.error(`${problem}\n${USAGE}`);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`witness: ${error.message}`);
    process.exit(2);
  },
);
