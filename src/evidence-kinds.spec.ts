import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EvidenceKindRegistry } from './evidence-chain/kinds/evidence-kind-registry';
import { ALL_EVIDENCE_KINDS } from './evidence-kinds';
import { RECORD_KINDS } from './ingest/schemas/records';

const SRC = __dirname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('ALL_EVIDENCE_KINDS', () => {
  it('should register every kind the features write, each with a re-hasher', () => {
    const registry = new EvidenceKindRegistry(ALL_EVIDENCE_KINDS);
    expect(registry.names().sort()).toEqual(
      [
        ...RECORD_KINDS,
        'document',
        'signing_key',
        'cosignature',
        'witness_refusal',
        'assessment',
        'list_entry',
        'manual_score',
        'finding',
        'rule_pack',
        'rule_pack_activation',
        'alert',
        'alert_action',
        'alert_delivery',
        'accountability',
        'power_exercise',
        'licence_change',
        'overdue_accountability',
        'integrity_alert',
        'read_batch',
      ].sort(),
    );
    for (const name of registry.names()) expect(typeof registry.rehasherOf(name)).toBe('function');
    expect(registry.rehasherOf('test_record')).toBeUndefined();
    expect(registry.rehasherOf('toString')).toBeUndefined();
  });

  it('should see leaves written only through appendLeaves', () => {
    const writers: string[] = [];
    for (const file of sources(SRC)) {
      const text = readFileSync(file, 'utf8');
      if (/INSERT\s+INTO\s+"?evidence_leaves"?/i.test(text)) writers.push(relative(SRC, file));
    }
    expect(writers).toEqual([join('evidence-chain', 'log', 'evidence-appender.ts')]);
  });
});
