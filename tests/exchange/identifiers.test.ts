import {
  checkResidentId,
  checkTaxpayerId,
  checkUscc,
  type IdentifierProblem,
  residentId,
  uscc,
} from '../../src/modules/exchange/identifiers';

const VALID_USCC = '91350100M000100Y43';
const VALID_RESIDENT_ID = '11010519491231002X';
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const TODAY = '2026-06-01';

/** A small seeded generator, so a failing random case can be reproduced. */
function randomSource(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % below;
  };
}

const random = randomSource(20260601);
const pick = (alphabet: string, length: number) =>
  Array.from({ length }, () => alphabet[random(alphabet.length)]).join('');

/** A random valid USCC. */
function randomUscc(): string {
  return uscc(pick(USCC_ALPHABET, 17));
}

/** A random valid resident ID born between 1900 and 2025. */
function randomResidentId(): string {
  const birth = new Date(Date.UTC(1900, 0, 1) + random(126 * 365) * 86_400_000).toISOString().slice(0, 10);
  return residentId(
    pick('123456789', 1) + pick('0123456789', 5) + birth.replaceAll('-', '') + pick('0123456789', 3),
  );
}

/** `value` with the character at `index` replaced by a different one from `alphabet`. */
function substitute(value: string, index: number, alphabet: string): string {
  const others = alphabet.replace(value[index], '');
  return value.slice(0, index) + others[random(others.length)] + value.slice(index + 1);
}

/** Asserts a problem's message does not leak the value or any long part of it. */
function expectNoLeak(problem: IdentifierProblem | undefined, value: string): void {
  expect(problem).toBeDefined();
  const message = problem?.message ?? '';
  expect(message).not.toContain(value);
  for (let start = 0; start + 6 <= value.length; start += 1)
    expect(message).not.toContain(value.slice(start, start + 6));
  expect(message).not.toMatch(/expected/i);
}

describe('checkUscc', () => {
  it.each([VALID_USCC, uscc('91110000600037341'), uscc('12100000000000000')])('accepts %s', (value) => {
    expect(checkUscc(value)).toBeUndefined();
  });

  it.each([
    ['one character short', VALID_USCC.slice(0, 17), 'LENGTH'],
    ['one character long', `${VALID_USCC}3`, 'LENGTH'],
    ['empty', '', 'LENGTH'],
    ['the letter I', '91350100I000100Y43', 'CHARACTER'],
    ['the letter O', '91350100O000100Y43', 'CHARACTER'],
    ['the letter Z', '91350100Z000100Y43', 'CHARACTER'],
    ['the letter S', '91350100S000100Y43', 'CHARACTER'],
    ['the letter V', '91350100V000100Y43', 'CHARACTER'],
    ['a lower-case letter', '91350100m000100Y43', 'CHARACTER'],
    ['a space', '91350100 000100Y43', 'CHARACTER'],
    ['a wrong check character', '91350100M000100Y44', 'CHECK_DIGIT'],
    ['two swapped characters', '91351000M000100Y43', 'CHECK_DIGIT'],
  ])('refuses %s', (_why, value, code) => {
    const problem = checkUscc(value);
    expect(problem?.code).toBe(code);
    if (value.length >= 6) expectNoLeak(problem, value);
  });

  it('names the position of a bad character, never the character', () => {
    expect(checkUscc('91350100I000100Y43')?.message).toBe(
      'character 9 is not allowed: use digits and upper-case letters other than I, O, S, V, Z',
    );
  });
});

