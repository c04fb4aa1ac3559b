// Semantic checks of the three periodic reports, run after the schema passed: figures that
// cannot all be true at once (parts larger than their whole, a top-10 smaller than the top-1).
// Money is compared exactly on BigInt fen.
import { FieldProblem } from '../../platform/errors/domain-error';
import { periodProblems } from './period-checks';
import { personIdProblem } from './person-id';
import { CountAmount, GuaranteeReport, MicroLoanReport, P2pReport } from './records';
import { Fen, formatYuan, parseYuan } from './yuan';

const fen = parseYuan;

/** 暂行办法 art. 17: the lowest per-borrower cap (one natural person, one platform), yuan in fen. */
const LOWEST_BORROWER_CAP = fen('200000');
const show = (amount: Fen): string => `${formatYuan(amount)} yuan`;

/** A count without an amount (or the reverse) is impossible: zero items cannot sum to money. */
export function countAmountProblems(pointer: string, value: CountAmount): FieldProblem[] {
  const amount = fen(value.amount);
  if (value.count === 0 && amount > 0n)
    return [{ pointer: `${pointer}/count`, detail: `is 0 while the amount is ${show(amount)}` }];
  if (value.count > 0 && amount === 0n)
    return [{ pointer: `${pointer}/amount`, detail: `is 0 while the count is ${value.count}` }];
  return [];
}

/** `part` must not exceed `whole`; one problem at `pointer` otherwise. */
function notAbove(pointer: string, part: Fen, partName: string, whole: Fen, wholeName: string): FieldProblem[] {
  return part > whole
    ? [{ pointer, detail: `${partName} (${show(part)}) cannot exceed ${wholeName} (${show(whole)})` }]
    : [];
}

export function p2pReportProblems(r: P2pReport): FieldProblem[] {
  const outstanding = fen(r.outstanding.amount);
  const top10 = fen(r.top10BorrowerBalance);
  const largest = fen(r.largestBorrowerBalance);
  const buckets = [r.overdue.upTo90Days, r.overdue.from91To180Days, r.overdue.over180Days];
  const overdue = buckets.reduce((sum, b) => sum + fen(b.amount), 0n);
  const overdueCount = buckets.reduce((sum, b) => sum + b.count, 0);
  const problems: FieldProblem[] = [
    ...periodProblems(r),
    ...countAmountProblems('/outstanding', r.outstanding),
    ...countAmountProblems('/cumulative', r.cumulative),
    ...countAmountProblems('/overdue/upTo90Days', r.overdue.upTo90Days),
    ...countAmountProblems('/overdue/from91To180Days', r.overdue.from91To180Days),
    ...countAmountProblems('/overdue/over180Days', r.overdue.over180Days),
    ...notAbove(
      '/overdue',
      overdue,
      'the overdue amounts of all buckets together',
      outstanding,
      'the outstanding amount /outstanding/amount',
    ),
    ...(overdueCount > r.outstanding.count
      ? [
          {
            pointer: '/overdue',
            detail: `the overdue counts of all buckets together (${overdueCount}) cannot exceed the outstanding count /outstanding/count (${r.outstanding.count})`,
          },
        ]
      : []),
    ...(top10 < largest
      ? [
          {
            pointer: '/top10BorrowerBalance',
            detail: `the ten largest borrowers (${show(top10)}) cannot owe less than the largest one alone, /largestBorrowerBalance (${show(largest)})`,
          },
        ]
      : []),
    ...notAbove(
      '/top10BorrowerBalance',
      top10,
      'the ten largest borrowers',
      outstanding,
      'the outstanding amount /outstanding/amount',
    ),
    ...notAbove(
      '/relatedPartyLoanBalance',
      fen(r.relatedPartyLoanBalance),
      'related-party loans',
      outstanding,
      'the outstanding amount /outstanding/amount',
    ),
    ...notAbove(
      '/cumulative/amount',
      outstanding,
      'the outstanding amount',
      fen(r.cumulative.amount),
      'the cumulative amount lent',
    ),
    ...(r.cumulative.count < r.outstanding.count
      ? [
          {
            pointer: '/cumulative/count',
            detail: `the cumulative count (${r.cumulative.count}) cannot be below the outstanding count (${r.outstanding.count})`,
          },
        ]
      : []),
    ...notAbove(
      '/cumulativeCompensation',
      fen(r.compensation),
      'compensation in the period',
      fen(r.cumulativeCompensation),
      'cumulative compensation',
    ),
    ...(r.newLenderCount > r.lenderCount
      ? [
          {
            pointer: '/newLenderCount',
            detail: `new lenders (${r.newLenderCount}) cannot outnumber all lenders of the period, /lenderCount (${r.lenderCount})`,
          },
        ]
      : []),
  ];
  problems.push(...unnamedLargestBorrower(r, largest));
  r.largeBorrowers.forEach((b, i) => {
    problems.push(
      ...notAbove(
        `/largeBorrowers/${i}/outstanding`,
        fen(b.outstanding),
        "this borrower's outstanding",
        largest,
        'the largest borrower /largestBorrowerBalance',
      ),
    );
    const idProblem = personIdProblem(b.borrowerType, b.idNumber);
    if (idProblem) problems.push({ pointer: `/largeBorrowers/${i}/idNumber`, detail: idProblem });
  });
  return problems;
}

/**
 * Above ¥200,000 the largest borrower may breach P2P-01 (natural person) or not (a legal person
 * under ¥1m): only the list says which, so it must name that borrower. A report that leaves the
 * largest borrower out would let a breach pass silently. (A listed one above the largest is its
 * own problem, reported below.)
 */
