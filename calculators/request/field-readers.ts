/**
 * @module calculators/request/field-readers
 * OVMS's typed field readers: rapidjson's Is*() predicates on lossless JSON numbers (generations) and the std::
 * string conversions OVMS applies to multipart text fields (edits). Each returns undefined when OVMS rejects.
 */
import { JsonNumber, type JsonValue } from './json-value.js';

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
/** rapidjson IsFloat(): a double within ±3.4028234e38 (the literal rapidjson compares with). */
const RAPIDJSON_FLOAT_LIMIT = 3.4028234e38;

function integerLiteral(value: JsonValue | undefined): bigint | undefined {
  return value instanceof JsonNumber && value.isIntegerLiteral ? BigInt(value.lexeme) : undefined;
}

function within(value: bigint | undefined, min: bigint, max: bigint): bigint | undefined {
  return value !== undefined && value >= min && value <= max ? value : undefined;
}

/** rapidjson IsInt(): an integer literal within int32 (`4.0` is a double, so it is not). */
export function jsonInt32(value: JsonValue | undefined): number | undefined {
  const int = within(integerLiteral(value), INT32_MIN, INT32_MAX);
  return int === undefined ? undefined : Number(int);
}

/** rapidjson IsInt64(). */
export function jsonInt64(value: JsonValue | undefined): bigint | undefined {
  return within(integerLiteral(value), INT64_MIN, INT64_MAX);
}

/** rapidjson IsUint64(): exact up to 2^64-1 (`-0` is the integer 0, as in rapidjson). */
export function jsonUint64(value: JsonValue | undefined): bigint | undefined {
  return within(integerLiteral(value), 0n, UINT64_MAX);
}

/**
 * rapidjson IsFloat() then GetFloat(): a double within the float range, narrowed to float32.
 * DEVIATION: rapidjson's IsFloat() is false for integer literals, so OVMS rejects `"guidance_scale": 7`; we accept
 * any JSON number in range (integers up to 2^64-1 would be doubles in rapidjson too, beyond that they are already).
 */
export function jsonFloat(value: JsonValue | undefined): number | undefined {
  if (!(value instanceof JsonNumber)) return undefined;
  const double = value.toNumber();
  return double >= -RAPIDJSON_FLOAT_LIMIT && double <= RAPIDJSON_FLOAT_LIMIT ? Math.fround(double) : undefined;
}

/** rapidjson IsNumber() then GetFloat() (lora_alphas values): any number, narrowed to float32 (may become ±Infinity). */
export function jsonAnyNumber(value: JsonValue | undefined): number | undefined {
  return value instanceof JsonNumber ? Math.fround(value.toNumber()) : undefined;
}

/** The characters C's isspace() skips before a number. */
const C_SPACE = '[ \\t\\n\\v\\f\\r]*';
const STOI_PATTERN = new RegExp(`^${C_SPACE}([+-]?\\d+)$`);

/**
 * ovms::stoi32 = std::stoi with the whole string consumed: leading whitespace and a `+` pass, leading zeros pass,
 * trailing characters (even whitespace) fail, and so do values outside int32.
 */
export function stoi32(text: string): number | undefined {
  const match = STOI_PATTERN.exec(text);
  const int = match?.[1] === undefined ? undefined : within(BigInt(match[1]), INT32_MIN, INT32_MAX);
  return int === undefined ? undefined : Number(int);
}

/** ovms::stoi64: an optional `-` then digits only, no leading zeros (except "0" itself; "-0" fails), int64 range. */
export function stoi64(text: string): bigint | undefined {
  if (!/^-?\d+$/.test(text)) return undefined;
  const digitsStart = text.startsWith('-') ? 1 : 0;
  if (text.length > 1 && text[digitsStart] === '0') return undefined;
  return within(BigInt(text), INT64_MIN, INT64_MAX);
}

/**
 * ovms::stou64: the string must not start with `-`, then std::stoull consumes all of it. stoull skips leading
 * whitespace and accepts a sign there, negating modulo 2^64 (" -5" is 2^64-5), and fails when the magnitude
 * exceeds 2^64-1.
 */
export function stou64(text: string): bigint | undefined {
  if (text.startsWith('-')) return undefined;
  const match = STOI_PATTERN.exec(text);
  if (match?.[1] === undefined) return undefined;
  const signed = BigInt(match[1]);
  const magnitude = signed < 0n ? -signed : signed;
  if (magnitude > UINT64_MAX) return undefined;
  return signed < 0n ? BigInt.asUintN(64, signed) : signed;
}

const DECIMAL_FLOAT = new RegExp(`^${C_SPACE}([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)$`);
const HEX_FLOAT = new RegExp(`^${C_SPACE}([+-]?)0[xX]((?:[0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+))(?:[pP]([+-]?\\d+))?$`);
const FLOAT_MIN_NORMAL = 2 ** -126;

/**
 * ovms::stof = std::stof with the whole string consumed, NaN and Inf rejected. strtof accepts leading whitespace,
 * decimal and hexadecimal forms; std::stof throws on ERANGE, which glibc raises on overflow and on underflow to a
 * subnormal or zero result. (Decimal text is rounded to double, then to float: a double rounding that can differ
 * from strtof only for inputs within 2^-53 relative of a float rounding boundary.)
 */
export function stof(text: string): number | undefined {
  const decimal = DECIMAL_FLOAT.exec(text);
  let exact: number;
  let isNonZero: boolean;
  if (decimal?.[1] !== undefined) {
    exact = Number(decimal[1]);
    isNonZero = /[1-9]/.test(decimal[1].replace(/[eE].*$/, ''));
  } else {
    const hex = HEX_FLOAT.exec(text);
    if (hex === null) return undefined;
    const [mantissaDigits = '', fraction = ''] = (hex[2] ?? '').split('.');
    const mantissa = Number.parseInt(`${mantissaDigits}${fraction}` || '0', 16);
    exact = (hex[1] === '-' ? -1 : 1) * mantissa * 2 ** (Number(hex[3] ?? '0') - 4 * fraction.length);
    isNonZero = mantissa !== 0;
  }
  const float = Math.fround(exact);
  if (!Number.isFinite(float)) return undefined;
  if (isNonZero && Math.abs(float) < FLOAT_MIN_NORMAL) return undefined;
  return float;
}
