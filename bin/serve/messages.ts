/**
 * @module bin/serve/messages
 * The catalogue of server command-line messages: OVMS's wording where OVMS has one (src/cli_parser.cpp,
 * src/config.cpp, src/graph_export/image_generation_graph_cli_parser.cpp), ours where Pictograph differs.
 */

/** OVMS exits with EX_USAGE (64 on Linux) for command-line errors. */
export const EXIT_USAGE = 64;
/** Start-up failures that are not about the flags (an unreadable file, a missing model). */
export const EXIT_FAILURE = 1;

// cxxopts, as OVMS prints its exceptions ("error parsing options: " + what()).
export const argumentNotParsed = (value: string): string => `error parsing options: Argument ‘${value}’ failed to parse`;
export const optionMissingArgument = (flag: string): string => `error parsing options: Option ‘${flag}’ is missing an argument`;
export const unmatchedArguments = (args: readonly string[]): string =>
  `error parsing options - unmatched arguments: ${args.map((arg) => `${arg}, `).join('')}`;
export const taskUnmatchedArguments = (task: string, args: readonly string[]): string =>
  `task: ${task} - error parsing options - unmatched arguments : ${args.map((arg) => `${arg}, `).join('')}`;
export const CANNOT_INFER_TASK = 'error parsing options - Could not infer model task - specify --task value explicitly';
export const unsupportedTaskValue = (task: string): string => `error parsing options - --task parameter unsupported value: ${task}`;
/** Ours: tasks OVMS serves that Pictograph does not. */
export const taskNotServed = (task: string): string =>
  `error parsing options - --task ${task} is not supported by Pictograph, which serves image_generation only`;
/** Ours: OVMS flags for features Pictograph does not have. */
export const flagNotSupported = (flag: string, why: string): string => `--${flag} is not supported by Pictograph: ${why}`;

// image_generation task flags.
export const INVALID_MAX_RESOLUTION = 'Invalid max_resolution format. Expected WxH, e.g., 1024x1024';
export const INVALID_DEFAULT_RESOLUTION = 'Invalid default_resolution format. Expected WxH, e.g., 1024x1024';
export const mustBePositive = (flag: string): string => `${flag} must be greater than 0`;

// --source_loras.
export const loraMissingAlias = (entry: string): string =>
  `Missing alias in --source_loras entry: '${entry}'. Expected format: alias=source`;
export const loraEmptyPart = (entry: string): string =>
  `Invalid --source_loras entry: '${entry}'. Alias and source must not be empty.`;
export const loraInvalidAlias = (alias: string, entry: string): string =>
  `Invalid LoRA alias '${alias}' in --source_loras entry: '${entry}'. Alias must contain only alphanumeric characters, hyphens, underscores, or dots.`;
export const loraInvalidAlpha = (alpha: string, entry: string): string => `Invalid alpha value '${alpha}' in --source_loras entry: '${entry}'`;
export const loraUrlWithoutFile = (entry: string): string => `Cannot extract filename from URL in --source_loras entry: '${entry}'`;
export const loraUrlNotSafetensors = (entry: string): string => `URL must point to a .safetensors file in --source_loras entry: '${entry}'`;
export const loraLocalNotSafetensors = (entry: string): string =>
  `Local path must point to a .safetensors file in --source_loras entry: '${entry}'`;
export const loraLocalMissing = (source: string, entry: string): string =>
  `Local LoRA file does not exist: '${source}' in --source_loras entry: '${entry}'`;
export const loraEmptyFileName = (entry: string): string => `Empty filename after @ in --source_loras entry: '${entry}'`;
export const loraEmptyRepo = (entry: string): string =>
  `Invalid --source_loras entry: '${entry}'. HF repo source must not be empty.`;
export const loraBadComponent = (component: string, entry: string): string =>
  `Invalid composite LoRA component '${component}' in entry: '${entry}'. Each component must start with @`;
export const loraBadComponentAlpha = (alpha: string, component: string): string =>
  `Invalid alpha '${alpha}' in composite LoRA component: '${component}'`;
export const loraEmptyComponent = (component: string): string => `Empty adapter reference in composite LoRA component: '${component}'`;
export const loraUnknownComponent = (adapter: string, entry: string): string =>
  `Composite LoRA references unknown adapter '${adapter}' in entry: '${entry}'`;
