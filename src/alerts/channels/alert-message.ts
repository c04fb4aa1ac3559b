import type { Alert } from '../domain/alert';
import { describeCause } from '../domain/alert-cause';
import { TIER_INFO, type AlertTier } from '../../scoring/grading/alert-tier';
import { ACK_DEADLINES } from '../policy/deadlines';
import { escapePushText, escapeRobotMarkdown, escapeSmsParam } from './channel-escaping';
import { formatBeijing } from '../../platform/beijing-time';

/** Why a message goes out: a new alert, a worse tier, or an unacknowledged alert moving up the chain. */
export type AlertMessageKind = 'opened' | 'worsened' | 'escalated';

/** Everything a channel needs to render; no personal data beyond the firm's name. */
export interface AlertMessage {
  alertId: string;
  kind: AlertMessageKind;
  firmName: string;
  tier: AlertTier;
  /** The tier before a worsening or escalation. */
  previousTier?: AlertTier;
  cause: string;
  reasons: string[];
  ackDeadline: Date | null;
  /** What the tier requires, e.g. 24小时内现场检查. */
  duty: string;
  /** The alert on the mobile page. */
  link: string;
}

export function buildAlertMessage(
  alert: Alert,
  kind: AlertMessageKind,
  mobileBaseUrl: string,
  previousTier?: AlertTier,
): AlertMessage {
  return {
    alertId: alert.id,
    kind,
    firmName: alert.firmName,
    tier: alert.tier,
    previousTier,
    cause: describeCause(alert.cause),
    reasons: alert.reasons,
    ackDeadline: alert.ackDeadline,
    duty: ACK_DEADLINES[alert.tier].duty,
    link: `${mobileBaseUrl.replace(/\/+$/, '')}/alerts/${encodeURIComponent(alert.id)}`,
  };
}

// One message goes to many targets (each WeCom robot of an alert gets the same body): a channel's
// serialised body is made once per message, not once per delivery and attempt.
const rendered = new WeakMap<AlertMessage, Map<string, string>>();

/** `render()` of this message under `key`, computed on first use. */
export function renderOnce(message: AlertMessage, key: string, render: () => string): string {
  let bodies = rendered.get(message);
  if (!bodies) rendered.set(message, (bodies = new Map()));
  let body = bodies.get(key);
  if (body === undefined) bodies.set(key, (body = render()));
  return body;
}

const KIND_LABEL: Record<AlertMessageKind, string> = {
  opened: '新预警',
  worsened: '预警升级',
  escalated: '超时未确认，逐级上报',
};
const MAX_REASONS = 8;
const MAX_REASON_CHARS = 200;

/** 【红色预警】某某公司: plain text (a push title, the DingTalk title shown in the chat list). */
export function renderTitle(message: AlertMessage): string {
  return `【${TIER_INFO[message.tier].name}】${escapePushText(message.firmName)}`;
}

/**
 * Markdown both group robots render (headings, bold, quotes, lists, links), cut to `maxBytes` of
 * UTF-8. Every firm-supplied string (name, cause, reasons) is escaped: only our own link is a link.
 */
export function renderMarkdown(message: AlertMessage, maxBytes = 4096): string {
  // WeCom and DingTalk cut at different lengths: the body is built once per message, cut per channel.
  const body = renderOnce(message, 'markdown', () => markdownBody(message));
  const link = `[查看并处置](${message.link})`;
  // The link goes last and must survive the cut: without it nobody can acknowledge.
  return `${truncateUtf8(body, maxBytes - Buffer.byteLength(`\n${link}`))}\n${link}`;
}

function markdownBody(message: AlertMessage): string {
  const info = TIER_INFO[message.tier];
  const change = message.previousTier ? `（${TIER_INFO[message.previousTier].name} → ${info.name}）` : '';
  const reasons = message.reasons
    .slice(0, MAX_REASONS)
    .map((r, i) => `${i + 1}. ${clip(escapeRobotMarkdown(r), MAX_REASON_CHARS)}`);
  if (message.reasons.length > MAX_REASONS) reasons.push(`…… 共 ${message.reasons.length} 条，详见处置页面`);
  const deadline = message.ackDeadline
    ? `请于 **${formatBeijing(message.ackDeadline)}**（北京时间）前确认；${message.duty}`
    : message.duty;
  return [
    `### 【${info.name}·${info.level}级】${escapeRobotMarkdown(message.firmName)}`,
    `> ${KIND_LABEL[message.kind]}${change}`,
    `> 事由：${escapeRobotMarkdown(message.cause)}`,
    '',
    '**风险要点**',
    ...reasons,
    '',
    `**时限**：${deadline}`,
    '',
  ].join('\n');
}

/** SMS template parameters; gateways cap each value (often ~20-35 characters), so values are short. */
export function renderSmsParams(message: AlertMessage): Record<string, string> {
  return {
    firm: clip(escapeSmsParam(message.firmName), 20),
    tier: TIER_INFO[message.tier].name,
    deadline: message.ackDeadline ? formatBeijing(message.ackDeadline).slice(5) : '',
    link: message.link,
  };
}

/** The JSON the mobile page's service worker shows as a notification. Push services cap payloads near 4 KB. */
export function renderPushPayload(message: AlertMessage): string {
  return JSON.stringify({
    title: renderTitle(message),
    body: clip(
      [`${KIND_LABEL[message.kind]}：${message.cause}`, ...message.reasons.slice(0, 3)].map(escapePushText).join('；'),
      300,
    ),
    tier: message.tier,
    alertId: message.alertId,
    url: message.link,
    ackDeadline: message.ackDeadline?.toISOString() ?? null,
    // Orange and red stay on screen until the official taps them.
    requireInteraction: message.tier === 'orange' || message.tier === 'red',
  });
}

function clip(text: string, maxChars: number): string {
  const chars = [...text];
  return chars.length <= maxChars ? text : `${chars.slice(0, maxChars - 1).join('')}…`;
}

/** Cuts at a character boundary so no multi-byte character is split. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > maxBytes - 3) break;
    out += ch;
    bytes += n;
  }
  return `${out}…`;
}
