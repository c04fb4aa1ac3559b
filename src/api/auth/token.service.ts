import { randomUUID } from 'node:crypto';
import {
  createRemoteJWKSet,
  decodeJwt,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { isStaffRole, type StaffRole } from '../../staff/staff-role';
import type { AuthConfig, OidcConfig } from '../../platform/config/config';
import { Forbidden } from '../../platform/errors/domain-error';
import { Unauthorized } from './auth.errors';
import { AuthClock } from './clock';
import { roleRegionProblem } from '../../staff/region-scope';
import type { SigningKey } from './signing-key';
import type { StaffPrincipal } from '../../staff/staff-principal';

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds until the token expires. */
  expiresIn: number;
}

// External issuers sign with RSA or EC keys; our own tokens are EdDSA only.
const OIDC_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];
const OIDC_CLOCK_TOLERANCE_S = 30;

/**
 * Issues our own EdDSA (Ed25519) staff tokens and verifies them and, when configured, the access
 * tokens of an external OIDC issuer. Our tokens carry the account's token version (`ver`), which
 * StaffTokenVerifier compares with the user store on every request.
 */
export class TokenService {
  private readonly oidcKeys: JWTVerifyGetKey | null;

  constructor(
    private readonly config: AuthConfig,
    private readonly clock: AuthClock,
    private readonly key: SigningKey,
    oidcKeys?: JWTVerifyGetKey,
  ) {
    this.oidcKeys = config.oidc ? (oidcKeys ?? createRemoteJWKSet(new URL(config.oidc.jwksUrl))) : null;
  }

  /** `tokenVersion`: the account's staff_users.token_version, checked again on every request. */
  async issue(staff: Omit<StaffPrincipal, 'issuer'> & { tokenVersion: number }): Promise<IssuedToken> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const accessToken = await new SignJWT({
      ver: staff.tokenVersion,
      role: staff.role,
      region: staff.regionCode,
      name: staff.displayName,
      preferred_username: staff.username,
    })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: this.key.kid })
      .setSubject(staff.id)
      .setIssuer(this.config.issuer)
      .setAudience(this.config.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + this.config.tokenTtlSeconds)
      .setJti(randomUUID())
      .sign(this.key.privateKey);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.tokenTtlSeconds };
  }

  /** The public key set for GET /v1/auth/jwks. */
  jwks(): { keys: JWK[] } {
    return { keys: [this.key.publicJwk] };
  }

  /** The principal a bearer token proves, or Unauthorized saying what is wrong with it. */
  async verify(token: string): Promise<StaffPrincipal> {
    return (await this.verified(token)).principal;
  }

  /**
   * The principal and, for our own tokens, the token version they carry (null for the external
   * issuer's). Signature and claims only: StaffTokenVerifier adds the account's current state.
   */
  async verified(token: string): Promise<{ principal: StaffPrincipal; tokenVersion: number | null }> {
    let unverified: JWTPayload;
    try {
      // Read only to choose the verifier; the chosen verifier checks the issuer again.
      unverified = decodeJwt(token);
    } catch {
      throw new Unauthorized('bearer token is malformed: expected a signed JWT (header.payload.signature)');
    }
    if (unverified.iss === this.config.issuer) return this.verifyOwn(token);
    if (this.config.oidc && unverified.iss === this.config.oidc.issuer)
      return { principal: await this.verifyOidc(token, this.config.oidc), tokenVersion: null };
    const iss = typeof unverified.iss === 'string' ? `'${unverified.iss.slice(0, 200)}'` : 'missing';
    throw new Unauthorized(`token issuer ${iss} is not trusted`);
  }

  private async verifyOwn(token: string): Promise<{ principal: StaffPrincipal; tokenVersion: number }> {
    const { payload } = await jwtVerify(token, this.key.publicKey, {
      algorithms: ['EdDSA'],
      issuer: this.config.issuer,
      audience: this.config.audience,
      currentDate: this.clock.now(),
      requiredClaims: ['sub', 'exp', 'iat', 'ver'],
    }).catch((error: unknown) => explain(error, false));
    if (!Number.isSafeInteger(payload.ver)) throw new Unauthorized('token carries no valid version');
    const role = payload.role;
    const region = payload.region;
    // Our signature vouches for these; a mismatch means a key leaked or a bug, so refuse.
    if (
      typeof role !== 'string' ||
      !isStaffRole(role) ||
      typeof region !== 'string' ||
      roleRegionProblem(role, region)
    ) {
      throw new Unauthorized('token carries no valid role and region');
    }
    const username = typeof payload.preferred_username === 'string' ? payload.preferred_username : payload.sub!;
    const principal: StaffPrincipal = {
      id: payload.sub!,
      username,
      displayName: typeof payload.name === 'string' ? payload.name : username,
      role,
      regionCode: region,
      issuer: 'local',
    };
    return { principal, tokenVersion: payload.ver as number };
  }

  private async verifyOidc(token: string, oidc: OidcConfig): Promise<StaffPrincipal> {
    const { payload } = await jwtVerify(token, this.oidcKeys!, {
      algorithms: OIDC_ALGORITHMS,
      issuer: oidc.issuer,
      audience: oidc.audience,
      currentDate: this.clock.now(),
      clockTolerance: OIDC_CLOCK_TOLERANCE_S,
      requiredClaims: ['sub', 'exp'],
    }).catch((error: unknown) => explain(error, true));
    // The identity is proven; a missing or unknown role is a matter of permission, not of identity.
    const role = oidcRole(claimAt(payload, oidc.roleClaim));
    if (!role)
      throw new Forbidden(`the identity provider's token has no single staff role in claim '${oidc.roleClaim}'`);
    const region = claimAt(payload, oidc.regionClaim);
    const regionProblem = typeof region === 'string' ? roleRegionProblem(role, region) : 'is missing';
    if (regionProblem)
      throw new Forbidden(`the identity provider's token claim '${oidc.regionClaim}': ${regionProblem}`);
    const username = typeof payload.preferred_username === 'string' ? payload.preferred_username : payload.sub!;
    return {
      id: payload.sub!,
      username,
      displayName: typeof payload.name === 'string' ? payload.name : username,
      role,
      regionCode: region as string,
      issuer: 'oidc',
    };
  }
}

