import { FEATURE_NAMES } from './feature-catalogue';
import type { FeatureVector } from './feature-vector';
import type { ScoredSentimentItem } from './firm-history';
import { sentimentFeatures } from './sentiment-features';

const item = (channel: 'news' | 'complaint', itemId: string): ScoredSentimentItem => ({
  itemId,
  source: 'news',
  channel,
  title: '平台疑似跑路',
  text: '投资人维权，提现困难',
  publishedAt: '2026-07-01T10:00:00+08:00',
});

function features(items: ScoredSentimentItem[]): FeatureVector {
  const out: FeatureVector = Object.fromEntries(FEATURE_NAMES.map((n) => [n, null]));
  sentimentFeatures(items, '2026-07-10', out);
  return out;
}

describe('sentimentFeatures', () => {
  it('should score items read again as new objects the same, and a complaint of the same text as a complaint', () => {
    const news = features([item('news', 'a')]);
    expect(features([item('news', 'b')])).toEqual(news); // same content, new object: the kept score
    const complaint = features([item('complaint', 'c')]);
    expect(complaint.sentiment_complaints_30d).toBe(1);
    expect(complaint.sentiment_negative_weighted_30d).toBeGreaterThan(news.sentiment_negative_weighted_30d as number);
    expect(features([item('complaint', 'd')])).toEqual(complaint);
  });
});
