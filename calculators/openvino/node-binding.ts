/**
 * @module calculators/openvino/node-binding
 * The same interfaces over openvino-node (optional dependency), loaded lazily. Type-checked against the package's
 * own typings only: its native addon needs Node >= 21 and a runtime download, so it cannot run on Node 20 here.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as OvNode from 'openvino-node';
import type {
  CompiledModel, Core, DimensionInterval, ElementType, InferRequest, Model, OpenVino, PortInfo, ReshapeDimension,
  Tensor, TensorData,
} from './api.js';
import { byteSizeOf, elementCount } from './element-type.js';
import { MESSAGES, OpenVinoError, OpenVinoNotFoundError } from './errors.js';
import { RequestState } from './request-state.js';

export const NODE_NOT_FOUND_MESSAGE = 'the openvino-node runtime is not installed';

type NodeAddon = OvNode.NodeAddon;
/** The element types openvino-node 2026.4 can create tensors of (no f16, bf16 or boolean). */
type NodeElementType = Exclude<OvNode.elementTypeString, 'string'>;
const NODE_ELEMENT_TYPES: readonly NodeElementType[] = ['u8', 'u16', 'u32', 'u64', 'i8', 'i16', 'i32', 'i64', 'f32',
  'f64'];

function toNodeType(type: ElementType): NodeElementType {
  const found = NODE_ELEMENT_TYPES.find((candidate) => candidate === type);
  if (found === undefined) {
    throw new OpenVinoError('NOT_IMPLEMENTED', MESSAGES.unsupportedType(type, 'openvino-node'), 'tensor');
  }
  return found;
}

/** openvino-node throws plain Errors carrying OpenVINO's message; they become OpenVinoError with that message. */
function toOpenVinoError(name: string, error: unknown): OpenVinoError {
  if (error instanceof OpenVinoError) return error;
  return new OpenVinoError('GENERAL_ERROR', error instanceof Error ? error.message : String(error), name,
    { cause: error });
}

function call<T>(name: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw toOpenVinoError(name, error);
  }
}

/** A reference dropped by dispose(); openvino-node frees the native object when its JS object is collected. */
class Held<T> {
  #target: T | undefined;

  constructor(target: T, private readonly what: string) {
    this.#target = target;
  }

  get(): T {
    if (this.#target === undefined) throw new OpenVinoError('NOT_ALLOCATED', MESSAGES.disposed(this.what), this.what);
    return this.#target;
  }

  dispose(): void {
    this.#target = undefined;
  }
}

function toInterval(dim: OvNode.Dimension): DimensionInterval {
  if (typeof dim === 'number') return dim < 0 ? { min: 0, max: -1 } : { min: dim, max: dim };
  const [min, max] = dim;
  return { min, max };
}

function portInfo(port: OvNode.Output, elementType: ElementType): PortInfo {
  const name = call('Output.getAnyName', () => port.getAnyName());
  let intervals: DimensionInterval[] = [];
  let isRankDynamic = false;
  try {
    intervals = port.getPartialShape().getDimensions().map(toInterval);
  } catch {
    isRankDynamic = true; // getDimensions() has nothing to list for a dynamic rank
  }
  return {
    name, names: name === '' ? [] : [name], elementType,
    partialShape: intervals.map(({ min, max }) => (min === max ? min : -1)), intervals, isRankDynamic,
  };
}

function elementTypeOfName(name: string): ElementType {
  const found = NODE_ELEMENT_TYPES.find((candidate) => candidate === name);
  return found ?? 'dynamic';
}

function partialShapeText(dims: readonly ReshapeDimension[]): string {
  return dims.map((dim) => {
    if (typeof dim === 'number') return dim < 0 ? '?' : String(dim);
    if (dim.min === dim.max) return String(dim.min);
    return `${dim.min}..${dim.max < 0 ? '' : dim.max}`;
  }).join(',');
}

class NodeTensor implements Tensor {
  readonly #held: Held<OvNode.Tensor>;
  /** The caller's array (zero-copy), kept alive with the tensor. */
  readonly #hostData: TensorData | undefined;
  readonly #isCurrent: () => boolean;
  readonly elementType: ElementType;

  constructor(tensor: OvNode.Tensor, elementType: ElementType, hostData: TensorData | undefined,
    isCurrent: () => boolean = () => true) {
    this.#held = new Held(tensor, `Tensor ${elementType}`);
    this.elementType = elementType;
    this.#hostData = hostData;
    this.#isCurrent = isCurrent;
  }

