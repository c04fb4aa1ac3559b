import { In } from 'typeorm';
import { recordContentHash } from '../../canonical/content-hash';
import { nodeSha256 } from '../../canonical/sha256-node';
import type { LeafKind } from '../../log/leaf-kinds';
import { AccountabilityRecordEntity } from '../../../alerts/entities/accountability-record.entity';
import { AlertDeliveryEntity } from '../../../alerts/entities/alert-delivery.entity';
import { AlertEventEntity } from '../../../alerts/entities/alert-event.entity';
import { accountabilityRecord, deliveryRecord, eventLeafKind, eventRecord } from '../../../alerts/persistence/alert-records';
import { Rehasher, uuidsOf } from './rehasher';

// The alert rows are read through their entities and turned into records by the writer's own
// functions, so the scan and the writer cannot drift apart.

const hashed = (id: string, record: unknown): [string, Buffer] => [id, Buffer.from(recordContentHash(record, nodeSha256))];

/** Events of one leaf kind: an event stored under the other kind counts as missing. */
export function alertEventRehasher(kind: Extract<LeafKind, 'alert' | 'alert_action'>): Rehasher {
  return async (db, recordIds) => {
    const rows = await db.getRepository(AlertEventEntity).findBy({ id: In(uuidsOf(recordIds)) });
    return new Map(rows.filter((r) => eventLeafKind(r.kind) === kind).map((r) => hashed(r.id, eventRecord(r))));
  };
}

export const deliveryRehasher: Rehasher = async (db, recordIds) => {
  const rows = await db.getRepository(AlertDeliveryEntity).findBy({ id: In(uuidsOf(recordIds)) });
  return new Map(rows.map((r) => hashed(r.id, deliveryRecord(r))));
};

export const accountabilityRehasher: Rehasher = async (db, recordIds) => {
  const rows = await db.getRepository(AccountabilityRecordEntity).findBy({ id: In(uuidsOf(recordIds)) });
  return new Map(rows.map((r) => hashed(r.id, accountabilityRecord(r))));
};
