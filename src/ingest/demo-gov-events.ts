import { Logger } from '@nestjs/common';
import { demoFirmCreditCode } from '../firms/demo-firms';
import { IntakeItem, RecordIntakeService } from './intake/record-intake.service';

const daysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/**
 * A few government feed events about the demonstration firms, so the public-data rules (PD-xx)
 * fire after `npm start`: a court's dishonest-list entry (PD-03, red), a tax arrears notice
 * (PD-02) and registry changes with an abnormal-operation listing (PD-01). They take the same
 * intake as a feed would; dated relative to today so they stay inside the rules' windows.
 */
export function demoGovEvents(): IntakeItem[] {
  const p2p = demoFirmCreditCode(1); // 示范网贷信息中介有限公司
  const microLoan = demoFirmCreditCode(3); // 西湖小额贷款股份有限公司
  const guarantor = demoFirmCreditCode(5); // 拱墅融资担保有限公司
  const item = (kind: IntakeItem['kind'], value: Record<string, unknown>): IntakeItem => ({
    kind,
    value,
    sourceRef: 'demo-data',
  });
  return [
    item('court_event', {
      eventId: 'DEMO-CRT-0001',
      firmCreditCode: p2p,
      occurredAt: daysAgo(12),
      caseNumber: '(2026)浙0106执1024号',
      type: 'dishonest_list',
      subject: 'firm',
      amount: '3200000.00',
    }),
    item('tax_event', {
      eventId: 'DEMO-TAX-0001',
      firmCreditCode: microLoan,
      occurredAt: daysAgo(25),
      type: 'arrears_notice',
      amount: '186000.00',
    }),
    item('registry_event', {
      eventId: 'DEMO-REG-0001',
      firmCreditCode: guarantor,
      occurredAt: daysAgo(80),
      type: 'legal_representative_change',
      detail: '法定代表人由王某变更为陈某',
    }),
    item('registry_event', {
      eventId: 'DEMO-REG-0002',
      firmCreditCode: guarantor,
      occurredAt: daysAgo(50),
      type: 'address_change',
      detail: '住所由拱墅区迁至余杭区',
    }),
    item('registry_event', {
      eventId: 'DEMO-REG-0003',
      firmCreditCode: guarantor,
      occurredAt: daysAgo(20),
      type: 'shareholder_change',
      detail: '第一大股东变更',
    }),
    item('registry_event', {
      eventId: 'DEMO-REG-0004',
      firmCreditCode: guarantor,
      occurredAt: daysAgo(8),
      type: 'abnormal_operation_list',
      detail: '通过登记的住所无法联系',
    }),
  ];
}

/** Stores the demonstration events; a refusal is a defect of this file, so it is logged loudly. */
export async function seedDemoGovEvents(intake: RecordIntakeService): Promise<void> {
  const results = await intake.accept(demoGovEvents(), { source: 'http' });
  const logger = new Logger('DemoData');
  for (const result of results)
    if (result.status === 'rejected')
      logger.error(`demo ${result.kind} refused: ${result.detail} ${JSON.stringify(result.problems)}`);
  logger.log(
    `seeded ${results.filter((r) => r.status === 'accepted').length} demonstration government feed events (court, tax, registry)`,
  );
}
