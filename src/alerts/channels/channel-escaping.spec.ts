import { buildAlertMessage, renderMarkdown, renderPushPayload, renderSmsParams, renderTitle } from './alert-message';
import { escapePushText, escapeRobotMarkdown, escapeSmsParam } from './channel-escaping';
import { alertsFactory } from '../../../test/support/alerts-factory';

// The name a firm pushed in the review: it closed our sentence and opened a link of its own.
const INJECTED = '李四](https://phish.example/confirm?id=1) [点此立即确认';

describe(escapeRobotMarkdown.name, () => {
  it('should leave no markdown link, heading, emphasis or HTML in firm-supplied text', () => {
    const escaped = escapeRobotMarkdown(INJECTED);
    expect(escaped).toBe('李四］（https：//phish.example/confirm?id=1） ［点此立即确认');
    expect(
      escapeRobotMarkdown(
        '# 标题\n> 引用 **粗体** _斜体_ `代码` <font color="warning">红</font> ![img](x) a|b ~~删~~ \\',
      ),
    ).toBe(
      '＃ 标题 ＞ 引用 ＊＊粗体＊＊ ＿斜体＿ ｀代码｀ ＜font color="warning"＞红＜/font＞ ！［img］（x） a｜b ～～删～～ ＼',
    );
    expect(escapeRobotMarkdown('访问 www.phish.example 领取')).toBe('访问 www．phish.example 领取');
  });

  it('should drop line breaks, control characters and bidirectional overrides', () => {
    expect(escapeRobotMarkdown('张三\n### 假标题\u202e')).toBe('张三 ＃＃＃ 假标题');
  });
});

describe(escapeSmsParam.name, () => {
  it('should keep neither a forged 【signature】 nor a link', () => {
    expect(escapeSmsParam('【杭州市金融办】请点 https://phish.example')).toBe(
      '（杭州市金融办）请点 https：//phish.example',
    );
  });
});

describe(escapePushText.name, () => {
  it('should keep plain text plain', () => {
    expect(escapePushText('杭州某某\u0007公司\u2066')).toBe('杭州某某 公司');
  });
});

describe('rendered messages', () => {
  const alert = alertsFactory.alert({
    firmName: `${INJECTED}有限公司`,
    reasons: [`关联红色企业: 西湖某某 ←实控人 ${INJECTED}→ 杭州某某平台`],
  });
  const message = buildAlertMessage(alert, 'opened', 'https://risk.example.gov.cn/m');

  it("should carry exactly one link in the robots' markdown: ours", () => {
    const markdown = renderMarkdown(message);
    expect(markdown.match(/\]\(/g)).toHaveLength(1);
    expect(markdown).toContain(`[查看并处置](https://risk.example.gov.cn/m/alerts/${alert.id})`);
    expect(markdown).not.toContain('https://phish');
  });

  it('should escape the firm name in the title, the SMS parameters and the push payload', () => {
    expect(renderTitle(message)).not.toContain('https://');
    expect(renderSmsParams(message).firm).not.toContain('https://');
    const payload = JSON.parse(renderPushPayload(message)) as { title: string; body: string };
    expect(payload.body).not.toContain('https://phish');
    expect(payload.title).not.toContain('https://phish');
  });
});
