import { expect } from 'chai';
import { parsePluginConfig } from '../../../calculators/request/plugin-config.js';

describe('plugin_config parsing (JsonParser::parsePluginConfig)', () => {
  it('keeps OpenVINO value types: strings, bools, int64 (bigint), doubles', () => {
    expect(parsePluginConfig('{"PERFORMANCE_HINT":"LATENCY","ENABLE_MMAP":false,"INFERENCE_NUM_THREADS":4,"X":0.5}')).to.deep.equal({
      PERFORMANCE_HINT: 'LATENCY', ENABLE_MMAP: false, INFERENCE_NUM_THREADS: 4n, X: 0.5,
    });
  });

  it('keeps NUM_STREAMS a string whatever its JSON type (std::to_string for numbers)', () => {
    expect(parsePluginConfig('{"NUM_STREAMS":2}')).to.deep.equal({ NUM_STREAMS: '2' });
    expect(parsePluginConfig('{"NUM_STREAMS":"AUTO"}')).to.deep.equal({ NUM_STREAMS: 'AUTO' });
    expect(parsePluginConfig('{"NUM_STREAMS":2.5}')).to.deep.equal({ NUM_STREAMS: '2.500000' });
  });

  it('renames the deprecated keys as OVMS does', () => {
    expect(parsePluginConfig('{"CPU_THROUGHPUT_STREAMS":"CPU_THROUGHPUT_AUTO"}')).to.deep.equal({ PERFORMANCE_HINT: 'THROUGHPUT' });
    expect(parsePluginConfig('{"GPU_THROUGHPUT_STREAMS":"3"}')).to.deep.equal({ NUM_STREAMS: '3' });
    expect(parsePluginConfig('{"CPU_THROUGHPUT_STREAMS":4}')).to.deep.equal({ NUM_STREAMS: '4' });
    expect(parsePluginConfig('{"CPU_THREADS_NUM":"8"}')).to.deep.equal({ INFERENCE_NUM_THREADS: '8' });
  });

  it('reads DEVICE_PROPERTIES per device', () => {
    expect(parsePluginConfig('{"DEVICE_PROPERTIES":{"CPU":{"NUM_STREAMS":1,"CACHE_DIR":"/c"},"GPU":{}}}')).to.deep.equal({
      DEVICE_PROPERTIES: { CPU: { NUM_STREAMS: '1', CACHE_DIR: '/c' }, GPU: {} },
    });
  });

  it('treats "" as empty and rejects what OVMS rejects (PLUGIN_CONFIG_WRONG_FORMAT)', () => {
    expect(parsePluginConfig('')).to.deep.equal({});
    for (const text of ['NUM_STREAMS=2', '[1]', '"x"', '{"A":null}', '{"A":[1]}', '{"A":{"B":1}}', '{"A":18446744073709551615}',
      '{"DEVICE_PROPERTIES":{"CPU":1}}', '{"DEVICE_PROPERTIES":{"CPU":{"A":[1]}}}', '{']) {
      expect(parsePluginConfig(text), text).to.equal(undefined);
    }
  });
});
