/**
 * @module calculators/openvino/ir/read
 * Reads an IR v10/v11 (`.xml` + `.bin`) into an IrGraph so it can be edited and written again (LoRA rewriting,
 * appending GenAI's VAE post-processing). Layers keep their raw type, opset, attributes and port types; nothing is
 * re-inferred, so unknown ops survive the round trip.
 */
import { readFileSync } from 'node:fs';
import { byteSize, type ElementType, isIntegerType, parseElementType } from './element-type.js';
import { IrGraph, type NodeSpec, type Output, type PortSpec, type RtInfoEntry } from './graph.js';
import { IrError } from './ir-error.js';
import { DYNAMIC, elementCount, parsePartialShape } from './partial-shape.js';
import { bytesPayload, decodeIntegers } from './payload.js';
import { attributeOf, childrenNamed, parseXml, type XmlElement } from './xml.js';

interface LayerRecord {
  readonly id: number;
  readonly element: XmlElement;
  readonly inputPortIds: readonly number[];
  readonly outputPortIds: readonly number[];
}

/** Splits a `names` attribute on commas not escaped as `\,`. */
function splitNames(text: string): string[] {
  const names: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === ',') {
      current += ',';
      i++;
    } else if (c === ',') {
      names.push(current.trim());
      current = '';
    } else {
      current += c;
    }
  }
  if (current.trim() !== '') names.push(current.trim());
  return names.filter((name) => name !== '');
}

function readRtInfoTree(element: XmlElement): RtInfoEntry[] {
  return element.children.map((child) => {
    const key = child.name === 'info' ? attributeOf(child, 'name') ?? 'info' : child.name;
    const value = attributeOf(child, 'value');
    return value !== undefined ? { key, value } : { key, children: readRtInfoTree(child) };
  });
}

