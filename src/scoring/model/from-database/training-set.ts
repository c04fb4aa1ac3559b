import type { IsoDate } from '../../../ingest/schemas/records';
import type { MarketContext } from '../../features/firm-history';
import { MODEL_FEATURES, transformRow } from '../model-features';
import { seededRng } from '../seeded-rng';
import type { LabelledRow } from '../training-data';
import { assertKnownBy, checkNoLookAhead, historyKnownAt, type FeatureFunction, type FirmStore } from './point-in-time';

/** The last day of the month `months` after the month of `date` (0: its own month's end). */
export function monthEndAfter(date: IsoDate, months: number): IsoDate {
  const [y, m] = date.split('-').map(Number);
  const end = new Date(Date.UTC(y, m - 1 + months + 1, 0));
  return end.toISOString().slice(0, 10);
}

/** Month ends from `first`'s month to `last` inclusive. */
export function monthEnds(first: IsoDate, last: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = monthEndAfter(first, 0); d <= last; d = monthEndAfter(d, 1)) out.push(d);
  return out;
}

/**
 * The label of a feature date: 1 when the firm's first outcome falls in (asOf, asOf + horizon],
 * 0 when none did and the whole horizon has been observed, null when the row says nothing: the
 * outcome already happened (nothing left to predict) or the horizon runs past what is known (censored).
 */
export function labelAt(
  asOf: IsoDate,
  firstOutcome: IsoDate | undefined,
  horizonMonths: number,
  knownUntil: IsoDate,
): 0 | 1 | null {
  const horizonEnd = monthEndAfter(asOf, horizonMonths);
  if (firstOutcome !== undefined && firstOutcome <= asOf) return null;
  if (firstOutcome !== undefined && firstOutcome <= horizonEnd) return firstOutcome <= knownUntil ? 1 : null;
  return horizonEnd <= knownUntil ? 0 : null;
}

export interface TrainingSetOptions {
  dates: readonly IsoDate[];
  firstOutcome: ReadonlyMap<string, IsoDate>;
  horizonMonths: number;
  /** Outcomes are known up to this day. */
  knownUntil: IsoDate;
  market?: ReadonlyMap<IsoDate, MarketContext>;
  features: FeatureFunction;
  /** Share of rows whose features are recomputed with the future added (1: every row). */
  lookAheadCheckShare: number;
  seed: number;
}

/**
 * Labelled rows of a batch of firms: each feature date's features from the history known then
 * (historyKnownAt, asserted), the label from the outcomes after it. A sampled share of rows is
 * recomputed with the records dated after the feature date added: any feature that moves is a
 * look-ahead and stops the build.
 */
export function buildRows(
  stores: readonly FirmStore[],
  o: TrainingSetOptions,
): { rows: LabelledRow[]; checked: number } {
  const rng = seededRng(o.seed);
  const rows: LabelledRow[] = [];
  let checked = 0;
  for (const store of stores) {
    const first = o.firstOutcome.get(store.firm.id);
    for (const asOf of o.dates) {
      const y = labelAt(asOf, first, o.horizonMonths, o.knownUntil);
      if (y === null) continue;
      const known = historyKnownAt(store, asOf, o.market?.get(asOf));
      if (known.history.reports.length === 0) continue; // not yet reporting: nothing to score
      assertKnownBy(store.firm.creditCode, known, asOf);
      const features = o.features(known.history, asOf);
      if (o.lookAheadCheckShare >= 1 || rng() < o.lookAheadCheckShare) {
        checkNoLookAhead(o.features, store, known, asOf, features);
        checked += 1;
      }
      rows.push({ firm: store.firm.id, asOf, x: transformRow(features, MODEL_FEATURES, store.firm.kind), y });
    }
  }
  return { rows, checked };
}

/**
 * Split by time: the test window is the latest `testMonths` feature dates; a training row's whole
 * label horizon must end before the window starts, so no outcome seen in training is scored in test.
 */
export function splitByTime(
  rows: readonly LabelledRow[],
  testMonths: number,
  horizonMonths: number,
): { train: LabelledRow[]; test: LabelledRow[]; window: { from: IsoDate; to: IsoDate } } {
  const dates = [...new Set(rows.map((r) => r.asOf))].sort();
  if (dates.length < testMonths + horizonMonths + 1)
    throw new Error(
      `${dates.length} feature dates with known labels: too few for a ${testMonths}-month test window after a ${horizonMonths}-month horizon`,
    );
  const from = dates[dates.length - testMonths];
  const to = dates[dates.length - 1];
  return {
    train: rows.filter((r) => monthEndAfter(r.asOf, horizonMonths) < from),
    test: rows.filter((r) => r.asOf >= from),
    window: { from, to },
  };
}
