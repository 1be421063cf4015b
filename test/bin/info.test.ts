/**
 * @module test/bin/info.test
 * `pictograph info` through the real CLI: output lines, --ov_binding, OPENVINO_LIB_DIR and exit codes.
 */
import { expect } from 'chai';
import { NODE_NOT_FOUND_MESSAGE, NOT_FOUND_MESSAGE } from '../../calculators/openvino/index.js';
import { runCli } from '../support/cli.js';

/** The environment without OPENVINO_LIB_DIR, so the default search (.venv) is what runs. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!('OPENVINO_LIB_DIR' in extra)) delete env['OPENVINO_LIB_DIR'];
  return env;
}

describe('pictograph info', () => {
  it('prints the OpenVINO version, binding, library and devices, one per line', async () => {
    const result = await runCli(['info'], { env: cleanEnv() });
    expect(result.code, result.stderr).to.equal(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).to.match(/^openvino: \d{4}\.\d+\.\d+-/);
    expect(lines[1]).to.equal('binding: c');
    expect(lines[2]).to.match(/^library: \/.*\/libopenvino_c\.so\.\d+$/);
    expect(lines.slice(3)).to.include('device: CPU');
    expect(lines.slice(3).every((line) => line.startsWith('device: '))).to.equal(true);
  });

  it('takes --ov_binding c (also as --ov_binding=c)', async () => {
    for (const args of [['info', '--ov_binding', 'c'], ['info', '--ov_binding=c']]) {
      const result = await runCli(args, { env: cleanEnv() });
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.contain('binding: c\n').and.to.contain('device: CPU\n');
    }
  });

  it('exits 1 naming the folder searched when OPENVINO_LIB_DIR has no runtime', async () => {
    const result = await runCli(['info', '--ov_binding', 'c'], { env: cleanEnv({ OPENVINO_LIB_DIR: '/nonexistent' }) });
    expect(result.code).to.equal(1);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.contain(NOT_FOUND_MESSAGE).and.to.contain('searched:\n  /nonexistent (no libopenvino_c)');
  });

  it('with auto, exits 1 listing what both bindings tried', async () => {
    const result = await runCli(['info'], { env: cleanEnv({ OPENVINO_LIB_DIR: '/nonexistent' }) });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.contain('/nonexistent (no libopenvino_c)').and.to.contain(NODE_NOT_FOUND_MESSAGE);
  });

  it('exits 1 with a clear message for --ov_binding node (openvino-node has no runtime here)', async () => {
    const result = await runCli(['info', '--ov_binding', 'node'], { env: cleanEnv() });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.contain(NODE_NOT_FOUND_MESSAGE).and.to.contain('ov_node_addon.node');
  });

  it('rejects an unknown binding or argument with exit 2', async () => {
    const badBinding = await runCli(['info', '--ov_binding', 'python'], { env: cleanEnv() });
    expect([badBinding.code, badBinding.stderr]).to.deep.equal(
      [2, "pictograph info: --ov_binding must be one of auto, c, node (got 'python')\n"]);
    const badArgument = await runCli(['info', '--device', 'CPU'], { env: cleanEnv() });
    expect(badArgument.code).to.equal(2);
    expect(badArgument.stderr).to.contain("unknown argument '--device'");
  });
});
