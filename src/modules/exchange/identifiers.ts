/**
 * Check-digit rules for the subjects of shared records (domain.md §9). The values are personal data:
 * no message here ever repeats a value or any character of it, nor the check character it should have.
 */
import { isLocalDate, shanghaiDate } from '../calendar/working-calendar';

/** Why an identifier was refused; `message` is safe to show and to log. */
export interface IdentifierProblem {
  code: 'LENGTH' | 'CHARACTER' | 'CHECK_DIGIT' | 'BIRTH_DATE';
  message: string;
}

/** 统一社会信用代码 alphabet (GB 32100-2015): digits and capitals without I, O, S, V, Z; index = value. */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_ID_CHECK = '10X98765432';
const IDENTIFIER_LENGTH = 18;
const EARLIEST_BIRTH_DATE = '1900-01-01';

const problem = (code: IdentifierProblem['code'], message: string): IdentifierProblem => ({ code, message });
const CHECK_DIGIT_MISMATCH = problem('CHECK_DIGIT', 'check digit does not match');
const WRONG_LENGTH = problem('LENGTH', `must be ${IDENTIFIER_LENGTH} characters`);

/** The check character of a 17-character USCC body (no validation). */
function usccCheckCharacter(body17: string): string {
  let sum = 0;
  for (let index = 0; index < 17; index += 1)
    sum += USCC_ALPHABET.indexOf(body17[index]) * USCC_WEIGHTS[index];
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** The check character of a 17-digit resident ID body (no validation). */
function residentIdCheckCharacter(body17: string): string {
  let sum = 0;
  for (let index = 0; index < 17; index += 1) sum += Number(body17[index]) * RESIDENT_ID_WEIGHTS[index];
  return RESIDENT_ID_CHECK[sum % 11];
}

/** Checks a 统一社会信用代码 (GB 32100-2015): length, alphabet and check character. */
export function checkUscc(value: string): IdentifierProblem | undefined {
  if (value.length !== IDENTIFIER_LENGTH) return WRONG_LENGTH;
  let badIndex = -1;
  for (let index = 0; index < IDENTIFIER_LENGTH && badIndex < 0; index += 1)
    if (!USCC_ALPHABET.includes(value[index])) badIndex = index;
  if (badIndex >= 0) {
    return problem(
      'CHARACTER',
      `character ${badIndex + 1} is not allowed: use digits and upper-case letters other than I, O, S, V, Z`,
    );
  }
  return usccCheckCharacter(value) === value[17] ? undefined : CHECK_DIGIT_MISMATCH;
}

/** Checks the birth date at characters 7–14 of a resident ID against [1900-01-01, today]. */
function birthDateProblem(value: string, today: string): IdentifierProblem | undefined {
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isLocalDate(birthDate))
    return problem('BIRTH_DATE', 'birth date (characters 7–14) is not a real date');
  if (birthDate < EARLIEST_BIRTH_DATE)
    return problem('BIRTH_DATE', 'birth date (characters 7–14) is before 1900');
  if (birthDate > today) return problem('BIRTH_DATE', 'birth date (characters 7–14) is in the future');
  return undefined;
}

/**
 * Checks a 居民身份证号码 (GB 11643-1999): 17 digits, check character (upper-case X only, so stored
 * values compare equal), and a real birth date from 1900 up to `today` (Asia/Shanghai).
 */
export function checkResidentId(
  value: string,
  today: string = shanghaiDate(new Date()),
): IdentifierProblem | undefined {
  if (value.length !== IDENTIFIER_LENGTH) return WRONG_LENGTH;
  const badIndex = [...value.slice(0, 17)].findIndex((character) => character < '0' || character > '9');
  if (badIndex >= 0) return problem('CHARACTER', `character ${badIndex + 1} must be a digit`);
  if (value[17] === 'x') return problem('CHARACTER', 'the check character must be an upper-case X');
  if (!/^[0-9X]$/.test(value[17])) return problem('CHARACTER', 'the check character must be a digit or X');
  if (residentIdCheckCharacter(value) !== value[17]) return CHECK_DIGIT_MISMATCH;
  return birthDateProblem(value, today);
}

/**
 * Checks a taxpayer identifier: valid when it is a valid resident ID or a valid USCC. When both fail,
 * the resident-ID problem is reported for ID-shaped values (it says more, e.g. BIRTH_DATE), else the USCC one.
 */
export function checkTaxpayerId(
  value: string,
  today: string = shanghaiDate(new Date()),
): IdentifierProblem | undefined {
  const looksLikeResidentId = /^[0-9]{17}[0-9Xx]$/.test(value);
  const residentIdProblem = looksLikeResidentId ? checkResidentId(value, today) : undefined;
  if (looksLikeResidentId && !residentIdProblem) return undefined;
  const usccProblem = checkUscc(value);
  if (!usccProblem) return undefined;
  return residentIdProblem ?? usccProblem;
}

/** A valid USCC made of a 17-character body and its check character (test data, benchmarks). */
export function uscc(body17: string): string {
  if (body17.length !== 17 || [...body17].some((character) => !USCC_ALPHABET.includes(character))) {
    throw new RangeError(`a USCC body is 17 characters from ${USCC_ALPHABET}`);
  }
  return body17 + usccCheckCharacter(body17);
}

/** A resident ID made of a 17-digit body and its check character; the birth date is not checked. */
export function residentId(body17: string): string {
  if (!/^[0-9]{17}$/.test(body17)) throw new RangeError('a resident ID body is 17 digits');
  return body17 + residentIdCheckCharacter(body17);
}
