// Synthetic firms for tests, demos and for training the distress model. Deterministic: the same
// options give the same trajectories.
//
// THE GENERATIVE STORY (what the model learns from)
//
// 1. Each firm is a P2P platform, a micro-loan company or a financing guarantee company in 杭州市
//    (330100) or one of its districts, with a controller (实际控制人), key persons, a few large
//    counterparties and fixed traits (size, base overdue rate, yield, concentration, headcount).
//    About one firm in five shares its controller with an earlier firm (同一实控人).
// 2. A firm is 'healthy' or 'deteriorating'. A deteriorating firm draws 2-4 ROOT CAUSES from
//    rising_overdue, concentration, related_party_lending (自融), net_outflow, term_splitting,
//    high_yield, court_cases, tax_arrears, headcount_drop, negative_sentiment (P2P-only causes
//    such as term splitting are not drawn for other kinds), an onset month, and for each cause
//    a start (onset + 0-3 months) and a ramp speed. A cause's intensity rises 0 -> 1.
// 3. A hidden STRESS integrates the causes: stress(t) = 0.72 stress(t-1) + sum(weight x intensity)
//    + noise. Stress feeds back: above 1 it makes lenders leave (net outflow), news turn negative,
//    lawsuits and enforcement cases appear and staff leave, even where those were not root causes.
// 4. DISTRESS arises from stress, not from a coin flipped in advance: each month the firm fails
//    with probability sigmoid(4 (stress - 2.1)). The kind and causes decide how it shows: a P2P
//    platform with outflow or term splitting has a run (挤兑), otherwise a payout stop (兑付困难);
//    a micro-lender with related-party lending, high yields or tax arrears loses its licence
//    (吊销), otherwise it closes; a guarantor with related-party guarantees loses its licence, one
//    with rising defaults stops paying its guarantees, others close. A deteriorating firm whose
//    stress stays below the zone within the horizon has distressMonth null.
// 5. What the bureau sees is drawn from the hidden state each month: the firm's own report, 1-2
//    contracts, registry/tax/court/social-security events and news. About 40 % of deteriorating
//    firms CONCEAL until their stress passes a reveal level: they report a third of the real
//    overdue, no related-party balance, half the guarantee compensation, and quietly compensate
//    lenders (代偿). Government feeds, contracts (the related party appears as a borrower) and
//    news are not concealed, so they lead the reports for those firms.
// 6. NOISE AND CONFOUNDERS: healthy firms get temporary shocks (a bad month of overdue, a
//    two-day withdrawal delay, a lawsuit, a rumour that the firm denies) that decay within months;
//    15 % of firms have structurally high yields or concentration yet never fail; 10 % attract
//    complaints all the time; a few healthy firms get a tax arrears notice.
// 7. After a run or payout stop the firm keeps reporting for up to 2 more months (wind-down,
//    distressed = true); after closure or licence revocation its trajectory ends that month.
import { FirmKind, FIRM_KINDS } from '../../firms/firm.entity';
import {
  ContractRecord,
  CourtEvent,
  GuaranteeReport,
  IsoDate,
  KeyPersonsRecord,
  MicroLoanReport,
  P2pReport,
  RegistryEvent,
  SentimentItem,
  SocialSecurityEvent,
  TaxEvent,
} from '../schemas/records';
import { simMonth } from './calendar';
import { monthlyContracts } from './contracts';
import {
  Counterparty,
  ControllerPool,
  drawController,
  drawCounterparties,
  drawTraits,
  FirmSetup,
  keyPersonsFor,
} from './firm-setup';
import { courtEvents, FeedContext, registryEvents, sentimentItems, socialSecurityEvents, taxEvents } from './gov-feeds';
import { IdentityFactory } from './identities';
import { DistressCause, distressTypeFor, DistressType, LatentState, planCauses, stepState } from './latent-state';
import { Prng } from './prng';
import {
  buildGuaranteeReport,
  buildMicroLoanReport,
  buildP2pReport,
  FirmBook,
  openBook,
  ReportContext,
} from './report-builders';

export { DISTRESS_CAUSES } from './latent-state';
export type { DistressCause, DistressType } from './latent-state';

export interface SimulatedFirm {
  creditCode: string;
  name: string;
  kind: FirmKind;
  regionCode: string;
  profile: 'healthy' | 'deteriorating';
  /** Root causes drawn for a deteriorating firm (emergent symptoms are not listed); [] when healthy. */
  causes: DistressCause[];
  /** Month index when distress happens, null if never within the horizon. */
  distressMonth: number | null;
  distressType?: DistressType;
}

export interface FirmMonth {
  month: number;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  report: P2pReport | MicroLoanReport | GuaranteeReport;
  contracts: ContractRecord[];
  registry: RegistryEvent[];
  tax: TaxEvent[];
  court: CourtEvent[];
  socialSecurity: SocialSecurityEvent[];
  sentiment: SentimentItem[];
  /** True from the distress month on. */
  distressed: boolean;
}

export interface FirmTrajectory {
  firm: SimulatedFirm;
  keyPersons: KeyPersonsRecord;
  months: FirmMonth[];
}

export interface SimulationOptions {
  seed: number;
  firms: number;
  months: number;
  /** YYYY-MM of month index 0. */
  startMonth: string;
  /** Share of firms that deteriorate; 0.3 by default. */
  deterioratingShare?: number;
  regionCodes?: string[];
}

