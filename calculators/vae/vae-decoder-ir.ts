/**
 * @module calculators/vae/vae-decoder-ir
 * GenAI's VAE decoder post-processing merged into the decoder IR, as autoencoder_kl.cpp
 * merge_vae_image_post_processing does with PrePostProcessor (reference: genai-image-generation.md §6). The C API
 * has no graph editing, so we rewrite the IR before compiling it: the CPU plugin then sees the same graph as in
 * GenAI's process and picks the same kernels, which makes the pixels identical.
 */
import { type IrGraph, IrError, type Output, ops } from '../openvino/ir/index.js';
import type { AutoencoderKlConfig } from '../pipeline/component-configs.js';

/**
 * Rewrites `graph` in place:
 * 1. input: PPP scale(scaling_factor) = Divide(latent, scaling_factor) when it is not 1, then PPP
 *    mean(-shift_factor) = Subtract(x, -shift_factor) when the shift is not 0 (float32 constants of shape [1]);
 * 2. output: Multiply 0.5, Add 0.5 (one shared constant), Clamp [0, 1], Multiply 255 (diffusers' VaeImageProcessor),
 *    Convert to u8, then Transpose NCHW → NHWC (PPP's layout step, order [0, 2, 3, 1]).
 * The output keeps its tensor names. The decoder then returns u8 RGB [N, H, W, 3].
 */
export function mergeVaeImagePostProcessing(graph: IrGraph, config: AutoencoderKlConfig): void {
  const [latent] = graph.parameters;
  const [result] = graph.results;
  if (latent === undefined || result === undefined || graph.parameters.length !== 1 || graph.results.length !== 1) {
    throw new IrError(`a VAE decoder has one input and one output, this IR has ${graph.parameters.length} and ${graph.results.length}`);
  }
  const f32Constant = (value: number): Output => ops.constantOf(graph, 'f32', [value], [1]);

  // 1. Pre-processing on the latent.
  const input = latent.output();
  const created = new Set<IrGraph['nodes'][number]>();
  let x = input;
  if (config.scalingFactor !== 1) {
    x = ops.divide(x, f32Constant(config.scalingFactor));
    created.add(x.node);
  }
  if (config.shiftFactor !== 0) {
    x = ops.subtract(x, f32Constant(Math.fround(-config.shiftFactor)));
    created.add(x.node);
  }
  if (!x.sameAs(input)) graph.replaceAllUses(input, x, { except: [...created] });

  // 2. Post-processing on the image.
  const image = result.inputs[0];
  if (image === undefined) throw new IrError('the VAE decoder Result has no input');
  if (image.elementType !== 'f32') throw new IrError(`the VAE decoder output is ${image.elementType}, expected f32`);
  const half = f32Constant(0.5);
  const unit = ops.clamp(ops.add(ops.multiply(image, half), half), 0, 1);
  const pixels = ops.convert(ops.multiply(unit, f32Constant(255)), 'u8');
  const nhwc = ops.transpose(pixels, [0, 2, 3, 1]);
  nhwc.port.names.push(...image.port.names);
  image.port.names.length = 0;
  graph.setInput(result, 0, nhwc);
}
