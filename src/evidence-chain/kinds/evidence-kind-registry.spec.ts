import { Test } from '@nestjs/testing';
import type { EvidenceKind, Rehasher } from './evidence-kind';
import { EvidenceKindRefused, EvidenceKindRegistry, evidenceKindRegistryProvider } from './evidence-kind-registry';

const rehasher: Rehasher = async () => new Map();

describe('EvidenceKindRegistry', () => {
  it('should give each registered kind its re-hasher and nothing for others', () => {
    const registry = new EvidenceKindRegistry([
      { name: 'assessment', rehasher },
      { name: 'document', rehasher, canonicalization: 'raw' },
    ]);
    expect(registry.names()).toEqual(['assessment', 'document']);
    expect(registry.rehasherOf('assessment')).toBe(rehasher);
    expect(registry.get('document')?.canonicalization).toBe('raw');
    expect(registry.rehasherOf('toString')).toBeUndefined();
    expect(registry.rehasherOf('__proto__')).toBeUndefined();
  });

  it('should refuse a kind without a re-hasher, a malformed name and a kind registered twice', () => {
    const noRehasher = { name: 'orphan' } as unknown as EvidenceKind;
    expect(() => new EvidenceKindRegistry([noRehasher])).toThrow(
      new EvidenceKindRefused('evidence kind orphan has no re-hasher: the tamper scan could not check its leaves'),
    );
    expect(() => new EvidenceKindRegistry([{ name: 'Bad Kind', rehasher }])).toThrow(EvidenceKindRefused);
    expect(() => new EvidenceKindRegistry([{ name: '', rehasher }])).toThrow(EvidenceKindRefused);
    expect(
      () =>
        new EvidenceKindRegistry([
          { name: 'alert', rehasher },
          { name: 'alert', rehasher },
        ]),
    ).toThrow('evidence kind alert is registered twice');
  });

  it('should stop the application from starting when a kind has no re-hasher', async () => {
    const noRehasher = { name: 'orphan', rehasher: undefined } as unknown as EvidenceKind;
    await expect(
      Test.createTestingModule({
        providers: [evidenceKindRegistryProvider([{ name: 'alert', rehasher }, noRehasher])],
      }).compile(),
    ).rejects.toThrow('evidence kind orphan has no re-hasher');
    const ok = await Test.createTestingModule({
      providers: [evidenceKindRegistryProvider([{ name: 'alert', rehasher }])],
    }).compile();
    expect(ok.get(EvidenceKindRegistry).names()).toEqual(['alert']);
  });
});