/** A claim by name; a dotted name walks nested objects (Keycloak's `realm_access.roles`). */
function claimAt(payload: JWTPayload, name: string): unknown {
  if (name in payload) return payload[name];
  return name
    .split('.')
    .reduce<unknown>(
      (at, part) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined),
      payload,
    );
}

/** A role claim may be a string or a list of roles; exactly one staff role must be there. */
function oidcRole(value: unknown): StaffRole | null {
  const roles = (Array.isArray(value) ? value : [value]).filter(
    (r): r is StaffRole => typeof r === 'string' && isStaffRole(r),
  );
  return roles.length === 1 ? roles[0] : null;
}

/** jose's errors as a 401 detail the caller can act on. */
function explain(error: unknown, external: boolean): never {
  const { code, claim } = error as { code?: string; claim?: string };
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      throw new Unauthorized('token has expired: request a new one');
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      throw new Unauthorized('token signature is invalid: the token was altered or not signed by a trusted key');
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      throw new Unauthorized('token algorithm is not accepted (unsigned tokens, alg "none", are never accepted)');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (claim === 'aud') throw new Unauthorized('token audience is not this service');
      if (claim === 'iss') throw new Unauthorized('token issuer is not trusted');
      if (claim === 'nbf') throw new Unauthorized('token is not valid yet');
      throw new Unauthorized(`token claim '${claim}' is missing or invalid`);
    case 'ERR_JWKS_NO_MATCHING_KEY':
      throw new Unauthorized('token was signed by a key the identity provider does not publish');
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JWKS_INVALID':
      throw new Unauthorized("the identity provider's keys could not be fetched; try again later");
    default:
      if (code?.startsWith('ERR_JW') || code === 'ERR_JOSE_NOT_SUPPORTED')
        throw new Unauthorized('bearer token is malformed or unsupported');
      // Anything else on the external path is the identity provider's JWKS endpoint failing.
      if (external) throw new Unauthorized("the identity provider's keys could not be fetched; try again later");
      throw error;
  }
}
