/**
 * The server process as users start it (bin/pictograph.js with OVMS flags): start-up refusals with their exit codes
 * and messages, two servables from one config.json, readiness, metrics, API keys (file and environment), the body
 * limit, and a graceful exit on SIGTERM. The graphs here are hand-written graphs of core calculators.
 */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { freePort, startServer, type ServerProcess } from '../support/server-process.js';

const PASS_THROUGH_GRAPH = `input_stream: "HTTP_REQUEST_PAYLOAD:input"
output_stream: "HTTP_RESPONSE_PAYLOAD:output"
node { calculator: "PassThroughCalculator" input_stream: "input" output_stream: "output" }
`;

describe('the server process (OVMS flags)', () => {
  let root: string;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'pictograph-e2e-'));
    for (const name of ['first', 'second']) {
      mkdirSync(join(root, name));
      writeFileSync(join(root, name, 'graph.pbtxt'), PASS_THROUGH_GRAPH);
    }
    writeFileSync(join(root, 'config.json'), JSON.stringify({
      model_config_list: [{ config: { name: 'org/first', base_path: 'first' } }],
      mediapipe_config_list: [{ name: 'second', base_path: 'second' }],
    }));
    writeFileSync(join(root, 'key.txt'), 'file-key\n');
    mkdirSync(join(root, 'sd'));
    writeFileSync(join(root, 'sd', 'model_index.json'), '{"_class_name":"StableDiffusionPipeline"}');
    mkdirSync(join(root, 'broken'));
    writeFileSync(join(root, 'broken', 'graph.pbtxt'), `${PASS_THROUGH_GRAPH}node { calculator: "NoSuchCalculator" input_stream: "input" output_stream: "other" }\n`);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  describe('start-up refusals (exit code, message, nothing served)', () => {
    const ROWS: readonly (readonly [string, readonly string[], number, RegExp])[] = [
      ['no model', ['--rest_port', '8000'], 64, /Use config_path or model_path with model_name/],
      ['no port', ['--model_name', 'm', '--model_path', 'first'], 64, /port and rest_port cannot both be unset/],
      ['a missing model directory', ['--rest_port', '8000', '--model_name', 'm', '--model_path', 'nope'], 64, /the model directory .*nope does not exist/],
      ['an unknown flag', ['--rest_port', '8000', '--model_name', 'm', '--model_path', 'first', '--bogus', '1'], 64, /unmatched arguments: --bogus, 1, /],
      ['an invalid graph, with every problem located', ['--rest_port', '8000', '--model_name', 'm', '--model_path', 'broken'], 1,
        /servable 'm': its graph is invalid:\n.*broken\/graph\.pbtxt:4: .*unknown calculator NoSuchCalculator/],
      ['a wrong number of devices (OVMS: DEVICE_WRONG_FORMAT)', ['--rest_port', '8000', '--model_name', 'm', '--model_path', 'sd', '--target_device', 'CPU CPU'], 1,
        /servable 'm': its graph is invalid:\n.*sd \(--task image_generation graph\): Device is in wrong format - Invalid number of devices specified: 2\. Expected 1 or 3\./],
      ['a default resolution above the maximum', ['--rest_port', '8000', '--model_name', 'm', '--model_path', 'sd', '--default_resolution', '5000x5000'], 1,
        /Default exceeds maximum allowed resolution - Default resolution exceeds maximum allowed resolution: \(5000x5000\) > \(4096x4096\)/],
      ['NUM_STREAMS set twice', ['--rest_port', '8000', '--model_name', 'm', '--model_path', 'sd', '--plugin_config', '{"NUM_STREAMS":"2"}', '--num_streams', '3'], 64,
        /Doubled NUM_STREAMS parameter in plugin config\./],
      ['a task flag with a bad value (OVMS\'s message)', ['--rest_port', '8000', '--model_name', 'm', '--model_path', 'sd', '--max_resolution', 'high'], 64,
        /Invalid max_resolution format\. Expected WxH, e\.g\., 1024x1024/],
      ['an unknown metrics family', ['--rest_port', '8000', '--config_path', 'config.json', '--metrics_enable', '--metrics_list', 'ovms_nope'], 64,
        /Metrics family name not supported: ovms_nope/],
    ];
    for (const [what, args, code, message] of ROWS) {
      it(what, async () => {
        const result = await runCli(args, { cwd: root });
        expect(result.code, result.stderr).to.equal(code);
        expect(result.stderr).to.match(message);
      });
    }

    it('a port in use: exit 1 naming the address', async () => {
      const port = await freePort();
      const blocker = createServer().listen(port, '127.0.0.1');
      await new Promise((resolve) => blocker.once('listening', resolve));
      try {
        const result = await runCli(['--rest_port', String(port), '--rest_bind_address', '127.0.0.1', '--model_name', 'm', '--model_path', 'first'], { cwd: root });
        expect(result.code).to.equal(1);
        expect(result.stderr).to.include(`cannot listen on 127.0.0.1:${port}`);
      } finally {
        blocker.close();
      }
    });

    it('help and version', async () => {
      const help = await runCli(['serve', '--help']);
      expect(help.code).to.equal(0);
      for (const flag of ['--rest_port', '--model_path', '--config_path', '--api_key_file', '--metrics_enable', '--max_num_inference_steps']) {
        expect(help.stdout).to.include(flag);
      }
      expect((await runCli(['serve', '--version'])).stdout).to.match(/^Pictograph \d+\.\d+\.\d+\n$/);
    });
  });

  describe('two servables from one config.json', () => {
    let server: ServerProcess;
    before(async () => {
      server = await startServer(['--config_path', 'config.json', '--metrics_enable', '--max_body_bytes', '2048', '--api_key_file', 'key.txt',
        '--log_level', 'DEBUG'], { cwd: root });
    });
    after(async () => {
      if (server !== undefined) await server.stop();
    });

    it('lists both, answers readiness for each, and reports both in /v1/config', async () => {
      const models = await (await fetch(`${server.url}/v3/models`)).json() as { data: { id: string }[] };
      expect(models.data.map((model) => model.id)).to.deep.equal(['org/first', 'second']);
      expect((await fetch(`${server.url}/v2/models/org%2Ffirst/ready`)).status).to.equal(200);
      expect((await fetch(`${server.url}/v2/models/second/ready`)).status).to.equal(200);
      const status = await (await fetch(`${server.url}/v1/config`)).text();
      expect(JSON.parse(status)).to.have.all.keys('org/first', 'second');
    });

    it('requires the key from --api_key_file on POST /v3, then routes by model', async () => {
      const request = (authorization?: string): Promise<Response> => fetch(`${server.url}/v3/images/generations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
        body: JSON.stringify({ model: 'nope', prompt: 'x' }),
      });
      expect((await request()).status).to.equal(401);
      expect((await request('Bearer wrong')).status).to.equal(401);
      const routed = await request('Bearer file-key');
      expect([routed.status, await routed.text()]).to.deep.equal([404, '{"error":"Mediapipe graph definition with requested name is not found"}']);
    });

    it('refuses a body over --max_body_bytes with 413', async () => {
      const response = await fetch(`${server.url}/v3/images/generations`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer file-key' },
        body: JSON.stringify({ model: 'second', prompt: 'x'.repeat(4000) }),
      });
      expect([response.status, await response.text()]).to.deep.equal([413, '{"error":"Request body is too large - the limit is 2048 bytes"}']);
    });

    it('serves metrics for both servables with OVMS\'s labels', async () => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      expect(text).to.include('ovms_requests_accepted{name="org/first",api="V3",method="Unary",interface="REST"} 0');
      expect(text).to.include('ovms_current_graphs{name="second"} 0');
    });

    it('logs each request at DEBUG as JSON lines', () => {
      const lines = server.stdout().trim().split('\n').map((line) => JSON.parse(line) as { msg: string; path?: string });
      expect(lines.some((line) => line.msg === 'request' && line.path === '/v3/models')).to.equal(true);
    });
  });

  it('takes the key from $API_KEY, and exits 0 on SIGTERM after saying so', async () => {
    const server = await startServer(['--model_name', 'm', '--model_path', 'first'], { cwd: root, env: { ...process.env, API_KEY: 'env-key' } });
    const unauthorized = await fetch(`${server.url}/v1/images/generations`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(unauthorized.status).to.equal(401);
    expect(await server.stop('SIGTERM')).to.equal(0);
    expect(server.stdout()).to.include('"msg":"SIGTERM received: shutting down"');
    expect(server.stdout()).to.include('"msg":"shut down"');
  });
});