describe('checkResidentId', () => {
  it.each([VALID_RESIDENT_ID, residentId('11010519900307123'), residentId('44030020000229001')])(
    'accepts %s',
    (value) => {
      expect(checkResidentId(value, TODAY)).toBeUndefined();
    },
  );

  it.each([
    ['17 characters', VALID_RESIDENT_ID.slice(0, 17), 'LENGTH', /18 characters/],
    ['19 characters', `${VALID_RESIDENT_ID}1`, 'LENGTH', /18 characters/],
    ['the old 15-digit form', '110105491231002', 'LENGTH', /18 characters/],
    ['a letter in the body', '1101051949123100AX', 'CHARACTER', /character 17 must be a digit/],
    ['a lower-case x', '11010519491231002x', 'CHARACTER', /upper-case X/],
    ['another letter as check character', '11010519491231002Y', 'CHARACTER', /digit or X/],
    ['a wrong check digit', '110105194912310021', 'CHECK_DIGIT', /check digit does not match/],
    ['an impossible birth date 19490231', residentId('11010519490231002'), 'BIRTH_DATE', /not a real date/],
    ['month 13', residentId('11010519491301002'), 'BIRTH_DATE', /not a real date/],
    ['29 February of a common year', residentId('11010520250229002'), 'BIRTH_DATE', /not a real date/],
    ['a birth date after today', residentId('11010520260602002'), 'BIRTH_DATE', /in the future/],
    ['a birth date before 1900', residentId('11010518991231002'), 'BIRTH_DATE', /before 1900/],
  ])('refuses %s', (_why, value, code, message) => {
    const problem = checkResidentId(value, TODAY);
    expect(problem?.code).toBe(code);
    expect(problem?.message).toMatch(message);
    expectNoLeak(problem, value);
  });

  it('accepts a birth date of today and judges "today" in Asia/Shanghai by default', () => {
    expect(checkResidentId(residentId('11010520260601002'), TODAY)).toBeUndefined();
    expect(checkResidentId(residentId('11010529991231002'))?.code).toBe('BIRTH_DATE');
  });
});

describe('checkTaxpayerId', () => {
  it.each([
    ['a USCC', VALID_USCC],
    ['a resident ID', VALID_RESIDENT_ID],
    ['a USCC with an all-digit body that is no resident ID', uscc('91320700000000000')],
  ])('accepts %s', (_why, value) => {
    expect(checkTaxpayerId(value, TODAY)).toBeUndefined();
  });

  it.each([
    ['a resident ID with an impossible birth date', residentId('11010519490231002'), 'BIRTH_DATE'],
    ['a resident ID with a lower-case x', '11010519491231002x', 'CHARACTER'],
    ['a resident ID with a wrong check digit', '110105194912310021', 'CHECK_DIGIT'],
    ['a USCC with the letter O', '91350100O000100Y43', 'CHARACTER'],
    ['a USCC with a wrong check character', '91350100M000100Y44', 'CHECK_DIGIT'],
    ['a value of the wrong length', '9135010', 'LENGTH'],
  ])('refuses %s', (_why, value, code) => {
    const problem = checkTaxpayerId(value, TODAY);
    expect(problem?.code).toBe(code);
    if (value.length >= 6) expectNoLeak(problem, value);
  });
});

describe('generated identifiers', () => {
  const usccs = Array.from({ length: 100 }, randomUscc);
  const residentIds = Array.from({ length: 100 }, randomResidentId);

  it('100 random USCCs pass both checks', () => {
    for (const value of usccs) {
      expect(checkUscc(value)).toBeUndefined();
      expect(checkTaxpayerId(value, TODAY)).toBeUndefined();
    }
  });

  it('100 random resident IDs pass both checks', () => {
    for (const value of residentIds) {
      expect(checkResidentId(value, TODAY)).toBeUndefined();
      expect(checkTaxpayerId(value, TODAY)).toBeUndefined();
    }
  });

  it('any one changed character is caught, and the message never shows the value', () => {
    for (const value of usccs) {
      const changed = substitute(value, random(18), USCC_ALPHABET);
      expect(checkUscc(changed)?.code).toBe('CHECK_DIGIT');
      expectNoLeak(checkUscc(changed), changed);
    }
    for (const value of residentIds) {
      const changed = substitute(value, random(17), '0123456789');
      expect(checkResidentId(changed, TODAY)?.code).toBe('CHECK_DIGIT');
      expectNoLeak(checkResidentId(changed, TODAY), changed);
    }
  });

  it('refuses bodies that cannot be completed', () => {
    expect(() => uscc('91350100I00010')).toThrow(RangeError);
    expect(() => uscc('91350100I000100Y4')).toThrow(RangeError);
    expect(() => residentId('1101051949123100X')).toThrow(RangeError);
    expect(() => residentId('110105194912310')).toThrow(RangeError);
  });
});
