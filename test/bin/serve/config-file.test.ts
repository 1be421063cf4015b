/**
 * `--config_path`: OVMS's config.json against its schema, OVMS's path resolution, and the graphs it names.
 */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfigFile } from '../../../bin/serve/config-file.js';
import { parseServeFlags } from '../../../bin/serve/flags.js';
import { usageErrorOf } from '../../support/usage-errors.js';

describe('config.json servables', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'pictograph-config-'));
    for (const dir of ['sd15', 'flux/1', 'custom', 'OpenVINO/FLUX.1-schnell-int4-ov']) mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'sd15', 'graph.pbtxt'), '');
    writeFileSync(join(root, 'flux', '1', 'graph.pbtxt'), '');
    writeFileSync(join(root, 'custom', 'image.pbtxt'), '');
    writeFileSync(join(root, 'OpenVINO/FLUX.1-schnell-int4-ov', 'graph.pbtxt'), '');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  function write(name: string, config: unknown): string {
    const path = join(root, name);
    writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
    return path;
  }

  const failure = (path: string): [number, string] => usageErrorOf(() => readConfigFile(path, root));

  it('reads model_config_list graphs (what --add_to_config and the export script write), base paths relative to the file', () => {
    const path = write('config.json', {
      model_config_list: [{ config: { name: 'OpenVINO/FLUX.1-schnell-int4-ov', base_path: 'OpenVINO/FLUX.1-schnell-int4-ov' } }],
    });
    expect(readConfigFile(path, '/')).to.deep.equal({
      configPath: path,
      servables: [{
        name: 'OpenVINO/FLUX.1-schnell-int4-ov', basePath: `${root}/OpenVINO/FLUX.1-schnell-int4-ov/`,
        graph: { kind: 'file', path: `${root}/OpenVINO/FLUX.1-schnell-int4-ov/graph.pbtxt` },
      }],
    });
  });

  it('reads mediapipe_config_list: base_path defaults to <dir>/<name>/, graph_path to graph.pbtxt within it', () => {
    const path = write('mediapipe.json', {
      model_config_list: [],
      mediapipe_config_list: [
        { name: 'sd15' },
        { name: 'mine', base_path: 'custom', graph_path: 'image.pbtxt' },
        { name: 'abs', base_path: `${root}/sd15/` },
      ],
      monitoring: { metrics: { enable: true, metrics_list: ['ovms_responses'] } },
    });
    const read = readConfigFile(path, '/');
    expect(read.servables.map((s) => [s.name, s.basePath, s.graph])).to.deep.equal([
      ['sd15', `${root}/sd15/`, { kind: 'file', path: `${root}/sd15/graph.pbtxt` }],
      ['mine', `${root}/custom/`, { kind: 'file', path: `${root}/custom/image.pbtxt` }],
      ['abs', `${root}/sd15/`, { kind: 'file', path: `${root}/sd15/graph.pbtxt` }],
    ]);
    expect(read.metrics).to.deep.equal({ enabled: true, list: ['ovms_responses'] });
  });

  it('finds a model_config_list graph in 1/ (the model-mesh layout), and a directory means its config.json', () => {
    write('config.json', { model_config_list: [{ config: { name: 'flux', base_path: 'flux' } }] });
    const read = readConfigFile('.', root);
    expect(read.configPath).to.equal(join(root, 'config.json'));
    expect(read.servables[0]).to.deep.equal({ name: 'flux', basePath: `${root}/flux/1/`, graph: { kind: 'file', path: `${root}/flux/1/graph.pbtxt` } });
  });

  const INVALID_ROWS: readonly (readonly [string, unknown, RegExp])[] = [
    ['no model_config_list', { mediapipe_config_list: [] }, /not in valid configuration format: \/ must have required property 'model_config_list'/],
    ['a config without name', { model_config_list: [{ config: { base_path: 'x' } }] }, /\/model_config_list\/0\/config must have required property 'name'/],
    ['an unknown mediapipe key', { model_config_list: [], mediapipe_config_list: [{ name: 'a', device: 'GPU' }] }, /\/mediapipe_config_list\/0 must NOT have additional properties/],
    ['an unknown top-level key', { model_config_list: [], models: [] }, /\/ must NOT have additional properties/],
    ['a wrong type', { model_config_list: [{ config: { name: 'a', nireq: -1 } }] }, /\/model_config_list\/0\/config\/nireq must be >= 0/],
    ['DAG pipelines', { model_config_list: [], pipeline_config_list: [{ name: 'dag' }] }, /has a pipeline_config_list, which Pictograph does not serve/],
    ['a model without a graph', { model_config_list: [{ config: { name: 'resnet', base_path: 'resnet' } }] }, /names servable 'resnet', but there is no graph at .*resnet\/graph\.pbtxt/],
    ['the same name twice', { model_config_list: [{ config: { name: 'sd15' } }], mediapipe_config_list: [{ name: 'sd15' }] }, /names servable 'sd15' twice/],
    ['a cloud path', { model_config_list: [{ config: { name: 'x', base_path: 's3://bucket/x' } }] }, /places servable 'x' at s3:\/\/bucket\/x; Pictograph reads local directories only/],
  ];
  for (const [name, config, message] of INVALID_ROWS) {
    it(`refuses ${name}`, () => {
      const [code, text] = failure(write('bad.json', config));
      expect(code).to.equal(1);
      expect(text).to.match(message);
    });
  }

  it('refuses a missing or non-JSON file, naming it', () => {
    expect(failure(join(root, 'missing.json'))[1]).to.match(/^cannot read the config file .*missing\.json/);
    expect(failure(write('broken.json', '{"model_config_list": ['))[1]).to.match(/^the config file .*broken\.json is not valid JSON/);
  });

  it('is what --config_path serves, with the file\'s metrics merged into the flags', () => {
    const path = write('served.json', { model_config_list: [], mediapipe_config_list: [{ name: 'sd15' }], monitoring: { metrics: { enable: true } } });
    const invocation = parseServeFlags(['--rest_port', '8000', '--config_path', path], { env: {}, cwd: root });
    expect(invocation.kind).to.equal('serve');
    if (invocation.kind !== 'serve') return;
    expect(invocation.config.configPath).to.equal(path);
    expect(invocation.config.servables.map((s) => s.name)).to.deep.equal(['sd15']);
    expect(invocation.config.metrics).to.deep.equal({ enabled: true, list: [] });
  });
});
