import { loadDefaultRoutingConfig } from './routing-config';
import { routeAlert } from './route-alert';
import type { DirectoryEntry } from './staff-directory';

const entry = (id: string, role: DirectoryEntry['role'], regionCode: string): DirectoryEntry =>
  ({
    id,
    name: id,
    role,
    regionCode,
    channels: { wecomWebhook: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${id}` },
  }) as DirectoryEntry;

describe('routing by cause', () => {
  const config = loadDefaultRoutingConfig();
  const directory = [
    entry('owner', 'model_owner', '330100'),
    entry('officer', 'county_officer', '330100'),
    entry('section', 'section_head', '330100'),
  ];

  it('should send a model monitoring alert to the model owner only, and a firm alert of the same tier to the county officer', () => {
    const model = routeAlert(
      { tier: 'blue', firmRegionCode: '330100', escalationLevel: 0, cause: { kind: 'model_monitoring' } },
      config,
      directory,
    );
    expect(model.recipients.map((r) => r.id)).toEqual(['owner']);
    const firm = routeAlert(
      { tier: 'blue', firmRegionCode: '330100', escalationLevel: 0, cause: { kind: 'rule' } },
      config,
      directory,
    );
    expect(firm.recipients.map((r) => r.id)).not.toContain('owner');
  });

  it('should escalate an unacknowledged model alert along its own chain to the section head', () => {
    const model = routeAlert(
      { tier: 'blue', firmRegionCode: '330100', escalationLevel: 1, cause: { kind: 'model_monitoring' } },
      config,
      directory,
    );
    expect(model.recipients.map((r) => r.id).sort()).toEqual(['owner', 'section']);
  });
});
