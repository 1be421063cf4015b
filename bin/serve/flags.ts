/**
 * @module bin/serve/flags
 * The server's command line, OVMS-compatible: flags and environment (API_KEY, OVMS_MODEL_REPOSITORY_PATH,
 * OPENVINO_LIB_DIR) into one typed ServeConfig, with OVMS's modes, checks, order and messages. No server starts here.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import type { LoadOptions } from '../../calculators/openvino/index.js';
import { DEFAULT_MAX_BODY_BYTES } from '../../http/multipart.js';
import { openVinoLoadOptions } from '../openvino-options.js';
import { CONFIG_FILE_NAME, GRAPH_FILE_NAME, readConfigFile } from './config-file.js';
import { FlagValues, helpLines, parseFlags, usage, type FlagTable } from './flag-parser.js';
import {
  IMAGE_GENERATION_FLAGS, IMAGE_GENERATION_TASK, parseImageGenerationTask, type ImageGenerationTaskOptions,
} from './image-generation-task.js';
import {
  CANNOT_INFER_TASK, CONFIG_OR_MODEL_PATH, CONFIG_OR_MODEL_PATH_WITH_NAME, DUMP_GRAPH_NEEDS_TASK, GRPC_BIND_ADDRESS_FORMAT,
  LOG_LEVEL_VALUES, METRICS_LIST_NEEDS_ENABLE, METRICS_NEED_REST_PORT, MODEL_PARAMETERS_WITH_CONFIG,
  MODEL_REPOSITORY_REQUIRED, PORTS_UNSET, PORT_RANGE, REST_BIND_ADDRESS_FORMAT, REST_PORT_RANGE, REST_PORT_REQUIRED,
  REST_WORKERS_RANGE, REST_WORKERS_WITHOUT_PORT, SAME_PORTS, TASK_NEEDS_MODEL, apiKeyFileUnreadable, flagNotSupported,
  graphWithModelSettings, modelDirectoryMissing, noGraphInModelDirectory, taskNotServed, unmatchedArguments,
  unsupportedTaskValue,
} from './messages.js';
import type { ServableDescriptor } from './servable.js';

export const API_KEY_ENV = 'API_KEY';
export const MODEL_REPOSITORY_ENV = 'OVMS_MODEL_REPOSITORY_PATH';
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARNING', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const MAX_PORT = 65535;
const MAX_REST_WORKERS = 10000;

/** The server flags (OVMS's names); `help`, `version` and the unsupported ones are handled before the rest. */
export const SERVER_FLAGS: FlagTable = {
  help: { kind: 'bool', help: 'Show this help message and exit' },
  version: { kind: 'bool', help: 'Show the version' },
  rest_port: { kind: 'uint32', placeholder: 'REST_PORT', help: 'REST server port (required: there is no gRPC server)' },
  rest_bind_address: { kind: 'string', placeholder: 'REST_BIND_ADDRESS', help: 'Network interface for the REST API (default 0.0.0.0)' },
  rest_workers: { kind: 'uint32', placeholder: 'REST_WORKERS', help: 'Accepted for OVMS compatibility (2..10000)' },
  port: { kind: 'uint32', placeholder: 'PORT', help: 'gRPC port: accepted for OVMS compatibility, unused' },
  grpc_bind_address: { kind: 'string', placeholder: 'GRPC_BIND_ADDRESS', help: 'Accepted for OVMS compatibility, unused' },
  model_name: { kind: 'string', placeholder: 'MODEL_NAME', help: 'Name clients use in "model"' },
  model_path: { kind: 'string', placeholder: 'MODEL_PATH', help: 'Model directory: its graph.pbtxt, or a graph generated from --task' },
  model_repository_path: { kind: 'string', placeholder: 'MODEL_REPOSITORY_PATH', help: 'Folder holding <source_model> (default $OVMS_MODEL_REPOSITORY_PATH)' },
  source_model: { kind: 'string', placeholder: 'HF_SOURCE', help: 'Serve <model_repository_path>/<source_model> (never downloaded)' },
  source_loras: { kind: 'string', placeholder: 'SOURCE_LORAS', help: 'LoRA adapters: alias=org/repo[@file][:alpha],alias=/path.safetensors,combo=@a:0.7+@b' },
  config_path: { kind: 'string', placeholder: 'CONFIG_PATH', help: 'config.json with several servables' },
  task: { kind: 'string', placeholder: 'TASK', help: 'image_generation: generate the graph in memory from the task flags' },
  target_device: { kind: 'string', placeholder: 'TARGET_DEVICE', help: 'One device, or three (text encoder, denoiser, VAE)' },
  plugin_config: { kind: 'string', placeholder: 'PLUGIN_CONFIG', help: 'OpenVINO properties as JSON, e.g. {"NUM_STREAMS":"1"}' },
  cache_dir: { kind: 'string', placeholder: 'CACHE_DIR', help: 'OpenVINO model cache directory (CACHE_DIR)' },
  log_level: { kind: 'string', placeholder: 'LOG_LEVEL', help: 'TRACE, DEBUG, INFO, WARNING or ERROR (default INFO)' },
  log_path: { kind: 'string', placeholder: 'LOG_PATH', help: 'Log to this file' },
  api_key_file: { kind: 'string', placeholder: 'API_KEY', help: 'File whose first line is the API key (else $API_KEY)' },
  allowed_origins: { kind: 'string', placeholder: 'ALLOWED_ORIGINS', help: 'CORS origins, comma separated (default *)' },
  allowed_methods: { kind: 'string', placeholder: 'ALLOWED_METHODS', help: 'CORS methods, comma separated (default *)' },
  allowed_headers: { kind: 'string', placeholder: 'ALLOWED_HEADERS', help: 'CORS headers, comma separated (default *)' },
  allow_credentials: { kind: 'bool', help: 'CORS: allow credentials' },
  metrics_enable: { kind: 'bool', help: 'Serve Prometheus metrics on /metrics (needs --rest_port)' },
  metrics_list: { kind: 'string', placeholder: 'METRICS_LIST', help: 'Comma separated metric families' },
  ov_binding: { kind: 'string', placeholder: 'BINDING', help: 'OpenVINO binding: auto (default), c or node' },
  dump_graph: { kind: 'string', placeholder: 'FILE', help: 'Write the graph --task generates to FILE and exit (with --model_path or --source_model)' },
  max_body_bytes: { kind: 'uint32', placeholder: 'BYTES', help: 'Largest request body accepted, in bytes (default 1 GiB, as OVMS); larger ones get 413' },
  // OVMS flags accepted and ignored (gRPC, model reloading, LLM media).
  grpc_workers: { kind: 'uint32', placeholder: 'GRPC_WORKERS', help: 'Accepted for OVMS compatibility, unused' },
  grpc_max_threads: { kind: 'uint32', placeholder: 'GRPC_MAX_THREADS', help: 'Accepted for OVMS compatibility, unused' },
  grpc_memory_quota: { kind: 'string', placeholder: 'GRPC_MEMORY_QUOTA', help: 'Accepted for OVMS compatibility, unused' },
  grpc_channel_arguments: { kind: 'string', placeholder: 'GRPC_CHANNEL_ARGUMENTS', help: 'Accepted for OVMS compatibility, unused' },
  file_system_poll_wait_seconds: { kind: 'uint32', placeholder: 'SECONDS', help: 'Accepted for OVMS compatibility, unused' },
  custom_node_resources_cleaner_interval_seconds: { kind: 'uint32', placeholder: 'SECONDS', help: 'Accepted for OVMS compatibility, unused' },
  allowed_media_domains: { kind: 'string', placeholder: 'DOMAINS', help: 'Accepted for OVMS compatibility, unused' },
  allowed_local_media_path: { kind: 'string', placeholder: 'PATH', help: 'Accepted for OVMS compatibility, unused' },
  verbose_response: { kind: 'bool', help: 'Accepted for OVMS compatibility, unused' },
  // OVMS flags Pictograph refuses (see UNSUPPORTED_FLAGS).
  pull: { kind: 'bool', help: 'Not supported' },
  configure: { kind: 'bool', help: 'Not supported' },
  add_to_config: { kind: 'bool', help: 'Not supported' },
  remove_from_config: { kind: 'bool', help: 'Not supported' },
  list_models: { kind: 'bool', help: 'Not supported' },
  overwrite_models: { kind: 'bool', help: 'Not supported' },
  'weight-format': { kind: 'string', placeholder: 'WEIGHT_FORMAT', help: 'Not supported' },
  extra_quantization_params: { kind: 'string', placeholder: 'PARAMS', help: 'Not supported' },
  gguf_filename: { kind: 'string', placeholder: 'GGUF_FILENAME', help: 'Not supported' },
  cpu_extension: { kind: 'string', placeholder: 'CPU_EXTENSION', help: 'Not supported' },
  // Single-model settings OVMS refuses for graphs.
  batch_size: { kind: 'string', placeholder: 'BATCH_SIZE', help: 'Not used by graphs' },
  shape: { kind: 'string', placeholder: 'SHAPE', help: 'Not used by graphs' },
  layout: { kind: 'string', placeholder: 'LAYOUT', help: 'Not used by graphs' },
  mean: { kind: 'string', placeholder: 'MEAN', help: 'Not used by graphs' },
  scale: { kind: 'string', placeholder: 'SCALE', help: 'Not used by graphs' },
  color_format: { kind: 'string', placeholder: 'COLOR_FORMAT', help: 'Not used by graphs' },
  precision: { kind: 'string', placeholder: 'PRECISION', help: 'Not used by graphs' },
  model_version_policy: { kind: 'string', placeholder: 'MODEL_VERSION_POLICY', help: 'Not used by graphs' },
  nireq: { kind: 'uint32', placeholder: 'NIREQ', help: 'Not used by graphs' },
};

