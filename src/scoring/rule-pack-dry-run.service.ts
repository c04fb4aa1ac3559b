import { Injectable } from '@nestjs/common';
import type { IsoDate } from '../ingest/schemas/records';
import { ValidationFailed } from '../platform/errors/domain-error';
import { computeFeatures } from './features/compute-features';
import { isoDaysBefore } from './features/dates';
import type { MarketContext } from './features/firm-history';
import { HistoryLoader, HISTORY_DAYS } from './persistence/history-loader';
import { dryRun, type DryRunReport } from './rules/dry-run';
import { packAppliesTo } from './rules/rule-engine';
import { RulePacksService } from './rule-packs.service';
import { todayInChina } from './scoring.service';

/** The last day of each of the `n` months before the one `date` is in, oldest first. */
export function previousMonthEnds(date: IsoDate, n: number): IsoDate[] {
  const [y, m] = date.split('-').map(Number);
  return Array.from({ length: n }, (_, i) => new Date(Date.UTC(y, m - 1 - (n - 1 - i), 0)).toISOString().slice(0, 10));
}

/** dryRun (rules/dry-run.ts) of a stored pack version against the active one, over every firm's stored history. */
@Injectable()
export class RulePackDryRunService {
  constructor(
    private readonly packs: RulePacksService,
    private readonly loader: HistoryLoader,
  ) {}

  async run(
    pack: string,
    version: number,
    options: { dates?: IsoDate[]; maxChanges?: number },
  ): Promise<DryRunReport & { dates: IsoDate[]; firms: number }> {
    const today = todayInChina();
    const dates = [...new Set(options.dates ?? [...previousMonthEnds(today, 3), today])].sort();
    const late = dates.filter((d) => d > today);
    if (late.length > 0)
      throw new ValidationFailed(
        'dry-run dates must not be in the future',
        late.map((d) => ({ pointer: '/dates', detail: `${d} is after today (${today})` })),
      );
    const { candidate, active } = await this.packs.candidateAndActive(pack, version);
    const firms = (await this.loader.firms()).filter((f) => packAppliesTo(candidate, f.kind));
    const histories = await this.loader.histories(
      firms,
      dates[dates.length - 1],
      isoDaysBefore(dates[0], HISTORY_DAYS),
    );
    const markets = new Map<IsoDate, MarketContext>(
      await Promise.all(dates.map(async (d) => [d, await this.loader.market(d)] as const)),
    );
    const report = dryRun(candidate, active, histories, dates, {
      maxChanges: options.maxChanges,
      features: (h, d) => computeFeatures({ ...h, market: markets.get(d) }, d),
    });
    return { ...report, dates, firms: firms.length };
  }
}
