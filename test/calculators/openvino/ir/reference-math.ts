/**
 * @module test/calculators/openvino/ir/reference-math
 * Plain TypeScript versions of the ops the IR tests run through OpenVINO, on row-major Float32Arrays: the values an
 * op graph must produce. Written from the op specifications, independent of the IR writer.
 */

export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export const tensor = (shape: readonly number[], data: ArrayLike<number>): Tensor => ({ shape, data: Float32Array.from(data) });

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** NCHW convolution, weights [O, C, kh, kw], symmetric or asymmetric explicit pads. */
export function conv2d(x: Tensor, w: Tensor, bias: ArrayLike<number>, stride: number, padBegin: number, padEnd: number): Tensor {
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [o, , kh, kw] = w.shape as [number, number, number, number];
  const oh = Math.floor((h + padBegin + padEnd - kh) / stride) + 1;
  const ow = Math.floor((wd + padBegin + padEnd - kw) / stride) + 1;
  const out = new Float32Array(n * o * oh * ow);
  for (let b = 0; b < n; b++) for (let oc = 0; oc < o; oc++) for (let y = 0; y < oh; y++) for (let xo = 0; xo < ow; xo++) {
    let sum = bias[oc] ?? 0;
    for (let ic = 0; ic < c; ic++) for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) {
      const iy = y * stride + ky - padBegin;
      const ix = xo * stride + kx - padBegin;
      if (iy < 0 || ix < 0 || iy >= h || ix >= wd) continue;
      sum += x.data[((b * c + ic) * h + iy) * wd + ix]! * w.data[((oc * c + ic) * kh + ky) * kw + kx]!;
    }
    out[((b * o + oc) * oh + y) * ow + xo] = sum;
  }
  return { shape: [n, o, oh, ow], data: out };
}

export function groupNorm(x: Tensor, groups: number, scale: ArrayLike<number>, bias: ArrayLike<number>, eps: number): Tensor {
  const [n, c] = x.shape as [number, number];
  const spatial = size(x.shape.slice(2));
  const perGroup = (c / groups) * spatial;
  const out = new Float32Array(x.data.length);
  for (let b = 0; b < n; b++) for (let g = 0; g < groups; g++) {
    const start = (b * c + g * (c / groups)) * spatial;
    let mean = 0;
    for (let i = 0; i < perGroup; i++) mean += x.data[start + i]!;
    mean /= perGroup;
    let variance = 0;
    for (let i = 0; i < perGroup; i++) variance += (x.data[start + i]! - mean) ** 2;
    variance /= perGroup;
    for (let i = 0; i < perGroup; i++) {
      const channel = g * (c / groups) + Math.floor(i / spatial);
      out[start + i] = ((x.data[start + i]! - mean) / Math.sqrt(variance + eps)) * (scale[channel] ?? 1) + (bias[channel] ?? 0);
    }
  }
  return { shape: x.shape, data: out };
}

/** Normalises over the last axis (MVN INSIDE_SQRT), then gamma/beta. */
export function layerNorm(x: Tensor, gamma: ArrayLike<number>, beta: ArrayLike<number>, eps: number): Tensor {
  const d = x.shape[x.shape.length - 1]!;
  const out = new Float32Array(x.data.length);
  for (let row = 0; row < x.data.length / d; row++) {
    const values = x.data.subarray(row * d, (row + 1) * d);
    const mean = values.reduce((a, b) => a + b, 0) / d;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / d;
    for (let i = 0; i < d; i++) out[row * d + i] = ((values[i]! - mean) / Math.sqrt(variance + eps)) * (gamma[i] ?? 1) + (beta[i] ?? 0);
  }
  return { shape: x.shape, data: out };
}

export const map = (x: Tensor, f: (v: number) => number): Tensor => ({ shape: x.shape, data: x.data.map(f) });
export const silu = (v: number): number => v / (1 + Math.exp(-v));

