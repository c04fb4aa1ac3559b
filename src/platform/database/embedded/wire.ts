// The few PostgreSQL wire-protocol messages the embedded front-end reads or writes itself
// (https://www.postgresql.org/docs/current/protocol-message-formats.html); everything else
// passes to PGlite untouched.

export const SSL_REQUEST_CODE = 80877103;
export const CANCEL_REQUEST_CODE = 80877102;
export const GSS_REQUEST_CODE = 80877104;
export const PROTOCOL_3 = 196608;

/** Length of the first complete message in buf (startup-phase messages have no type byte), or 0. */
export function completeMessageLength(buf: Buffer, startupPhase: boolean): number {
  if (startupPhase) {
    if (buf.length < 4) return 0;
    const length = buf.readInt32BE(0);
    return buf.length >= length ? length : 0;
  }
  if (buf.length < 5) return 0;
  const length = 1 + buf.readInt32BE(1);
  return buf.length >= length ? length : 0;
}

/** The parameters (user, database, ...) of a StartupMessage. */
export function startupParameters(message: Buffer): Record<string, string> {
  const parts = message.subarray(8).toString('utf8').split('\0');
  const params: Record<string, string> = {};
  for (let i = 0; i + 1 < parts.length && parts[i] !== ''; i += 2) params[parts[i]] = parts[i + 1];
  return params;
}

/** AuthenticationMD5Password with its salt. */
export function md5PasswordRequest(salt: Buffer): Buffer {
  const out = Buffer.alloc(13);
  out.write('R', 0);
  out.writeInt32BE(12, 1);
  out.writeInt32BE(5, 5);
  salt.copy(out, 9);
  return out;
}

/** The password a PasswordMessage carries (without its terminating NUL). */
export function passwordOf(message: Buffer): string | undefined {
  if (message[0] !== 0x70 /* p */) return undefined;
  return message.subarray(5, message.length - 1).toString('utf8');
}

/** A FATAL ErrorResponse with its SQLSTATE. */
export function fatalError(sqlState: string, text: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${sqlState}\0M${text}\0\0`, 'utf8');
  const head = Buffer.alloc(5);
  head.write('E', 0);
  head.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([head, fields]);
}

/** A simple Query message. */
export function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const head = Buffer.alloc(5);
  head.write('Q', 0);
  head.writeInt32BE(4 + text.length, 1);
  return new Uint8Array(Buffer.concat([head, text]));
}

export const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

/**
 * The transaction status of the last ReadyForQuery in a backend reply: 'I' idle, 'T' in a
 * transaction, 'E' in a failed transaction; undefined when the reply has none (mid-sequence).
 */
export function lastReadyStatus(reply: Uint8Array): string | undefined {
  let status: string | undefined;
  let offset = 0;
  while (offset + 5 <= reply.length) {
    const length =
      ((reply[offset + 1] << 24) | (reply[offset + 2] << 16) | (reply[offset + 3] << 8) | reply[offset + 4]) >>> 0;
    if (reply[offset] === 0x5a /* Z */ && offset + 5 < reply.length) status = String.fromCharCode(reply[offset + 5]);
    offset += 1 + length;
  }
  return status;
}
