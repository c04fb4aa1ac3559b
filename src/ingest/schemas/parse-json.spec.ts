import { parseJsonStrict } from './parse-json';

describe(parseJsonStrict.name, () => {
  it('should parse UTF-8 JSON bytes, with or without a BOM', () => {
    expect(parseJsonStrict(Buffer.from('{"a":"逾期"}'))).toEqual({ ok: true, value: { a: '逾期' } });
    expect(parseJsonStrict(Buffer.from('\ufeff[1]'))).toEqual({ ok: true, value: [1] });
  });

  it('should report where malformed JSON breaks, with line and column', () => {
    const result = parseJsonStrict('{\n  "a": 1,\n  "b" 2\n}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0].detail).toMatch(/line 3, column 7 \(character 18/);
  });

  it('should say when the document is cut short', () => {
    const result = parseJsonStrict('{"a": [1, 2');
    expect(!result.ok && result.problems[0].detail).toMatch(/ends before the JSON document is complete/);
  });

  it('should reject invalid UTF-8 with the byte offset', () => {
    const result = parseJsonStrict(Uint8Array.from([0x7b, 0x22, 0x61, 0xff, 0x22, 0x7d]));
    expect(!result.ok && result.problems[0]).toEqual({
      pointer: '',
      detail: 'the body is not valid UTF-8 (at byte 3)',
    });
  });

  it('should reject overlong encodings and lone surrogates', () => {
    expect(parseJsonStrict(Uint8Array.from([0x22, 0xc0, 0xaf, 0x22])).ok).toBe(false);
    expect(parseJsonStrict(Uint8Array.from([0x22, 0xed, 0xa0, 0x80, 0x22])).ok).toBe(false);
  });

  it('should reject an empty body', () => {
    expect(!parseJsonStrict('  ').ok).toBe(true);
  });
});
