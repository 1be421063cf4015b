/**
 * @module calculators/openvino/ir/ops/op-support
 * What every op helper shares: the options bag, errors that name the op, and reading constant inputs.
 */
import type { IrGraph, Output } from '../graph.js';
import { IrError } from '../ir-error.js';

export interface OpOptions {
  /** Friendly name; `<Type>_<n>` when omitted. */
  readonly name?: string;
}

/** Throws an IrError naming the op being built (`Convolution '__module.conv_in/...': ...`). */
export function opFail(type: string, options: OpOptions, message: string): never {
  throw new IrError(`${type}${options.name === undefined ? '' : ` '${options.name}'`}: ${message}`);
}

/** The one graph all inputs belong to. */
export function graphOf(type: string, options: OpOptions, inputs: readonly Output[]): IrGraph {
  const first = inputs[0];
  if (first === undefined) opFail(type, options, 'needs at least one input');
  for (const input of inputs) {
    if (input.graph !== first.graph) opFail(type, options, `input ${input.describe()} is from another graph`);
  }
  return first.graph;
}

/** The fully known integer contents of a constant-like input (axes, orders, pads), or a clear error. */
export function constantValues(type: string, options: OpOptions, input: Output, what: string): number[] {
  const value = input.value;
  if (value === undefined || value.some((v) => v === null)) {
    opFail(type, options, `${what} must be a known integer constant, got ${input.describe()}`);
  }
  return value as number[];
}