/** erf by Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7). */
export function erf(v: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(v));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-v * v);
  return v >= 0 ? y : -y;
}
export const geluErf = (v: number): number => 0.5 * v * (1 + erf(v / Math.SQRT2));

/** [..., M, K] × W[N, K]ᵀ + b → [..., M, N] (nn.Linear). */
export function linear(x: Tensor, w: Tensor, bias: ArrayLike<number>): Tensor {
  const k = x.shape[x.shape.length - 1]!;
  const [nOut] = w.shape as [number];
  const rows = x.data.length / k;
  const out = new Float32Array(rows * nOut);
  for (let r = 0; r < rows; r++) for (let j = 0; j < nOut; j++) {
    let sum = bias[j] ?? 0;
    for (let i = 0; i < k; i++) sum += x.data[r * k + i]! * w.data[j * k + i]!;
    out[r * nOut + j] = sum;
  }
  return { shape: [...x.shape.slice(0, -1), nOut], data: out };
}

export function softmaxLast(x: Tensor): Tensor {
  const d = x.shape[x.shape.length - 1]!;
  const out = new Float32Array(x.data.length);
  for (let row = 0; row < x.data.length / d; row++) {
    const values = x.data.subarray(row * d, (row + 1) * d);
    const max = Math.max(...values);
    const exps = values.map((v) => Math.exp(v - max));
    const total = exps.reduce((a, b) => a + b, 0);
    for (let i = 0; i < d; i++) out[row * d + i] = exps[i]! / total;
  }
  return { shape: x.shape, data: out };
}

/** Generic axis permutation. */
export function permute(x: Tensor, order: readonly number[]): Tensor {
  const shape = order.map((axis) => x.shape[axis]!);
  const strides = x.shape.map((_, axis) => size(x.shape.slice(axis + 1)));
  const out = new Float32Array(x.data.length);
  const index = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < out.length; flat++) {
    let source = 0;
    for (let a = 0; a < shape.length; a++) source += index[a]! * strides[order[a]!]!;
    out[flat] = x.data[source]!;
    for (let a = shape.length - 1; a >= 0; a--) {
      if (++index[a]! < shape[a]!) break;
      index[a] = 0;
    }
  }
  return { shape, data: out };
}

/** Causal self-attention per [B, heads, L, E] with scale 1/sqrt(E). */
export function causalAttention(q: Tensor): Tensor {
  const [b, h, l, e] = q.shape as [number, number, number, number];
  const out = new Float32Array(q.data.length);
  for (let bh = 0; bh < b * h; bh++) {
    const base = bh * l * e;
    for (let i = 0; i < l; i++) {
      const scores = Array.from({ length: i + 1 }, (_, j) => {
        let dot = 0;
        for (let d = 0; d < e; d++) dot += q.data[base + i * e + d]! * q.data[base + j * e + d]!;
        return dot / Math.sqrt(e);
      });
      const max = Math.max(...scores);
      const weights = scores.map((s) => Math.exp(s - max));
      const total = weights.reduce((a, c) => a + c, 0);
      for (let d = 0; d < e; d++) {
        let sum = 0;
        for (let j = 0; j <= i; j++) sum += (weights[j]! / total) * q.data[base + j * e + d]!;
        out[base + i * e + d] = sum;
      }
    }
  }
  return { shape: q.shape, data: out };
}

export function upsampleNearest2x(x: Tensor): Tensor {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const out = new Float32Array(n * c * h * w * 4);
  for (let p = 0; p < n * c; p++) for (let y = 0; y < 2 * h; y++) for (let xo = 0; xo < 2 * w; xo++) {
    out[(p * 2 * h + y) * 2 * w + xo] = x.data[(p * h + Math.floor(y / 2)) * w + Math.floor(xo / 2)]!;
  }
  return { shape: [n, c, 2 * h, 2 * w], data: out };
}

/** Largest |a - b| over two equally long arrays. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`lengths differ: ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return worst;
}

/** Deterministic values in [-1, 1) for test inputs and weights. */
export function pseudoRandom(count: number, seed: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  });
}
