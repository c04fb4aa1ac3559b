import { calibration } from './calibration';
import { featureReferences, populationStability } from './drift';

const specs = [{ name: 'a', transform: { clip: [0, 10] as [number, number] } }];
const rows = (values: number[]) => values.map((v) => [v]);
const uniform = (n: number, shift = 0) => Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 100 + shift);

describe('drift and calibration', () => {
  it('should give a PSI near 0 for the same population and above 0.25 for a shifted one', () => {
    const ref = featureReferences(rows(uniform(2000)), specs);
    expect(populationStability(ref, specs, rows(uniform(1000)))[0].psi).toBeLessThan(0.05);
    expect(populationStability(ref, specs, rows(uniform(1000, 3)))[0].psi).toBeGreaterThan(0.25);
  });

  it('should count a rise in missing values as drift', () => {
    const ref = featureReferences(rows(uniform(1000)), specs);
    expect(
      populationStability(ref, specs, [...rows(uniform(500)), ...Array.from({ length: 500 }, () => [null])])[0].psi,
    ).toBeGreaterThan(0.25);
  });

  it('should give ECE 0 for calibrated bins and the gap for over-confident ones', () => {
    const p = [0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75];
    expect(calibration(p, [1, 0, 0, 0, 1, 1, 1, 0]).ece).toBeCloseTo(0);
    const over = calibration([0.9, 0.9, 0.9, 0.9], [1, 0, 0, 0]);
    expect(over.ece).toBeCloseTo(0.65);
    expect(over.brier).toBeCloseTo((0.01 + 3 * 0.81) / 4);
    expect(over.rocAuc).toBeCloseTo(0.5);
  });
});
