import type { SentimentItem } from '../../ingest/schemas/records';
import { segment } from './segmenter';
import {
  COMPLAINT_MULTIPLIER,
  NEGATION_SPAN,
  NEGATIVE_BELOW,
  NEGATORS,
  POSITIVE_ABOVE,
  SENTIMENT_LEXICON,
} from './sentiment-lexicon';
import type { SentimentScore } from './sentiment-score';

/** Lexicon score of a text: sum of term weights, a negator flips the next term within the span. */
export function scoreText(text: string): SentimentScore {
  const tokens = segment(text);
  const terms: SentimentScore['terms'] = [];
  let score = 0;
  let negateUntil = -1;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    if (NEGATORS.has(token)) {
      negateUntil = i + NEGATION_SPAN;
      continue;
    }
    // Punctuation closes a clause: "未逾期，但已跑路" must not negate 跑路.
    if (/^[，。！？；、,.!?;\s]+$/.test(token)) {
      negateUntil = -1;
      continue;
    }
    const weight = SENTIMENT_LEXICON[token];
    if (weight === undefined) continue;
    const negated = i <= negateUntil;
    // A denied bad fact is only weakly reassuring: "否认跑路" is news about 跑路 rumours.
    const signed = negated ? (weight < 0 ? -weight * 0.3 : -weight) : weight;
    terms.push({ term: token, weight: signed, negated });
    score += signed;
    negateUntil = -1;
  }
  return { score, label: labelOf(score), terms };
}

function labelOf(score: number): SentimentScore['label'] {
  if (score <= NEGATIVE_BELOW) return 'negative';
  if (score >= POSITIVE_ABOVE) return 'positive';
  return 'neutral';
}

/** Score one 舆情 item: title and text together; complaints weigh more. */
export function scoreSentimentItem(item: SentimentItem): SentimentScore {
  const base = scoreText(`${item.title}。${item.text}`);
  if (item.channel !== 'complaint') return base;
  // A complaint with no lexicon hit is still a complaint: at least mildly negative.
  const score = Math.min(base.score * COMPLAINT_MULTIPLIER, NEGATIVE_BELOW);
  return { score, label: labelOf(score), terms: base.terms };
}
