/**
 * @module calculators/tensor/float-tensor-packet
 * The packet type of a FloatTensor on a stream (latents, model outputs), kept apart from float-tensor.ts so the
 * numerics stay free of engine types.
 */
import { packetType } from '../../engine/index.js';
import type { FloatTensor } from './float-tensor.js';

export function isFloatTensor(value: unknown): value is FloatTensor {
  return typeof value === 'object' && value !== null && (value as FloatTensor).data instanceof Float32Array
    && Array.isArray((value as FloatTensor).shape);
}

export const FLOAT_TENSOR = packetType<FloatTensor>('FloatTensor', isFloatTensor);
