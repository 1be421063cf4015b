/**
 * @module calculators/schedulers/noise-schedule
 * The numerics every GenAI scheduler shares, float-exact (numpy_utils.hpp/.cpp and the schedulers' constructors;
 * reference: genai-image-generation.md §3.2): linspace, betas, the sequential float32 cumprod, zero-SNR rescaling,
 * integer timesteps per spacing and the strength cut. C++ float operations are mirrored with Math.fround.
 */
import { GraphError } from '../../engine/status.js';
import { assertSameShape, floatTensor, type FloatTensor } from '../tensor/float-tensor.js';
import type { BetaScheduleConfig, TimestepSpacing } from './scheduler-config.js';

const f32 = Math.fround;

/** sqrtf: correctly rounded in C and JS alike. */
export function sqrtf(x: number): number {
  return f32(Math.sqrt(x));
}

/**
 * numpy_utils::linspace<float, float>: delta = (end - start) / n (n - 1 with the endpoint) and start + delta·i, all in
 * float; the endpoint is appended exactly. GenAI's default is endpoint = false.
 */
export function linspaceFloat(start: number, end: number, num: number, endpoint: boolean): number[] {
  if (num === 0) return [];
  if (num === 1) return [f32(start)];
  const steps = endpoint ? num - 1 : num;
  const delta = f32(f32(end - start) / steps);
  const values: number[] = [];
  for (let i = 0; i < steps; i++) values.push(f32(start + f32(delta * i)));
  if (endpoint) values.push(f32(end));
  return values;
}

/** numpy_utils::linspace<T, double>: the same in double (T = float rounds each value at the end). */
export function linspaceDouble(start: number, end: number, num: number, endpoint: boolean): number[] {
  if (num === 0) return [];
  if (num === 1) return [start];
  const steps = endpoint ? num - 1 : num;
  const delta = (end - start) / steps;
  const values: number[] = [];
  for (let i = 0; i < steps; i++) values.push(start + delta * i);
  if (endpoint) values.push(end);
  return values;
}

/**
 * Betas of DDIM, PNDM, Euler and Euler ancestral. Rule copied: linspace WITHOUT the endpoint (so the last beta is not
 * beta_end); scaled_linear squares linspace(sqrtf(b0), sqrtf(b1)) in float; trained_betas win when given.
 */
export function betasWithoutEndpoint(config: BetaScheduleConfig): Float32Array {
  if (config.trainedBetas.length > 0) return Float32Array.from(config.trainedBetas);
  const T = config.numTrainTimesteps;
  switch (config.betaSchedule) {
    case 'linear':
      return Float32Array.from(linspaceFloat(config.betaStart, config.betaEnd, T, false));
    case 'scaled_linear':
      return Float32Array.from(linspaceFloat(sqrtf(config.betaStart), sqrtf(config.betaEnd), T, false), (b) => f32(b * b));
  }
}

/**
 * Betas of LCM (lcm.cpp), the exception: scaled_linear uses linspace WITH the endpoint; linear is
 * b0 + (b1 - b0)·i / (T - 1) in float.
 */
export function lcmBetas(config: BetaScheduleConfig): Float32Array {
  if (config.trainedBetas.length > 0) return Float32Array.from(config.trainedBetas);
  const T = config.numTrainTimesteps;
  switch (config.betaSchedule) {
    case 'linear': {
      const range = f32(config.betaEnd - config.betaStart);
      return Float32Array.from({ length: T }, (_, i) => f32(config.betaStart + f32(f32(range * i) / (T - 1))));
    }
    case 'scaled_linear':
      return Float32Array.from(linspaceFloat(sqrtf(config.betaStart), sqrtf(config.betaEnd), T, true), (b) => f32(b * b));
  }
}

/**
 * alphas_cumprod[i] = Π_{k ≤ i} (1 - beta_k). Rule copied: std::accumulate with a double init but
 * std::multiplies<float>, i.e. a sequential float32 product.
 */
export function alphasCumprod(betas: Float32Array): Float32Array {
  const out = new Float32Array(betas.length);
  let product = 1;
  for (let i = 0; i < betas.length; i++) {
    product = f32(product * f32(1 - betas[i]!));
    out[i] = product;
  }
  return out;
}

/** The alphas_cumprod table of DDIM: betas without the linspace endpoint, optionally zero-terminal-SNR rescaled. */
export function sdAlphasCumprod(config: BetaScheduleConfig & { readonly rescaleBetasZeroSnr: boolean }): Float32Array {
  const betas = betasWithoutEndpoint(config);
  if (config.rescaleBetasZeroSnr) rescaleZeroTerminalSnr(betas);
  return alphasCumprod(betas);
}

/** Euler and Euler ancestral: the same, but zero-terminal SNR sets the last alpha_cumprod to 2^-24 (finite sigma). */
export function eulerAlphasCumprod(config: BetaScheduleConfig & { readonly rescaleBetasZeroSnr: boolean }): Float32Array {
  const table = sdAlphasCumprod(config);
  if (config.rescaleBetasZeroSnr) table[table.length - 1] = 2 ** -24;
  return table;
}

