import type { IsoDate } from '../../ingest/schemas/records';
import { scoreSentimentItem } from '../sentiment/score-sentiment';
import type { SentimentScore } from '../sentiment/sentiment-score';
import { instantToChinaDate, isoDaysBefore } from './dates';
import type { ScoredSentimentItem } from './firm-history';
import type { FeatureVector } from './feature-vector';

// Items are immutable once ingested, so a re-score reuses their score instead of re-segmenting.
const cache = new WeakMap<ScoredSentimentItem, SentimentScore>();
// Read from the database, an item is a new object at every re-score: its score is also kept by
// what it depends on (channel, title, text), bounded by the characters held.
const byContent = new Map<string, SentimentScore>();
const MAX_CONTENT_CHARS = 16_000_000;
let contentChars = 0;

function scoreOf(item: ScoredSentimentItem): SentimentScore {
  if (item.sentimentScore) return item.sentimentScore;
  let s = cache.get(item);
  if (!s) {
    const key = `${item.channel}\u0000${item.title}\u0000${item.text}`;
    s = byContent.get(key);
    if (!s) {
      s = scoreSentimentItem(item);
      if (contentChars + key.length > MAX_CONTENT_CHARS) {
        byContent.clear();
        contentChars = 0;
      }
      byContent.set(key, s);
      contentChars += key.length;
    }
    cache.set(item, s);
  }
  return s;
}

/** Per-firm negative volume and complaint anomaly (舆情). No items at all is 0, not 'no data': the feed covers every firm. */
export function sentimentFeatures(items: readonly ScoredSentimentItem[], asOf: IsoDate, out: FeatureVector): void {
  const d30 = isoDaysBefore(asOf, 30);
  const d90 = isoDaysBefore(asOf, 90);
  const d180 = isoDaysBefore(asOf, 180);
  let neg30 = 0;
  let neg90 = 0;
  let neg180 = 0;
  let weighted30 = 0;
  // complaint counts per 30-day bucket, bucket 0 = the latest 30 days, 1..5 = the baseline
  const complaints = [0, 0, 0, 0, 0, 0];
  for (const item of items) {
    const date = instantToChinaDate(item.publishedAt);
    if (date > asOf || date <= d180) continue;
    const bucket = Math.min(
      5,
      Math.floor((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`) - 1) / (30 * 86_400_000)),
    );
    if (item.channel === 'complaint') complaints[Math.max(0, bucket)] += 1;
    const s = scoreOf(item);
    if (s.label !== 'negative') continue;
    neg180 += 1;
    if (date > d90) neg90 += 1;
    if (date > d30) {
      neg30 += 1;
      weighted30 += -s.score;
    }
  }
  out.sentiment_negative_30d = neg30;
  out.sentiment_negative_90d = neg90;
  out.sentiment_negative_180d = neg180;
  out.sentiment_negative_weighted_30d = weighted30;
  out.sentiment_complaints_30d = complaints[0];
  const baseline = complaints.slice(1);
  const mean = baseline.reduce((a, b) => a + b, 0) / baseline.length;
  const std = Math.sqrt(baseline.reduce((a, b) => a + (b - mean) ** 2, 0) / baseline.length);
  out.sentiment_complaint_zscore = (complaints[0] - mean) / Math.max(std, 1);
}
