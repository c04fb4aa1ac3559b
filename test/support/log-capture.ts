export interface LogLine {
  level: string;
  context?: string;
  message: string;
}

/** Captures the service's JSON log lines (Nest's ConsoleLogger writes straight to stdout/stderr). */
export function captureLog(): { lines: LogLine[]; restore(): void } {
  const lines: LogLine[] = [];
  const originals = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const tap =
    (original: typeof process.stdout.write) =>
    (chunk: unknown, ...rest: unknown[]): boolean => {
      for (const text of String(chunk).split('\n')) {
        if (!text.startsWith('{')) continue;
        try {
          lines.push(JSON.parse(text) as LogLine);
        } catch {
          lines.push({ level: 'unparsed', message: text });
        }
      }
      return (original as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
    };
  process.stdout.write = tap(originals.out) as typeof process.stdout.write;
  process.stderr.write = tap(originals.err) as typeof process.stderr.write;
  return {
    lines,
    restore: () => {
      process.stdout.write = originals.out;
      process.stderr.write = originals.err;
    },
  };
}
