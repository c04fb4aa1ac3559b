import { INestApplication } from '@nestjs/common';
import { FirmKind } from '../../src/firms/firm.entity';
import { FirmsService } from '../../src/firms/firms.service';
import { FirmApiKeysService } from '../../src/ingest/keys/firm-api-keys.service';
import { EXAMPLE_IDS } from '../../src/ingest/schemas/examples';

export interface TestFirm {
  id: string;
  creditCode: string;
  kind: FirmKind;
  key: string;
}

/** Registers the three firms the schema examples belong to, each with a push API key. */
export async function registerExampleFirms(
  app: INestApplication,
): Promise<{ p2p: TestFirm; microLoan: TestFirm; guarantee: TestFirm }> {
  const firms = app.get(FirmsService);
  const keys = app.get(FirmApiKeysService);
  const register = async (creditCode: string, kind: FirmKind, name: string, regionCode: string): Promise<TestFirm> => {
    const firm = await firms.register({ creditCode, kind, name, regionCode });
    return { id: firm.id, creditCode, kind, key: (await keys.issue(firm.id, 'test')).key };
  };
  return {
    p2p: await register(EXAMPLE_IDS.p2pFirm, 'p2p_lending', '示例网贷信息中介有限公司', '330106'),
    microLoan: await register(EXAMPLE_IDS.microLoanFirm, 'micro_loan', '示例小额贷款有限公司', '330102'),
    guarantee: await register(EXAMPLE_IDS.guaranteeFirm, 'financing_guarantee', '示例融资担保有限公司', '330105'),
  };
}

/** POST JSON (or raw text) to the app with a firm key; returns status, headers and parsed body. */
export async function push(
  baseUrl: string,
  path: string,
  key: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}
