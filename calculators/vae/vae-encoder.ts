/**
 * @module calculators/vae/vae-encoder
 * The compiled VAE encoder of a servable: normalised image [1,3,H,W] in, image latent [1,C,H/8,W/8] out, sampled
 * with the request's generator (calculators/vae/latent-distribution.ts). One infer request per call, so requests
 * share the compiled model and nothing else.
 */
import type { CompiledModel } from '../openvino/index.js';
import type { OpenVino } from '../openvino/index.js';
import type { RandomGenerator } from '../random/generator.js';
import { floatTensor, type FloatTensor } from '../tensor/float-tensor.js';
import { imageLatent, type LatentScaling } from './latent-distribution.js';

export class VaeEncoder {
  /** The output GenAI reads by index 0 and dispatches on by name. */
  readonly outputName: string;

  constructor(private readonly openVino: OpenVino, private readonly model: CompiledModel, private readonly scaling: LatentScaling) {
    this.outputName = model.outputs[0]?.name ?? '';
  }

  async encode(image: FloatTensor, generator: RandomGenerator): Promise<FloatTensor> {
    const request = this.model.createInferRequest();
    const input = this.openVino.tensor('f32', image.shape, image.data);
    let output: FloatTensor;
    try {
      request.setInputTensor(0, input);
      await request.infer();
      const tensor = request.getOutputTensor(0);
      output = floatTensor(tensor.shape, (tensor.data as Float32Array).slice());
    } finally {
      request.dispose();
      input.dispose();
    }
    return imageLatent(this.outputName, output, generator, this.scaling);
  }
}
