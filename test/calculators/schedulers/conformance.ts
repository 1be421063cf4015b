/**
 * @module test/calculators/schedulers/conformance
 * One suite every scheduler runs (anchors H2): a schedule that decreases (except documented quirks), shape
 * preservation, config round trip, and determinism for a given generator.
 */
import { expect } from 'chai';
import { CppStdGenerator } from '../../../calculators/random/cpp-std-generator.js';
import { parseSchedulerConfig } from '../../../calculators/schedulers/scheduler-config.js';
import { createScheduler, type AnyScheduler } from '../../../calculators/schedulers/scheduler-factory.js';
import { floatTensor, type FloatTensor } from '../../../calculators/tensor/float-tensor.js';

export interface ConformanceCase {
  /** scheduler_config.json content. */
  readonly json: Record<string, unknown>;
  readonly steps: number;
  /** Why consecutive equal timesteps are allowed, when they are (PNDM's repeated second timestep). */
  readonly repeatedTimestepReason?: string;
}

const SHAPE = [1, 4, 8, 8];

/** A deterministic stand-in for a model: out = 0.3·x + 0.01·t (bit-reproducible, depends on input and timestep). */
export function probeModel(sample: FloatTensor, timestep: number): FloatTensor {
  const out = floatTensor(sample.shape);
  for (let i = 0; i < out.data.length; i++) {
    out.data[i] = Math.fround(Math.fround(0.3 * sample.data[i]!) + Math.fround(0.01 * timestep));
  }
  return out;
}

/** Runs a whole denoising loop like GenAI's SD loop (without CFG) and returns every step's latents. */
export function runLoop(scheduler: AnyScheduler, steps: number, seed: number): { latents: Float32Array[]; final: FloatTensor } {
  const generator = new CppStdGenerator(seed);
  if (scheduler.kind === 'flow-match-euler') scheduler.setTimesteps(steps, 1);
  else scheduler.setTimesteps(steps, 1);
  const noise = generator.randnTensor(SHAPE);
  let latent = floatTensor(SHAPE, Float32Array.from(noise.data, (v) => Math.fround(v * scheduler.initNoiseSigma)));
  const latents: Float32Array[] = [];
  let final = latent;
  scheduler.timesteps.forEach((timestep, i) => {
    const input = floatTensor(SHAPE, Float32Array.from(latent.data));
    scheduler.scaleModelInput(input, i);
    const result = scheduler.step(probeModel(input, timestep), i, latent, generator);
    latent = result.prevSample;
    final = result.denoised ?? result.prevSample;
    latents.push(Float32Array.from(final.data));
  });
  return { latents, final };
}

export function runSchedulerConformance(name: string, cases: readonly ConformanceCase[]): void {
  describe(`${name} conformance`, () => {
    for (const testCase of cases) {
      const label = `${String(testCase.json.timestep_spacing ?? 'default spacing')}, ${testCase.steps} steps`;
      const make = (): AnyScheduler => createScheduler(parseSchedulerConfig(testCase.json, 'test.json').config);

      it(`has a decreasing schedule (${label})`, () => {
        const scheduler = make();
        scheduler.setTimesteps(testCase.steps, 1);
        const ts = scheduler.timesteps;
        expect(ts.length).to.be.greaterThan(0);
        for (let i = 1; i < ts.length; i++) {
          if (testCase.repeatedTimestepReason !== undefined && ts[i] === ts[i - 1]) continue;
          expect(ts[i], `timestep ${i} of [${ts.join(', ')}]`).to.be.lessThan(ts[i - 1]!);
        }
      });

      it(`preserves the latent shape and stays finite (${label})`, () => {
        const { final } = runLoop(make(), testCase.steps, 42);
        expect(final.shape).to.deep.equal(SHAPE);
        expect(final.data.every(Number.isFinite)).to.equal(true);
      });

      it(`round-trips its config through JSON (${label})`, () => {
        const loaded = parseSchedulerConfig(testCase.json, 'test.json');
        const again = parseSchedulerConfig(JSON.parse(JSON.stringify(testCase.json)) as unknown, 'test.json');
        expect(again.config).to.deep.equal(loaded.config);
        expect(Object.isFrozen(loaded.config)).to.equal(true);
        const a = runLoop(createScheduler(loaded.config), testCase.steps, 7).latents;
        const b = runLoop(createScheduler(again.config), testCase.steps, 7).latents;
        expect(b).to.deep.equal(a);
      });

      it(`is deterministic for a given generator seed and differs across seeds (${label})`, () => {
        const a = runLoop(make(), testCase.steps, 42).latents;
        const b = runLoop(make(), testCase.steps, 42).latents;
        const c = runLoop(make(), testCase.steps, 43).latents;
        expect(b).to.deep.equal(a);
        expect(c).to.not.deep.equal(a);
      });
    }
  });
}
