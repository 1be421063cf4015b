/**
 * @module calculators/openvino/c-api/symbols
 * The libopenvino_c prototypes the binding uses (2025–2026 headers; reference openvino-c-api.md §5), declared with
 * koffi and given TypeScript signatures. Handles are opaque pointers (koffi 3: bigint); `char**` outputs are `void**`
 * so the caller can decode and `ov_free` them.
 */
import koffi, { type LibraryHandle } from 'koffi';

/** A native pointer as koffi 3 passes it. */
export type Pointer = bigint;
/** An out-parameter: a one-element array the callee fills. */
export type Out<T> = [T];
/** `ov_status_e`: 0 = OK, negative = failure. */
export type Status = number;
/** An `ov_element_type_e` number (its meaning depends on the OpenVINO version; see element-numbering.ts). */
export type ElementNumber = number;

export interface ShapeStruct { rank: number | bigint; dims: Pointer | null | readonly number[] }
export interface DimensionStruct { min: number | bigint; max: number | bigint }
export interface PartialShapeStruct { rank: DimensionStruct; dims: Pointer | null | readonly DimensionStruct[] }
export interface VersionStruct { buildNumber: Pointer | null; description: Pointer | null }
export interface DevicesStruct { devices: Pointer | null; size: number }

type AsyncCallback = (error: unknown, status: Status) => void;

/** The functions, by their C names. */
export interface OvC {
  ov_get_openvino_version(version: VersionStruct): Status;
  ov_free(content: Pointer | null): void;
  ov_get_last_err_msg(): Pointer | null;
  ov_get_error_info(status: Status): string;

  ov_core_create(core: Out<Pointer | null>): Status;
  ov_core_free(core: Pointer): void;
  ov_core_get_available_devices(core: Pointer, devices: DevicesStruct): Status;
  ov_available_devices_free(devices: DevicesStruct): void;
  /** Variadic: exactly one (`'const char *'`, key, `'const char *'`, value) group per call (§5.1). */
  ov_core_set_property(core: Pointer, device: string | null, ...pair: string[]): Status;
  ov_core_get_property(core: Pointer, device: string, key: string, value: Out<Pointer | null>): Status;
  ov_core_read_model(core: Pointer, xmlPath: string, binPath: string | null, model: Out<Pointer | null>): Status;
  ov_core_read_model_from_memory_buffer(
    core: Pointer, xml: Uint8Array, xmlBytes: number, weights: Pointer | null, model: Out<Pointer | null>): Status;

  ov_model_free(model: Pointer): void;
  ov_model_inputs_size(model: Pointer, size: Out<number>): Status;
  ov_model_outputs_size(model: Pointer, size: Out<number>): Status;
  ov_model_const_input_by_index(model: Pointer, index: number, port: Out<Pointer | null>): Status;
  ov_model_const_output_by_index(model: Pointer, index: number, port: Out<Pointer | null>): Status;
  ov_model_reshape(model: Pointer, names: readonly string[], shapes: readonly PartialShapeStruct[], size: number): Status;

  ov_port_get_any_name(port: Pointer, name: Out<Pointer | null>): Status;
  ov_port_get_element_type(port: Pointer, type: Out<ElementNumber>): Status;
  ov_port_get_partial_shape(port: Pointer, shape: PartialShapeStruct): Status;
  ov_partial_shape_free(shape: PartialShapeStruct): void;
  ov_output_const_port_free(port: Pointer): void;

  ov_compiled_model_inputs_size(compiled: Pointer, size: Out<number>): Status;
  ov_compiled_model_outputs_size(compiled: Pointer, size: Out<number>): Status;
  ov_compiled_model_input_by_index(compiled: Pointer, index: number, port: Out<Pointer | null>): Status;
  ov_compiled_model_output_by_index(compiled: Pointer, index: number, port: Out<Pointer | null>): Status;
  ov_compiled_model_create_infer_request(compiled: Pointer, request: Out<Pointer | null>): Status;
  ov_compiled_model_get_property(compiled: Pointer, key: string, value: Out<Pointer | null>): Status;
  ov_compiled_model_free(compiled: Pointer): void;

  ov_tensor_create(type: ElementNumber, shape: ShapeStruct, tensor: Out<Pointer | null>): Status;
  ov_tensor_create_from_host_ptr(type: ElementNumber, shape: ShapeStruct, data: ArrayBufferView,
    tensor: Out<Pointer | null>): Status;
  ov_tensor_get_shape(tensor: Pointer, shape: ShapeStruct): Status;
  ov_shape_free(shape: ShapeStruct): Status;
  ov_tensor_get_element_type(tensor: Pointer, type: Out<ElementNumber>): Status;
  ov_tensor_get_byte_size(tensor: Pointer, size: Out<number>): Status;
  ov_tensor_get_size(tensor: Pointer, size: Out<number>): Status;
  ov_tensor_data(tensor: Pointer, data: Out<Pointer | null>): Status;
  ov_tensor_free(tensor: Pointer): void;

