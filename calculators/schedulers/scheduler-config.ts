/**
 * @module calculators/schedulers/scheduler-config
 * A model's scheduler/scheduler_config.json read into a typed, frozen config with GenAI's defaults per class
 * (schedulers/*.hpp `Config`), dispatched on `_class_name` as GenAI's Scheduler::from_config does. Values GenAI
 * refuses (or would hit undefined behaviour on) fail here, at load, with FAILED_PRECONDITION naming key and file.
 */
import { readFileSync } from 'node:fs';
import { GraphError } from '../../engine/status.js';

export type SchedulerKind = 'ddim' | 'pndm' | 'euler-discrete' | 'euler-ancestral' | 'lcm' | 'flow-match-euler';
export type BetaSchedule = 'linear' | 'scaled_linear';
export type PredictionType = 'epsilon' | 'sample' | 'v_prediction';
export type TimestepSpacing = 'linspace' | 'leading' | 'trailing';

/** `_class_name` → scheduler. GenAI types.cpp: LMSDiscreteScheduler is an alias of DDIM, not a real LMS. */
export const SCHEDULER_CLASS_NAMES: Readonly<Record<string, SchedulerKind>> = Object.freeze({
  LCMScheduler: 'lcm',
  DDIMScheduler: 'ddim',
  LMSDiscreteScheduler: 'ddim',
  EulerDiscreteScheduler: 'euler-discrete',
  EulerAncestralDiscreteScheduler: 'euler-ancestral',
  PNDMScheduler: 'pndm',
  FlowMatchEulerDiscreteScheduler: 'flow-match-euler',
});

/** The training noise schedule shared by the SD-family schedulers. */
export interface BetaScheduleConfig {
  readonly numTrainTimesteps: number;
  readonly betaStart: number;
  readonly betaEnd: number;
  readonly betaSchedule: BetaSchedule;
  /** Non-empty: used as the betas, and beta_schedule is ignored (as GenAI does). */
  readonly trainedBetas: readonly number[];
}

interface SdSchedulerConfig extends BetaScheduleConfig {
  readonly predictionType: PredictionType;
  readonly timestepSpacing: TimestepSpacing;
  readonly stepsOffset: number;
}

export interface DdimConfig extends SdSchedulerConfig {
  readonly kind: 'ddim';
  readonly setAlphaToOne: boolean;
  readonly rescaleBetasZeroSnr: boolean;
}

export interface PndmConfig extends SdSchedulerConfig {
  readonly kind: 'pndm';
  readonly setAlphaToOne: boolean;
}

export interface EulerDiscreteConfig extends SdSchedulerConfig {
  readonly kind: 'euler-discrete';
  readonly interpolationType: 'linear' | 'log_linear';
  readonly finalSigmasType: 'zero' | 'sigma_min';
  readonly rescaleBetasZeroSnr: boolean;
}

export interface EulerAncestralConfig extends SdSchedulerConfig {
  readonly kind: 'euler-ancestral';
  readonly rescaleBetasZeroSnr: boolean;
}

export interface LcmConfig extends BetaScheduleConfig {
  readonly kind: 'lcm';
  readonly originalInferenceSteps: number;
  readonly clipSample: boolean;
  readonly clipSampleRange: number;
  readonly setAlphaToOne: boolean;
  readonly timestepScaling: number;
}

export interface FlowMatchEulerConfig {
  readonly kind: 'flow-match-euler';
  readonly numTrainTimesteps: number;
  readonly shift: number;
  readonly useDynamicShifting: boolean;
  readonly baseShift: number;
  readonly maxShift: number;
  readonly baseImageSeqLen: number;
  readonly maxImageSeqLen: number;
  readonly shiftTerminal: number | undefined;
  /** Checked only where GenAI uses it (FLUX-style setTimesteps): 'linear' | 'exponential'. */
  readonly timeShiftType: string;
}

export type SchedulerConfig =
  | DdimConfig | PndmConfig | EulerDiscreteConfig | EulerAncestralConfig | LcmConfig | FlowMatchEulerConfig;

export interface LoadedSchedulerConfig {
  readonly config: SchedulerConfig;
  /** Where it came from, for error messages. */
  readonly file: string;
  /** Keys of the JSON that GenAI does not read for this class (callers log them once). */
  readonly unusedKeys: readonly string[];
}

/** Reads and validates `scheduler_config.json`. */
export function readSchedulerConfig(file: string): LoadedSchedulerConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new GraphError('FAILED_PRECONDITION', `cannot read scheduler config ${file}`, { file }, { cause });
  }
  return parseSchedulerConfig(json, file);
}

