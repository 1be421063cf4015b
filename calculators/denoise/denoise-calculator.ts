/**
 * @module calculators/denoise/denoise-calculator
 * DenoiseCalculator: GenAI's Stable Diffusion denoising loop (reference: genai-image-generation.md §3.10), ONE step
 * per invocation, looping through a back edge (OVMS's LOOPBACK pattern): the start set (config, conditioning,
 * scheduler, initial latent, generator) runs step 0, and each step sends the next one's state on LOOP one timestamp
 * later. Downstream thus sees every step's PROGRESS as it happens, and a cancelled run stops before the next step
 * (the engine schedules nothing after a cancel, and each step checks `cx.signal` before its UNet call).
 *
 * A step, as GenAI: latent_cfg = [latent, latent] with CFG (else a copy); scheduler.scale_model_input(latent_cfg, i)
 * in place; UNet(sample = latent_cfg, timestep = i64 [t], conditioning set once per request); guidance
 * uncond + g·(text − uncond) in float; scheduler.step(noise, latent, i, generator). The output is the LAST step's
 * `denoised` (Euler, Euler ancestral, LCM) or its latent (DDIM, PNDM), which GenAI decodes.
 * Inpainting (§5.5, §5.6): a 9-channel UNet gets [latent_cfg, mask, masked-image latent] as its sample; a 4-channel
 * one sees the plain latent, which is blended after each step with the image latent re-noised to the next timestep
 * where the mask is 0.
 *
 * Ports: input_stream `GENERATION_CONFIG`, `CONDITIONING`, `SCHEDULER`, `LATENT`, `GENERATOR` and the optional
 * inpainting inputs `MASK` (latent-size mask [1,1,h,w]), `MASKED_IMAGE_LATENT` (9-channel UNets), `IMAGE_LATENT` and
 * `NOISE` (the 4-channel blend) (one sync set), and `LOOP` (back edge, its own sync set); input_side_packet `UNET`;
 * output_stream `LATENT` (the latent to decode, at the last step's timestamp), `LOOP`, optional `PROGRESS`
 * (DenoiseProgress per step, at that step's timestamp).
 * Its contract asks for the SyncSet handler with LOOP in a set of its own (the generated graph also writes that block
 * out); a graph that sets another handler on the node makes a pooled graph wait for the next request.
 *
 *   node {
 *     name: "Denoiser"
 *     calculator: "DenoiseCalculator"
 *     input_stream: "GENERATION_CONFIG:generation_config"
 *     input_stream: "CONDITIONING:conditioning"
 *     input_stream: "SCHEDULER:scheduler"
 *     input_stream: "LATENT:initial_latent"
 *     input_stream: "GENERATOR:masked_generator"
 *     input_stream: "MASK:latent_mask"
 *     input_stream: "MASKED_IMAGE_LATENT:masked_image_latent"
 *     input_stream: "IMAGE_LATENT:image_latent"
 *     input_stream: "NOISE:noise"
 *     input_stream: "LOOP:denoise_loop"
 *     input_stream_info: { tag_index: "LOOP:0" back_edge: true }
 *     input_side_packet: "UNET:unet"
 *     output_stream: "LATENT:denoised_latent"
 *     output_stream: "LOOP:denoise_loop"
 *     output_stream: "PROGRESS:progress"
 *   }
 */
import {
  defineContract, GraphError, input, output, packetType, sideInput, Timestamp, type Calculator, type ContextOf,
} from '../../engine/index.js';
import type { InferRequest, Tensor } from '../openvino/index.js';
import { GENERATION_CONFIG, type GenerationConfig } from '../pipeline/generation-config.js';
import { UNET_MODEL, type CompiledComponent } from '../pipeline/image-gen-resources.js';
import { InferRequestSlot } from '../pipeline/infer-request-slot.js';
import type { RandomGenerator } from '../random/generator.js';
import { RANDOM_GENERATOR } from '../random/generator-packet.js';
import { SCHEDULER } from '../schedulers/scheduler-calculator.js';
import type { AnyScheduler } from '../schedulers/scheduler-factory.js';
import { floatTensor, repeatBatch, type FloatTensor } from '../tensor/float-tensor.js';
import { FLOAT_TENSOR } from '../tensor/float-tensor-packet.js';
import { DENOISER_CONDITIONING } from './conditioning.js';
import { classifierFreeGuidance } from './guidance.js';
import { blendLatents } from './inpainting-blend.js';
import { inpaintingModelInput } from './inpainting-model-input.js';