const NO_DOWNLOADS = 'Pictograph never downloads or converts models; put the OpenVINO model in a directory and serve that';
/** OVMS flags for features Pictograph does not have, and why. */
export const UNSUPPORTED_FLAGS: Readonly<Record<string, string>> = {
  pull: NO_DOWNLOADS,
  overwrite_models: NO_DOWNLOADS,
  'weight-format': NO_DOWNLOADS,
  extra_quantization_params: NO_DOWNLOADS,
  gguf_filename: 'it serves image generation only',
  configure: 'serve the model with --task image_generation instead (the graph is generated in memory; --dump_graph writes it)',
  add_to_config: 'edit config.json by hand',
  remove_from_config: 'edit config.json by hand',
  list_models: 'list the model repository directory instead',
  cpu_extension: 'custom OpenVINO CPU extensions are not loaded',
};

/** Single-model settings, in the order OVMS records them (prepareModel); graphs refuse them. */
const MODEL_SETTINGS = ['batch_size', 'shape', 'layout', 'mean', 'scale', 'color_format', 'precision', 'model_version_policy', 'nireq', 'target_device'];
/** Settings Config::validate refuses next to --config_path. */
const CONFIG_EXCLUSIVE_SETTINGS = ['batch_size', 'shape', 'nireq', 'model_version_policy', 'target_device', 'plugin_config'];
/** The tasks OVMS knows. */
const OVMS_TASKS = ['text_generation', 'embeddings', 'rerank', 'image_generation', 'text2speech', 'speech2text'];

