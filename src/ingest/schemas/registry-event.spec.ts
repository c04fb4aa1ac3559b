import { IdentityHasher } from '../intake/identity-hasher';
import { EXAMPLE_IDS, examples } from './examples';
import type { RegistryEvent } from './records';
import { schemaId } from './schema-registry';
import { validateRecord } from './validate-record';

const withLists = (overrides: Partial<RegistryEvent> = {}): RegistryEvent =>
  examples.registryEvent({
    type: 'shareholder_change',
    shareholders: [
      {
        name: '张伟',
        holderType: 'natural_person',
        idNumber: EXAMPLE_IDS.person,
        sharePct: '60',
        subscribedCapital: '30000000.00',
        paidInCapital: '12000000.00',
        since: '2019-05-01',
      },
      { name: '杭州鑫融投资管理有限公司', holderType: 'legal_person', idNumber: EXAMPLE_IDS.company, sharePct: '40' },
      { name: '王某', holderType: 'natural_person', sharePct: '0.5' },
    ],
    officers: [
      { name: '张伟', role: 'legal_representative', idNumber: EXAMPLE_IDS.person, since: '2019-05-01' },
      { name: '李娜', role: 'supervisor' },
    ],
    ...overrides,
  });

describe('registry_event schema v2', () => {
  it('should be version 2', () => {
    expect(schemaId('registry_event')).toBe('urn:risk:schema:registry_event:2');
  });

  it('should still accept a v1 event without lists', () => {
    expect(validateRecord('registry_event', examples.registryEvent()).ok).toBe(true);
  });

  it('should accept shareholder and officer lists, with or without identity numbers', () => {
    expect(validateRecord('registry_event', withLists())).toEqual({ ok: true, record: withLists() });
    expect(validateRecord('registry_event', withLists({ type: 'registration_snapshot' })).ok).toBe(true);
  });

  it('should name the field of a bad share or capital', () => {
    const bad = withLists();
    bad.shareholders![1].sharePct = '40%';
    bad.shareholders![0].paidInCapital = '-1';
    const result = validateRecord('registry_event', bad);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map((p) => p.pointer).sort()).toEqual([
      '/shareholders/0/paidInCapital',
      '/shareholders/1/sharePct',
    ]);
  });

  it('should refuse an officer role the registry does not have', () => {
    const result = validateRecord(
      'registry_event',
      withLists({ officers: [{ name: '李娜', role: 'actual_controller' as never }] }),
    );
    expect(result.ok ? [] : result.problems.map((p) => p.pointer)).toEqual(['/officers/0/role']);
  });

  it('should have intake keyed-hash the identity numbers of shareholders and officers', () => {
    const stored = new IdentityHasher(Buffer.alloc(32, 7)).protect(withLists());
    expect(stored.shareholders!.map((s) => s.idNumber)).toEqual([
      expect.stringMatching(/^kh1:/),
      expect.stringMatching(/^kh1:/),
      undefined,
    ]);
    expect(stored.officers![0].idNumber).toMatch(/^kh1:/);
    expect(JSON.stringify(stored)).not.toContain(EXAMPLE_IDS.person);
  });
});