  ov_infer_request_set_tensor(request: Pointer, name: string, tensor: Pointer): Status;
  ov_infer_request_set_input_tensor_by_index(request: Pointer, index: number, tensor: Pointer): Status;
  ov_infer_request_get_tensor(request: Pointer, name: string, tensor: Out<Pointer | null>): Status;
  ov_infer_request_get_input_tensor_by_index(request: Pointer, index: number, tensor: Out<Pointer | null>): Status;
  ov_infer_request_get_output_tensor_by_index(request: Pointer, index: number, tensor: Out<Pointer | null>): Status;
  ov_infer_request_free(request: Pointer): void;
}

/** Calls that run on a libuv worker thread (koffi `.async`), so the event loop keeps turning. */
export interface OvCAsync {
  ov_infer_request_infer(request: Pointer, done: AsyncCallback): void;
  /**
   * `ov_core_compile_model` with `pairs` fixed (key, value) string arguments in place of its variadic tail: koffi
   * cannot run variadic calls asynchronously (§11.4). Pointer varargs travel like fixed arguments on the SysV x86-64,
   * Linux arm64 and Windows x64 ABIs (not Apple arm64, which Pictograph does not target); with no pairs it is valid
   * on every ABI.
   */
  compileModel(pairs: number): (core: Pointer, model: Pointer, device: string, argCount: number,
    compiled: Out<Pointer | null>, ...tail: [...string[], AsyncCallback]) => void;
}

const OPAQUE = ['ov_core_t', 'ov_model_t', 'ov_compiled_model_t', 'ov_infer_request_t', 'ov_tensor_t',
  'ov_output_const_port_t'];

/** Declares the C types once per process (koffi's type names are global). */
function declareTypes(): void {
  try {
    koffi.type('ov_partial_shape_t');
    return;
  } catch {
    // not declared yet
  }
  for (const name of OPAQUE) koffi.opaque(name);
  koffi.struct('ov_version_t', { buildNumber: 'void *', description: 'void *' });
  koffi.struct('ov_available_devices_t', { devices: 'void *', size: 'size_t' });
  koffi.struct('ov_shape_t', { rank: 'int64_t', dims: 'int64_t *' });
  koffi.struct('ov_dimension_t', { min: 'int64_t', max: 'int64_t' });
  koffi.struct('ov_partial_shape_t', { rank: 'ov_dimension_t', dims: 'ov_dimension_t *' });
}

