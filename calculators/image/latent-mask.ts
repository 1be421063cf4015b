/**
 * @module calculators/image/latent-mask
 * The mask at latent resolution (GenAI's m_mask_resizer: Interpolate-11 NEAREST, ASYMMETRIC, FLOOR, f32 NCHW).
 * The target is the image size divided by the VAE scale factor, so the source index floor(i · in/out) is exactly
 * i · factor: the top-left pixel of each factor × factor block (genai-image-generation.md §5.2), computed here
 * without a model.
 */
import { floatTensor, type FloatTensor } from '../tensor/float-tensor.js';

/** [N,C,H,W] → [N,C,H/factor,W/factor]; H and W must be multiples of `factor`. */
export function latentMask(mask: FloatTensor, factor: number): FloatTensor {
  const [batch, channels, height, width] = mask.shape;
  if (mask.shape.length !== 4 || height! % factor !== 0 || width! % factor !== 0) {
    throw new RangeError(`latentMask: [${mask.shape.join(',')}] is not NCHW with H and W multiples of ${factor}`);
  }
  const [h, w] = [height! / factor, width! / factor];
  const out = floatTensor([batch!, channels!, h, w]);
  for (let plane = 0; plane < batch! * channels!; plane++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        out.data[(plane * h + y) * w + x] = mask.data[(plane * height! + y * factor) * width! + x * factor]!;
      }
    }
  }
  return out;
}
