/**
 * @module calculators/denoise/guidance
 * Classifier-free guidance combine, float-exact to GenAI's denoising loops (reference: genai-image-generation.md
 * §2.6): the model runs once on [uncond × N, text × N] and noise = uncond + g·(text − uncond) in float.
 */
import { floatTensor, type FloatTensor } from '../tensor/float-tensor.js';

/**
 * Combines a batched [2N, ...] prediction (first half unconditional, second half text-conditioned) into [N, ...].
 * `guidanceScale` is GenAI's float guidance_scale; every operation rounds to float32 as the C++ loop does.
 */
export function classifierFreeGuidance(prediction: FloatTensor, guidanceScale: number, out?: FloatTensor): FloatTensor {
  const [batch, ...rest] = prediction.shape;
  if (batch === undefined || batch % 2 !== 0) {
    throw new RangeError(`guidance needs an even batch [uncond, text], got shape [${prediction.shape.join(',')}]`);
  }
  const result = out ?? floatTensor([batch / 2, ...rest]);
  const half = result.data.length;
  if (half * 2 !== prediction.data.length) throw new RangeError('guidance output has the wrong size');
  const g = Math.fround(guidanceScale);
  const pred = prediction.data;
  const target = result.data;
  for (let i = 0; i < half; i++) {
    const uncond = pred[i]!;
    target[i] = uncond + Math.fround(g * Math.fround(pred[half + i]! - uncond));
  }
  return result;
}
