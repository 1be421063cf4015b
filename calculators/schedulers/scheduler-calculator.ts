/**
 * @module calculators/schedulers/scheduler-calculator
 * SchedulerCalculator: one request's scheduler and initial latent, as GenAI's StableDiffusionPipeline::generate
 * (set_timesteps(n, strength)) and prepare_latents for text-to-image (reference: genai-image-generation.md §3.10,
 * §4.3): noise = generator.randn_tensor([N, latent_channels, H / vae_scale_factor, W / vae_scale_factor]) filled in
 * flat NCHW order, latent = noise · init_noise_sigma in float. The scheduler is made fresh per request (it is
 * stateful) and handed to the denoiser; the generator is forwarded after the noise draw.
 *
 * Ports: input_stream `GENERATION_CONFIG`, `GENERATOR`; input_side_packet `PIPELINE`; output_stream `SCHEDULER`
 * (a scheduler with its timesteps set), `LATENT` (FloatTensor), `GENERATOR` (the same generator, after the draw).
 *
 *   node {
 *     name: "Scheduler"
 *     calculator: "SchedulerCalculator"
 *     input_stream: "GENERATION_CONFIG:generation_config"
 *     input_stream: "GENERATOR:generator"
 *     input_side_packet: "PIPELINE:pipeline"
 *     output_stream: "SCHEDULER:scheduler"
 *     output_stream: "LATENT:initial_latent"
 *     output_stream: "GENERATOR:noised_generator"
 *   }
 */
import {
  defineContract, input, output, packetType, sideInput, type Calculator, type ContextOf,
} from '../../engine/index.js';
import { GENERATION_CONFIG } from '../pipeline/generation-config.js';
import { IMAGE_GEN_PIPELINE } from '../pipeline/image-gen-resources.js';
import { RANDOM_GENERATOR } from '../random/generator-packet.js';
import { FLOAT_TENSOR } from '../tensor/float-tensor-packet.js';
import { createScheduler, type AnyScheduler } from './scheduler-factory.js';

/** A request's scheduler, timesteps set; mutable (PNDM and the Euler family keep step state), so one consumer only. */
export const SCHEDULER = packetType<AnyScheduler>('Scheduler',
  (value) => typeof value === 'object' && value !== null && typeof (value as AnyScheduler).step === 'function');

export class SchedulerCalculator implements Calculator {
  static readonly contract = defineContract({
    inputs: { config: input('GENERATION_CONFIG', GENERATION_CONFIG), generator: input('GENERATOR', RANDOM_GENERATOR) },
    side: { pipeline: sideInput('PIPELINE', IMAGE_GEN_PIPELINE) },
    outputs: {
      scheduler: output('SCHEDULER', SCHEDULER),
      latent: output('LATENT', FLOAT_TENSOR),
      generator: output('GENERATOR', RANDOM_GENERATOR),
    },
  });

  process(cx: ContextOf<typeof SchedulerCalculator>): void {
    const config = cx.in.config;
    const { model } = cx.side.pipeline;
    // 1. set_timesteps(num_inference_steps, strength) on a fresh scheduler.
    const scheduler = createScheduler(model.scheduler.config);
    scheduler.setTimesteps(config.numInferenceSteps, config.strength);
    // 2. prepare_latents: pure noise scaled by init_noise_sigma.
    const factor = model.vae.vaeScaleFactor;
    const shape = [config.numImagesPerPrompt, model.vae.latentChannels, config.height / factor, config.width / factor];
    const latent = cx.in.generator.randnTensor(shape);
    const sigma = Math.fround(scheduler.initNoiseSigma);
    for (let i = 0; i < latent.data.length; i++) latent.data[i] = Math.fround(latent.data[i]! * sigma);
    cx.out.scheduler.send(scheduler);
    cx.out.latent.send(latent);
    cx.out.generator.send(cx.in.generator);
  }
}
