/**
 * Generation end to end, against the real server process on the tiny SD 1.5 model started as OVMS is
 * (`--source_model pictograph/tiny-sd15 --model_repository_path ... --task image_generation`): the OVMS demo's curl
 * command, its OpenAI Python snippets (extra_body), the OpenAI Node SDK, OVMS's request validation over HTTP (status
 * and body), the demo's edit requests (at small sizes), concurrent requests, per-stage metrics, cancellation on disconnect.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import OpenAI, { toFile } from 'openai';
import { IMAGES_RESPONSE_SCHEMA } from '../../schemas/http/images-response.js';
import * as messages from '../../calculators/request/request-messages.js';
import { runProcess } from '../support/process.js';
import { sharedDataDir, venvPython } from '../support/paths.js';
import { DEMO_MODEL, pngSize, responseImages, servedModelLayout, type ServedModelLayout } from '../support/served-model.js';
import { startServer, type ServerProcess } from '../support/server-process.js';

/** GenAI schedulers take at most 1000 steps. */
const MAX_STEPS = 1000;
/** A request long enough to be cancelled half-way (PNDM refuses 1000 steps: its last timestep would be 1000). */
const LONG_STEPS = 500;
/** A request the tiny model answers in well under a second. */
const SMALL = { size: '64x64', num_inference_steps: 3 } as const;

/** What the seed's curl prints, run with curl itself: the OVMS demo command with only host, port, model, size and steps changed. */
function curl(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runProcess('curl', ['-sS', ...args], { cwd: sharedDataDir, timeoutMs: 120_000 });
}

const wrapped = (message: string, code = 'INVALID_ARGUMENT'): string => JSON.stringify({
  error: `Mediapipe execution failed. MP status - ${code}: CalculatorGraph::Run() failed: \nCalculator::Process() for node "ImageGenExecutor" failed: ${message}`,
});

