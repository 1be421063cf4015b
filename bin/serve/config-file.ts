/**
 * @module bin/serve/config-file
 * `--config_path`: OVMS's config.json read into servable descriptors. The file is checked against its ajv schema;
 * paths resolve as OVMS resolves them (relative to the file's directory, then to each servable's base path), and a
 * `model_config_list` entry is a graph when `graph.pbtxt` (or `1/graph.pbtxt`) is in its base path.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { CONFIG_JSON_SCHEMA, type ConfigJson, type ServableEntry } from '../../schemas/ovms/config-json.js';
import { UsageError } from '../command.js';
import {
  EXIT_FAILURE, configDuplicateName, configInvalid, configListNotServed, configNotJson, configRemotePath,
  configServableWithoutGraph, configUnreadable,
} from './messages.js';
import type { ServableDescriptor } from './servable.js';

export const CONFIG_FILE_NAME = 'config.json';
export const GRAPH_FILE_NAME = 'graph.pbtxt';

export interface ConfigFileServables {
  /** The config file actually read (a directory given to --config_path means its config.json). */
  readonly configPath: string;
  readonly servables: readonly ServableDescriptor[];
  /** The file's `monitoring.metrics` section, if any. */
  readonly metrics?: { readonly enabled: boolean; readonly list: readonly string[] };
}

function failure(message: string): UsageError {
  return new UsageError(message, EXIT_FAILURE);
}

/** Reads and validates a config file (relative paths against `cwd`). */
export function readConfigFile(configPathFlag: string, cwd: string): ConfigFileServables {
  let configPath = resolve(cwd, configPathFlag);
  if (existsSync(configPath) && statSync(configPath).isDirectory()) configPath = join(configPath, CONFIG_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch (error) {
    throw failure(configUnreadable(configPath, error instanceof Error ? error.message : String(error)));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw failure(configNotJson(configPath, error instanceof Error ? error.message : String(error)));
  }
  const validate = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true }).compile<ConfigJson>(CONFIG_JSON_SCHEMA);
  if (!validate(parsed)) {
    const [first] = validate.errors ?? [];
    throw failure(configInvalid(configPath, first?.instancePath || '/', first?.message ?? 'is invalid'));
  }
  for (const list of ['pipeline_config_list', 'custom_loader_config_list', 'custom_node_library_config_list'] as const) {
    if ((parsed[list]?.length ?? 0) > 0) throw failure(configListNotServed(configPath, list));
  }
  const root = `${dirname(configPath)}/`;
  const servables: ServableDescriptor[] = [];
  const add = (entry: ServableEntry, allowModelMeshLayout: boolean): void => {
    const servable = graphServable(configPath, root, entry, allowModelMeshLayout);
    if (servables.some((known) => known.name === servable.name)) throw failure(configDuplicateName(configPath, servable.name));
    servables.push(servable);
  };
  for (const { config } of parsed.model_config_list) add(config, true);
  for (const entry of parsed.mediapipe_config_list ?? []) add(entry, false);
  const metrics = parsed.monitoring?.metrics;
  return metrics === undefined
    ? { configPath, servables }
    : { configPath, servables, metrics: { enabled: metrics.enable, list: metrics.metrics_list ?? [] } };
}

/** OVMS's FileSystem::setPath: "" is the root itself, an absolute path stays, a relative one is appended to the root. */
function setPath(given: string, root: string): string {
  if (given === '') return root;
  return isAbsolute(given) ? given : `${root}${given}`;
}

/**
 * MediapipeGraphConfig::parseNode and CheckStartFromGraph: base_path defaults to `<config dir>/<name>/` and always
 * ends in "/"; graph_path defaults to graph.pbtxt in it; a model_config_list entry may also keep it in `1/`.
 */
function graphServable(configPath: string, root: string, entry: ServableEntry, allowModelMeshLayout: boolean): ServableDescriptor {
  const given = entry.base_path ?? '';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(given)) throw failure(configRemotePath(configPath, entry.name, given));
  const basePath = setPath(given === '' ? `${entry.name}/` : given.endsWith('/') ? given : `${given}/`, root);
  const graphPath = setPath(entry.graph_path ?? GRAPH_FILE_NAME, basePath);
  if (existsSync(graphPath)) return { name: entry.name, basePath, graph: { kind: 'file', path: graphPath } };
  const modelMeshBase = `${basePath}1/`;
  if (allowModelMeshLayout && existsSync(`${modelMeshBase}${GRAPH_FILE_NAME}`)) {
    return { name: entry.name, basePath: modelMeshBase, graph: { kind: 'file', path: `${modelMeshBase}${GRAPH_FILE_NAME}` } };
  }
  throw failure(configServableWithoutGraph(configPath, entry.name, graphPath));
}
