import { allPages, CSV_MAX_ROWS, CSV_PAGE_SIZE, ExportTooLarge, joined, withinCap } from './csv-export';

/** A keyset-paged list of `total` numbers, as the services page theirs. */
function pagedList(total: number) {
  const calls: Array<string | undefined> = [];
  const page = async (limit: number, cursor: string | undefined) => {
    calls.push(cursor);
    const from = cursor === undefined ? 0 : Number(cursor);
    const items = Array.from({ length: Math.max(0, Math.min(limit, total - from)) }, (_, i) => from + i);
    return { items, nextCursor: from + limit < total ? String(from + limit) : null };
  };
  return { page, calls };
}

describe('csv-export', () => {
  it('should read every page in order, passing each nextCursor back', async () => {
    const { page, calls } = pagedList(CSV_PAGE_SIZE * 2 + 7);
    const rows = await allPages(page);
    expect(rows).toEqual(Array.from({ length: CSV_PAGE_SIZE * 2 + 7 }, (_, i) => i));
    expect(calls).toEqual([undefined, String(CSV_PAGE_SIZE), String(CSV_PAGE_SIZE * 2)]);
  });

  it('should refuse a list longer than the cap instead of cutting it', async () => {
    await expect(allPages(pagedList(CSV_MAX_ROWS).page)).resolves.toHaveLength(CSV_MAX_ROWS);
    await expect(allPages(pagedList(CSV_MAX_ROWS + 1).page)).rejects.toBeInstanceOf(ExportTooLarge);
    expect(() => withinCap(new Array(CSV_MAX_ROWS + 1).fill(0))).toThrow(ExportTooLarge);
  });

  it('should join list members into one cell', () => {
    expect(joined(['甲', { text: '乙' }, 3])).toBe('甲；乙；3');
    expect(joined(null)).toBe('');
  });
});
