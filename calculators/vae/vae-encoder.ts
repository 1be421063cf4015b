/**
 * @module calculators/vae/vae-encoder
 * GenAI's AutoencoderKL::encode(image, generator) on a compiled VAE encoder: normalised image [1,3,H,W] in, image
 * latent [1,C,H/f,W/f] out, sampled with the request's generator (calculators/vae/latent-distribution.ts). The caller
 * owns the infer request, so requests share the compiled model and nothing else.
 */
import type { CompiledModel, InferRequest, OpenVino } from '../openvino/index.js';
import type { RandomGenerator } from '../random/generator.js';
import { floatTensor, type FloatTensor } from '../tensor/float-tensor.js';
import { imageLatent, type LatentScaling } from './latent-distribution.js';

export class VaeEncoder {
  /** The output GenAI reads by index 0 and dispatches on by name. */
  readonly outputName: string;

  constructor(private readonly openVino: OpenVino, model: CompiledModel, private readonly scaling: LatentScaling) {
    this.outputName = model.outputs[0]?.name ?? '';
  }

  /** Encodes `image` on `request` (an infer request of the same compiled model), drawing from `generator`. */
  async encode(request: InferRequest, image: FloatTensor, generator: RandomGenerator): Promise<FloatTensor> {
    const input = this.openVino.tensor('f32', image.shape, image.data);
    let output: FloatTensor;
    try {
      request.setInputTensor(0, input);
      await request.infer();
      const tensor = request.getOutputTensor(0);
      // The request reuses its output buffer: copy before the next inference.
      output = floatTensor(tensor.shape, (tensor.data as Float32Array).slice());
      tensor.dispose();
    } finally {
      input.dispose();
    }
    return imageLatent(this.outputName, output, generator, this.scaling);
  }
}
