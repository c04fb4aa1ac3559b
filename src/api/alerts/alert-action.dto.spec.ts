import { ValidationFailed } from '../../platform/errors/domain-error';
import { parseAccountabilityQuery, parseAlertActionDto, parsePushSubscriptionDto } from './alert-action.dto';
import { parseCompleteTaskDto } from './complete-task.dto';

function problems(parse: (input: unknown) => unknown, input: unknown) {
  try {
    parse(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailed);
    return (error as ValidationFailed).problems;
  }
  throw new Error('expected a refusal');
}

const KEYS = { p256dh: `B${'a'.repeat(86)}`, auth: 'a'.repeat(22) };

describe('parseAlertActionDto', () => {
  it('should map the API words to the service steps and default the reason to null', () => {
    expect(parseAlertActionDto({ action: 'false_positive', reason: '误报' })).toEqual({
      action: 'mark_false_positive',
      reason: '误报',
    });
    expect(parseAlertActionDto({ action: 'acknowledge' })).toEqual({ action: 'acknowledge', reason: null });
    expect(parseAlertActionDto({ action: 'start', reason: null })).toEqual({ action: 'start', reason: null });
  });

  it('should report every problem of one body with its field pointer when the action, the reason and a field are wrong', () => {
    expect(problems(parseAlertActionDto, { action: 'escalate', reason: 'x'.repeat(2001), by: 'me' })).toEqual([
      { pointer: '/by', detail: 'is not a known field' },
      {
        pointer: '/action',
        detail:
          "must be one of 'acknowledge', 'start', 'resolve', 'false_positive', 'mark_false_positive', 'note'; got 'escalate'",
      },
      { pointer: '/reason', detail: 'must be at most 2000 characters long, got 2001' },
    ]);
    expect(problems(parseAlertActionDto, {})).toEqual([{ pointer: '/action', detail: 'is required' }]);
  });
});

describe('parsePushSubscriptionDto', () => {
  it('should keep only the endpoint and keys of PushSubscription.toJSON()', () => {
    const endpoint = 'https://fcm.googleapis.com/fcm/send/abc';
    expect(parsePushSubscriptionDto({ endpoint, expirationTime: null, keys: KEYS })).toEqual({ endpoint, keys: KEYS });
  });

  it('should name each bad part in the words of the push API', () => {
    expect(problems(parsePushSubscriptionDto, { endpoint: 'ftp://x/', keys: { p256dh: 'short' } })).toEqual([
      { pointer: '/endpoint', detail: 'must be the push service URL (https)' },
      { pointer: '/keys/auth', detail: 'must be the 16-byte auth secret, base64url' },
      { pointer: '/keys/p256dh', detail: 'must be the P-256 public key, base64url' },
    ]);
  });
});

describe('parseCompleteTaskDto', () => {
  it('should return the note trimmed and refuse a blank note or an unknown field', () => {
    expect(parseCompleteTaskDto({ note: '  已约谈  ' })).toBe('已约谈');
    const detail = 'is required: what was done, 1 to 2000 characters';
    expect(problems(parseCompleteTaskDto, { note: '   ' })).toEqual([{ pointer: '/note', detail }]);
    expect(problems(parseCompleteTaskDto, { text: 'x' })).toEqual([
      { pointer: '/note', detail },
      { pointer: '/text', detail: 'is not a known field' },
    ]);
  });
});

describe('parseAccountabilityQuery', () => {
  it('should default the limit to 50 and refuse one outside 1 to 200', () => {
    expect(parseAccountabilityQuery({})).toEqual({ cursor: null, limit: 50 });
    expect(parseAccountabilityQuery({ limit: '7', cursor: 'abc' })).toEqual({ cursor: 'abc', limit: 7 });
    expect(problems(parseAccountabilityQuery, { limit: '201' })).toEqual([
      { pointer: '/query/limit', detail: 'must be a whole number from 1 to 200' },
    ]);
  });
});
