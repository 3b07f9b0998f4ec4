import { CursorSealer } from '../../src/modules/sharing/data-plane/cursor-sealer';

describe('CursorSealer', () => {
  const sealer = new CursorSealer('a secret of the hub');

  it('opens what it sealed, and nothing sealed under another secret or altered', () => {
    const cursor = sealer.seal('["scope","91320700MA1XXXXXX1"]');
    expect(sealer.open(cursor)).toBe('["scope","91320700MA1XXXXXX1"]');
    expect(new CursorSealer('another secret').open(cursor)).toBeNull();
    const altered = Buffer.from(cursor, 'base64url');
    altered[altered.length - 1] ^= 1;
    expect(sealer.open(altered.toString('base64url'))).toBeNull();
    expect(sealer.open('not a cursor')).toBeNull();
  });

  it('gives keys of different lengths cursors of one length, and never the same cursor twice', () => {
    const short = sealer.seal('["s","1"]');
    const long = sealer.seal(`["s","${'9'.repeat(40)}"]`);
    expect(short.length).toBe(long.length);
    expect(sealer.seal('["s","1"]')).not.toBe(short);
  });
});
