import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { AnchorService } from '../../src/evidence-chain/anchor/anchor.service';
import { CheckpointStore } from '../../src/evidence-chain/anchor/checkpoint-store';
import { LocalLedger } from '../../src/evidence-chain/anchor/local-ledger';
import { REGULATOR_KEY } from '../../src/evidence-chain/evidence.tokens';
import { LogStore } from '../../src/evidence-chain/log/log-store';
import { ManualClock } from '../../src/platform/clock';
import { APP_CONFIG } from '../../src/platform/config/config.module';
import { MetricsService } from '../../src/platform/metrics/metrics.service';
import {
  alertsEnv,
  ALERTS_PASSWORD,
  assessmentSignal,
  seedAlertsWorld,
  startAlertsTestApp,
  type AlertsTestApp,
  type AlertsWorld,
} from '../support/alerts-app';
import { startWeComReceiver } from '../support/alerts-receivers';
import { createTestDatabase } from '../support/database';

const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts');

describe('alerts mobile page', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let wecom: Awaited<ReturnType<typeof startWeComReceiver>>;
  let app: AlertsTestApp;
  let world: AlertsWorld;
  let browser: Browser;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    db = await createTestDatabase();
    wecom = await startWeComReceiver();
    app = await startAlertsTestApp(db.url, alertsEnv(), clock, 'api');
    world = await seedAlertsWorld(app, { wecomUrl: wecom.url });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await wecom?.close();
    await db?.drop();
  });

  it('should let the county officer sign in, see the alert, acknowledge, note and resolve it on a phone', async () => {
    const { alert } = await app.alerts.onSignal(
      assessmentSignal({
        firmId: world.firms.xihu,
        tier: 'yellow',
        reasons: [
          { ruleId: 'P2P-03', text: '项目逾期率', value: '8.2%', threshold: '5%' },
          { ruleId: 'P2P-11', text: '单一借款人借款余额超限', value: '0.24', threshold: '0.20' },
        ],
        assessedAt: clock.now(),
      }),
    );
    await app.alerts.onSignal(
      assessmentSignal({
        firmId: world.firms.xihu,
        cause: { kind: 'rule', ruleId: 'EW-09' },
        tier: 'red',
        reasons: [{ ruleId: 'EW-09', text: '出借人提现延迟', value: '5天', threshold: '3天' }],
        assessedAt: clock.now(),
      }),
    );
    await app.alerts.onSignal(
      assessmentSignal({ firmId: world.firms.gongshu, tier: 'orange', assessedAt: clock.now() }),
    );
    await app.notifier.drain();

    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${app.url}/m`);

    await page.fill('#username', world.staff.xihu.username);
    await page.fill('#password', ALERTS_PASSWORD);
    await page.click('#login-button');
    const item = page.locator(`[data-alert-id="${alert!.id}"]`);
    await item.waitFor();
    await page.locator('#who').filter({ hasText: '王敏' }).waitFor();
    // The other county's alert is not listed; both of this county's are.
    expect(await page.locator('.item').count()).toBe(2);
    await page.screenshot({ path: path.join(ARTIFACTS, 'alerts-mobile-list.png') });

    await item.click();
    await page.locator('#detail-status', { hasText: '待确认' }).waitFor();
    expect(await page.locator('#detail').innerText()).toContain('项目逾期率');
    await page.click('[data-action="acknowledge"]');
    await page.locator('#detail-status', { hasText: '已确认' }).waitFor();

    await page.fill('#note-text', '已电话约谈企业负责人，要求三日内报送整改方案');
    await page.click('#add-note');
    await page.locator('#history', { hasText: '已电话约谈企业负责人' }).waitFor();

    await page.click('[data-action="start"]');
    await page.locator('#detail-status', { hasText: '处置中' }).waitFor();
    await page.fill('#note-text', '企业已补足风险准备金，逾期率回落至4.1%');
    await page.click('[data-action="resolve"]');
    await page.locator('#detail-status', { hasText: '已办结' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'alerts-mobile.png'), fullPage: true });

    const [row] = await app.dataSource.query(`SELECT status::text FROM alerts WHERE id = $1`, [alert!.id]);
    expect(row.status).toBe('resolved');
    const steps = await app.dataSource.query(
      `SELECT action, actor_staff_id FROM alert_events WHERE alert_id = $1 AND kind IN ('action', 'note') ORDER BY alert_version, at`,
      [alert!.id],
    );
    expect(steps).toEqual(
      ['acknowledge', 'note', 'start', 'resolve'].map((action) => ({ action, actor_staff_id: world.staff.xihu.id })),
    );
    // No horizontal scrolling at 390 px.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('should add no 评估更新 line for re-scores that change nothing, and badge the local ledger 本地签名, not 已上链', async () => {
    const signal = (reasons: Array<{ ruleId: string; text: string; value: string; threshold: string }>) =>
      assessmentSignal({
        firmId: world.firms.xihu,
        cause: { kind: 'rule', ruleId: 'EW-01' },
        tier: 'yellow',
        reasons,
        assessedAt: clock.now(),
      });
    const same = [{ ruleId: 'EW-01', text: '金额逾期率', value: '6%', threshold: '5%' }];
    const { alert } = await app.alerts.onSignal(signal(same));
    for (let i = 0; i < 5; i += 1) {
      clock.advance(10_000);
      await app.alerts.onSignal(signal(same)); // six identical re-scores within a minute
    }
    clock.advance(10_000);
    await app.alerts.onSignal(signal([{ ruleId: 'EW-01', text: '金额逾期率', value: '7%', threshold: '5%' }])); // one real change
    await app.notifier.drain();

    // The embedded default's local ledger signs a checkpoint over the alert's leaves.
    const a = app.app;
    const anchor = new AnchorService(
      app.dataSource,
      a.get(LogStore),
      a.get(CheckpointStore),
      new LocalLedger(),
      a.get(REGULATOR_KEY),
      a.get(APP_CONFIG),
      a.get(MetricsService),
    );
    await anchor.round();
    await anchor.onApplicationShutdown();

    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    await page.goto(`${app.url}/m`);
    await page.fill('#username', world.staff.xihu.username);
    await page.fill('#password', ALERTS_PASSWORD);
    await page.click('#login-button');
    await page.locator(`[data-alert-id="${alert!.id}"]`).click();
    await page.locator('#history .ev.anchored').first().waitFor();
    const history = await page.locator('#history').innerText();
    expect(history.match(/评估更新/g) ?? []).toHaveLength(1);
    expect(history).toContain('本地签名');
    expect(history).not.toContain('已上链锚定');
    expect(await page.locator('#evidence-summary').innerText()).toMatch(/^本地签名 \d+/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'alerts-mobile-local-ledger.png'), fullPage: true });
    await context.close();
  });
});
