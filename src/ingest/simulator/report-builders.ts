// Monthly reports drawn from the hidden state. Amounts are whole fen in JS numbers (exact below
// 2^53) and formatted once; every part is derived from its total so the parts always add up and
// the report passes the semantic checks. A concealing firm under-reports its trouble here; the
// government feeds (gov-feeds.ts) do not lie.
import { fenToYuan } from '../schemas/yuan';
import { GuaranteeReport, MicroLoanReport, P2pReport, ReportHeader } from '../schemas/records';
import { SimMonth } from './calendar';
import { Counterparty, FirmSetup } from './firm-setup';
import { clamp, LatentState } from './latent-state';
import { Prng } from './prng';

/** Running balances carried from month to month. */
export interface FirmBook {
  size: number;
  netAssets: number;
  netAssetsPriorYearEnd: number;
  lenders: number;
  headcount: number;
  cumulativeAmount: number;
  cumulativeCount: number;
  cumulativeCompensation: number;
  cumulativeRecoveries: number;
  cumulativeLosses: number;
  feeIncomeYear: number;
}

export interface ReportContext {
  prng: Prng;
  setup: FirmSetup;
  book: FirmBook;
  state: LatentState;
  month: SimMonth;
  creditCode: string;
  distressed: boolean;
}

export function openBook(setup: FirmSetup): FirmBook {
  const t = setup.traits;
  return {
    size: t.size,
    netAssets: t.netAssets,
    netAssetsPriorYearEnd: t.netAssets,
    lenders: t.lenders,
    headcount: t.headcount,
    cumulativeAmount: t.size * 3,
    cumulativeCount: Math.max(1, Math.round((t.size * 3) / t.averageLoanFen)),
    cumulativeCompensation: 0,
    cumulativeRecoveries: 0,
    cumulativeLosses: 0,
    feeIncomeYear: 0,
  };
}

const y = (fen: number): string => fenToYuan(Math.max(0, Math.round(fen)));
const pct = (value: number): string => Math.max(0, value).toFixed(2);

function header(ctx: ReportContext): ReportHeader {
  return {
    reportId: `RPT-${ctx.creditCode}-${ctx.month.start.slice(0, 7).replace('-', '')}`,
    firmCreditCode: ctx.creditCode,
    periodType: 'monthly',
    periodStart: ctx.month.start,
    periodEnd: ctx.month.end,
  };
}

/** The overdue share of the book as it really is, and as the firm reports it. */
function overdueShares(ctx: ReportContext): { actual: number; reported: number } {
  const { state } = ctx;
  let actual =
    ctx.setup.traits.baseOverdue + 0.14 * state.intensity.rising_overdue + 0.03 * state.stress + 0.04 * state.shock;
  if (ctx.distressed) actual += 0.25;
  actual = clamp(actual, 0, 0.8);
  return { actual, reported: state.concealing ? actual * 0.35 : actual };
}

/** Month-end bookkeeping shared by all kinds: growth, net assets, year-end roll. */
function advanceBook(ctx: ReportContext, outflow: number, overdue: number): number {
  const { book, state, prng } = ctx;
  const growth =
    ctx.setup.traits.growth +
    prng.normal(0, 0.008) -
    0.08 * outflow -
    0.03 * Math.max(0, state.stress - 1) -
    (ctx.distressed ? 0.15 : 0);
  book.size = Math.max(100_000_00, Math.round(book.size * (1 + growth)));
  // Losses eat net assets; sound firms earn a little.
  book.netAssets = Math.round(book.netAssets * (1 + 0.004 - 0.05 * overdue * Math.max(0.2, state.stress)));
  if (ctx.month.month === 1) {
    book.netAssetsPriorYearEnd = book.netAssets;
    book.feeIncomeYear = 0;
  }
  book.headcount = Math.max(
    3,
    Math.round(
      book.headcount * (1 - 0.1 * state.intensity.headcount_drop - (ctx.distressed ? 0.3 : 0) + prng.normal(0, 0.01)),
    ),
  );
  return growth;
}

