import { FieldDataType, IdentifierKind } from '../catalog/catalog.enums';
import { CanonicalJson } from './canonical-json';
import type { RowRejection } from './delivery.entity';
import { RejectionCode } from './exchange.enums';
import { checkResidentId, checkTaxpayerId, checkUscc, type IdentifierProblem } from './identifiers';

/** What the validator needs of one catalogue field. */
export interface FieldSpec {
  code: string;
  dataType: FieldDataType;
  length?: number | null;
  scale?: number | null;
  required: boolean;
  identifier?: IdentifierKind | null;
  enumValues?: string[] | null;
}

/** What the validator needs of one item, as its current edition states it. */
export interface ItemSpec {
  itemCode: string;
  editionCode: string;
  subjectField: string;
  businessKey: string[];
  fields: FieldSpec[];
}

/** A row that passed: its values in catalogue order, ready to be written as canonical JSON. */
export class ValidRow {
  readonly ok = true;

  constructor(
    /** Parsed values, one per field of the item in catalogue order; null when absent. */
    readonly values: readonly unknown[],
    readonly subject: string,
    readonly businessKey: string,
    readonly canonical: CanonicalJson,
  ) {}

  /** Canonical JSON of the record: every field in catalogue order, null when absent. */
  get json(): string {
    return this.canonical.stringify(this.values);
  }
}

export interface InvalidRow {
  ok: false;
  rejections: RowRejection[];
}

/** Joins business-key values: U+001F (unit separator) never occurs in validated text. */
export const KEY_SEPARATOR = '\u001f';

/** What the GraphQL door names a record that is not a JSON object (rejected as an unknown field). */
export const NOT_AN_OBJECT = '(record)';
const FIELD_CODE_LIKE = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;

/**
 * How a report names a column or key the item does not have: by name if it looks like a field code,
 * else only by position (1-based). A stray header or key may be data, which reports never repeat.
 */
export function nameLabel(name: string, position: number): string {
  return FIELD_CODE_LIKE.test(name) || name === NOT_AN_OBJECT ? name : `#${position}`;
}

const IDENTIFIER_CHECKS: Record<IdentifierKind, (value: string) => IdentifierProblem | undefined> = {
  [IdentifierKind.USCC]: checkUscc,
  [IdentifierKind.RESIDENT_ID]: checkResidentId,
  [IdentifierKind.TAXPAYER_ID]: checkTaxpayerId,
};

const TRUE_WORDS = new Set(['true', '1', 'y', 'yes', '是']);
const FALSE_WORDS = new Set(['false', '0', 'n', 'no', '否']);

