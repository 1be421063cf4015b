/**
 * @module calculators/openvino/ir/ops/resize
 * Interpolate-11 (openvino-ir-format.md §3.6): UNet/VAE nearest ×2 upsampling and, later, GenAI's image resize
 * (`BICUBIC_PILLOW`) and mask downsampling.
 */
import { boolText, listText, numberText } from '../attribute-format.js';
import type { Output } from '../graph.js';
import { DYNAMIC, normalizeAxis } from '../partial-shape.js';
import { constantOf } from './infrastructure.js';
import { graphOf, type OpOptions, opFail } from './op-support.js';

export type InterpolateMode = 'nearest' | 'linear' | 'linear_onnx' | 'cubic' | 'bilinear_pillow' | 'bicubic_pillow';
export type CoordinateTransformationMode =
  'half_pixel' | 'pytorch_half_pixel' | 'asymmetric' | 'tf_half_pixel_for_nn' | 'align_corners';
export type NearestMode = 'round_prefer_floor' | 'round_prefer_ceil' | 'floor' | 'ceil' | 'simple';

export interface InterpolateOptions extends OpOptions {
  readonly mode: InterpolateMode;
  readonly axes: readonly number[];
  /** Exactly one of scales (f32) or sizes (i64) decides the output size. */
  readonly scales?: readonly number[];
  readonly sizes?: Output | readonly number[];
  readonly coordinateTransformationMode?: CoordinateTransformationMode;
  readonly nearestMode?: NearestMode;
  readonly antialias?: boolean;
  readonly cubeCoeff?: number;
}

export function interpolate(x: Output, options: InterpolateOptions): Output {
  const graph = graphOf('Interpolate', options, [x]);
  const axes = options.axes.map((axis) => normalizeAxis(axis, x.rank) ?? opFail('Interpolate', options, `axis ${axis} out of range`));
  if (options.scales !== undefined && options.sizes !== undefined) {
    opFail('Interpolate', options, 'give exactly one of scales or sizes');
  }
  const shape = [...x.shape];
  let target: Output;
  const { scales, sizes } = options;
  if (scales !== undefined) {
    if (scales.length !== axes.length) opFail('Interpolate', options, 'scales and axes differ in length');
    axes.forEach((axis, i) => {
      const dim = x.shape[axis]!;
      shape[axis] = dim === DYNAMIC ? DYNAMIC : Math.floor(dim * scales[i]! + 1e-5);
    });
    target = constantOf(graph, 'f32', scales);
  } else if (sizes !== undefined) {
    target = Array.isArray(sizes) ? constantOf(graph, 'i64', sizes as readonly number[]) : sizes as Output;
    axes.forEach((axis, i) => { shape[axis] = target.value?.[i] ?? DYNAMIC; });
  } else {
    opFail('Interpolate', options, 'give exactly one of scales or sizes');
  }
  const spatial = x.rank;
  return graph.addNode({
    type: 'Interpolate', version: 'opset11', name: options.name,
    attributes: [
      ['mode', options.mode],
      ['shape_calculation_mode', scales !== undefined ? 'scales' : 'sizes'],
      ['coordinate_transformation_mode', options.coordinateTransformationMode ?? 'half_pixel'],
      ['nearest_mode', options.nearestMode ?? 'round_prefer_floor'],
      ['antialias', boolText(options.antialias ?? false)],
      ['pads_begin', listText(Array<number>(spatial).fill(0))],
      ['pads_end', listText(Array<number>(spatial).fill(0))],
      ['cube_coeff', numberText(options.cubeCoeff ?? -0.75)],
    ],
    inputs: [x, target, constantOf(graph, 'i32', axes)],
    outputs: [{ elementType: x.elementType, shape }],
  }).output();
}
