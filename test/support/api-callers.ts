import type { StaffRole } from '../../src/staff/staff-role';
import { DEMO_STAFF, seedDemoStaff, DEMO_STAFF_PASSWORD } from '../../src/staff/demo-staff';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import type { RunningApp } from '../../src/bootstrap';
import { loginToken } from './auth';
import type { TestFirm } from './ingest';

/** Who calls in the access tests. */
export type Caller =
  | { kind: 'anonymous'; name: 'anonymous' }
  | { kind: 'staff'; name: string; role: StaffRole; regionCode: string; token: string }
  | { kind: 'firm'; name: 'firm A' | 'firm B'; firm: TestFirm };

/**
 * The demonstration staff (one per role; county officers of 西湖区 330106 and 拱墅区 330105),
 * logged in through the real POST /v1/auth/token, plus firm A, firm B and an anonymous caller.
 */
export async function allCallers(app: RunningApp, firmA: TestFirm, firmB: TestFirm): Promise<Caller[]> {
  await seedDemoStaff(app.app.get(StaffDirectoryService));
  const staff: Caller[] = [];
  for (const s of DEMO_STAFF) {
    staff.push({
      kind: 'staff',
      name: `${s.role}@${s.regionCode}`,
      role: s.role,
      regionCode: s.regionCode,
      token: await loginToken(app.url, s.username, DEMO_STAFF_PASSWORD),
    });
  }
  return [
    { kind: 'anonymous', name: 'anonymous' },
    ...staff,
    { kind: 'firm', name: 'firm A', firm: firmA },
    { kind: 'firm', name: 'firm B', firm: firmB },
  ];
}

export function authHeaders(caller: Caller): Record<string, string> {
  if (caller.kind === 'staff') return { authorization: `Bearer ${caller.token}` };
  if (caller.kind === 'firm') return { authorization: `Bearer ${caller.firm.key}` };
  return {};
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

export async function call(
  baseUrl: string,
  caller: Caller,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...authHeaders(caller),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}
