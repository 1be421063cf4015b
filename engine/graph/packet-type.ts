/**
 * @module engine/graph/packet-type
 * Packet types: a named key (checked between connected ports at validation) and an optional runtime guard
 * (checked on every packet a port sends or receives), MediaPipe's PacketType in TypeScript terms.
 */

export interface PacketType<T> {
  /** The name compared at validation; `*` accepts anything. */
  readonly key: string;
  /** Runtime check of a value sent on a port of this type; absent means "trust the type". */
  readonly guard?: (value: unknown) => boolean;
  /** Type-level only: never set. */
  readonly value?: T;
}

/** Declares a packet type: `const IMAGE = packetType<RgbImage>('RgbImage', isRgbImage)`. */
export function packetType<T>(key: string, guard?: (value: unknown) => boolean): PacketType<T> {
  if (key === '' || key === ANY_KEY) throw new Error(`packet type key "${key}" is reserved`);
  return Object.freeze(guard === undefined ? { key } : { key, guard });
}

const ANY_KEY = '*';

/** A port that takes or gives any packet (MediaPipe's SetAny). */
export function anyType<T = unknown>(): PacketType<T> {
  return ANY as PacketType<T>;
}

const ANY: PacketType<unknown> = Object.freeze({ key: ANY_KEY });

export function isAnyType(type: PacketType<unknown>): boolean {
  return type.key === ANY_KEY;
}

/** Whether a producer's type may feed a consumer's: equal keys, or either side is `any`. */
export function typesCompatible(produced: PacketType<unknown>, consumed: PacketType<unknown>): boolean {
  return isAnyType(produced) || isAnyType(consumed) || produced.key === consumed.key;
}

export const STRING = packetType<string>('string', (value) => typeof value === 'string');
export const NUMBER = packetType<number>('number', (value) => typeof value === 'number');
export const BOOLEAN = packetType<boolean>('boolean', (value) => typeof value === 'boolean');
