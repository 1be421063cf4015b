/**
 * @module test/calculators/openvino/tiny-ir
 * Writes small IR v11 models (XML text + weights) by hand for the binding's tests, following the layout of
 * openvino-ir-format.md §6. Test-only: the project's real IR writer lives in calculators/openvino/ir/.
 */
import type { TensorData } from '../../../calculators/openvino/index.js';

/** Element types the tests build models with. */
export type IrType = 'f32' | 'f16' | 'i64' | 'i32' | 'u8';

/** IR port `precision` names (legacy upper case; reference openvino-ir-format.md §1.8). */
const PRECISION: Readonly<Record<IrType, string>> = { f32: 'FP32', f16: 'FP16', i64: 'I64', i32: 'I32', u8: 'U8' };

/** An output port of a layer, with what the next layer's input port repeats. */
export interface PortRef {
  readonly layer: number;
  readonly port: number;
  readonly type: IrType;
  /** Port dims as written (-1 = dynamic); informative only, OpenVINO re-infers them. */
  readonly dims: readonly number[];
}

function portXml(id: number, type: IrType, dims: readonly number[], names?: string): string {
  const nameAttr = names === undefined ? '' : ` names="${names}"`;
  return `<port id="${id}" precision="${PRECISION[type]}"${nameAttr}>${dims.map((d) => `<dim>${d}</dim>`).join('')}</port>`;
}

export interface TinyIrModel {
  readonly xml: string;
  readonly weights: Uint8Array;
}

export class TinyIr {
  readonly #layers: string[] = [];
  readonly #edges: string[] = [];
  readonly #chunks: Uint8Array[] = [];
  #weightBytes = 0;

  /** A model input; `shape` is the Parameter's partial shape text (`?,4`, `1..8,3`). */
  parameter(name: string, type: IrType, shape: string): PortRef {
    const dims = shape.split(',').map((dim) => (/^\d+$/.test(dim) ? Number(dim) : -1));
    return this.#layer(name, 'Parameter', 'opset1', [], `<data shape="${shape}" element_type="${type}"/>`,
      { type, dims, names: name });
  }

  /** A constant whose bytes go to the weights, 8-byte aligned. */
  constant(type: IrType, shape: readonly number[], data: TensorData): PortRef {
    const pad = (8 - (this.#weightBytes % 8)) % 8;
    if (pad > 0) this.#push(new Uint8Array(pad));
    const offset = this.#weightBytes;
    this.#push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return this.#layer(`const_${this.#layers.length}`, 'Const', 'opset1', [],
      `<data element_type="${type}" shape="${shape.join(', ')}" offset="${offset}" size="${data.byteLength}"/>`,
      { type, dims: shape });
  }

  /** An operation with one output; `out.name` makes that output a named tensor. */
  op(type: string, inputs: readonly PortRef[], attrs: Readonly<Record<string, string>>,
    out: { type: IrType; dims: readonly number[]; name?: string }, opset = 'opset1'): PortRef {
    const entries = Object.entries(attrs);
    const data = entries.length === 0 ? '' : `<data ${entries.map(([k, v]) => `${k}="${v}"`).join(' ')}/>`;
    return this.#layer(out.name ?? `${type.toLowerCase()}_${this.#layers.length}`, type, opset, inputs, data,
      { type: out.type, dims: out.dims, names: out.name });
  }

  result(from: PortRef): void {
    this.#layer(`result_${this.#layers.length}`, 'Result', 'opset1', [from], '', undefined);
  }

  build(): TinyIrModel {
    const xml = ['<?xml version="1.0"?>', '<net name="tiny_test_model" version="11">', ' <layers>',
      ...this.#layers.map((layer) => `  ${layer}`), ' </layers>', ' <edges>',
      ...this.#edges.map((edge) => `  ${edge}`), ' </edges>', '</net>', ''].join('\n');
    const weights = new Uint8Array(this.#weightBytes);
    let offset = 0;
    for (const chunk of this.#chunks) {
      weights.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return { xml, weights };
  }

  #push(bytes: Uint8Array): void {
    this.#chunks.push(bytes.slice());
    this.#weightBytes += bytes.byteLength;
  }

  #layer(name: string, type: string, opset: string, inputs: readonly PortRef[], data: string,
    out: { type: IrType; dims: readonly number[]; names?: string | undefined } | undefined): PortRef {
    const id = this.#layers.length;
    const inputXml = inputs.length === 0 ? ''
      : `<input>${inputs.map((input, i) => portXml(i, input.type, input.dims)).join('')}</input>`;
    inputs.forEach((input, i) => {
      this.#edges.push(`<edge from-layer="${input.layer}" from-port="${input.port}" to-layer="${id}" to-port="${i}"/>`);
    });
    const outPort = inputs.length;
    const outputXml = out === undefined ? '' : `<output>${portXml(outPort, out.type, out.dims, out.names)}</output>`;
    this.#layers.push(`<layer id="${id}" name="${name}" type="${type}" version="${opset}">${data}${inputXml}${outputXml}</layer>`);
    return { layer: id, port: outPort, type: out?.type ?? 'f32', dims: out?.dims ?? [] };
  }
}