/** One step done, as GenAI's callback sees it: `latent` is the step's `denoised` (decode it for a preview). */
export interface DenoiseProgress {
  /** 0-based. */
  readonly step: number;
  /** timesteps.length (n + 1 for PNDM, as GenAI's callback reports). */
  readonly numSteps: number;
  readonly latent: FloatTensor;
}

/**
 * What inpainting adds to every step: the 9-channel UNet's extra input channels (mask and masked-image latent, both
 * repeated to the UNet batch), or the 4-channel blend's image latent, initial noise and mask.
 */
export type InpaintingInputs =
  | { readonly kind: 'unet-channels'; readonly mask: FloatTensor; readonly maskedImageLatent: FloatTensor }
  | { readonly kind: 'blend'; readonly mask: FloatTensor; readonly imageLatent: FloatTensor; readonly noise: FloatTensor };

/** What one request's loop carries from step to step. */
export interface DenoiseLoopState {
  readonly stepIndex: number;
  readonly latent: FloatTensor;
  readonly config: GenerationConfig;
  readonly scheduler: AnyScheduler;
  readonly generator: RandomGenerator;
  readonly inpainting?: InpaintingInputs;
}

export const DENOISE_PROGRESS = packetType<DenoiseProgress>('DenoiseProgress');
export const DENOISE_LOOP_STATE = packetType<DenoiseLoopState>('DenoiseLoopState');

export const cancelledBeforeStep = (step: number, numSteps: number): string =>
  `request cancelled before denoising step ${step + 1} of ${numSteps}`;

export class DenoiseCalculator implements Calculator {
  static readonly contract = defineContract({
    inputs: {
      config: input('GENERATION_CONFIG', GENERATION_CONFIG),
      conditioning: input('CONDITIONING', DENOISER_CONDITIONING),
      scheduler: input('SCHEDULER', SCHEDULER),
      latent: input('LATENT', FLOAT_TENSOR),
      generator: input('GENERATOR', RANDOM_GENERATOR),
      mask: input('MASK', FLOAT_TENSOR).optional(),
      maskedImageLatent: input('MASKED_IMAGE_LATENT', FLOAT_TENSOR).optional(),
      imageLatent: input('IMAGE_LATENT', FLOAT_TENSOR).optional(),
      noise: input('NOISE', FLOAT_TENSOR).optional(),
      loop: input('LOOP', DENOISE_LOOP_STATE),
    },
    side: { unet: sideInput('UNET', UNET_MODEL) },
    outputs: {
      latent: output('LATENT', FLOAT_TENSOR),
      loop: output('LOOP', DENOISE_LOOP_STATE),
      progress: output('PROGRESS', DENOISE_PROGRESS).optional(),
    },
    // The request's inputs and the loop synchronise separately: a step never waits for the next request's packets.
    inputStreamHandler: 'SyncSetInputStreamHandler',
    syncSets: [['LOOP:0']],
  });
  private readonly request = new InferRequestSlot();

  open(cx: ContextOf<typeof DenoiseCalculator>): void {
    this.request.open(cx.side.unet);
  }

  async process(cx: ContextOf<typeof DenoiseCalculator>): Promise<void> {
    let state: DenoiseLoopState;
    if (!cx.packet.loop.isEmpty()) {
      state = cx.in.loop;
    } else if (!cx.packet.config.isEmpty()) {
      state = this.start(cx);
    } else {
      return;
    }
    const { scheduler } = state;
    const numSteps = scheduler.timesteps.length;
    const result = await this.step(cx, state, numSteps);
    const next = state.stepIndex + 1;
    cx.out.progress.send({ step: state.stepIndex, numSteps, latent: result.denoised });
    if (next < numSteps) {
      cx.out.loop.send({ ...state, stepIndex: next, latent: result.latent }, Timestamp.of(cx.inputTimestamp + 1));
    } else {
      // GenAI decodes the last step's "denoised" when the scheduler returns one, else its latent.
      cx.out.latent.send(result.denoised);
    }
  }

  close(): void {
    this.request.close();
  }

  /** The first step's state; the request's conditioning goes into the infer request once (GenAI set_hidden_states). */
  private start(cx: ContextOf<typeof DenoiseCalculator>): DenoiseLoopState {
    const missing = (['conditioning', 'scheduler', 'latent', 'generator'] as const).filter((port) => cx.packet[port].isEmpty());
    if (missing.length > 0) {
      throw new GraphError('FAILED_PRECONDITION', `the request has no ${missing.join(', ')} packet at its timestamp`);
    }
    const request = this.request.get();
    for (const [name, tensor] of Object.entries(cx.in.conditioning)) setFloatTensor(request, cx.side.unet, name, tensor);
    const config = cx.in.config;
    return {
      stepIndex: 0, config, scheduler: cx.in.scheduler, latent: cx.in.latent, generator: cx.in.generator,
      inpainting: this.inpaintingInputs(cx, config),
    };
  }

