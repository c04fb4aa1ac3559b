import { SessionGate } from './session-gate';

describe(SessionGate.name, () => {
  it('should admit waiters in arrival order, one at a time, when the holder releases', async () => {
    const gate = new SessionGate<string>();
    const admitted: string[] = [];
    await gate.acquire('a');
    const b = gate.acquire('b').then(() => admitted.push('b'));
    const c = gate.acquire('c').then(() => admitted.push('c'));
    await gate.acquire('a'); // the holder re-enters without waiting
    expect(gate.queued).toBe(2);
    gate.release('a');
    await b;
    expect(gate.holder).toBe('b');
    expect(admitted).toEqual(['b']);
    gate.release('b');
    await c;
    expect(admitted).toEqual(['b', 'c']);
    gate.release('c');
    expect(gate.holder).toBeUndefined();
  });

  it('should drop a waiter that leaves the queue when it releases without holding', async () => {
    const gate = new SessionGate<string>();
    await gate.acquire('a');
    void gate.acquire('b');
    gate.release('b');
    expect(gate.queued).toBe(0);
    gate.release('a');
    expect(gate.holder).toBeUndefined();
  });
});
