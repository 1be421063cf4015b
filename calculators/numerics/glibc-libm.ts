/**
 * @module calculators/numerics/glibc-libm
 * Float-exact ports of glibc's single-precision `logf`, `expf`, `sinf` and `cosf` (glibc ≥ 2.28, the ARM
 * optimized-routines algorithms: double evaluation, one rounding to float at the end). GenAI's RNG and LCM guidance
 * embedding call these, so `Math.log` & co. are not exact enough (reference: genai-image-generation.md §0.8, §2.2).
 */

// Bit casts through one shared 8-byte scratch buffer (module-private, no state survives a call).
const scratch = new DataView(new ArrayBuffer(8));

function floatBits(x: number): number {
  scratch.setFloat32(0, x);
  return scratch.getUint32(0);
}

function floatFromBits(bits: number): number {
  scratch.setUint32(0, bits >>> 0);
  return scratch.getFloat32(0);
}

function doubleFromBits(hi: number, lo: number): number {
  scratch.setUint32(0, hi >>> 0);
  scratch.setUint32(4, lo >>> 0);
  return scratch.getFloat64(0);
}

/** C's `(float)` of a double: round to nearest even. */
const toFloat = Math.fround;

/** Parses a C99 hex-float literal (`-0x1.8p+52`) exactly: JS has no such literals, and decimals would hide the bits. */
function hexFloat(literal: string): number {
  const match = /^(-?)0x([0-9a-f]+)(?:\.([0-9a-f]*))?p([+-]?\d+)$/i.exec(literal);
  if (match === null) throw new Error(`not a hex-float literal: ${literal}`);
  const [, sign, whole, fraction = '', exponent] = match;
  // At most 53 significant bits, so the BigInt -> Number conversion is exact; scaling by 2^e is exact too.
  const mantissa = Number(BigInt(`0x${whole}${fraction}`));
  const value = mantissa * 2 ** (Number(exponent) - 4 * fraction.length);
  return sign === '-' ? -value : value;
}

/** Splits a finite double into an integer mantissa and a power-of-two exponent: x = m · 2^e exactly. */
function decompose(x: number): { m: bigint; e: number } {
  scratch.setFloat64(0, x);
  const hi = scratch.getUint32(0);
  const lo = scratch.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased !== 0) m |= 1n << 52n;
  const e = (biased === 0 ? 1 : biased) - 1075;
  return { m: hi >>> 31 ? -m : m, e };
}

/**
 * C's fma(a, b, c): a·b + c with ONE rounding, exact for finite arguments (BigInt arithmetic, then a correctly rounded
 * conversion: 64 significant bits plus a sticky bit round to 53 like the infinitely precise value would).
 * Slow (microseconds), so only the FMA-host sinf/cosf variants use it.
 */
export function fma(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c) || a === 0 || b === 0) return a * b + c;
  const pa = decompose(a);
  const pb = decompose(b);
  const pc = decompose(c);
  const productExp = pa.e + pb.e;
  const exp = Math.min(productExp, pc.e);
  let sum = ((pa.m * pb.m) << BigInt(productExp - exp)) + (pc.m << BigInt(pc.e - exp));
  if (sum === 0n) return a * b + c; // exact cancellation: the sign of zero as IEEE gives it
  const negative = sum < 0n;
  if (negative) sum = -sum;
  let shift = sum.toString(2).length - 64;
  if (shift > 0) {
    const sticky = (sum & ((1n << BigInt(shift)) - 1n)) !== 0n ? 1n : 0n;
    sum = (sum >> BigInt(shift)) | sticky;
  } else {
    shift = 0;
  }
  // Scale in two exact steps so that 2^e never under- or overflows on its own.
  const total = exp + shift;
  const half = Math.trunc(total / 2);
  const value = Number(sum) * 2 ** half * 2 ** (total - half);
  return negative ? -value : value;
}

// ---------------------------------------------------------------------------------------------------------------
// logf: optimized-routines math/logf.c, LOGF_TABLE_BITS = 4, poly order 4 (constants from math/logf_data.c).

