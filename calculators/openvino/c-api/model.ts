/**
 * @module calculators/openvino/c-api/model
 * Model over `ov_model_t`: its inputs and outputs, and reshape (in place, before compiling). A model read from
 * memory keeps the caller's weights array alive: OpenVINO shares those bytes instead of copying them.
 */
import type { DimensionInterval, Model, PortInfo, ReshapeDimension } from '../api.js';
import { MESSAGES, OpenVinoError } from '../errors.js';
import type { CContext } from './context.js';
import { NativeHandle } from './native-handle.js';
import { readPorts } from './ports.js';
import { check } from './status.js';
import type { PartialShapeStruct, Pointer } from './symbols.js';

function toDimension(dim: ReshapeDimension): DimensionInterval {
  return typeof dim === 'number' ? { min: dim, max: dim } : dim;
}

export class CModel implements Model {
  readonly #ctx: CContext;
  readonly #handle: NativeHandle;
  /** Memory the model's constants point into (weights read from memory); compiled models keep it too. */
  readonly keepAlive: readonly object[];

  constructor(ctx: CContext, pointer: Pointer, keepAlive: readonly object[]) {
    this.#ctx = ctx;
    this.#handle = new NativeHandle(pointer, (p) => ctx.c.ov_model_free(p), ctx.finalizer, 'Model');
    this.keepAlive = keepAlive;
  }

  get pointer(): Pointer {
    return this.#handle.pointer;
  }

  get inputs(): PortInfo[] {
    const { c } = this.#ctx;
    return readPorts(this.#ctx, { owner: this.pointer, size: c.ov_model_inputs_size, sizeCall: 'ov_model_inputs_size',
      port: c.ov_model_const_input_by_index, portCall: 'ov_model_const_input_by_index' });
  }

  get outputs(): PortInfo[] {
    const { c } = this.#ctx;
    return readPorts(this.#ctx, { owner: this.pointer, size: c.ov_model_outputs_size,
      sizeCall: 'ov_model_outputs_size', port: c.ov_model_const_output_by_index,
      portCall: 'ov_model_const_output_by_index' });
  }

  reshape(shapes: Readonly<Record<string, readonly ReshapeDimension[]>>): void {
    const names = Object.keys(shapes);
    const structs = names.map((name): PartialShapeStruct => {
      const dims = (shapes[name] ?? []).map(toDimension);
      // C quirk (reference §5.3): a rank that counts as dynamic, rank 0 included, becomes [?]; refuse it.
      if (dims.length === 0) throw new OpenVinoError('PARAMETER_MISMATCH', MESSAGES.scalarReshape(name), 'reshape');
      return { rank: { min: dims.length, max: dims.length }, dims };
    });
    const { c } = this.#ctx;
    check(c, c.ov_model_reshape(this.pointer, names, structs, names.length), 'ov_model_reshape');
  }

  dispose(): void {
    this.#handle.dispose();
  }
}
