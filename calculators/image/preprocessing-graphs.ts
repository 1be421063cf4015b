/**
 * @module calculators/image/preprocessing-graphs
 * The small OpenVINO models GenAI builds for edits (image_processor.cpp), rebuilt op for op with the IR writer so
 * the CPU plugin computes the same bits: the u8 Pillow-bicubic resize (ImageResizer), the image normalisation and
 * the RGB mask binarisation (ImageProcessor's PrePostProcessor steps, as PPP expands them). Reference:
 * genai-image-generation.md §5.2.
 */
import { IrGraph, ops, type Output } from '../openvino/ir/index.js';

/** Tensor names of the models' ports. */
export const RESIZER_PORTS = { image: 'image', targetSize: 'target_spatial_shape', output: 'resized' } as const;
export const PROCESSOR_PORTS = { image: 'image', output: 'processed' } as const;

const NHWC_TO_NCHW = [0, 3, 1, 2];
const NCHW_TO_NHWC = [0, 2, 3, 1];

/**
 * ImageResizer(u8, "NHWC", BICUBIC_PILLOW): Interpolate-11 in `sizes` mode over H and W, the target given at run
 * time as i64 [2]; PYTORCH_HALF_PIXEL (ignored by the Pillow modes) and the default cube_coeff -0.75, which GenAI
 * keeps although Pillow's own bicubic uses -0.5 (§0 item 6).
 */
export function imageResizerGraph(): IrGraph {
  const graph = new IrGraph();
  const image = ops.parameter(graph, RESIZER_PORTS.image, 'u8', [-1, -1, -1, -1]);
  const target = ops.parameter(graph, RESIZER_PORTS.targetSize, 'i64', [2]);
  ops.result(ops.interpolate(image, {
    mode: 'bicubic_pillow', sizes: target, axes: [1, 2], coordinateTransformationMode: 'pytorch_half_pixel',
    nearestMode: 'floor', cubeCoeff: -0.75,
  }), RESIZER_PORTS.output);
  return graph;
}

/** PPP's scale(s): a Multiply by the float reciprocal, shaped [1]. */
function scaleDown(x: Output, divisor: number): Output {
  return ops.multiply(x, ops.constantOf(x.graph, 'f32', [Math.fround(1 / divisor)]));
}

/**
 * ImageProcessor(do_normalize): u8 NHWC RGB → f32 NCHW in [-1, 1]. PPP orders it Convert, Transpose,
 * Multiply by float(1/127.5), Subtract 1 — "x/127.5 - 1", less exact than diffusers' 2x - 1, as GenAI notes.
 */
export function imageNormalizerGraph(): IrGraph {
  const graph = new IrGraph();
  const image = ops.parameter(graph, PROCESSOR_PORTS.image, 'u8', [-1, -1, -1, 3]);
  const planar = ops.transpose(ops.convert(image, 'f32'), NHWC_TO_NCHW);
  ops.result(ops.subtract(scaleDown(planar, 127.5), ops.constantOf(graph, 'f32', [1])), PROCESSOR_PORTS.output);
  return graph;
}

/**
 * ImageProcessor(do_binarize) for an RGB mask: u8 NHWC → f32 NCHW [N,1,H,W] of 0/1. PPP's RGB → GRAY is a 1×1
 * Convolution with weights (0.299, 0.587, 0.114) between two Transposes; then /255 (a Multiply), >= 0.5, Select
 * 1 or 0, and the layout change to the model's NCHW.
 */
export function maskBinarizerGraph(): IrGraph {
  const graph = new IrGraph();
  const mask = ops.parameter(graph, PROCESSOR_PORTS.image, 'u8', [-1, -1, -1, 3]);
  const planar = ops.transpose(ops.convert(mask, 'f32'), NHWC_TO_NCHW);
  const grey = ops.convolution(planar, ops.constantOf(graph, 'f32', [0.299, 0.587, 0.114], [1, 3, 1, 1]));
  const unit = scaleDown(ops.transpose(grey, NCHW_TO_NHWC), 255);
  const binary = ops.select(ops.greaterEqual(unit, ops.constantOf(graph, 'f32', [0.5])),
    ops.constantOf(graph, 'f32', [1]), ops.constantOf(graph, 'f32', [0]));
  ops.result(ops.transpose(binary, NHWC_TO_NCHW), PROCESSOR_PORTS.output);
  return graph;
}
