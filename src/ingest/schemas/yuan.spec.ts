import { addYuan, compareYuan, fenToYuan, formatScaled, formatYuan, parseScaled, parseYuan, sumFen } from './yuan';

describe('yuan', () => {
  it('should parse exact decimals into fen', () => {
    expect(parseYuan('1234.5')).toBe(123450n);
    expect(parseYuan('0.01')).toBe(1n);
    expect(parseYuan('-5')).toBe(-500n);
    expect(parseYuan('12345678901234567.89')).toBe(1234567890123456789n);
  });

  it('should agree with exact digit arithmetic on the fast path and at its edge', () => {
    const exact = (text: string) => {
      const negative = text.startsWith('-');
      const [whole, fraction = ''] = text.replace('-', '').split('.');
      const fen = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
      return negative ? -fen : fen;
    };
    const samples = [
      '0',
      '-0',
      '0.1',
      '0.29',
      '1234.57',
      '9999999999999.99',
      '-9999999999999.99',
      '10000000000000.01',
      '4503599627370.49',
      '8.3',
      '1.00',
      '0.07',
      '1234567.89',
    ];
    // Deterministic spread over every magnitude up to the 13 digits of the fast path and beyond.
    for (let i = 1; i < 20000; i++) {
      const digits = (i % 16) + 1;
      const whole = String((i * 2654435761) % 10 ** Math.min(digits, 15)).slice(0, digits);
      samples.push(
        `${i % 3 === 0 ? '-' : ''}${BigInt(whole)}${
          i % 4 === 0
            ? ''
            : `.${String(i % 100)
                .padStart(i % 2 ? 2 : 1, '0')
                .slice(0, 2)}`
        }`,
      );
    }
    for (const text of samples)
      if (/^-?(0|[1-9][0-9]*)(\.[0-9]{1,2})?$/.test(text)) expect([text, parseYuan(text)]).toEqual([text, exact(text)]);
  });

  it('should reject exponents, three decimals, leading zeros and blanks', () => {
    for (const bad of ['1e5', '1.234', '01', '', ' 1', '1.', '.5', '+1', 'NaN'])
      expect(() => parseYuan(bad)).toThrow(/not an exact yuan amount/);
  });

  it('should add without float drift', () => {
    expect(addYuan('0.1', '0.2')).toBe('0.30');
    expect(sumFen(['0.10', '0.20', '-0.30'])).toBe(0n);
  });

  it('should compare and format canonically', () => {
    expect(compareYuan('10', '9.99')).toBe(1);
    expect(compareYuan('10.00', '10')).toBe(0);
    expect(compareYuan('-1', '0')).toBe(-1);
    expect(formatYuan(-5n)).toBe('-0.05');
    expect(fenToYuan(123456)).toBe('1234.56');
    expect(() => fenToYuan(1.5)).toThrow();
  });

  it('should scale percentages exactly', () => {
    expect(parseScaled('60.5', 4)).toBe(605000n);
    expect(parseScaled('39.5001', 4) + parseScaled('60.5', 4)).toBe(1000001n);
    expect(formatScaled(1000001n, 4)).toBe('100.0001');
    expect(() => parseScaled('1.23456', 4)).toThrow();
  });
});
