// 行政区划代码, GB/T 2260: six digits, province (2) + city (2) + county (2); a province is XX0000,
// a city XXXX00. Staff scopes and alert routing walk this hierarchy.

// Province-level prefixes in GB/T 2260 (mainland provinces, Taiwan, Hong Kong, Macao).
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

export type RegionLevel = 'province' | 'city' | 'county';

export function regionCodeProblem(code: string): string | null {
  if (!/^\d{6}$/.test(code)) return 'must be 6 digits (GB/T 2260)';
  if (!PROVINCES.has(code.slice(0, 2))) return `has no province '${code.slice(0, 2)}' in GB/T 2260`;
  if (code.slice(2, 4) === '00' && code.slice(4) !== '00') return 'names a county without a city';
  return null;
}

export function regionLevel(code: string): RegionLevel {
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** True when `region` lies inside `scope` (a province contains its cities and counties). */
export function regionWithin(region: string, scope: string): boolean {
  switch (regionLevel(scope)) {
    case 'province':
      return region.slice(0, 2) === scope.slice(0, 2);
    case 'city':
      return region.slice(0, 4) === scope.slice(0, 4);
    case 'county':
      return region === scope;
  }
}

/** The chain of scopes above a county, nearest first: county, city, province. */
export function regionAncestors(code: string): string[] {
  const chain = [code];
  if (regionLevel(code) === 'county') chain.push(`${code.slice(0, 4)}00`);
  if (regionLevel(code) !== 'province') chain.push(`${code.slice(0, 2)}0000`);
  return chain;
}
