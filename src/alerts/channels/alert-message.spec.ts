import { formatBeijing } from '../../platform/beijing-time';
import { alertsFactory } from '../../../test/support/alerts-factory';
import {
  buildAlertMessage,
  renderMarkdown,
  renderPushPayload,
  renderSmsParams,
  renderTitle,
  truncateUtf8,
} from './alert-message';

const red = alertsFactory.alert({
  id: 'a1b2c3d4-0000-4000-8000-00000000abcd',
  tier: 'red',
  cause: { kind: 'rule', ruleId: 'EW-09' },
  reasons: ['出借人提现延迟超过3天', '平台限制单日提现额度'],
  ackDeadline: new Date('2025-06-06T03:00:00Z'),
});
const message = buildAlertMessage(red, 'worsened', 'https://risk.example.gov.cn/m/', 'orange');

describe('alert message rendering', () => {
  it('should title with the tier in Chinese and the firm', () => {
    expect(renderTitle(message)).toBe('【红色预警】杭州某某网络借贷信息中介服务有限公司');
  });

  it('should render markdown with tier and level, change, cause, reasons, Beijing deadline, duty and link', () => {
    const md = renderMarkdown(message);
    expect(md).toContain('### 【红色预警·I级】杭州某某网络借贷信息中介服务有限公司');
    expect(md).toContain('> 预警升级（橙色预警 → 红色预警）');
    expect(md).toContain('> 事由：监管规则 EW-09');
    expect(md).toContain('1. 出借人提现延迟超过3天\n2. 平台限制单日提现额度');
    expect(md).toContain('请于 **2025-06-06 11:00**（北京时间）前确认；1小时内电话报告，2小时内书面报告');
    expect(md.endsWith('[查看并处置](https://risk.example.gov.cn/m/alerts/a1b2c3d4-0000-4000-8000-00000000abcd)')).toBe(
      true,
    );
  });

  it('should keep the link when cutting long content to the byte limit', () => {
    const long = buildAlertMessage(
      { ...red, reasons: Array.from({ length: 30 }, (_, i) => `原因${i}`.repeat(60)) },
      'opened',
      'https://m.example',
    );
    const md = renderMarkdown(long, 1000);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(1000);
    expect(md).toMatch(/\[查看并处置\]\(https:\/\/m\.example\/alerts\/[^)]+\)$/);
  });

  it('should give short SMS parameters', () => {
    expect(renderSmsParams({ ...message, firmName: '杭州某某网络借贷信息中介服务有限公司西湖分公司' })).toEqual({
      firm: '杭州某某网络借贷信息中介服务有限公司西…',
      tier: '红色预警',
      deadline: '06-06 11:00',
      link: 'https://risk.example.gov.cn/m/alerts/a1b2c3d4-0000-4000-8000-00000000abcd',
    });
  });

  it('should give the service worker a JSON payload that stays on screen for red', () => {
    expect(JSON.parse(renderPushPayload(message))).toEqual({
      title: '【红色预警】杭州某某网络借贷信息中介服务有限公司',
      body: '预警升级：监管规则 EW-09；出借人提现延迟超过3天；平台限制单日提现额度',
      tier: 'red',
      alertId: red.id,
      url: 'https://risk.example.gov.cn/m/alerts/a1b2c3d4-0000-4000-8000-00000000abcd',
      ackDeadline: '2025-06-06T03:00:00.000Z',
      requireInteraction: true,
    });
  });

  it('should format instants in Beijing time and cut UTF-8 at character boundaries', () => {
    expect(formatBeijing(new Date('2025-06-06T17:30:00Z'))).toBe('2025-06-07 01:30');
    const cut = truncateUtf8('预警'.repeat(10), 10);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(10);
    expect(cut).toBe('预警…');
  });
});
