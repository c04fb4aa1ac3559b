import { ORIGIN_PATTERN } from '../checkpoint/checkpoint';
import { memberProblems } from './ledger-rules';
import { RegulatorKeys, validatorsOf } from './ledger-state-keys';
import { Member } from './ledger-tx';

/** genesis.json `app_state`: the founding members and the regulator's checkpoint keys. */
export interface LedgerGenesis {
  members: Member[];
  regulators: RegulatorKeys;
}

/**
 * Problems of an app_state, empty when valid. Its validators (members with a node key and power)
 * must be exactly genesis.json's validators, so the chain and the membership start in agreement.
 */
export function genesisProblems(
  appState: unknown,
  genesisValidators: ReadonlyArray<{ publicKey: string; power: number }>,
): string[] {
  if (typeof appState !== 'object' || appState === null) return ['app_state must be an object {members, regulators}'];
  const g = appState as LedgerGenesis;
  const problems: string[] = [];
  if (!Array.isArray(g.members) || g.members.length === 0) return ['app_state.members must be a non-empty list'];
  g.members.forEach((m, i) => problems.push(...memberProblems(m).map((p) => `members[${i}]: ${p}`)));
  const ids = new Set(g.members.map((m) => m.id));
  if (ids.size !== g.members.length) problems.push('member ids must be unique');
  if (!g.members.some((m) => m.role === 'bureau')) problems.push('one member must have role bureau');
  if (typeof g.regulators !== 'object' || g.regulators === null || Object.keys(g.regulators).length === 0) {
    problems.push('app_state.regulators must map at least one log origin (or "*") to checkpoint keys');
  } else {
    for (const [origin, keys] of Object.entries(g.regulators)) {
      if (origin !== '*' && !ORIGIN_PATTERN.test(origin))
        problems.push(`regulators: origin '${origin}' must match ${ORIGIN_PATTERN} or be '*'`);
      if (
        !Array.isArray(keys) ||
        keys.length === 0 ||
        keys.some((k) => typeof k !== 'string' || !/^[0-9a-f]{64}$/.test(k))
      ) {
        problems.push(`regulators['${origin}'] must be a non-empty list of 64 lower-case hex keys`);
      }
    }
  }
  if (problems.length) return problems;
  const own = validatorsOf(g.members)
    .map((v) => `${v.publicKey}:${v.power}`)
    .sort();
  const theirs = genesisValidators.map((v) => `${v.publicKey}:${v.power}`).sort();
  if (own.join(',') !== theirs.join(',')) {
    problems.push(`members' validators [${own.join(', ')}] are not genesis.json's validators [${theirs.join(', ')}]`);
  }
  return problems;
}