export const loraEmptyComposite = (entry: string): string => `Composite LoRA entry has no components: '${entry}'`;
export const NPU_LORAS_NEED_COMPOSITE =
  'NPU device with multiple LoRA adapters requires composite definitions to specify blend ratios. All adapters are ' +
  'loaded with STATIC mode and runtime switching is unavailable. Add composite entries to --source_loras or use a single adapter.';

// Config::validate.
export const MODEL_REPOSITORY_REQUIRED = 'model_repository_path parameter is required for pull mode';
export const CONFIG_OR_MODEL_PATH = 'Use either config_path or model_path with model_name';
export const CONFIG_OR_MODEL_PATH_WITH_NAME = 'Use config_path or model_path with model_name';
export const MODEL_PARAMETERS_WITH_CONFIG = 'Model parameters in CLI are exclusive with the config file';
export const METRICS_NEED_REST_PORT = 'rest_port setting is missing, metrics are enabled on rest port';
export const METRICS_LIST_NEEDS_ENABLE = 'metrics_enable setting is missing, required when metrics_list is provided';
export const PORTS_UNSET = 'port and rest_port cannot both be unset';
export const REST_WORKERS_RANGE = 'rest_workers count should be from 2 to 10000';
export const REST_WORKERS_WITHOUT_PORT = 'rest_workers is set but rest_port is not set. rest_port is required to start rest servers';
export const PORT_RANGE = 'port number out of range from 0 to 65535';
export const REST_PORT_RANGE = 'rest_port number out of range from 0 to 65535';
export const REST_BIND_ADDRESS_FORMAT = 'rest_bind_address has invalid format: proper hostname or IP address expected.';
export const GRPC_BIND_ADDRESS_FORMAT = 'grpc_bind_address has invalid format: proper hostname or IP address expected.';
export const SAME_PORTS = 'port and rest_port cannot have the same values';
export const LOG_LEVEL_VALUES = 'log_level should be one of: TRACE, DEBUG, INFO, WARNING, ERROR';
/** Ours: there is no gRPC server. */
export const REST_PORT_REQUIRED = 'rest_port must be set: Pictograph serves the REST API only (--port, gRPC, is accepted but unused)';
/** ModelManager::validateUserSettingsInSingleModelCliGraphStart. */
export const graphWithModelSettings = (settings: readonly string[]): string =>
  `Starting mediapipe graph with unsupported model settings: ${settings.map((s) => `${s}, `).join('')}The settings should be set in subconfig.json file.`;
export const apiKeyFileUnreadable = (path: string): string => `Error reading API key file: Unable to open file ${path}`;

// Servables (ours: Pictograph serves graphs only, and never downloads).
export const modelDirectoryMissing = (path: string): string => `the model directory ${path} does not exist`;
export const noGraphInModelDirectory = (path: string): string =>
  `no graph.pbtxt in ${path}, and it is not a model the image_generation task can serve (no model_index.json or config.json); ` +
  'pass --task image_generation to serve a model with a generated graph';
/** Ours: a generated graph needs a model directory. */
export const TASK_NEEDS_MODEL = '--task needs the model: --model_path DIR (with --model_name) or --source_model with --model_repository_path';
export const DUMP_GRAPH_NEEDS_TASK = '--dump_graph writes a generated graph: use it with --task image_generation and --model_path DIR (or --source_model)';

// config.json (ours: OVMS logs these problems; Pictograph refuses to start and says which file and entry).
export const configUnreadable = (path: string, reason: string): string => `cannot read the config file ${path}: ${reason}`;
export const configNotJson = (path: string, reason: string): string => `the config file ${path} is not valid JSON: ${reason}`;
export const configInvalid = (path: string, where: string, problem: string): string =>
  `the config file ${path} is not in valid configuration format: ${where} ${problem}`;
export const configListNotServed = (path: string, list: string): string =>
  `the config file ${path} has a ${list}, which Pictograph does not serve (MediaPipe graphs only)`;
export const configServableWithoutGraph = (path: string, name: string, graphPath: string): string =>
  `the config file ${path} names servable '${name}', but there is no graph at ${graphPath} (Pictograph serves MediaPipe graphs only)`;
export const configRemotePath = (path: string, name: string, location: string): string =>
  `the config file ${path} places servable '${name}' at ${location}; Pictograph reads local directories only`;
export const configDuplicateName = (path: string, name: string): string =>
  `the config file ${path} names servable '${name}' twice`;
