/**
 * @module bin/serve/ovms-graph-template
 * The graph OVMS generates for `--task image_generation` (createImageGenerationGraphTemplate and createPluginString
 * in src/graph_export/graph_export.cpp): one ImageGenCalculator node whose options come from the task flags, written
 * only when set, in OVMS's order and layout. Pictograph serves (and `--dump_graph` writes) the calculator pipeline
 * with those same options.
 */
import { JsonParseError, isJsonObject, parseJson, writeJson, type JsonObject } from '../../calculators/request/json-value.js';
import { CACHE_DIR, NUM_STREAMS } from '../../calculators/request/plugin-config.js';
import { parseGraphText, type GraphEnvironment } from '../../engine/index.js';
import { imageGenerationGraphText, imageGenOptionsOf } from '../../graphs/image-generation-graph.js';
import { usage } from './flag-parser.js';
import type { ImageGenerationTaskOptions, TaskPluginConfig } from './image-generation-task.js';
import type { LoraSource } from './lora-sources.js';

/** OVMS's StatusCode texts for the generator's failures. */
export const PLUGIN_CONFIG_WRONG_FORMAT = 'Plugin config is in wrong format';
export const doubledParameter = (key: string): string =>
  `Tried to set the same key twice in plugin config - Doubled ${key} parameter in plugin config.`;
export const loraFileNotResolved = (alias: string): string =>
  `LoRA adapter '${alias}': safetensors filename not resolved. For HF repos, use @filename syntax ` +
  '(e.g. org/repo@weights.safetensors); Pictograph never downloads, so the file must be in the model directory under loras/';

/**
 * createPluginString: the manual `--plugin_config` members (re-serialised), then NUM_STREAMS as a string, then
 * CACHE_DIR; undefined when nothing is set. A key set both ways is refused (NUM_STREAMS 1 is tolerated, as OVMS
 * does for its CLI default). Throws a usage error.
 */
export function pluginConfigString(config: TaskPluginConfig): string | undefined {
  let members: JsonObject = {};
  let isSet = false;
  if (config.manual !== undefined && config.manual !== '') {
    isSet = true;
    let parsed;
    try {
      parsed = parseJson(config.manual).value;
    } catch (error) {
      if (error instanceof JsonParseError) throw usage(PLUGIN_CONFIG_WRONG_FORMAT);
      throw error;
    }
    if (!isJsonObject(parsed)) throw usage(PLUGIN_CONFIG_WRONG_FORMAT);
    members = parsed;
  }
  if (config.numStreams !== undefined) {
    if (NUM_STREAMS in members) {
      if (config.numStreams !== 1) throw usage(doubledParameter(NUM_STREAMS));
    } else {
      members = { ...members, [NUM_STREAMS]: String(config.numStreams) };
      isSet = true;
    }
  }
  if (config.cacheDir !== undefined) {
    if (CACHE_DIR in members) throw usage(doubledParameter(CACHE_DIR));
    members = { ...members, [CACHE_DIR]: config.cacheDir };
    isSet = true;
  }
  return isSet ? writeJson(members) : undefined;
}