/**
 * numpy_utils::rescale_zero_terminal_snr (arXiv 2305.08891, Algorithm 1), in place, in GenAI's float steps:
 * sqrt of the float cumprod, shift so the last is 0, scale so the first is unchanged, square
 * (std::pow(float, 2) is an exact double square rounded to float), then undo the cumprod.
 */
export function rescaleZeroTerminalSnr(betas: Float32Array): void {
  const alphasBarSqrt = Float32Array.from(alphasCumprod(betas), (ac) => sqrtf(ac));
  const first = alphasBarSqrt[0]!;
  const last = alphasBarSqrt[alphasBarSqrt.length - 1]!;
  const scale = f32(first / f32(first - last));
  for (let i = 0; i < alphasBarSqrt.length; i++) {
    const shifted = f32(f32(alphasBarSqrt[i]! - last) * scale);
    alphasBarSqrt[i] = f32(shifted * shifted);
  }
  const alphas = new Float32Array(betas.length);
  alphas[0] = alphasBarSqrt[0]!;
  for (let i = 1; i < alphas.length; i++) alphas[i] = f32(alphasBarSqrt[i]! / alphasBarSqrt[i - 1]!);
  for (let i = 0; i < betas.length; i++) betas[i] = f32(1 - alphas[i]!);
}

/**
 * Integer timesteps in DESCENDING order (DDIM, Euler, Euler ancestral; PNDM reverses them):
 * - leading: ratio = T / n (integer division), k·ratio + steps_offset;
 * - linspace: std::round of linspace<float>(0, T - 1, n, endpoint) (half away from zero: 812 for n = 16, not 811);
 * - trailing: `for (float i = T; i > 0; i -= float(T)/float(n)) round(i) - 1`, accumulated in float, which for
 *   many n (9, 11, 12, 18, ...) yields n + 1 values, the last being -1.
 */
export function integerTimesteps(spacing: TimestepSpacing, numTrainTimesteps: number, n: number,
  stepsOffset: number): number[] {
  const T = numTrainTimesteps;
  switch (spacing) {
    case 'linspace':
      return linspaceFloat(0, T - 1, n, true).reverse().map(roundHalfAwayFromZero);
    case 'leading': {
      const ratio = Math.floor(T / n);
      return Array.from({ length: n }, (_, k) => (n - 1 - k) * ratio + stepsOffset);
    }
    case 'trailing': {
      const ratio = f32(f32(T) / f32(n));
      const timesteps: number[] = [];
      for (let i = f32(T); i > 0; i = f32(i - ratio)) timesteps.push(roundHalfAwayFromZero(i) - 1);
      return timesteps;
    }
  }
}

