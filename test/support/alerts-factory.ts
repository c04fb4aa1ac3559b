// Complete plain objects for alert tests, with overrides. Regions: 杭州市 330100, its counties
// 西湖区 330106 and 拱墅区 330105, province 浙江省 330000; 南京市 320100 is elsewhere.
import type { Actor, Alert } from '../../src/alerts/domain/alert';
import type { AlertSignal } from '../../src/alerts/policy/alert-policy';
import type { DirectoryEntry, PushSubscriptionJson } from '../../src/alerts/routing/staff-directory';

export const XIHU = '330106';
export const GONGSHU = '330105';
export const HANGZHOU = '330100';
export const ZHEJIANG = '330000';

const T0 = new Date('2025-06-06T02:00:00Z'); // Friday 10:00 Beijing

export const alertsFactory = {
  alert(overrides: Partial<Alert> = {}): Alert {
    return {
      id: 'alert-1',
      firmId: 'firm-1',
      firmName: '杭州某某网络借贷信息中介服务有限公司',
      firmRegionCode: XIHU,
      cause: { kind: 'score_band' },
      causeKey: 'score_band',
      tier: 'yellow',
      veto: false,
      reasons: ['逾期率 12%，环比上升 60%'],
      status: 'open',
      openedAt: T0,
      updatedAt: T0,
      lastPeriodId: '2025-05',
      lastSignalAt: T0,
      ackDeadline: new Date('2025-06-11T16:00:00Z'),
      escalationLevel: 0,
      calmPeriods: [],
      history: [
        {
          action: 'open',
          from: null,
          to: 'open',
          tier: 'yellow',
          actor: { kind: 'system', component: 'alert-policy' },
          at: T0,
          reason: null,
        },
      ],
      ...overrides,
    };
  },

  signal(overrides: Partial<AlertSignal> = {}): AlertSignal {
    return {
      firmId: 'firm-1',
      firmName: '杭州某某网络借贷信息中介服务有限公司',
      firmRegionCode: XIHU,
      cause: { kind: 'score_band' },
      tier: 'yellow',
      reasons: ['逾期率 12%，环比上升 60%'],
      veto: false,
      periodId: '2025-06',
      at: new Date('2025-07-01T02:00:00Z'),
      ...overrides,
    };
  },

  officer(overrides: Partial<Extract<Actor, { kind: 'staff' }>> = {}): Actor {
    return { kind: 'staff', staffId: 'co-xihu', name: '王敏', role: 'county_officer', ...overrides };
  },

  entry(overrides: Partial<DirectoryEntry> = {}): DirectoryEntry {
    return { id: 'someone', name: '某人', role: 'county_officer', regionCode: XIHU, channels: {}, ...overrides };
  },

  /** A directory covering every routing role for 西湖区, plus people who must not be reached. */
  directory(sub?: PushSubscriptionJson): DirectoryEntry[] {
    const e = alertsFactory.entry;
    const sharedGroup = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=group-xihu';
    return [
      e({
        id: 'co-xihu',
        name: '王敏',
        channels: { wecomWebhook: sharedGroup, phone: '13800000001', webPushSubscriptions: sub ? [sub] : [] },
      }),
      e({ id: 'co-xihu-2', name: '李强', channels: { wecomWebhook: sharedGroup } }),
      e({ id: 'co-xihu-left', name: '已调离', active: false, channels: { phone: '13800000009' } }),
      e({ id: 'co-gongshu', name: '赵磊', regionCode: GONGSHU, channels: { phone: '13800000002' } }),
      e({
        id: 'sh',
        name: '陈科长',
        role: 'section_head',
        regionCode: HANGZHOU,
        channels: {
          wecomWebhook: sharedGroup,
          dingtalk: { webhook: 'https://oapi.dingtalk.com/robot/send?access_token=sh', secret: 'SECsh' },
        },
      }),
      e({
        id: 'office-xihu',
        name: '西湖区金融办',
        role: 'county_office',
        channels: {
          dingtalk: { webhook: 'https://oapi.dingtalk.com/robot/send?access_token=xihu', secret: 'SECxihu' },
        },
      }),
      e({
        id: 'office-gongshu',
        name: '拱墅区金融办',
        role: 'county_office',
        regionCode: GONGSHU,
        channels: { phone: '13800000003' },
      }),
      e({ id: 'dh', name: '刘副局长', role: 'deputy_head', regionCode: HANGZHOU, channels: { phone: '13800000004' } }),
      e({
        id: 'gov-xihu',
        name: '西湖区政府总值班室',
        role: 'district_government',
        channels: { phone: '057100000001' },
      }),
      e({ id: 'bh', name: '张局长', role: 'bureau_head', regionCode: HANGZHOU, channels: { phone: '13800000005' } }),
      e({
        id: 'gov-hz',
        name: '杭州市政府总值班室',
        role: 'city_government',
        regionCode: HANGZHOU,
        channels: { phone: '057100000002' },
      }),
      e({
        id: 'prov',
        name: '省地方金融管理局值班室',
        role: 'province',
        regionCode: ZHEJIANG,
        channels: { phone: '057100000003' },
      }),
      e({
        id: 'prov-js',
        name: '江苏省局',
        role: 'province',
        regionCode: '320000',
        channels: { phone: '02500000001' },
      }),
      e({
        id: 'police-hz',
        name: '杭州市公安局经侦支队',
        role: 'police_econ_crime',
        regionCode: HANGZHOU,
        channels: { phone: '057100000004' },
      }),
      e({ id: 'analyst', name: '孙分析', role: 'analyst', regionCode: HANGZHOU }),
    ];
  },
};
