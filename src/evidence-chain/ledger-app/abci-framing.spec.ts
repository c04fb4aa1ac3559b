import { encodeFrame, FrameReader } from './abci-framing';

describe('ABCI framing', () => {
  it('should round-trip frames split across chunks, with multi-byte lengths', () => {
    const small = new Uint8Array([1, 2, 3]);
    const big = new Uint8Array(300).fill(7);
    const wire = new Uint8Array([...encodeFrame(small), ...encodeFrame(big), ...encodeFrame(new Uint8Array(0))]);
    expect(encodeFrame(big).slice(0, 2)).toEqual(new Uint8Array([0xac, 0x02]));
    const reader = new FrameReader();
    const frames = [...reader.push(wire.slice(0, 5)), ...reader.push(wire.slice(5, 6)), ...reader.push(wire.slice(6))];
    expect(frames).toEqual([small, big, new Uint8Array(0)]);
  });
});