  get native(): OvNode.Tensor {
    if (!this.#isCurrent()) throw new OpenVinoError('NOT_ALLOCATED', MESSAGES.staleTensor(`Tensor ${this.elementType}`), 'Tensor');
    return this.#held.get();
  }

  get shape(): number[] {
    return call('Tensor.getShape', () => this.native.getShape());
  }

  get byteSize(): number {
    return byteSizeOf(this.elementType, elementCount(this.shape));
  }

  /** DEVIATION: for tensors got from a request, openvino-node documents its data as a copy, not a view. */
  get data(): TensorData {
    const native = this.native;
    return this.#hostData ?? call('Tensor.getData', () => native.getData());
  }

  dispose(): void {
    this.#held.dispose();
  }
}

function asNodeTensor(tensor: Tensor, name: string): NodeTensor {
  if (!(tensor instanceof NodeTensor)) {
    throw new OpenVinoError('INVALID_C_PARAM', `${name}: the tensor was not created by the openvino-node binding`, name);
  }
  return tensor;
}

class NodeInferRequest implements InferRequest {
  readonly #addon: NodeAddon;
  readonly #held: Held<OvNode.InferRequest>;
  readonly #inputNames: readonly string[];
  readonly #state = new RequestState();
  /** Inputs set so far, by name: inferAsync() takes them as its argument. */
  readonly #inputs = new Map<string, NodeTensor>();

  constructor(addon: NodeAddon, request: OvNode.InferRequest, inputNames: readonly string[]) {
    this.#addon = addon;
    this.#held = new Held(request, 'InferRequest');
    this.#inputNames = inputNames;
  }

