import { csvCell, toCsv } from './csv';

describe('csv', () => {
  it('should quote cells holding commas, quotes or line breaks (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('西湖')).toBe('西湖');
  });

  it('should defuse cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('should start with a byte order mark and end lines with CRLF', () => {
    const csv = toCsv([{ header: '名称', value: (r: { n: string }) => r.n }], [{ n: '甲' }, { n: '乙' }]);
    expect(csv).toBe('\uFEFF名称\r\n甲\r\n乙\r\n');
  });
});
