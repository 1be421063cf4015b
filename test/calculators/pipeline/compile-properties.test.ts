/**
 * @module test/calculators/pipeline/compile-properties.test
 * Devices per stage and plugin_config as the binding's string properties.
 */
import { expect } from 'chai';
import { compileProperties, stageDevices } from '../../../calculators/pipeline/compile-properties.js';
import { parsePluginConfig } from '../../../calculators/request/plugin-config.js';

const listing = (devices: string[]) => (): string[] => devices;

describe('pipeline/compile-properties', () => {
  it('gives one device to every stage, or three in order (text encoder, denoiser, VAE)', () => {
    expect(stageDevices(['GPU'], listing(['CPU']))).to.deep.equal({ textEncoder: 'GPU', denoiser: 'GPU', vae: 'GPU' });
    expect(stageDevices(['CPU', 'GPU', 'NPU'], listing([]))).to.deep.equal({ textEncoder: 'CPU', denoiser: 'GPU', vae: 'NPU' });
  });

  it('recommends a GPU when OpenVINO lists one, else CPU, when no device is set', () => {
    expect(stageDevices([], listing(['CPU'])).denoiser).to.equal('CPU');
    expect(stageDevices([], listing(['CPU', 'GPU.0', 'GPU.1'])).denoiser).to.equal('GPU.0');
  });

  it('writes properties as OpenVINO prints them, the device\'s DEVICE_PROPERTIES on top', () => {
    const config = parsePluginConfig('{"NUM_STREAMS":2,"ENABLE_MMAP":false,"INFERENCE_NUM_THREADS":4,"CACHE_DIR":"/c",' +
      '"DEVICE_PROPERTIES":{"CPU":{"INFERENCE_NUM_THREADS":1,"PERF_COUNT":true},"GPU":{"CACHE_DIR":"/g"}}}');
    if (config === undefined) expect.fail('plugin config did not parse');
    expect(compileProperties(config, 'CPU')).to.deep.equal({
      NUM_STREAMS: '2', ENABLE_MMAP: 'NO', INFERENCE_NUM_THREADS: '1', CACHE_DIR: '/c', PERF_COUNT: 'YES',
    });
    expect(compileProperties(config, 'GPU')).to.deep.include({ CACHE_DIR: '/g', INFERENCE_NUM_THREADS: '4' });
    expect(compileProperties({}, 'CPU')).to.deep.equal({});
  });
});
