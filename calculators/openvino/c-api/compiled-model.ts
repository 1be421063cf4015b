/**
 * @module calculators/openvino/c-api/compiled-model
 * CompiledModel over `ov_compiled_model_t`: ports, read-only properties and infer requests. It keeps the memory of
 * the model it came from alive (weights read from memory may be shared by the compiled model).
 */
import type { CompiledModel, InferRequest, PortInfo } from '../api.js';
import type { CContext } from './context.js';
import { CInferRequest } from './infer-request.js';
import { NativeHandle } from './native-handle.js';
import { readPorts } from './ports.js';
import { produced, takeString } from './status.js';
import type { Pointer } from './symbols.js';

export class CCompiledModel implements CompiledModel {
  readonly #ctx: CContext;
  readonly #handle: NativeHandle;
  readonly #keepAlive: readonly object[];

  constructor(ctx: CContext, pointer: Pointer, keepAlive: readonly object[]) {
    this.#ctx = ctx;
    this.#handle = new NativeHandle(pointer, (p) => ctx.c.ov_compiled_model_free(p), ctx.finalizer, 'CompiledModel');
    this.#keepAlive = keepAlive;
  }

  get inputs(): PortInfo[] {
    const { c } = this.#ctx;
    return readPorts(this.#ctx, { owner: this.#handle.pointer, size: c.ov_compiled_model_inputs_size,
      sizeCall: 'ov_compiled_model_inputs_size', port: c.ov_compiled_model_input_by_index,
      portCall: 'ov_compiled_model_input_by_index' });
  }

  get outputs(): PortInfo[] {
    const { c } = this.#ctx;
    return readPorts(this.#ctx, { owner: this.#handle.pointer, size: c.ov_compiled_model_outputs_size,
      sizeCall: 'ov_compiled_model_outputs_size', port: c.ov_compiled_model_output_by_index,
      portCall: 'ov_compiled_model_output_by_index' });
  }

  getProperty(key: string): string {
    const { c } = this.#ctx;
    const out: [Pointer | null] = [null];
    const value = produced(c, c.ov_compiled_model_get_property(this.#handle.pointer, key, out), out,
      'ov_compiled_model_get_property');
    return takeString(c, value);
  }

  createInferRequest(): InferRequest {
    const { c } = this.#ctx;
    const out: [Pointer | null] = [null];
    const pointer = produced(c, c.ov_compiled_model_create_infer_request(this.#handle.pointer, out), out,
      'ov_compiled_model_create_infer_request');
    return new CInferRequest(this.#ctx, pointer, this.#keepAlive);
  }

  dispose(): void {
    this.#handle.dispose();
  }
}
