// npm run verify -- --record rec.json --receipt r.json --genesis genesis.json --regulator-key HEX [--salt HEX] [--firm-key HEX] [--rpc URL ...]
// Exit code 0 only when every step passes (step 8 may be skipped without --rpc); 1 when one fails; 2 on usage errors.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fromHex } from '../canonical/byte-encoding';
import { GenesisJson } from './cometbft-json';
import { Receipt } from './receipt';
import { VerificationReport } from './verification-report';
import { verifyReceipt } from './verify-receipt';

const USAGE = `usage: npm run verify -- --record FILE --receipt FILE --genesis FILE --regulator-key HEX [--rpc URL]...
  --record         the record as held: JSON for jcs records, the document file for raw ones
  --receipt        the evidence receipt (JSON)
  --genesis        the alliance chain's published genesis.json (pins the chain id and the first
                   validator set; later sets are trusted through the receipt's hand-overs)
  --regulator-key  the regulator's published Ed25519 public key, 64 hex characters; the receipt's
                   own copy of the key is never trusted
  --salt           the salt your push answer returned: the record may then be the exact file you
                   sent (default: the receipt's own salt, when it carries one)
  --firm-key       the firm's signing public key, hex (Ed25519 32 bytes, SM2 04||x||y), to check
                   the firm's signature on the submission
  --rpc            a validator RPC URL to cross-check the block with (repeatable, or comma-separated)`;

function main(): number {
  let values: {
    record?: string;
    receipt?: string;
    genesis?: string;
    'regulator-key'?: string;
    salt?: string;
    'firm-key'?: string;
    rpc?: string[];
  };
  try {
    ({ values } = parseArgs({
      options: {
        record: { type: 'string' },
        receipt: { type: 'string' },
        genesis: { type: 'string' },
        'regulator-key': { type: 'string' },
        salt: { type: 'string' },
        'firm-key': { type: 'string' },
        rpc: { type: 'string', multiple: true },
      },
    }));
  } catch (error) {
    return usage((error as Error).message);
  }
  const missing = (['record', 'receipt', 'genesis', 'regulator-key'] as const).filter((k) => !values[k]);
  if (missing.length) return usage(`missing ${missing.map((k) => `--${k}`).join(', ')}`);
  if (!/^[0-9a-fA-F]{64}$/.test(values['regulator-key']!))
    return usage('--regulator-key must be 64 hex characters (an Ed25519 public key)');

  if (values.salt !== undefined && !/^([0-9a-fA-F]{2})+$/.test(values.salt)) return usage('--salt must be hex');
  if (values['firm-key'] !== undefined && !/^([0-9a-fA-F]{64}|04[0-9a-fA-F]{128})$/.test(values['firm-key']))
    return usage('--firm-key must be hex: 32 bytes (Ed25519) or 04||x||y (SM2)');
  let receipt: Receipt;
  let genesis: GenesisJson;
  let recordBytes: Uint8Array;
  try {
    recordBytes = readFileSync(values.record!);
    receipt = JSON.parse(readFileSync(values.receipt!, 'utf8')) as Receipt;
    genesis = JSON.parse(readFileSync(values.genesis!, 'utf8')) as GenesisJson;
  } catch (error) {
    return usage((error as Error).message);
  }
  const rpcUrls = (values.rpc ?? []).flatMap((r) => r.split(',')).filter(Boolean);
  void verifyReceipt(
    {
      receipt,
      recordBytes,
      genesis,
      regulatorKey: fromHex(values['regulator-key']!),
      salt: values.salt ? fromHex(values.salt) : undefined,
      firmKey: values['firm-key'] ? fromHex(values['firm-key']) : undefined,
    },
    rpcUrls,
  ).then((report) => {
    print(receipt, report);
    process.exitCode = report.ok ? 0 : 1;
  });
  return 0;
}

function print(receipt: Receipt, report: VerificationReport): void {
  const anchor =
    receipt.anchor?.ledger === 'cometbft'
      ? `chain ${receipt.anchor.chainId}, height ${receipt.anchor.height}`
      : `ledger ${receipt.anchor?.ledger}`;
  console.log(`Evidence receipt for ${receipt.record?.kind} ${receipt.record?.id} (${anchor})`);
  const mark = (status: string) => (status === 'pass' ? '✓' : status === 'fail' ? '✗' : '-');
  for (const s of report.steps) {
    console.log(` ${mark(s.status)} ${s.step}. ${s.title}${s.status === 'skipped' ? ' (skipped)' : ''}: ${s.detail}`);
    for (const sub of s.substeps ?? []) console.log(`     ${mark(sub.status)} ${sub.label}: ${sub.detail}`);
  }
  for (const limitation of report.limitations) console.log(`   NOTE: ${limitation}`);
  console.log(report.ok ? 'VERIFIED' : 'NOT VERIFIED');
}

function usage(problem: string): number {
  console.error(`${problem}\n${USAGE}`);
  return 2;
}

process.exitCode = main();
