import { generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, SignJWT, type JWK } from 'jose';
import { loadConfig, type AuthConfig } from '../../platform/config/config';
import { Unauthorized } from './auth.errors';
import { ManualClock } from '../../platform/clock';
import { loadSigningKey, type SigningKey } from './signing-key';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { TokenService } from './token.service';

const SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'; // RFC 8032 test 1
const STAFF: Omit<StaffPrincipal, 'issuer'> & { tokenVersion: number } = {
  id: '6f1c1b0e-8a4b-4c55-9a8e-0a4d4c1f2b3a',
  username: 'xihu.officer',
  displayName: '西湖区属地监管员',
  role: 'county_officer',
  regionCode: '330106',
  tokenVersion: 3,
};

function authConfig(env: Record<string, string> = {}): AuthConfig {
  return loadConfig({ AUTH_SIGNING_KEY: SEED, ...env }).auth;
}

/** Flips one character of a JWT part (0 header, 1 payload, 2 signature) to another base64url letter. */
function flip(token: string, part: number, at = 10): string {
  const parts = token.split('.');
  const chars = [...parts[part]];
  chars[at] = chars[at] === 'A' ? 'B' : 'A';
  parts[part] = chars.join('');
  return parts.join('.');
}

function b64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe(TokenService.name, () => {
  let key: SigningKey;
  let clock: ManualClock;
  let tokens: TokenService;

  beforeAll(async () => {
    key = await loadSigningKey({ kind: 'seed', seedHex: SEED });
  });

  beforeEach(() => {
    clock = new ManualClock(new Date('2026-03-02T08:00:00Z'));
    tokens = new TokenService(authConfig(), clock, key);
  });

  it('should derive the RFC 8032 public key from a configured seed and publish it', () => {
    expect(tokens.jwks().keys).toEqual([
      {
        kty: 'OKP',
        crv: 'Ed25519',
        x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
        kid: key.kid,
        alg: 'EdDSA',
        use: 'sig',
      },
    ]);
  });

  it('should issue an EdDSA token that verifies back to the principal', async () => {
    const issued = await tokens.issue(STAFF);
    expect(issued).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const [header, payload] = issued.accessToken
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: key.kid });
    expect(payload).toMatchObject({
      sub: STAFF.id,
      role: 'county_officer',
      region: '330106',
      name: '西湖区属地监管员',
      iss: 'risk-surveillance',
      aud: 'risk-surveillance-api',
      exp: payload.iat + 900,
      ver: 3,
    });
    const { tokenVersion, ...principal } = STAFF;
    expect(await tokens.verified(issued.accessToken)).toEqual({
      principal: { ...principal, issuer: 'local' },
      tokenVersion,
    });
  });

  it('should refuse a token when it has expired', async () => {
    const { accessToken } = await tokens.issue(STAFF);
    clock.advance(899_000);
    await expect(tokens.verify(accessToken)).resolves.toMatchObject({ id: STAFF.id });
    clock.advance(1_000);
    await expect(tokens.verify(accessToken)).rejects.toThrow(new Unauthorized('token has expired: request a new one'));
  });

  it('should refuse a token when a byte of its payload or signature is changed', async () => {
    const { accessToken } = await tokens.issue(STAFF);
    // Re-encode a changed claim, so the payload still parses: only the signature can catch it.
    const [h, p, s] = accessToken.split('.');
    const promoted = { ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'admin' };
    await expect(tokens.verify(`${h}.${b64url(promoted)}.${s}`)).rejects.toThrow(/signature is invalid/);
    await expect(tokens.verify(flip(accessToken, 2))).rejects.toThrow(/signature is invalid/);
    await expect(tokens.verify(flip(accessToken, 1, 30))).rejects.toBeInstanceOf(Unauthorized);
  });

  it('should refuse an unsigned token (alg none)', async () => {
    const { accessToken } = await tokens.issue(STAFF);
    const payload = accessToken.split('.')[1];
    const unsigned = `${b64url({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    await expect(tokens.verify(unsigned)).rejects.toThrow(/alg "none"/);
  });

  it('should refuse our own key signing for another audience or under another issuer name', async () => {
    const other = new TokenService(authConfig({ AUTH_TOKEN_AUDIENCE: 'firm-push-api' }), clock, key);
    await expect(tokens.verify((await other.issue(STAFF)).accessToken)).rejects.toThrow(
      'token audience is not this service',
    );
    const stranger = new TokenService(authConfig({ AUTH_TOKEN_ISSUER: 'someone-else' }), clock, key);
    await expect(tokens.verify((await stranger.issue(STAFF)).accessToken)).rejects.toThrow(
      "token issuer 'someone-else' is not trusted",
    );
  });

  it('should refuse a token signed by another key, and garbage', async () => {
    const otherKey = await loadSigningKey({ kind: 'seed', seedHex: 'ab'.repeat(32) });
    const forged = await new TokenService(authConfig(), clock, otherKey).issue(STAFF);
    await expect(tokens.verify(forged.accessToken)).rejects.toThrow(/signature is invalid/);
    await expect(tokens.verify('not-a-jwt')).rejects.toThrow(/malformed/);
  });

  describe('with an external OIDC issuer', () => {
    const ISSUER = 'https://sso.example.gov.cn/realms/jr';
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = { ...(rsa.publicKey.export({ format: 'jwk' }) as JWK), kid: 'sso-1', alg: 'RS256' };
    let oidc: TokenService;

    beforeEach(() => {
      const config = authConfig({
        AUTH_OIDC_ISSUER: ISSUER,
        AUTH_OIDC_JWKS_URL: 'https://sso.example.gov.cn/certs',
        AUTH_OIDC_ROLE_CLAIM: 'realm_access.roles',
      });
      oidc = new TokenService(config, clock, key, createLocalJWKSet({ keys: [jwk] }));
    });

    function ssoToken(claims: Record<string, unknown>, audience = 'risk-surveillance-api'): Promise<string> {
      const now = Math.floor(clock.now().getTime() / 1000);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'sso-1' })
        .setIssuer(ISSUER)
        .setAudience(audience)
        .setSubject('sso-user-42')
        .setIssuedAt(now)
        .setExpirationTime(now + 300)
        .sign(rsa.privateKey);
    }

    it('should accept its tokens with role and region from the configured claims', async () => {
      const token = await ssoToken({
        realm_access: { roles: ['offline_access', 'section_head'] },
        region: '330100',
        preferred_username: 'zhang.san',
      });
      expect(await oidc.verify(token)).toEqual({
        id: 'sso-user-42',
        username: 'zhang.san',
        displayName: 'zhang.san',
        role: 'section_head',
        regionCode: '330100',
        issuer: 'oidc',
      });
      // Our own tokens still verify beside the external ones.
      await expect(oidc.verify((await oidc.issue(STAFF)).accessToken)).resolves.toMatchObject({ issuer: 'local' });
    });

    it('should refuse its tokens for another audience, and forbid them without a staff role', async () => {
      await expect(
        oidc.verify(await ssoToken({ realm_access: { roles: ['analyst'] }, region: '330100' }, 'mail')),
      ).rejects.toThrow('token audience is not this service');
      await expect(
        oidc.verify(await ssoToken({ realm_access: { roles: ['offline_access'] }, region: '330100' })),
      ).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(
        oidc.verify(await ssoToken({ realm_access: { roles: ['county_officer'] }, region: '330100' })),
      ).rejects.toMatchObject({
        code: 'forbidden',
        message:
          "the identity provider's token claim 'region': a county_officer is responsible for a county, but 330100 is a city",
      });
    });
  });
});
