/**
 * @module engine/config/options
 * Options messages of nodes and stream handlers (tool/options_map.h): the proto2 extension in `options` wins, then
 * the matching `node_options` Any, else a default instance. Results are plain camelCase objects with proto defaults
 * filled in, deeply frozen; `hasField` tells which fields the graph actually wrote (C++ `has_x()`).
 */
import protobuf from 'protobufjs';
import type { AnyConfig, ExtensionOptions } from './graph-config.js';
import type { ProtoSchema } from './proto-schema.js';

/**
 * Names an options message (`mediapipe.FlowLimiterCalculatorOptions`) and the `.proto` file (relative to
 * `schemas/proto/`) that declares it; `T` is the decoded camelCase shape the calculator reads.
 */
export interface OptionsType<T extends object> {
  readonly typeName: string;
  readonly protoFile: string;
  /**
   * Decode as written instead: field names as in the .proto, only the fields the graph wrote (proto2 has_x()),
   * no defaults filled in — for code that applies defaults and checks presence itself, as OVMS's initialisers do.
   */
  readonly asWritten: boolean;
  /** Type-level only: never set. */
  readonly decoded?: T;
}

export function optionsType<T extends object>(typeName: string, protoFile: string, form: { readonly asWritten?: boolean } = {}): OptionsType<T> {
  return Object.freeze({ typeName, protoFile, asWritten: form.asWritten === true });
}

/** The fields the graph wrote, kept on each decoded object as a non-enumerable property (deep-equal ignores it). */
const PRESENT = Symbol('present fields');

/** Whether the graph wrote `field` (camelCase) in this decoded options object (C++ `has_field()`). */
export function hasField(options: object, field: string): boolean {
  return (options as { [PRESENT]?: ReadonlySet<string> })[PRESENT]?.has(field) ?? false;
}

export function snakeToCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** The type named by an Any's type_url (`type.googleapis.com/mediapipe.Foo` → `mediapipe.Foo`). */
export function anyTypeName(any: AnyConfig): string {
  return any.type_url.slice(any.type_url.lastIndexOf('/') + 1);
}

/** The options type an extension key (`.mediapipe.FooOptions.ext`) carries, or undefined. */
function extensionType(schema: ProtoSchema, key: string): protobuf.Type | undefined {
  const field = schema.root.lookup(key);
  return field instanceof protobuf.Field && field.resolvedType instanceof protobuf.Type ? field.resolvedType : undefined;
}

function scalar(field: protobuf.Field, value: unknown): unknown {
  if (field.resolvedType instanceof protobuf.Enum) {
    return typeof value === 'number' ? (field.resolvedType.valuesById[value] ?? value) : value;
  }
  if (value !== null && typeof value === 'object' && 'low' in value && 'high' in value) {
    const long = value as { low: number; high: number; unsigned?: boolean };
    return new protobuf.util.LongBits(long.low >>> 0, long.high >>> 0).toNumber(long.unsigned === true);
  }
  return value;
}

/** A protobufjs message as a frozen camelCase object with defaults, recording presence. */
function toPlain(type: protobuf.Type, message: protobuf.Message | Record<string, unknown>): object {
  const source = message as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const written = new Set<string>();
  for (const field of type.fieldsArray) {
    const name = snakeToCamel(field.name);
    const value = source[field.name];
    const isWritten = Object.prototype.hasOwnProperty.call(source, field.name) &&
      !(Array.isArray(value) && value.length === 0) && value !== null && value !== undefined;
    if (isWritten) written.add(name);
    const nested = field.resolvedType instanceof protobuf.Type ? field.resolvedType : undefined;
    if (field.repeated) {
      const items = Array.isArray(value) ? value : [];
      out[name] = Object.freeze(items.map((item: unknown) => (nested ? toPlain(nested, item as protobuf.Message) : scalar(field, item))));
    } else if (nested) {
      out[name] = isWritten ? toPlain(nested, value as protobuf.Message) : undefined;
    } else {
      // Absent scalars read the prototype default, which protobufjs sets from `[default = ...]` (proto2) or zero.
      out[name] = scalar(field, isWritten ? value : (field.typeDefault ?? field.defaultValue));
    }
  }
  Object.defineProperty(out, PRESENT, { value: written });
  return Object.freeze(out);
}

/** The decoded default instance of a type (nothing written). */
export function defaultOptions<T extends object>(schema: ProtoSchema, typeName: string): T {
  const type = requireType(schema, typeName);
  return toPlain(type, type.create({})) as T;
}

function requireType(schema: ProtoSchema, typeName: string): protobuf.Type {
  const type = schema.lookupType(typeName);
  if (type === undefined) throw new Error(`options type "${typeName}" is not loaded in the schema`);
  return type;
}

/** Where a node's (or handler's) options live: the proto2 extensions and the proto3 Anys. */
export interface OptionsSource {
  readonly options?: ExtensionOptions;
  readonly node_options?: readonly AnyConfig[];
}

/**
 * Decodes the options of `typeName` from a node or handler config with MediaPipe's precedence: the extension in
 * `options`, else the first `node_options` Any of that type, else the default instance.
 */
export function decodeOptions<T extends object>(schema: ProtoSchema, source: OptionsSource, typeName: string,
  form: { readonly asWritten?: boolean } = {}): T {
  const type = requireType(schema, typeName);
  const convert = form.asWritten === true ? asWritten : toPlain;
  for (const [key, value] of Object.entries(source.options ?? {})) {
    const extension = extensionType(schema, key);
    if (extension === type && value !== undefined && value !== null) {
      return convert(type, type.fromObject(value as Record<string, unknown>)) as T;
    }
  }
  const any = source.node_options?.find((candidate) => anyTypeName(candidate) === typeName);
  if (any !== undefined) return convert(type, type.decode(any.value)) as T;
  return convert(type, type.create({})) as T;
}

function deepFreeze<V>(value: V): V {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/** The written fields only, proto field names, enums as names, 64-bit integers as numbers; deeply frozen. */
function asWritten(type: protobuf.Type, message: protobuf.Message): object {
  return deepFreeze(type.toObject(message, { longs: Number, enums: String, defaults: false, arrays: false }));
}

/** The options type names a node sets, with the ones written more than once among its node_options. */
export function optionsTypeNames(schema: ProtoSchema, source: OptionsSource): { names: string[]; duplicates: string[] } {
  const names: string[] = [];
  const duplicates: string[] = [];
  for (const any of source.node_options ?? []) {
    const name = anyTypeName(any);
    if (names.includes(name)) duplicates.push(name);
    else names.push(name);
  }
  for (const key of Object.keys(source.options ?? {})) {
    const fullName = extensionType(schema, key)?.fullName.slice(1);
    if (fullName !== undefined && !names.includes(fullName)) names.push(fullName);
  }
  return { names, duplicates };
}
