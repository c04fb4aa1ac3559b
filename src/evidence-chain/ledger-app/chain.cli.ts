import { ed25519 } from '@noble/curves/ed25519';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fromBase64, fromHex, toHex } from '../canonical/byte-encoding';
import { CometRpcClient } from '../chain/cometbft-rpc';
import { governanceTx, signProposal } from './governance';
import { genesisProblems, LedgerGenesis } from './ledger-genesis';
import { GovernanceAction, Member, Proposal } from './ledger-tx';

// `npm run chain -- <command> [--flag value ...]`: the keys, genesis and governance of the alliance
// chain. See docs/chain.md for a firm's walk through joining.
const USAGE = `usage: npm run chain -- <command> [flags]
  keygen   --out FILE                              new Ed25519 operator key (JSON {secretKey, publicKey}, hex)
  genesis  --genesis FILE[,FILE...] --keys-dir DIR --regulator-key HEX [--origin ORIGIN]
                                                   writes app_state into genesis.json: validator i is member node<i>
                                                   (node0 the bureau, the others validator firms), operator keys in DIR
  propose  --id ID --expires HEIGHT --action JSON [--out FILE]   a proposal to sign
  sign     --proposal FILE --chain-id ID --member ID --key FILE  prints {memberId, signature}
  submit   --proposal FILE --signatures FILE[,FILE...] --rpc URL broadcast_tx_sync; prints CheckTx's code and log
  member   --id ID --role validator-firm --operator-key HEX [--validator-key-file priv_validator_key.json] [--power N]
                                                   prints the member JSON an add-member action carries`;

type Flags = Record<string, string>;

function flags(args: string[]): Flags {
  const out: Flags = {};
  for (let i = 0; i < args.length; i += 2) {
    if (!args[i].startsWith('--') || args[i + 1] === undefined)
      throw new Error(`expected --flag value, got '${args[i]}'\n${USAGE}`);
    out[args[i].slice(2)] = args[i + 1];
  }
  return out;
}

function need(f: Flags, name: string): string {
  if (f[name] === undefined) throw new Error(`--${name} is required\n${USAGE}`);
  return f[name];
}

function readJsonFile<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function keygen(out: string): { publicKey: string } {
  const secret = randomBytes(32);
  const key = { secretKey: secret.toString('hex'), publicKey: toHex(ed25519.getPublicKey(secret)) };
  writeFileSync(out, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600 });
  return { publicKey: key.publicKey };
}

/** CometBFT's priv_validator_key.json -> hex Ed25519 public key. */
export function validatorKeyOf(file: string): string {
  const key = readJsonFile<{ pub_key: { type: string; value: string } }>(file);
  if (key.pub_key?.type !== 'tendermint/PubKeyEd25519')
    throw new Error(`${file}: only Ed25519 validator keys are supported`);
  return toHex(fromBase64(key.pub_key.value));
}

function genesis(f: Flags): void {
  const files = need(f, 'genesis').split(',');
  const keysDir = need(f, 'keys-dir');
  const regulatorKey = need(f, 'regulator-key').toLowerCase();
  const doc = readJsonFile<{ validators: Array<{ pub_key: { value: string }; power: string }> }>(files[0]);
  const members: Member[] = doc.validators.map((v, i) => {
    const keyFile = path.join(keysDir, `node${i}.operator.json`);
    const operatorKey = existsSync(keyFile)
      ? readJsonFile<{ publicKey: string }>(keyFile).publicKey
      : keygen(keyFile).publicKey;
    return {
      id: `node${i}`,
      role: i === 0 ? 'bureau' : 'validator-firm',
      operatorKey,
      validatorKey: toHex(fromBase64(v.pub_key.value)),
      power: Number(v.power),
    };
  });
  const appState: LedgerGenesis = { members, regulators: { [f.origin ?? '*']: [regulatorKey] } };
  const problems = genesisProblems(
    appState,
    members.map((m) => ({ publicKey: m.validatorKey!, power: m.power })),
  );
  if (problems.length) throw new Error(problems.join('\n'));
  for (const file of files) {
    const g = readJsonFile<Record<string, unknown>>(file);
    g.app_state = appState;
    writeFileSync(file, `${JSON.stringify(g, null, 2)}\n`);
  }
  process.stdout.write(`app_state with ${members.length} members written to ${files.length} genesis file(s)\n`);
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const f = flags(rest);
  switch (command) {
    case 'keygen':
      process.stdout.write(`${keygen(need(f, 'out')).publicKey}\n`);
      return;
    case 'genesis':
      return genesis(f);
    case 'member': {
      const validatorKey = f['validator-key-file'] ? validatorKeyOf(f['validator-key-file']) : null;
      const member: Member = {
        id: need(f, 'id'),
        role: (f.role ?? 'validator-firm') as Member['role'],
        operatorKey: need(f, 'operator-key').toLowerCase(),
        validatorKey,
        power: Number(f.power ?? (validatorKey ? 1 : 0)),
      };
      process.stdout.write(`${JSON.stringify(member)}\n`);
      return;
    }
    case 'propose': {
      const proposal: Proposal = {
        id: need(f, 'id'),
        expiresAtHeight: Number(need(f, 'expires')),
        action: JSON.parse(need(f, 'action')) as GovernanceAction,
      };
      const text = `${JSON.stringify(proposal, null, 2)}\n`;
      if (f.out) writeFileSync(f.out, text);
      else process.stdout.write(text);
      return;
    }
    case 'sign': {
      const key = readJsonFile<{ secretKey: string }>(need(f, 'key'));
      const signature = signProposal(
        need(f, 'chain-id'),
        readJsonFile<Proposal>(need(f, 'proposal')),
        need(f, 'member'),
        fromHex(key.secretKey),
      );
      process.stdout.write(`${JSON.stringify(signature)}\n`);
      return;
    }
    case 'submit': {
      const proposal = readJsonFile<Proposal>(need(f, 'proposal'));
      const signatures = need(f, 'signatures')
        .split(',')
        .map((file) => readJsonFile<{ memberId: string; signature: string }>(file));
      const rpc = new CometRpcClient(need(f, 'rpc').split(','));
      const result = await rpc.broadcastTxSync(governanceTx(proposal, signatures));
      process.stdout.write(`${JSON.stringify(result)}\n`);
      if (result.code !== 0) process.exitCode = 1;
      return;
    }
    default:
      throw new Error(USAGE);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
}
