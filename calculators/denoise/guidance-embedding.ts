/**
 * @module calculators/denoise/guidance-embedding
 * LCM's `timestep_cond`: the sinusoidal embedding of the guidance scale, float-exact to GenAI's
 * get_guidance_scale_embedding (diffusion_pipeline.hpp; reference: genai-image-generation.md §2.2).
 */
import { expf, sinCosFor, type GlibcBuild } from '../numerics/glibc-libm.js';
import { floatTensor, type FloatTensor } from '../tensor/float-tensor.js';

/**
 * A [1, dim] embedding of `w`. GenAI passes w = guidance_scale - 1.0f (a float subtraction: use Math.fround).
 * Rule copied: w *= 1000 in float; emb = float(log(10000) / (half - 1)) with the double log; for i < half,
 * t = expf(i * -emb) * w, out[i] = sinf(t), out[i + half] = cosf(t); an odd dim leaves the last element 0.
 * `glibcBuild` picks the sinf/cosf build the reproduced host runs ('fma' on any CPU with FMA).
 */
export function guidanceEmbedding(w: number, dim: number, glibcBuild: GlibcBuild = 'fma'): FloatTensor {
  const { sinf, cosf } = sinCosFor(glibcBuild);
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`time_cond_proj_dim must be a positive integer, got ${dim}`);
  const scaled = Math.fround(Math.fround(w) * 1000);
  const half = Math.floor(dim / 2);
  // log(10000) is the double overload (an int argument); half - 1 = 0 gives inf as in C.
  const emb = Math.fround(Math.log(10000) / (half - 1));
  const out = floatTensor([1, dim]);
  for (let i = 0; i < half; i++) {
    const t = Math.fround(expf(Math.fround(i * -emb)) * scaled);
    out.data[i] = sinf(t);
    out.data[i + half] = cosf(t);
  }
  return out;
}
