// ABCI socket framing (CometBFT v0.38 libs/protoio): each message is its protobuf bytes preceded by
// their length as an unsigned LEB128 varint. Only the framing is ours; the messages are cosmjs-types'.

export function encodeFrame(body: Uint8Array): Uint8Array {
  const head: number[] = [];
  let n = body.length;
  while (n >= 0x80) {
    head.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  head.push(n);
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

const MAX_FRAME = 64 * 1024 * 1024;

/** Accumulates socket chunks and yields whole message bodies. */
export class FrameReader {
  private buffer: Uint8Array = new Uint8Array(0);

  push(chunk: Uint8Array): Uint8Array[] {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    const frames: Uint8Array[] = [];
    let at = 0;
    for (;;) {
      let length = 0;
      let shift = 1;
      let i = at;
      let complete = false;
      while (i < joined.length && i - at < 10) {
        const byte = joined[i++];
        length += (byte & 0x7f) * shift;
        shift *= 128;
        if ((byte & 0x80) === 0) {
          complete = true;
          break;
        }
      }
      if (!complete) break;
      if (length > MAX_FRAME) throw new RangeError(`ABCI frame of ${length} bytes exceeds ${MAX_FRAME}`);
      if (joined.length - i < length) break;
      frames.push(joined.slice(i, i + length));
      at = i + length;
    }
    this.buffer = joined.slice(at);
    return frames;
  }
}