/** A float as C++'s default ostream prints it (`%g`, 6 significant digits): 8.2f → "8.2", 1e-07 → "1e-07". */
export function cppStreamFloat(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const exponent = Math.floor(Math.log10(Math.abs(Number(value.toPrecision(6)))));
  if (exponent < -4 || exponent >= 6) {
    const [mantissa = '', power = '0'] = value.toExponential(5).split('e');
    const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
    const sign = power.startsWith('-') ? '-' : '+';
    return `${trimmed}e${sign}${power.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  const fixed = value.toFixed(Math.max(0, 5 - exponent));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** The adapter's path in the graph: a local file as given; otherwise where OVMS's --pull puts it under the model. */
function loraPath(adapter: LoraSource): string {
  if (adapter.sourceType === 'LOCAL_FILE') return adapter.source;
  if (adapter.safetensorsFile === undefined) throw usage(loraFileNotResolved(adapter.alias));
  return adapter.sourceType === 'HF_REPO' ? `loras/${adapter.source}/${adapter.safetensorsFile}` : `loras/${adapter.alias}/${adapter.safetensorsFile}`;
}

/** The graph text, byte for byte as OVMS writes it except for the first line, which names Pictograph. */
export function ovmsGraphTemplate(task: ImageGenerationTaskOptions, version: string): string {
  const pluginConfig = pluginConfigString(task.pluginConfig);
  const option = (text: string): string => `\n          ${text}`;
  let options = option(`models_path: "${task.modelsPath}"`);
  if (task.targetDevice !== undefined && task.targetDevice !== '') options += option(`device: "${task.targetDevice}"`);
  if (pluginConfig !== undefined) options += option(`plugin_config: '${pluginConfig}'`);
  if (task.resolution !== undefined) options += option(`resolution: "${task.resolution}"`);
  if (task.numImagesPerPrompt !== undefined) options += option(`num_images_per_prompt: ${task.numImagesPerPrompt}`);
  if (task.guidanceScale !== undefined) options += option(`guidance_scale: ${cppStreamFloat(task.guidanceScale)}`);
  if (task.maxResolution !== undefined) options += option(`max_resolution: "${task.maxResolution}"`);
  if (task.defaultResolution !== undefined) options += option(`default_resolution: "${task.defaultResolution}"`);
  if (task.maxNumImagesPerPrompt !== undefined) options += option(`max_num_images_per_prompt: ${task.maxNumImagesPerPrompt}`);
  if (task.defaultNumInferenceSteps !== undefined) options += option(`default_num_inference_steps: ${task.defaultNumInferenceSteps}`);
  if (task.maxNumInferenceSteps !== undefined) options += option(`max_num_inference_steps: ${task.maxNumInferenceSteps}`);
  const mode = (task.targetDevice ?? '').includes('NPU') ? 'STATIC' : 'DYNAMIC';
  for (const adapter of task.loraAdapters) {
    const alpha = adapter.alpha === undefined ? '' : ` alpha: ${cppStreamFloat(adapter.alpha)}`;
    options += option(`lora_adapters { alias: "${adapter.alias}" path: "${loraPath(adapter)}"${alpha} mode: ${mode} }`);
  }
  for (const composite of task.compositeLoraAdapters) {
    options += option(`composite_lora_adapters {\n            alias: "${composite.alias}"\n`);
    for (const component of composite.components) {
      const alpha = component.alpha === undefined || component.alpha === 1 ? '' : ` alpha: ${cppStreamFloat(component.alpha)}`;
      options += `            components { adapter_alias: "${component.adapterAlias}"${alpha} }\n`;
    }
    options += '          }';
  }
  return `# File created with: Pictograph ${version}
# OVMS_GRAPH_QUEUE_MAX_SIZE: AUTO

input_stream: "HTTP_REQUEST_PAYLOAD:input"
output_stream: "HTTP_RESPONSE_PAYLOAD:output"

node: {
  name: "ImageGenExecutor"
  calculator: "ImageGenCalculator"
  input_stream: "HTTP_REQUEST_PAYLOAD:input"
  input_side_packet: "IMAGE_GEN_NODE_RESOURCES:pipes"
  output_stream: "HTTP_RESPONSE_PAYLOAD:output"
  node_options: {
      [type.googleapis.com / mediapipe.ImageGenCalculatorOptions]: {${options}
      }
  }
}
`;
}

/**
 * The pipeline graph for the task flags: OVMS's template read back for its ImageGenCalculatorOptions (so the options
 * are exactly what OVMS would write), printed as Pictograph's calculators (graphs/image-generation-graph.ts).
 */
export function taskPipelineGraph(task: ImageGenerationTaskOptions, env: GraphEnvironment, version: string): string {
  const template = parseGraphText(ovmsGraphTemplate(task, version), env.schema, `${task.modelsPath} (OVMS graph template)`);
  const calculatorOptions = imageGenOptionsOf(template.config, env.schema);
  if (calculatorOptions === undefined) throw new Error('the OVMS graph template has no ImageGenCalculator options');
  return imageGenerationGraphText({ calculatorOptions });
}
