import { IdentityHasher, KEYED_HASH_PREFIX } from './identity-hasher';

describe(IdentityHasher.name, () => {
  const hasher = new IdentityHasher(Buffer.alloc(32, 7));

  it('should replace every identity number, however deep, and keep everything else', () => {
    const record = {
      name: '张三',
      idNumber: '11010519491231002X',
      parties: [{ idNumber: '91350100M000100Y43', role: 'lender' }],
      subjectIdNumber: '110105194912310021',
    };
    const stored = hasher.protect(record);
    expect(stored.name).toBe('张三');
    expect(stored.parties[0].role).toBe('lender');
    for (const value of [stored.idNumber, stored.parties[0].idNumber, stored.subjectIdNumber])
      expect(value).toMatch(/^kh1:[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain('11010519491231002X');
    expect(record.idNumber).toBe('11010519491231002X'); // input untouched
    expect(record.parties[0].idNumber).toBe('91350100M000100Y43');
  });

  it('should share what holds no identity number instead of copying it', () => {
    const report = {
      reportId: 'R1',
      overdue: [{ bucket: 'le90', amount: '1.00' }],
      keyPersons: [{ role: 'director', idNumber: '11010519491231002X' }],
      custody: { bank: 'x' },
    };
    const stored = hasher.protect(report);
    expect(hasher.protect(report.overdue)).toBe(report.overdue);
    expect(stored.custody).toBe(report.custody);
    expect(stored.keyPersons).not.toBe(report.keyPersons);
  });

  it('should link the same person across records and ignore the case of the check character', () => {
    expect(hasher.hash('11010519491231002x')).toBe(hasher.hash('11010519491231002X'));
    expect(hasher.hash('11010519491231002X')).not.toBe(hasher.hash('110105194912310021'));
  });

  it('should give another hash under another key and not hash a hash again', () => {
    const other = new IdentityHasher(Buffer.alloc(32, 8));
    expect(other.hash('11010519491231002X')).not.toBe(hasher.hash('11010519491231002X'));
    const once = hasher.protect({ idNumber: '11010519491231002X' });
    expect(hasher.protect(once)).toEqual(once);
    expect(once.idNumber.startsWith(KEYED_HASH_PREFIX)).toBe(true);
  });
});
