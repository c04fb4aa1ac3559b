import { FEATURE_NAMES } from '../features/feature-catalogue';
import type { FeatureVector } from '../features/feature-vector';
import { assessFirm } from '../grading/composite-score';
import { evaluatePacks } from '../rules/rule-engine';
import { BUNDLED_PACKS_DIR, loadRulePacks } from '../rules/load-rule-pack';
import { assessmentRecord, canonicalRecord } from './assessment-records';
import {
  CanonicalText,
  canonicalJson,
  plainCanonical as plainCanonicalText,
} from '../../evidence-chain/canonical/canonical-json';
import { jsonValueAndText } from './canonical-record';

const packs = loadRulePacks(BUNDLED_PACKS_DIR);
const vector = (values: FeatureVector): FeatureVector => ({
  ...Object.fromEntries(FEATURE_NAMES.map((n) => [n, null])),
  ...values,
});

function record(features: FeatureVector) {
  const a = assessFirm({
    firmId: '4d7b2c1e-0000-4000-8000-000000000001',
    asOf: '2026-07-10',
    hits: evaluatePacks(packs, 'financing_guarantee', features),
    packs: ['financing_guarantee@1', 'public_data@1'],
    model: {
      version: 'v1',
      probability: 0.4213,
      topContributions: [{ feature: 'fg_leverage', value: 12, contribution: 0.31 }],
    },
    manualScores: [],
  });
  return assessmentRecord(a, features, {
    id: '9a0c5d1e-0000-4000-8000-000000000002',
    assessedAt: new Date('2026-07-10T02:00:00Z'),
    rank: 3,
    rankedFirms: 10,
    trigger: 'full',
  });
}

describe('canonical record text', () => {
  it('should write RFC 8785 text byte for byte as the evidence chain does, for objects of shared and differing shapes', () => {
    const values: unknown[] = [
      { b: 1, a: [true, null, 'x"\\\n€'], é: { z: 1.5e-7, y: -0, x: 1e21 } },
      { b: 2, a: [], é: {} },
      { b: 3, c: 4, a: 5 }, // same length, first and last key as another shape
      { b: 3, d: 4, a: 5 },
      [{ '\u{1F600}': 1, '\uFFFF': 2, a: 3 }],
      vector({ fg_leverage: 12.5, fg_mainly_small_micro_rural: false, court_cases_90d: 3 }),
    ];
    for (const v of values) expect(plainCanonicalText(v)).toBe(canonicalJson(v));
    expect(plainCanonicalText({ a: new CanonicalText('{"x":1}') })).toBe('{"a":{"x":1}}');
  });

  it('should give undefined members, NaN and Infinity their JSON values, as jsonb stores them', () => {
    const odd = { a: undefined, b: NaN, c: [undefined, Infinity], d: new Date('2026-07-10T00:00:00Z') };
    const { value, text } = jsonValueAndText(odd);
    expect(value).toEqual({ b: null, c: [null, null], d: '2026-07-10T00:00:00.000Z' });
    expect(text).toBe(canonicalJson(JSON.parse(JSON.stringify(odd))));
  });

  it('should hash an assessment record as recordContentHash hashes the row read back, and store the same explanation and features', () => {
    for (const features of [
      vector({ fg_leverage: 12, fg_mainly_small_micro_rural: false, finding_deposit_taking: true }),
      vector({ fg_leverage: Infinity, fg_reserve_coverage: NaN }),
    ]) {
      const r = record(features);
      const asStored = JSON.parse(JSON.stringify(r)) as typeof r;
      const texts = canonicalRecord(r);
      expect(texts.record).toBe(canonicalJson(asStored));
      expect(JSON.parse(texts.explanation)).toEqual(asStored.explanation);
      expect(JSON.parse(texts.features)).toEqual(asStored.features);
      expect(r).toEqual(asStored);
    }
  });
});
