/**
 * @module engine
 * The graph engine's public surface: schema and parsing, the calculator API, registries, validation, the runtime,
 * serving helpers and tools. Nothing here knows about images, OpenVINO or HTTP.
 */
export * from './status.js';
export { ProtoSchema, PROTO_DIR, FRAMEWORK_PROTO_FILES, GRAPH_CONFIG_TYPE } from './config/proto-schema.js';
export { parseGraphText, nodeLines, fieldLines, type ParsedGraph } from './config/pbtxt.js';
export { readDirectives, directiveLine, graphQueueSize, GRAPH_QUEUE_DIRECTIVE, type GraphQueueSize } from './config/directives.js';
export {
  canonicalNodeNames, DEFAULT_INPUT_STREAM_HANDLER, type GraphConfig, type NodeConfig, type AnyConfig,
  type InputStreamHandlerConfig, type InputStreamInfoConfig, type ExecutorConfig, type ProfilerConfig,
} from './config/graph-config.js';
export {
  TagMap, TagMapError, parseTagIndexName, parseTagIndex, formatTagIndex, type TagIndexName, type TagIndex,
} from './config/tag-map.js';
export { optionsType, decodeOptions, defaultOptions, hasField, type OptionsType } from './config/options.js';
export { packetType, anyType, isAnyType, typesCompatible, STRING, NUMBER, BOOLEAN, type PacketType } from './graph/packet-type.js';
export {
  defineContract, input, inputs, output, outputs, sideInput, sideOutput, Port, STOP,
  type Calculator, type CalculatorClass, type CalculatorContext, type ContextOf, type Contract, type ContractSpec,
  type ContractNode, type OutputPort, type SideOutputPort, type ProcessResult, type OptionsOf, type PortKind,
} from './graph/contract.js';
export {
  CalculatorRegistry, SubgraphRegistry, createEnvironment, closestName,
  type GraphEnvironment, type SubgraphFactory, type SubgraphDefinition,
} from './graph/registry.js';
export { expandSubgraphs, subgraphPrefix } from './graph/subgraphs.js';
export { validateGraph, type ValidateOptions } from './graph/validate.js';
export { VALIDATION } from './graph/validation-messages.js';
export { loadGraphFile, loadGraphText, type LoadOptions } from './graph/load.js';
export type { ValidatedGraph, ValidatedNode, StreamInfo, HandlerSpec } from './graph/validated-graph.js';
export { Timestamp } from './runtime/timestamp.js';
export { Packet } from './runtime/packet.js';
export type { StreamObserver } from './runtime/output-stream.js';
export {
  CalculatorGraph, type StartOptions, type RunTracer, type NodeRuntimeInfo, type InputRuntimeInfo,
} from './runtime/calculator-graph.js';
export { ChromeTraceRecorder, type TraceEvent } from './tools/trace.js';
export { graphToDot } from './tools/dot.js';
export { GraphPool, resolvePoolSize, type GraphPoolOptions, type PoolRequest, type PoolResult } from './serving/graph-pool.js';
export { fromGraphOutput, fromPoolRequest, type StreamPacket } from './serving/rx.js';
