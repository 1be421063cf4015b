/**
 * @module test/engine/config/pbtxt.test
 * Parsing pbtxt with protobufjs textformat: OVMS image-generation graphs and their options, directives, lines, errors.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  decodeOptions, defaultOptions, fieldLines, GraphConfigError, graphQueueSize, hasField, nodeLines, parseGraphText, ProtoSchema,
  readDirectives,
} from '../../../engine/index.js';
import type { ImageGenCalculatorOptions as WrittenImageGenOptions } from '../../../calculators/request/image-gen-options.js';
import { projectRoot } from '../../support/paths.js';

const fixture = (name: string): string => readFileSync(join(projectRoot, 'test', 'engine', 'fixtures', name), 'utf8');
const schema = new ProtoSchema().load(['ovms/image_gen_calculator.proto', 'mediapipe/flow_limiter_calculator.proto']);
const f32 = Math.fround;
const IMAGE_GEN_OPTIONS = 'mediapipe.ImageGenCalculatorOptions';

/** The defaulted camelCase form a calculator's cx.options gets. */
interface ImageGenOptions {
  readonly modelsPath: string;
  readonly device: string;
  readonly resolution: string;
  readonly maxNumInferenceSteps: number;
  readonly loraAdapters: readonly { readonly alias: string; readonly mode: string; readonly alpha: number }[];
  readonly compositeLoraAdapters: readonly { readonly alias: string; readonly components: readonly { readonly alpha: number }[] }[];
}

function firstNode(file: string): Parameters<typeof decodeOptions>[1] {
  const node = parseGraphText(fixture(file), schema, file).config.node[0];
  if (node === undefined) throw new Error('no node');
  return node;
}

function imageGenOptions(file: string): ImageGenOptions {
  return decodeOptions<ImageGenOptions>(schema, firstNode(file), IMAGE_GEN_OPTIONS);
}