export function readIr(xml: string, bin: Uint8Array, options: { file?: string } = {}): IrGraph {
  const file = options.file;
  const fail = (message: string): never => {
    throw new IrError(message, file === undefined ? {} : { file });
  };
  const net = parseXml(xml, file);
  if (net.name !== 'net') fail(`root element is <${net.name}>, not <net>`);
  const irVersion = attributeOf(net, 'version');
  if (irVersion !== '10' && irVersion !== '11') fail(`IR version ${irVersion ?? '(none)'} is not 10 or 11`);
  const mandatory = (element: XmlElement, name: string): string =>
    attributeOf(element, name) ?? fail(`<${element.name}> is missing mandatory attribute '${name}'`);
  const unsigned = (element: XmlElement, name: string): number => {
    const value = Number(mandatory(element, name));
    return Number.isInteger(value) && value >= 0 ? value : fail(`<${element.name}> ${name}="${attributeOf(element, name)}" is not an unsigned integer`);
  };

  const layers = new Map<number, LayerRecord>();
  for (const element of childrenNamed(childrenNamed(net, 'layers')[0] ?? fail('no <layers>'), 'layer')) {
    const id = unsigned(element, 'id');
    if (layers.has(id)) fail(`layer id ${id} is used twice`);
    const portIds = (section: string): number[] =>
      childrenNamed(childrenNamed(element, section)[0] ?? { name: section, attributes: [], children: [], text: '' }, 'port')
        .map((port) => unsigned(port, 'id'));
    layers.set(id, { id, element, inputPortIds: portIds('input'), outputPortIds: portIds('output') });
  }

  // to-layer → (input position → [from-layer, output index])
  const sources = new Map<number, Map<number, [number, number]>>();
  for (const edge of childrenNamed(childrenNamed(net, 'edges')[0] ?? fail('no <edges>'), 'edge')) {
    const [fromLayer, fromPort, toLayer, toPort] = ['from-layer', 'from-port', 'to-layer', 'to-port'].map((a) => unsigned(edge, a)) as
      [number, number, number, number];
    const from = layers.get(fromLayer) ?? fail(`edge from unknown layer ${fromLayer}`);
    const to = layers.get(toLayer) ?? fail(`edge to unknown layer ${toLayer}`);
    const outputIndex = from.outputPortIds.indexOf(fromPort);
    if (outputIndex < 0) fail(`Can not find output port with id ${fromPort} in layer ${fromLayer}`);
    const inputIndex = to.inputPortIds.indexOf(toPort);
    if (inputIndex < 0) fail(`Can not find input port with id ${toPort} in layer ${toLayer}`);
    const inputs = sources.get(toLayer) ?? new Map<number, [number, number]>();
    if (inputs.has(inputIndex)) fail(`input port ${toPort} of layer ${toLayer} has two edges`);
    inputs.set(inputIndex, [fromLayer, outputIndex]);
    sources.set(toLayer, inputs);
  }

  const graph = new IrGraph(attributeOf(net, 'name') ?? 'Model0');
  const created = new Map<number, Output[]>();

  const outputPorts = (record: LayerRecord): PortSpec[] => {
    const section = childrenNamed(record.element, 'output')[0];
    return (section === undefined ? [] : childrenNamed(section, 'port')).map((port) => {
      const precision = mandatory(port, 'precision');
      const elementType: ElementType = parseElementType(precision) ?? fail(`unknown precision '${precision}' in layer ${record.id}`);
      const shape = childrenNamed(port, 'dim').map((dim) => {
        const value = Number(dim.text);
        return Number.isInteger(value) && value >= -1 ? value : fail(`dimension (${dim.text}) in layer ${record.id} must be an integer >= -1`);
      });
      const names = attributeOf(port, 'names');
      const rtInfo = childrenNamed(port, 'rt_info')[0]?.children ?? [];
      return { elementType, shape, names: names === undefined ? [] : splitNames(names), rtInfo };
    });
  };

  const create = (record: LayerRecord, inputs: Output[]): void => {
    const element = record.element;
    const type = mandatory(element, 'type');
    const data = childrenNamed(element, 'data')[0];
    let attributes = (data?.attributes ?? []).map(([key, value]) => [key, value] as const);
    let outputs = outputPorts(record);
    let payload: NodeSpec['payload'];
    if (type.toLowerCase() === 'const') {
      if (data === undefined) return fail(`Const layer ${record.id} has no <data>`);
      const offset = unsigned(data, 'offset');
      const size = unsigned(data, 'size');
      if (offset + size > bin.byteLength) fail(`Incorrect weights in bin file! (layer ${record.id}: ${offset}+${size} > ${bin.byteLength})`);
      const elementType = parseElementType(attributeOf(data, 'element_type') ?? '') ?? fail(`Const layer ${record.id} has no element_type`);
      const shape = parsePartialShape(attributeOf(data, 'shape') ?? '');
      const count = shape.includes(DYNAMIC) ? 0 : elementCount(shape);
      if (elementType !== 'string' && size < byteSize(elementType, count)) {
        fail(`Attribute and shape size are inconsistent for Const layer ${record.id}`);
      }
      const bytes = bin.subarray(offset, offset + size);
      payload = bytesPayload(bytes);
      attributes = attributes.filter(([key]) => key !== 'offset' && key !== 'size');
      if (isIntegerType(elementType) && count <= 64 && outputs[0] !== undefined) {
        outputs = [{ ...outputs[0], value: decodeIntegers(elementType, bytes, count) }];
      }
    }
    const reserved = new Set(['id', 'name', 'type', 'version']);
    const node = graph.addNode({
      type,
      version: attributeOf(element, 'version') ?? '',
      name: mandatory(element, 'name'),
      attributes,
      inputs,
      outputs,
      payload,
      rtInfo: childrenNamed(element, 'rt_info')[0]?.children ?? [],
      layerAttributes: element.attributes.filter(([key]) => !reserved.has(key)),
    }, { checkNames: false });
    created.set(record.id, node.outputs.map((_, i) => node.output(i)));
  };

  const records = [...layers.values()];
  const typeOf = (record: LayerRecord): string => mandatory(record.element, 'type').toLowerCase();
  for (const record of records) if (typeOf(record) === 'parameter') create(record, []);
  // Iterative post-order DFS from each Result and Assign in XML order, as the OpenVINO reader builds the model.
  const visit = (root: LayerRecord): void => {
    const stack: { record: LayerRecord; next: number }[] = [{ record: root, next: 0 }];
    const onStack = new Set<number>([root.id]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const inputs = sources.get(top.record.id) ?? new Map<number, [number, number]>();
      if (top.next < top.record.inputPortIds.length) {
        const source = inputs.get(top.next++) ?? fail(`layer ${top.record.id} has incorrect input with index ${top.next - 1}!`);
        if (!created.has(source[0])) {
          if (onStack.has(source[0])) fail(`layer ${source[0]} is part of a cycle`);
          onStack.add(source[0]);
          stack.push({ record: layers.get(source[0])!, next: 0 });
        }
        continue;
      }
      stack.pop();
      onStack.delete(top.record.id);
      if (created.has(top.record.id)) continue;
      create(top.record, top.record.inputPortIds.map((_, position) => {
        const [fromLayer, outputIndex] = inputs.get(position)!;
        return created.get(fromLayer)![outputIndex]!;
      }));
    }
  };
  for (const record of records) if (typeOf(record) === 'result' || typeOf(record) === 'assign') visit(record);

  const rtInfo = childrenNamed(net, 'rt_info')[0];
  if (rtInfo !== undefined) graph.rtInfo.push(...readRtInfoTree(rtInfo));
  return graph;
}

/** Reads `<stem>.xml` and the `.bin` beside it. */
export function readIrFile(xmlPath: string): IrGraph {
  const binPath = xmlPath.replace(/\.xml$/, '.bin');
  return readIr(readFileSync(xmlPath, 'utf8'), new Uint8Array(readFileSync(binPath)), { file: xmlPath });
}
