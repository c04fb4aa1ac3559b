import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LEAF_KINDS } from '../log/leaf-kinds';
import { LEAF_REHASHERS, rehasherOf } from './leaf-rehashers';

const SRC = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [join(dir, e.name)] : [],
  );
}

// appendLeaves takes a LeafKind and LEAF_REHASHERS is a Record<LeafKind, ...>, so the compiler ties
// every written kind to a rehasher. These checks close the ways around the compiler.
describe('LEAF_REHASHERS', () => {
  it('should have a rehasher for every leaf kind and none for a kind nobody writes', () => {
    expect(Object.keys(LEAF_REHASHERS).sort()).toEqual([...LEAF_KINDS].sort());
    for (const kind of LEAF_KINDS) expect(typeof rehasherOf(kind)).toBe('function');
    expect(rehasherOf('test_record')).toBeUndefined();
    expect(rehasherOf('toString')).toBeUndefined();
  });

  it('should see leaves written only through appendLeaves, with no kind cast past the type', () => {
    const writers: string[] = [];
    const casts: string[] = [];
    for (const file of sources(SRC)) {
      const text = readFileSync(file, 'utf8');
      if (/INSERT\s+INTO\s+"?evidence_leaves"?/i.test(text)) writers.push(relative(SRC, file));
      if (/as\s+LeafKind\b/.test(text)) casts.push(relative(SRC, file));
    }
    expect(writers).toEqual([join('evidence-chain', 'log', 'evidence-appender.ts')]);
    expect(casts).toEqual([]);
  });
});
