import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Data-plane cursors name a record by its business key, which may be made of fields the reader was
 * not granted: they travel encrypted (AES-256-GCM, a fresh nonce each), so a cursor reveals nothing
 * and a forged one is refused.
 */
export class CursorSealer {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash('sha256').update('hub data-plane cursors\0').update(secret).digest();
  }

  seal(text: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    // Padded to a multiple of 64 bytes, so a cursor's length says little about the key inside.
    const plain = Buffer.from(text, 'utf8');
    const padded = Buffer.concat([plain, Buffer.alloc((64 - (plain.length % 64)) % 64, ' ')]);
    const sealed = Buffer.concat([cipher.update(padded), cipher.final()]);
    return Buffer.concat([nonce, cipher.getAuthTag(), sealed]).toString('base64url');
  }

  /** The text sealed in `cursor`, or null when it is not a cursor this hub made. */
  open(cursor: string): string | null {
    const raw = Buffer.from(cursor, 'base64url');
    if (raw.length < 28) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()])
        .toString('utf8')
        .trimEnd();
    } catch {
      return null;
    }
  }
}