  setTensor(name: string, t: Tensor): void {
    this.#state.checkLive('setTensor');
    const tensor = asNodeTensor(t, 'InferRequest.setTensor');
    call('InferRequest.setTensor', () => this.#held.get().setTensor(name, tensor.native));
    if (this.#inputNames.includes(name)) this.#inputs.set(name, tensor);
    this.#state.invalidateTensors();
  }

  setInputTensor(index: number, t: Tensor): void {
    this.#state.checkLive('setInputTensor');
    const tensor = asNodeTensor(t, 'InferRequest.setInputTensor');
    call('InferRequest.setInputTensor', () => this.#held.get().setInputTensor(index, tensor.native));
    const name = this.#inputNames[index];
    if (name !== undefined) this.#inputs.set(name, tensor);
    this.#state.invalidateTensors();
  }

  getTensor(name: string): Tensor {
    return this.#wrap('getTensor', () => this.#held.get().getTensor(name));
  }

  getInputTensor(index: number): Tensor {
    return this.#wrap('getInputTensor', () => this.#held.get().getInputTensor(index));
  }

  getOutputTensor(index: number): Tensor {
    return this.#wrap('getOutputTensor', () => this.#held.get().getOutputTensor(index));
  }

  infer(): Promise<void> {
    return this.#state.runInference(async () => {
      const inputs = Object.fromEntries([...this.#inputs].map(([name, tensor]) => [name, tensor.native]));
      try {
        await this.#held.get().inferAsync(inputs);
      } catch (error) {
        throw toOpenVinoError('InferRequest.inferAsync', error);
      }
    }, () => this.#release());
  }

  dispose(): void {
    if (this.#state.requestDispose()) this.#release();
  }

  #wrap(action: string, get: () => OvNode.Tensor): Tensor {
    this.#state.checkLive(action);
    const tensor = call(`InferRequest.${action}`, get);
    const generation = this.#state.generation;
    const type = this.#elementTypeOf(tensor);
    return new NodeTensor(tensor, type, undefined, () => this.#state.isCurrent(generation));
  }

  #elementTypeOf(tensor: OvNode.Tensor): ElementType {
    const number = tensor.getElementType();
    const name = Object.entries(this.#addon.element).find(([, value]) => value === number)?.[0];
    return elementTypeOfName(name ?? 'dynamic');
  }

  #release(): void {
    this.#held.dispose();
    this.#inputs.clear();
  }
}

class NodeCompiledModel implements CompiledModel {
  readonly #addon: NodeAddon;
  readonly #held: Held<OvNode.CompiledModel>;
  readonly #keepAlive: readonly object[];

  constructor(addon: NodeAddon, compiled: OvNode.CompiledModel, keepAlive: readonly object[]) {
    this.#addon = addon;
    this.#held = new Held(compiled, 'CompiledModel');
    this.#keepAlive = keepAlive;
  }

  // openvino-node's Output has no element type: ports of a compiled model report 'dynamic'.
  get inputs(): PortInfo[] {
    return this.#held.get().inputs.map((port) => portInfo(port, 'dynamic'));
  }

  get outputs(): PortInfo[] {
    return this.#held.get().outputs.map((port) => portInfo(port, 'dynamic'));
  }

  createInferRequest(): InferRequest {
    const compiled = this.#held.get();
    const request = call('CompiledModel.createInferRequest', () => compiled.createInferRequest());
    const inputNames = compiled.inputs.map((port) => port.getAnyName());
    return new NodeInferRequest(this.#addon, request, inputNames);
  }

  getProperty(key: string): string {
    return String(call('CompiledModel.getProperty', () => this.#held.get().getProperty(key)));
  }

  dispose(): void {
    this.#held.dispose();
  }
}

class NodeModel implements Model {
  readonly held: Held<OvNode.Model>;
  readonly keepAlive: readonly object[];

  constructor(model: OvNode.Model, keepAlive: readonly object[]) {
    this.held = new Held(model, 'Model');
    this.keepAlive = keepAlive;
  }

  // openvino-node reports element types for model outputs only; inputs report 'dynamic'.
  get inputs(): PortInfo[] {
    return this.held.get().inputs.map((port) => portInfo(port, 'dynamic'));
  }

  get outputs(): PortInfo[] {
    const model = this.held.get();
    return model.outputs.map((port, index) => portInfo(port, elementTypeOfName(model.getOutputElementType(index))));
  }

  reshape(shapes: Readonly<Record<string, readonly ReshapeDimension[]>>): void {
    const byName = new Map<string, string>(Object.entries(shapes).map(([name, dims]) => [name, partialShapeText(dims)]));
    call('Model.reshape', () => this.held.get().reshape(byName));
  }

  dispose(): void {
    this.held.dispose();
  }
}

class NodeCore implements Core {
  readonly #addon: NodeAddon;
  readonly #held: Held<OvNode.Core>;

  constructor(addon: NodeAddon) {
    this.#addon = addon;
    this.#held = new Held(call('new Core', () => new addon.Core()), 'Core');
  }

  availableDevices(): string[] {
    return call('Core.getAvailableDevices', () => this.#held.get().getAvailableDevices());
  }

  setProperties(device: string | undefined, props: Readonly<Record<string, string>>): void {
    const core = this.#held.get();
    call('Core.setProperty', () => (device === undefined ? core.setProperty({ ...props })
      : core.setProperty(device, { ...props })));
  }

  getProperty(device: string, key: string): string {
    const core = this.#held.get();
    return String(call('Core.getProperty', () => (device === '' ? core.getProperty(key) : core.getProperty(device, key))));
  }

  readModel(xmlPath: string, binPath?: string): Model {
    const core = this.#held.get();
    return new NodeModel(call('Core.readModelSync', () => core.readModelSync(xmlPath, binPath)), []);
  }

  readModelFromMemory(xml: string, weights: Uint8Array): Model {
    const core = this.#held.get();
    const weightsTensor = new this.#addon.Tensor('u8', [weights.byteLength], weights);
    return new NodeModel(call('Core.readModelSync', () => core.readModelSync(xml, weightsTensor)), [weights]);
  }

  async compileModel(model: Model, device: string, props: Readonly<Record<string, string>> = {}): Promise<CompiledModel> {
    if (!(model instanceof NodeModel)) {
      throw new OpenVinoError('INVALID_C_PARAM', 'compileModel: the model was not read by the openvino-node binding',
        'Core.compileModel');
    }
    try {
      const compiled = await this.#held.get().compileModel(model.held.get(), device, { ...props });
      return new NodeCompiledModel(this.#addon, compiled, model.keepAlive);
    } catch (error) {
      throw toOpenVinoError('Core.compileModel', error);
    }
  }

  dispose(): void {
    this.#held.dispose();
  }
}

class NodeOpenVino implements OpenVino {
  readonly binding = 'node';
  readonly version: string;

  constructor(private readonly addon: NodeAddon, readonly libraryPath: string) {
    this.version = addon.getOpenvinoVersion().buildNumber;
  }

  createCore(): Core {
    return new NodeCore(this.addon);
  }

  tensor(type: ElementType, shape: readonly number[], data?: TensorData): Tensor {
    const nodeType = toNodeType(type);
    const native = call('new Tensor', () => (data === undefined ? new this.addon.Tensor(nodeType, [...shape])
      : new this.addon.Tensor(nodeType, [...shape], data)));
    return new NodeTensor(native, type, data);
  }
}

/** Loads openvino-node; throws OpenVinoNotFoundError when the package or its native runtime is missing. */
export function loadNodeBinding(): OpenVino {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve('openvino-node');
  } catch (error) {
    throw new OpenVinoNotFoundError(`${NODE_NOT_FOUND_MESSAGE} (the npm package is absent)`,
      ['node_modules/openvino-node'], { cause: error });
  }
  const addonPath = join(dirname(entry), '..', 'bin', 'ov_node_addon.node');
  try {
    const module = require('openvino-node') as typeof OvNode;
    return new NodeOpenVino(module.addon, addonPath);
  } catch (error) {
    const nodeMajor = Number(process.versions.node.split('.')[0]);
    const why = nodeMajor < 21 ? `; it also needs Node.js >= 21 (this is ${process.versions.node})` : '';
    throw new OpenVinoNotFoundError(`${NODE_NOT_FOUND_MESSAGE}: its native addon could not be loaded${why}`,
      [`${addonPath} (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`], { cause: error });
  }
}
