import { guaranteeReport } from './firm-history.factory';
import { reportTimeline } from './report-timeline';

describe('reportTimeline.within', () => {
  it('should take a correction of a period instead of the original, and keep other periods ending the same day', () => {
    const may = guaranteeReport({ reportId: 'may' }, '2026-05-31');
    const june = guaranteeReport({ reportId: 'june' }, '2026-06-30');
    const quarter = {
      ...guaranteeReport({ reportId: 'q2' }, '2026-06-30'),
      periodType: 'quarterly' as const,
      periodStart: '2026-04-01',
    };
    const juneCorrected = guaranteeReport({ reportId: 'june-corrected' }, '2026-06-30');
    const t = reportTimeline([may, june, quarter, juneCorrected], '2026-07-10');
    expect(t.within(90).map((r) => r.reportId)).toEqual(['may', 'q2', 'june-corrected']);
    expect(t.within(20).map((r) => r.reportId)).toEqual(['q2', 'june-corrected']);
  });
});
