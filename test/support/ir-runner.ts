/**
 * @module test/support/ir-runner
 * Reads, compiles and runs IRs with OpenVINO (the venv's Python, test/reference/ir_runner.py) and reports port
 * names/types/shapes and output statistics, optionally with the raw outputs. One Python process per call: batch runs.
 */
import { readFileSync } from 'node:fs';
import { runPythonJson } from './python.js';

export type RunnerElementType = 'f32' | 'f16' | 'f64' | 'i64' | 'i32' | 'u8' | 'i8' | 'boolean';

export interface InputSpec {
  readonly shape: readonly number[];
  readonly elementType: RunnerElementType;
  /** Exactly one source: literal values, a raw little-endian file, or seeded standard-normal values × scale. */
  readonly values?: readonly number[];
  readonly file?: string;
  readonly random?: { readonly seed: number; readonly scale?: number };
}

export interface IrRun {
  readonly xml: string;
  /** Stop after reading (false) or after compiling (infer false). */
  readonly compile?: boolean;
  readonly infer?: boolean;
  readonly inputs?: Readonly<Record<string, InputSpec>>;
  /** Where to write each output as `output_<i>.raw`. */
  readonly outputsDir?: string;
}

export interface PortReport {
  readonly names: string[];
  readonly element_type: string;
  /** -1 = dynamic. */
  readonly shape: number[];
}

export interface ResultReport extends PortReport {
  readonly finite: boolean;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly std: number;
  readonly file: string | null;
}

export interface IrRunReport {
  readonly inputs: PortReport[];
  readonly outputs: PortReport[];
  /** Elements of the `self.<module>.<param>` weight Constants, as OpenVINO read them. */
  readonly parameter_count: number;
  readonly results?: ResultReport[];
}

export async function runIrs(runs: readonly IrRun[]): Promise<IrRunReport[]> {
  const request = {
    runs: runs.map((run) => ({
      xml: run.xml,
      compile: run.compile ?? true,
      infer: run.infer ?? true,
      outputs_dir: run.outputsDir ?? null,
      inputs: Object.fromEntries(Object.entries(run.inputs ?? {}).map(([name, spec]) => [name, {
        shape: spec.shape, element_type: spec.elementType,
        ...(spec.values !== undefined ? { values: spec.values } : {}),
        ...(spec.file !== undefined ? { file: spec.file } : {}),
        ...(spec.random !== undefined ? { random: spec.random } : {}),
      }])),
    })),
  };
  const response = await runPythonJson<{ runs: IrRunReport[] }>('ir_runner.py', [], request);
  return response.runs;
}

/** Reads a raw f32 output written by runIrs. */
export function readFloat32(file: string): Float32Array {
  const bytes = readFileSync(file);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
