/**
 * @module calculators/openvino/ir/serialize
 * Writes a graph as IR v11: the `.xml` text and the `.bin` weights (openvino-ir-format.md §1-2, §8). Constants are
 * aligned to their element size; the `.bin` is streamed constant by constant so multi-GB models never sit in memory.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { alignmentOf, precisionName } from './element-type.js';
import type { IrGraph, IrNode, OutputPort, RtInfoEntry } from './graph.js';
import { IrError } from './ir-error.js';
import { escapeXml, formatAttributes, formatElement, type XmlElement } from './xml.js';

/** Where each Const's bytes live in the `.bin`. */
export interface ConstantLayout {
  readonly offset: number;
  readonly size: number;
}

interface Plan {
  readonly ordered: readonly IrNode[];
  readonly ids: ReadonlyMap<IrNode, number>;
  readonly layout: ReadonlyMap<IrNode, ConstantLayout>;
  /** Constants in `.bin` order with the padding before each; duplicates point at an earlier blob and are absent. */
  readonly blobs: readonly { node: IrNode; padding: number }[];
  readonly binLength: number;
}

/** Small constants (shape and axis vectors) with identical bytes share one blob, as OpenVINO's writer does. */
const DEDUPLICATE_UP_TO_BYTES = 64;

function plan(graph: IrGraph): Plan {
  const ordered = graph.orderedNodes();
  const ids = new Map(ordered.map((node, id) => [node, id] as const));
  const layout = new Map<IrNode, ConstantLayout>();
  const blobs: { node: IrNode; padding: number }[] = [];
  const seen = new Map<string, ConstantLayout>();
  let position = 0;
  for (const node of ordered) {
    if (node.type !== 'Const') continue;
    const payload = node.payload;
    if (payload === undefined) throw new IrError(`Const '${node.name}' has no data`);
    let key: string | undefined;
    if (payload.byteLength <= DEDUPLICATE_UP_TO_BYTES) {
      key = Buffer.from(payload.bytes()).toString('base64');
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        layout.set(node, earlier);
        continue;
      }
    }
    const port = node.outputs[0];
    const alignment = port === undefined ? 8 : alignmentOf(port.elementType);
    const padding = (alignment - (position % alignment)) % alignment;
    const placed = { offset: position + padding, size: payload.byteLength };
    position = placed.offset + placed.size;
    layout.set(node, placed);
    blobs.push({ node, padding });
    if (key !== undefined) seen.set(key, placed);
  }
  return { ordered, ids, layout, blobs, binLength: position };
}

function portXml(id: number, port: OutputPort, withNames: boolean, indent: string): string {
  const names = withNames && port.names.length > 0
    ? ` names="${escapeXml([...port.names].sort().map((n) => n.replace(/,/g, '\\,')).join(','))}"` : '';
  const open = `${indent}<port id="${id}" precision="${precisionName(port.elementType)}"${names}`;
  const rtInfo = withNames && port.rtInfo.length > 0 ? rtInfoXml(port.rtInfo, `${indent}\t`) : '';
  if (port.shape.length === 0 && rtInfo === '') return `${open} />\n`;
  const dims = port.shape.map((dim) => `${indent}\t<dim>${dim}</dim>\n`).join('');
  return `${open}>\n${dims}${rtInfo}${indent}</port>\n`;
}

function rtInfoXml(elements: readonly XmlElement[], indent: string): string {
  return `${indent}<rt_info>\n${elements.map((element) => formatElement(element, `${indent}\t`)).join('')}${indent}</rt_info>\n`;
}

function layerXml(node: IrNode, id: number, plan: Plan): string {
  const layerAttributes = formatAttributes([
    ['id', String(id)], ['name', node.name], ['type', node.type], ['version', node.version], ...node.layerAttributes,
  ]);
  let xml = `\t\t<layer${layerAttributes}>\n`;
  const data = [...node.attributes];
  const placed = plan.layout.get(node);
  if (placed !== undefined) data.push(['offset', String(placed.offset)], ['size', String(placed.size)]);
  if (data.length > 0) xml += `\t\t\t<data${formatAttributes(data)} />\n`;
  if (node.rtInfo.length > 0) xml += rtInfoXml(node.rtInfo, '\t\t\t');
  if (node.inputs.length > 0) {
    xml += '\t\t\t<input>\n';
    node.inputs.forEach((source, port) => { xml += portXml(port, source.port, false, '\t\t\t\t'); });
    xml += '\t\t\t</input>\n';
  }
  if (node.outputs.length > 0) {
    xml += '\t\t\t<output>\n';
    node.outputs.forEach((port, index) => { xml += portXml(node.inputs.length + index, port, true, '\t\t\t\t'); });
    xml += '\t\t\t</output>\n';
  }
  return `${xml}\t\t</layer>\n`;
}