const LOGF_INVC = [
  hexFloat('0x1.661ec79f8f3bep+0'), hexFloat('0x1.571ed4aaf883dp+0'), hexFloat('0x1.49539f0f010bp+0'), hexFloat('0x1.3c995b0b80385p+0'),
  hexFloat('0x1.30d190c8864a5p+0'), hexFloat('0x1.25e227b0b8eap+0'), hexFloat('0x1.1bb4a4a1a343fp+0'), hexFloat('0x1.12358f08ae5bap+0'),
  hexFloat('0x1.0953f419900a7p+0'), hexFloat('0x1p+0'), hexFloat('0x1.e608cfd9a47acp-1'), hexFloat('0x1.ca4b31f026aap-1'),
  hexFloat('0x1.b2036576afce6p-1'), hexFloat('0x1.9c2d163a1aa2dp-1'), hexFloat('0x1.886e6037841edp-1'), hexFloat('0x1.767dcf5534862p-1'),
];
const LOGF_LOGC = [
  hexFloat('-0x1.57bf7808caadep-2'), hexFloat('-0x1.2bef0a7c06ddbp-2'), hexFloat('-0x1.01eae7f513a67p-2'), hexFloat('-0x1.b31d8a68224e9p-3'),
  hexFloat('-0x1.6574f0ac07758p-3'), hexFloat('-0x1.1aa2bc79c81p-3'), hexFloat('-0x1.a4e76ce8c0e5ep-4'), hexFloat('-0x1.1973c5a611cccp-4'),
  hexFloat('-0x1.252f438e10c1ep-5'), hexFloat('0x0p+0'), hexFloat('0x1.aa5aa5df25984p-5'), hexFloat('0x1.c5e53aa362eb4p-4'),
  hexFloat('0x1.526e57720db08p-3'), hexFloat('0x1.bc2860d22477p-3'), hexFloat('0x1.1058bc8a07ee1p-2'), hexFloat('0x1.4043057b6ee09p-2'),
];
const LOGF_LN2 = hexFloat('0x1.62e42fefa39efp-1');
const [LOGF_A0, LOGF_A1, LOGF_A2] = [hexFloat('-0x1.00ea348b88334p-2'), hexFloat('0x1.5575b0be00b6ap-2'), hexFloat('-0x1.ffffef20a4123p-2')] as
  [number, number, number];

/** glibc `logf(x)` for a float `x` (a JS number that is already a float32 value). */
export function logf(x: number): number {
  let ix = floatBits(x);
  if (ix === 0x3f800000) return 0;
  if (((ix - 0x00800000) >>> 0) >= 0x7f800000 - 0x00800000) {
    // x < 0x1p-126, inf or nan.
    if (((ix << 1) >>> 0) === 0) return -Infinity;
    if (ix === 0x7f800000) return x;
    if ((ix & 0x80000000) !== 0 || ((ix << 1) >>> 0) >= 0xff000000) return NaN;
    // Subnormal: normalise.
    ix = floatBits(toFloat(x * 2 ** 23)) - (23 << 23);
  }
  // x = 2^k z, z in [OFF, 2 OFF]; i picks the subinterval whose centre is c.
  const tmp = (ix - 0x3f330000) >>> 0;
  const i = (tmp >>> 19) & 15;
  const k = (tmp | 0) >> 23;
  const z = floatFromBits((ix - (tmp & 0xff800000)) >>> 0);
  // log(x) = log1p(z/c - 1) + log(c) + k Ln2, all in double, no FMA.
  const r = z * LOGF_INVC[i]! - 1;
  const y0 = LOGF_LOGC[i]! + k * LOGF_LN2;
  const r2 = r * r;
  let y = LOGF_A1 * r + LOGF_A2;
  y = LOGF_A0 * r2 + y;
  y = y * r2 + (y0 + r);
  return toFloat(y);
}

// ---------------------------------------------------------------------------------------------------------------
// expf: optimized-routines math/expf.c, EXP2F_TABLE_BITS = 5 (constants from math/exp2f_data.c).

