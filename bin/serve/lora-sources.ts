/**
 * @module bin/serve/lora-sources
 * The `--source_loras` grammar of OVMS: `alias=source[:alpha]` entries separated by commas, sources being a
 * Hugging Face repo (`org/repo[@file]`), a URL or a local `.safetensors` file, and composites `alias=@a:0.7+@b`.
 */
import { existsSync } from 'node:fs';
import { stof } from '../../calculators/request/field-readers.js';
import { usage } from './flag-parser.js';
import {
  NPU_LORAS_NEED_COMPOSITE, loraBadComponent, loraBadComponentAlpha, loraEmptyComponent, loraEmptyComposite,
  loraEmptyFileName, loraEmptyPart, loraEmptyRepo, loraInvalidAlias, loraInvalidAlpha, loraLocalMissing,
  loraLocalNotSafetensors, loraMissingAlias, loraUnknownComponent, loraUrlNotSafetensors, loraUrlWithoutFile,
} from './messages.js';

export type LoraSourceType = 'HF_REPO' | 'DIRECT_URL' | 'LOCAL_FILE';

export interface LoraSource {
  readonly alias: string;
  readonly sourceType: LoraSourceType;
  /** `org/repo` for HF_REPO, the URL, or the local path as given. */
  readonly source: string;
  /** The `.safetensors` file name, verbatim (OVMS does no URL encoding); undefined for an HF repo without `@file`. */
  readonly safetensorsFile?: string;
  readonly alpha?: number;
}

export interface CompositeLoraSource {
  readonly alias: string;
  readonly components: readonly { readonly adapterAlias: string; readonly alpha?: number }[];
}

export interface LoraSources {
  readonly adapters: readonly LoraSource[];
  readonly composites: readonly CompositeLoraSource[];
}

const ALIAS = /^[A-Za-z0-9._-]+$/;

/** std::getline-style split: "a,,b" has an empty middle token, a trailing separator adds none. */
function tokenize(text: string, separator: string): string[] {
  const tokens = text.split(separator);
  if (tokens.at(-1) === '') tokens.pop();
  return tokens;
}

function isLocalPath(source: string): boolean {
  return source.startsWith('/') || source.startsWith('./') || source.startsWith('.\\') || /^[A-Za-z]:[\\/]/.test(source);
}

/** Case-insensitive suffix test, as OVMS's endsWith. */
function endsWithIgnoringCase(text: string, suffix: string): boolean {
  return text.toLowerCase().endsWith(suffix.toLowerCase());
}

/**
 * Parses `--source_loras` (two passes, as OVMS: adapters first, then composites that may refer to any adapter).
 * `targetDevice` is the `--target_device` string: on NPU several adapters need a composite.
 */
export function parseLoraSources(text: string, targetDevice: string): LoraSources {
  const entries = tokenize(text, ',');
  const adapters: LoraSource[] = [];
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq < 0) throw usage(loraMissingAlias(entry));
    const alias = entry.slice(0, eq);
    let source = entry.slice(eq + 1);
    if (alias === '' || source === '') throw usage(loraEmptyPart(entry));
    if (!ALIAS.test(alias)) throw usage(loraInvalidAlias(alias, entry));
    if (source.startsWith('@')) continue;
    let alpha: number | undefined;
    // The last ':' starts an alpha, unless it is at index 0 or 1 (a Windows drive) or starts "//" (a URL scheme).
    const colon = source.lastIndexOf(':');
    if (colon > 1 && !source.slice(colon + 1).startsWith('//')) {
      const alphaText = source.slice(colon + 1);
      alpha = stof(alphaText);
      if (alpha === undefined) throw usage(loraInvalidAlpha(alphaText, entry));
      source = source.slice(0, colon);
    }
    adapters.push({ alias, alpha, ...sourceOf(source, entry) });
  }
  const known = new Set(adapters.map((adapter) => adapter.alias));
  const composites: CompositeLoraSource[] = [];
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const source = entry.slice(eq + 1);
    if (!source.startsWith('@')) continue;
    const components = tokenize(source, '+').map((component) => {
      if (!component.startsWith('@')) throw usage(loraBadComponent(component, entry));
      const reference = component.slice(1);
      const colon = reference.indexOf(':');
      const adapterAlias = colon < 0 ? reference : reference.slice(0, colon);
      const alpha = colon < 0 ? undefined : lenientStof(reference.slice(colon + 1), component);
      if (adapterAlias === '') throw usage(loraEmptyComponent(component));
      if (!known.has(adapterAlias)) throw usage(loraUnknownComponent(adapterAlias, entry));
      return { adapterAlias, alpha };
    });
    if (components.length === 0) throw usage(loraEmptyComposite(entry));
    composites.push({ alias: entry.slice(0, eq), components });
  }
  if (targetDevice.includes('NPU') && adapters.length > 1 && composites.length === 0) throw usage(NPU_LORAS_NEED_COMPOSITE);
  return { adapters, composites };
}

function sourceOf(source: string, entry: string): Omit<LoraSource, 'alias' | 'alpha'> {
  if (source.startsWith('https://') || source.startsWith('http://')) {
    const slash = source.lastIndexOf('/');
    if (slash < 0 || slash === source.length - 1) throw usage(loraUrlWithoutFile(entry));
    const file = source.slice(slash + 1);
    if (!endsWithIgnoringCase(file, '.safetensors')) throw usage(loraUrlNotSafetensors(entry));
    return { sourceType: 'DIRECT_URL', source, safetensorsFile: file };
  }
  if (isLocalPath(source)) {
    if (!endsWithIgnoringCase(source, '.safetensors')) throw usage(loraLocalNotSafetensors(entry));
    if (!existsSync(source)) throw usage(loraLocalMissing(source, entry));
    return { sourceType: 'LOCAL_FILE', source, safetensorsFile: source.slice(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1) };
  }
  const at = source.indexOf('@');
  const repo = at < 0 ? source : source.slice(0, at);
  const file = at < 0 ? undefined : source.slice(at + 1);
  if (file === '') throw usage(loraEmptyFileName(entry));
  if (repo === '') throw usage(loraEmptyRepo(entry));
  return { sourceType: 'HF_REPO', source: repo, safetensorsFile: file };
}

/** std::stof (not OVMS's strict wrapper): a valid prefix is enough, so "0.5abc" is 0.5. */
function lenientStof(text: string, component: string): number {
  const prefix = /^[ \t\n\v\f\r]*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text)?.[0];
  const value = prefix === undefined ? undefined : Math.fround(Number(prefix));
  if (value === undefined || !Number.isFinite(value)) throw usage(loraBadComponentAlpha(text, component));
  return value;
}