/** 杭州市 and its districts/counties (GB/T 2260). */
export const HANGZHOU_REGION_CODES = [
  '330100',
  '330102',
  '330105',
  '330106',
  '330108',
  '330109',
  '330110',
  '330111',
  '330112',
  '330113',
  '330114',
  '330122',
  '330127',
  '330182',
];

const BANK_NAMES = [
  '中国工商银行股份有限公司杭州分行',
  '中国建设银行股份有限公司浙江省分行',
  '杭州银行股份有限公司',
  '浙商银行股份有限公司',
  '杭州联合农村商业银行股份有限公司',
];

export function simulateTrajectories(options: SimulationOptions): FirmTrajectory[] {
  const { seed, firms, months, startMonth } = options;
  if (!Number.isInteger(firms) || firms < 0) throw new Error(`firms must be a non-negative integer, got ${firms}`);
  if (!Number.isInteger(months) || months < 1) throw new Error(`months must be a positive integer, got ${months}`);
  simMonth(startMonth, 0); // validates startMonth early
  const regions = options.regionCodes?.length ? options.regionCodes : HANGZHOU_REGION_CODES;
  const master = new Prng(seed);
  const ids = new IdentityFactory(master);
  const pool: ControllerPool = { people: [] };
  const banks: Counterparty[] = BANK_NAMES.map((name) => ({
    name,
    partyType: 'legal_person',
    idNumber: ids.creditCode('330100'),
  }));
  // Exactly round(share x N) deteriorating firms, spread at random over the kinds.
  const deteriorating = new Set(
    master.sample([...Array(firms).keys()], Math.round(firms * (options.deterioratingShare ?? 0.3))),
  );
  const trajectories: FirmTrajectory[] = [];
  for (let index = 0; index < firms; index++) {
    const kind = FIRM_KINDS[index % FIRM_KINDS.length];
    const regionCode = master.pick(regions);
    const creditCode = ids.creditCode(regionCode);
    const name = ids.firmName(kind);
    const prng = Prng.derive(seed, index);
    const { controller, otherFirm } = drawController(master, ids, pool, regionCode, creditCode, name);
    const shell: Counterparty = {
      name: ids.shellName(),
      partyType: 'legal_person',
      idNumber: ids.creditCode(regionCode),
    };
    const relatedParty: Counterparty =
      otherFirm ??
      (master.chance(0.7)
        ? shell
        : { name: controller.name, partyType: 'natural_person', idNumber: controller.idNumber });
    const asOf = simMonth(startMonth, 0).start;
    const setup: FirmSetup = {
      controller,
      keyPersons: keyPersonsFor(master, ids, { creditCode, regionCode, asOf, controller, holding: shell }),
      relatedParty,
      counterparties: drawCounterparties(ids, regionCode, 3),
      traits: drawTraits(prng, kind),
      plan: deteriorating.has(index) ? planCauses(prng, kind, months) : null,
    };
    const firm: SimulatedFirm = {
      creditCode,
      name,
      kind,
      regionCode,
      profile: setup.plan ? 'deteriorating' : 'healthy',
      causes: setup.plan?.causes ?? [],
      distressMonth: null,
    };
    trajectories.push({
      firm,
      keyPersons: setup.keyPersons,
      months: simulateMonths(prng, firm, setup, banks, startMonth, months),
    });
  }
  return trajectories;
}

function simulateMonths(
  prng: Prng,
  firm: SimulatedFirm,
  setup: FirmSetup,
  banks: Counterparty[],
  startMonth: string,
  months: number,
): FirmMonth[] {
  const book: FirmBook = openBook(setup);
  const result: FirmMonth[] = [];
  let state: LatentState | null = null;
  for (let m = 0; m < months; m++) {
    state = stepState(prng, firm.kind, setup.plan, state, m);
    let distressNow = false;
    if (setup.plan && firm.distressMonth === null && m >= 1 && prng.chance(state.hazard)) {
      firm.distressMonth = m;
      firm.distressType = distressTypeFor(prng, firm.kind, setup.plan.causes);
      distressNow = true;
    }
    const distressed = firm.distressMonth !== null;
    const month = simMonth(startMonth, m);
    const ctx: FeedContext = {
      prng,
      setup,
      book,
      state,
      month,
      distressed,
      distressNow,
      creditCode: firm.creditCode,
      firmName: firm.name,
      regionCode: firm.regionCode,
      kind: firm.kind,
      distressType: firm.distressType ?? null,
    };
    result.push({
      month: m,
      periodStart: month.start,
      periodEnd: month.end,
      report: buildReport(firm.kind, ctx),
      contracts: monthlyContracts(ctx, banks),
      registry: registryEvents(ctx),
      tax: taxEvents(ctx),
      court: courtEvents(ctx),
      socialSecurity: socialSecurityEvents(ctx),
      sentiment: sentimentItems(ctx),
      distressed,
    });
    const tail = firm.distressType === 'run' || firm.distressType === 'payout_stop' ? 2 : 0;
    if (firm.distressMonth !== null && m >= firm.distressMonth + tail) break;
  }
  return result;
}

function buildReport(kind: FirmKind, ctx: ReportContext): P2pReport | MicroLoanReport | GuaranteeReport {
  switch (kind) {
    case 'p2p_lending':
      return buildP2pReport(ctx);
    case 'micro_loan':
      return buildMicroLoanReport(ctx);
    case 'financing_guarantee':
      return buildGuaranteeReport(ctx);
  }
}
