import { alertsFactory, XIHU, HANGZHOU } from '../../../test/support/alerts-factory';
import { AlertsConfigInvalid } from '../alerts.errors';
import type { AlertTier } from '../../scoring/grading/alert-tier';
import { routeAlert } from './route-alert';
import { loadDefaultRoutingConfig, parseRoutingConfig } from './routing-config';

const config = loadDefaultRoutingConfig();
const directory = alertsFactory.directory({
  endpoint: 'https://push.example.com/sub/1',
  keys: { p256dh: 'p', auth: 'a' },
});
const route = (tier: AlertTier, escalationLevel = 0, firmRegionCode = XIHU) =>
  routeAlert({ tier, firmRegionCode, escalationLevel }, config, directory);
const ids = (tier: AlertTier, escalationLevel = 0) =>
  route(tier, escalationLevel)
    .recipients.map((r) => r.id)
    .sort();

describe('routeAlert', () => {
  it("should send blue to the case officers of the firm's county only", () => {
    expect(ids('blue')).toEqual(['co-xihu', 'co-xihu-2']);
  });

  it('should never reach the officer of another county, nor someone inactive', () => {
    for (const tier of ['blue', 'yellow', 'orange', 'red'] as const) {
      expect(ids(tier)).not.toContain('co-gongshu');
      expect(ids(tier)).not.toContain('office-gongshu');
      expect(ids(tier)).not.toContain('co-xihu-left');
    }
  });

  it('should add the section head and the county office at yellow', () => {
    expect(ids('yellow')).toEqual(['co-xihu', 'co-xihu-2', 'office-xihu', 'sh']);
  });

  it('should add the deputy head and the district government at orange', () => {
    expect(ids('orange')).toEqual(['co-xihu', 'co-xihu-2', 'dh', 'gov-xihu', 'office-xihu', 'sh']);
  });

  it('should add the bureau head, city government, own provincial bureau and police at red', () => {
    expect(ids('red')).toEqual(
      ['bh', 'co-xihu', 'co-xihu-2', 'dh', 'gov-hz', 'gov-xihu', 'office-xihu', 'police-hz', 'prov', 'sh'].sort(),
    );
    expect(ids('red')).not.toContain('prov-js');
  });

  it('should add the escalation chain reached so far even below its tier', () => {
    expect(ids('yellow', 2)).toContain('dh');
    expect(route('yellow', 2).recipients.find((r) => r.id === 'dh')!.via).toEqual({
      role: 'deputy_head',
      level: 'city',
      because: 'escalation',
    });
  });

  it('should send one message to a group robot shared by several recipients', () => {
    const wecom = route('yellow').deliveries.filter((d) => d.channel === 'wecom');
    expect(wecom).toHaveLength(1);
    expect(wecom[0].recipientIds.sort()).toEqual(['co-xihu', 'co-xihu-2', 'sh']);
  });

  it("should use only the tier's channels", () => {
    expect(new Set(route('blue').deliveries.map((d) => d.channel))).toEqual(new Set(['wecom', 'webpush', 'log']));
    expect(
      route('orange')
        .deliveries.filter((d) => d.channel === 'sms')
        .map((d) => d.recipientIds)
        .flat()
        .sort(),
    ).toEqual(['co-xihu', 'dh', 'gov-xihu']);
  });

  it("should report recipients nobody can reach on the tier's channels", () => {
    expect(route('yellow').unreachable).toEqual([]);
    expect(route('blue', 0, HANGZHOU).recipients).toEqual([]);
    expect(route('orange').unreachable).toEqual([]);
    const lonely = routeAlert({ tier: 'blue', firmRegionCode: XIHU, escalationLevel: 0 }, config, [
      alertsFactory.entry({ id: 'x' }),
    ]);
    expect(lonely.unreachable).toEqual(['x']);
  });

  it('should reject a routing file with an unknown role, listing where', () => {
    const bad = `tiers:\n  blue: { notify: [{ role: mayor, level: city }], channels: [log] }\n  yellow: { notify: [], channels: [log] }\n  orange: { notify: [], channels: [fax] }\n  red: { notify: [], channels: [log] }\nescalation: [{ role: county_officer, level: county }]\n`;
    try {
      parseRoutingConfig(bad);
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(AlertsConfigInvalid);
      expect((error as AlertsConfigInvalid).problems.map((p) => p.pointer)).toEqual([
        '/tiers/blue/notify/0/role',
        '/tiers/orange/channels/0',
      ]);
    }
  });
});