export interface ServeConfig {
  readonly restPort: number;
  readonly restBindAddress: string;
  readonly restWorkers?: number;
  /** Request bodies above this many bytes are refused with 413 before being read whole. */
  readonly maxBodyBytes: number;
  readonly logLevel: LogLevel;
  readonly logPath?: string;
  /** `--cache_dir`: added to every servable's plugin config as CACHE_DIR unless it sets its own. */
  readonly cacheDir?: string;
  readonly metrics: { readonly enabled: boolean; readonly list: readonly string[] };
  /** The key clients must send as `Authorization: Bearer <key>`; undefined or "" turns authentication off. */
  readonly apiKey?: string;
  readonly cors: { readonly allowedOrigins: string; readonly allowedMethods: string; readonly allowedHeaders: string; readonly allowCredentials: boolean };
  readonly openVino: LoadOptions;
  /** The config.json read, in config mode. */
  readonly configPath?: string;
  readonly servables: readonly ServableDescriptor[];
}

export type ServeInvocation =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'version' }
  /** `--dump_graph FILE`: write the graph the task flags generate, and exit (nothing is served). */
  | { readonly kind: 'dump-graph'; readonly path: string; readonly task: ImageGenerationTaskOptions }
  | { readonly kind: 'serve'; readonly config: ServeConfig };

