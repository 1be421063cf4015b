/**
 * @module test/calculators/schedulers/schedulers
 * Every scheduler through the conformance suite, then each one's quirks against the reference's worked numbers
 * (genai-image-generation.md §0, §3). GenAI-recorded per-step goldens are in genai-golden.test.ts.
 */
import { expect } from 'chai';
import { isGraphError } from '../../../engine/status.js';
import { CppStdGenerator } from '../../../calculators/random/cpp-std-generator.js';
import { parseSchedulerConfig } from '../../../calculators/schedulers/scheduler-config.js';
import { createScheduler, type AnyScheduler } from '../../../calculators/schedulers/scheduler-factory.js';
import type { EulerDiscreteScheduler } from '../../../calculators/schedulers/euler-discrete.js';
import { floatTensor } from '../../../calculators/tensor/float-tensor.js';
import { runSchedulerConformance } from './conformance.js';

// SD 1.5's scheduler betas (diffusers' stable-diffusion-v1-5 scheduler_config.json).
const SD15 = { beta_start: 0.00085, beta_end: 0.012, beta_schedule: 'scaled_linear', steps_offset: 1 };

function make(json: Record<string, unknown>): AnyScheduler {
  return createScheduler(parseSchedulerConfig(json, 'scheduler_config.json').config);
}

function makeEuler(json: Record<string, unknown>): EulerDiscreteScheduler {
  const scheduler = make({ _class_name: 'EulerDiscreteScheduler', ...json });
  if (scheduler.kind !== 'euler-discrete') throw new Error('expected EulerDiscrete');
  return scheduler;
}

function withSpacings(className: string, extra: Record<string, unknown>, steps: readonly number[]) {
  return ['leading', 'linspace', 'trailing'].flatMap((spacing) =>
    steps.map((n) => ({ json: { _class_name: className, ...SD15, timestep_spacing: spacing, ...extra }, steps: n })));
}

runSchedulerConformance('DDIM', withSpacings('DDIMScheduler', { clip_sample: false }, [1, 4, 20]));
runSchedulerConformance('PNDM', withSpacings('PNDMScheduler', { skip_prk_steps: true }, [1, 2, 5, 20])
  .map((c) => ({ ...c, repeatedTimestepReason: 'PLMS re-uses its first timestep for the second model call' })));
runSchedulerConformance('EulerDiscrete', withSpacings('EulerDiscreteScheduler', {}, [1, 4, 20]));
runSchedulerConformance('EulerAncestral', withSpacings('EulerAncestralDiscreteScheduler', {}, [1, 4, 20]));
runSchedulerConformance('LCM', [1, 2, 4, 8].map((n) => ({ json: { _class_name: 'LCMScheduler' }, steps: n })));
runSchedulerConformance('FlowMatchEuler', [1, 4, 28].map((n) => ({
  json: { _class_name: 'FlowMatchEulerDiscreteScheduler', shift: 3.0 }, steps: n })));

