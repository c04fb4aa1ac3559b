import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Conflict } from '../../platform/errors/domain-error';
import { IdempotencyKeyEntity } from '../entities/idempotency-key.entity';

export class IdempotencyKeyReused extends Conflict {
  constructor(key: string) {
    super(`Idempotency-Key '${key}' was used before with a different request; use a new key for a new request`);
  }
}

export interface StoredAnswer<T> {
  statusCode: number;
  body: T;
  replayed: boolean;
}

/** Answers a retried push (same firm, same Idempotency-Key, same request) with its first answer. */
@Injectable()
export class IdempotencyService {
  constructor(@InjectRepository(IdempotencyKeyEntity) private readonly keys: Repository<IdempotencyKeyEntity>) {}

  async once<T>(
    firmId: string,
    key: string,
    requestHash: Buffer,
    run: () => Promise<{ statusCode: number; body: T }>,
  ): Promise<StoredAnswer<T>> {
    const earlier = await this.keys.findOneBy({ firmId, key });
    if (earlier) {
      if (!earlier.requestHash.equals(requestHash)) throw new IdempotencyKeyReused(key);
      return { statusCode: earlier.statusCode, body: earlier.response as T, replayed: true };
    }
    const answer = await run();
    // Two concurrent first attempts both ran (harmlessly: intake is idempotent); the first answer stays.
    await this.keys
      .createQueryBuilder()
      .insert()
      .values({ firmId, key, requestHash, statusCode: answer.statusCode, response: answer.body as object })
      .orIgnore()
      .execute();
    return { ...answer, replayed: false };
  }
}