/** Validates an already-parsed scheduler_config.json; `file` names it in errors. */
export function parseSchedulerConfig(json: unknown, file: string): LoadedSchedulerConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw refusal(file, '', 'the scheduler config must be a JSON object');
  }
  const fields = new JsonFields(json as Record<string, unknown>, file);
  const className = fields.json._class_name;
  if (typeof className !== 'string') throw refusal(file, '_class_name', "missing '_class_name'");
  const kind = SCHEDULER_CLASS_NAMES[className];
  if (kind === undefined) {
    throw refusal(file, '_class_name', `unsupported scheduler '${className}' (GenAI supports ${Object.keys(SCHEDULER_CLASS_NAMES).join(', ')})`);
  }
  fields.used.add('_class_name');
  const config = Object.freeze(buildConfig(kind, fields));
  const unusedKeys = Object.keys(fields.json).filter((key) => !fields.used.has(key) && !key.startsWith('_'));
  return Object.freeze({ config, file, unusedKeys: Object.freeze(unusedKeys) });
}

function buildConfig(kind: SchedulerKind, f: JsonFields): SchedulerConfig {
  switch (kind) {
    case 'ddim': {
      const config: DdimConfig = {
        kind, ...sdFields(f, 0.0001, 0.02, 'scaled_linear'),
        setAlphaToOne: f.bool('set_alpha_to_one', true),
        rescaleBetasZeroSnr: f.bool('rescale_betas_zero_snr', false),
      };
      // GenAI ddim.cpp asserts both at the first step; clip_sample defaults to TRUE when the key is missing.
      f.refuseIf('clip_sample', f.bool('clip_sample', true), 'clip_sample: true is not supported by GenAI DDIM (a missing key means true)');
      f.refuseIf('thresholding', f.bool('thresholding', false), 'thresholding: true is not supported by GenAI DDIM');
      f.read(['dynamic_thresholding_ratio', 'clip_sample_range', 'sample_max_value'], (key) => f.float(key, 0));
      return config;
    }
    case 'pndm': {
      const config: PndmConfig = {
        kind, ...sdFields(f, 0.0001, 0.02, 'linear'), setAlphaToOne: f.bool('set_alpha_to_one', false),
      };
      f.refuseIf('prediction_type', config.predictionType === 'sample', 'prediction_type: sample is not supported by GenAI PNDM');
      f.refuseIf('skip_prk_steps', !f.bool('skip_prk_steps', false), 'skip_prk_steps: false is not supported by GenAI PNDM (a missing key means false)');
      return config;
    }
    case 'euler-discrete': {
      const config: EulerDiscreteConfig = {
        kind, ...sdFields(f, 0.0001, 0.02, 'scaled_linear'),
        interpolationType: f.oneOf('interpolation_type', ['linear', 'log_linear'] as const, 'linear'),
        finalSigmasType: f.oneOf('final_sigmas_type', ['zero', 'sigma_min'] as const, 'zero'),
        rescaleBetasZeroSnr: f.bool('rescale_betas_zero_snr', false),
      };
      for (const key of ['use_karras_sigmas', 'use_exponential_sigmas', 'use_beta_sigmas']) {
        f.refuseIf(key, f.bool(key, false), `${key}: true is not supported by GenAI EulerDiscrete`);
      }
      const timestepType = f.oneOf('timestep_type', ['discrete', 'continuous'] as const, 'discrete');
      f.refuseIf('timestep_type', timestepType === 'continuous' && config.predictionType === 'v_prediction',
        'timestep_type: continuous with prediction_type: v_prediction is not supported by GenAI EulerDiscrete');
      f.read(['sigma_max', 'sigma_min'], (key) => f.float(key, 0));
      return config;
    }
    case 'euler-ancestral': {
      const config: EulerAncestralConfig = {
        kind, ...sdFields(f, 0.0001, 0.02, 'linear'), rescaleBetasZeroSnr: f.bool('rescale_betas_zero_snr', false),
      };
      f.refuseIf('prediction_type', config.predictionType === 'sample',
        'prediction_type: sample is not supported by GenAI EulerAncestralDiscrete');
      return config;
    }
    case 'lcm': {
      const config: LcmConfig = {
        kind, ...betaFields(f, 0.00085, 0.012, 'scaled_linear'),
        originalInferenceSteps: f.int('original_inference_steps', 50, 1),
        clipSample: f.bool('clip_sample', false),
        clipSampleRange: f.float('clip_sample_range', 1),
        setAlphaToOne: f.bool('set_alpha_to_one', true),
        timestepScaling: f.float('timestep_scaling', 10),
      };
      // GenAI lcm.cpp only fills x0 for epsilon and its threshold_sample returns an empty vector: both are UB there.
      const prediction = f.oneOf('prediction_type', ['epsilon', 'sample', 'v_prediction'] as const, 'epsilon');
      f.refuseIf('prediction_type', prediction !== 'epsilon', `prediction_type: ${prediction} is not supported by GenAI LCM`);
      f.refuseIf('thresholding', f.bool('thresholding', false), 'thresholding: true is not supported by GenAI LCM');
      // Read but unused by GenAI's LCM.
      f.oneOf('timestep_spacing', ['linspace', 'leading', 'trailing'] as const, 'leading');
      f.int('steps_offset', 0, 0);
      f.bool('rescale_betas_zero_snr', false);
      f.read(['dynamic_thresholding_ratio', 'sample_max_value'], (key) => f.float(key, 0));
      return config;
    }
    case 'flow-match-euler':
      return {
        kind,
        numTrainTimesteps: f.int('num_train_timesteps', 1000, 1),
        shift: f.float('shift', 1),
        useDynamicShifting: f.bool('use_dynamic_shifting', false),
        baseShift: f.float('base_shift', 0.5),
        maxShift: f.float('max_shift', 1.15),
        baseImageSeqLen: f.int('base_image_seq_len', 256, 0),
        maxImageSeqLen: f.int('max_image_seq_len', 4096, 0),
        shiftTerminal: f.optionalFloat('shift_terminal'),
        timeShiftType: f.string('time_shift_type', 'linear'),
      };
  }
}

