/**
 * @module calculators/schedulers/scheduler-calculator
 * SchedulerCalculator: one request's scheduler and initial latent, as GenAI's StableDiffusionPipeline::generate
 * (set_timesteps(n, strength)) and prepare_latents (reference: genai-image-generation.md §3.10, §4.3, §5.4):
 * noise = generator.randn_tensor([N, latent_channels, H / vae_scale_factor, W / vae_scale_factor]) filled in flat
 * NCHW order; the latent is noise · init_noise_sigma in float, or, for image-to-image and inpainting with strength
 * below 1, the image latent (repeated N times) noised to the first timestep. The scheduler is made fresh per request
 * (it is stateful) and handed to the denoiser; the generator is forwarded after the noise draw.
 *
 * Ports: input_stream `GENERATION_CONFIG`, `GENERATOR`, `IMAGE_LATENT` (FloatTensor [1,C,h,w], optional: edits);
 * input_side_packet `PIPELINE`; output_stream `SCHEDULER` (a scheduler with its timesteps set), `LATENT`
 * (FloatTensor), `GENERATOR` (the same generator, after the draw), `NOISE` (the noise drawn, optional: the 4-channel
 * inpainting blend re-noises the image latent with it).
 *
 *   node {
 *     name: "Scheduler"
 *     calculator: "SchedulerCalculator"
 *     input_stream: "GENERATION_CONFIG:generation_config"
 *     input_stream: "GENERATOR:encoded_generator"
 *     input_stream: "IMAGE_LATENT:image_latent"
 *     input_side_packet: "PIPELINE:pipeline"
 *     output_stream: "SCHEDULER:scheduler"
 *     output_stream: "LATENT:initial_latent"
 *     output_stream: "GENERATOR:noised_generator"
 *     output_stream: "NOISE:noise"
 *   }
 */
import {
  defineContract, GraphError, input, output, packetType, sideInput, type Calculator, type ContextOf,
} from '../../engine/index.js';
import { startLatent, startLatentPlan } from '../denoise/start-latent.js';
import { GENERATION_CONFIG } from '../pipeline/generation-config.js';
import { IMAGE_GEN_PIPELINE } from '../pipeline/image-gen-resources.js';
import { RANDOM_GENERATOR } from '../random/generator-packet.js';
import { FLOAT_TENSOR } from '../tensor/float-tensor-packet.js';
import { createScheduler, type AnyScheduler } from './scheduler-factory.js';

/** A request's scheduler, timesteps set; mutable (PNDM and the Euler family keep step state), so one consumer only. */
export const SCHEDULER = packetType<AnyScheduler>('Scheduler',
  (value) => typeof value === 'object' && value !== null && typeof (value as AnyScheduler).step === 'function');

export const NO_IMAGE_LATENT = 'the request starts from its image but no image latent arrived';

export class SchedulerCalculator implements Calculator {
  static readonly contract = defineContract({
    inputs: {
      config: input('GENERATION_CONFIG', GENERATION_CONFIG),
      generator: input('GENERATOR', RANDOM_GENERATOR),
      imageLatent: input('IMAGE_LATENT', FLOAT_TENSOR).optional(),
    },
    side: { pipeline: sideInput('PIPELINE', IMAGE_GEN_PIPELINE) },
    outputs: {
      scheduler: output('SCHEDULER', SCHEDULER),
      latent: output('LATENT', FLOAT_TENSOR),
      generator: output('GENERATOR', RANDOM_GENERATOR),
      noise: output('NOISE', FLOAT_TENSOR).optional(),
    },
  });

  process(cx: ContextOf<typeof SchedulerCalculator>): void {
    const config = cx.in.config;
    const { model } = cx.side.pipeline;
    // 1. set_timesteps(num_inference_steps, strength) on a fresh scheduler.
    const scheduler = createScheduler(model.scheduler.config);
    scheduler.setTimesteps(config.numInferenceSteps, config.strength);
    // 2. prepare_latents: the noise (drawn after the image's encode, before the masked image's), then the start latent.
    const startsFromImage = startLatentPlan(config.mode, config.strength, model.isInpaintingModel).startsFromImage;
    const imageLatent = cx.packet.imageLatent;
    if (startsFromImage && imageLatent.isEmpty()) throw new GraphError('INTERNAL', NO_IMAGE_LATENT);
    const factor = model.vae.vaeScaleFactor;
    const shape = [config.numImagesPerPrompt, model.vae.latentChannels, config.height / factor, config.width / factor];
    const noise = cx.in.generator.randnTensor(shape);
    const latent = startLatent(scheduler, noise, startsFromImage ? imageLatent.value : undefined);
    cx.out.scheduler.send(scheduler);
    cx.out.latent.send(latent);
    cx.out.noise.send(noise);
    cx.out.generator.send(cx.in.generator);
  }
}