const XML_NAME = /^[A-Za-z_][-A-Za-z0-9_.]*$/;

function modelRtInfoXml(entries: readonly RtInfoEntry[], indent: string): string {
  return entries.map((entry) => {
    const valid = XML_NAME.test(entry.key) && !entry.key.toLowerCase().startsWith('xml');
    const tag = valid ? entry.key : 'info';
    const nameAttribute = valid ? '' : ` name="${escapeXml(entry.key)}"`;
    if (entry.children === undefined) return `${indent}<${tag}${nameAttribute} value="${escapeXml(entry.value ?? '')}" />\n`;
    return `${indent}<${tag}${nameAttribute}>\n${modelRtInfoXml(entry.children, `${indent}\t`)}${indent}</${tag}>\n`;
  }).join('');
}

function renderXml(graph: IrGraph, plan: Plan): string {
  // <net> right after the declaration: pre-2024.5 readers sniff the version in the first 512 bytes.
  let xml = `<?xml version="1.0"?>\n<net name="${escapeXml(graph.name)}" version="11">\n\t<layers>\n`;
  plan.ordered.forEach((node, id) => { xml += layerXml(node, id, plan); });
  xml += '\t</layers>\n\t<edges>\n';
  const edges: [number, number, number, number][] = [];
  for (const node of plan.ordered) {
    const toLayer = plan.ids.get(node)!;
    node.inputs.forEach((source, toPort) => {
      const fromLayer = plan.ids.get(source.node);
      if (fromLayer === undefined) throw new IrError(`layer '${node.name}' reads '${source.node.name}', which is not in the model`);
      edges.push([fromLayer, source.node.inputs.length + source.index, toLayer, toPort]);
    });
  }
  edges.sort((a, b) => a[0] - b[0] || a[2] - b[2] || a[3] - b[3]);
  for (const [fromLayer, fromPort, toLayer, toPort] of edges) {
    xml += `\t\t<edge from-layer="${fromLayer}" from-port="${fromPort}" to-layer="${toLayer}" to-port="${toPort}" />\n`;
  }
  xml += '\t</edges>\n';
  if (graph.rtInfo.length > 0) xml += `\t<rt_info>\n${modelRtInfoXml(graph.rtInfo, '\t\t')}\t</rt_info>\n`;
  return `${xml}</net>\n`;
}

function* binChunks(plan: Plan): Generator<Uint8Array> {
  for (const { node, padding } of plan.blobs) {
    if (padding > 0) yield new Uint8Array(padding);
    const bytes = node.payload!.bytes();
    if (bytes.byteLength !== node.payload!.byteLength) {
      throw new IrError(`Const '${node.name}' produced ${bytes.byteLength} bytes, expected ${node.payload!.byteLength}`);
    }
    yield bytes;
  }
}

export interface SerializedIr {
  readonly xml: string;
  readonly bin: Uint8Array;
}

/** The whole IR in memory (small graphs: tests, preprocessing models). */
export function serializeIr(graph: IrGraph): SerializedIr {
  const layout = plan(graph);
  const xml = renderXml(graph, layout);
  const bin = new Uint8Array(layout.binLength);
  let position = 0;
  for (const chunk of binChunks(layout)) {
    bin.set(chunk, position);
    position += chunk.byteLength;
  }
  return { xml, bin };
}

export interface WrittenIr {
  readonly xmlPath: string;
  readonly binPath: string;
  readonly xmlBytes: number;
  readonly binBytes: number;
}

/** Writes `<stem>.xml` and `<stem>.bin` (e.g. `unet/openvino_model`), streaming the weights. */
export function writeIr(graph: IrGraph, stemPath: string): WrittenIr {
  const layout = plan(graph);
  const xml = renderXml(graph, layout);
  const xmlPath = `${stemPath}.xml`;
  const binPath = `${stemPath}.bin`;
  const binFd = openSync(binPath, 'w');
  try {
    for (const chunk of binChunks(layout)) {
      let written = 0;
      while (written < chunk.byteLength) written += writeSync(binFd, chunk, written);
    }
  } finally {
    closeSync(binFd);
  }
  const xmlFd = openSync(xmlPath, 'w');
  try {
    writeSync(xmlFd, xml);
  } finally {
    closeSync(xmlFd);
  }
  return { xmlPath, binPath, xmlBytes: Buffer.byteLength(xml), binBytes: layout.binLength };
}
