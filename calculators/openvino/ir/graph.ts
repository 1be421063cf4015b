/**
 * @module calculators/openvino/ir/graph
 * The in-memory IR graph: layers (type, opset, friendly name, raw `<data>` attributes, rt_info), their output ports
 * (element type, shape, tensor names) and the edges given by each layer's inputs. It can hold any layer, including
 * types this module has no helper for, so an IR read from disk can be edited and written back.
 */
import type { ElementType } from './element-type.js';
import { IrError } from './ir-error.js';
import type { PartialShape } from './partial-shape.js';
import { formatShape } from './partial-shape.js';
import type { XmlElement } from './xml.js';

/** One `<data>` attribute, already formatted as IR text. */
export type Attribute = readonly [name: string, value: string];

/** A Const's bytes. Computed on demand so that multi-GB weights are generated while the `.bin` is written. */
export interface ConstantPayload {
  readonly byteLength: number;
  bytes(): Uint8Array;
}

/** What an output port carries. `value` is known for small integer tensors (shape arithmetic); null = unknown. */
export interface PortSpec {
  readonly elementType: ElementType;
  readonly shape: PartialShape;
  readonly value?: readonly (number | null)[];
  readonly names?: readonly string[];
  readonly rtInfo?: readonly XmlElement[];
}

export interface NodeSpec {
  /** IR type as written (`Const`, `SoftMax`, `Convolution`...). */
  readonly type: string;
  /** Opset name (`opset1`, `opset8`...). */
  readonly version: string;
  /** Friendly name; `<Type>_<n>` when omitted. */
  readonly name?: string;
  readonly attributes?: readonly Attribute[];
  readonly inputs?: readonly Output[];
  readonly outputs: readonly PortSpec[];
  readonly payload?: ConstantPayload;
  readonly rtInfo?: readonly XmlElement[];
  /** Extra attributes on `<layer>` itself (Result's `output_names`). */
  readonly layerAttributes?: readonly Attribute[];
}

/** Model-level rt_info: a tree of string leaves (openvino-ir-format.md §1.9). */
export interface RtInfoEntry {
  readonly key: string;
  readonly value?: string;
  readonly children?: readonly RtInfoEntry[];
}

export class OutputPort {
  readonly names: string[];
  readonly rtInfo: XmlElement[];
  constructor(
    readonly elementType: ElementType,
    readonly shape: PartialShape,
    readonly value: readonly (number | null)[] | undefined,
    names: readonly string[],
    rtInfo: readonly XmlElement[],
  ) {
    this.names = [...names];
    this.rtInfo = [...rtInfo];
  }
}

/** A reference to one output port of a node: what op helpers take and return. */
export class Output {
  constructor(readonly node: IrNode, readonly index: number) {}

  get graph(): IrGraph { return this.node.graph; }
  get port(): OutputPort {
    const port = this.node.outputs[this.index];
    if (port === undefined) throw new IrError(`layer '${this.node.name}' has no output ${this.index}`);
    return port;
  }
  get elementType(): ElementType { return this.port.elementType; }
  get shape(): PartialShape { return this.port.shape; }
  get rank(): number { return this.port.shape.length; }
  /** Known integer contents (Const, ShapeOf and what is computed from them), else undefined. */
  get value(): readonly (number | null)[] | undefined { return this.port.value; }

  sameAs(other: Output): boolean {
    return this.node === other.node && this.index === other.index;
  }

  describe(): string {
    return `${this.node.name}:${this.index} ${this.elementType}[${formatShape(this.shape)}]`;
  }
}

export class IrNode {
  readonly attributes: Attribute[];
  readonly outputs: readonly OutputPort[];
  readonly rtInfo: XmlElement[];
  readonly layerAttributes: Attribute[];
  /** Mutable only through IrGraph.setInput / replaceAllUses, which keep the graph consistent. */
  readonly inputs: Output[];
  /** A Const's bytes; undefined for every other layer. */
  readonly payload: ConstantPayload | undefined;

  constructor(
    readonly graph: IrGraph,
    /** Creation order; unique within the graph. */
    readonly index: number,
    readonly type: string,
    readonly version: string,
    public name: string,
    spec: NodeSpec,
  ) {
    this.attributes = [...(spec.attributes ?? [])];
    this.inputs = [...(spec.inputs ?? [])];
    this.outputs = spec.outputs.map((port) =>
      new OutputPort(port.elementType, port.shape, port.value, port.names ?? [], port.rtInfo ?? []));
    this.rtInfo = [...(spec.rtInfo ?? [])];
    this.layerAttributes = [...(spec.layerAttributes ?? [])];
    this.payload = spec.payload;
  }

  output(index = 0): Output {
    if (index < 0 || index >= this.outputs.length) {
      throw new IrError(`layer '${this.name}' (${this.type}) has ${this.outputs.length} outputs, not ${index + 1}`);
    }
    return new Output(this, index);
  }

  attribute(name: string): string | undefined {
    return this.attributes.find(([key]) => key === name)?.[1];
  }
}

/** Auto names use the C++ class name, as OpenVINO does (`Constant_12`, `Result_3`). */
const CLASS_NAME_OF_IR_TYPE: Readonly<Record<string, string>> = { Const: 'Constant', SoftMax: 'Softmax' };