/** std::round: half away from zero. */
export function roundHalfAwayFromZero(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/**
 * The strength cut shared by DDIM, PNDM, Euler and Euler ancestral: init = min(size_t(n·strength), n) with the float
 * product truncated, t_start = n - init; the caller keeps timesteps[t_start:], which must not be empty.
 */
export function strengthStartIndex(n: number, strength: number, available: number): number {
  checkStrength(strength);
  const initTimestep = Math.min(Math.trunc(f32(n * f32(strength))), n);
  const tStart = n - initTimestep;
  if (tStart >= available) throw noDenoisingStep(strength, n);
  return tStart;
}

/**
 * GenAI asserts "After adjusting the num_inference_steps by strength parameter: <s> the number of pipeline steps is less
 * then 1 …"; we name both fields, the strength as the float it was sent as (0.3, not 0.30000001192092896).
 */
export function noDenoisingStep(strength: number, n: number): GraphError {
  return new GraphError('INVALID_ARGUMENT', `strength ${float32Text(strength)} with num_inference_steps ${n} leaves no ` +
    'denoising step; set a larger strength or more steps');
}

/** The shortest decimal that reads back as the same float32. */
function float32Text(x: number): string {
  for (let digits = 1; digits < 9; digits++) {
    const text = Number(x.toPrecision(digits));
    if (Math.fround(text) === x) return String(text);
  }
  return String(x);
}

/** strength must lie in [0, 1] (GenAI's pipelines check it; a negative one is undefined behaviour in the cut). */
export function checkStrength(strength: number): void {
  if (!(strength >= 0 && strength <= 1)) {
    throw new GraphError('INVALID_ARGUMENT', `strength must be in [0, 1], got ${strength}`);
  }
}

/** Checks num_inference_steps the way every scheduler needs it: a positive integer, at most T. */
export function checkStepCount(n: number, numTrainTimesteps: number): void {
  if (!Number.isSafeInteger(n) || n < 1 || n > numTrainTimesteps) {
    throw new GraphError('INVALID_ARGUMENT',
      `num_inference_steps must be an integer in [1, ${numTrainTimesteps}], got ${n}`);
  }
}

/**
 * DEVIATION guard: GenAI indexes alphas_cumprod[t] unchecked, so a timestep outside [0, T-1] (the trailing -1 quirk,
 * or a leading steps_offset that overflows T) is undefined behaviour there; we refuse the request instead.
 */
export function checkAlphaTimesteps(timesteps: readonly number[], numTrainTimesteps: number, scheduler: string): void {
  const bad = timesteps.find((t) => t < 0 || t >= numTrainTimesteps);
  if (bad !== undefined) {
    throw new GraphError('INVALID_ARGUMENT', `${scheduler}: this num_inference_steps gives timestep ${bad}, outside ` +
      `[0, ${numTrainTimesteps - 1}] (undefined behaviour in GenAI); choose another num_inference_steps`);
  }
}

/**
 * add_noise of DDIM, PNDM and LCM: sqrt(ac)·x + sqrt(1 - ac)·n in float. DDIM/PNDM compute sqrt(1.0 - ac) in DOUBLE
 * and store it to float; LCM uses float throughout (`oneMinusPrecision` picks).
 */
export function addNoiseWithAlpha(original: FloatTensor, noise: FloatTensor, alphaCumprod: number,
  oneMinusPrecision: 'double' | 'float'): FloatTensor {
  assertSameShape(original, noise, 'add_noise');
  const sqrtAlpha = sqrtf(alphaCumprod);
  const sqrtOneMinusAlpha = oneMinusPrecision === 'double' ? f32(Math.sqrt(1 - alphaCumprod)) : sqrtf(f32(1 - alphaCumprod));
  const out = floatTensor(original.shape);
  const x = original.data;
  const n = noise.data;
  for (let i = 0; i < x.length; i++) out.data[i] = f32(sqrtAlpha * x[i]!) + f32(sqrtOneMinusAlpha * n[i]!);
  return out;
}

/**
 * Training sigmas of Euler/Euler ancestral: sigma[t] = (float) pow((1 - ac[t]) / ac[t], 0.5), the ratio in float.
 * pow(x, 0.5) is glibc's double pow; Math.sqrt is the correctly rounded value (see the report's pow/sqrt check).
 */
export function trainingSigmas(alphasCumprodTable: Float32Array): Float32Array {
  return Float32Array.from(alphasCumprodTable, (ac) => f32(Math.sqrt(f32(f32(1 - ac) / ac))));
}

/**
 * numpy_utils::interp(x, 0..T-1, fp) in float: clamps outside [0, T-1]; inside it is (y1 - y0)/(x1 - x0)·(t - x0) + y0,
 * which at integer t reproduces fp[t]. Quirk copied: x is int64 but xp is size_t, so the comparisons are unsigned and
 * the trailing spacing's t = -1 takes the LAST sigma (the largest), not the first (verified against GenAI).
 */
export function interpSigmas(timesteps: readonly number[], sigmas: Float32Array): number[] {
  const last = sigmas.length - 1;
  return timesteps.map((t) => {
    if (t < 0) return sigmas[last]!;
    if (t === 0) return sigmas[0]!;
    if (t >= last) return sigmas[last]!;
    const idx = Math.ceil(t) - 1; // lower_bound(xp, t) - 1
    const y0 = sigmas[idx]!;
    const y1 = sigmas[idx + 1]!;
    return f32(f32(f32(f32(y1 - y0) / 1) * f32(t - idx)) + y0);
  });
}

/**
 * Euler-family scale_model_input: x /= pow(σ² + 1, 0.5) where pow(float, 2) and the +1 are double, and the float x is
 * divided in double then stored to float.
 */
export function scaleBySigma(sample: FloatTensor, sigma: number): void {
  const divisor = Math.sqrt(sigma * sigma + 1);
  const x = sample.data;
  for (let i = 0; i < x.length; i++) x[i] = f32(x[i]! / divisor);
}

/** Euler-family add_noise: x + σ(t)·n in float, σ looked up by the timestep's position in the full schedule. */
export function addNoiseWithSigma(original: FloatTensor, noise: FloatTensor, sigma: number): FloatTensor {
  assertSameShape(original, noise, 'add_noise');
  const out = floatTensor(original.shape);
  for (let i = 0; i < out.data.length; i++) out.data[i] = f32(original.data[i]! + f32(sigma * noise.data[i]!));
  return out;
}

/** _index_for_timestep: the first position of `timestep` in the schedule, else GenAI's error. */
export function indexForTimestep(schedule: readonly number[], timestep: number): number {
  const index = schedule.indexOf(timestep);
  if (index < 0) throw new GraphError('INVALID_ARGUMENT', `Failed to find index for timestep ${timestep}`);
  return index;
}

/** Euler-family v-prediction x0: v·(-σ / pow(σ²+1, 0.5)) + x / (σ²+1), evaluated in double, stored to float. */
export function vPredictionOriginal(v: number, x: number, sigma: number): number {
  const sigma2p1 = sigma * sigma + 1;
  return f32(v * (-sigma / Math.sqrt(sigma2p1)) + x / sigma2p1);
}
