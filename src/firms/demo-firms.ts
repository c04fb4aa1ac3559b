import { Logger } from '@nestjs/common';
import { creditCodeCheckChar } from './credit-code';
import { FirmKind } from './firm.entity';
import { FirmsService } from './firms.service';

// A demonstration municipality (杭州市, 330100) with a few firms of each kind, so that a newcomer's
// `npm start` shows something. Credit codes are generated with valid GB 32100 check characters.
const DEMO: Array<{ name: string; kind: FirmKind; regionCode: string }> = [
  { name: '示范网贷信息中介有限公司', kind: 'p2p_lending', regionCode: '330106' },
  { name: '钱塘网络借贷信息服务有限公司', kind: 'p2p_lending', regionCode: '330114' },
  { name: '西湖小额贷款股份有限公司', kind: 'micro_loan', regionCode: '330106' },
  { name: '上城区科技小额贷款有限公司', kind: 'micro_loan', regionCode: '330102' },
  { name: '拱墅融资担保有限公司', kind: 'financing_guarantee', regionCode: '330105' },
  { name: '滨江中小企业融资担保有限公司', kind: 'financing_guarantee', regionCode: '330108' },
];

export function demoCreditCode(index: number, regionCode: string): string {
  const body = `91${regionCode}MA${String(index).padStart(7, '0')}`;
  return body + creditCodeCheckChar(body);
}

/** Registers the demonstration firms into an empty register; true when it did. */
export async function seedDemoFirms(firms: FirmsService): Promise<boolean> {
  if ((await firms.count()) > 0) return false;
  for (const [i, firm] of DEMO.entries()) {
    await firms.register({ ...firm, creditCode: demoCreditCode(i + 1, firm.regionCode) });
  }
  new Logger('DemoData').log(`seeded ${DEMO.length} demonstration firms`);
  return true;
}

/** The credit code of the n-th demonstration firm (1-based, in the order above). */
export function demoFirmCreditCode(n: number): string {
  return demoCreditCode(n, DEMO[n - 1].regionCode);
}
