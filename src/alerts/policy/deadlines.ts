import type { AlertTier } from '../../scoring/grading/alert-tier';
import type { WorkingDayCalendar } from './working-day-calendar';

/** A time limit: calendar hours, or working days ending at 24:00 Beijing of the last one. */
export type Deadline = { hours: number } | { workingDays: number };

/** 确认时限 per tier (docs/regulations.md (alert tiers)). */
export const ACK_DEADLINES: Readonly<Record<AlertTier, Deadline & { duty: string }>> = {
  blue: { workingDays: 5, duty: '5个工作日内核查' },
  yellow: { workingDays: 3, duty: '3个工作日内监管约谈' },
  orange: { hours: 24, duty: '24小时内现场检查' },
  red: { hours: 1, duty: '1小时内电话报告，2小时内书面报告' },
};

export function deadlineAfter(deadline: Deadline, from: Date, calendar: WorkingDayCalendar): Date {
  if ('hours' in deadline) return new Date(from.getTime() + deadline.hours * 3600_000);
  return calendar.endOfWorkingDays(from, deadline.workingDays);
}

export function ackDeadline(tier: AlertTier, from: Date, calendar: WorkingDayCalendar): Date {
  return deadlineAfter(ACK_DEADLINES[tier], from, calendar);
}
