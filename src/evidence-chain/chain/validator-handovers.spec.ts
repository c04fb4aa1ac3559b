import { fakeChainReceipt } from '../../../test/support/evidence-fake-chain';
import { CometAnchor } from '../verifier/receipt';
import { changesAnnouncedIn, parseValsetChanges } from './validator-handovers';

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe(parseValsetChanges.name, () => {
  it("should read the heights of the app's /valset/changes answer", () => {
    const value = json({
      changes: [
        { height: '12', validatorsHash: 'AB'.repeat(32) },
        { height: '40', validatorsHash: 'CD'.repeat(32) },
      ],
    });
    expect(parseValsetChanges({ code: 0, value })).toEqual([12, 40]);
    expect(parseValsetChanges({ code: 0, value: json({ changes: [] }) })).toEqual([]);
  });

  it('should return null when the app does not serve the path, as the kvstore does', () => {
    expect(parseValsetChanges({ code: 0, value: null })).toBeNull(); // kvstore: "does not exist"
    expect(parseValsetChanges({ code: 1, value: json({ changes: [] }) })).toBeNull();
    expect(parseValsetChanges({ code: 0, value: new TextEncoder().encode('not json') })).toBeNull();
    expect(parseValsetChanges({ code: 0, value: json({ other: 1 }) })).toBeNull();
  });
});

describe(changesAnnouncedIn.name, () => {
  it('should find the height after each header that announces another next set', () => {
    const anchor = fakeChainReceipt({
      changes: [
        { 0: 1, 1: 1, 2: 1, 3: 1, 4: 1 },
        { 0: 2, 1: 1, 2: 1, 3: 1, 4: 1 },
      ],
    }).receipt.anchor as CometAnchor;
    const headers = [...anchor.handover!.map((h) => h.header), anchor.header];
    expect(changesAnnouncedIn(headers)).toEqual([10, 20]);
    expect(changesAnnouncedIn([anchor.header])).toEqual([]);
  });
});
