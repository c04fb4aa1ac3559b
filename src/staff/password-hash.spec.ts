import { hashPassword, parsePasswordHash, verifyPassword } from './password-hash';

describe('password hashing', () => {
  it('should verify the right password and refuse a wrong one', async () => {
    const stored = await hashPassword('correct horse 电池 staple');
    expect(await verifyPassword('correct horse 电池 staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse 电池 stapl', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('should carry scrypt parameters and a per-user salt in the string', async () => {
    const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    expect(a).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
    expect(parsePasswordHash(a)?.params).toEqual({ ln: 15, r: 8, p: 1 });
  });

  it('should verify a hash made with other parameters when they are in the string', async () => {
    const cheap = await hashPassword('pw', { ln: 10, r: 8, p: 1 });
    expect(cheap).toContain('$ln=10,r=8,p=1$');
    expect(await verifyPassword('pw', cheap)).toBe(true);
  });

  it('should refuse rather than throw when the stored hash is malformed or asks for absurd cost', async () => {
    expect(await verifyPassword('pw', 'plaintext')).toBe(false);
    expect(
      await verifyPassword(
        'pw',
        '$scrypt$ln=40,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      ),
    ).toBe(false);
  });
});
