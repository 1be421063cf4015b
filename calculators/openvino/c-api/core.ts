/**
 * @module calculators/openvino/c-api/core
 * Core over `ov_core_t`: devices, properties (one `ov_core_set_property` call per key: the C API applies only the
 * first pair it is given), reading models from files or memory, and compiling off the event loop.
 */
import koffi from 'koffi';
import type { CompiledModel, Core, Model } from '../api.js';
import { OpenVinoError } from '../errors.js';
import { CCompiledModel } from './compiled-model.js';
import type { CContext } from './context.js';
import { CModel } from './model.js';
import { NativeHandle } from './native-handle.js';
import { check, produced, takeString } from './status.js';
import type { DevicesStruct, Pointer, Status } from './symbols.js';
import { CTensor } from './tensor.js';

export class CCore implements Core {
  readonly #ctx: CContext;
  readonly #handle: NativeHandle;

  constructor(ctx: CContext) {
    this.#ctx = ctx;
    const out: [Pointer | null] = [null];
    const pointer = produced(ctx.c, ctx.c.ov_core_create(out), out, 'ov_core_create');
    this.#handle = new NativeHandle(pointer, (p) => ctx.c.ov_core_free(p), ctx.finalizer, 'Core');
  }

  availableDevices(): string[] {
    const { c } = this.#ctx;
    const devices: DevicesStruct = { devices: null, size: 0 };
    check(c, c.ov_core_get_available_devices(this.#handle.pointer, devices), 'ov_core_get_available_devices');
    try {
      return devices.devices === null || devices.size === 0
        ? []
        : (koffi.decode(devices.devices, 'const char *', devices.size) as string[]);
    } finally {
      c.ov_available_devices_free(devices);
    }
  }

  setProperties(device: string | undefined, props: Readonly<Record<string, string>>): void {
    const { c } = this.#ctx;
    for (const [key, value] of Object.entries(props)) {
      // Every variadic value must be a C string: anything else crashes OpenVINO (issue #32520).
      const status = c.ov_core_set_property(this.#handle.pointer, device ?? null, 'const char *', key,
        'const char *', value);
      check(c, status, 'ov_core_set_property');
    }
  }

  getProperty(device: string, key: string): string {
    const { c } = this.#ctx;
    const out: [Pointer | null] = [null];
    const value = produced(c, c.ov_core_get_property(this.#handle.pointer, device, key, out), out,
      'ov_core_get_property');
    return takeString(c, value);
  }

  readModel(xmlPath: string, binPath?: string): Model {
    const { c } = this.#ctx;
    const out: [Pointer | null] = [null];
    const pointer = produced(c, c.ov_core_read_model(this.#handle.pointer, xmlPath, binPath ?? null, out), out,
      'ov_core_read_model');
    return new CModel(this.#ctx, pointer, []);
  }

  readModelFromMemory(xml: string, weights: Uint8Array): Model {
    const { c } = this.#ctx;
    const xmlBytes = Buffer.from(xml, 'utf8');
    // Zero-copy: the model's constants point into `weights`, so the model (and what is compiled from it) keeps it.
    const weightsTensor = weights.byteLength === 0 ? undefined
      : CTensor.create(this.#ctx, 'u8', [weights.byteLength], weights);
    try {
      const out: [Pointer | null] = [null];
      const status = c.ov_core_read_model_from_memory_buffer(this.#handle.pointer, xmlBytes, xmlBytes.byteLength,
        weightsTensor?.pointer ?? null, out);
      const pointer = produced(c, status, out, 'ov_core_read_model_from_memory_buffer');
      return new CModel(this.#ctx, pointer, [weights]);
    } finally {
      weightsTensor?.dispose();
    }
  }

  async compileModel(model: Model, device: string, props: Readonly<Record<string, string>> = {}): Promise<CompiledModel> {
    if (!(model instanceof CModel)) {
      throw new OpenVinoError('INVALID_C_PARAM', 'compileModel: the model was not read by the C binding',
        'ov_core_compile_model');
    }
    const pairs = Object.entries(props);
    const compile = this.#ctx.async.compileModel(pairs.length);
    const out: [Pointer | null] = [null];
    const status = await new Promise<Status>((resolve, reject) => {
      compile(this.#handle.pointer, model.pointer, device, pairs.length * 2, out, ...pairs.flat(),
        (error: unknown, result: Status) => {
          if (error) reject(error instanceof Error ? error : new Error(String(error)));
          else resolve(result);
        });
    });
    const pointer = produced(this.#ctx.c, status, out, 'ov_core_compile_model');
    return new CCompiledModel(this.#ctx, pointer, model.keepAlive);
  }

  dispose(): void {
    this.#handle.dispose();
  }
}
