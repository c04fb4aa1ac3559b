import { scoreSentimentItem, scoreText } from './score-sentiment';

describe('scoreText', () => {
  it('should score run and fraud news strongly negative', () => {
    const s = scoreText('某平台疑似跑路，资金链断裂，投资人集中维权');
    expect(s.label).toBe('negative');
    expect(s.terms.map((t) => t.term)).toEqual(['跑路', '资金链断裂', '维权']);
    expect(s.score).toBe(-8.5);
  });

  it('should flip a negated term within the clause but not across punctuation', () => {
    expect(scoreText('平台未出现逾期').terms).toEqual([{ term: '逾期', weight: 0.6, negated: true }]);
    expect(scoreText('平台未披露，已逾期').terms).toEqual([{ term: '逾期', weight: -2, negated: false }]);
    expect(scoreText('公司否认跑路传闻').label).toBe('neutral');
  });

  it('should score reassuring news positive', () => {
    expect(scoreText('平台完成银行存管，运营稳健，合规经营').label).toBe('positive');
  });

  it('should treat a complaint as at least mildly negative', () => {
    const s = scoreSentimentItem({
      itemId: 'c',
      source: '投诉平台',
      channel: 'complaint',
      title: '客服不回复',
      text: '',
      publishedAt: '2026-07-01T10:00:00+08:00',
    });
    expect(s.label).toBe('negative');
  });
});
