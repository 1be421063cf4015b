/**
 * @module calculators/openvino/ir/compression
 * NNCF int8 weight compression as `--weight-format int8` applies it (INT8_ASYM, per output channel; openvino-ir-
 * format.md §5): the quantisation arithmetic, the decompression subgraph OpenVINO recognises structurally, and the
 * model-level rt_info block NNCF writes.
 */
import type { IrGraph, Output } from './graph.js';
import { float16BitsClamped, float16Value } from './float16.js';
import { lazyPayload, viewBytes } from './payload.js';
import { constant, convert, multiply, subtract } from './ops/index.js';
import { elementCount, type PartialShape } from './partial-shape.js';

/** Weights quantised per output channel (axis 0). */
export interface Int8AsymmetricWeights {
  /** u8 levels, same layout as the original weight. */
  readonly quantized: Uint8Array;
  /** One u8 zero point per channel. */
  readonly zeroPoints: Uint8Array;
  /** One f16 scale per channel (bit patterns). */
  readonly scales: Uint16Array;
}

const LEVELS = 256;
/** numpy's float32 eps: NNCF replaces |scale| < eps by eps. */
const FLOAT32_EPS = 1.1920928955078125e-7;

/** numpy.round: half to even. */
function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

const clampLevel = (value: number): number => Math.min(LEVELS - 1, Math.max(0, value));

/**
 * INT8_ASYM per channel, NNCF weight_lowering.py / fake_quantize.py:
 * scale = (max - min) / 255, zp = clip(round(-min / scale), 0, 255), q = clip(round(w / scale + zp), 0, 255);
 * min/max over every axis but the output channel; float32 arithmetic as NNCF's numpy float32 arrays do; the scale
 * is stored as f16.
 * DEVIATION: the range is widened to include 0. NNCF takes min/max as they are, so a channel whose weights all
 * share one sign gets a clipped zero point and loses most of its range; trained layers never have such channels,
 * but the tiny random models' 4- and 8-weight channels do (16% error on the tiny VAE decoder without this).
 */
export function compressInt8Asymmetric(values: Float32Array, channels: number): Int8AsymmetricWeights {
  const perChannel = values.length / channels;
  if (!Number.isInteger(perChannel)) throw new RangeError(`${values.length} weights do not split into ${channels} channels`);
  const quantized = new Uint8Array(values.length);
  const zeroPoints = new Uint8Array(channels);
  const scales = new Uint16Array(channels);
  for (let c = 0; c < channels; c++) {
    const begin = c * perChannel;
    let min = 0;
    let max = 0;
    for (let i = begin; i < begin + perChannel; i++) {
      const w = values[i]!;
      if (w < min) min = w;
      if (w > max) max = w;
    }
    let scale = Math.fround((max - min) / (LEVELS - 1));
    if (Math.abs(scale) < FLOAT32_EPS) scale = FLOAT32_EPS;
    const zeroPoint = clampLevel(roundHalfEven(Math.fround(-min / scale)));
    zeroPoints[c] = zeroPoint;
    scales[c] = float16BitsClamped(scale);
    for (let i = begin; i < begin + perChannel; i++) {
      quantized[i] = clampLevel(roundHalfEven(Math.fround(Math.fround(values[i]! / scale) + zeroPoint)));
    }
  }
  return { quantized, zeroPoints, scales };
}

/**
 * The weights OpenVINO runs with: `(q - zp) * scale` in f32. The subgraph's Multiply is typed f16, but the CPU plugin
 * folds the pattern into the consumer and computes in f32 (test/calculators/openvino/ir/openvino-run.test.ts
 * matches this to 2e-5; rounding the product to f16 instead misses by 1e-4).
 */
export function decompressInt8Asymmetric(weights: Int8AsymmetricWeights): Float32Array {
  const channels = weights.scales.length;
  const perChannel = weights.quantized.length / channels;
  const out = new Float32Array(weights.quantized.length);
  for (let c = 0; c < channels; c++) {
    const scale = float16Value(weights.scales[c]!);
    const zeroPoint = weights.zeroPoints[c]!;
    for (let i = c * perChannel; i < (c + 1) * perChannel; i++) out[i] = (weights.quantized[i]! - zeroPoint) * scale;
  }
  return out;
}

/** Quantises on first use and keeps only the small per-channel parts, so the big u8 tensor is made once. */
class LazyInt8Weights {
  private perChannelParts: { zeroPoints: Uint8Array; scales: Uint16Array } | undefined;
  constructor(private readonly values: () => Float32Array, private readonly channels: number) {}

  quantized(): Uint8Array {
    return this.compress().quantized;
  }

  perChannel(): { zeroPoints: Uint8Array; scales: Uint16Array } {
    return this.perChannelParts ?? this.compress();
  }

  private compress(): Int8AsymmetricWeights {
    const compressed = compressInt8Asymmetric(this.values(), this.channels);
    this.perChannelParts = { zeroPoints: compressed.zeroPoints, scales: compressed.scales };
    return compressed;
  }
}

/**
 * The decompression subgraph for one weight `name` of shape `[O, ...]` read at input `port` of its consumer
 * (MatMul/Convolution 1, embedding Gather 0), openvino-ir-format.md §5.1:
 * u8 NAME → Convert f16 → Subtract (u8 NAME/zero_point → Convert f16) → Multiply f16 NAME/scale → Convert f32.
 */
export function int8CompressedWeight(graph: IrGraph, name: string, shape: PartialShape, values: () => Float32Array,
  port: number): Output {
  const channels = shape[0]!;
  const channelShape = shape.map((dim, axis) => (axis === 0 ? dim : 1));
  const lazy = new LazyInt8Weights(values, channels);
  const weights = constant(graph, 'u8', shape, lazyPayload(elementCount(shape), () => lazy.quantized()), { name });
  const zeroPoint = constant(graph, 'u8', channelShape, lazyPayload(channels, () => lazy.perChannel().zeroPoints),
    { name: `${name}/zero_point` });
  const scale = constant(graph, 'f16', channelShape, lazyPayload(channels * 2, () => viewBytes(lazy.perChannel().scales)),
    { name: `${name}/scale` });
  const centered = subtract(convert(weights, 'f16'), convert(zeroPoint, 'f16'), { name: `${name}/zero_point/subtract` });
  const scaled = multiply(centered, scale, { name: `${name}/fq_weights_${port}` });
  return convert(scaled, 'f32', { name: `${name}/fq_weights_${port}/convert` });
}

/**
 * The model-level block NNCF's `dump_parameters` writes (openvino-ir-format.md §5.4), with the values of
 * `--weight-format int8`. No `nncf/version`: NNCF did not make this file.
 */
export function markInt8WeightCompression(graph: IrGraph): void {
  const parameters: [string, string][] = [
    ['all_layers', 'False'], ['awq', 'False'], ['backup_mode', 'int8_asym'], ['compression_format', 'dequantize'],
    ['gptq', 'False'], ['group_size', '-1'], ['ignored_scope', '[]'], ['lora_correction', 'False'],
    ['mode', 'int8_asym'], ['ratio', '1.0'], ['scale_estimation', 'False'],
    ['sensitivity_metric', 'weight_quantization_error'],
  ];
  for (const [key, value] of parameters) graph.setRtInfo(['nncf', 'weight_compression', key], value);
}
