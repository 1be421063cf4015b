/**
 * @module calculators/random/cpp-std-generator
 * GenAI's CppStdGenerator, bit for bit as built by GCC/libstdc++ on Linux: std::mt19937 + libstdc++'s
 * generate_canonical<float, 24> + std::normal_distribution<float> (Marsaglia polar, second value cached) with
 * glibc's logf (reference: genai-image-generation.md §4.2).
 */
import { logf } from '../numerics/glibc-libm.js';
import { floatTensor, shapeSize, type FloatTensor, type Shape } from '../tensor/float-tensor.js';
import type { RandomGenerator } from './generator.js';
import { Mt19937 } from './mt19937.js';

const TWO_POW_32 = 4294967296;
const ONE_BELOW_ONE = 1 - 2 ** -24; // nextafter(1.0f, 0.0f)

export class CppStdGenerator implements RandomGenerator {
  private readonly engine: Mt19937;
  private saved = 0;
  private hasSaved = false;

  /** `seed` is GenAI's `rng_seed` (a size_t); like GenAI we narrow it to uint32. */
  constructor(seed: number | bigint) {
    this.engine = new Mt19937(narrowSeed(seed));
  }

  /** CppStdGenerator::seed re-seeds the engine only: the distribution's cached value survives (as in GenAI). */
  seed(seed: number | bigint): void {
    this.engine.seed(narrowSeed(seed));
  }

  next(): number {
    // 1. The cached second value of the previous pair.
    if (this.hasSaved) {
      this.hasSaved = false;
      return this.saved;
    }
    // 2. Rejection-sample a point in the unit disc: x, y = float(2u - 1.0) (2.0f*u is float, "- 1.0" is double).
    let x: number;
    let y: number;
    let r2: number;
    do {
      x = Math.fround(2 * this.uniform() - 1);
      y = Math.fround(2 * this.uniform() - 1);
      r2 = Math.fround(Math.fround(x * x) + Math.fround(y * y));
    } while (r2 > 1 || r2 === 0);
    // 3. mult = sqrtf(-2 logf(r2) / r2) in float; return y*mult, keep x*mult.
    const mult = Math.fround(Math.sqrt(Math.fround(Math.fround(-2 * logf(r2)) / r2)));
    this.saved = Math.fround(x * mult);
    this.hasSaved = true;
    return Math.fround(y * mult);
  }

  randnTensor(shape: Shape): FloatTensor {
    const data = new Float32Array(shapeSize(shape));
    for (let i = 0; i < data.length; i++) data[i] = this.next();
    return floatTensor(shape, data);
  }

  /** libstdc++ generate_canonical<float, 24>: one 32-bit draw, float(v) / 2^32, clamped below 1. */
  private uniform(): number {
    const u = Math.fround(this.engine.nextUint32()) / TWO_POW_32;
    return u >= 1 ? ONE_BELOW_ONE : u;
  }
}

function narrowSeed(seed: number | bigint): number {
  if (typeof seed === 'bigint') return Number(BigInt.asUintN(32, seed));
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`rng seed must be a non-negative integer, got ${seed}`);
  return Number(BigInt.asUintN(32, BigInt(seed)));
}
