/**
 * @module test/calculators/openvino/core.test
 * Core over the C API: devices, core and device properties, compile-time properties read back.
 */
import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Core, loadOpenVino, OpenVinoError } from '../../../calculators/openvino/index.js';
import { affineModel } from './models.js';

describe('Core (C API)', () => {
  const ov = loadOpenVino({ binding: 'c' });
  let core: Core;
  let cacheDir: string;
  beforeEach(() => {
    core = ov.createCore();
    cacheDir = mkdtempSync(join(tmpdir(), 'pictograph-ov-cache-'));
  });
  afterEach(() => {
    core.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('lists CPU among the available devices', () => {
    expect(core.availableDevices()).to.include('CPU');
  });

  it('reads a device property as OpenVINO prints it', () => {
    expect(core.getProperty('CPU', 'FULL_DEVICE_NAME')).to.be.a('string').and.not.equal('');
    expect(core.getProperty('CPU', 'SUPPORTED_PROPERTIES').split(' ')).to.include('INFERENCE_PRECISION_HINT');
  });

  it('sets CACHE_DIR core-wide and reads it back', () => {
    core.setProperties(undefined, { CACHE_DIR: cacheDir });
    expect(core.getProperty('', 'CACHE_DIR')).to.equal(cacheDir);
  });

  it('CACHE_DIR takes effect: the first compile writes a blob, the second loads from it', async () => {
    core.setProperties(undefined, { CACHE_DIR: cacheDir });
    const { xml, weights } = affineModel('f32');
    const model = core.readModelFromMemory(xml, weights);
    const first = await core.compileModel(model, 'CPU');
    expect(readdirSync(cacheDir).filter((file) => file.endsWith('.blob'))).to.have.length(1);
    const second = await core.compileModel(model, 'CPU');
    expect([first.getProperty('LOADED_FROM_CACHE'), second.getProperty('LOADED_FROM_CACHE')]).to.deep.equal(['NO', 'YES']);
    first.dispose();
    second.dispose();
    model.dispose();
  });

  it('sets several properties on a device, one C call each (the C API applies only the first pair)', () => {
    core.setProperties('CPU', { PERFORMANCE_HINT: 'THROUGHPUT', INFERENCE_NUM_THREADS: '1' });
    expect(core.getProperty('CPU', 'PERFORMANCE_HINT')).to.equal('THROUGHPUT');
    expect(core.getProperty('CPU', 'INFERENCE_NUM_THREADS')).to.equal('1');
  });

  it('rejects an unknown property with OpenVINO\'s own message', () => {
    expect(() => core.getProperty('CPU', 'NO_SUCH_PROPERTY'))
      .to.throw(OpenVinoError, /NO_SUCH_PROPERTY/).with.property('call', 'ov_core_get_property');
    // Values are checked by the plugin, so only once it is loaded (listing devices loads it).
    core.availableDevices();
    expect(() => core.setProperties('CPU', { NO_SUCH_PROPERTY: '1' }))
      .to.throw(OpenVinoError, /Unsupported property NO_SUCH_PROPERTY by CPU plugin/)
      .with.property('status', 'GENERAL_ERROR');
  });

  it('compiles with PERFORMANCE_HINT, NUM_STREAMS and INFERENCE_PRECISION_HINT and reads them back', async () => {
    const { xml, weights } = affineModel('f32');
    const model = core.readModelFromMemory(xml, weights);
    const compiled = await core.compileModel(model, 'CPU',
      { PERFORMANCE_HINT: 'THROUGHPUT', NUM_STREAMS: '2', INFERENCE_PRECISION_HINT: 'f32' });
    expect(compiled.getProperty('PERFORMANCE_HINT')).to.equal('THROUGHPUT');
    expect(compiled.getProperty('NUM_STREAMS')).to.equal('2');
    expect(compiled.getProperty('INFERENCE_PRECISION_HINT')).to.equal('f32');
    compiled.dispose();
    model.dispose();
  });

  it('properties given to one compile do not leak into the next', async () => {
    const { xml, weights } = affineModel('f32');
    const model = core.readModelFromMemory(xml, weights);
    const first = await core.compileModel(model, 'CPU', { NUM_STREAMS: '2' });
    const second = await core.compileModel(model, 'CPU', { NUM_STREAMS: '1' });
    const third = await core.compileModel(model, 'CPU');
    expect([first, second, third].map((compiled) => compiled.getProperty('NUM_STREAMS'))).to.deep.equal(['2', '1', '1']);
    for (const compiled of [first, second, third]) compiled.dispose();
    model.dispose();
  });

  it('fails to compile for an unknown device with OpenVINO\'s message', async () => {
    const { xml, weights } = affineModel('f32');
    const model = core.readModelFromMemory(xml, weights);
    try {
      await core.compileModel(model, 'NO_SUCH_DEVICE');
      expect.fail('expected OpenVinoError');
    } catch (error) {
      expect(error).to.be.instanceOf(OpenVinoError);
      expect((error as OpenVinoError).message).to.contain('NO_SUCH_DEVICE');
      expect((error as OpenVinoError).call).to.equal('ov_core_compile_model');
    } finally {
      model.dispose();
    }
  });

  it('throws NOT_ALLOCATED when used after dispose()', () => {
    const other = ov.createCore();
    other.dispose();
    other.dispose();
    expect(() => other.availableDevices()).to.throw(OpenVinoError).with.property('status', 'NOT_ALLOCATED');
  });
});