const PROTOTYPES: Readonly<Record<keyof OvC, string>> = {
  ov_get_openvino_version: 'int ov_get_openvino_version(_Inout_ ov_version_t *version)',
  ov_free: 'void ov_free(void *content)',
  ov_get_last_err_msg: 'void *ov_get_last_err_msg()',
  ov_get_error_info: 'const char *ov_get_error_info(int status)',

  ov_core_create: 'int ov_core_create(_Out_ ov_core_t **core)',
  ov_core_free: 'void ov_core_free(ov_core_t *core)',
  ov_core_get_available_devices:
    'int ov_core_get_available_devices(ov_core_t *core, _Inout_ ov_available_devices_t *devices)',
  ov_available_devices_free: 'void ov_available_devices_free(ov_available_devices_t *devices)',
  ov_core_set_property: 'int ov_core_set_property(ov_core_t *core, const char *device, ...)',
  ov_core_get_property:
    'int ov_core_get_property(ov_core_t *core, const char *device, const char *key, _Out_ void **value)',
  ov_core_read_model:
    'int ov_core_read_model(ov_core_t *core, const char *xml, const char *bin, _Out_ ov_model_t **model)',
  ov_core_read_model_from_memory_buffer: 'int ov_core_read_model_from_memory_buffer(ov_core_t *core, '
    + 'const void *xml, size_t bytes, ov_tensor_t *weights, _Out_ ov_model_t **model)',

  ov_model_free: 'void ov_model_free(ov_model_t *model)',
  ov_model_inputs_size: 'int ov_model_inputs_size(ov_model_t *model, _Out_ size_t *size)',
  ov_model_outputs_size: 'int ov_model_outputs_size(ov_model_t *model, _Out_ size_t *size)',
  ov_model_const_input_by_index:
    'int ov_model_const_input_by_index(ov_model_t *model, size_t index, _Out_ ov_output_const_port_t **port)',
  ov_model_const_output_by_index:
    'int ov_model_const_output_by_index(ov_model_t *model, size_t index, _Out_ ov_output_const_port_t **port)',
  ov_model_reshape: 'int ov_model_reshape(ov_model_t *model, const char **names, '
    + 'ov_partial_shape_t *shapes, size_t size)',

  ov_port_get_any_name: 'int ov_port_get_any_name(ov_output_const_port_t *port, _Out_ void **name)',
  ov_port_get_element_type: 'int ov_port_get_element_type(ov_output_const_port_t *port, _Out_ int *type)',
  ov_port_get_partial_shape:
    'int ov_port_get_partial_shape(ov_output_const_port_t *port, _Inout_ ov_partial_shape_t *shape)',
  ov_partial_shape_free: 'void ov_partial_shape_free(ov_partial_shape_t *shape)',
  ov_output_const_port_free: 'void ov_output_const_port_free(ov_output_const_port_t *port)',

  ov_compiled_model_inputs_size: 'int ov_compiled_model_inputs_size(ov_compiled_model_t *compiled, _Out_ size_t *size)',
  ov_compiled_model_outputs_size:
    'int ov_compiled_model_outputs_size(ov_compiled_model_t *compiled, _Out_ size_t *size)',
  ov_compiled_model_input_by_index: 'int ov_compiled_model_input_by_index(ov_compiled_model_t *compiled, '
    + 'size_t index, _Out_ ov_output_const_port_t **port)',
  ov_compiled_model_output_by_index: 'int ov_compiled_model_output_by_index(ov_compiled_model_t *compiled, '
    + 'size_t index, _Out_ ov_output_const_port_t **port)',
  ov_compiled_model_create_infer_request: 'int ov_compiled_model_create_infer_request(ov_compiled_model_t *compiled, '
    + '_Out_ ov_infer_request_t **request)',
  ov_compiled_model_get_property:
    'int ov_compiled_model_get_property(ov_compiled_model_t *compiled, const char *key, _Out_ void **value)',
  ov_compiled_model_free: 'void ov_compiled_model_free(ov_compiled_model_t *compiled)',

  ov_tensor_create: 'int ov_tensor_create(int type, ov_shape_t shape, _Out_ ov_tensor_t **tensor)',
  ov_tensor_create_from_host_ptr:
    'int ov_tensor_create_from_host_ptr(int type, ov_shape_t shape, void *data, _Out_ ov_tensor_t **tensor)',
  ov_tensor_get_shape: 'int ov_tensor_get_shape(ov_tensor_t *tensor, _Inout_ ov_shape_t *shape)',
  ov_shape_free: 'int ov_shape_free(ov_shape_t *shape)',
  ov_tensor_get_element_type: 'int ov_tensor_get_element_type(ov_tensor_t *tensor, _Out_ int *type)',
  ov_tensor_get_byte_size: 'int ov_tensor_get_byte_size(ov_tensor_t *tensor, _Out_ size_t *size)',
  ov_tensor_get_size: 'int ov_tensor_get_size(ov_tensor_t *tensor, _Out_ size_t *size)',
  ov_tensor_data: 'int ov_tensor_data(ov_tensor_t *tensor, _Out_ void **data)',
  ov_tensor_free: 'void ov_tensor_free(ov_tensor_t *tensor)',

  ov_infer_request_set_tensor:
    'int ov_infer_request_set_tensor(ov_infer_request_t *request, const char *name, ov_tensor_t *tensor)',
  ov_infer_request_set_input_tensor_by_index: 'int ov_infer_request_set_input_tensor_by_index('
    + 'ov_infer_request_t *request, size_t index, ov_tensor_t *tensor)',
  ov_infer_request_get_tensor:
    'int ov_infer_request_get_tensor(ov_infer_request_t *request, const char *name, _Out_ ov_tensor_t **tensor)',
  ov_infer_request_get_input_tensor_by_index: 'int ov_infer_request_get_input_tensor_by_index('
    + 'ov_infer_request_t *request, size_t index, _Out_ ov_tensor_t **tensor)',
  ov_infer_request_get_output_tensor_by_index: 'int ov_infer_request_get_output_tensor_by_index('
    + 'ov_infer_request_t *request, size_t index, _Out_ ov_tensor_t **tensor)',
  ov_infer_request_free: 'void ov_infer_request_free(ov_infer_request_t *request)',
};

type KoffiFunction = ReturnType<LibraryHandle['func']>;

/** koffi functions are untyped; this is the one place their signatures are asserted. */
type Untyped = (...args: unknown[]) => unknown;

export function bindSymbols(lib: LibraryHandle): { c: OvC; async: OvCAsync } {
  declareTypes();
  const c: Partial<Record<keyof OvC, Untyped>> = {};
  for (const [name, prototype] of Object.entries(PROTOTYPES)) {
    c[name as keyof OvC] = lib.func(prototype) as Untyped;
  }
  const infer = lib.func('int ov_infer_request_infer(ov_infer_request_t *request)');
  const compileByPairs = new Map<number, KoffiFunction>();
  const async: OvCAsync = {
    ov_infer_request_infer: (request, done) => { infer.async(request, done); },
    compileModel(pairs) {
      let compile = compileByPairs.get(pairs);
      if (compile === undefined) {
        const tail = Array.from({ length: pairs }, (_, i) => `, const char *key${i}, const char *value${i}`).join('');
        compile = lib.func('int ov_core_compile_model(ov_core_t *core, ov_model_t *model, const char *device, '
          + `size_t args, _Out_ ov_compiled_model_t **compiled${tail})`);
        compileByPairs.set(pairs, compile);
      }
      const bound = compile;
      return (...args) => { bound.async(...args); };
    },
  };
  return { c: c as OvC, async };
}