describe('generation through the server process (tiny SD 1.5)', function () {
  let layout: ServedModelLayout;
  let server: ServerProcess;
  let post: (path: string, body: string, contentType?: string) => Promise<{ status: number; body: string }>;
  /** One series of the Prometheus text, as a number (NaN when absent). */
  let metric: (series: string) => Promise<number>;

  before(async function () {
    this.timeout(300_000);
    layout = await servedModelLayout();
    server = await startServer(['--source_model', DEMO_MODEL, '--model_repository_path', layout.repository, '--task', 'image_generation',
      '--max_num_inference_steps', String(MAX_STEPS), '--metrics_enable']);
    post = async (path, body, contentType = 'application/json') => {
      const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
      return { status: response.status, body: await response.text() };
    };
    metric = async (series) => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
      return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
    };
  });
  after(async () => {
    if (server !== undefined) expect(await server.stop()).to.equal(0);
    if (layout !== undefined) rmSync(layout.root, { recursive: true, force: true });
  });

  it('answers the OVMS demo\'s curl command (host, model, size and steps adapted) with PNGs of the asked size', async () => {
    const result = await curl([`${server.url}/v3/images/generations`, '-H', 'Content-Type: application/json', '-d',
      `{"model": "${DEMO_MODEL}", "prompt": "three cats", "rng_seed": 409, "num_inference_steps": 3, "size": "64x64"}`]);
    expect(result.code, result.stderr).to.equal(0);
    const valid = new Ajv({ strict: true }).compile(IMAGES_RESPONSE_SCHEMA);
    expect(valid(JSON.parse(result.stdout)), JSON.stringify(valid.errors)).to.equal(true);
    const [png, ...rest] = responseImages(result.stdout);
    expect(rest).to.have.length(0);
    expect(pngSize(png as Uint8Array)).to.deep.equal({ width: 64, height: 64 });
  });

  it('gives the same pixels for the same rng_seed, from curl, the Python SDK (extra_body) and the Node SDK', async () => {
    const body = JSON.stringify({ model: DEMO_MODEL, prompt: 'three cats', rng_seed: 409, ...SMALL });
    const viaFetch = responseImages((await post('/v3/images/generations', body)).body)[0];
    const again = responseImages((await post('/v1/images/generations', body)).body)[0];
    expect(Buffer.from(again as Uint8Array).equals(Buffer.from(viaFetch as Uint8Array))).to.equal(true);

    // The seed's Python snippet.
    const python = await runProcess(venvPython, ['-c', `
import base64, json, sys
from openai import OpenAI
client = OpenAI(base_url="${server.url}/v3", api_key="unused")
response = client.images.generate(model="${DEMO_MODEL}", prompt="three cats",
                                  extra_body={"rng_seed": 409, "size": "64x64", "num_inference_steps": 3})
print(json.dumps({"b64": response.data[0].b64_json, "created": response.created}))
`], { cwd: layout.root, timeoutMs: 120_000 });
    expect(python.code, python.stderr).to.equal(0);
    const fromPython = JSON.parse(python.stdout) as { b64: string; created: number };
    expect(Buffer.from(fromPython.b64, 'base64').equals(Buffer.from(viaFetch as Uint8Array))).to.equal(true);
    expect(fromPython.created).to.be.a('number');

    const client = new OpenAI({ baseURL: `${server.url}/v3`, apiKey: 'unused' });
    const fromNode = await client.images.generate({
      model: DEMO_MODEL, prompt: 'three cats', size: '64x64' as '256x256',
      // @ts-expect-error OVMS fields go next to the OpenAI ones
      rng_seed: 409, num_inference_steps: 3,
    });
    expect(Buffer.from(fromNode.data?.[0]?.b64_json ?? '', 'base64').equals(Buffer.from(viaFetch as Uint8Array))).to.equal(true);
  });

  it('lists the served name and reports it ready', async () => {
    const models = await (await fetch(`${server.url}/v3/models`)).json() as { data: { id: string }[] };
    expect(models.data.map((model) => model.id)).to.deep.equal([DEMO_MODEL]);
    expect((await fetch(`${server.url}/v3/models/${DEMO_MODEL}`)).status).to.equal(200);
    expect((await fetch(`${server.url}/v2/models/${encodeURIComponent(DEMO_MODEL)}/ready`)).status).to.equal(200);
  });

  describe('OVMS\'s request validation over HTTP (text2image_test rows that apply to parsing): status and body', () => {
    const base = { model: DEMO_MODEL, prompt: 'cat' };
    /** [what, JSON body, expected error body] for /v3/images/generations; every one is a 400. */
    const JSON_ROWS: readonly (readonly [string, Record<string, unknown> | string, string])[] = [
      ['prompt missing', { model: DEMO_MODEL }, messages.PROMPT_MISSING_IN_JSON],
      ['prompt not a string', { ...base, prompt: 123 }, messages.notAString('prompt')],
      ['size 51:512', { ...base, size: '51:512' }, messages.SIZE_NOT_IN_FORMAT],
      ['size -51x52', { ...base, size: '-51x52' }, messages.SIZE_NOT_POSITIVE],
      ['size 0x52', { ...base, size: '0x52' }, messages.SIZE_NOT_POSITIVE],
      ['size 9223372036854775808x1', { ...base, size: '9223372036854775808x1' }, messages.SIZE_NOT_IN_FORMAT],
      ['size not a string', { ...base, size: 512 }, messages.notAString('size')],
      ['negative_prompt null', { ...base, negative_prompt: null }, messages.notAString('negative_prompt')],
      ['response_format url', { ...base, response_format: 'url' }, messages.unsupportedResponseFormat('url')],
      ['n as a string', { ...base, n: '4' }, messages.notAnInt('n')],
      ['n and num_images_per_prompt', { ...base, n: 1, num_images_per_prompt: 1 }, messages.alreadyExists('num_images_per_prompt')],
      ['guidance_scale as a string', { ...base, guidance_scale: '7.5' }, messages.notAFloat('guidance_scale')],
      ['width 123.45', { ...base, width: 123.45 }, messages.notAnInt64('width')],
      ['size and width', { ...base, size: '64x64', width: 64 }, messages.alreadyExists('width')],
      ['rng_seed -1', { ...base, rng_seed: -1 }, messages.notASizeT('rng_seed')],
      ['num_inference_steps 0', { ...base, num_inference_steps: 0 }, messages.STEPS_NOT_POSITIVE],
      ['num_inference_steps above the max', { ...base, num_inference_steps: MAX_STEPS + 1 }, messages.stepsAboveMax(BigInt(MAX_STEPS))],
      ['n 0', { ...base, n: 0 }, messages.NUM_IMAGES_NOT_POSITIVE],
      ['n 11', { ...base, n: 11 }, messages.numImagesAboveMax(10n)],
      ['width 0', { ...base, width: 0, height: 64 }, messages.notPositive('width')],
      ['height 0', { ...base, width: 64, height: 0 }, messages.notPositive('height')],
      ['strength 1.5', { ...base, strength: 1.5 }, messages.STRENGTH_ABOVE_MAX],
      ['strength -0.5', { ...base, strength: -0.5 }, messages.STRENGTH_BELOW_MIN],
      ['background', { ...base, background: 'opaque' }, messages.unhandledParameter('background')],
      ['quality null', { ...base, quality: null }, messages.unhandledParameter('quality')],
      ['style', { ...base, style: 'vivid' }, messages.unhandledParameter('style')],
      ['user', { ...base, user: 'me' }, messages.unhandledParameter('user')],
      ['an unknown field', { ...base, nonexistend_field: 1 }, messages.unhandledParameter('nonexistend_field')],
      ['lora_alphas without adapters', { ...base, lora_alphas: { a: 0.5 } }, messages.LORA_ALPHAS_WITHOUT_DYNAMIC_ADAPTERS],
      ['lora_alphas not an object', { ...base, lora_alphas: [1] }, messages.LORA_ALPHAS_NOT_AN_OBJECT],
    ];
    for (const [what, body, message] of JSON_ROWS) {
      it(`generations, ${what} → 400 ${message}`, async () => {
        expect(await post('/v3/images/generations', typeof body === 'string' ? body : JSON.stringify(body))).to.deep.equal({ status: 400, body: wrapped(message) });
      });
    }

    it('generations: HTTP-level errors (412 bad JSON, 404 unknown model) and OVMS\'s routing quirks', async () => {
      expect(await post('/v3/images/generations', '{"model":')).to.deep.equal({ status: 412, body: '{"error":"The file is not valid json - Cannot parse JSON body"}' });
      expect(await post('/v3/images/generations', '[]')).to.deep.equal({ status: 412, body: '{"error":"The file is not valid json - JSON body must be an object"}' });
      expect(await post('/v3/images/generations', '{"model":1}')).to.deep.equal({ status: 412, body: '{"error":"The file is not valid json - model field is not a string"}' });
      expect(await post('/v3/images/generations', '{"model":"nope","prompt":"x"}'))
        .to.deep.equal({ status: 404, body: '{"error":"Mediapipe graph definition with requested name is not found"}' });
      expect(await post('/v3/v1/images/generations', JSON.stringify(base)))
        .to.deep.equal({ status: 400, body: wrapped(messages.unsupportedUri('/v3/v1/images/generations')) });
      expect(await post('/v3/chat/completions', JSON.stringify({ ...base, messages: [] })))
        .to.deep.equal({ status: 400, body: wrapped(messages.unsupportedUri('/v3/chat/completions')) });
      expect(await post('/v3/images/edits', JSON.stringify(base))).to.deep.equal({ status: 400, body: wrapped(messages.FAILED_TO_PARSE_MULTIPART) });
    });

    it('generations: the deliberate deviations are accepted (integer guidance_scale, rng_seed up to 2^64-1)', async () => {
      const response = await post('/v3/images/generations', `{"model":"${DEMO_MODEL}","prompt":"cat","guidance_scale":7,` +
        `"rng_seed":18446744073709551615,"size":"64x64","num_inference_steps":1}`);
      expect(response.status, response.body).to.equal(200);
    });

    /** [what, text fields, file parts, expected error body] for /v3/images/edits. */
    const cat = { name: 'image', file: join(sharedDataDir, 'cat.png') };
    const FORM_ROWS: readonly (readonly [string, Record<string, string>, readonly { name: string; file: string }[], string])[] = [
      ['prompt missing', { model: DEMO_MODEL }, [cat], messages.PROMPT_MISSING_IN_MULTIPART],
      ['prompt empty (empty counts as absent)', { model: DEMO_MODEL, prompt: '' }, [cat], messages.PROMPT_MISSING_IN_MULTIPART],
      ['image missing', { model: DEMO_MODEL, prompt: 'cat' }, [], messages.IMAGE_MISSING_IN_MULTIPART],
      ['n 4.5', { model: DEMO_MODEL, prompt: 'cat', n: '4.5' }, [cat], messages.notAnInt32('n')],
      ['width with a leading zero', { model: DEMO_MODEL, prompt: 'cat', width: '064' }, [cat], messages.notAnInt64('width')],
      ['rng_seed -1', { model: DEMO_MODEL, prompt: 'cat', rng_seed: '-1' }, [cat], messages.notASizeT('rng_seed')],
      ['guidance_scale 3.40282347e+39', { model: DEMO_MODEL, prompt: 'cat', guidance_scale: '3.40282347e+39' }, [cat], messages.notAFloat('guidance_scale')],
      ['strength 123.45.67', { model: DEMO_MODEL, prompt: 'cat', strength: '123.45.67' }, [cat], messages.notAFloat('strength')],
      ['size 0x52', { model: DEMO_MODEL, prompt: 'cat', size: '0x52' }, [cat], messages.SIZE_NOT_POSITIVE],
      ['background', { model: DEMO_MODEL, prompt: 'cat', background: 'x' }, [cat], messages.unhandledParameter('background')],
      ['unknown fields, the first in sorted order', { model: DEMO_MODEL, prompt: 'cat', zzz: '1', aaa: '1' }, [cat], messages.unhandledParameter('aaa')],
      ['input_fidelity', { model: DEMO_MODEL, prompt: 'cat', input_fidelity: 'high' }, [cat], messages.unhandledParameter('input_fidelity')],
      ['num_inference_steps 0', { model: DEMO_MODEL, prompt: 'cat', num_inference_steps: '0' }, [cat], messages.STEPS_NOT_POSITIVE],
    ];
    for (const [what, fields, files, message] of FORM_ROWS) {
      it(`edits, ${what} → 400 ${message}`, async () => {
        const args = [`${server.url}/v3/images/edits`, ...Object.entries(fields).flatMap(([name, value]) => ['-F', `${name}=${value}`]),
          ...files.flatMap(({ name, file }) => ['-F', `${name}=@${file}`]), '-w', '\n%{http_code}'];
        const result = await curl(args);
        expect(result.stdout).to.equal(`${wrapped(message)}\n400`);
      });
    }

    it('edits: a malformed multipart body is OVMS\'s 500, multipart sent to generations "Failed to parse JSON"', async () => {
      expect(await post('/v3/images/edits', '--b\r\nbroken', 'multipart/form-data; boundary=b'))
        .to.deep.equal({ status: 500, body: '{"error":"Request of multipart type but failed to parse"}' });
      const form = await curl([`${server.url}/v3/images/generations`, '-F', `model=${DEMO_MODEL}`, '-F', 'prompt=cat', '-w', '\n%{http_code}']);
      expect(form.stdout).to.equal(`${wrapped(messages.FAILED_TO_PARSE_JSON)}\n400`);
    });
  });

  describe('image edits: the OVMS demo\'s requests, at 64x64 (512x512 takes minutes on the tiny model)', () => {
    it('the OVMS demo\'s inpainting curl (-F image=@cat.png -F mask=@cat_mask.png), size 64x64 instead of 512x512', async () => {
      const result = await curl([`${server.url}/v3/images/edits`, '-F', `model=${DEMO_MODEL}`, '-F', 'prompt=a tiger',
        '-F', 'image=@cat.png', '-F', 'mask=@cat_mask.png', '-F', 'size=64x64', '-F', 'num_inference_steps=3', '-w', '\n%{http_code}']);
      const cut = result.stdout.lastIndexOf('\n');
      const [body, status] = [result.stdout.slice(0, cut), result.stdout.slice(cut + 1)];
      expect(status, body).to.equal('200');
      const valid = new Ajv({ strict: true }).compile(IMAGES_RESPONSE_SCHEMA);
      expect(valid(JSON.parse(body)), JSON.stringify(valid.errors)).to.equal(true);
      expect(responseImages(body).map(pngSize)).to.deep.equal([{ width: 64, height: 64 }]);
    });

    it('the OVMS demo\'s Python edit (extra_body with strength 0.67; size 64x64 and 3 steps instead of 512x512 and 50) and the Node SDK give the same PNG', async () => {
      const python = await runProcess(venvPython, ['-c', `
import base64, json
from openai import OpenAI
client = OpenAI(base_url="${server.url}/v3", api_key="unused")
response = client.images.edit(model="${DEMO_MODEL}", image=open("cat.png", "rb"), prompt="a tiger",
                              extra_body={"rng_seed": 409, "size": "64x64", "num_inference_steps": 3, "strength": 0.67})
print(json.dumps([image.b64_json for image in response.data]))
`], { cwd: sharedDataDir, timeoutMs: 120_000 });
      expect(python.code, python.stderr).to.equal(0);
      const fromPython = (JSON.parse(python.stdout) as string[]).map((b64) => Buffer.from(b64, 'base64'));
      expect(fromPython.map(pngSize)).to.deep.equal([{ width: 64, height: 64 }]);

      const client = new OpenAI({ baseURL: `${server.url}/v3`, apiKey: 'unused', maxRetries: 0 });
      const fromNode = await client.images.edit({
        model: DEMO_MODEL, prompt: 'a tiger', size: '64x64' as '256x256',
        image: await toFile(readFileSync(join(sharedDataDir, 'cat.png')), 'cat.png', { type: 'image/png' }),
        // @ts-expect-error OVMS fields go next to the OpenAI ones
        rng_seed: 409, num_inference_steps: 3, strength: 0.67,
      });
      expect(fromNode.data?.map((image) => Buffer.from(image.b64_json ?? '', 'base64').equals(fromPython[0] as Buffer))).to.deep.equal([true]);
    });
  });

  it('runs concurrent requests in parallel and times every stage in /metrics', async () => {
    const before = await metric(`ovms_responses{name="${DEMO_MODEL}",api="V3",method="Unary",interface="REST"}`);
    const bodies = await Promise.all([1, 2, 3].map((seed) =>
      post('/v3/images/generations', JSON.stringify({ model: DEMO_MODEL, prompt: 'cat', rng_seed: seed, ...SMALL }))));
    expect(bodies.map((response) => response.status)).to.deep.equal([200, 200, 200]);
    expect(new Set(bodies.map((response) => response.body.replace(/"created":\d+/, ''))).size, 'different seeds, different images').to.equal(3);
    expect(await metric(`ovms_responses{name="${DEMO_MODEL}",api="V3",method="Unary",interface="REST"}`)).to.equal(before + 3);
    for (const [node, calculator] of [['PromptEncoder', 'PromptEncoderCalculator'], ['Denoiser', 'DenoiseCalculator'],
      ['VaeDecoder', 'VaeDecoderCalculator'], ['PngEncoder', 'PngEncoderCalculator']]) {
      const count = await metric(`pictograph_node_process_time_us_count{name="${DEMO_MODEL}",node="${node}",calculator="${calculator}"}`);
      expect(count, node).to.be.at.least(3);
    }
  });

  it('stops denoising when the client disconnects', async () => {
    const steps = `pictograph_node_process_time_us_count{name="${DEMO_MODEL}",node="Denoiser",calculator="DenoiseCalculator"}`;
    const current = `ovms_current_graphs{name="${DEMO_MODEL}"}`;
    const start = await metric(steps);
    // curl, so that killing it closes the connection as a client going away does.
    const client = spawn('curl', ['-sS', `${server.url}/v3/images/generations`, '-H', 'Content-Type: application/json', '-d',
      JSON.stringify({ model: DEMO_MODEL, prompt: 'cat', size: '64x64', num_inference_steps: LONG_STEPS })], { stdio: 'ignore' });
    const deadline = Date.now() + 60_000;
    while ((await metric(steps)) < start + 3) {
      if (Date.now() > deadline) throw new Error('the long request never started denoising');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    client.kill('SIGKILL');
    while ((await metric(current)) !== 0) {
      if (Date.now() > deadline) throw new Error('the run was not cancelled');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const atCancel = await metric(steps);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await metric(steps), 'no step after the cancellation').to.equal(atCancel);
    expect(atCancel - start).to.be.below(LONG_STEPS);
    expect(await metric(`ovms_graph_error{name="${DEMO_MODEL}",api="V3",method="Unary",interface="REST"}`)).to.be.at.least(1);
    // And the servable still serves.
    expect((await post('/v3/images/generations', JSON.stringify({ model: DEMO_MODEL, prompt: 'cat', ...SMALL }))).status).to.equal(200);
  });
});
