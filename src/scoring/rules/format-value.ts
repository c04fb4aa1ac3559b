import type { MetricUnit } from './rule-pack';

const trim = (n: number, digits: number): string => String(Number(n.toFixed(digits)));

/** How a value reads in a Chinese explanation: 12.5%, ¥1,200,000, 10.5倍, 5天. */
export function formatValue(value: number | boolean | null, unit: MetricUnit): string {
  if (value === null) return '无数据';
  if (typeof value === 'boolean') return value ? '是' : '否';
  switch (unit) {
    case 'ratio':
      return `${trim(value * 100, 2)}%`;
    case 'yuan':
      return `¥${Math.round(value).toLocaleString('en-US')}`;
    case 'times':
      return `${trim(value, 2)}倍`;
    case 'percent':
      return `${trim(value, 2)}%`;
    case 'pp':
      return `${trim(value, 2)}个百分点`;
    case 'days':
      return `${trim(value, 1)}天`;
    case 'count':
      return trim(value, 2);
    default:
      return trim(value, 2);
  }
}
