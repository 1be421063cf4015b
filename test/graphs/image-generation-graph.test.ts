/**
 * @module test/graphs/image-generation-graph.test
 * The generated image-generation graph: printed from options, re-parsed and validated; the editable example equals
 * the generator's output; the options survive the round trip; OVMS's ImageGenCalculator node expands into it.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageGenCalculatorOptions } from '../../calculators/request/image-gen-options.js';
import { createCalculatorRegistry } from '../../calculators/registry.js';
import { createEnvironment, loadGraphText, parseGraphText, SubgraphRegistry } from '../../engine/index.js';
import { quote } from '../../graphs/graph-text.js';
import {
  buildImageGenerationGraph, imageGenerationGraphText, imageGenerationSubgraphFactory, imageGenOptionsOf,
  OVMS_IMAGE_GEN_CALCULATOR, REQUEST_NODE_NAME,
} from '../../graphs/image-generation-graph.js';
import { testEnvironment } from '../support/node-runner.js';
import { projectRoot } from '../support/paths.js';

const STAGES = ['ImageGenResources', 'ImageGenExecutor', 'PromptEncoder', 'ImagePreprocessor', 'ImageEncoder', 'Scheduler',
  'MaskedImageEncoder', 'Denoiser', 'VaeDecoder',
  'PngEncoder', 'ImageGenResponse'];

describe('graphs/image-generation-graph', () => {
  const env = testEnvironment();

  it('graphs/image-generation/image-generation.pbtxt is the generator\'s output for models_path "./"', () => {
    const example = readFileSync(join(projectRoot, 'graphs', 'image-generation', 'image-generation.pbtxt'), 'utf8');
    expect(example).to.equal(imageGenerationGraphText({ calculatorOptions: { models_path: './' } }));
  });

  it('validates: OVMS\'s graph interface, one node per stage, the denoiser on its own loop sync set', () => {
    const { graph } = buildImageGenerationGraph({ calculatorOptions: { models_path: './' } }, env);
    expect(graph.inputStreams.names).to.deep.equal(['input']);
    expect(graph.outputStreams.names).to.deep.equal(['output']);
    expect(graph.queueSize).to.equal('AUTO');
    expect(graph.requiredSidePackets).to.deep.equal(['pipes']);
    expect(graph.nodes.map((node) => node.name)).to.have.members(STAGES);
    const denoiser = graph.nodes.find((node) => node.name === 'Denoiser');
    expect(denoiser?.handler.name).to.equal('SyncSetInputStreamHandler');
    expect(denoiser?.inputs.filter((input) => input.backEdge).map((input) => input.stream)).to.deep.equal(['denoise_loop']);
  });

  it('a hand-edited graph without the Denoiser\'s handler block still gets its sync sets (from the contract)', () => {
    const text = imageGenerationGraphText({ calculatorOptions: { models_path: './' } });
    const block = /\n {2}input_stream_handler \{[\s\S]*?\n {2}\}/;
    expect(text).to.match(block);
    const { graph } = buildImageGenerationGraph({ calculatorOptions: { models_path: './' } }, env);
    const written = graph.nodes.find((node) => node.name === 'Denoiser');
    const edited = loadGraphText(text.replace(block, ''), env, { file: '<edited>' }).nodes.find((node) => node.name === 'Denoiser');
    expect(edited?.handler).to.deep.equal(written?.handler);
    const loop = edited?.inputs.findIndex((input) => input.backEdge);
    expect(edited?.handler.syncSets[0]).to.deep.equal([loop]);
  });

  it('writes every option field in OVMS\'s order and reads them back as written', () => {
    const options: ImageGenCalculatorOptions = {
      models_path: '/models/sd "1.5"', device: 'CPU GPU CPU', plugin_config: '{"NUM_STREAMS":"2","CACHE_DIR":"/c"}',
      resolution: '512x512', num_images_per_prompt: 2, guidance_scale: 8.25, max_resolution: '1024x1024',
      default_resolution: '512x512', max_num_images_per_prompt: 4, default_num_inference_steps: 20,
      max_num_inference_steps: 40,
      lora_adapters: [{ alias: 'pokemon', path: 'loras/p.safetensors', alpha: 0.5, mode: 'FUSE' }, { alias: 'anime', path: 'a.safetensors' }],
      composite_lora_adapters: [{ alias: 'blend', components: [{ adapter_alias: 'pokemon', alpha: 0.75 }, { adapter_alias: 'anime' }] }],
    };
    const text = imageGenerationGraphText({ calculatorOptions: options, graphQueueSize: 3 });
    expect(text).to.contain('# OVMS_GRAPH_QUEUE_MAX_SIZE: 3');
    const fields = [...text.matchAll(/^ {6}([a-z_]+)[: ]/gm)].map((match) => match[1]);
    expect(fields.slice(0, 11)).to.deep.equal(['models_path', 'device', 'plugin_config', 'resolution', 'num_images_per_prompt',
      'guidance_scale', 'max_resolution', 'default_resolution', 'max_num_images_per_prompt', 'default_num_inference_steps',
      'max_num_inference_steps']);
    const parsed = parseGraphText(text, env.schema, '<test>');
    expect(imageGenOptionsOf(parsed.config, env.schema)).to.deep.equal(options);
  });

  it('quotes strings so that the text parser reads them back exactly', () => {
    const tricky = 'a "quoted" \\ back\nslash\ttab \u0001 ünïcödé 🐱';
    const parsed = parseGraphText(`input_stream: ${quote(tricky)}`, env.schema, '<test>');
    expect(parsed.config.input_stream).to.deep.equal([tricky]);
  });

  it('expands an OVMS ImageGenCalculator node into the pipeline, its options on the inner request node', () => {
    const subgraphs = new SubgraphRegistry();
    const ovmsEnv = createEnvironment(createCalculatorRegistry(), subgraphs);
    subgraphs.registerFactory(OVMS_IMAGE_GEN_CALCULATOR, imageGenerationSubgraphFactory(ovmsEnv.schema));
    const text = readFileSync(join(projectRoot, 'test', 'engine', 'fixtures', 'ovms-image-gen-default.pbtxt'), 'utf8');
    const graph = loadGraphText(text, ovmsEnv, { file: 'ovms-image-gen-default.pbtxt' });
    const prefix = 'imagegenexecutor__';
    expect(graph.nodes.map((node) => node.name)).to.have.members(STAGES.map((name) => `${prefix}${name}`));
    expect(graph.requiredSidePackets).to.deep.equal(['pipes']);
    const request = graph.nodes.find((node) => node.name === `${prefix}${REQUEST_NODE_NAME}`);
    expect(request?.options).to.deep.equal({ models_path: './' });
  });
});
