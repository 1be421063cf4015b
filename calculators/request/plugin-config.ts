/**
 * @module calculators/request/plugin-config
 * The `plugin_config` JSON string of the calculator options (and of `--plugin_config`) read as OVMS's
 * JsonParser::parsePluginConfig does: typed OpenVINO properties, NUM_STREAMS kept a string, deprecated keys renamed.
 */
import { JsonNumber, JsonParseError, isJsonObject, parseJson, type JsonObject, type JsonValue } from './json-value.js';
import { jsonInt64 } from './field-readers.js';

/** An OpenVINO property value: rapidjson Int64 becomes bigint, Double becomes number. */
export type PluginConfigScalar = string | boolean | bigint | number;
/** `DEVICE_PROPERTIES`: device name → its properties. */
export type DeviceProperties = Readonly<Record<string, Readonly<Record<string, PluginConfigScalar>>>>;
export type PluginConfigValue = PluginConfigScalar | DeviceProperties;
export type PluginConfig = Readonly<Record<string, PluginConfigValue>>;

export const DEVICE_PROPERTIES = 'DEVICE_PROPERTIES';
export const CACHE_DIR = 'CACHE_DIR';
export const NUM_STREAMS = 'NUM_STREAMS';

/**
 * Parses a plugin_config string; undefined means OVMS's PLUGIN_CONFIG_WRONG_FORMAT. "" is an empty config.
 * (Of duplicate keys the first is kept; OVMS's loop would let the last one win.)
 */
export function parsePluginConfig(text: string): PluginConfig | undefined {
  if (text === '') return {};
  let parsed: JsonValue;
  try {
    parsed = parseJson(text).value;
  } catch (error) {
    if (error instanceof JsonParseError) return undefined;
    throw error;
  }
  if (!isJsonObject(parsed)) return undefined;
  const config: Record<string, PluginConfigValue> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (key === DEVICE_PROPERTIES && isJsonObject(value)) {
      const devices = parseDeviceProperties(value);
      if (devices === undefined) return undefined;
      config[key] = devices;
      continue;
    }
    const scalar = propertyValue(key, value);
    if (scalar === undefined) return undefined;
    const renamed = renameDeprecated(key, scalar);
    config[renamed.key] = renamed.value;
  }
  return config;
}

function parseDeviceProperties(devices: JsonObject): DeviceProperties | undefined {
  const result: Record<string, Record<string, PluginConfigScalar>> = {};
  for (const [device, properties] of Object.entries(devices)) {
    if (!isJsonObject(properties)) return undefined;
    const parsed: Record<string, PluginConfigScalar> = {};
    for (const [key, value] of Object.entries(properties)) {
      const scalar = propertyValue(key, value);
      if (scalar === undefined) return undefined;
      parsed[key] = scalar;
    }
    result[device] = parsed;
  }
  return result;
}

/**
 * validType(): a string, bool, Int64 or Double (a uint64 above int64 is neither, so it is rejected). NUM_STREAMS
 * becomes a string whatever its JSON type, because OpenVINO plugins parse it from text.
 */
function propertyValue(key: string, value: JsonValue): PluginConfigScalar | undefined {
  let scalar: PluginConfigScalar;
  if (typeof value === 'string' || typeof value === 'boolean') {
    scalar = value;
  } else if (value instanceof JsonNumber) {
    const int64 = jsonInt64(value);
    if (int64 !== undefined) scalar = int64;
    else if (isRapidjsonUint64(value)) return undefined;
    else scalar = value.toNumber();
  } else {
    return undefined;
  }
  return key === NUM_STREAMS && typeof scalar !== 'string' ? cppToString(scalar) : scalar;
}

/** An integer literal above int64 but within uint64: rapidjson's Uint64 type, which is neither Int64 nor Double. */
function isRapidjsonUint64(value: JsonNumber): boolean {
  return value.isIntegerLiteral && BigInt(value.lexeme) >= 0n && BigInt(value.lexeme) < 2n ** 64n;
}

const THROUGHPUT_STREAMS_KEYS = new Set(['CPU_THROUGHPUT_STREAMS', 'GPU_THROUGHPUT_STREAMS']);

/** OVMS's renames of deprecated keys (it logs a warning for each). */
function renameDeprecated(key: string, value: PluginConfigScalar): { key: string; value: PluginConfigScalar } {
  if (THROUGHPUT_STREAMS_KEYS.has(key)) {
    if (value === `${key.slice(0, 3)}_THROUGHPUT_AUTO`) return { key: 'PERFORMANCE_HINT', value: 'THROUGHPUT' };
    if (typeof value === 'boolean') return { key, value };
    return { key: NUM_STREAMS, value: typeof value === 'string' ? value : cppToString(value) };
  }
  if (key === 'CPU_THREADS_NUM' && typeof value === 'string') return { key: 'INFERENCE_NUM_THREADS', value };
  return { key, value };
}

/** std::to_string: integers in decimal, doubles as printf("%f"), bools via OVMS's "true"/"false". */
function cppToString(value: Exclude<PluginConfigScalar, string>): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return value.toFixed(6);
}