function betaFields(f: JsonFields, betaStart: number, betaEnd: number, betaSchedule: BetaSchedule): BetaScheduleConfig {
  const trainedBetas = Object.freeze(f.floats('trained_betas'));
  const schedule = f.oneOf('beta_schedule', ['linear', 'scaled_linear', 'squaredcos_cap_v2'] as const, betaSchedule);
  f.refuseIf('beta_schedule', schedule === 'squaredcos_cap_v2' && trainedBetas.length === 0,
    'beta_schedule: squaredcos_cap_v2 is not supported by GenAI');
  const numTrainTimesteps = f.int('num_train_timesteps', 1000, 1);
  f.refuseIf('trained_betas', trainedBetas.length !== 0 && trainedBetas.length !== numTrainTimesteps,
    `trained_betas has ${trainedBetas.length} values, num_train_timesteps is ${numTrainTimesteps}`);
  return {
    numTrainTimesteps,
    betaStart: f.float('beta_start', betaStart),
    betaEnd: f.float('beta_end', betaEnd),
    betaSchedule: schedule === 'squaredcos_cap_v2' ? betaSchedule : schedule,
    trainedBetas,
  };
}

function sdFields(f: JsonFields, betaStart: number, betaEnd: number, betaSchedule: BetaSchedule): SdSchedulerConfig {
  return {
    ...betaFields(f, betaStart, betaEnd, betaSchedule),
    predictionType: f.oneOf('prediction_type', ['epsilon', 'sample', 'v_prediction'] as const, 'epsilon'),
    timestepSpacing: f.oneOf('timestep_spacing', ['linspace', 'leading', 'trailing'] as const, 'leading'),
    stepsOffset: f.int('steps_offset', 0, 0),
  };
}

function refusal(file: string, key: string, message: string): GraphError {
  return new GraphError('FAILED_PRECONDITION', `${file}: ${key === '' ? '' : `'${key}': `}${message}`, { file });
}

/**
 * Typed access to the JSON object with GenAI's read_json_param semantics: a missing or null key keeps the default;
 * a value of the wrong type is refused (nlohmann's get<T> would throw); float fields round to float32.
 */
class JsonFields {
  readonly used = new Set<string>();

  constructor(readonly json: Readonly<Record<string, unknown>>, private readonly file: string) {}

  refuseIf(key: string, condition: boolean, message: string): void {
    if (condition) throw refusal(this.file, key, message);
  }

  read(keys: readonly string[], reader: (key: string) => unknown): void {
    for (const key of keys) reader(key);
  }

  float(key: string, fallback: number): number {
    const value = this.present(key);
    // C++ float fields: both the `0.0001f` defaults and the JSON doubles round to float32.
    if (value === undefined) return Math.fround(fallback);
    if (typeof value !== 'number') throw refusal(this.file, key, `expected a number, got ${JSON.stringify(value)}`);
    return Math.fround(value);
  }

  optionalFloat(key: string): number | undefined {
    return this.present(key) === undefined ? undefined : this.float(key, 0);
  }

  int(key: string, fallback: number, min: number): number {
    const value = this.present(key);
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      throw refusal(this.file, key, `expected an integer >= ${min}, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  bool(key: string, fallback: boolean): boolean {
    const value = this.present(key);
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') throw refusal(this.file, key, `expected true or false, got ${JSON.stringify(value)}`);
    return value;
  }

  string(key: string, fallback: string): string {
    const value = this.present(key);
    if (value === undefined) return fallback;
    if (typeof value !== 'string') throw refusal(this.file, key, `expected a string, got ${JSON.stringify(value)}`);
    return value;
  }

  /** GenAI types.cpp: a non-string or empty string keeps the default; any other unknown string throws. */
  oneOf<T extends string>(key: string, values: readonly T[], fallback: T): T {
    const value = this.present(key);
    if (typeof value !== 'string' || value === '') return fallback;
    if (!(values as readonly string[]).includes(value)) {
      throw refusal(this.file, key, `unsupported value '${value}' (expected ${values.join(', ')})`);
    }
    return value as T;
  }

  floats(key: string): number[] {
    const value = this.present(key);
    if (!Array.isArray(value)) return [];
    return value.map((item, i) => {
      if (typeof item !== 'number') throw refusal(this.file, key, `element ${i} is not a number`);
      return Math.fround(item);
    });
  }

  private present(key: string): unknown {
    this.used.add(key);
    const value = this.json[key];
    return value === null ? undefined : value;
  }
}
