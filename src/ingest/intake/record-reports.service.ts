import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { KeyPersonsRecord } from '../schemas/records';
import { REPORT_KIND_OF_FIRM } from '../../firms/report-kinds';

/** Records of one kind received in a month (监管月报). */
export interface ReceivedKindCounts {
  kind: string;
  n: number;
  firms: number;
  corrections: number;
}

export interface SilentFirm {
  creditCode: string;
  name: string;
  kind: string;
  regionCode: string;
}

/** A firm's latest key-persons list, with the firm it belongs to. */
export interface KeyPersonsOfFirm {
  firmId: string;
  creditCode: string;
  name: string;
  regionCode: string;
  payload: KeyPersonsRecord;
}

/** Read side of ingest across firms: the monthly report's counts and the key-persons graph. */
@Injectable()
export class RecordReports {
  constructor(private readonly dataSource: DataSource) {}

  /** Records received in [start, end) from firms whose region_code is LIKE `regionPattern`, by kind. */
  async receivedByKind(regionPattern: string, start: Date, end: Date): Promise<ReceivedKindCounts[]> {
    return this.dataSource.query(
      `SELECT r.kind, count(*)::int AS n, count(DISTINCT r.firm_id)::int AS firms, count(*) FILTER (WHERE r.version > 1)::int AS corrections
         FROM ingest_records r JOIN firms f ON f.id = r.firm_id
        WHERE f.region_code LIKE $1 AND r.received_at >= $2 AND r.received_at < $3
        GROUP BY r.kind ORDER BY r.kind`,
      [regionPattern, start, end],
    );
  }

  /** Licensed firms of the region, registered before `end`, that sent no report of their kind in [start, end). */
  async licensedWithoutReport(regionPattern: string, start: Date, end: Date): Promise<SilentFirm[]> {
    return this.dataSource.query(
      `SELECT f.credit_code AS "creditCode", f.name, f.kind::text AS kind, f.region_code AS "regionCode" FROM firms f
        WHERE f.region_code LIKE $1 AND f.licence_status = 'licensed' AND f.created_at < $3
          AND NOT EXISTS (SELECT 1 FROM ingest_records r WHERE r.firm_id = f.id AND r.received_at >= $2 AND r.received_at < $3
                           AND r.kind = (CASE f.kind::text ${Object.entries(REPORT_KIND_OF_FIRM)
                             .map(([k, v]) => `WHEN '${k}' THEN '${v}'`)
                             .join(' ')} END))
        ORDER BY f.region_code, f.credit_code`,
      [regionPattern, start, end],
    );
  }

  /**
   * The firm's latest key-persons list first, then the latest list of each firm naming one of its
   * persons (by identity number), by credit code; at most `limit` lists.
   */
  async keyPersonsSharingParties(firmId: string, limit: number): Promise<KeyPersonsOfFirm[]> {
    return this.dataSource.query(
      `WITH latest AS (
         SELECT DISTINCT ON (firm_id) firm_id, payload FROM ingest_records WHERE kind = 'key_persons' ORDER BY firm_id, as_of DESC, version DESC
       ), mine AS (
         SELECT p ->> 'idNumber' AS id FROM latest, jsonb_array_elements(latest.payload -> 'persons') p WHERE latest.firm_id = $1
       )
       SELECT l.firm_id AS "firmId", f.credit_code AS "creditCode", f.name, f.region_code AS "regionCode", l.payload FROM latest l JOIN firms f ON f.id = l.firm_id
        WHERE l.firm_id = $1 OR EXISTS (SELECT 1 FROM jsonb_array_elements(l.payload -> 'persons') p WHERE p ->> 'idNumber' IN (SELECT id FROM mine))
        ORDER BY (l.firm_id = $1) DESC, f.credit_code LIMIT $2`,
      [firmId, limit],
    );
  }
}
