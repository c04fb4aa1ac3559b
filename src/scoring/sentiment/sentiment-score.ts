export type SentimentLabel = 'negative' | 'neutral' | 'positive';

/** The lexicon score of one item: negative values are bad news; `terms` explain it. */
export interface SentimentScore {
  score: number;
  label: SentimentLabel;
  /** Matched lexicon terms with their signed contribution (negation already applied). */
  terms: Array<{ term: string; weight: number; negated: boolean }>;
}
