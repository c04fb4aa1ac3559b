/** [first instant, first instant of the next) of the calendar month of `at` in China Standard Time. */
export function monthOf(at: Date): [Date, Date] {
  const local = new Date(at.getTime() + 8 * 3_600_000);
  const start = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - 8 * 3_600_000;
  const end = Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1) - 8 * 3_600_000;
  return [new Date(start), new Date(end)];
}
