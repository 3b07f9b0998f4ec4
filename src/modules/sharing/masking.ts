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

/**
 * A rule that hides at least what both `a` and `b` hide (both are rules a MASKED field is served
 * under, so neither is NONE). Two SHOW_FIRST_LAST rules keep the fewer characters at each end; REDACT
 * (length only) covers SHOW_FIRST_LAST and DATE_TO_YEAR; NULLIFY covers everything; rules that reveal
 * different things (HASH's joinability, a year, some characters) combine to NULLIFY.
 */
export function combineMasking(a: MaskingRule, b: MaskingRule): MaskingRule {
  if (a.rule === b.rule) {
    if (a.rule !== MaskingRuleKind.SHOW_FIRST_LAST) return a;
    return {
      rule: MaskingRuleKind.SHOW_FIRST_LAST,
      first: Math.min(a.first ?? 0, b.first ?? 0),
      last: Math.min(a.last ?? 0, b.last ?? 0),
    };
  }
  const kinds = new Set([a.rule, b.rule]);
  if (kinds.has(MaskingRuleKind.NULLIFY)) return { rule: MaskingRuleKind.NULLIFY };
  if (
    kinds.has(MaskingRuleKind.REDACT) &&
    (kinds.has(MaskingRuleKind.SHOW_FIRST_LAST) || kinds.has(MaskingRuleKind.DATE_TO_YEAR))
  )
    return { rule: MaskingRuleKind.REDACT };
  return { rule: MaskingRuleKind.NULLIFY };
}