  /** prepare_mask_latents' results as the loop uses them; undefined without a mask (text-to-image, image-to-image). */
  private inpaintingInputs(cx: ContextOf<typeof DenoiseCalculator>, config: GenerationConfig): InpaintingInputs | undefined {
    const { mask, maskedImageLatent, imageLatent, noise } = cx.packet;
    if (mask.isEmpty()) return undefined;
    if (!maskedImageLatent.isEmpty()) {
      // numpy_utils::repeat to the UNet batch: N images, twice with CFG.
      const batch = config.numImagesPerPrompt * (config.doClassifierFreeGuidance ? 2 : 1);
      return { kind: 'unet-channels', mask: repeatBatch(mask.value, batch), maskedImageLatent: repeatBatch(maskedImageLatent.value, batch) };
    }
    if (imageLatent.isEmpty() || noise.isEmpty()) {
      throw new GraphError('INTERNAL', 'the inpainting request has no image latent or noise to blend with');
    }
    return { kind: 'blend', mask: mask.value, imageLatent: imageLatent.value, noise: noise.value };
  }

  /** One denoising step (numbered stages as GenAI's loop body). */
  private async step(cx: ContextOf<typeof DenoiseCalculator>, state: DenoiseLoopState, numSteps: number):
  Promise<{ latent: FloatTensor; denoised: FloatTensor }> {
    const { stepIndex, latent, config, scheduler, generator, inpainting } = state;
    if (cx.signal.aborted) throw new GraphError('CANCELLED', cancelledBeforeStep(stepIndex, numSteps));
    const request = this.request.get();
    const unet = cx.side.unet;
    // 1. latent_cfg: the latent twice along the batch with CFG, else a copy; scaled in place.
    const batch = config.doClassifierFreeGuidance ? 2 : 1;
    const latentCfg = floatTensor([(latent.shape[0] ?? 1) * batch, ...latent.shape.slice(1)]);
    for (let copy = 0; copy < batch; copy++) latentCfg.data.set(latent.data, copy * latent.data.length);
    scheduler.scaleModelInput(latentCfg, stepIndex);
    // 2. A 9-channel UNet's sample: concat on channels (latent_cfg, mask, masked-image latent).
    const sample = inpainting?.kind === 'unet-channels'
      ? inpaintingModelInput(latentCfg, inpainting.mask, inpainting.maskedImageLatent) : latentCfg;
    // 3. UNet(sample, timestep = i64 [t]); the conditioning was set when the request started.
    const timestep = scheduler.timesteps[stepIndex];
    if (timestep === undefined) throw new GraphError('INTERNAL', `no timestep for step ${stepIndex}`);
    setFloatTensor(request, unet, 'sample', sample);
    const timestepTensor = unet.openVino.tensor('i64', [1], BigInt64Array.of(BigInt(timestep)));
    request.setTensor('timestep', timestepTensor);
    await request.infer();
    timestepTensor.dispose();
    const output = request.getOutputTensor(0);
    const prediction = floatTensor(output.shape, Float32Array.from(output.data as Float32Array));
    output.dispose();
    // 4. Guidance, 5. scheduler step (draws from the generator where the algorithm does).
    const noisePred = batch > 1 ? classifierFreeGuidance(prediction, config.guidanceScale) : prediction;
    const result = scheduler.step(noisePred, stepIndex, latent, generator);
    // 6. A 4-channel UNet's inpainting: blend the new latent in place, before `denoised` is chosen (DDIM and PNDM
    // return none, so GenAI decodes the blended latent; the others their un-blended x0).
    if (inpainting?.kind === 'blend') {
      blendLatents(result.prevSample, inpainting.imageLatent, inpainting.noise, inpainting.mask, scheduler, stepIndex);
    }
    return { latent: result.prevSample, denoised: result.denoised ?? result.prevSample };
  }
}

/** Binds a float tensor to a UNet input by name (zero-copy: the request keeps the data alive until replaced). */
function setFloatTensor(request: InferRequest, unet: CompiledComponent, name: string, tensor: FloatTensor): void {
  const bound: Tensor = unet.openVino.tensor('f32', tensor.shape, tensor.data);
  request.setTensor(name, bound);
  bound.dispose();
}