export function buildP2pReport(ctx: ReportContext): P2pReport {
  const { prng, state, book, setup } = ctx;
  const t = setup.traits;
  const i = state.intensity;
  const outflow = Math.max(i.net_outflow, ctx.distressed ? 1 : 0);
  const { actual, reported } = overdueShares(ctx);
  const growth = advanceBook(ctx, outflow, actual);
  const outstanding = book.size;
  const count = Math.max(1, Math.round(outstanding / t.averageLoanFen));
  const overdueAmount = Math.round(outstanding * reported);
  const overdueCount = Math.round(count * reported);
  const oldShare = clamp(0.1 + 0.1 * state.stress, 0.1, 0.5);
  const overdue = splitCountAmount(overdueCount, overdueAmount, [1 - 2 * oldShare, oldShare, oldShare]);
  const top10 = Math.round(outstanding * clamp(t.top10Share + 0.35 * i.concentration, 0, 0.85));
  const largest = Math.round(top10 * clamp(t.largestOfTop10 + 0.25 * i.concentration, 0.1, 0.7));
  const related = state.concealing ? 0 : Math.round(outstanding * 0.25 * i.related_party_lending);
  book.lenders = Math.max(10, Math.round(book.lenders * (1 + growth * 0.8 - 0.1 * outflow + prng.normal(0, 0.01))));
  const newLenders = Math.min(book.lenders, Math.round(book.lenders * prng.uniform(0.02, 0.05) * (1 - 0.85 * outflow)));
  const newLending = Math.round(outstanding * prng.uniform(0.12, 0.18) * (1 - 0.5 * outflow));
  const payouts = Math.max(0, Math.round(newLending - growth * outstanding));
  book.cumulativeAmount += newLending;
  book.cumulativeCount += Math.round(newLending / t.averageLoanFen);
  // A concealing platform quietly pays lenders for defaulted loans (代偿) to keep overdue low.
  const compensation = state.concealing ? Math.round(outstanding * (actual - reported) * prng.uniform(0.05, 0.15)) : 0;
  book.cumulativeCompensation += compensation;
  const delay = ctx.distressed
    ? prng.int(30, 120)
    : Math.max(0, Math.round((state.stress - 1.3) * 8 + (state.shock > 0.8 ? 2 : 0) + prng.normal(0, 0.3)));
  const lenderTerm =
    i.term_splitting > 0 ? Math.max(7, Math.round(t.loanTermDays * (1 - 0.75 * i.term_splitting))) : t.loanTermDays;
  return {
    ...header(ctx),
    outstanding: { count, amount: y(outstanding) },
    cumulative: {
      count: Math.max(count, book.cumulativeCount),
      amount: y(Math.max(outstanding, book.cumulativeAmount)),
    },
    lenderCount: book.lenders,
    newLenderCount: newLenders,
    borrowerCount: Math.max(1, Math.round(count * 0.8)),
    top10BorrowerBalance: y(top10),
    largestBorrowerBalance: y(largest),
    relatedPartyLoanBalance: y(related),
    overdue: { upTo90Days: overdue[0], from91To180Days: overdue[1], over180Days: overdue[2] },
    compensation: y(compensation),
    cumulativeCompensation: y(book.cumulativeCompensation),
    newLending: y(newLending),
    payouts: y(payouts),
    withdrawalDelayMaxDays: delay,
    withdrawalCapped: ctx.distressed || delay > 10,
    averageLoanTermDays: t.loanTermDays,
    averageLenderTermDays: lenderTerm,
    averageYield: pct(t.yieldPct + 6 * i.high_yield + 1.5 * Math.max(0, state.stress - 1)),
    custody: {
      bankName: t.bankName,
      balance: y(outstanding * prng.uniform(0.01, 0.04)),
      reconciledDaily: !(state.stress > 1.5 && prng.chance(0.5)),
    },
    fees: y(outstanding * 0.002),
    largeBorrowers: largeBorrowers(ctx, largest, related),
  };
}

/**
 * Splits a total into buckets by share, the last bucket taking the remainder; a bucket has items
 * exactly when it has an amount (the validator rejects one without the other).
 */
function splitCountAmount(
  totalCount: number,
  totalAmount: number,
  shares: number[],
): Array<{ count: number; amount: string }> {
  let restAmount = totalAmount;
  return shares.map((share, i) => {
    const amount = i === shares.length - 1 ? restAmount : Math.min(restAmount, Math.round(totalAmount * share));
    restAmount -= amount;
    return { count: amount > 0 ? Math.max(1, Math.round(totalCount * share)) : 0, amount: y(amount) };
  });
}

