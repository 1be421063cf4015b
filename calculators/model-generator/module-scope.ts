/**
 * @module calculators/model-generator/module-scope
 * Building a component the way optimum's export names it (openvino-ir-format.md §4.2): a scope per PyTorch module
 * path, op friendly names `__module.<path>/<aten op>/<OV type>`, parameter Consts `self.<path>.<param>`. Parameters
 * are drawn from the seeded RandomWeights and encoded in the requested weight format.
 */
import { type IrGraph, type Output, type WeightFormat, weightInput } from '../openvino/ir/index.js';
import type { RandomWeights, WeightInit } from './random-weights.js';

/** A parameter of the built component: name and shape (for counts and LoRA key tests). */
export interface ParameterRecord {
  readonly name: string;
  readonly shape: readonly number[];
}

/** What every scope of one component shares. */
export class ComponentBuild {
  readonly parameters: ParameterRecord[] = [];
  private readonly usedNames = new Map<string, number>();

  constructor(readonly graph: IrGraph, readonly random: RandomWeights, readonly format: WeightFormat) {}

  /** Friendly names repeat when a module runs twice (one SiLU module, three calls): `_1`, `_2`... as OpenVINO does. */
  uniqueName(name: string): string {
    const seen = this.usedNames.get(name) ?? 0;
    this.usedNames.set(name, seen + 1);
    return seen === 0 ? name : `${name}_${seen}`;
  }

  parameterCount(): number {
    return this.parameters.reduce((total, p) => total + p.shape.reduce((a, b) => a * b, 1), 0);
  }
}

export class ModuleScope {
  constructor(readonly build: ComponentBuild, readonly path: string) {}

  static root(build: ComponentBuild): ModuleScope {
    return new ModuleScope(build, '');
  }

  get graph(): IrGraph {
    return this.build.graph;
  }

  /** The submodule `name` (`down_blocks` → `0` → `resnets`...). */
  child(...names: (string | number)[]): ModuleScope {
    const suffix = names.join('.');
    return new ModuleScope(this.build, this.path === '' ? suffix : `${this.path}.${suffix}`);
  }

  /** `__module.<path>/<aten>/<type>` (`<aten>/<type>` at the root), made unique. */
  opName(aten: string, type: string): string {
    return this.build.uniqueName(this.path === '' ? `${aten}/${type}` : `__module.${this.path}/${aten}/${type}`);
  }

  /**
   * Parameter `<path>.<param>` as an f32 Output in the build's weight format. `compressibleAtPort` marks the weights
   * NNCF compresses to int8 (MatMul/Convolution port 1, embedding Gather port 0); `irShape` is the Const's shape
   * when the export folds a reshape into it (a Conv2d bias `[C]` becomes `[1, C, 1, 1]`).
   */
  parameter(param: string, shape: readonly number[], init: WeightInit,
    options: { compressibleAtPort?: number; irShape?: readonly number[] } = {}): Output {
    const name = `${this.path}.${param}`;
    this.build.parameters.push({ name, shape });
    const count = shape.reduce((a, b) => a * b, 1);
    const tensor = { name: `self.${name}`, shape: options.irShape ?? shape, values: this.build.random.values(name, count, init) };
    return weightInput(this.graph, tensor, this.build.format,
      options.compressibleAtPort === undefined ? {} : { compressibleAtPort: options.compressibleAtPort });
  }
}