const EXPF_N = 32;
// tab[i] = bits(2^(i/N)) - (i << 47); stored here as the doubles 2^(i/N) themselves (hi, lo words of tab[i]).
const EXP2F_TAB: readonly (readonly [number, number])[] = [
  [0x3ff00000, 0x00000000], [0x3fefd9b0, 0xd3158574], [0x3fefb558, 0x6cf9890f], [0x3fef9301, 0xd0125b51],
  [0x3fef72b8, 0x3c7d517b], [0x3fef5487, 0x3168b9aa], [0x3fef387a, 0x6e756238], [0x3fef1e9d, 0xf51fdee1],
  [0x3fef06fe, 0x0a31b715], [0x3feef1a7, 0x373aa9cb], [0x3feedea6, 0x4c123422], [0x3feece08, 0x6061892d],
  [0x3feebfda, 0xd5362a27], [0x3feeb42b, 0x569d4f82], [0x3feeab07, 0xdd485429], [0x3feea47e, 0xb03a5585],
  [0x3feea09e, 0x667f3bcd], [0x3fee9f75, 0xe8ec5f74], [0x3feea114, 0x73eb0187], [0x3feea589, 0x994cce13],
  [0x3feeace5, 0x422aa0db], [0x3feeb737, 0xb0cdc5e5], [0x3feec491, 0x82a3f090], [0x3feed503, 0xb23e255d],
  [0x3feee89f, 0x995ad3ad], [0x3feeff76, 0xf2fb5e47], [0x3fef199b, 0xdd85529c], [0x3fef3720, 0xdcef9069],
  [0x3fef5818, 0xdcfba487], [0x3fef7c97, 0x337b9b5f], [0x3fefa4af, 0xa2a490da], [0x3fefd076, 0x5b6e4540],
];
// Undo the "- (i << 47)" so each entry is exactly 2^(i/N) (i << 47 only touches the high word: i << 15).
const EXP2F_POW = EXP2F_TAB.map(([hi, lo], i) => doubleFromBits(hi + (i << 15), lo));
const EXPF_INV_LN2_N = hexFloat('0x1.71547652b82fep+0') * EXPF_N;
const EXPF_SHIFT = hexFloat('0x1.8p+52');
const EXPF_C0 = hexFloat('0x1.c6af84b912394p-5') / EXPF_N / EXPF_N / EXPF_N;
const EXPF_C1 = hexFloat('0x1.ebfce50fac4f3p-3') / EXPF_N / EXPF_N;
const EXPF_C2 = hexFloat('0x1.62e42ff0c52d6p-1') / EXPF_N;
const EXPF_OVERFLOW = hexFloat('0x1.62e42ep6'); // log(0x1p128)
const EXPF_UNDERFLOW = hexFloat('-0x1.9fe368p6'); // log(0x1p-150)

/** glibc `expf(x)` for a float `x`. */
export function expf(x: number): number {
  const abstop = (floatBits(x) >>> 20) & 0x7ff;
  if (abstop >= 0x42b) {
    // |x| >= 88 or nan.
    if (x === -Infinity) return 0;
    if (abstop >= 0x7f8) return x + x;
    if (x > EXPF_OVERFLOW) return Infinity;
    if (x < EXPF_UNDERFLOW) return 0;
  }
  // x N/Ln2 = k + r, r in [-1/2, 1/2], k rounded to nearest (the 0x1.8p52 shift trick).
  const z = EXPF_INV_LN2_N * x;
  const kd = z + EXPF_SHIFT - EXPF_SHIFT;
  const r = z - kd;
  // exp(x) = 2^(k/N) 2^(r/N) ~= s (C0 r^3 + C1 r^2 + C2 r + 1); s = 2^(k/N) is exact (a power-of-two scaling).
  const s = EXP2F_POW[kd & (EXPF_N - 1)]! * 2 ** Math.floor(kd / EXPF_N);
  const zz = EXPF_C0 * r + EXPF_C1;
  const r2 = r * r;
  let y = EXPF_C2 * r + 1;
  y = zz * r2 + y;
  y = y * s;
  return toFloat(y);
}

// ---------------------------------------------------------------------------------------------------------------
// sinf / cosf: optimized-routines math/sinf.c, cosf.c, sincosf.h (constants from math/sincosf_data.c).

