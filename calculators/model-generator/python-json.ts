/**
 * @module calculators/model-generator/python-json
 * JSON written the way Python's `json.dumps(..., indent=2, sort_keys=True)` writes it, so generated configs match
 * optimum exports byte for byte (diffusion-model-configs.md §1.2): Python float repr (`1e-05`, `1.0`), sorted keys,
 * non-ASCII kept (`ensure_ascii=False`, as tokenizer files are written) or escaped (`ensure_ascii=True`, configs).
 */

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Python's `repr(float)`: shortest round-trip digits; exponent form below 1e-4 or from 1e16. */
export function pythonFloat(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`JSON cannot hold ${value}`);
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    return `${sign}${digits[0]}${fraction}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
}

export interface PythonJsonOptions {
  /** Keys whose numbers are Python floats: integral values print as `1.0`. Other integral numbers print as ints. */
  readonly floatKeys?: ReadonlySet<string>;
  readonly sortKeys?: boolean;
  /** Escape non-ASCII as `\uXXXX` (Python's default). */
  readonly ensureAscii?: boolean;
  /** Spaces per level; undefined = compact, Python's `(', ', ': ')` separators. */
  readonly indent?: number;
}

function quote(text: string, ensureAscii: boolean): string {
  const json = JSON.stringify(text);
  return ensureAscii ? json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}

function render(value: JsonValue, key: string | undefined, depth: number, options: PythonJsonOptions): string {
  const ensureAscii = options.ensureAscii ?? true;
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return quote(value, ensureAscii);
  if (typeof value === 'number') {
    const isFloat = !Number.isInteger(value) || (key !== undefined && (options.floatKeys?.has(key) ?? false));
    return isFloat ? pythonFloat(value) : String(value);
  }
  const pad = options.indent === undefined ? '' : `\n${' '.repeat(options.indent * (depth + 1))}`;
  const close = options.indent === undefined ? '' : `\n${' '.repeat(options.indent * depth)}`;
  const separator = options.indent === undefined ? ', ' : ',';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${value.map((item) => `${pad}${render(item, key, depth + 1, options)}`).join(separator)}${close}]`;
  }
  const entries = Object.entries(value as { readonly [key: string]: JsonValue });
  if (entries.length === 0) return '{}';
  if (options.sortKeys ?? true) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${pad}${quote(k, ensureAscii)}: ${render(v, k, depth + 1, options)}`).join(separator)}${close}}`;
}

/** The text Python's json.dumps would produce, plus the trailing newline diffusers/transformers add. */
export function pythonJson(value: JsonValue, options: PythonJsonOptions = {}): string {
  return `${render(value, undefined, 0, options)}\n`;
}
