import { AttemptSignal } from './attempt-signal';

describe(AttemptSignal.name, () => {
  it('should call every listener once with the reason, and tell it was aborted', () => {
    const signal = new AttemptSignal();
    const heard: string[] = [];
    signal.onAbort((reason) => heard.push(`first ${reason.message}`));
    signal.onAbort((reason) => heard.push(`second ${reason.message}`));
    expect(signal.aborted).toBe(false);
    signal.abort(new Error('timeout'));
    signal.abort(new Error('again'));
    expect(heard).toEqual(['first timeout', 'second timeout']);
    expect(signal.aborted).toBe(true);
    expect(signal.reason?.message).toBe('timeout');
  });

  it('should call a listener added after the abort at once', () => {
    const signal = new AttemptSignal();
    signal.abort(new Error('timeout'));
    const heard: string[] = [];
    signal.onAbort((reason) => heard.push(reason.message));
    expect(heard).toEqual(['timeout']);
  });

  it('should not call a listener that was removed', () => {
    const signal = new AttemptSignal();
    const heard: string[] = [];
    const stop = signal.onAbort(() => heard.push('removed'));
    signal.onAbort(() => heard.push('kept'));
    stop();
    signal.abort(new Error('timeout'));
    expect(heard).toEqual(['kept']);
  });
});