describe('scheduler quirks (reference worked numbers)', () => {
  it('LCM: n = 4 gives [999, 759, 499, 259]', () => {
    const lcm = make({ _class_name: 'LCMScheduler' });
    lcm.setTimesteps(4, 1);
    expect(lcm.timesteps).to.deep.equal([999, 759, 499, 259]);
  });

  it('LCM: strength is folded into the original schedule (n = 4, strength 0.5)', () => {
    const lcm = make({ _class_name: 'LCMScheduler' });
    lcm.setTimesteps(4, 0.5);
    // origin = (1..25)·20 - 1 reversed; indices trunc(linspace(0, 25, 4)) = 0, 6, 12, 18.
    expect(lcm.timesteps).to.deep.equal([499, 379, 259, 139]);
  });

  it('PNDM: leading, offset 1, n = 50 gives the 51-long PLMS list [981, 961, 961, 941, ..., 1]', () => {
    const pndm = make({ _class_name: 'PNDMScheduler', ...SD15, skip_prk_steps: true });
    pndm.setTimesteps(50, 1);
    const expected = [981, 961, 961];
    for (let t = 941; t >= 1; t -= 20) expected.push(t);
    expect(pndm.timesteps).to.deep.equal(expected);
    expect(pndm.timesteps).to.have.length(51);
  });

  it('PNDM: n = 1 runs a single step', () => {
    const pndm = make({ _class_name: 'PNDMScheduler', ...SD15, skip_prk_steps: true });
    pndm.setTimesteps(1, 1);
    expect(pndm.timesteps).to.deep.equal([1]);
    const latent = new CppStdGenerator(1).randnTensor([1, 4, 2, 2]);
    const { prevSample } = pndm.step(latent, 0, latent, new CppStdGenerator(2));
    expect(prevSample.data.every(Number.isFinite)).to.equal(true);
  });

  it('trailing spacing: float accumulation gives n + 1 timesteps ending in -1 for n = 9', () => {
    const euler = make({ _class_name: 'EulerDiscreteScheduler', ...SD15, timestep_spacing: 'trailing' });
    euler.setTimesteps(9, 1);
    expect(euler.timesteps).to.have.length(10);
    expect(euler.timesteps[9]).to.equal(-1);
    expect(euler.timesteps.slice(0, 3)).to.deep.equal([999, 888, 777]);
    euler.setTimesteps(10, 1);
    expect(euler.timesteps).to.have.length(10);
  });

  it('trailing spacing rounds half away from zero: n = 16 contains 812 (numpy would give 811)', () => {
    const euler = make({ _class_name: 'EulerDiscreteScheduler', ...SD15, timestep_spacing: 'trailing' });
    euler.setTimesteps(16, 1);
    expect(euler.timesteps).to.include(812);
    expect(euler.timesteps).to.not.include(811);
  });

  it('DDIM and PNDM refuse the trailing -1 timestep (undefined behaviour in GenAI) with INVALID_ARGUMENT', () => {
    for (const json of [{ _class_name: 'DDIMScheduler', clip_sample: false }, { _class_name: 'PNDMScheduler', skip_prk_steps: true }]) {
      const scheduler = make({ ...SD15, ...json, timestep_spacing: 'trailing' });
      expect(() => scheduler.setTimesteps(9, 1)).to.throw(/timestep -1/).that.satisfies(
        (error: unknown) => isGraphError(error) && error.code === 'INVALID_ARGUMENT');
    }
  });

  it('Euler: SD 1.5 betas without the linspace endpoint give sigma_max 14.5655 (diffusers: 14.6147)', () => {
    const euler = make({ _class_name: 'EulerDiscreteScheduler', ...SD15, timestep_spacing: 'linspace' });
    euler.setTimesteps(50, 1);
    expect(euler.timesteps[0]).to.equal(999);
    expect(euler.initNoiseSigma).to.be.closeTo(14.5655, 5e-5);
  });

  it('Euler: leading spacing uses sqrt(sigma_max² + 1) as the initial noise sigma', () => {
    const euler = makeEuler(SD15);
    euler.setTimesteps(50, 1);
    expect(euler.timesteps[0]).to.equal(981);
    const sigma = euler.sigmaSchedule[0]!;
    expect(euler.initNoiseSigma).to.equal(Math.fround(Math.sqrt(Math.fround(Math.fround(sigma * sigma) + 1))));
  });

  it('Euler and EulerA return x0 as denoised; DDIM, PNDM and FlowMatch do not', () => {
    const latent = new CppStdGenerator(3).randnTensor([1, 4, 2, 2]);
    for (const [json, hasDenoised] of [
      [{ _class_name: 'EulerDiscreteScheduler' }, true], [{ _class_name: 'EulerAncestralDiscreteScheduler' }, true],
      [{ _class_name: 'LCMScheduler' }, true], [{ _class_name: 'DDIMScheduler', clip_sample: false }, false],
      [{ _class_name: 'PNDMScheduler', skip_prk_steps: true }, false],
      [{ _class_name: 'FlowMatchEulerDiscreteScheduler' }, false],
    ] as const) {
      const scheduler = make(json);
      scheduler.setTimesteps(4, 1);
      const result = scheduler.step(latent, 0, latent, new CppStdGenerator(1));
      expect(result.denoised !== undefined, json._class_name).to.equal(hasDenoised);
    }
  });

  it('EulerA draws noise every step including the last; LCM every step but the last', () => {
    const count = (json: Record<string, unknown>, steps: number): number => {
      const scheduler = make(json);
      scheduler.setTimesteps(steps, 1);
      let draws = 0;
      const generator = { next: () => 0, randnTensor: (shape: readonly number[]) => { draws++; return floatTensor(shape); } };
      let latent = floatTensor([1, 4, 2, 2], new Float32Array(16).fill(0.5));
      scheduler.timesteps.forEach((_, i) => { latent = scheduler.step(latent, i, latent, generator).prevSample; });
      return draws;
    };
    expect(count({ _class_name: 'EulerAncestralDiscreteScheduler' }, 5)).to.equal(5);
    expect(count({ _class_name: 'LCMScheduler' }, 4)).to.equal(3);
    expect(count({ _class_name: 'EulerDiscreteScheduler' }, 5)).to.equal(0);
  });

  it('strength truncates the float product n·strength (n = 50, strength 0.8 → 40 steps, begin index 10)', () => {
    const euler = makeEuler(SD15);
    euler.setTimesteps(50, 0.8);
    expect(euler.timesteps).to.have.length(40);
    expect(euler.timesteps[0]).to.equal(781);
    // add_noise looks the timestep up in the full schedule: sigma of t = 781 is the 11th sigma.
    const x = floatTensor([1, 1, 1, 1], Float32Array.of(0));
    const n = floatTensor([1, 1, 1, 1], Float32Array.of(1));
    expect(euler.addNoise(x, n, 781).data[0]).to.equal(euler.sigmaSchedule[10]);
    // 0.7 · 10 = 6.9999.. in float truncates to 6 steps.
    euler.setTimesteps(10, 0.7);
    expect(euler.timesteps).to.have.length(Math.trunc(Math.fround(10 * Math.fround(0.7))));
  });

  it('a strength too small for one step, or outside [0, 1], is INVALID_ARGUMENT', () => {
    const code = (fn: () => void): string | undefined => {
      try { fn(); } catch (error) { return isGraphError(error) ? error.code : 'not a GraphError'; }
      return undefined;
    };
    const ddim = make({ _class_name: 'DDIMScheduler', clip_sample: false });
    expect(code(() => ddim.setTimesteps(4, 0.1))).to.equal('INVALID_ARGUMENT');
    for (const json of [{ _class_name: 'DDIMScheduler', clip_sample: false }, { _class_name: 'LCMScheduler' },
      { _class_name: 'FlowMatchEulerDiscreteScheduler' }, { _class_name: 'EulerDiscreteScheduler' }]) {
      expect(code(() => make(json).setTimesteps(4, -0.5)), json._class_name).to.equal('INVALID_ARGUMENT');
      expect(code(() => make(json).setTimesteps(4, Number.NaN)), json._class_name).to.equal('INVALID_ARGUMENT');
      expect(code(() => make(json).setTimesteps(0, 1)), json._class_name).to.equal('INVALID_ARGUMENT');
    }
  });

  it('FlowMatch: SD3 shift 3 with 28 steps starts at t = 1000 and the sigmas end in 0', () => {
    const flow = make({ _class_name: 'FlowMatchEulerDiscreteScheduler', shift: 3.0 });
    if (flow.kind !== 'flow-match-euler') throw new Error('wrong scheduler');
    flow.setTimesteps(28, 1);
    expect(flow.timesteps).to.have.length(28);
    expect(flow.timesteps[0]).to.equal(1000);
    expect(flow.sigmaSchedule.at(-1)).to.equal(0);
    expect(Number.isInteger(flow.timesteps[1])).to.equal(false);
  });

  it('FlowMatch: FLUX dynamic shifting follows mu = m·seq_len + b and refuses the SD3 path', () => {
    const flow = make({ _class_name: 'FlowMatchEulerDiscreteScheduler', use_dynamic_shifting: true,
      base_shift: 0.5, max_shift: 1.15 });
    if (flow.kind !== 'flow-match-euler') throw new Error('wrong scheduler');
    flow.setTimestepsForSequence(4096, 4, 1);
    const mu = Math.fround(1.15); // seq_len 4096 = max_image_seq_len gives mu = max_shift
    const expMu = Math.fround(Math.exp(mu));
    const sigma1 = Math.fround(0.75);
    expect(flow.sigmaSchedule[1]).to.equal(Math.fround(expMu / Math.fround(expMu + Math.fround(Math.fround(1 / sigma1) - 1))));
    expect(() => flow.setTimesteps(4, 1)).to.throw(/use_dynamic_shifting/);
  });

  it('FlowMatch: strength sets the begin index used by scaleNoise and step', () => {
    const flow = make({ _class_name: 'FlowMatchEulerDiscreteScheduler', shift: 3.0 });
    if (flow.kind !== 'flow-match-euler') throw new Error('wrong scheduler');
    flow.setTimesteps(10, 0.6);
    expect(flow.timesteps).to.have.length(6);
    const sigma = flow.sigmaSchedule[4]!;
    const out = flow.scaleNoise(floatTensor([1], Float32Array.of(2)), floatTensor([1], Float32Array.of(1)));
    expect(out.data[0]).to.equal(Math.fround(Math.fround(sigma) + Math.fround(Math.fround(1 - sigma) * 2)));
  });
});
