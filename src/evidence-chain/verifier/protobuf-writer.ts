// Just enough proto3 wire format to rebuild what CometBFT hashes and signs (gogoproto Marshal):
// scalar fields equal to their default (0, empty) are omitted; embedded messages are written
// when present, and gogoproto non-nullable ones are always present, even when empty.

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const UINT64 = (1n << 64n) - 1n;

export class ProtoWriter {
  private readonly bytes: number[] = [];

  /** uint32/uint64/int32/int64/enum: int64 negatives are their 64-bit two's complement, 10 bytes. */
  varint(field: number, value: bigint | number): this {
    const v = BigInt(value);
    if (v === 0n) return this;
    this.tag(field, WIRE_VARINT);
    this.rawVarint(v & UINT64);
    return this;
  }

  sfixed64(field: number, value: bigint | number): this {
    let v = BigInt(value);
    if (v === 0n) return this;
    this.tag(field, WIRE_FIXED64);
    v &= UINT64;
    for (let i = 0; i < 8; i++, v >>= 8n) this.bytes.push(Number(v & 0xffn));
    return this;
  }

  bytesField(field: number, value: Uint8Array): this {
    if (value.length === 0) return this;
    return this.lengthDelimited(field, value);
  }

  string(field: number, value: string): this {
    return this.bytesField(field, new TextEncoder().encode(value));
  }

  /** An embedded message; gogoproto non-nullable fields are written even when they encode to nothing. */
  message(field: number, encoded: Uint8Array): this {
    return this.lengthDelimited(field, encoded);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }

  private lengthDelimited(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_BYTES);
    this.rawVarint(BigInt(value.length));
    for (const b of value) this.bytes.push(b);
    return this;
  }

  private tag(field: number, wire: number): void {
    this.rawVarint(BigInt(field * 8 + wire));
  }

  private rawVarint(v: bigint): void {
    while (v > 0x7fn) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
  }
}

/** protoio.MarshalDelimited: uvarint length, then the message (what CometBFT validators sign). */
export function lengthPrefixed(message: Uint8Array): Uint8Array {
  const lengthBytes: number[] = [];
  let n = message.length;
  while (n > 0x7f) {
    lengthBytes.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  lengthBytes.push(n);
  const out = new Uint8Array(lengthBytes.length + message.length);
  out.set(lengthBytes);
  out.set(message, lengthBytes.length);
  return out;
}
