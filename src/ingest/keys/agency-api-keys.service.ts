import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { ValidationFailed } from '../../platform/errors/domain-error';
import { AgencyApiKeyEntity } from '../entities/agency-api-key.entity';
import { GOV_FEED_KINDS } from '../intake/firm-kind-rules';
import type { RecordKind } from '../schemas/records';

/** What an agency's key proves: which agency calls, and which feed kinds it may send. */
export interface AgencyPrincipal {
  keyId: string;
  agency: string;
  kinds: readonly RecordKind[];
}

export interface NewAgencyKey {
  agency: string;
  kinds: string[];
  label?: string;
}

export interface AgencyKeyView {
  id: string;
  agency: string;
  kinds: string[];
  prefix: string;
  label: string;
  createdAt: Date;
  revokedAt: Date | null;
}

// Key format: rga_<prefix>_<secret>, distinct from a firm's rsk_ key so neither passes for the other.
const KEY_PATTERN = /^rga_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

@Injectable()
export class AgencyApiKeysService {
  constructor(@InjectRepository(AgencyApiKeyEntity) private readonly keys: Repository<AgencyApiKeyEntity>) {}

  /** Issues a key for the kinds given; the clear key is returned this once and never stored. */
  async issue(input: NewAgencyKey): Promise<AgencyKeyView & { key: string }> {
    const agency = input.agency.trim();
    const problems = [];
    if (agency.length === 0 || agency.length > 200)
      problems.push({ pointer: '/agency', detail: 'must name the agency in 1 to 200 characters' });
    if (input.kinds.length === 0)
      problems.push({ pointer: '/kinds', detail: `must list at least one feed kind (${GOV_FEED_KINDS.join(', ')})` });
    input.kinds.forEach((kind, i) => {
      if (!GOV_FEED_KINDS.includes(kind as RecordKind))
        problems.push({
          pointer: `/kinds/${i}`,
          detail: `'${kind}' is not a government feed kind (${GOV_FEED_KINDS.join(', ')})`,
        });
    });
    if (problems.length) throw new ValidationFailed('the agency key request is invalid', problems);
    const prefix = randomBytes(8).toString('hex');
    const key = `rga_${prefix}_${randomBytes(32).toString('base64url')}`;
    const row = await this.keys.save(
      this.keys.create({
        agency,
        kinds: [...new Set(input.kinds)],
        prefix,
        secretHash: digest(key),
        label: input.label?.trim() ?? '',
      }),
    );
    return { ...view(row), key };
  }

  async list(): Promise<AgencyKeyView[]> {
    return (await this.keys.find({ order: { createdAt: 'DESC', id: 'ASC' } })).map(view);
  }

  async revoke(keyId: string): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(keyId)) return false;
    const result = await this.keys.update({ id: keyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  /** The agency behind a presented key, or null for an unknown, malformed or revoked key. */
  async authenticate(presented: string): Promise<AgencyPrincipal | null> {
    const match = KEY_PATTERN.exec(presented);
    if (!match) return null;
    const row = await this.keys.findOneBy({ prefix: match[1] });
    if (!row || row.revokedAt) return null;
    return timingSafeEqual(row.secretHash, digest(presented))
      ? { keyId: row.id, agency: row.agency, kinds: row.kinds as RecordKind[] }
      : null;
  }
}

function view(row: AgencyApiKeyEntity): AgencyKeyView {
  return {
    id: row.id,
    agency: row.agency,
    kinds: row.kinds,
    prefix: `rga_${row.prefix}_…`,
    label: row.label,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}
