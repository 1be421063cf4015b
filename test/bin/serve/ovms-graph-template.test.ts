/**
 * The graph `--task image_generation` serves, against OVMS's golden graphs (graph_export_test and
 * lora_graph_export_test, compared after the two header lines as OVMS's removeGeneratedGraphHeaders does), the
 * plugin_config assembly rules, and C++ float printing.
 */
import { expect } from 'chai';
import { UsageError } from '../../../bin/command.js';
import { cppStreamFloat, ovmsGraphTemplate, pluginConfigString } from '../../../bin/serve/ovms-graph-template.js';
import type { ImageGenerationTaskOptions } from '../../../bin/serve/image-generation-task.js';
import { createCalculatorRegistry } from '../../../calculators/registry.js';
import { createEnvironment, parseGraphText } from '../../../engine/index.js';

const TASK: ImageGenerationTaskOptions = { modelsPath: './', pluginConfig: {}, loraAdapters: [], compositeLoraAdapters: [] };

/** OVMS's template body for the given option lines. */
function expected(...options: string[]): string {
  return `
input_stream: "HTTP_REQUEST_PAYLOAD:input"
output_stream: "HTTP_RESPONSE_PAYLOAD:output"

node: {
  name: "ImageGenExecutor"
  calculator: "ImageGenCalculator"
  input_stream: "HTTP_REQUEST_PAYLOAD:input"
  input_side_packet: "IMAGE_GEN_NODE_RESOURCES:pipes"
  output_stream: "HTTP_RESPONSE_PAYLOAD:output"
  node_options: {
      [type.googleapis.com / mediapipe.ImageGenCalculatorOptions]: {
          models_path: "./"
${options.map((line) => `          ${line}\n`).join('')}      }
  }
}
`;
}

/** removeGeneratedGraphHeaders: everything after the two header lines. */
function body(task: ImageGenerationTaskOptions): string {
  const text = ovmsGraphTemplate(task, '1.2.3');
  const lines = text.split('\n');
  expect(lines.slice(0, 2)).to.deep.equal(['# File created with: Pictograph 1.2.3', '# OVMS_GRAPH_QUEUE_MAX_SIZE: AUTO']);
  return lines.slice(2).join('\n');
}

const hfLora = (alias: string, repo: string, file: string, alpha?: number) =>
  ({ alias, sourceType: 'HF_REPO' as const, source: repo, safetensorsFile: file, alpha });

function usageMessage(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  return 'no error';
}

