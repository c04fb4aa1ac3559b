import { newSalt } from './salts';

describe('newSalt', () => {
  it('should hand out 32-byte salts that never repeat and never share memory', () => {
    const salts = Array.from({ length: 1000 }, () => newSalt());
    expect(salts.every((s) => s.length === 32)).toBe(true);
    expect(new Set(salts.map((s) => s.toString('hex'))).size).toBe(1000);
    const before = salts[0].toString('hex');
    salts[1].fill(0xff);
    newSalt();
    expect(salts[0].toString('hex')).toBe(before);
  });
});