function unnamedLargestBorrower(r: P2pReport, largest: Fen): FieldProblem[] {
  if (largest <= LOWEST_BORROWER_CAP || r.largeBorrowers.some((b) => fen(b.outstanding) >= largest)) return [];
  const why = `the largest borrower owes ${show(largest)}, above the ${show(LOWEST_BORROWER_CAP)} cap for one natural person (P2P-01), so /largeBorrowers must list that borrower with its type and id`;
  return [
    { pointer: '/largestBorrowerBalance', detail: `${why}; no entry of /largeBorrowers has this outstanding` },
    {
      pointer: '/largeBorrowers',
      detail: `lists no borrower with the outstanding of /largestBorrowerBalance (${show(largest)}); ${why}`,
    },
  ];
}

export function microLoanReportProblems(r: MicroLoanReport): FieldProblem[] {
  const loans = fen(r.loans.amount);
  const c = r.loanClassification;
  const classified = [c.normal, c.specialMention, c.substandard, c.doubtful, c.loss].reduce(
    (sum, v) => sum + fen(v),
    0n,
  );
  const largest = fen(r.largestBorrowerBalance);
  const withRelated = fen(r.largestBorrowerWithRelatedBalance);
  const n = r.newLoans;
  const maxCost = Number(n.maxAllInCost);
  return [
    ...periodProblems(r),
    ...countAmountProblems('/loans', r.loans),
    ...countAmountProblems('/newLoans/atMostFourLpr', n.atMostFourLpr),
    ...countAmountProblems('/newLoans/aboveFourLprUpTo24', n.aboveFourLprUpTo24),
    ...countAmountProblems('/newLoans/above24', n.above24),
    ...countAmountProblems('/upfrontDeductions', r.upfrontDeductions),
    ...countAmountProblems('/outOfProvinceLoans', r.outOfProvinceLoans),
    ...(classified !== loans
      ? [
          {
            pointer: '/loanClassification',
            detail: `the five categories add up to ${show(classified)}, but /loans/amount is ${show(loans)}; they must be equal`,
          },
        ]
      : []),
    ...notAbove(
      '/overdue90PlusBalance',
      fen(r.overdue90PlusBalance),
      'loans overdue 90+ days',
      loans,
      'all loans /loans/amount',
    ),
    ...notAbove(
      '/largestBorrowerBalance',
      largest,
      'the largest borrower',
      withRelated,
      'the same borrower with its related parties /largestBorrowerWithRelatedBalance',
    ),
    ...notAbove(
      '/largestBorrowerWithRelatedBalance',
      withRelated,
      'the largest borrower with related parties',
      loans,
      'all loans /loans/amount',
    ),
    ...notAbove(
      '/outOfProvinceLoans/amount',
      fen(r.outOfProvinceLoans.amount),
      'out-of-province loans',
      loans,
      'all loans /loans/amount',
    ),
    // maxAllInCost is a percentage with at most 4 decimals; comparing it with 24 in floating point is exact enough.
    ...(n.above24.count > 0 && maxCost <= 24
      ? [
          {
            pointer: '/newLoans/maxAllInCost',
            detail: `is ${n.maxAllInCost} %, but /newLoans/above24 reports ${n.above24.count} loans above 24 %`,
          },
        ]
      : []),
    ...(n.above24.count === 0 && maxCost > 24
      ? [
          {
            pointer: '/newLoans/maxAllInCost',
            detail: `is ${n.maxAllInCost} %, above 24 %, but /newLoans/above24 reports no such loans`,
          },
        ]
      : []),
  ];
}

export function guaranteeReportProblems(r: GuaranteeReport): FieldProblem[] {
  const g = r.guaranteeLiability;
  const liability = [g.smallMicroAndFarmers, g.housing, g.bondsAaPlus, g.other].reduce((sum, v) => sum + fen(v), 0n);
  const a = r.assets;
  const classified = [a.classI, a.classII, a.classIII, a.receivableCompensation].reduce((sum, v) => sum + fen(v), 0n);
  const totalAssets = fen(r.totalAssets);
  const cumulative = fen(r.cumulativeCompensation);
  return [
    ...periodProblems(r),
    ...notAbove('/netAssets', fen(r.netAssets), 'net assets', totalAssets, 'total assets /totalAssets'),
    ...notAbove(
      '/assets',
      classified,
      'the asset classes and receivable compensation together',
      totalAssets,
      'total assets /totalAssets',
    ),
    ...notAbove(
      '/largestGuaranteedBalance',
      fen(r.largestGuaranteedBalance),
      'the largest guaranteed party',
      fen(r.largestGuaranteedWithRelatedBalance),
      'the same party with its related parties /largestGuaranteedWithRelatedBalance',
    ),
    ...notAbove(
      '/largestGuaranteedWithRelatedBalance',
      fen(r.largestGuaranteedWithRelatedBalance),
      'the largest guaranteed party with related parties',
      liability,
      'the whole guarantee liability /guaranteeLiability',
    ),
    ...notAbove(
      '/relatedPartyGuaranteeBalance',
      fen(r.relatedPartyGuaranteeBalance),
      'related-party guarantees',
      liability,
      'the whole guarantee liability /guaranteeLiability',
    ),
    ...notAbove(
      '/cumulativeCompensation',
      fen(r.compensation),
      'compensation in the period',
      cumulative,
      'cumulative compensation',
    ),
    ...notAbove(
      '/cumulativeRecoveries',
      fen(r.cumulativeRecoveries) + fen(r.cumulativeLosses),
      'cumulative recoveries plus cumulative losses',
      cumulative,
      'cumulative compensation /cumulativeCompensation',
    ),
  ];
}