describe('pbtxt parsing (protobufjs ext/textformat)', () => {
  describe('OVMS image-generation graph.pbtxt (ovms-image-generation.md §3.1)', () => {
    it('parses the default export and applies the proto2 defaults', () => {
      const parsed = parseGraphText(fixture('ovms-image-gen-default.pbtxt'), schema, 'graph.pbtxt');
      const node = parsed.config.node[0];
      expect(node?.name).to.equal('ImageGenExecutor');
      expect(node?.input_side_packet).to.deep.equal(['IMAGE_GEN_NODE_RESOURCES:pipes']);
      const options = imageGenOptions('ovms-image-gen-default.pbtxt');
      expect(options).to.deep.include({
        modelsPath: './', device: '', maxResolution: '4096x4096', maxNumImagesPerPrompt: 10,
        defaultNumInferenceSteps: 50, maxNumInferenceSteps: 100, resolution: '', numImagesPerPrompt: 0, guidanceScale: 0,
      });
      expect(options.loraAdapters).to.deep.equal([]);
      expect(hasField(options, 'modelsPath')).to.equal(true);
      expect(hasField(options, 'device')).to.equal(false);
      expect(Object.isFrozen(options)).to.equal(true);
    });

    it('decodes every field of the full export to the right values', () => {
      const options = imageGenOptions('ovms-image-gen-full.pbtxt');
      expect(options).to.deep.include({
        modelsPath: './', device: 'GPU', pluginConfig: '{"NUM_STREAMS":"14","CACHE_DIR":"/cache"}', resolution: '512x512',
        numImagesPerPrompt: 6, guidanceScale: f32(8.2), maxResolution: '3000x4000', defaultResolution: '300x400',
        maxNumImagesPerPrompt: 7, defaultNumInferenceSteps: 2, maxNumInferenceSteps: 3,
      });
      expect(options.loraAdapters).to.deep.equal([{
        alias: 'pokemon', path: 'loras/juliensimon/sd-pokemon-lora/pytorch_lora_weights.safetensors', alpha: f32(0.8), mode: 'DYNAMIC',
      }]);
      expect(options.compositeLoraAdapters).to.deep.equal([{
        alias: 'blend', components: [{ adapterAlias: 'pokemon', alpha: f32(0.7) }, { adapterAlias: 'anime', alpha: f32(0.5) }],
      }]);
    });

    it('decodes LoRA modes and tells an unwritten component alpha from a written one', () => {
      const options = imageGenOptions('ovms-image-gen-npu-static.pbtxt');
      expect(options.device).to.equal('NPU NPU NPU');
      expect(options.loraAdapters.map((adapter) => [adapter.alias, adapter.mode, adapter.alpha])).to.deep.equal(
        [['xray', 'STATIC', f32(0.8)], ['chalk', 'FUSE', 1]]);
      const [first, second] = options.compositeLoraAdapters[0]?.components ?? [];
      expect(first?.alpha).to.equal(1);
      expect(hasField(first as object, 'alpha')).to.equal(false);
      expect(hasField(second as object, 'alpha')).to.equal(true);
      expect(graphQueueSize(readDirectives(fixture('ovms-image-gen-npu-static.pbtxt')))).to.equal(2);
    });

    it('decodes as written (proto names, written fields only) for OVMS\'s options module', () => {
      const written = decodeOptions<WrittenImageGenOptions>(schema, firstNode('ovms-image-gen-npu-static.pbtxt'), IMAGE_GEN_OPTIONS, { asWritten: true });
      expect(written).to.deep.equal({
        models_path: '/models/sd', device: 'NPU NPU NPU', resolution: '512x512',
        lora_adapters: [
          { alias: 'xray', path: 'loras/xray/xray.safetensors', alpha: f32(0.8), mode: 'STATIC' },
          { alias: 'chalk', path: '/tmp/chalk.safetensors', mode: 'FUSE' },
        ],
        composite_lora_adapters: [{ alias: 'combo', components: [{ adapter_alias: 'xray' }, { adapter_alias: 'chalk', alpha: f32(0.45) }] }],
      });
      expect(Object.isFrozen(written.lora_adapters?.[0])).to.equal(true);
    });

    it('accepts the export_model.py style (trailing commas, single quotes)', () => {
      const options = imageGenOptions('ovms-image-gen-export-model.pbtxt');
      expect(options).to.deep.include({ device: 'CPU', resolution: '512x512', maxNumInferenceSteps: 20 });
    });
  });

  it('reads the OVMS_GRAPH_QUEUE_MAX_SIZE directive', () => {
    expect(graphQueueSize(readDirectives(fixture('ovms-image-gen-full.pbtxt')))).to.equal('AUTO');
    expect(graphQueueSize(readDirectives('# OVMS_GRAPH_QUEUE_MAX_SIZE: 0\n'))).to.equal(0);
    expect(graphQueueSize(readDirectives('node {}\n'))).to.equal(undefined);
    expect(() => graphQueueSize(readDirectives('# OVMS_GRAPH_QUEUE_MAX_SIZE: -1\n'))).to.throw('"-1" is invalid');
  });

  it('records the lines of top-level fields, lists and scalars included', () => {
    const lines = fieldLines('num_threads: -2\ninput_stream: "a" "b"\noutput_stream: [\n "x",\n "y"]\nexecutor { name: "e" }\nexecutor <>\n');
    expect(Object.fromEntries(lines)).to.deep.equal({ num_threads: [1], input_stream: [2], output_stream: [4, 5], executor: [6, 7] });
  });

  it('records the line of every node, in both node forms', () => {
    const text = 'input_stream: "a"\n# node { in a comment }\nnode {\n  name: "x { not a brace"\n}\nnode: [\n  { name: "y" },\n  { name: "z" }\n]\nnode <\n>\n';
    expect(nodeLines(text)).to.deep.equal([3, 7, 8, 10]);
    const parsed = parseGraphText(text, schema, 'g.pbtxt');
    expect(parsed.config.node.map((node) => node.source?.line)).to.deep.equal([3, 7, 8, 10]);
  });

  it('reports syntax errors with the file and line', () => {
    expect(() => parseGraphText(fixture('invalid-syntax.pbtxt'), schema, 'bad.pbtxt')).to.throw(GraphConfigError,
      "bad.pbtxt:4: syntax error: .mediapipe.CalculatorGraphConfig.Node: unknown field 'input_stram'");
  });

  it('locates an unknown options type although the parser gives no line', () => {
    const text = 'node {\n  calculator: "X"\n  options { [mediapipe.NoSuchOptions.ext] { } }\n}\n';
    expect(() => parseGraphText(text, schema, 'g.pbtxt')).to.throw(GraphConfigError, /^g\.pbtxt:3: syntax error: .*NoSuchOptions/);
  });

  describe('options (tool/options_map.h precedence)', () => {
    const node = (body: string): Parameters<typeof decodeOptions>[1] => {
      const parsed = parseGraphText(`node {\n calculator: "FlowLimiterCalculator"\n ${body}\n}`, schema, 'g.pbtxt').config.node[0];
      if (parsed === undefined) throw new Error('no node');
      return parsed;
    };
    const FLOW = 'mediapipe.FlowLimiterCalculatorOptions';

    it('prefers the proto2 extension in options over node_options', () => {
      const options = decodeOptions<{ maxInFlight: number }>(schema, node(
        'options { [mediapipe.FlowLimiterCalculatorOptions.ext] { max_in_flight: 5 } }\n' +
        'node_options { [type.googleapis.com/mediapipe.FlowLimiterCalculatorOptions] { max_in_flight: 7 } }'), FLOW);
      expect(options.maxInFlight).to.equal(5);
    });

    it('unpacks node_options when options has none', () => {
      const options = decodeOptions<{ maxInFlight: number; inFlightTimeout: number }>(schema,
        node('node_options { [type.googleapis.com/mediapipe.FlowLimiterCalculatorOptions] { max_in_flight: 7 } }'), FLOW);
      expect(options).to.deep.equal({ maxInFlight: 7, maxInQueue: 0, inFlightTimeout: 1000000 });
    });

    it('gives a default instance when neither is present', () => {
      expect(decodeOptions(schema, node(''), FLOW)).to.deep.equal({ maxInFlight: 1, maxInQueue: 0, inFlightTimeout: 1000000 });
      expect(defaultOptions(schema, FLOW)).to.deep.equal({ maxInFlight: 1, maxInQueue: 0, inFlightTimeout: 1000000 });
    });
  });
});
