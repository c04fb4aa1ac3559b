import { seededRng } from '../model/seeded-rng';
import { yuan } from './firm-history';

describe('yuan', () => {
  it('should read every decimal amount as the same double Number() gives', () => {
    const rng = seededRng(7);
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rng() * 10)).join('');
    const samples = [
      '0',
      '0.00',
      '-0.00',
      '-0',
      '.5',
      '5.',
      '1e6',
      ' 12.5 ',
      '+3.10',
      '',
      'abc',
      '1.2.3',
      '-',
      '.',
      '12,5',
    ];
    for (let i = 0; i < 20_000; i += 1) {
      const whole = digits(1 + Math.floor(rng() * 17));
      const fraction = digits(Math.floor(rng() * 8));
      samples.push(`${rng() < 0.3 ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`);
    }
    for (const s of samples) {
      const n = Number(s);
      expect([s, yuan(s)]).toEqual([s, s === '' || !Number.isFinite(n) ? 0 : n]);
    }
  });
});
