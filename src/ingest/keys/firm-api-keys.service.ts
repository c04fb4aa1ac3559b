import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { FirmApiKeyEntity } from '../entities/firm-api-key.entity';

/** What a firm's key proves: which firm is calling. */
export interface FirmPrincipal {
  firmId: string;
  keyId: string;
}

export interface ApiKeyView {
  id: string;
  /** The public part of the key (rsk_<prefix>_...), to tell keys apart. */
  prefix: string;
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

// Key format: rsk_<prefix>_<secret>. The prefix finds the row; the whole key is only hashed.
const KEY_PATTERN = /^rsk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

@Injectable()
export class FirmApiKeysService {
  constructor(@InjectRepository(FirmApiKeyEntity) private readonly keys: Repository<FirmApiKeyEntity>) {}

  /** Issues a new key; the clear key is returned this once and never stored. */
  async issue(firmId: string, label = ''): Promise<{ id: string; key: string }> {
    const prefix = randomBytes(8).toString('hex');
    const key = `rsk_${prefix}_${randomBytes(32).toString('base64url')}`;
    const row = await this.keys.save(this.keys.create({ firmId, prefix, secretHash: digest(key), label }));
    return { id: row.id, key };
  }

  /**
   * Rotation: a new key, while the old ones keep working until revoked, so a firm can roll its
   * senders over without losing a push.
   */
  async rotate(firmId: string, label = ''): Promise<{ id: string; key: string }> {
    return this.issue(firmId, label);
  }

  /** A firm's keys, newest first: never the secret, only the public prefix. */
  async list(firmId: string): Promise<ApiKeyView[]> {
    return this.keys.query(
      `SELECT id, 'rsk_' || prefix AS prefix, label, created_at AS "createdAt", revoked_at AS "revokedAt"
         FROM firm_api_keys WHERE firm_id = $1 ORDER BY created_at DESC, id`,
      [firmId],
    );
  }

  async revoke(firmId: string, keyId: string): Promise<boolean> {
    const result = await this.keys.update({ id: keyId, firmId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  /** The firm behind a presented key, or null for an unknown, malformed or revoked key. */
  async authenticate(presented: string): Promise<FirmPrincipal | null> {
    const match = KEY_PATTERN.exec(presented);
    if (!match) return null;
    const row = await this.keys.findOneBy({ prefix: match[1] });
    if (!row || row.revokedAt) return null;
    return timingSafeEqual(row.secretHash, digest(presented)) ? { firmId: row.firmId, keyId: row.id } : null;
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}
