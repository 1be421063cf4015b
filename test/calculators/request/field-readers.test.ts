import { expect } from 'chai';
import {
  jsonAnyNumber, jsonFloat, jsonInt32, jsonInt64, jsonUint64, stof, stoi32, stoi64, stou64,
} from '../../../calculators/request/field-readers.js';
import { parseJson, type JsonObject, type JsonValue } from '../../../calculators/request/json-value.js';

/** The value of `{"v": <literal>}`. */
function literal(text: string): JsonValue {
  return (parseJson(`{"v":${text}}`).value as JsonObject)['v'] as JsonValue;
}

/** Negatives shared by OVMS's testGet*FromPayloadNegative tables (JSON side). */
const NOT_NUMBERS = ['"123"', 'true', 'null', '[1,2,3]', '{}', '{"a":1}'];
/** Negatives shared by the multipart side. */
const MULTIPART_NOT_INTEGERS = ['    123 ', '123.5', 'true', 'null', '[1,2,3]', '{}', '{"a":1}'];

describe('JSON field readers (rapidjson Is*)', () => {
  it('int32 (IsInt): integer literals within int32 only', () => {
    expect(jsonInt32(literal('123'))).to.equal(123);
    expect(jsonInt32(literal('-2147483648'))).to.equal(-2147483648);
    expect(jsonInt32(literal('-0'))).to.equal(0);
    for (const text of [...NOT_NUMBERS, '123.45', '4.0', '1e2', '2147483648', '-2147483649', '1.23e29']) {
      expect(jsonInt32(literal(text)), text).to.equal(undefined);
    }
  });

  it('int64 (IsInt64): ±1234567890123 pass, doubles and overflow fail', () => {
    expect(jsonInt64(literal('1234567890123'))).to.equal(1234567890123n);
    expect(jsonInt64(literal('-1234567890123'))).to.equal(-1234567890123n);
    expect(jsonInt64(literal('-9223372036854775808'))).to.equal(-(2n ** 63n));
    for (const text of [...NOT_NUMBERS, '123.45', '1.23e29', '-1.23e29', '9223372036854775808']) {
      expect(jsonInt64(literal(text)), text).to.equal(undefined);
    }
  });

  it('uint64 (IsUint64): exact up to 2^64-1, negatives and doubles fail', () => {
    expect(jsonUint64(literal('18446744073709551615'))).to.equal(2n ** 64n - 1n);
    expect(jsonUint64(literal('9007199254740993'))).to.equal(9007199254740993n);
    expect(jsonUint64(literal('-0'))).to.equal(0n);
    for (const text of [...NOT_NUMBERS, '-1', '1.0', '18446744073709551616']) {
      expect(jsonUint64(literal(text)), text).to.equal(undefined);
    }
  });

  it('float (IsFloat, GetFloat): doubles within ±3.4028234e38, narrowed to float32', () => {
    expect(jsonFloat(literal('123.45'))).to.equal(Math.fround(123.45));
    expect(jsonFloat(literal('3.4028234e38'))).to.equal(Math.fround(3.4028234e38));
    for (const text of [...NOT_NUMBERS, '3.40282347e+39', '-1.70141173e+39', '3.40282346e38']) {
      expect(jsonFloat(literal(text)), text).to.equal(undefined);
    }
  });

  it('float: integer literals are accepted (DEVIATION: rapidjson IsFloat() is false for `123`)', () => {
    expect(jsonFloat(literal('7'))).to.equal(7);
    expect(jsonFloat(literal('123'))).to.equal(123);
  });

  it('any number (IsNumber, GetFloat): ints and floats, float32 overflow becomes infinity', () => {
    expect(jsonAnyNumber(literal('-0.5'))).to.equal(-0.5);
    expect(jsonAnyNumber(literal('2'))).to.equal(2);
    expect(jsonAnyNumber(literal('1e300'))).to.equal(Infinity);
    expect(jsonAnyNumber(literal('"0.5"'))).to.equal(undefined);
  });
});

describe('multipart field readers (std:: conversions)', () => {
  it('stoi32 (std::stoi, whole string): leading whitespace and + pass, trailing anything fails', () => {
    expect(stoi32('123')).to.equal(123);
    expect(stoi32('  123')).to.equal(123);
    expect(stoi32('\t+123')).to.equal(123);
    expect(stoi32('007')).to.equal(7);
    expect(stoi32('-2147483648')).to.equal(-2147483648);
    for (const text of [...MULTIPART_NOT_INTEGERS, '', '+', '2147483648', '0x10', '12a', '1e2']) {
      expect(stoi32(text), JSON.stringify(text)).to.equal(undefined);
    }
  });

  it('stoi64 (OVMS strict digits): optional -, no leading zeros, no whitespace or +', () => {
    expect(stoi64('1234567890123')).to.equal(1234567890123n);
    expect(stoi64('-1234567890123')).to.equal(-1234567890123n);
    expect(stoi64('0')).to.equal(0n);
    for (const text of [...MULTIPART_NOT_INTEGERS, '', '-', '-0', '0512', '+5', ' 5', '9223372036854775808']) {
      expect(stoi64(text), JSON.stringify(text)).to.equal(undefined);
    }
  });

  it('stou64 (no leading -, then std::stoull): whitespace then a sign pass, and " -5" wraps like stoull', () => {
    expect(stou64('18446744073709551615')).to.equal(2n ** 64n - 1n);
    expect(stou64('+5')).to.equal(5n);
    expect(stou64(' 007')).to.equal(7n);
    expect(stou64(' -5')).to.equal(2n ** 64n - 5n);
    for (const text of [...MULTIPART_NOT_INTEGERS, '', '-1', '18446744073709551616', ' -18446744073709551616', '5 ']) {
      expect(stou64(text), JSON.stringify(text)).to.equal(undefined);
    }
  });

  it('stof (std::stof, whole string, no NaN/Inf): decimal and hex forms, float32 range', () => {
    expect(stof('123.45')).to.equal(Math.fround(123.45));
    expect(stof('  7.5')).to.equal(7.5);
    expect(stof('7')).to.equal(7);
    expect(stof('.5')).to.equal(0.5);
    expect(stof('1.')).to.equal(1);
    expect(stof('-1e3')).to.equal(-1000);
    expect(stof('0x1p3')).to.equal(8);
    expect(stof('0x1.8')).to.equal(1.5);
    expect(stof('0')).to.equal(0);
    for (const text of ['    123.45 ', '123.45.67', 'true', 'null', '[1,2,3]', '{}', '{"a":1}', '3.40282347e+39',
      '-1.70141173e+39', 'nan', 'inf', 'infinity', '1e-50', '1e-40', '', '1e', '0x', 'x1']) {
      expect(stof(text), JSON.stringify(text)).to.equal(undefined);
    }
  });
});