/** Borrowers above the P2P caps (¥200k natural, ¥1m legal), and the largest one above ¥200k; never above the largest balance. */
function largeBorrowers(ctx: ReportContext, largest: number, related: number): P2pReport['largeBorrowers'] {
  const list: P2pReport['largeBorrowers'] = [];
  const add = (party: Counterparty, fen: number): void => {
    list.push({ borrowerType: party.partyType, idNumber: party.idNumber, outstanding: y(Math.min(fen, largest)) });
  };
  const relatedCap = ctx.setup.relatedParty.partyType === 'legal_person' ? 1_000_000_00 : 200_000_00;
  if (related > relatedCap) add(ctx.setup.relatedParty, related);
  const legal = ctx.setup.counterparties.find((c) => c.partyType === 'legal_person');
  if (legal && largest > 200_000_00) add(legal, largest);
  const natural = ctx.setup.counterparties.find((c) => c.partyType === 'natural_person');
  if (natural && ctx.state.intensity.concentration > 0.3 && largest > 300_000_00)
    add(natural, ctx.prng.int(210_000, 300_000) * 100);
  return list;
}

export function buildMicroLoanReport(ctx: ReportContext): MicroLoanReport {
  const { prng, state, book, setup } = ctx;
  const t = setup.traits;
  const i = state.intensity;
  const { actual, reported } = overdueShares(ctx);
  advanceBook(ctx, 0, actual);
  const loans = book.size;
  const n = book.netAssets;
  // Five categories from the reported bad share; normal takes the remainder so they add up exactly.
  const loss = Math.round(loans * reported * 0.15);
  const doubtful = Math.round(loans * reported * 0.25);
  const substandard = Math.round(loans * reported * 0.6);
  const specialMention = Math.round(loans * clamp(0.02 + reported, 0, 0.15));
  const normal = loans - loss - doubtful - substandard - specialMention;
  const largest = Math.min(
    loans,
    Math.round(Math.max(n, 0) * clamp(t.singleBorrowerShare + 0.1 * i.concentration, 0.01, 0.3)),
  );
  const withRelated = Math.min(
    loans,
    Math.round(largest * (1 + prng.uniform(0, 0.3) + (state.concealing ? 0 : 0.8 * i.related_party_lending))),
  );
  const required = Math.round(0.01 * normal + 0.02 * specialMention + 0.25 * substandard + 0.5 * doubtful + loss);
  const cover = clamp(t.provisionCover - 0.35 * state.stress, 0.3, 2);
  const newAmount = Math.round(loans * prng.uniform(0.08, 0.14));
  const newCount = Math.max(3, Math.round(newAmount / t.averageLoanFen));
  const above24Share = i.high_yield > 0.3 ? 0.3 * i.high_yield : 0;
  const midShare = t.yieldPct > 12.4 || i.high_yield > 0 ? 0.35 : 0.05;
  // A bucket with no loans has no amount, and the reverse.
  const bucket = (share: number): { count: number; amount: number } => {
    const n = Math.round(newCount * share);
    return { count: n, amount: n > 0 ? Math.round(newAmount * share) : 0 };
  };
  const above24 = bucket(above24Share);
  const mid = bucket(midShare);
  const low = { count: newCount - above24.count - mid.count, amount: newAmount - above24.amount - mid.amount };
  const maxCost =
    above24.count > 0 ? prng.uniform(24.5, 36) : mid.count > 0 ? prng.uniform(12.5, 23.9) : prng.uniform(8, 12.4);
  const upfront = i.high_yield > 0.5 && prng.chance(0.5) ? prng.int(1, 20) : 0;
  const outOfProvince = i.related_party_lending > 0.5 && prng.chance(0.3) ? prng.int(1, 5) : 0;
  const cn = (count: number, fen: number): { count: number; amount: string } => ({ count, amount: y(fen) });
  return {
    ...header(ctx),
    netAssets: fenToYuan(n),
    netAssetsPriorYearEnd: fenToYuan(book.netAssetsPriorYearEnd),
    loans: cn(Math.max(1, Math.round(loans / t.averageLoanFen)), loans),
    largestBorrowerBalance: y(largest),
    largestBorrowerWithRelatedBalance: y(withRelated),
    nonStandardBorrowing: {
      bank: y(n * 0.4),
      shareholder: y(n * (0.1 + 0.3 * i.related_party_lending)),
      other: y(n * 0.05),
    },
    standardisedBorrowing: { bonds: y(0), abs: y(t.online ? n * 0.8 : 0) },
    loanClassification: {
      normal: y(normal),
      specialMention: y(specialMention),
      substandard: y(substandard),
      doubtful: y(doubtful),
      loss: y(loss),
    },
    overdue90PlusBalance: y(Math.round(substandard * 0.5) + doubtful + loss),
    provisionRequired: y(required),
    provisionActual: y(required * cover),
    newLoans: {
      lprOneYear: '3.00',
      atMostFourLpr: cn(low.count, low.amount),
      aboveFourLprUpTo24: cn(mid.count, mid.amount),
      above24: cn(above24.count, above24.amount),
      maxAllInCost: pct(maxCost),
    },
    upfrontDeductions: cn(upfront, upfront * t.averageLoanFen * 0.05),
    outOfProvinceLoans: cn(outOfProvince, outOfProvince * t.averageLoanFen),
    online: {
      maxConsumerBalance: y(t.online ? prng.int(50_000, 200_000) * 100 : 0),
      maxBusinessBalance: y(t.online ? prng.int(1_000_000, 10_000_000) * 100 : 0),
    },
  };
}

