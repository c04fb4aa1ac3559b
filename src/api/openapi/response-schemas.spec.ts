import { RESPONSE_SCHEMAS } from './response-schemas';

type Props = Record<string, { enum?: readonly string[] }>;
const enumOf = (schema: object, field: string) => (schema as { properties: Props }).properties[field].enum;

describe('RESPONSE_SCHEMAS', () => {
  it("should document an assessment's tier as graded (none to red), never a rule's violation", () => {
    for (const schema of [RESPONSE_SCHEMAS.Assessment, RESPONSE_SCHEMAS.RankingRow]) {
      expect(enumOf(schema, 'tier')).toEqual(['none', 'blue', 'yellow', 'orange', 'red']);
    }
  });

  it("should document an alert's tier and status from the alerts' own lists", () => {
    expect(enumOf(RESPONSE_SCHEMAS.AlertSummary, 'tier')).toEqual(['blue', 'yellow', 'orange', 'red']);
    expect(enumOf(RESPONSE_SCHEMAS.AlertSummary, 'status')).toEqual([
      'open',
      'acknowledged',
      'in_progress',
      'resolved',
      'false_positive',
    ]);
  });
});
