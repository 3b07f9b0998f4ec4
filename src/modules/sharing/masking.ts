import { createHmac } from 'node:crypto';
import { MaskingRuleKind } from '../catalog/catalog.enums';

/** A field's masking rule, as the catalogue states it. */
export interface MaskingRule {
  rule: MaskingRuleKind;
  first?: number | null;
  last?: number | null;
}

const MASK = '*';

/**
 * Masks one value for a field granted MASKED (Apache Ranger's rules). Characters are counted as code
 * points, so Chinese names mask as readers expect. A value too short to keep `first` and `last` is
 * masked whole: showing all of it would defeat the rule. HASH is an HMAC with the hub's own key, so the
 * same value always hashes alike (records stay joinable) yet cannot be found by hashing guesses.
 */
export function maskValue(value: unknown, masking: MaskingRule, hashKey: string): unknown {
  if (value === null || value === undefined) return value;
  switch (masking.rule) {
    case MaskingRuleKind.NONE:
      return value;
    case MaskingRuleKind.NULLIFY:
      return null;
    case MaskingRuleKind.HASH:
      return createHmac('sha256', hashKey).update(String(value), 'utf8').digest('hex');
    case MaskingRuleKind.REDACT:
      return MASK.repeat([...String(value)].length);
    case MaskingRuleKind.DATE_TO_YEAR: {
      const year = /^(\d{4})-\d{2}-\d{2}/.exec(String(value));
      return year ? year[1] : null;
    }
    case MaskingRuleKind.SHOW_FIRST_LAST: {
      const characters = [...String(value)];
      const first = masking.first ?? 0;
      const last = masking.last ?? 0;
      if (characters.length <= first + last) return MASK.repeat(characters.length);
      const hidden = characters.length - first - last;
      return (
        characters.slice(0, first).join('') +
        MASK.repeat(hidden) +
        (last > 0 ? characters.slice(-last).join('') : '')
      );
    }
  }
}

/** How much of a value a rule leaves readable: higher is stricter. */
function strictness(masking: MaskingRule): number {
  switch (masking.rule) {
    case MaskingRuleKind.NONE:
      return 0;
    case MaskingRuleKind.SHOW_FIRST_LAST:
      // Fewer characters shown is stricter; always milder than the rules that show none.
      return 1 - ((masking.first ?? 0) + (masking.last ?? 0)) / 1000;
    case MaskingRuleKind.DATE_TO_YEAR:
      return 1;
    case MaskingRuleKind.HASH:
      return 2;
    case MaskingRuleKind.REDACT:
      return 3;
    case MaskingRuleKind.NULLIFY:
      return 4;
  }
}

/** The stricter of two rules: a grant is served under the rule it was made with unless the catalogue's is now stricter. */
export function stricterMasking(a: MaskingRule, b: MaskingRule | undefined): MaskingRule {
  if (!b) return a;
  return strictness(b) > strictness(a) ? b : a;
}