export function buildGuaranteeReport(ctx: ReportContext): GuaranteeReport {
  const { prng, state, book, setup } = ctx;
  const t = setup.traits;
  const i = state.intensity;
  const { actual } = overdueShares(ctx);
  advanceBook(ctx, 0, actual);
  const liability = book.size;
  const n = book.netAssets;
  const small = Math.round(liability * (t.mainlySmallMicro ? 0.6 : 0.25));
  const housing = Math.round(liability * 0.1);
  const bonds = Math.round(liability * 0.05);
  const largest = Math.min(
    liability,
    Math.round(Math.max(n, 0) * clamp(t.singleBorrowerShare + 0.1 * i.concentration, 0.01, 0.3)),
  );
  const withRelated = Math.min(liability, Math.round(largest * (1 + prng.uniform(0, 0.3))));
  const related = state.concealing
    ? 0
    : Math.min(liability, Math.round(Math.max(n, 0) * 0.3 * i.related_party_lending));
  // Defaults of guaranteed borrowers turn into compensation (代偿); a concealing firm reports half.
  const trueCompensation = Math.round(
    liability * (0.0005 + 0.006 * i.rising_overdue + 0.002 * state.stress + (ctx.distressed ? 0.02 : 0)),
  );
  const compensation = state.concealing ? Math.round(trueCompensation / 2) : trueCompensation;
  book.cumulativeCompensation += compensation;
  book.cumulativeRecoveries += Math.round(compensation * prng.uniform(0.1, 0.35));
  book.cumulativeLosses += Math.round(compensation * prng.uniform(0.02, 0.1));
  const receivable = book.cumulativeCompensation - book.cumulativeRecoveries - book.cumulativeLosses;
  const totalAssets = Math.max(Math.round(Math.max(n, 0) * prng.uniform(1.15, 1.4)), receivable * 2, n);
  const rest = totalAssets - receivable;
  const classI = Math.round(rest * clamp(0.35 - 0.2 * i.related_party_lending - 0.05 * state.stress, 0.05, 0.5));
  const classII = Math.round(rest * 0.4);
  book.feeIncomeYear += Math.round(liability * 0.0012);
  const reserveCut = clamp(1 - 0.25 * state.stress, 0.5, 1);
  return {
    ...header(ctx),
    netAssets: fenToYuan(n),
    paidInCapital: y(t.netAssets * 0.9),
    totalAssets: fenToYuan(totalAssets),
    guaranteeLiability: {
      smallMicroAndFarmers: y(small),
      housing: y(housing),
      bondsAaPlus: y(bonds),
      other: y(liability - small - housing - bonds),
    },
    mainlySmallMicroAndRural: t.mainlySmallMicro,
    largestGuaranteedBalance: y(largest),
    largestGuaranteedWithRelatedBalance: y(withRelated),
    relatedPartyGuaranteeBalance: y(related),
    assets: {
      classI: y(classI),
      classII: y(classII),
      classIII: y(rest - classI - classII),
      receivableCompensation: y(receivable),
    },
    feeIncomeYear: y(book.feeIncomeYear),
    unearnedRiskReserve: y(book.feeIncomeYear * 0.55 * reserveCut),
    claimsReserve: y(liability * 0.012 * reserveCut),
    compensation: y(compensation),
    cumulativeCompensation: y(book.cumulativeCompensation),
    cumulativeRecoveries: y(book.cumulativeRecoveries),
    cumulativeLosses: y(book.cumulativeLosses),
    releasedGuarantees: y(liability * prng.uniform(0.06, 0.1)),
  };
}
