import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, QueryFailedError, Repository } from 'typeorm';
import { FirmEntity } from './firm.entity';
import { FirmInput, validateFirmInput } from './firm-input';
import { FirmAlreadyRegistered, FirmNotFound } from './firms.errors';

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

  /** Every firm whose name appears in the text (news rarely carries a credit code). */
  async mentionedIn(text: string): Promise<FirmEntity[]> {
    if (this.byCode.size === 0 || this.byCode.size < (await this.firms.count())) {
      for (const firm of await this.firms.find()) this.byCode.set(firm.creditCode, firm);
    }
    return [...this.byCode.values()].filter((firm) => text.includes(firm.name));
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
}
