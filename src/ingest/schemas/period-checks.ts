import { beijingDate } from '../../platform/beijing-time';
// A report's period must be one whole calendar day, month, quarter or year, matching its type:
// the same firm, kind and period identify a report (a later one is a correction), so periods
// must line up exactly, not merely overlap.
import { FieldProblem } from '../../platform/errors/domain-error';
import { ReportHeader } from './records';

export function periodProblems(header: ReportHeader, today = beijingDate()): FieldProblem[] {
  const { periodStart: start, periodEnd: end, periodType: type } = header;
  if (end < start) return [{ pointer: '/periodEnd', detail: `must not be before periodStart (${start}), got ${end}` }];
  // A report covers a finished period: a future or running one (this month) would become the
  // firm's latest report with figures that cannot be known yet.
  if (end >= today)
    return [
      { pointer: '/periodEnd', detail: `the period must be over: it ends ${end}, but today is ${today} (China time)` },
    ];
  const [year, month, day] = start.split('-').map(Number);
  const problems: FieldProblem[] = [];
  let expectedEnd: string;
  switch (type) {
    case 'daily':
      expectedEnd = start;
      break;
    case 'monthly':
      if (day !== 1)
        problems.push({
          pointer: '/periodStart',
          detail: `a monthly report must start on the first day of a month, got ${start}`,
        });
      expectedEnd = lastDay(year, month);
      break;
    case 'quarterly':
      if (day !== 1 || (month - 1) % 3 !== 0)
        problems.push({
          pointer: '/periodStart',
          detail: `a quarterly report must start on 1 January, April, July or October, got ${start}`,
        });
      expectedEnd = lastDay(year, Math.ceil(month / 3) * 3);
      break;
    case 'annual':
      if (day !== 1 || month !== 1)
        problems.push({ pointer: '/periodStart', detail: `an annual report must start on 1 January, got ${start}` });
      expectedEnd = lastDay(year, 12);
      break;
  }
  if (end !== expectedEnd) {
    const what =
      type === 'daily'
        ? 'a daily report covers one day, so periodEnd must equal periodStart'
        : `a ${type} report starting ${start} must end on ${expectedEnd}`;
    problems.push({ pointer: '/periodEnd', detail: `${what}, got ${end}` });
  }
  return problems;
}

function lastDay(year: number, month: number): string {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(days).padStart(2, '0')}`;
}
