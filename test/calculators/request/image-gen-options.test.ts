/**
 * OVMS's ImageGenCalculatorOptionsTest and ImageGenCalculatorOptionsNegative (text2image_test.cpp) as table tests.
 */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ImageGenOptionsError, prepareImageGenPipelineArgs, type ImageGenCalculatorOptions, type ImageGenPipelineArgs,
  type OptionsStatus,
} from '../../../calculators/request/image-gen-options.js';

describe('ImageGenCalculatorOptions → pipeline args', () => {
  let graphDir: string;
  let modelDir: string;
  before(() => {
    graphDir = mkdtempSync(join(tmpdir(), 'pictograph-options-'));
    modelDir = join(graphDir, 'model');
    mkdirSync(modelDir);
  });
  after(() => rmSync(graphDir, { recursive: true, force: true }));

  const prepare = (options: Partial<ImageGenCalculatorOptions>, globalCacheDir?: string): ImageGenPipelineArgs =>
    prepareImageGenPipelineArgs({ models_path: modelDir, ...options }, { graphDirectory: graphDir, globalCacheDir });

  function statusOf(options: Partial<ImageGenCalculatorOptions>): OptionsStatus | 'OK' {
    try {
      prepare(options);
      return 'OK';
    } catch (error) {
      if (error instanceof ImageGenOptionsError) return error.ovmsStatus;
      throw error;
    }
  }

  it('PositiveAllfields', () => {
    const args = prepare({
      device: 'GPU', plugin_config: '{"NUM_STREAMS": 2}', max_resolution: '512x256', default_resolution: '256x256',
      max_num_images_per_prompt: 4, default_num_inference_steps: 10, max_num_inference_steps: 50,
    });
    expect(args).to.deep.include({
      modelsPath: modelDir, devices: ['GPU'], pluginConfig: { NUM_STREAMS: '2' },
      maxResolution: { width: 512n, height: 256n }, defaultResolution: { width: 256n, height: 256n },
      maxNumImagesPerPrompt: 4n, defaultNumInferenceSteps: 10n, maxNumInferenceSteps: 50n, staticReshape: undefined,
    });
  });

  it('PositiveAllRequiredFields: defaults 4096x4096, 10 images, 50 and 100 steps, no device', () => {
    expect(prepare({})).to.deep.equal({
      modelsPath: modelDir, devices: [], pluginConfig: {}, maxResolution: { width: 4096n, height: 4096n },
      defaultResolution: undefined, maxNumImagesPerPrompt: 10n, defaultNumInferenceSteps: 50n, maxNumInferenceSteps: 100n,
      staticReshape: undefined, loraAdapters: [], compositeLoraAdapters: new Map(),
    });
  });

  it('MultiDevices: whitespace collapsed, 3 devices kept verbatim', () => {
    expect(prepare({ device: '  GPU.0   MULTI:GPU.0,GPU.1   AUTO  ' }).devices).to.deep.equal(['GPU.0', 'MULTI:GPU.0,GPU.1', 'AUTO']);
  });

  it('MultiStaticResolutions: kept in order; the first is the default', () => {
    const args = prepare({ resolution: '  128x256  128x300 512x1024        1000x1000  ' });
    expect(args.staticReshape?.resolutions).to.deep.equal([
      { width: 128n, height: 256n }, { width: 128n, height: 300n }, { width: 512n, height: 1024n }, { width: 1000n, height: 1000n }]);
    expect(args.defaultResolution).to.deep.equal({ width: 128n, height: 256n });
  });

  it('one static resolution with static batch and guidance', () => {
    const args = prepare({ resolution: '512x512', num_images_per_prompt: 4, guidance_scale: 7.1, device: 'NPU' });
    expect(args.staticReshape).to.deep.equal({ resolutions: [{ width: 512n, height: 512n }], numImagesPerPrompt: 4n, guidanceScale: Math.fround(7.1) });
  });

  it('PositiveEmptyPluginConfig', () => {
    expect(prepare({ plugin_config: '' }).pluginConfig).to.deep.equal({});
  });

  it('GlobalCacheDirAppliedWhenPluginConfigMissing / ExplicitPluginCacheDirWinsOverGlobal', () => {
    expect(prepare({}, '/tmp/imagegen_global_cache').pluginConfig).to.deep.equal({ CACHE_DIR: '/tmp/imagegen_global_cache' });
    expect(prepare({ plugin_config: '{"CACHE_DIR":"/explicit"}' }, '/tmp/global').pluginConfig).to.deep.equal({ CACHE_DIR: '/explicit' });
    expect(prepare({ plugin_config: '{"NUM_STREAMS":"1"}' }, '/g').pluginConfig).to.deep.equal({ NUM_STREAMS: '1', CACHE_DIR: '/g' });
  });

  it('PositiveRelativePathToGraphPbtxt: joined to the graph directory as std::filesystem does, "./" kept', () => {
    const args = prepareImageGenPipelineArgs({ models_path: './' }, { graphDirectory: `${graphDir}/` });
    expect(args.modelsPath).to.equal(`${graphDir}/./`);
    expect(prepareImageGenPipelineArgs({ models_path: 'model' }, { graphDirectory: graphDir }).modelsPath).to.equal(`${graphDir}/model`);
  });

  it('LoraAdaptersAbsolutePath / RelativePath / NoLoraAdapters', () => {
    const args = prepare({
      lora_adapters: [{ alias: 'a', path: '/abs/a.safetensors' }, { alias: 'b', path: 'loras/org/repo/model.safetensors', alpha: 0.5 }],
    });
    expect(args.loraAdapters).to.deep.equal([
      { alias: 'a', path: '/abs/a.safetensors', alpha: 1, mode: 'DYNAMIC' },
      { alias: 'b', path: `${graphDir}/loras/org/repo/model.safetensors`, alpha: 0.5, mode: 'DYNAMIC' },
    ]);
    expect(prepare({}).loraAdapters).to.deep.equal([]);
  });

  it('CompositeLoraAdaptersFromPbtxt: adapters keep their alpha, components store theirs (unset stays unset)', () => {
    const args = prepare({
      lora_adapters: [{ alias: 'pokemon', path: '/p' }, { alias: 'anime', path: '/a', alpha: 0.9 }],
      composite_lora_adapters: [{ alias: 'blend', components: [{ adapter_alias: 'pokemon', alpha: 0.7 }, { adapter_alias: 'anime' }] }],
    });
    expect(args.loraAdapters.map((a) => a.alpha)).to.deep.equal([1, Math.fround(0.9)]);
    expect(args.compositeLoraAdapters.get('blend')).to.deep.equal([
      { adapterAlias: 'pokemon', alpha: Math.fround(0.7) }, { adapterAlias: 'anime', alpha: undefined }]);
  });

  it('AlphaAtBothLevelsIsValid off NPU; on NPU the composite alpha replaces the adapter alpha', () => {
    const lora = {
      lora_adapters: [{ alias: 'pokemon', path: '/p', alpha: 0.8 }],
      composite_lora_adapters: [{ alias: 'blend', components: [{ adapter_alias: 'pokemon', alpha: 0.5 }] }],
    };
    expect(prepare(lora).loraAdapters[0]?.alpha).to.equal(Math.fround(0.8));
    expect(prepare({ ...lora, device: 'NPU', resolution: '512x512' }).loraAdapters[0]?.alpha).to.equal(0.5);
  });

  /** [options, OVMS status] — the ImageGenCalculatorOptionsNegative table plus the rules it does not cover. */
  const NEGATIVE_ROWS: readonly (readonly [string, Partial<ImageGenCalculatorOptions>, OptionsStatus])[] = [
    ['nonexistent models_path', { models_path: '/nonexistentpath' }, 'PATH_INVALID'],
    ['default above max', { default_resolution: '4097x256' }, 'DEFAULT_EXCEEDS_MAXIMUM_ALLOWED_RESOLUTION'],
    ['max (4096x4096)', { max_resolution: '(4096x4096)' }, 'SHAPE_WRONG_FORMAT'],
    ['max auto', { max_resolution: 'auto' }, 'SHAPE_WRONG_FORMAT'],
    ['max high_resolution', { max_resolution: 'high_resolution' }, 'SHAPE_WRONG_FORMAT'],
    ['default auto', { default_resolution: 'auto' }, 'SHAPE_WRONG_FORMAT'],
    ['plugin NUM_STREAMS=2', { plugin_config: 'NUM_STREAMS=2' }, 'PLUGIN_CONFIG_WRONG_FORMAT'],
    ['plugin not an object', { plugin_config: '[1]' }, 'PLUGIN_CONFIG_WRONG_FORMAT'],
    ['resolution auto', { resolution: 'auto' }, 'SHAPE_WRONG_FORMAT'],
    ['resolution whitespace only', { resolution: '   ' }, 'SHAPE_WRONG_FORMAT'],
    ['guidance without resolution', { guidance_scale: 7.5 }, 'STATIC_RESOLUTION_MISUSE'],
    ['num_images without resolution', { num_images_per_prompt: 2 }, 'STATIC_RESOLUTION_MISUSE'],
    ['2 resolutions + max_resolution', { resolution: '512x512 256x256', max_resolution: '1024x1024' }, 'STATIC_RESOLUTION_MISUSE'],
    ['2 resolutions + default not among them', { resolution: '512x512 1024x1024', default_resolution: '256x256' }, 'SHAPE_WRONG_FORMAT'],
    ['2 resolutions + NPU', { resolution: '512x512 256x256', device: 'NPU' }, 'SHAPE_DYNAMIC_BUT_NPU_USED'],
    ['NPU without resolution', { device: 'NPU' }, 'SHAPE_DYNAMIC_BUT_NPU_USED'],
    ['2 resolutions + NPU among 3 devices', { resolution: '512x512 256x256', device: ' GPU MULTI:GPU.0,GPU.1 NPU ' }, 'SHAPE_DYNAMIC_BUT_NPU_USED'],
    ['malformed resolution in the list', { resolution: '512x512 1024x10x24' }, 'SHAPE_WRONG_FORMAT'],
    ['duplicate resolutions', { resolution: '512x512 512x512' }, 'SHAPE_WRONG_FORMAT'],
    ['2 devices', { device: 'GPU CPU' }, 'DEVICE_WRONG_FORMAT'],
    ['4 devices', { device: 'GPU CPU GPU CPU' }, 'DEVICE_WRONG_FORMAT'],
    ['empty device', { device: '' }, 'DEVICE_WRONG_FORMAT'],
    ['whitespace device', { device: '   ' }, 'SHAPE_WRONG_FORMAT'],
    ['2 resolutions + guidance 7.2', { resolution: '512x512 256x256', guidance_scale: 7.2 }, 'STATIC_RESOLUTION_MISUSE'],
    ['2 resolutions + n 7', { resolution: '512x512 256x256', num_images_per_prompt: 7 }, 'STATIC_RESOLUTION_MISUSE'],
    ['1 resolution + max_num_images_per_prompt', { resolution: '512x512', max_num_images_per_prompt: 4 }, 'STATIC_RESOLUTION_MISUSE'],
    ['1 resolution + max_resolution', { resolution: '512x512', max_resolution: '512x512' }, 'STATIC_RESOLUTION_MISUSE'],
    ['NPU + 2 composites', {
      device: 'NPU', resolution: '512x512', lora_adapters: [{ alias: 'a', path: '/a' }],
      composite_lora_adapters: [{ alias: 'c1', components: [{ adapter_alias: 'a' }] }, { alias: 'c2', components: [{ adapter_alias: 'a' }] }],
    }, 'MEDIAPIPE_GRAPH_CONFIG_FILE_INVALID'],
    ['NPU + 2 adapters, no composite', {
      device: 'NPU', resolution: '512x512', lora_adapters: [{ alias: 'a', path: '/a' }, { alias: 'b', path: '/b' }],
    }, 'MEDIAPIPE_GRAPH_CONFIG_FILE_INVALID'],
    ['NPU + adapter outside the composite', {
      device: 'NPU', resolution: '512x512', lora_adapters: [{ alias: 'a', path: '/a' }, { alias: 'b', path: '/b' }],
      composite_lora_adapters: [{ alias: 'c', components: [{ adapter_alias: 'a' }] }],
    }, 'MEDIAPIPE_GRAPH_CONFIG_FILE_INVALID'],
  ];

  for (const [name, options, status] of NEGATIVE_ROWS) {
    it(`ImageGenCalculatorOptionsNegative: ${name} → ${status}`, () => {
      expect(statusOf(options)).to.equal(status);
    });
  }

  it('words errors as OVMS Status strings and names the failing value', () => {
    const message = (options: Partial<ImageGenCalculatorOptions>): string => {
      try {
        prepare(options);
      } catch (error) {
        return (error as Error).message;
      }
      return 'OK';
    };
    expect(message({ models_path: '/nonexistentpath' })).to.equal(
      "The provided base path is invalid or doesn't exists - Models path does not exist: /nonexistentpath");
    expect(message({ device: 'GPU CPU' })).to.equal('Device is in wrong format - Invalid number of devices specified: 2. Expected 1 or 3.');
    expect(message({ max_resolution: 'high_resolution' })).to.equal(
      'The provided shape is in wrong format - Failed to parse max_resolution: INVALID_ARGUMENT: size field is not in correct format - WxH');
    expect(message({ default_resolution: '4097x256' })).to.equal(
      'Default exceeds maximum allowed resolution - Default resolution exceeds maximum allowed resolution: (4097x256) > (4096x4096)');
    expect(message({ resolution: '512x512 1024x1024', default_resolution: '256x256' })).to.equal(
      'The provided shape is in wrong format - Default resolution (256x256) is not among the static resolutions: (512x512) (1024x1024) ');
  });

  it('an options error is a GraphError located at the node', () => {
    try {
      prepareImageGenPipelineArgs({ models_path: '/nonexistentpath' }, { graphDirectory: graphDir, node: 'ImageGenExecutor' });
      expect.fail('expected an error');
    } catch (error) {
      expect(error).to.be.instanceOf(ImageGenOptionsError);
      expect((error as ImageGenOptionsError).code).to.equal('NOT_FOUND');
      expect((error as ImageGenOptionsError).at).to.deep.equal({ node: 'ImageGenExecutor' });
    }
  });
});
