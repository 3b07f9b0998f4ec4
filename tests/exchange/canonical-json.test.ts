import { ByteWriter, CanonicalJson } from '../../src/modules/exchange/canonical-json';

const CODES = ['uscc', 'name', 'headcount', 'ratio', 'active', 'closedOn'];
const canonical = new CanonicalJson(CODES);

/** JSON.stringify of the record's values in catalogue order, absent ones null. */
const asArray = (values: unknown[]) => JSON.stringify(CODES.map((_code, i) => values[i] ?? null));

describe('CanonicalJson', () => {
  it.each<[string, unknown[]]>([
    ['text, numbers, booleans and nulls', ['91320700MA1X2Y3Z4Q', '连云港企业', 12, 0.5, true, null]],
    ['text beyond the Basic Multilingual Plane', ['𠀀𪚥', '𝄞 乐谱', -0, 1e21, false, '2026-11-05']],
    ['every value absent', [null, null, null, null, null, null]],
  ])('writes %s byte for byte as JSON.stringify does', (_label, values) => {
    const out = new ByteWriter(8);
    expect(canonical.write(out, values)).toBe(true);
    expect(out.view().toString('utf8')).toBe(asArray(values));
    expect(canonical.stringify(values)).toBe(asArray(values));
  });

  it.each([['a "quote"'], ['a back\\slash'], ['a\ttab'], ['a line\nfeed']])(
    'leaves text that needs escaping (%j) to stringify, writing nothing',
    (text) => {
      const out = new ByteWriter();
      out.text('x');
      const values = ['91320700MA1X2Y3Z4Q', text, 1, 2, true, null];
      expect(canonical.write(out, values)).toBe(false);
      expect(out.view().toString('utf8')).toBe('x');
      expect(canonical.stringify(values)).toBe(asArray(values));
    },
  );

  it('writes [] for an item without fields', () => {
    const out = new ByteWriter();
    expect(new CanonicalJson([]).write(out, [])).toBe(true);
    expect(out.view().toString()).toBe('[]');
    expect(new CanonicalJson([]).stringify([])).toBe('[]');
  });
});

describe('ByteWriter', () => {
  it('grows as it is written, keeping what it holds', () => {
    const out = new ByteWriter(4);
    const source = Buffer.from('0123456789');
    out.text('税务');
    out.byte(0x2c);
    out.bytes(source, 2, 8);
    out.text('x'.repeat(100));
    expect(out.view().toString('utf8')).toBe(`税务,234567${'x'.repeat(100)}`);
    expect(out.view(6, 7).toString()).toBe(',');
  });
});

describe('ByteWriter', () => {
  it('writes text after its length in UTF-8 bytes, and 32-bit integers, as COPY binary reads them', () => {
    const out = new ByteWriter(2);
    out.sizedText('连云港 𠀀\t\\');
    out.int32(-1);
    out.sizedText('');
    const bytes = out.view();
    const text = Buffer.from('连云港 𠀀\t\\');
    expect(bytes.readInt32BE(0)).toBe(text.length);
    expect(bytes.subarray(4, 4 + text.length)).toEqual(text);
    expect(bytes.readInt32BE(4 + text.length)).toBe(-1);
    expect(bytes.readInt32BE(8 + text.length)).toBe(0);
    expect(bytes.length).toBe(12 + text.length);
  });
});
