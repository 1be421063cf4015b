/**
 * @module test/calculators/schedulers/scheduler-config
 * scheduler_config.json parsing: GenAI's defaults per class, `_class_name` dispatch, and the refusals (one row each).
 */
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isGraphError } from '../../../engine/status.js';
import { parseSchedulerConfig, readSchedulerConfig } from '../../../calculators/schedulers/scheduler-config.js';

describe('schedulers/scheduler-config', () => {
  it('dispatches every GenAI class name, LMSDiscreteScheduler to DDIM', () => {
    const kinds = Object.fromEntries([
      ['DDIMScheduler', { clip_sample: false }], ['LMSDiscreteScheduler', { clip_sample: false }],
      ['PNDMScheduler', { skip_prk_steps: true }], ['EulerDiscreteScheduler', {}],
      ['EulerAncestralDiscreteScheduler', {}], ['LCMScheduler', {}], ['FlowMatchEulerDiscreteScheduler', {}],
    ].map(([name, extra]) => [name, parseSchedulerConfig({ _class_name: name, ...(extra as object) }, 'f.json').config.kind]));
    expect(kinds).to.deep.equal({
      DDIMScheduler: 'ddim', LMSDiscreteScheduler: 'ddim', PNDMScheduler: 'pndm',
      EulerDiscreteScheduler: 'euler-discrete', EulerAncestralDiscreteScheduler: 'euler-ancestral',
      LCMScheduler: 'lcm', FlowMatchEulerDiscreteScheduler: 'flow-match-euler',
    });
  });

  it("applies GenAI's per-class defaults (betas, spacing) and rounds floats to float32", () => {
    const euler = parseSchedulerConfig({ _class_name: 'EulerDiscreteScheduler' }, 'f.json').config;
    const eulerA = parseSchedulerConfig({ _class_name: 'EulerAncestralDiscreteScheduler' }, 'f.json').config;
    const lcm = parseSchedulerConfig({ _class_name: 'LCMScheduler', beta_end: null }, 'f.json').config;
    expect(euler).to.include({ betaSchedule: 'scaled_linear', timestepSpacing: 'leading', betaStart: Math.fround(0.0001) });
    expect(eulerA).to.include({ betaSchedule: 'linear' });
    expect(lcm).to.include({ betaStart: Math.fround(0.00085), betaEnd: Math.fround(0.012), originalInferenceSteps: 50 });
  });

  it('reports keys GenAI does not read, and keeps enum defaults for empty strings as GenAI does', () => {
    const loaded = parseSchedulerConfig({ _class_name: 'EulerDiscreteScheduler', _diffusers_version: '0.30',
      skip_prk_steps: true, timestep_spacing: '' }, 'f.json');
    expect(loaded.unusedKeys).to.deep.equal(['skip_prk_steps']);
    expect(loaded.config).to.include({ timestepSpacing: 'leading' });
  });

  const refusals: readonly [string, Record<string, unknown>, string][] = [
    ['no _class_name', {}, "'_class_name'"],
    ['an unsupported class', { _class_name: 'DPMSolverMultistepScheduler' }, "unsupported scheduler 'DPMSolverMultistepScheduler'"],
    ['DDIM without clip_sample (GenAI defaults it to true)', { _class_name: 'DDIMScheduler' }, "'clip_sample'"],
    ['DDIM thresholding', { _class_name: 'DDIMScheduler', clip_sample: false, thresholding: true }, "'thresholding'"],
    ['PNDM without skip_prk_steps', { _class_name: 'PNDMScheduler' }, "'skip_prk_steps'"],
    ['Euler karras sigmas', { _class_name: 'EulerDiscreteScheduler', use_karras_sigmas: true }, "'use_karras_sigmas'"],
    ['Euler exponential sigmas', { _class_name: 'EulerDiscreteScheduler', use_exponential_sigmas: true }, "'use_exponential_sigmas'"],
    ['Euler beta sigmas', { _class_name: 'EulerDiscreteScheduler', use_beta_sigmas: true }, "'use_beta_sigmas'"],
    ['Euler continuous v-prediction', { _class_name: 'EulerDiscreteScheduler', timestep_type: 'continuous',
      prediction_type: 'v_prediction' }, "'timestep_type'"],
    ['EulerA sample prediction', { _class_name: 'EulerAncestralDiscreteScheduler', prediction_type: 'sample' }, "'prediction_type'"],
    ['LCM v-prediction', { _class_name: 'LCMScheduler', prediction_type: 'v_prediction' }, "'prediction_type'"],
    ['squaredcos_cap_v2', { _class_name: 'EulerDiscreteScheduler', beta_schedule: 'squaredcos_cap_v2' }, "'beta_schedule'"],
    ['an unknown spacing', { _class_name: 'EulerDiscreteScheduler', timestep_spacing: 'karras' }, "'timestep_spacing'"],
    ['a string number', { _class_name: 'EulerDiscreteScheduler', beta_start: '0.1' }, "'beta_start'"],
    ['trained_betas of the wrong length', { _class_name: 'EulerDiscreteScheduler', trained_betas: [0.1, 0.2] }, "'trained_betas'"],
  ];
  for (const [what, json, key] of refusals) {
    it(`refuses ${what} with FAILED_PRECONDITION naming the key and file`, () => {
      let caught: unknown;
      try {
        parseSchedulerConfig(json, 'models/x/scheduler/scheduler_config.json');
      } catch (error) {
        caught = error;
      }
      expect(isGraphError(caught) && caught.code).to.equal('FAILED_PRECONDITION');
      expect((caught as Error).message).to.contain('models/x/scheduler/scheduler_config.json').and.contain(key);
    });
  }

  it('accepts squaredcos_cap_v2 when trained_betas are given (GenAI never looks at the schedule then)', () => {
    const config = parseSchedulerConfig({ _class_name: 'EulerDiscreteScheduler', beta_schedule: 'squaredcos_cap_v2',
      num_train_timesteps: 2, trained_betas: [0.1, 0.2] }, 'f.json').config;
    expect(config).to.have.property('trainedBetas').that.deep.equals([Math.fround(0.1), Math.fround(0.2)]);
  });

  it('reads a file and reports a missing one with FAILED_PRECONDITION', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scheduler-config-'));
    const file = join(dir, 'scheduler_config.json');
    writeFileSync(file, JSON.stringify({ _class_name: 'LCMScheduler' }));
    expect(readSchedulerConfig(file).config.kind).to.equal('lcm');
    expect(() => readSchedulerConfig(join(dir, 'missing.json'))).to.throw(/cannot read scheduler config/);
  });
});
