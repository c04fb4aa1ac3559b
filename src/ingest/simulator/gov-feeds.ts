// Government feeds (工商, 税务, 法院, 社保) and public sentiment drawn from the hidden state. These are
// the channels a concealing firm cannot control, so they often lead its own reports.
import { FirmKind } from '../../firms/firm.entity';
import { CourtEvent, RegistryEvent, SentimentItem, SocialSecurityEvent, TaxEvent } from '../schemas/records';
import { fenToYuan } from '../schemas/yuan';
import { dayOf } from './calendar';
import { DistressType } from './latent-state';
import { ReportContext } from './report-builders';
import {
  fillTemplate,
  NEGATIVE_TEMPLATES,
  NEUTRAL_TEMPLATES,
  POSITIVE_TEMPLATES,
  SENTIMENT_SOURCES,
  SentimentTemplate,
} from './sentiment-texts';

export interface FeedContext extends ReportContext {
  kind: FirmKind;
  firmName: string;
  regionCode: string;
  distressType: DistressType | null;
  /** True only in the month distress happens. */
  distressNow: boolean;
}

const y = (fen: number): string => fenToYuan(Math.max(0, Math.round(fen)));

function eventId(ctx: FeedContext, feed: string, n: number): string {
  return `${feed}-${ctx.creditCode}-${ctx.month.start.slice(0, 7).replace('-', '')}-${n}`;
}

function randomDay(ctx: FeedContext): string {
  return dayOf(ctx.month, ctx.prng.int(1, ctx.month.days));
}

export function registryEvents(ctx: FeedContext): RegistryEvent[] {
  const { prng, state } = ctx;
  const over = Math.max(0, state.stress - 1);
  const types: RegistryEvent['type'][] = [];
  if (prng.chance(0.01)) types.push('address_change');
  if (prng.chance(0.01 + 0.05 * over)) types.push('shareholder_change');
  if (prng.chance(0.15 * over)) types.push('legal_representative_change');
  if (prng.chance(0.04 * over)) types.push('capital_reduction');
  if (prng.chance(0.15 * Math.min(1, Math.max(0, state.stress - 1.2) / 0.6))) types.push('abnormal_operation_list');
  if (ctx.distressNow && ctx.distressType === 'licence_revoked') types.push('serious_violation_list');
  if (ctx.distressNow && ctx.distressType === 'closure' && prng.chance(0.5)) types.push('deregistration');
  return types.map((type, n) => ({
    eventId: eventId(ctx, 'REG', n),
    firmCreditCode: ctx.creditCode,
    occurredAt: randomDay(ctx),
    type,
  }));
}

export function taxEvents(ctx: FeedContext): TaxEvent[] {
  const { prng, state } = ctx;
  const events: TaxEvent[] = [];
  // Healthy firms occasionally appear on an arrears notice too (a late filing): a confounder.
  if (prng.chance(0.004 + 0.4 * state.intensity.tax_arrears + 0.05 * Math.max(0, state.stress - 1.2))) {
    events.push({
      eventId: eventId(ctx, 'TAX', 0),
      firmCreditCode: ctx.creditCode,
      occurredAt: randomDay(ctx),
      type: 'arrears_notice',
      amount: y(prng.int(20_000, 3_000_000) * 100),
    });
  }
  // The tax office lists a firm for the same reason a run starts: it has stopped paying. Listing follows distress, never health.
  if (prng.chance((state.intensity.tax_arrears > 0.7 ? 0.1 : 0) + 0.04 * Math.max(0, state.stress - 1.2))) {
    events.push({
      eventId: eventId(ctx, 'TAX', 1),
      firmCreditCode: ctx.creditCode,
      occurredAt: randomDay(ctx),
      type: 'major_violation_list',
      amount: y(prng.int(500_000, 10_000_000) * 100),
    });
  }
  return events;
}

