/**
 * @module calculators/random/generator
 * What a scheduler or pipeline stage needs from a random source: GenAI's `Generator` (next() and randn_tensor()).
 */
import type { FloatTensor, Shape } from '../tensor/float-tensor.js';

export interface RandomGenerator {
  /** The next standard-normal float32 value. */
  next(): number;
  /** A new tensor filled in flat row-major order with successive next() values (GenAI Generator::randn_tensor). */
  randnTensor(shape: Shape): FloatTensor;
}
