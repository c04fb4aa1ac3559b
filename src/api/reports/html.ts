// Small HTML helpers of the printable reports: everything interpolated passes through escapeHtml.

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** A table; `head` and every cell are escaped. */
export function table(
  head: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
  empty = '无',
): string {
  if (rows.length === 0) return `<p class="empty">${escapeHtml(empty)}</p>`;
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c) => `<td${typeof c === 'number' ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export function paragraph(text: string, cls?: string): string {
  return `<p${cls ? ` class="${cls}"` : ''}>${escapeHtml(text)}</p>`;
}

export const REPORT_CSS = `
  body { font-family: "Noto Serif CJK SC", "Songti SC", SimSun, serif; margin: 2em auto; max-width: 60em; color: #111; }
  h1 { text-align: center; font-size: 1.6em; } h2 { border-bottom: 1px solid #444; font-size: 1.2em; margin-top: 1.6em; }
  .meta { text-align: center; color: #444; } .empty, .pending { color: #666; font-style: italic; }
  table { border-collapse: collapse; width: 100%; margin: .5em 0; } th, td { border: 1px solid #888; padding: .25em .5em; }
  th { background: #eee; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
  footer { margin-top: 2em; font-size: .85em; color: #444; }
  @page { size: A4; margin: 18mm; } @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } table { break-inside: auto; } tr { break-inside: avoid; } }`;
