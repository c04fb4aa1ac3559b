import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { ContactNotFound } from '../alerts.errors';
import type { OrganisationRole, RecipientRole } from '../domain/recipient-role';
import { StaffContactEntity } from '../entities/staff-contact.entity';
import type { DirectoryEntry } from '../routing/staff-directory';
import { CONTACT_RECORDS_SQL, contactRecord, type ContactRow } from './contact-records';
import { contactView, type ContactView } from './contact-view';
import { isUuid } from '../../platform/uuid';
import type { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { ValidationFailed, type FieldProblem } from '../../platform/errors/domain-error';
import { destinationProblem } from '../channels/destinations';

/** How an entry is reached; null or absent clears an address (active: null or absent is true). */
export interface ContactAddresses {
  phone?: string | null;
  wecomWebhook?: string | null;
  dingtalk?: { webhook: string; secret: string } | null;
  active?: boolean | null;
}

export interface OfficeContact extends ContactAddresses {
  name: string;
  role: OrganisationRole | RecipientRole;
  regionCode: string;
}

// Contacts change rarely; a short cache keeps routing off the database on busy days. Changes made
// through this service are visible at once here, and within this long on other replicas.
const CACHE_MS = 5000;

/**
 * The staff directory routing uses (通讯录): staff_users (role, region, disabled) with their
 * staff_contacts row, offices from staff_contacts alone, and Web Push subscriptions.
 */
@Injectable()
export class AlertsDirectoryService {
  private cached?: { at: number; entries: Promise<DirectoryEntry[]> };

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async entries(): Promise<DirectoryEntry[]> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > CACHE_MS) {
      const entries = this.load();
      this.cached = { at: now, entries };
      entries.catch(() => (this.cached = undefined));
    }
    return this.cached.entries;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  /** Sets how a staff member is reached (one row per staff member); ContactNotFound when the id is not in staff_users. */
  async setStaffContact(staffId: string, addresses: ContactAddresses): Promise<ContactView> {
    this.checkWebhooks(addresses);
    const c = columns(addresses);
    // One statement: the row is written only if the staff user exists, and replaces an earlier one.
    const written: unknown[] = !isUuid(staffId)
      ? []
      : await this.dataSource.query(
          `INSERT INTO staff_contacts (id, staff_id, phone, wecom_webhook, dingtalk_webhook, dingtalk_secret, active)
           SELECT $2, u.id, $3, $4, $5, $6, $7 FROM staff_users u WHERE u.id = $1
           ON CONFLICT (staff_id) DO UPDATE SET phone = EXCLUDED.phone, wecom_webhook = EXCLUDED.wecom_webhook,
             dingtalk_webhook = EXCLUDED.dingtalk_webhook, dingtalk_secret = EXCLUDED.dingtalk_secret, active = EXCLUDED.active
           RETURNING id`,
          [staffId, randomUUID(), c.phone, c.wecomWebhook, c.dingtalkWebhook, c.dingtalkSecret, c.active],
        );
    if (written.length === 0) throw new ContactNotFound('staff user', staffId);
    this.invalidate();
    return this.contact(staffId);
  }

  /** Adds an office that is notified but does not log in (区县金融办, 市政府总值班室, 公安经侦); returns its id. */
  async addOffice(office: OfficeContact): Promise<string> {
    this.checkWebhooks(office);
    const id = randomUUID();
    await this.dataSource.getRepository(StaffContactEntity).insert({ id, staffId: null, ...officeColumns(office) });
    this.invalidate();
    return id;
  }

  /** Replaces an office's name, role, region and addresses; ContactNotFound for any other id (a staff member's row too). */
  async updateOffice(id: string, office: OfficeContact): Promise<ContactView> {
    this.checkWebhooks(office);
    const result = isUuid(id)
      ? await this.dataSource.getRepository(StaffContactEntity).update({ id, staffId: IsNull() }, officeColumns(office))
      : { affected: 0 };
    if (!result.affected) throw new ContactNotFound('office', id);
    this.invalidate();
    return this.contact(id);
  }

  /** Every staff user (with their contact, if any) and every office, for administrators: secrets masked. */
  async listContacts(): Promise<ContactView[]> {
    const rows: ContactRow[] = await this.dataSource.query(
      `${CONTACT_RECORDS_SQL} ORDER BY d.kind DESC, d.region_code, d.name, d.id`,
    );
    return rows.map((r) => contactView(contactRecord(r)));
  }

  /** One entry of the list by its routing id (staff_users.id or an office's id), masked. */
  async contact(id: string): Promise<ContactView> {
    const [row]: ContactRow[] = isUuid(id)
      ? await this.dataSource.query(`${CONTACT_RECORDS_SQL} WHERE d.id = $1`, [id])
      : [];
    if (!row) throw new ContactNotFound('contact', id);
    return contactView(contactRecord(row));
  }

  /** Robot webhooks go to the allow-listed robot hosts over https only (ALERTS_ROBOT_HOSTS): keys and signs never travel in clear. */
  private checkWebhooks(addresses: ContactAddresses): void {
    const { robotHosts, testOrigins } = this.config.alerts.destinations;
    const problems: FieldProblem[] = [];
    const wecom = addresses.wecomWebhook ? destinationProblem(addresses.wecomWebhook, robotHosts, testOrigins) : null;
    if (wecom) problems.push({ pointer: '/wecomWebhook', detail: wecom });
    const dingtalk = addresses.dingtalk?.webhook
      ? destinationProblem(addresses.dingtalk.webhook, robotHosts, testOrigins)
      : null;
    if (dingtalk) problems.push({ pointer: '/dingtalk/webhook', detail: dingtalk });
    if (problems.length) throw new ValidationFailed('the robot webhook is not an allowed destination', problems);
  }

  private async load(): Promise<DirectoryEntry[]> {
    const rows: Array<{
      id: string;
      name: string;
      role: RecipientRole;
      region_code: string;
      phone: string | null;
      wecom_webhook: string | null;
      dingtalk_webhook: string | null;
      dingtalk_secret: string | null;
      active: boolean;
    }> = await this.dataSource.query(
      `SELECT u.id::text, u.display_name AS name, u.role::text AS role, u.region_code, c.phone, c.wecom_webhook, c.dingtalk_webhook, c.dingtalk_secret,
                (COALESCE(c.active, true) AND NOT u.disabled) AS active
           FROM staff_users u LEFT JOIN staff_contacts c ON c.staff_id = u.id
         UNION ALL
         SELECT c.id::text, c.name, c.office_role, c.region_code, c.phone, c.wecom_webhook, c.dingtalk_webhook, c.dingtalk_secret, c.active
           FROM staff_contacts c WHERE c.staff_id IS NULL`,
    );
    const subs: Array<{ staff_id: string; endpoint: string; p256dh: string; auth: string }> =
      await this.dataSource.query(
        `SELECT staff_id, endpoint, p256dh, auth FROM push_subscriptions ORDER BY created_at`,
      );
    const byStaff = new Map<string, DirectoryEntry['channels']['webPushSubscriptions']>();
    for (const s of subs) {
      const list = byStaff.get(s.staff_id) ?? [];
      list.push({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } });
      byStaff.set(s.staff_id, list);
    }
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      role: r.role,
      regionCode: r.region_code,
      active: r.active,
      channels: {
        ...(r.phone ? { phone: r.phone } : {}),
        ...(r.wecom_webhook ? { wecomWebhook: r.wecom_webhook } : {}),
        ...(r.dingtalk_webhook && r.dingtalk_secret
          ? { dingtalk: { webhook: r.dingtalk_webhook, secret: r.dingtalk_secret } }
          : {}),
        ...(byStaff.has(r.id) ? { webPushSubscriptions: byStaff.get(r.id) } : {}),
      },
    }));
  }
}

function officeColumns(office: OfficeContact) {
  return { officeRole: office.role, name: office.name.trim(), regionCode: office.regionCode, ...columns(office) };
}

function columns(a: ContactAddresses) {
  return {
    phone: a.phone ?? null,
    wecomWebhook: a.wecomWebhook ?? null,
    dingtalkWebhook: a.dingtalk?.webhook ?? null,
    dingtalkSecret: a.dingtalk?.secret ?? null,
    active: a.active ?? true,
  };
}