interface SinCosPoly {
  readonly c0: number; readonly c1: number; readonly c2: number; readonly c3: number; readonly c4: number;
  readonly s1: number; readonly s2: number; readonly s3: number;
}
// The second entry computes -cos(x), giving the negation for free.
const SINCOS_POLY: readonly [SinCosPoly, SinCosPoly] = [
  {
    c0: 1, c1: hexFloat('-0x1.ffffffd0c621cp-2'), c2: hexFloat('0x1.55553e1068f19p-5'),
    c3: hexFloat('-0x1.6c087e89a359dp-10'), c4: hexFloat('0x1.99343027bf8c3p-16'),
    s1: hexFloat('-0x1.555545995a603p-3'), s2: hexFloat('0x1.1107605230bc4p-7'), s3: hexFloat('-0x1.994eb3774cf24p-13'),
  },
  {
    c0: -1, c1: hexFloat('0x1.ffffffd0c621cp-2'), c2: hexFloat('-0x1.55553e1068f19p-5'),
    c3: hexFloat('0x1.6c087e89a359dp-10'), c4: hexFloat('-0x1.99343027bf8c3p-16'),
    s1: hexFloat('-0x1.555545995a603p-3'), s2: hexFloat('0x1.1107605230bc4p-7'), s3: hexFloat('-0x1.994eb3774cf24p-13'),
  },
];
const SINCOS_SIGN: readonly number[] = [1, -1, -1, 1];
const HPI_INV_2POW24 = hexFloat('0x1.45f306dc9c883p+23');
const HPI = hexFloat('0x1.921fb54442d18p0');
const PI63 = hexFloat('0x1.921fb54442d18p-62');
// 4/PI to 192 bits; 8 new bits per entry.
const INV_PIO4: readonly bigint[] = [
  0xa2, 0xa2f9, 0xa2f983, 0xa2f9836e, 0xf9836e4e, 0x836e4e44, 0x6e4e4415, 0x4e441529,
  0x441529fc, 0x1529fc27, 0x29fc2757, 0xfc2757d1, 0x2757d1f5, 0x57d1f534, 0xd1f534dd, 0xf534ddc0,
  0x34ddc0db, 0xddc0db62, 0xc0db6295, 0xdb629599, 0x6295993c, 0x95993c43, 0x993c4390, 0x3c439041,
].map(BigInt);
const ABSTOP12_PIO4 = 0x3f4; // abstop12(0x1.921FB6p-1f)
const ABSTOP12_2POW_M12 = 0x39800000 >>> 20; // abstop12(0x1p-12f)
const ABSTOP12_120 = 0x42f00000 >>> 20; // abstop12(120.0f)
const ABSTOP12_INF = 0x7f800000 >>> 20;

/**
 * a·b + c as the two glibc builds evaluate it: x86-64 glibc picks, per CPU, a baseline build (two roundings) or an
 * FMA build (`-mfma`: GCC contracts every product whose only use is an add into one fused, singly rounded fma).
 */
type MultiplyAdd = (a: number, b: number, c: number) => number;
const separateMultiplyAdd: MultiplyAdd = (a, b, c) => a * b + c;

/** sinf_poly: the sine polynomial for even quadrants, the cosine polynomial for odd ones. */
function sinfPoly(x: number, x2: number, p: SinCosPoly, n: number, madd: MultiplyAdd): number {
  if ((n & 1) === 0) {
    const x3 = x * x2;
    const s1 = madd(x2, p.s3, p.s2);
    const x7 = x3 * x2;
    const s = madd(x3, p.s1, x);
    return toFloat(madd(x7, s1, s));
  }
  const x4 = x2 * x2;
  const c2 = madd(x2, p.c4, p.c3);
  const c1 = madd(x2, p.c1, p.c0);
  const x6 = x4 * x2;
  const c = madd(x4, p.c2, c1);
  return toFloat(madd(x6, c2, c));
}

interface Reduced { readonly x: number; readonly n: number }

/** reduce_fast (no TOINT intrinsics on x86-64): x mod pi/2 for |x| < 120, quadrant from bits 24..31. */
function reduceFast(x: number, madd: MultiplyAdd): Reduced {
  const r = x * HPI_INV_2POW24;
  const n = (Math.trunc(r) + 0x800000) >> 24;
  return { x: madd(-n, HPI, x), n };
}

const MASK64 = (1n << 64n) - 1n;

