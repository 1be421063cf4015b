/**
 * @module calculators/request/lora-alphas
 * Per-request LoRA alpha overrides (`lora_alphas`) and the routing rules OVMS applies to them: parsing (a JSON object,
 * or a JSON string in multipart), whether overrides are allowed at all, and which keys a target model may override.
 */
import type { CompositeComponentArgs, ImageGenPipelineArgs } from './image-gen-options.js';
import { jsonAnyNumber } from './field-readers.js';
import { JsonParseError, isJsonObject, parseJson, type JsonValue } from './json-value.js';
import {
  LORA_ALPHAS_NOT_AN_OBJECT, LORA_ALPHAS_NOT_JSON, LORA_ALPHAS_WITHOUT_DYNAMIC_ADAPTERS, loraAlphaNotANumber,
  loraAlphaNotForAdapter, loraAlphaNotInComposite, staticLoraNeedsAlias, staticLoraNeedsComposite,
} from './request-messages.js';

/** Alpha overrides by adapter alias, in the order sent (OVMS keeps an unordered_map; we report in request order). */
export type LoraAlphas = ReadonlyMap<string, number>;

/** The part of a servable's LoRA setup that request validation needs (what OVMS's pipelines object holds). */
export interface LoraRouting {
  /** Switchable (DYNAMIC or STATIC) adapters by alias; FUSE adapters are merged into the weights and not listed. */
  readonly adapterAliases: readonly string[];
  readonly composites: ReadonlyMap<string, readonly CompositeComponentArgs[]>;
  /** npuLoraStaticMode: adapters compiled in with fixed alphas (device token NPU, or any STATIC adapter). */
  readonly isStaticMode: boolean;
}

/** The routing view of pipeline args, as OVMS's pipeline construction derives it. */
export function loraRoutingOf(args: ImageGenPipelineArgs): LoraRouting {
  const adapterAliases = [...new Set(args.loraAdapters.filter((a) => a.mode !== 'FUSE').map((a) => a.alias))];
  const isStaticMode = adapterAliases.length > 0
    && (args.devices.includes('NPU') || args.loraAdapters.some((adapter) => adapter.mode === 'STATIC'));
  return { adapterAliases, composites: args.compositeLoraAdapters, isStaticMode };
}

/** OVMS's hasDynamicAdapters: switchable adapters exist and are not compiled in statically. */
export function hasDynamicAdapters(routing: LoraRouting): boolean {
  return routing.adapterAliases.length > 0 && !routing.isStaticMode;
}

/** The overrides, or the OVMS message saying why they are malformed. */
export type LoraAlphasResult = LoraAlphas | { readonly error: string };

/** parseLoraAlphasOverride(JSON): absent → none; must be an object of numbers (ints or floats). */
export function loraAlphasFromJson(value: JsonValue | undefined): LoraAlphasResult {
  if (value === undefined) return new Map();
  if (!isJsonObject(value)) return { error: LORA_ALPHAS_NOT_AN_OBJECT };
  const alphas = new Map<string, number>();
  for (const [key, member] of Object.entries(value)) {
    const alpha = jsonAnyNumber(member);
    if (alpha === undefined) return { error: loraAlphaNotANumber(key) };
    alphas.set(key, alpha);
  }
  return alphas;
}

/** parseLoraAlphasOverride(multipart): a JSON string; "" → none. */
export function loraAlphasFromText(text: string): LoraAlphasResult {
  if (text === '') return new Map();
  let parsed: JsonValue;
  try {
    // OVMS parses this with no depth limit; a value nested deeper than 100 is reported as invalid JSON here.
    parsed = parseJson(text).value;
  } catch (error) {
    if (error instanceof JsonParseError) return { error: LORA_ALPHAS_NOT_JSON };
    throw error;
  }
  return loraAlphasFromJson(parsed);
}

export function isLoraAlphasError(result: LoraAlphasResult): result is { readonly error: string } {
  return 'error' in result;
}

/** validateLoraAlphasAllowed: overrides need dynamic adapters (this applies when no LoRA is configured at all). */
export function loraAlphasNotAllowed(routing: LoraRouting, hasOverrides: boolean): string | undefined {
  return hasOverrides && !hasDynamicAdapters(routing) ? LORA_ALPHAS_WITHOUT_DYNAMIC_ADAPTERS : undefined;
}

/**
 * validateAndApplyLora's checks for the requested `model`: a composite alias may override its components only, an
 * adapter alias only itself, the base model anything (without effect); in static mode only aliases are routable.
 */
export function loraTargetViolation(model: string, routing: LoraRouting, alphas: LoraAlphas): string | undefined {
  if (alphas.size > 0 && routing.adapterAliases.length > 0) {
    const composite = routing.composites.get(model);
    if (composite !== undefined) {
      const stranger = [...alphas.keys()].find((key) => !composite.some((c) => c.adapterAlias === key));
      if (stranger !== undefined) return loraAlphaNotInComposite(stranger, model);
    } else if (routing.adapterAliases.includes(model) && (!alphas.has(model) || alphas.size > 1)) {
      const stranger = [...alphas.keys()].find((key) => key !== model) as string;
      return loraAlphaNotForAdapter(stranger, model);
    }
  }
  if (routing.isStaticMode && routing.adapterAliases.length > 0) {
    if (routing.composites.size > 0) {
      if (!routing.composites.has(model)) return staticLoraNeedsComposite(model);
    } else if (!routing.adapterAliases.includes(model)) {
      return staticLoraNeedsAlias(model);
    }
  }
  return undefined;
}
