/**
 * The canonical JSON of an item's records, written once per row as UTF-8: the same bytes are hashed
 * (content hash, delivery checksum) and copied into PostgreSQL, with no string built per row on the
 * common path. A bulk delivery spends most of its time here and in the garbage those strings made.
 */

/** A growable byte buffer written from the front. */
export class ByteWriter {
  buffer: Buffer;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  private ensure(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  /** Appends `value` as UTF-8. */
  text(value: string): void {
    // A UTF-16 unit takes at most 3 UTF-8 bytes.
    this.ensure(value.length * 3);
    this.length += this.buffer.write(value, this.length);
  }

  byte(value: number): void {
    this.ensure(1);
    this.buffer[this.length++] = value;
  }

  bytes(source: Buffer, start: number, end: number): void {
    this.ensure(end - start);
    this.length += source.copy(this.buffer, this.length, start, end);
  }

  /** Appends a 32-bit big-endian signed integer (COPY's binary format: lengths, -1 for NULL, int4). */
  int32(value: number): void {
    this.ensure(4);
    this.length = this.buffer.writeInt32BE(value, this.length);
  }

  /** Appends `value` as UTF-8 after its length in bytes (a field of COPY's binary format). */
  sizedText(value: string): void {
    this.ensure(4 + value.length * 3);
    const start = this.length + 4;
    const end = start + this.buffer.write(value, start);
    this.buffer.writeInt32BE(end - start, this.length);
    this.length = end;
  }

  view(start = 0, end = this.length): Buffer {
    return this.buffer.subarray(start, end);
  }
}

/** Text JSON.stringify would escape: a quote, a backslash or a control character. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

/**
 * A record's values as a JSON array, every field of the item in catalogue order (its layout), null when
 * absent: byte for byte what `JSON.stringify` gives for that array (stored content hashes depend on it).
 */
export class CanonicalJson {
  constructor(readonly fieldCodes: readonly string[]) {}

  stringify(values: readonly unknown[]): string {
    let json = '[';
    for (let index = 0; index < this.fieldCodes.length; index += 1)
      json += (index === 0 ? '' : ',') + JSON.stringify(values[index] ?? null);
    return `${json}]`;
  }

  /**
   * Writes the JSON into `out` when no text value needs escaping (the common case) and returns true;
   * otherwise writes nothing and returns false, and the caller writes `stringify`'s result instead.
   * Values are what the validator produced: text, finite numbers, booleans or null.
   */
  write(out: ByteWriter, values: readonly unknown[]): boolean {
    // One string per row, written in one go: much cheaper than a write per value.
    let json = '[';
    for (let index = 0; index < this.fieldCodes.length; index += 1) {
      const value = values[index] ?? null;
      if (index > 0) json += ',';
      if (typeof value !== 'string') json += String(value);
      else if (NEEDS_ESCAPE.test(value)) return false;
      else json += `"${value}"`;
    }
    out.text(`${json}]`);
    return true;
  }
}
