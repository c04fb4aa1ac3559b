import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import { FirmEntity } from './firm.entity';
import { FirmInput, validateFirmInput } from './firm-input';
import { FirmAlreadyRegistered, FirmNotFound } from './firms.errors';

@Injectable()
export class FirmsService {
  constructor(@InjectRepository(FirmEntity) private readonly firms: Repository<FirmEntity>) {}

  async register(input: FirmInput): Promise<FirmEntity> {
    const valid = validateFirmInput(input);
    try {
      return await this.firms.save(this.firms.create(valid));
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