export function courtEvents(ctx: FeedContext): CourtEvent[] {
  const { prng, state } = ctx;
  const events: CourtEvent[] = [];
  let n = 0;
  const caseNumber = (kind: string): string =>
    `(${ctx.month.year})浙${ctx.regionCode.slice(2)}${kind}${prng.int(100, 99999)}号`;
  const base = (): Pick<CourtEvent, 'eventId' | 'firmCreditCode' | 'occurredAt'> => ({
    eventId: eventId(ctx, 'CRT', n++),
    firmCreditCode: ctx.creditCode,
    occurredAt: randomDay(ctx),
  });
  const enforcement = prng.poisson(0.6 * state.intensity.court_cases + 0.15 * Math.max(0, state.stress - 0.8));
  for (let k = 0; k < enforcement; k++) {
    events.push({
      ...base(),
      caseNumber: caseNumber('执'),
      type: 'enforcement',
      subject: 'firm',
      amount: y(Math.max(ctx.book.netAssets, 10_000_000_00) * prng.uniform(0.005, 0.08)),
    });
  }
  // Ordinary business disputes happen to healthy firms too.
  const suits = prng.poisson(0.05 + 0.3 * ctx.state.shock + 0.5 * state.intensity.court_cases);
  for (let k = 0; k < suits; k++) {
    events.push({
      ...base(),
      caseNumber: caseNumber('民初'),
      type: 'lawsuit',
      subject: 'firm',
      plaintiffRole: prng.pick(['borrower', 'supplier', 'employee', 'other'] as const),
      amount: y(prng.int(10_000, 2_000_000) * 100),
    });
  }
  // A cluster of lender suits: the run is on (or about to be).
  const lenderSuits =
    ctx.distressNow && ctx.distressType === 'run' ? prng.int(5, 15) : prng.poisson(Math.max(0, state.stress - 1.6) * 3);
  for (let k = 0; k < lenderSuits; k++) {
    events.push({
      ...base(),
      caseNumber: caseNumber('民初'),
      type: 'lawsuit',
      subject: 'firm',
      plaintiffRole: 'lender',
      amount: y(prng.int(10_000, 500_000) * 100),
    });
  }
  // 失信被执行人: a firm that cannot pay its judgments; as likely as its stress says, whatever the cause.
  if (prng.chance((state.intensity.court_cases > 0.7 ? 0.15 : 0) + 0.08 * Math.max(0, state.stress - 1))) {
    events.push({ ...base(), caseNumber: caseNumber('执'), type: 'dishonest_list', subject: 'firm' });
    events.push({
      ...base(),
      caseNumber: caseNumber('执'),
      type: 'consumption_ban',
      subject: 'key_person',
      subjectIdNumber: ctx.setup.controller.idNumber,
    });
  }
  return events;
}

export function socialSecurityEvents(ctx: FeedContext): SocialSecurityEvent[] {
  const { prng, state, book } = ctx;
  const behind =
    state.intensity.tax_arrears > 0.4 || state.intensity.headcount_drop > 0.5 || state.stress > 1.6 || ctx.distressed;
  const arrears = behind ? book.headcount * prng.int(1_500, 4_000) * 100 * prng.int(1, 3) : 0;
  const events: SocialSecurityEvent[] = [
    {
      eventId: eventId(ctx, 'SSE', 0),
      firmCreditCode: ctx.creditCode,
      occurredAt: ctx.month.end,
      fund: 'social_security',
      insuredHeadcount: book.headcount,
      arrears: y(arrears),
    },
  ];
  if (ctx.month.month % 3 === 0) {
    events.push({
      eventId: eventId(ctx, 'HSF', 0),
      firmCreditCode: ctx.creditCode,
      occurredAt: ctx.month.end,
      fund: 'housing_fund',
      insuredHeadcount: Math.round(book.headcount * 0.9),
      arrears: y(arrears * 0.4),
    });
  }
  return events;
}

export function sentimentItems(ctx: FeedContext): SentimentItem[] {
  const { prng, state, setup } = ctx;
  const noisy = setup.traits.noisyPress ? 0.6 : 0;
  const negative = ctx.distressNow
    ? prng.int(5, 15)
    : prng.poisson(
        0.05 +
          noisy +
          1.8 * state.intensity.negative_sentiment +
          1.2 * Math.max(0, state.stress - 1) +
          0.4 * state.shock,
      );
  const neutral = prng.poisson(0.4);
  const positive = prng.poisson(state.stress < 0.5 ? 0.25 : 0.05);
  const items: SentimentItem[] = [];
  const add = (template: SentimentTemplate): void => {
    const day = prng.int(1, ctx.month.days);
    const at = `${dayOf(ctx.month, day)}T${String(prng.int(7, 23)).padStart(2, '0')}:${String(prng.int(0, 59)).padStart(2, '0')}:00+08:00`;
    const id = eventId(ctx, 'SNT', items.length);
    items.push({
      itemId: id,
      // Feeds cannot always attribute an item; then it is matched by name downstream.
      ...(prng.chance(0.8) ? { firmCreditCode: ctx.creditCode } : {}),
      source: prng.pick(SENTIMENT_SOURCES[template.channel]),
      channel: template.channel,
      title: fillTemplate(template.title, ctx.firmName, setup.controller.name),
      text: fillTemplate(template.text, ctx.firmName, setup.controller.name),
      publishedAt: at,
      url: `https://news.example.cn/item/${id.toLowerCase()}`,
    });
  };
  for (let k = 0; k < negative; k++) add(prng.pick(NEGATIVE_TEMPLATES));
  for (let k = 0; k < neutral; k++) add(prng.pick(NEUTRAL_TEMPLATES));
  for (let k = 0; k < positive; k++) add(prng.pick(POSITIVE_TEMPLATES));
  return items;
}
