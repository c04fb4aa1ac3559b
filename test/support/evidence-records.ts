// Evidence records for the evidence-chain tests and bench: complete plain objects, like factories elsewhere.

export interface EvidenceRecordFixture {
  kind: 'report';
  id: string;
  firmCreditCode: string; // 统一社会信用代码
  period: string;
  netAssets: string; // 净资产, yuan
  guaranteeLiabilityBalance: string; // 融资担保责任余额, yuan
  submittedAt: string;
  [extra: string]: unknown;
}

export function evidenceRecord(i: number, overrides: Partial<EvidenceRecordFixture> = {}): EvidenceRecordFixture {
  return {
    kind: 'report',
    id: `report-${String(i).padStart(6, '0')}`,
    firmCreditCode: '91310000MA1FL8BX2K',
    period: '2026-10',
    netAssets: `${120000000 + i * 1000}.00`,
    guaranteeLiabilityBalance: `${980000000 + i * 7000}.00`,
    submittedAt: '2026-11-01T08:00:00.000Z',
    ...overrides,
  };
}

/** A record padded to exactly `size` bytes of JSON, for hashing throughput at a realistic size. */
export function paddedRecordJson(i: number, size: number): string {
  const base = JSON.stringify(evidenceRecord(i, { note: '' }));
  return JSON.stringify(evidenceRecord(i, { note: 'x'.repeat(Math.max(0, size - base.length)) }));
}