export class IrGraph {
  readonly nodes: IrNode[] = [];
  /** Model inputs in order (Parameter layers). */
  readonly parameters: IrNode[] = [];
  /** Model outputs in order (Result layers). */
  readonly results: IrNode[] = [];
  /** Sinks that keep state updates alive without a Result (Assign layers). */
  readonly sinks: IrNode[] = [];
  readonly rtInfo: RtInfoEntry[] = [];
  private autoNameCounter = 0;
  private readonly tensorNames = new Set<string>();

  /** `name` is the `<net name>`; optimum exports are all `Model0`. */
  constructor(public name = 'Model0') {}

  /** Adds a layer. `checkNames: false` admits tensor names already used (IRs read from disk are taken as they are). */
  addNode(spec: NodeSpec, options: { checkNames?: boolean } = {}): IrNode {
    for (const input of spec.inputs ?? []) {
      if (input.graph !== this) throw new IrError(`input ${input.describe()} of a new ${spec.type} is from another graph`);
    }
    for (const port of spec.outputs) {
      for (const tensorName of port.names ?? []) {
        if (options.checkNames === false) this.tensorNames.add(tensorName);
        else this.claimTensorName(tensorName);
      }
    }
    const name = spec.name ?? `${CLASS_NAME_OF_IR_TYPE[spec.type] ?? spec.type}_${this.autoNameCounter++}`;
    const node = new IrNode(this, this.nodes.length, spec.type, spec.version, name, spec);
    this.nodes.push(node);
    if (spec.type === 'Parameter') this.parameters.push(node);
    if (spec.type === 'Result') this.results.push(node);
    if (spec.type === 'Assign') this.sinks.push(node);
    return node;
  }

  /** Adds a tensor name to a port; names are unique across the model (openvino-ir-format.md §1.7). */
  addTensorName(output: Output, tensorName: string): void {
    this.claimTensorName(tensorName);
    output.port.names.push(tensorName);
  }

  /** Points input `port` of `node` at `source`. */
  setInput(node: IrNode, port: number, source: Output): void {
    if (port < 0 || port >= node.inputs.length) throw new IrError(`layer '${node.name}' has no input ${port}`);
    if (source.graph !== this) throw new IrError(`${source.describe()} is from another graph`);
    node.inputs[port] = source;
  }

  /** Every consumer of `from` (except the listed nodes) reads `to` instead: the step that inserts an op on an edge. */
  replaceAllUses(from: Output, to: Output, options: { except?: readonly IrNode[] } = {}): number {
    const except = new Set(options.except ?? []);
    let replaced = 0;
    for (const node of this.nodes) {
      if (except.has(node)) continue;
      node.inputs.forEach((input, port) => {
        if (input.sameAs(from)) {
          node.inputs[port] = to;
          replaced++;
        }
      });
    }
    return replaced;
  }

  /** The consumers of an output, as (node, input port) pairs, in node order. */
  consumers(output: Output): { node: IrNode; port: number }[] {
    const found: { node: IrNode; port: number }[] = [];
    for (const node of this.nodes) {
      node.inputs.forEach((input, port) => { if (input.sameAs(output)) found.push({ node, port }); });
    }
    return found;
  }

  findNode(name: string): IrNode | undefined {
    return this.nodes.find((node) => node.name === name);
  }

  /** Sets a model-level rt_info leaf, creating the path (`['nncf', 'weight_compression', 'mode']`). */
  setRtInfo(path: readonly string[], value: string): void {
    let level = this.rtInfo;
    path.forEach((key, depth) => {
      const index = level.findIndex((entry) => entry.key === key);
      const isLeaf = depth === path.length - 1;
      if (isLeaf) {
        const leaf: RtInfoEntry = { key, value };
        if (index >= 0) level[index] = leaf;
        else level.push(leaf);
        return;
      }
      let entry = level[index];
      if (entry === undefined || entry.children === undefined) {
        entry = { key, children: [] };
        if (index >= 0) level[index] = entry;
        else level.push(entry);
      }
      level = entry.children as RtInfoEntry[];
    });
  }

  /**
   * Layers in IR order (the serializer's): Parameters (input order), every other layer reachable from a Result or a
   * sink in topological order, the sinks, then the Results (output order). Unreachable layers are dropped, as the
   * OpenVINO reader drops them.
   */
  orderedNodes(): IrNode[] {
    const ordered: IrNode[] = [...this.parameters];
    const visited = new Set<IrNode>([...this.parameters, ...this.results, ...this.sinks]);
    const visit = (root: IrNode): void => {
      // Iterative post-order DFS: real UNets are deep enough to overflow a recursive walk.
      const stack: { node: IrNode; next: number }[] = [{ node: root, next: 0 }];
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const input = top.node.inputs[top.next++];
        if (input === undefined) {
          stack.pop();
          if (!visited.has(top.node)) {
            visited.add(top.node);
            ordered.push(top.node);
          }
          continue;
        }
        if (!visited.has(input.node)) stack.push({ node: input.node, next: 0 });
      }
    };
    for (const root of [...this.results, ...this.sinks]) {
      for (const input of root.inputs) if (!visited.has(input.node)) visit(input.node);
    }
    ordered.push(...this.sinks, ...this.results);
    return ordered;
  }

  private claimTensorName(tensorName: string): void {
    if (this.tensorNames.has(tensorName)) throw new IrError(`tensor name '${tensorName}' is used twice in model '${this.name}'`);
    this.tensorNames.add(tensorName);
  }
}