export interface ServeEnvironment {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/**
 * Parses the server's command line. Throws UsageError (exit 64 for flag errors, as OVMS's EX_USAGE; exit 1 for a
 * file that cannot be read) with OVMS's message where OVMS has one.
 */
export function parseServeFlags(argv: readonly string[], { env, cwd }: ServeEnvironment): ServeInvocation {
  const parsed = parseFlags(argv, SERVER_FLAGS, { h: 'help' });
  const flags = new FlagValues(parsed.values);
  for (const [flag, why] of Object.entries(UNSUPPORTED_FLAGS)) {
    if (flags.has(flag)) throw usage(flagNotSupported(flag, why));
  }
  const isInfo = flags.has('help') || flags.has('version');
  const repository = flags.string('model_repository_path') ?? env[MODEL_REPOSITORY_ENV] ?? '';
  const sourceModel = flags.string('source_model');
  const modelPath = flags.string('model_path');
  const modelDirectory = sourceModel !== undefined ? join(repository, sourceModel) : modelPath;

  // 1. The mode: a graph generated in memory from task flags, or graph files (OVMS's isInMemoryGraphMode / HF flow).
  //    As in OVMS, the task flags are parsed and checked now, before --help, --version and Config::validate.
  const hasTaskFlags = parsed.unmatched.length > 0;
  const generatesGraph = !isInfo && (sourceModel !== undefined || flags.has('task') || (modelPath !== undefined
    && isTaskModelDirectory(resolve(cwd, modelPath)) && (!hasGraph(resolve(cwd, modelPath)) || hasTaskFlags)));
  let task: ImageGenerationTaskOptions | undefined;
  if (generatesGraph) {
    if (sourceModel !== undefined && repository === '') throw usage(MODEL_REPOSITORY_REQUIRED);
    if (modelDirectory === undefined) throw usage(TASK_NEEDS_MODEL);
    const directory = resolve(cwd, modelDirectory);
    const taskName = flags.string('task') ?? inferTask(directory);
    if (taskName !== IMAGE_GENERATION_TASK) throw usage(OVMS_TASKS.includes(taskName) ? taskNotServed(taskName) : unsupportedTaskValue(taskName));
    task = parseImageGenerationTask(parsed.unmatched, {
      modelsPath: directory,
      targetDevice: flags.string('target_device'),
      pluginConfig: flags.string('plugin_config'),
      cacheDir: flags.string('cache_dir'),
      sourceLoras: flags.string('source_loras'),
    });
  } else if (parsed.unmatched.length > 0) {
    throw usage(unmatchedArguments(parsed.unmatched));
  }
  if (flags.has('version')) return { kind: 'version' };
  if (flags.has('help') || argv.length === 0) return { kind: 'help', text: helpText() };
  const dumpGraphPath = flags.string('dump_graph');
  if (dumpGraphPath !== undefined) {
    if (task === undefined) throw usage(DUMP_GRAPH_NEEDS_TASK);
    return { kind: 'dump-graph', path: resolve(cwd, dumpGraphPath), task };
  }

  // 2. Config::validate, in its order.
  if (sourceModel !== undefined && repository === '') throw usage(MODEL_REPOSITORY_REQUIRED);
  const configPath = flags.string('config_path');
  const modelName = flags.string('model_name') ?? sourceModel;
  if (configPath !== undefined && (modelName !== undefined || modelDirectory !== undefined)) throw usage(CONFIG_OR_MODEL_PATH);
  if (configPath === undefined && (modelName === undefined || modelDirectory === undefined)) throw usage(CONFIG_OR_MODEL_PATH_WITH_NAME);
  if (configPath !== undefined && CONFIG_EXCLUSIVE_SETTINGS.some((setting) => flags.has(setting))) throw usage(MODEL_PARAMETERS_WITH_CONFIG);
  const server = validatedServerSettings(flags);

  // 3. What to serve.
  const cacheDir = flags.string('cache_dir');
  let servables: readonly ServableDescriptor[];
  let metrics = { enabled: server.metricsEnabled, list: splitList(server.metricsList) };
  let readConfig: string | undefined;
  if (configPath !== undefined) {
    const fromFile = readConfigFile(configPath, cwd);
    servables = fromFile.servables;
    readConfig = fromFile.configPath;
    if (fromFile.metrics !== undefined) {
      metrics = { enabled: metrics.enabled || fromFile.metrics.enabled, list: metrics.list.length > 0 ? metrics.list : fromFile.metrics.list };
    }
  } else {
    const directory = resolve(cwd, modelDirectory as string);
    if (!existsSync(directory) || !statSync(directory).isDirectory()) throw usage(modelDirectoryMissing(directory));
    servables = [singleServable(modelName as string, directory, flags, task)];
  }
  return {
    kind: 'serve',
    config: {
      restPort: server.restPort,
      restBindAddress: server.restBindAddress,
      restWorkers: server.restWorkers,
      maxBodyBytes: flags.uint32('max_body_bytes') ?? DEFAULT_MAX_BODY_BYTES,
      logLevel: server.logLevel,
      logPath: flags.string('log_path'),
      cacheDir,
      metrics,
      apiKey: apiKey(flags.string('api_key_file') ?? '', env, cwd),
      cors: {
        allowedOrigins: flags.string('allowed_origins') ?? '*',
        allowedMethods: flags.string('allowed_methods') ?? '*',
        allowedHeaders: flags.string('allowed_headers') ?? '*',
        allowCredentials: flags.bool('allow_credentials'),
      },
      openVino: openVinoLoadOptions(flags.string('ov_binding'), env),
      configPath: readConfig,
      servables,
    },
  };
}

interface ServerSettings {
  readonly restPort: number;
  readonly restBindAddress: string;
  readonly restWorkers?: number;
  readonly logLevel: LogLevel;
  readonly metricsEnabled: boolean;
  readonly metricsList: string;
}

/** The rest of Config::validate (ports, workers, addresses, metrics, log level), then our REST-only rule. */
function validatedServerSettings(flags: FlagValues): ServerSettings {
  const restPort = flags.uint32('rest_port') ?? 0;
  const grpcPort = flags.uint32('port') ?? 0;
  const metricsEnabled = flags.bool('metrics_enable');
  const metricsList = flags.string('metrics_list') ?? '';
  if (metricsEnabled && restPort === 0) throw usage(METRICS_NEED_REST_PORT);
  if (!metricsEnabled && metricsList !== '') throw usage(METRICS_LIST_NEEDS_ENABLE);
  if (restPort === 0 && grpcPort === 0) throw usage(PORTS_UNSET);
  const restWorkers = flags.uint32('rest_workers');
  // OVMS raises a requested count below 2 to 2, so only the upper bound can fail.
  if (restWorkers !== undefined && restWorkers > MAX_REST_WORKERS) throw usage(REST_WORKERS_RANGE);
  if (restWorkers !== undefined && restPort === 0) throw usage(REST_WORKERS_WITHOUT_PORT);
  if (grpcPort > MAX_PORT) throw usage(PORT_RANGE);
  if (restPort > MAX_PORT) throw usage(REST_PORT_RANGE);
  const restBindAddress = flags.string('rest_bind_address') ?? '0.0.0.0';
  if (restBindAddress !== '' && !isHostnameOrIp(restBindAddress)) throw usage(REST_BIND_ADDRESS_FORMAT);
  const grpcBindAddress = flags.string('grpc_bind_address') ?? '0.0.0.0';
  if (grpcBindAddress !== '' && !isHostnameOrIp(grpcBindAddress)) throw usage(GRPC_BIND_ADDRESS_FORMAT);
  if (grpcPort === restPort && grpcPort !== 0) throw usage(SAME_PORTS);
  const logLevel = flags.string('log_level') ?? 'INFO';
  if (!isLogLevel(logLevel)) throw usage(LOG_LEVEL_VALUES);
  if (restPort === 0) throw usage(REST_PORT_REQUIRED);
  return { restPort, restBindAddress, restWorkers, logLevel, metricsEnabled, metricsList };
}

function singleServable(name: string, directory: string, flags: FlagValues, task: ImageGenerationTaskOptions | undefined): ServableDescriptor {
  if (task !== undefined) return { name, basePath: directory, graph: { kind: 'image-generation-task', task } };
  // A graph served as is takes no single-model settings (ModelManager::validateUserSettingsInSingleModelCliGraphStart).
  const refused = MODEL_SETTINGS.filter((setting) => flags.has(setting));
  if (refused.length > 0) throw usage(graphWithModelSettings(refused));
  for (const base of [directory, join(directory, '1')]) {
    const graph = join(base, GRAPH_FILE_NAME);
    if (existsSync(graph)) return { name, basePath: base, graph: { kind: 'file', path: graph } };
  }
  throw usage(noGraphInModelDirectory(directory));
}

function hasGraph(directory: string): boolean {
  return existsSync(join(directory, GRAPH_FILE_NAME));
}

const MODEL_INDEX_FILE = 'model_index.json';

/** OVMS looks for a task to infer when the model directory has a config.json or a model_index.json. */
function isTaskModelDirectory(directory: string): boolean {
  return existsSync(join(directory, CONFIG_FILE_NAME)) || existsSync(join(directory, MODEL_INDEX_FILE));
}

/**
 * OVMS's image_generation detector (src/default_task_detector.cpp): model_index.json's `_class_name` mentions
 * StableDiffusion or Flux, or config.json's `architectures` holds a diffusion component. Other tasks are not detected.
 */
function inferTask(directory: string): string {
  if (!existsSync(directory)) throw usage(modelDirectoryMissing(directory));
  const modelIndex = readJsonObject(join(directory, MODEL_INDEX_FILE));
  const className = modelIndex?.['_class_name'];
  if (typeof className === 'string' && (className.includes('StableDiffusion') || className.includes('Flux'))) return IMAGE_GENERATION_TASK;
  const architectures = readJsonObject(join(directory, CONFIG_FILE_NAME))?.['architectures'];
  if (Array.isArray(architectures) && architectures.some((a) => typeof a === 'string'
    && (['CLIPTextModel', 'UNet2DConditionModel', 'AutoencoderKL'].includes(a) || a.endsWith('Transformer2DModel')))) {
    return IMAGE_GENERATION_TASK;
  }
  throw usage(CANNOT_INFER_TASK);
}

function readJsonObject(path: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

function splitList(text: string): readonly string[] {
  return text === '' ? [] : text.split(',');
}

const IPV4 = /^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\.){3}([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])$/;
const HOSTNAME = /^(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])$/;

