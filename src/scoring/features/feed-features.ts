import type { CourtEvent, IsoDate, KeyPersonsRecord, RegistryEvent } from '../../ingest/schemas/records';
import { inWindow, isoDaysBefore, windowOf } from './dates';
import { yuan, type FirmHistory } from './firm-history';
import type { FeatureVector } from './feature-vector';
import { ratio, relativeChange } from './ratios';

const ADVERSE_REGISTRY: ReadonlySet<RegistryEvent['type']> = new Set([
  'abnormal_operation_list',
  'serious_violation_list',
  'capital_reduction',
  'deregistration',
]);
const FILED_CHANGES: ReadonlySet<RegistryEvent['type']> = new Set([
  'legal_representative_change',
  'address_change',
  'shareholder_change',
  'capital_reduction',
]);
const FREQUENT_CHANGES: ReadonlySet<RegistryEvent['type']> = new Set([
  'legal_representative_change',
  'address_change',
  'shareholder_change',
]);
const DISHONEST: ReadonlySet<CourtEvent['type']> = new Set(['dishonest_list', 'consumption_ban']);

function registryFeatures(h: FirmHistory, asOf: IsoDate, out: FeatureVector): void {
  const w180 = windowOf(asOf, 180);
  let adverse = 0;
  let changes = 0;
  for (const e of h.registry) {
    if (!inWindow(e.occurredAt, w180)) continue;
    if (ADVERSE_REGISTRY.has(e.type)) adverse += 1;
    if (FREQUENT_CHANGES.has(e.type)) changes += 1;
  }
  out.registry_adverse_180d = adverse;
  out.registry_changes_180d = changes;
  const filings = h.filings;
  if (!filings) return; // unknown whether changes were filed: 'no data', not "all filed"
  const dueBy = isoDaysBefore(asOf, 30);
  const oldest = isoDaysBefore(asOf, 365);
  let unfiled = 0;
  for (const e of h.registry) {
    if (!FILED_CHANGES.has(e.type) || e.occurredAt > dueBy || e.occurredAt <= oldest) continue;
    const deadline = isoDaysBefore(e.occurredAt, -30);
    const filed = filings.some((f) => f.changeType === e.type && f.filedAt >= e.occurredAt && f.filedAt <= deadline);
    if (!filed) unfiled += 1;
  }
  out.registry_unfiled_changes = unfiled;
}

function taxFeatures(h: FirmHistory, asOf: IsoDate, out: FeatureVector): void {
  const w365 = windowOf(asOf, 365);
  let events = 0;
  let arrears = 0;
  for (const e of h.tax) {
    if (!inWindow(e.occurredAt, w365)) continue;
    events += 1;
    if (e.type === 'arrears_notice') arrears += yuan(e.amount);
  }
  out.tax_events_365d = events;
  out.tax_arrears_amount_365d = arrears;
}

function keyPersonIds(records: readonly KeyPersonsRecord[], asOf: IsoDate): Set<string> {
  let current: KeyPersonsRecord | undefined;
  for (const r of records) if (r.asOf <= asOf && (!current || r.asOf >= current.asOf)) current = r;
  return new Set(current ? current.persons.map((p) => p.idNumber) : []);
}

function courtFeatures(h: FirmHistory, asOf: IsoDate, out: FeatureVector): void {
  const w90 = windowOf(asOf, 90);
  const w180 = windowOf(asOf, 180);
  const w365 = windowOf(asOf, 365);
  const persons = keyPersonIds(h.keyPersons, asOf);
  let cases90 = 0;
  let cases180 = 0;
  let enforcement = 0;
  let firmDishonest = false;
  let personDishonest = false;
  let lenderSuits = 0;
  for (const e of h.court) {
    if (!inWindow(e.occurredAt, w365)) continue;
    const againstFirm = e.subject === 'firm';
    // A key person's case counts only while the person is still a key person of the firm.
    const againstPerson =
      e.subject === 'key_person' && e.subjectIdNumber !== undefined && persons.has(e.subjectIdNumber);
    if (DISHONEST.has(e.type)) {
      if (againstFirm) firmDishonest = true;
      if (againstPerson) personDishonest = true;
    }
    if (!againstFirm) continue;
    if (e.type === 'enforcement') enforcement += yuan(e.amount);
    if (inWindow(e.occurredAt, w180)) cases180 += 1;
    if (inWindow(e.occurredAt, w90)) {
      cases90 += 1;
      if (e.type === 'lawsuit' && e.plaintiffRole === 'lender') lenderSuits += 1;
    }
  }
  out.court_cases_90d = cases90;
  out.court_cases_180d = cases180;
  out.court_enforcement_amount_365d = enforcement;
  const netAssets = out.net_assets;
  out.court_enforcement_ratio_365d = typeof netAssets === 'number' ? ratio(enforcement, netAssets) : null;
  out.court_firm_dishonest = firmDishonest;
  out.court_person_dishonest = personDishonest;
  out.court_lender_suits_90d = lenderSuits;
}

function socialSecurityFeatures(h: FirmHistory, asOf: IsoDate, out: FeatureVector): void {
  const social = h.socialSecurity.filter((e) => e.fund === 'social_security' && e.occurredAt <= asOf);
  if (social.length === 0) return;
  social.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  const latest = social[social.length - 1];
  out.ss_headcount = latest.insuredHeadcount;
  const quarterAgo = isoDaysBefore(latest.occurredAt, 85);
  const before = [...social].reverse().find((e) => e.occurredAt <= quarterAgo);
  out.ss_headcount_change_90d = before ? relativeChange(latest.insuredHeadcount, before.insuredHeadcount) : null;
  let arrears = yuan(latest.arrears);
  const housing = h.socialSecurity.filter((e) => e.fund === 'housing_fund' && e.occurredAt <= asOf);
  if (housing.length > 0) arrears += yuan(housing.reduce((a, b) => (b.occurredAt >= a.occurredAt ? b : a)).arrears);
  out.ss_arrears = arrears;
}

/** Government-feed features: registry (工商), tax (税务), courts (法院), social security (社保). */
export function feedFeatures(h: FirmHistory, asOf: IsoDate, out: FeatureVector): void {
  registryFeatures(h, asOf, out);
  taxFeatures(h, asOf, out);
  courtFeatures(h, asOf, out);
  socialSecurityFeatures(h, asOf, out);
}
