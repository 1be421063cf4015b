/**
 * @module calculators/openvino/c-api/infer-request
 * InferRequest over `ov_infer_request_t`. `infer()` runs `ov_infer_request_infer` on a libuv worker (koffi `.async`),
 * one at a time per request; the request keeps every host array bound to it alive. The in-flight state is kept
 * explicit so that cancellation (ov_infer_request_cancel from an AbortSignal) can be added without reshaping this.
 */
import type { InferRequest, Tensor } from '../api.js';
import type { TensorData } from '../element-type.js';
import { OpenVinoError } from '../errors.js';
import { RequestState } from '../request-state.js';
import type { CContext } from './context.js';
import { NativeHandle } from './native-handle.js';
import { check, produced } from './status.js';
import type { Out, Pointer, Status } from './symbols.js';
import { CTensor } from './tensor.js';

function asCTensor(tensor: Tensor, call: string): CTensor {
  if (!(tensor instanceof CTensor)) {
    throw new OpenVinoError('INVALID_C_PARAM', `${call}: the tensor was not created by the C binding`, call);
  }
  return tensor;
}

export class CInferRequest implements InferRequest {
  readonly #ctx: CContext;
  readonly #handle: NativeHandle;
  readonly #state = new RequestState();
  /** The compiled model's keep-alive list (weights read from memory). */
  readonly #keepAlive: readonly object[];
  /** Host arrays bound to the request, by port ('name' or '#index'): OpenVINO reads them at every infer. */
  readonly #bound = new Map<string, TensorData>();

  constructor(ctx: CContext, pointer: Pointer, keepAlive: readonly object[]) {
    this.#ctx = ctx;
    this.#handle = new NativeHandle(pointer, (p) => ctx.c.ov_infer_request_free(p), ctx.finalizer, 'InferRequest');
    this.#keepAlive = keepAlive;
  }

  setTensor(name: string, tensor: Tensor): void {
    this.#bind(name, tensor, (request, t) => this.#ctx.c.ov_infer_request_set_tensor(request, name, t),
      'ov_infer_request_set_tensor');
  }

  setInputTensor(index: number, tensor: Tensor): void {
    this.#bind(`#${index}`, tensor,
      (request, t) => this.#ctx.c.ov_infer_request_set_input_tensor_by_index(request, index, t),
      'ov_infer_request_set_input_tensor_by_index');
  }

  getTensor(name: string): Tensor {
    return this.#get(`Tensor '${name}'`, (request, out) => this.#ctx.c.ov_infer_request_get_tensor(request, name, out),
      'ov_infer_request_get_tensor');
  }

  getInputTensor(index: number): Tensor {
    return this.#get(`input tensor ${index}`,
      (request, out) => this.#ctx.c.ov_infer_request_get_input_tensor_by_index(request, index, out),
      'ov_infer_request_get_input_tensor_by_index');
  }

  getOutputTensor(index: number): Tensor {
    return this.#get(`output tensor ${index}`,
      (request, out) => this.#ctx.c.ov_infer_request_get_output_tensor_by_index(request, index, out),
      'ov_infer_request_get_output_tensor_by_index');
  }

  infer(): Promise<void> {
    return this.#state.runInference(async () => {
      const request = this.#handle.pointer;
      const status = await new Promise<Status>((resolve, reject) => {
        this.#ctx.async.ov_infer_request_infer(request, (error, result) => {
          if (error) reject(error instanceof Error ? error : new Error(String(error)));
          else resolve(result);
        });
      });
      check(this.#ctx.c, status, 'ov_infer_request_infer');
    }, () => this.#release());
  }

  dispose(): void {
    // ov_infer_request_free waits for a running inference: on the main thread that would block the event loop.
    if (this.#state.requestDispose()) this.#release();
  }

  #bind(port: string, tensor: Tensor, set: (request: Pointer, tensor: Pointer) => Status, call: string): void {
    this.#state.checkLive(call);
    const cTensor = asCTensor(tensor, call);
    check(this.#ctx.c, set(this.#handle.pointer, cTensor.pointer), call);
    this.#state.invalidateTensors();
    const hostData = cTensor.hostData;
    if (hostData === undefined) this.#bound.delete(port);
    else this.#bound.set(port, hostData);
  }

  #get(what: string, get: (request: Pointer, out: Out<Pointer | null>) => Status, call: string): Tensor {
    this.#state.checkLive(call);
    const out: [Pointer | null] = [null];
    const pointer = produced(this.#ctx.c, get(this.#handle.pointer, out), out, call);
    const generation = this.#state.generation;
    // The closure also keeps this request (and so its memory) alive while the tensor is reachable.
    return CTensor.fromRequest(this.#ctx, pointer, what, () => this.#state.isCurrent(generation));
  }

  #release(): void {
    this.#handle.dispose();
    this.#bound.clear();
  }
}