/** Config::check_hostname_or_ip: comma-separated parts; all hex digits, dots and colons → an IP, else a hostname. */
export function isHostnameOrIp(input: string): boolean {
  const parts = input.split(',');
  if (parts.length > 1) return parts.every(isHostnameOrIp);
  if (input.length > 255) return false;
  if (/^[0-9a-fA-F.:]*$/.test(input)) return IPV4.test(input) || isIP(input) === 6;
  return HOSTNAME.test(input);
}

/** The first line of the key file, trailing " \n\r\t" removed (a blank line stays as it is, as in OVMS); else $API_KEY. */
function apiKey(file: string, env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  if (file === '') return env[API_KEY_ENV];
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch {
    throw usage(apiKeyFileUnreadable(file));
  }
  const line = text.split('\n')[0] ?? '';
  const trimmed = line.replace(/[ \n\r\t]+$/, '');
  return trimmed === '' ? line : trimmed;
}

function helpText(): string {
  return [
    'Usage: pictograph serve --rest_port PORT (--model_name NAME --model_path DIR | --source_model ORG/NAME',
    '         --model_repository_path DIR | --config_path FILE) [--task image_generation [TASK OPTIONS]]',
    '',
    ...helpLines(Object.fromEntries(Object.entries(SERVER_FLAGS).filter(([, spec]) => !spec.help.startsWith('Not ')))),
    '',
    '--task image_generation options:',
    ...helpLines(IMAGE_GENERATION_FLAGS),
    '',
  ].join('\n');
}