/** reduce_large: a 32x96-bit multiply by 4/pi gives the exact 2.62 fixed-point modulo (|x| >= 120). */
function reduceLarge(xi: number): Reduced {
  const base = (xi >>> 26) & 15;
  const shift = BigInt((xi >>> 23) & 7);
  const m = (BigInt(xi & 0xffffff) | 0x800000n) << shift; // fits in 32 bits
  let res0 = (m * INV_PIO4[base]!) & 0xffffffffn; // a 32-bit multiply in C
  const res1 = m * INV_PIO4[base + 4]!;
  const res2 = m * INV_PIO4[base + 8]!;
  res0 = ((res2 >> 32n) | (res0 << 32n)) & MASK64;
  res0 = (res0 + res1) & MASK64;
  const n = ((res0 + (1n << 61n)) & MASK64) >> 62n;
  res0 = (res0 - (n << 62n)) & MASK64;
  return { x: Number(BigInt.asIntN(64, res0)) * PI63, n: Number(n) };
}

function sinfWith(y: number, madd: MultiplyAdd): number {
  const top = (floatBits(y) >>> 20) & 0x7ff;
  if (top < ABSTOP12_PIO4) {
    if (top < ABSTOP12_2POW_M12) return y;
    return sinfPoly(y, y * y, SINCOS_POLY[0], 0, madd);
  }
  if (top < ABSTOP12_120) {
    const { x, n } = reduceFast(y, madd);
    const s = SINCOS_SIGN[n & 3]!;
    return sinfPoly(x * s, x * x, SINCOS_POLY[(n & 2) === 0 ? 0 : 1], n, madd);
  }
  if (top < ABSTOP12_INF) {
    const sign = floatBits(y) >>> 31;
    const { x, n } = reduceLarge(floatBits(y));
    const s = SINCOS_SIGN[(n + sign) & 3]!;
    return sinfPoly(x * s, x * x, SINCOS_POLY[((n + sign) & 2) === 0 ? 0 : 1], n, madd);
  }
  return NaN;
}

function cosfWith(y: number, madd: MultiplyAdd): number {
  const top = (floatBits(y) >>> 20) & 0x7ff;
  if (top < ABSTOP12_PIO4) {
    if (top < ABSTOP12_2POW_M12) return 1;
    return sinfPoly(y, y * y, SINCOS_POLY[0], 1, madd);
  }
  if (top < ABSTOP12_120) {
    const { x, n } = reduceFast(y, madd);
    const s = SINCOS_SIGN[n & 3]!;
    return sinfPoly(x * s, x * x, SINCOS_POLY[(n & 2) === 0 ? 0 : 1], n ^ 1, madd);
  }
  if (top < ABSTOP12_INF) {
    const sign = floatBits(y) >>> 31;
    const { x, n } = reduceLarge(floatBits(y));
    const s = SINCOS_SIGN[(n + sign) & 3]!;
    return sinfPoly(x * s, x * x, SINCOS_POLY[((n + sign) & 2) === 0 ? 0 : 1], n ^ 1, madd);
  }
  return NaN;
}

/**
 * glibc `sinf(y)` for a float `y` as glibc runs it on CPUs with FMA (every x86-64 server since ~2013; the build GenAI
 * gets there). Differs from sinfNoFma on about 1 float in 10^8 (6 of [0, 65536)). Microseconds per call.
 */
export function sinf(y: number): number {
  return sinfWith(y, fma);
}

/** glibc `cosf(y)` on CPUs with FMA (11 of the floats in [0, 65536) differ from cosfNoFma). */
export function cosf(y: number): number {
  return cosfWith(y, fma);
}

/** Which of glibc's two x86-64 builds to reproduce: 'fma' (CPUs with FMA, the usual case) or 'baseline'. */
export type GlibcBuild = 'fma' | 'baseline';

/** sinf and cosf of one glibc build. */
export function sinCosFor(build: GlibcBuild): { readonly sinf: (y: number) => number; readonly cosf: (y: number) => number } {
  return build === 'fma' ? { sinf, cosf } : { sinf: sinfNoFma, cosf: cosfNoFma };
}

/** glibc `sinf(y)` as the baseline (pre-FMA CPU) build computes it: fast. */
export function sinfNoFma(y: number): number {
  return sinfWith(y, separateMultiplyAdd);
}

/** glibc `cosf(y)` as the baseline (pre-FMA CPU) build computes it: fast. */
export function cosfNoFma(y: number): number {
  return cosfWith(y, separateMultiplyAdd);
}

