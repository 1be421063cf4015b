/**
 * @module calculators/openvino/ir/float16
 * IEEE binary16 conversion (Node 20 has no Float16Array). f32 → f16 rounds to nearest, ties to even; the clamped
 * variant saturates at ±65504 like OpenVINO's `convert_from_f32_to_f16_with_clamp`, which compresses weights.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** f32 → f16 bits, overflow to ±infinity. */
export function float16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0] ?? 0;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    // Subnormal half: value / 2^-24, i.e. the 24-bit significand shifted right by 14 - halfExponent.
    if (halfExponent < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - halfExponent;
    let half = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && (half & 1) === 1)) half++;
    return sign | half;
  }
  let half = (halfExponent << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1)) half++;
  return sign | half;
}

const MAX_HALF_BITS = 0x7bff; // 65504

/** f32 → f16 bits, saturating finite values at ±65504 (NaN stays NaN). */
export function float16BitsClamped(value: number): number {
  const bits = float16Bits(value);
  if ((bits & 0x7fff) === 0x7c00 && Number.isFinite(value)) return (bits & 0x8000) | MAX_HALF_BITS;
  return bits;
}

/** f16 bits → number (exact). */
export function float16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Rounds every value to the nearest f16 (saturating), as weight compression does. */
export function toFloat16Array(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = float16BitsClamped(values[i] ?? 0);
  return out;
}
