/**
 * @module test/calculators/denoise/edit-latents.test
 * The edit latent maths as GenAI computes it: the start-latent plan and start latent per mode, the 4-channel blend,
 * the 9-channel UNet input (the pipeline parity tests in test/e2e/edit-parity.test.ts are the end-to-end proof).
 */
import { expect } from 'chai';
import { blendLatents } from '../../../calculators/denoise/inpainting-blend.js';
import { inpaintingModelInput, isInpaintingUnet, maskedImage } from '../../../calculators/denoise/inpainting-model-input.js';
import { startLatent, startLatentPlan } from '../../../calculators/denoise/start-latent.js';
import { createScheduler, parseSchedulerConfig, type Scheduler } from '../../../calculators/schedulers/index.js';
import { concatChannels, floatTensor, repeatBatch } from '../../../calculators/tensor/float-tensor.js';

function scheduler(className: string, steps: number, strength: number): Scheduler {
  const created = createScheduler(parseSchedulerConfig({ _class_name: className, beta_schedule: 'scaled_linear', beta_start: 0.00085, beta_end: 0.012, skip_prk_steps: true, steps_offset: 1, clip_sample: false }, 'scheduler_config.json').config);
  created.setTimesteps(steps, strength);
  return created;
}

const ramp = (shape: number[], start = 0, step = 1) =>
  floatTensor(shape, Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => start + i * step));

describe('edit latents (GenAI prepare_latents, blend_latents, prepare_mask_latents)', () => {
  it('plans the VAE encodes per mode, strength and UNet kind (they draw before the noise)', () => {
    expect(startLatentPlan('text2image', 1, false)).to.deep.equal({ encodesImage: false, startsFromImage: false });
    expect(startLatentPlan('image2image', 1, false)).to.deep.equal({ encodesImage: true, startsFromImage: true });
    expect(startLatentPlan('inpainting', 1, false)).to.deep.equal({ encodesImage: true, startsFromImage: false });
    expect(startLatentPlan('inpainting', 1, true)).to.deep.equal({ encodesImage: false, startsFromImage: false });
    expect(startLatentPlan('inpainting', 0.75, true)).to.deep.equal({ encodesImage: true, startsFromImage: true });
    // strength is a C++ float: 0.99999999 rounds to 1.
    expect(startLatentPlan('inpainting', 0.99999999, true).startsFromImage).to.equal(false);
  });

  it('starts from the image latent noised to the first timestep, or from noise · init_noise_sigma', () => {
    const ddim = scheduler('DDIMScheduler', 10, 0.5);
    const image = ramp([1, 2, 1, 2], 0.5, 0.25);
    const noise = ramp([2, 2, 1, 2], -1, 0.3);
    const start = startLatent(ddim, noise, image);
    expect(start.shape).to.deep.equal([2, 2, 1, 2]);
    expect([...start.data]).to.deep.equal([...ddim.addNoise(repeatBatch(image, 2), noise, ddim.timesteps[0]!).data]);
    const euler = scheduler('EulerDiscreteScheduler', 10, 1);
    const pure = startLatent(euler, noise);
    expect([...pure.data]).to.deep.equal([...noise.data].map((n) => Math.fround(n * Math.fround(euler.initNoiseSigma))));
    expect(euler.initNoiseSigma).to.be.greaterThan(1);
  });

  it('blends the image latent (noised to the next timestep, plain at the last step) where the mask is 0', () => {
    const ddim = scheduler('DDIMScheduler', 4, 1);
    const image = ramp([1, 2, 1, 2], 10);
    const noise = ramp([1, 2, 1, 2], -3, 0.5);
    const mask = floatTensor([1, 1, 1, 2], Float32Array.of(0, 1));
    const latent = ramp([1, 2, 1, 2], 100);
    blendLatents(latent, image, noise, mask, ddim, 1);
    const noised = ddim.addNoise(image, noise, ddim.timesteps[2]!);
    expect([...latent.data]).to.deep.equal([noised.data[0], 101, noised.data[2], 103]);
    const last = ramp([1, 2, 1, 2], 100);
    blendLatents(last, image, noise, mask, ddim, ddim.timesteps.length - 1);
    expect([...last.data]).to.deep.equal([10, 101, 12, 103]);
    expect(() => blendLatents(ramp([2, 2, 1, 2]), image, ramp([2, 2, 1, 2]), mask, ddim, 0)).to.throw(RangeError, /shapes \[2,2,1,2\] and \[1,2,1,2\] differ/);
  });

  it('feeds a 9-channel UNet [latent, mask, masked-image latent] and blacks out (to 0) the masked pixels', () => {
    expect(isInpaintingUnet(9, 4)).to.equal(true);
    expect(isInpaintingUnet(4, 4)).to.equal(false);
    const image = ramp([1, 3, 1, 2], 1);
    const masked = maskedImage(image, floatTensor([1, 1, 1, 2], Float32Array.of(1, 0)));
    expect([...masked.data]).to.deep.equal([0, 2, 0, 4, 0, 6]);
    const input = inpaintingModelInput(ramp([2, 4, 1, 1], 0), ramp([2, 1, 1, 1], 100), ramp([2, 4, 1, 1], 200));
    expect(input.shape).to.deep.equal([2, 9, 1, 1]);
    expect([...input.data]).to.deep.equal([0, 1, 2, 3, 100, 200, 201, 202, 203, 4, 5, 6, 7, 101, 204, 205, 206, 207]);
    expect(() => concatChannels([ramp([1, 1, 2, 2]), ramp([1, 1, 2, 3])])).to.throw(RangeError, /does not fit/);
  });
});
