/**
 * @module test/support/ir-runner
 * Reads, compiles and runs IRs with OpenVINO through Pictograph's binding (calculators/openvino) and reports port
 * names/types/shapes and each output's values and statistics. One Core serves the whole test run.
 */
import { type Core, loadOpenVino, type OpenVino, type TensorData } from '../../calculators/openvino/index.js';
import { uniformValues } from '../../calculators/model-generator/random-weights.js';

export type RunnerElementType = 'f32' | 'i64' | 'i32' | 'u8';

export interface InputSpec {
  readonly shape: readonly number[];
  readonly elementType: RunnerElementType;
  /** Exactly one source: literal values, or seeded standard-normal values × scale. */
  readonly values?: readonly number[];
  readonly random?: { readonly seed: number; readonly scale?: number };
}

export interface IrRun {
  readonly xml: string;
  /** Stop after reading (false) or after compiling (infer false). */
  readonly compile?: boolean;
  readonly infer?: boolean;
  readonly inputs?: Readonly<Record<string, InputSpec>>;
}

export interface PortReport {
  readonly names: string[];
  readonly elementType: string;
  /** -1 = dynamic. */
  readonly shape: number[];
}

export interface OutputReport extends PortReport {
  /** The values as f32 (integer outputs converted). */
  readonly data: Float32Array;
  readonly finite: boolean;
  readonly min: number;
  readonly max: number;
  readonly std: number;
}

export interface IrRunReport {
  readonly inputs: PortReport[];
  readonly outputs: PortReport[];
  readonly results?: OutputReport[];
}

let openVino: { ov: OpenVino; core: Core } | undefined;

function core(): { ov: OpenVino; core: Core } {
  if (openVino === undefined) {
    const ov = loadOpenVino();
    openVino = { ov, core: ov.createCore() };
  }
  return openVino;
}

/** Seeded standard-normal values (Box–Muller over splitmix32 uniforms). */
export function normalValues(count: number, seed: number, scale = 1): Float32Array {
  const uniform = uniformValues(2 * count, seed, 0.5, 0.5);
  return Float32Array.from({ length: count }, (_, i) =>
    scale * Math.sqrt(-2 * Math.log(1 - uniform[2 * i]!)) * Math.cos(2 * Math.PI * uniform[2 * i + 1]!));
}

function inputData(spec: InputSpec): TensorData {
  const count = spec.shape.reduce((a, b) => a * b, 1);
  const values = spec.values ?? normalValues(count, spec.random?.seed ?? 0, spec.random?.scale ?? 1);
  if (values.length !== count) throw new RangeError(`input of shape [${spec.shape.join(',')}] needs ${count} values, got ${values.length}`);
  switch (spec.elementType) {
    case 'f32': return Float32Array.from(values);
    case 'i64': return BigInt64Array.from(values, (v) => BigInt(v));
    case 'i32': return Int32Array.from(values);
    case 'u8': return Uint8Array.from(values);
  }
}

function outputReport(port: PortReport, data: TensorData, shape: number[]): OutputReport {
  const values = Float32Array.from(data as ArrayLike<number | bigint>, Number);
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let squares = 0;
  for (const value of values) {
    min = Math.min(min, value);
    max = Math.max(max, value);
    sum += value;
    squares += value * value;
  }
  const mean = sum / values.length;
  return { ...port, shape, data: values, finite: Number.isFinite(sum) && Number.isFinite(squares),
    min, max, std: Math.sqrt(Math.max(0, squares / values.length - mean * mean)) };
}

export async function runIrs(runs: readonly IrRun[]): Promise<IrRunReport[]> {
  const { ov, core: ovCore } = core();
  const reports: IrRunReport[] = [];
  for (const run of runs) {
    const model = ovCore.readModel(run.xml);
    const describe = (port: { names: string[]; elementType: string; partialShape: number[] }): PortReport =>
      ({ names: port.names, elementType: port.elementType, shape: port.partialShape });
    const report = { inputs: model.inputs.map(describe), outputs: model.outputs.map(describe) };
    if (run.compile === false) {
      model.dispose();
      reports.push(report);
      continue;
    }
    const compiled = await ovCore.compileModel(model, 'CPU');
    model.dispose();
    if (run.infer === false) {
      compiled.dispose();
      reports.push(report);
      continue;
    }
    const request = compiled.createInferRequest();
    const tensors = Object.entries(run.inputs ?? {}).map(([name, spec]) => {
      const tensor = ov.tensor(spec.elementType, spec.shape, inputData(spec));
      request.setTensor(name, tensor);
      return tensor;
    });
    await request.infer();
    const results = report.outputs.map((port, index) => {
      const tensor = request.getOutputTensor(index);
      return outputReport(port, tensor.data, tensor.shape);
    });
    request.dispose();
    compiled.dispose();
    for (const tensor of tensors) tensor.dispose();
    reports.push({ ...report, results });
  }
  return reports;
}
