import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AlertFirmUnknown } from './alerts.errors';
import { ALERTS_RUNTIME, type AlertsRuntime } from './alerts.tokens';
import { BUREAU_WIDE } from './domain/assessment-signal';

export interface AlertSubject {
  firmId: string;
  name: string;
  regionCode: string;
}

/** The firm an alert is about (name and region for messages and routing); firms rarely move, so kept. */
@Injectable()
export class AlertSubjects {
  private readonly known = new Map<string, AlertSubject>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ALERTS_RUNTIME) private readonly runtime: AlertsRuntime,
  ) {}

  async of(firmId: string): Promise<AlertSubject> {
    if (firmId === BUREAU_WIDE)
      return { firmId, name: '本局（全局，非单一机构）', regionCode: this.runtime.bureauRegionCode };
    const cached = this.known.get(firmId);
    if (cached) return cached;
    const [row] = await this.dataSource.query(`SELECT id, name, region_code FROM firms WHERE id = $1`, [firmId]);
    if (!row) throw new AlertFirmUnknown(firmId);
    const subject = { firmId: row.id as string, name: row.name as string, regionCode: row.region_code as string };
    this.known.set(firmId, subject);
    return subject;
  }
}
