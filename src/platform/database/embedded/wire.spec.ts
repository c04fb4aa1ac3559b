import { completeMessageLength, lastReadyStatus, startupParameters } from './wire';

const message = (type: string, body: Buffer) => {
  const head = Buffer.alloc(5);
  head.write(type, 0);
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
};

describe('PostgreSQL wire messages', () => {
  it('should read the transaction status of the last ReadyForQuery when a reply has several messages', () => {
    const reply = Buffer.concat([
      message('1', Buffer.alloc(0)),
      message('Z', Buffer.from('T')),
      message('C', Buffer.from('COMMIT\0')),
      message('Z', Buffer.from('I')),
    ]);
    expect(lastReadyStatus(reply)).toBe('I');
    expect(lastReadyStatus(message('Z', Buffer.from('E')))).toBe('E');
  });

  it('should find no status when a reply ends mid-sequence', () => {
    expect(
      lastReadyStatus(Buffer.concat([message('1', Buffer.alloc(0)), message('2', Buffer.alloc(0))])),
    ).toBeUndefined();
  });

  it('should wait for a whole message and read startup parameters', () => {
    const params = Buffer.from('user\0postgres\0database\0postgres\0\0');
    const startup = Buffer.alloc(8 + params.length);
    startup.writeInt32BE(startup.length, 0);
    startup.writeInt32BE(196608, 4);
    params.copy(startup, 8);
    expect(completeMessageLength(startup.subarray(0, 10), true)).toBe(0);
    expect(completeMessageLength(startup, true)).toBe(startup.length);
    expect(startupParameters(startup)).toEqual({ user: 'postgres', database: 'postgres' });
    expect(completeMessageLength(message('Q', Buffer.from('SELECT 1\0')), false)).toBe(14);
  });
});
