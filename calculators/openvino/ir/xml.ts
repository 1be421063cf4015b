/**
 * @module calculators/openvino/ir/xml
 * The little XML the IR format needs: an element tree, attribute escaping, and a parser for IR files (elements,
 * attributes, text, comments, the declaration; no DTDs or namespaces).
 */
import { IrError } from './ir-error.js';

export interface XmlElement {
  readonly name: string;
  readonly attributes: readonly (readonly [string, string])[];
  readonly children: readonly XmlElement[];
  /** Concatenated character data directly inside the element, trimmed. */
  readonly text: string;
}

export function xmlElement(name: string, attributes: Readonly<Record<string, string>> = {},
  children: readonly XmlElement[] = []): XmlElement {
  return { name, attributes: Object.entries(attributes), children, text: '' };
}

export function attributeOf(element: XmlElement, name: string): string | undefined {
  return element.attributes.find(([key]) => key === name)?.[1];
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** `name="v" name2="v2"` with a leading space, or '' when there are none. */
export function formatAttributes(attributes: readonly (readonly [string, string])[]): string {
  return attributes.map(([key, value]) => ` ${key}="${escapeXml(value)}"`).join('');
}

/** Writes an element tree with tab indentation (for rt_info fragments). */
export function formatElement(element: XmlElement, indent: string): string {
  const open = `${indent}<${element.name}${formatAttributes(element.attributes)}`;
  if (element.children.length === 0 && element.text === '') return `${open} />\n`;
  if (element.children.length === 0) return `${open}>${escapeXml(element.text)}</${element.name}>\n`;
  const inner = element.children.map((child) => formatElement(child, `${indent}\t`)).join('');
  return `${open}>\n${inner}${indent}</${element.name}>\n`;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string, file: string | undefined): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, body: string) => {
    if (body.startsWith('#x')) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    const named = ENTITIES[body];
    if (named === undefined) throw new IrError(`unknown XML entity ${whole}`, file === undefined ? {} : { file });
    return named;
  });
}

interface OpenElement {
  name: string;
  attributes: [string, string][];
  children: XmlElement[];
  text: string;
}

const NAME = '[A-Za-z_:][-A-Za-z0-9_:.]*';
const ATTRIBUTE = new RegExp(`\\s+(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'y');

/** Parses a whole document; returns its root element. Errors name the byte offset. */
export function parseXml(source: string, file?: string): XmlElement {
  function fail(message: string, at: number): never {
    throw new IrError(`${message} at offset ${at}`, file === undefined ? {} : { file });
  }
  const stack: OpenElement[] = [];
  let root: XmlElement | undefined;
  let pos = 0;
  const openTag = new RegExp(`<(${NAME})`, 'y');
  while (pos < source.length) {
    const lt = source.indexOf('<', pos);
    const textEnd = lt < 0 ? source.length : lt;
    if (textEnd > pos) {
      const text = source.slice(pos, textEnd);
      const top = stack[stack.length - 1];
      if (top !== undefined) top.text += decodeEntities(text, file);
      else if (text.trim() !== '') fail('text outside the root element', pos);
    }
    if (lt < 0) break;
    pos = lt;
    /** The offset just past `marker`, searching from pos. */
    const past = (marker: string, what: string): number => {
      const end = source.indexOf(marker, pos);
      if (end < 0) fail(`unterminated ${what}`, pos);
      return end + marker.length;
    };
    if (source.startsWith('<?', pos)) {
      pos = past('?>', 'declaration');
    } else if (source.startsWith('<!--', pos)) {
      pos = past('-->', 'comment');
    } else if (source.startsWith('<![CDATA[', pos)) {
      const end = past(']]>', 'CDATA');
      const top = stack[stack.length - 1];
      if (top !== undefined) top.text += source.slice(pos + 9, end - 3);
      pos = end;
    } else if (source.startsWith('<!', pos)) {
      pos = past('>', 'markup declaration');
    } else if (source.startsWith('</', pos)) {
      const end = past('>', 'end tag') - 1;
      const name = source.slice(pos + 2, end).trim();
      const open = stack.pop();
      if (open === undefined || open.name !== name) fail(`end tag </${name}> does not match <${open?.name ?? ''}>`, pos);
      const element: XmlElement = { name: open.name, attributes: open.attributes, children: open.children, text: open.text.trim() };
      const parent = stack[stack.length - 1];
      if (parent !== undefined) parent.children.push(element);
      else root = element;
      pos = end + 1;
    } else {
      openTag.lastIndex = pos;
      const match = openTag.exec(source);
      const name = match?.[1];
      if (name === undefined) fail('malformed tag', pos);
      pos = openTag.lastIndex;
      const attributes: [string, string][] = [];
      for (;;) {
        ATTRIBUTE.lastIndex = pos;
        const attribute = ATTRIBUTE.exec(source);
        if (attribute === null) break;
        attributes.push([attribute[1]!, decodeEntities(attribute[2] ?? attribute[3] ?? '', file)]);
        pos = ATTRIBUTE.lastIndex;
      }
      while (pos < source.length && /\s/.test(source[pos]!)) pos++;
      if (source.startsWith('/>', pos)) {
        const element: XmlElement = { name, attributes, children: [], text: '' };
        const parent = stack[stack.length - 1];
        if (parent !== undefined) parent.children.push(element);
        else root = element;
        pos += 2;
      } else if (source[pos] === '>') {
        stack.push({ name, attributes, children: [], text: '' });
        pos += 1;
      } else {
        fail(`malformed attributes in <${name}>`, pos);
      }
    }
    if (root !== undefined && stack.length === 0) {
      if (source.slice(pos).replace(/<!--[\s\S]*?-->/g, '').trim() !== '') fail('content after the root element', pos);
      break;
    }
  }
  const unclosed = stack[stack.length - 1];
  if (unclosed !== undefined) fail(`unclosed <${unclosed.name}>`, source.length);
  if (root === undefined) fail('no root element', 0);
  return root;
}
