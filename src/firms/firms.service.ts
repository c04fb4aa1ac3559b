import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, QueryFailedError, Repository } from 'typeorm';
import { FirmEntity, FirmKind, LicenceStatus } from './firm.entity';
import { FirmInput, validateFirmInput } from './firm-input';
import { FirmAlreadyRegistered, FirmNotFound } from './firms.errors';
import { regionLevel } from './region-code';

export const FIRM_SORT_FIELDS = ['name', 'creditCode', 'regionCode', 'kind', 'licenceStatus', 'createdAt'] as const;
export type FirmSortField = (typeof FIRM_SORT_FIELDS)[number];

// Every sort key is compared as text, so a keyset cursor round-trips exactly (timestamps to the microsecond).
const SORT_KEY_SQL: Record<FirmSortField, string> = {
  name: 'f.name::text',
  creditCode: 'f.credit_code::text',
  regionCode: 'f.region_code::text',
  kind: 'f.kind::text',
  licenceStatus: 'f.licence_status::text',
  createdAt: `to_char(f.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`,
};

/** A filtered, sorted page of firms (keyset pagination on the sort key and the id). */
export interface FirmSearch {
  /** Only firms within this GB/T 2260 region (county, city or province); null: every region. */
  within: string | null;
  /** Part of the name, or the start of the credit code. */
  text?: string;
  kind?: FirmKind;
  /** A further region filter, within `within`. */
  region?: string;
  licenceStatus?: LicenceStatus;
  sort: FirmSortField;
  order: 'asc' | 'desc';
  limit: number;
  /** The sort key and id of the last firm of the previous page. */
  after?: { key: string; id: string };
}

@Injectable()
export class FirmsService {
  // Firms are few (hundreds) and read on every record: keep found ones. Licence changes go
  // through this service, which refreshes the entry.
  private readonly byCode = new Map<string, FirmEntity>();

  constructor(@InjectRepository(FirmEntity) private readonly firms: Repository<FirmEntity>) {}

  /** The registered firms among these credit codes; unknown codes are simply absent. */
  async lookup(creditCodes: Iterable<string>): Promise<Map<string, FirmEntity>> {
    const wanted = [...new Set(creditCodes)];
    const missing = wanted.filter((code) => !this.byCode.has(code));
    if (missing.length > 0) {
      for (const firm of await this.firms.findBy({ creditCode: In(missing) })) this.byCode.set(firm.creditCode, firm);
    }
    return new Map(wanted.filter((code) => this.byCode.has(code)).map((code) => [code, this.byCode.get(code)!]));
  }

  /** The credit codes of these firms (firms.id), by id; unknown ids are absent. */
  async creditCodesOf(ids: Iterable<string>): Promise<Map<string, string>> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return new Map();
    return new Map((await this.firms.findBy({ id: In(wanted) })).map((firm) => [firm.id, firm.creditCode]));
  }

  /**
   * For each text, every firm whose name appears in it (news rarely carries a credit code). Firms
   * registered by another process are picked up by one count per call, so callers pass a whole batch.
   */
  async mentionedIn(texts: readonly string[]): Promise<FirmEntity[][]> {
    if (texts.length === 0) return [];
    if (this.byCode.size === 0 || this.byCode.size < (await this.firms.count())) {
      for (const firm of await this.firms.find()) this.byCode.set(firm.creditCode, firm);
    }
    const firms = [...this.byCode.values()];
    return texts.map((text) => firms.filter((firm) => text.includes(firm.name)));
  }

  async register(input: FirmInput): Promise<FirmEntity> {
    const valid = validateFirmInput(input);
    try {
      const firm = await this.firms.save(this.firms.create(valid));
      this.byCode.set(firm.creditCode, firm);
      return firm;
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        throw new FirmAlreadyRegistered(valid.creditCode);
      }
      throw error;
    }
  }

  async byCreditCode(creditCode: string): Promise<FirmEntity> {
    const firm = await this.firms.findOneBy({ creditCode });
    if (!firm) throw new FirmNotFound(creditCode);
    return firm;
  }

  async count(): Promise<number> {
    return this.firms.count();
  }

  /** A page of firms matching the search, each with its sort key (for the next page's cursor). */
  async search(query: FirmSearch): Promise<Array<{ firm: FirmEntity; sortKey: string }>> {
    const key = SORT_KEY_SQL[query.sort];
    const qb = this.firms.createQueryBuilder('f').addSelect(key, 'sort_key');
    for (const [i, scope] of [query.within, query.region].entries()) {
      if (scope) qb.andWhere(`f.region_code LIKE :scope${i}`, { [`scope${i}`]: regionPattern(scope) });
    }
    if (query.kind) qb.andWhere('f.kind = :kind', { kind: query.kind });
    if (query.licenceStatus) qb.andWhere('f.licence_status = :licenceStatus', { licenceStatus: query.licenceStatus });
    if (query.text) {
      const like = `%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(f.name ILIKE :like OR f.credit_code LIKE :codePrefix)', {
        like,
        codePrefix: `${query.text.toUpperCase().replace(/[\\%_]/g, '')}%`,
      });
    }
    const op = query.order === 'asc' ? '>' : '<';
    if (query.after)
      qb.andWhere(`(${key}, f.id) ${op} (:afterKey::text, :afterId::uuid)`, {
        afterKey: query.after.key,
        afterId: query.after.id,
      });
    const direction = query.order === 'asc' ? 'ASC' : 'DESC';
    const { entities, raw } = await qb
      .orderBy(key, direction)
      .addOrderBy('f.id', direction)
      .limit(query.limit)
      .getRawAndEntities<{ sort_key: string; f_id: string }>();
    const keys = new Map(raw.map((r) => [r.f_id, r.sort_key]));
    return entities.map((firm) => ({ firm, sortKey: keys.get(firm.id)! }));
  }

  /** Changes the licence status (持牌经营, 暂停业务, 吊销, 退出) and refreshes the cached entry. */
  /** Firms whose region_code is LIKE `regionPattern`, registered before `before`, by kind and licence status. */
  async countsByKindAndStatus(
    regionPattern: string,
    before: Date,
  ): Promise<Array<{ kind: FirmKind; status: LicenceStatus; n: number }>> {
    return this.firms.query(
      `SELECT kind::text AS kind, licence_status::text AS status, count(*)::int AS n
         FROM firms WHERE region_code LIKE $1 AND created_at < $2 GROUP BY 1, 2`,
      [regionPattern, before],
    );
  }

  async changeLicenceStatus(creditCode: string, licenceStatus: LicenceStatus): Promise<FirmEntity> {
    const firm = await this.byCreditCode(creditCode);
    firm.licenceStatus = licenceStatus;
    const saved = await this.firms.save(firm);
    this.byCode.set(saved.creditCode, saved);
    return saved;
  }
}

/** LIKE pattern of the firms within a GB/T 2260 county (exact), city or province (prefix). */
function regionPattern(scope: string): string {
  const level = regionLevel(scope);
  return level === 'county' ? scope : level === 'city' ? `${scope.slice(0, 4)}%` : `${scope.slice(0, 2)}%`;
}
