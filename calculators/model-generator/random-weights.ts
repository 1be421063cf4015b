/**
 * @module calculators/model-generator/random-weights
 * Seeded random parameters. Each tensor gets its own stream, seeded from (seed, tensor name), so values do not depend
 * on build or write order and the f32, f16 and int8 variants of one seed share the same underlying weights.
 * Scales keep activations O(1): fan-in scaled weights, norms near identity, small biases.
 */

/** How a parameter is initialised. */
export type WeightInit =
  /** Uniform with variance gain²/fanIn (a Linear or Conv weight). */
  | { readonly kind: 'fan-in'; readonly fanIn: number; readonly gain?: number }
  /** Uniform in center ± spread (norm scales and biases, Linear/Conv biases, embeddings). */
  | { readonly kind: 'around'; readonly center: number; readonly spread: number };

export const fanIn = (inputs: number, gain = 1): WeightInit => ({ kind: 'fan-in', fanIn: inputs, gain });
export const around = (center: number, spread: number): WeightInit => ({ kind: 'around', center, spread });

/** Linear/Conv biases: small, so they shift but never dominate. */
export const BIAS_INIT = around(0, 0.02);
/** GroupNorm/LayerNorm scale and shift: near the identity transform. */
export const NORM_WEIGHT_INIT = around(1, 0.05);
export const NORM_BIAS_INIT = around(0, 0.05);
/** Embedding tables: unit variance, as a LayerNorm follows. */
export const EMBEDDING_INIT = around(0, Math.sqrt(3));

/** FNV-1a over the seed and name: the per-tensor stream seed. */
export function tensorSeed(seed: number, name: string): number {
  let hash = 0x811c9dc5;
  for (const c of `${seed}:${name}`) {
    hash ^= c.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** `count` values uniform in [center - spread, center + spread) from a splitmix32 stream. */
export function uniformValues(count: number, streamSeed: number, center: number, spread: number): Float32Array {
  const out = new Float32Array(count);
  let state = streamSeed | 0;
  const scale = (2 * spread) / 4294967296;
  const offset = center - spread;
  for (let i = 0; i < count; i++) {
    state = (state + 0x9e3779b9) | 0;
    let t = state ^ (state >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    t ^= t >>> 15;
    out[i] = (t >>> 0) * scale + offset;
  }
  return out;
}

/** Random parameter values for one `--seed`. */
export class RandomWeights {
  constructor(readonly seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
  }

  /** The values of parameter `name`, computed when called (at `.bin` write time). */
  values(name: string, count: number, init: WeightInit): () => Float32Array {
    const streamSeed = tensorSeed(this.seed, name);
    if (init.kind === 'fan-in') {
      const bound = (init.gain ?? 1) * Math.sqrt(3 / init.fanIn);
      return () => uniformValues(count, streamSeed, 0, bound);
    }
    return () => uniformValues(count, streamSeed, init.center, init.spread);
  }
}