class FieldError extends Error {
  constructor(
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
  }
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isRealDate(year: number, month: number, day: number): boolean {
  // Years before 100 were always refused (Date.UTC reads them as 19xx): placeholders such as 0001-01-01.
  if (year < 100 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

/** The value of `length` decimal digits of `text` from `start`, or -1 if one is not a digit. */
function digitsAt(text: string, start: number, length: number): number {
  let value = 0;
  for (let index = start; index < start + length; index += 1) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** 2026-11-05, 2026/11/5 and 20261105 all mean the same day. */
function parseDate(text: string): string {
  // Already canonical (YYYY-MM-DD from year 1000, as most files write it): checked in place, kept as it is.
  if (
    text.length === 10 &&
    text.charCodeAt(0) !== 48 &&
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(7) === 45
  ) {
    const year = digitsAt(text, 0, 4);
    const month = digitsAt(text, 5, 2);
    const day = digitsAt(text, 8, 2);
    if (year >= 0 && month >= 0 && day >= 0) {
      if (!isRealDate(year, month, day))
        throw new FieldError(RejectionCode.FORMAT, 'not a real calendar date');
      return text;
    }
  }
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) throw new FieldError(RejectionCode.FORMAT, 'expected a date such as 2026-11-05');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!isRealDate(year, month, day)) throw new FieldError(RejectionCode.FORMAT, 'not a real calendar date');
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** ISO 8601 with an offset, or a local time in China (UTC+8), as most source systems write it. */
function parseDateTime(text: string): string {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?(Z|([+-])(\d{2}):?(\d{2}))?$/.exec(
      text,
    );
  if (!match)
    throw new FieldError(
      RejectionCode.FORMAT,
      'expected a date-time such as 2026-11-05 09:30:00 or 2026-11-05T09:30:00+08:00',
    );
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  if (!isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 59) {
    throw new FieldError(RejectionCode.FORMAT, 'not a real date-time');
  }
  let offset = '+08:00';
  if (match[8] === 'Z') offset = '+00:00';
  else if (match[8]) {
    if (Number(match[10]) > 14 || Number(match[11]) > 59)
      throw new FieldError(RejectionCode.FORMAT, 'not a real time-zone offset');
    offset = `${match[9]}${match[10]}:${match[11]}`;
  }
  const fraction = match[7] ? match[7].replace(/0+$/, '') : '';
  return `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${pad(second)}${fraction === '.' ? '' : fraction}${offset}`;
}

/**
 * `text` if it already is a canonical decimal for the field (digits, no sign, no leading zero, the
 * scale's decimal places or none trailing), checked in place; undefined when parseDecimal must rewrite it.
 */
function canonicalDecimal(text: string, field: FieldSpec, scale: number | undefined): string | undefined {
  const dot = text.indexOf('.');
  const integerLength = dot === -1 ? text.length : dot;
  const fractionLength = dot === -1 ? 0 : text.length - dot - 1;
  if (integerLength === 0 || (integerLength > 1 && text.charCodeAt(0) === 48)) return undefined;
  if (dot !== -1 && fractionLength === 0) return undefined;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if ((code < 48 || code > 57) && index !== dot) return undefined;
  }
  if (scale !== undefined) {
    if (fractionLength !== scale) return undefined;
    if (field.length && integerLength > field.length - scale)
      throw new FieldError(
        RejectionCode.LENGTH,
        `more than ${field.length - scale} digits before the decimal point`,
      );
  } else {
    if (dot !== -1 && text.charCodeAt(text.length - 1) === 48) return undefined;
    if (field.length && integerLength + fractionLength > field.length)
      throw new FieldError(RejectionCode.LENGTH, `more than ${field.length} digits`);
  }
  return text;
}

/** Digits of a number's text from its first non-zero one, sign and point left out. */
function significantDigits(text: string): number {
  return text.replace(/[-+.]/g, '').replace(/^0+/, '').length;
}

/** A number's decimal text without an exponent: String() writes one below 10^-6 and from 10^21. */
function plainNumberText(value: number): string {
  const text = String(value);
  const e = text.indexOf('e');
  if (e === -1) return text;
  const sign = text.startsWith('-') ? '-' : '';
  const mantissa = text.slice(sign.length, e);
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  // Where the decimal point falls in `digits` once the exponent is applied.
  const point = (dot === -1 ? mantissa.length : dot) + Number(text.slice(e + 1));
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Decimal as canonical text (no float rounding): digits limited by length/scale, padded to the scale. */
function parseDecimal(raw: unknown, field: FieldSpec): string {
  if (typeof raw === 'string') {
    const canonical = canonicalDecimal(
      raw,
      field,
      field.scale ?? (field.dataType === FieldDataType.MONEY ? 2 : undefined),
    );
    if (canonical !== undefined) return canonical;
  }
  const number = typeof raw === 'number' && Number.isFinite(raw) ? plainNumberText(raw) : undefined;
  // A JSON number was parsed as a double: beyond 15 significant digits it may no longer be what was sent
  // (an integer's trailing zeros count: above 10^15 the double may have rounded the digits they stand for).
  if (number !== undefined && significantDigits(number) > 15)
    throw new FieldError(
      RejectionCode.TYPE,
      'a JSON number of more than 15 significant digits may have lost some; send this decimal as a string',
    );
  const text = number ?? (typeof raw === 'string' ? raw.trim() : '');
  // Commas only as thousands separators (1,234.5); "1,25" is a decimal comma and would be read 100 times too large.
  const plain = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) ? text.replace(/,/g, '') : text;
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(plain);
  if (!match)
    throw new FieldError(
      RejectionCode.TYPE,
      'expected a decimal number such as 1234.56 (no exponent, commas only between thousands)',
    );
  const integer = match[2].replace(/^0+(?=\d)/, '');
  let fraction = match[3] ?? '';
  const scale = field.scale ?? (field.dataType === FieldDataType.MONEY ? 2 : undefined);
  if (scale !== undefined) {
    if (fraction.replace(/0+$/, '').length > scale)
      throw new FieldError(RejectionCode.LENGTH, `more than ${scale} decimal places`);
    fraction = fraction.slice(0, scale).padEnd(scale, '0');
  } else {
    fraction = fraction.replace(/0+$/, '');
  }
  if (field.length) {
    const allowed = field.length - (scale ?? 0);
    if (scale !== undefined && integer.length > allowed)
      throw new FieldError(RejectionCode.LENGTH, `more than ${allowed} digits before the decimal point`);
    if (scale === undefined && integer.length + fraction.length > field.length)
      throw new FieldError(RejectionCode.LENGTH, `more than ${field.length} digits`);
  }
  const sign = match[1] === '-' && /[1-9]/.test(integer + fraction) ? '-' : '';
  return `${sign}${integer}${fraction ? `.${fraction}` : ''}`;
}

/** C0 control characters other than tab, line feed and carriage return: never meaningful in shared text. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Half of a UTF-16 pair on its own: not text, and PostgreSQL refuses it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_OR_SURROGATE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\uD800-\uDFFF]/;
const FLOAT_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function parseValue(raw: unknown, field: FieldSpec): unknown {
  switch (field.dataType) {
    case FieldDataType.STRING: {
      if (typeof raw !== 'string') throw new FieldError(RejectionCode.TYPE, 'expected text');
      // UTF-16 length ≥ code points: count code points only when it could matter.
      if (field.length && raw.length > field.length && [...raw].length > field.length)
        throw new FieldError(RejectionCode.LENGTH, `longer than ${field.length} characters`);
      // One test finds both rare cases; only then is each looked for.
      if (CONTROL_OR_SURROGATE.test(raw)) {
        if (CONTROL_CHARACTER.test(raw))
          throw new FieldError(RejectionCode.TYPE, 'contains a control character');
        if (LONE_SURROGATE.test(raw))
          throw new FieldError(RejectionCode.TYPE, 'is not well-formed Unicode text');
      }
      if (field.enumValues && !field.enumValues.includes(raw)) {
        throw new FieldError(
          RejectionCode.ENUM,
          `not one of the ${field.enumValues.length} allowed values: ${field.enumValues.join('、')}`,
        );
      }
      if (field.identifier) {
        const problem = IDENTIFIER_CHECKS[field.identifier](raw);
        if (problem) throw new FieldError(RejectionCode.IDENTIFIER, problem.message);
      }
      return raw;
    }
    case FieldDataType.INTEGER: {
      const value = typeof raw === 'string' && /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : raw;
      if (typeof value !== 'number' || !Number.isSafeInteger(value))
        throw new FieldError(RejectionCode.TYPE, 'expected a whole number');
      if (field.length && String(Math.abs(value)).length > field.length)
        throw new FieldError(RejectionCode.LENGTH, `more than ${field.length} digits`);
      return value;
    }
    case FieldDataType.DECIMAL:
    case FieldDataType.MONEY:
      return parseDecimal(raw, field);
    case FieldDataType.FLOAT: {
      const value = typeof raw === 'string' && FLOAT_TEXT.test(raw.trim()) ? Number(raw) : raw;
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new FieldError(RejectionCode.TYPE, 'expected a number');
      return value;
    }
    case FieldDataType.DATE:
      if (typeof raw !== 'string') throw new FieldError(RejectionCode.TYPE, 'expected a date as text');
      return parseDate(raw.trim());
    case FieldDataType.DATETIME:
      if (typeof raw !== 'string') throw new FieldError(RejectionCode.TYPE, 'expected a date-time as text');
      return parseDateTime(raw.trim());
    case FieldDataType.BOOLEAN: {
      if (typeof raw === 'boolean') return raw;
      if (typeof raw !== 'string' && typeof raw !== 'number')
        throw new FieldError(RejectionCode.TYPE, 'expected true or false (是/否, 1/0)');
      const word = String(raw).trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      throw new FieldError(RejectionCode.TYPE, 'expected true or false (是/否, 1/0)');
    }
  }
}

/** A compiled validator for one item: checks a row against every field and builds the canonical record. */
export class RowValidator {
  private readonly byCode: Map<string, FieldSpec>;
  /** How this item's records are written as JSON. */
  readonly canonical: CanonicalJson;
  private readonly subjectIndex: number;
  private readonly keyIndexes: number[];

  constructor(readonly spec: ItemSpec) {
    this.byCode = new Map(spec.fields.map((field) => [field.code, field]));
    this.canonical = new CanonicalJson(spec.fields.map((field) => field.code));
    const indexOf = (code: string) => spec.fields.findIndex((field) => field.code === code);
    this.subjectIndex = indexOf(spec.subjectField);
    this.keyIndexes = spec.businessKey.map(indexOf);
  }

  /** Column names that are not fields of the item (a CSV header is checked once, up front). */
  unknownColumns(columns: string[]): string[] {
    return columns.filter((column) => !this.byCode.has(column));
  }

  validate(values: Record<string, unknown>, row: number): ValidRow | InvalidRow {
    let rejections: RowRejection[] | undefined;
    let position = 0;
    for (const key in values) {
      position += 1;
      if (this.byCode.has(key)) continue;
      const field = nameLabel(key, position);
      (rejections ??= []).push({
        row,
        field,
        code: RejectionCode.UNKNOWN_FIELD,
        message:
          field === key
            ? 'not a field of this item'
            : `key ${field} of the record is not a field of this item (its name is not repeated: it may be data)`,
      });
    }
    const { fields } = this.spec;
    const parsed: unknown[] = new Array(fields.length);
    for (let index = 0; index < fields.length; index += 1) {
      const field = fields[index];
      const raw = values[field.code];
      let value: unknown = null;
      if (raw === undefined || raw === null || raw === '') {
        if (field.required)
          (rejections ??= []).push({
            row,
            field: field.code,
            code: RejectionCode.REQUIRED,
            message: 'is required',
          });
      } else {
        try {
          value = parseValue(raw, field);
        } catch (error) {
          if (!(error instanceof FieldError)) throw error;
          (rejections ??= []).push({ row, field: field.code, code: error.code, message: error.message });
        }
      }
      parsed[index] = value;
    }
    if (rejections !== undefined) return { ok: false, rejections };
    return new ValidRow(
      parsed,
      String(parsed[this.subjectIndex]),
      this.keyIndexes.length === 1
        ? String(parsed[this.keyIndexes[0]])
        : this.keyIndexes.map((index) => String(parsed[index])).join(KEY_SEPARATOR),
      this.canonical,
    );
  }
}