describe('the --task image_generation graph (OVMS createImageGenerationGraphTemplate)', () => {
  it('imageGenerationPositiveDefault: only models_path', () => {
    expect(body(TASK)).to.equal(expected());
  });

  it('imageGenerationPositiveFull', () => {
    expect(body({
      ...TASK, targetDevice: 'GPU', pluginConfig: { numStreams: 14, cacheDir: '/cache' }, defaultResolution: '300x400',
      maxResolution: '3000x4000', maxNumImagesPerPrompt: 7, defaultNumInferenceSteps: 2, maxNumInferenceSteps: 3,
    })).to.equal(expected('device: "GPU"', 'plugin_config: \'{"NUM_STREAMS":"14","CACHE_DIR":"/cache"}\'', 'max_resolution: "3000x4000"',
      'default_resolution: "300x400"', 'max_num_images_per_prompt: 7', 'default_num_inference_steps: 2', 'max_num_inference_steps: 3'));
  });

  it('static settings in OVMS\'s order: resolution kept verbatim, then num_images_per_prompt and guidance_scale', () => {
    expect(body({ ...TASK, resolution: ' 512x512', numImagesPerPrompt: 6, guidanceScale: Math.fround(8.2) }))
      .to.equal(expected('resolution: " 512x512"', 'num_images_per_prompt: 6', 'guidance_scale: 8.2'));
  });

  it('imageGenerationWithOneLora / WithTwoLoras', () => {
    expect(body({ ...TASK, loraAdapters: [hfLora('pokemon', 'juliensimon/sd-pokemon-lora', 'pytorch_lora_weights.safetensors')] }))
      .to.equal(expected('lora_adapters { alias: "pokemon" path: "loras/juliensimon/sd-pokemon-lora/pytorch_lora_weights.safetensors" mode: DYNAMIC }'));
    expect(body({
      ...TASK, targetDevice: 'GPU', maxResolution: '1024x1024',
      loraAdapters: [hfLora('pokemon', 'juliensimon/sd-pokemon-lora', 'model.safetensors'), hfLora('anime-style', 'org2/anime-lora', 'weights.safetensors')],
    })).to.equal(expected('device: "GPU"', 'max_resolution: "1024x1024"',
      'lora_adapters { alias: "pokemon" path: "loras/juliensimon/sd-pokemon-lora/model.safetensors" mode: DYNAMIC }',
      'lora_adapters { alias: "anime-style" path: "loras/org2/anime-lora/weights.safetensors" mode: DYNAMIC }'));
  });

  it('URL and local LoRA paths; an HF repo without @file cannot be served (Pictograph never pulls)', () => {
    const url = { alias: 'cats', sourceType: 'DIRECT_URL' as const, source: 'https://x.test/a/cats.safetensors', safetensorsFile: 'cats.safetensors' };
    const local = { alias: 'local', sourceType: 'LOCAL_FILE' as const, source: '/tmp/x.safetensors', safetensorsFile: 'x.safetensors' };
    expect(body({ ...TASK, loraAdapters: [url, local] })).to.equal(expected(
      'lora_adapters { alias: "cats" path: "loras/cats/cats.safetensors" mode: DYNAMIC }',
      'lora_adapters { alias: "local" path: "/tmp/x.safetensors" mode: DYNAMIC }'));
    expect(usageMessage(() => ovmsGraphTemplate({ ...TASK, loraAdapters: [{ alias: 'p', sourceType: 'HF_REPO', source: 'org/repo' }] }, '0')))
      .to.match(/^LoRA adapter 'p': safetensors filename not resolved\./);
  });

  it('imageGenerationWithCompositeLora / FullCompositeWithAlphas: component alpha written unless 1.0', () => {
    expect(body({
      ...TASK,
      loraAdapters: [hfLora('pokemon', 'org/pokemon-lora', 'weights.safetensors'), hfLora('anime', 'org/anime-lora', 'weights.safetensors')],
      compositeLoraAdapters: [{ alias: 'blend', components: [{ adapterAlias: 'pokemon', alpha: Math.fround(0.7) }, { adapterAlias: 'anime', alpha: 1 }] }],
    })).to.equal(expected(
      'lora_adapters { alias: "pokemon" path: "loras/org/pokemon-lora/weights.safetensors" mode: DYNAMIC }',
      'lora_adapters { alias: "anime" path: "loras/org/anime-lora/weights.safetensors" mode: DYNAMIC }',
      'composite_lora_adapters {\n            alias: "blend"\n            components { adapter_alias: "pokemon" alpha: 0.7 }\n' +
      '            components { adapter_alias: "anime" }\n          }'));
  });

  it('imageGenerationNpuAutoStaticMode: NPU in the device makes adapters STATIC; alpha written when given', () => {
    expect(body({ ...TASK, targetDevice: 'NPU', loraAdapters: [hfLora('pokemon', 'org/pokemon-lora', 'weights.safetensors', Math.fround(0.8))] }))
      .to.equal(expected('device: "NPU"', 'lora_adapters { alias: "pokemon" path: "loras/org/pokemon-lora/weights.safetensors" alpha: 0.8 mode: STATIC }'));
  });

  it('parses as a graph (OVMS re-parses what it generates)', () => {
    const env = createEnvironment(createCalculatorRegistry());
    const text = ovmsGraphTemplate({ ...TASK, targetDevice: 'CPU CPU CPU', pluginConfig: { manual: '{"A":"b"}', numStreams: 2 }, guidanceScale: 7.5, resolution: '64x64' }, '0');
    const { config } = parseGraphText(text, env.schema, 'generated.pbtxt');
    expect(config.node.map((node) => node.calculator)).to.deep.equal(['ImageGenCalculator']);
  });

  describe('plugin_config (createPluginString)', () => {
    it('manual members first, then NUM_STREAMS as a string, then CACHE_DIR; nothing set → no plugin_config', () => {
      expect(pluginConfigString({})).to.equal(undefined);
      expect(pluginConfigString({ manual: '' })).to.equal(undefined);
      expect(pluginConfigString({ manual: '{ "PERFORMANCE_HINT": "LATENCY", "X": 1.50 }', numStreams: 2, cacheDir: '/c' }))
        .to.equal('{"PERFORMANCE_HINT":"LATENCY","X":1.50,"NUM_STREAMS":"2","CACHE_DIR":"/c"}');
      expect(pluginConfigString({ manual: '{}' })).to.equal('{}');
    });

    it('refuses a key set twice (NUM_STREAMS 1 is tolerated) and a manual config that is not a JSON object', () => {
      expect(usageMessage(() => pluginConfigString({ manual: '{"NUM_STREAMS":"4"}', numStreams: 2 })))
        .to.equal('Tried to set the same key twice in plugin config - Doubled NUM_STREAMS parameter in plugin config.');
      expect(pluginConfigString({ manual: '{"NUM_STREAMS":"4"}', numStreams: 1 })).to.equal('{"NUM_STREAMS":"4"}');
      expect(usageMessage(() => pluginConfigString({ manual: '{"CACHE_DIR":"/a"}', cacheDir: '/b' })))
        .to.equal('Tried to set the same key twice in plugin config - Doubled CACHE_DIR parameter in plugin config.');
      for (const manual of ['NUM_STREAMS=2', '[1]', '{']) {
        expect(usageMessage(() => pluginConfigString({ manual })), manual).to.equal('Plugin config is in wrong format');
      }
    });
  });

  it('prints floats as C++ ostream does (%g, 6 significant digits)', () => {
    const rows: readonly (readonly [number, string])[] = [
      [Math.fround(8.2), '8.2'], [Math.fround(0.7), '0.7'], [7.5, '7.5'], [1, '1'], [0, '0'], [100000, '100000'],
      [1000000, '1e+06'], [Math.fround(1e-7), '1e-07'], [0.0001, '0.0001'], [123456.7, '123457'], [-2.5, '-2.5'],
      [Math.fround(3.4028234e38), '3.40282e+38'],
    ];
    for (const [value, text] of rows) expect(cppStreamFloat(value), String(value)).to.equal(text);
  });
});
