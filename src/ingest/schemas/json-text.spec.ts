import { duplicateKeyPointers, mayRepeatKeys, unsafeStringProblems } from './json-text';

describe(duplicateKeyPointers.name, () => {
  it('should point at each repeated key, in nested objects and arrays', () => {
    expect(duplicateKeyPointers('{"a":1,"b":{"c":1,"c":2},"d":[{"e":1},{"e":1,"e":2}],"a":3}')).toEqual([
      '/b/c',
      '/d/1/e',
      '/a',
    ]);
  });

  it('should compare keys after unescaping and escape pointers (RFC 6901)', () => {
    expect(duplicateKeyPointers('{"a\\/b":1,"a/b":2,"x~":1,"x~":2}')).toEqual(['/a~1b', '/x~0']);
  });

  it('should not take string values or array items for keys', () => {
    expect(duplicateKeyPointers('{"a":"a","b":["a","a"],"c":"{\\"a\\":1,\\"a\\":2}"}')).toEqual([]);
  });
});

describe(unsafeStringProblems.name, () => {
  it('should name NUL and lone surrogates in values and keys', () => {
    const value = JSON.parse('{"name":"a\\u0000b","list":["ok","\\ud800"],"k\\u0000":1,"pair":"\\ud83d\\ude00"}');
    expect(
      unsafeStringProblems(value)
        .map((p) => p.pointer)
        .sort(),
    ).toEqual(['/k\\u0000', '/list/1', '/name']);
  });

  it('should refuse control characters other than tab and line breaks only when asked', () => {
    const value = { name: '西湖区\u0007金融办', note: 'line one\r\nline two\tend' };
    expect(unsafeStringProblems(value)).toEqual([]);
    expect(unsafeStringProblems(value, { controls: true }).map((p) => p.pointer)).toEqual(['/name']);
  });

  it('should walk a deeply nested value without exhausting the stack', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}"\\u0000"${']'.repeat(100_000)}`);
    expect(unsafeStringProblems(deep)).toHaveLength(1);
  });
});

describe(mayRepeatKeys.name, () => {
  it('should flag a document only when its text writes more keys than its value holds', () => {
    const check = (text: string) => mayRepeatKeys(text, JSON.parse(text));
    expect(check('{"a":1,"b":{"c":1,"c":2}}')).toBe(true);
    expect(check('[{"e":1},{"e":1 , "e" :2}]')).toBe(true);
    expect(check('{"a":"x\\":1","b" :["a:","\\"b\\":"],"c":{"d":{}}}')).toBe(false);
  });
});
