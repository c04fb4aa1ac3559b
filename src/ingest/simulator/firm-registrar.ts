// `npm run simulate -- --register`: registers the simulated firms with the running service before
// their records are sent, as an administrator would (POST /v1/admin/firms), so intake knows them
// and stores their records instead of dead-lettering them as unknown_firm. For --to http it also
// issues each firm a push API key (POST /v1/admin/firms/{code}/api-keys), and one agency key for
// the government feeds (POST /v1/admin/agency-keys).
import type { SimulatedFirm } from './firm-trajectory';

export interface RegistrationResult {
  registered: number;
  /** Already registered (409): kept as they are. */
  existing: number;
  /** Push API key by credit code, when keys were issued. */
  keys: Map<string, string>;
}

export class FirmRegistrar {
  private token = '';

  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** Signs in as a staff administrator (POST /v1/auth/token). */
  async login(username: string, password: string): Promise<void> {
    const res = await this.fetchImpl(`${this.baseUrl}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const body = (await res.json().catch(() => ({}))) as { accessToken?: string; detail?: string };
    if (res.status !== 200 || !body.accessToken)
      throw new Error(
        `sign-in of ${username} at ${this.baseUrl} refused (${res.status}): ${body.detail ?? 'no token'}`,
      );
    this.token = body.accessToken;
  }

  /** Registers every firm (an already registered one is left as it is); with `issueKeys`, one push key each. */
  async register(firms: readonly SimulatedFirm[], issueKeys: boolean): Promise<RegistrationResult> {
    const result: RegistrationResult = { registered: 0, existing: 0, keys: new Map() };
    for (const firm of firms) {
      const { creditCode, name, kind, regionCode } = firm;
      const res = await this.post('/v1/admin/firms', { creditCode, name, kind, regionCode });
      if (res.status === 201) result.registered += 1;
      else if (res.status === 409) result.existing += 1;
      else throw new Error(`registering ${creditCode} failed (${res.status}): ${JSON.stringify(res.body)}`);
      if (issueKeys) {
        const issued = await this.post(`/v1/admin/firms/${creditCode}/api-keys`, { label: 'simulator' });
        if (issued.status !== 201 || typeof issued.body.key !== 'string')
          throw new Error(`issuing a key for ${creditCode} failed (${issued.status}): ${JSON.stringify(issued.body)}`);
        result.keys.set(creditCode, issued.body.key);
      }
    }
    return result;
  }

  /** Issues one agency key for every government feed kind (POST /v1/admin/agency-keys), so the feeds go over HTTP too. */
  async issueAgencyKey(kinds: readonly string[]): Promise<string> {
    const issued = await this.post('/v1/admin/agency-keys', { agency: '模拟政务数据源 (simulator)', kinds });
    if (issued.status !== 201 || typeof issued.body.key !== 'string')
      throw new Error(`issuing an agency key failed (${issued.status}): ${JSON.stringify(issued.body)}`);
    return issued.body.key;
  }

  private async post(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await this.fetchImpl(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  }
}
