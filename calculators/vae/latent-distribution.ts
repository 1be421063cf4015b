/**
 * @module calculators/vae/latent-distribution
 * From the VAE encoder's output to the image latent, as GenAI's AutoencoderKL::encode(image, generator) does
 * (models/autoencoder_kl.cpp; genai-image-generation.md §5.3, §0 item 10): a `latent_parameters` output is a
 * diagonal Gaussian that is always *sampled* with the pipeline's generator, never its mean; a legacy
 * `latent_sample` output is used as it is. Then z = (z - shift_factor) · scaling_factor. C++ float steps are
 * mirrored with Math.fround.
 */
import { GraphError } from '../../engine/status.js';
import type { RandomGenerator } from '../random/generator.js';
import { floatTensor, shapeSize, type FloatTensor } from '../tensor/float-tensor.js';

/** The encoder output names GenAI understands (optimum's VaeEncoderOnnxConfig, and the legacy one). */
export const LATENT_PARAMETERS = 'latent_parameters';
export const LATENT_SAMPLE = 'latent_sample';

/** vae_decoder/config.json's `scaling_factor` (GenAI's default 1.0) and `shift_factor` (0.0), C++ floats. */
export interface LatentScaling {
  readonly scalingFactor: number;
  readonly shiftFactor: number;
}

export const unexpectedEncoderOutput = (name: string): string => `Unexpected output name for AutoencoderKL encoder '${name}'`;
export const ENCODER_BATCH_NOT_ONE = 'Batch size must be 1';

/**
 * DiagonalGaussianDistribution(parameters).sample(generator): parameters [1, 2C, h, w] = mean ‖ logvar.
 * 1. logvar = min(max(logvar, -30f), 20f) in float.
 * 2. std = float(exp(0.5 · logvar)): `0.5` is a double, so the exponential is the double one.
 * 3. ε = generator.randn_tensor([1, C, h, w]) — the generator's draws happen here, before the initial noise.
 * 4. z = mean + std · ε in float.
 */
export function sampleLatent(parameters: FloatTensor, generator: RandomGenerator): FloatTensor {
  const [batch, doubled, height, width] = parameters.shape;
  if (batch !== 1) throw new GraphError('INTERNAL', ENCODER_BATCH_NOT_ONE);
  const shape = [1, doubled! / 2, height!, width!];
  const size = shapeSize(shape);
  const epsilon = generator.randnTensor(shape);
  const z = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const logvar = Math.min(Math.max(parameters.data[size + i]!, -30), 20);
    const std = Math.fround(Math.exp(0.5 * logvar));
    z[i] = Math.fround(parameters.data[i]! + Math.fround(std * epsilon.data[i]!));
  }
  return floatTensor(shape, z);
}

/** AutoencoderKL::encode after the encoder's inference: pick by output name, then shift and scale in float. */
export function imageLatent(outputName: string, output: FloatTensor, generator: RandomGenerator,
  scaling: LatentScaling): FloatTensor {
  let latent: FloatTensor;
  if (outputName === LATENT_SAMPLE) latent = floatTensor(output.shape, Float32Array.from(output.data));
  else if (outputName === LATENT_PARAMETERS) latent = sampleLatent(output, generator);
  else throw new GraphError('FAILED_PRECONDITION', unexpectedEncoderOutput(outputName));
  const shift = Math.fround(scaling.shiftFactor);
  const scale = Math.fround(scaling.scalingFactor);
  for (let i = 0; i < latent.data.length; i++) latent.data[i] = Math.fround(Math.fround(latent.data[i]! - shift) * scale);
  return latent;
}
