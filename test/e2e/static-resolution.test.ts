/**
 * @module test/e2e/static-resolution.test
 * OVMS's static resolutions on the tiny SD 1.5 model: one resolution reshapes every model (pixels identical to GenAI
 * reshaped the same way, through the server process started with `--resolution`, an OVMS-format graph.pbtxt, and
 * the graph in process), requests at another size, n or guidance get OVMS's 400 messages; several resolutions serve
 * each listed size, refuse others, and default to the first.
 */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { editsNeedStaticBatchOne } from '../../calculators/pipeline/static-shape.js';
import {
  NPU_GUIDANCE_SCALE_MISMATCH, NPU_NUM_IMAGES_MISMATCH, npuResolutionNotSupported,
} from '../../calculators/request/request-messages.js';
import { decodeRgbPng, genaiGenerateBatch, type GenaiOutcome, type GenaiRequest, type RgbImage } from '../support/genai-reference.js';
import { generationPool } from '../support/generation-graph.js';
import { pngSize, responseImages } from '../support/served-model.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { tinyModel } from '../support/tiny-models.js';

const PROMPT = 'a lighthouse at dusk';
const STEPS = 2;

interface Reply {
  readonly status: number;
  readonly body: string;
}

async function postJson(server: ServerProcess, body: Readonly<Record<string, unknown>>, guidanceText?: string): Promise<Reply> {
  // OVMS reads guidance_scale only from a float literal ("5.0"), which JSON.stringify does not write for whole numbers.
  let text = JSON.stringify(body);
  if (guidanceText !== undefined) text = text.replace(/}$/, `,"guidance_scale":${guidanceText}}`);
  const response = await fetch(`${server.url}/v3/images/generations`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: text,
  });
  return { status: response.status, body: await response.text() };
}

/** The calculator's own message at the end of OVMS's wrapped error text. */
function errorMessage(reply: Reply): string {
  const { error } = JSON.parse(reply.body) as { error: string };
  return error.slice(error.lastIndexOf('failed: ') + 'failed: '.length);
}

const pixelsOf = (reply: Reply): RgbImage[] => responseImages(reply.body).map(decodeRgbPng);
const sizesOf = (reply: Reply): string[] => responseImages(reply.body).map((png) => `${pngSize(png).width}x${pngSize(png).height}`);
const sameImages = (ours: readonly RgbImage[], theirs: readonly RgbImage[]): boolean => ours.length === theirs.length
  && ours.every((image, i) => image.width === theirs[i]?.width && Buffer.from(image.pixels).equals(Buffer.from(theirs[i]?.pixels ?? [])));

function reference(outcome: GenaiOutcome | undefined): RgbImage[] {
  if (outcome === undefined || 'error' in outcome) return expect.fail(`GenAI failed: ${outcome === undefined ? '?' : outcome.error}`);
  return outcome.result.images;
}

/** OVMS's generated graph (§3.1 of the reference) with the given ImageGenCalculatorOptions lines. */
function ovmsGraph(options: readonly string[]): string {
  return [
    '# File created with: OpenVINO Model Server 2026.3.0', '# OVMS_GRAPH_QUEUE_MAX_SIZE: AUTO', '',
    'input_stream: "HTTP_REQUEST_PAYLOAD:input"', 'output_stream: "HTTP_RESPONSE_PAYLOAD:output"', '',
    'node: {', '  name: "ImageGenExecutor"', '  calculator: "ImageGenCalculator"', '  input_stream: "HTTP_REQUEST_PAYLOAD:input"',
    '  input_side_packet: "IMAGE_GEN_NODE_RESOURCES:pipes"', '  output_stream: "HTTP_RESPONSE_PAYLOAD:output"',
    '  node_options: {', '      [type.googleapis.com / mediapipe.ImageGenCalculatorOptions]: {',
    ...options.map((line) => `          ${line}`), '      }', '  }', '}', '',
  ].join('\n');
}

describe('static resolutions (tiny SD 1.5)', function () {
  this.timeout(300_000);
  let modelDir: string;
  let root: string;
  /** `--resolution 64x64 --num_images_per_prompt 2 --guidance_scale 5`. */
  let flags: ServerProcess;
  /** config.json: "static" (graph.pbtxt, resolution "64x64") and "several" (graph.pbtxt, resolution "64x64 32x48"). */
  let graphs: ServerProcess;
  /** GenAI reshaped as each server's static servable: [2, 64, 64, 5], [1, 64, 64, 7.5], and in process [1, 48, 32, 1]. */
  let references: GenaiOutcome[] = [];
  const genaiRequests: readonly Omit<GenaiRequest, 'modelDir'>[] = [
    { mode: 'text2image', prompt: PROMPT, steps: STEPS, seed: 11, width: 64, height: 64, n: 2, guidance: 5,
      reshape: { n: 2, height: 64, width: 64, guidance: 5 } },
    { mode: 'text2image', prompt: PROMPT, steps: STEPS, seed: 12, width: 64, height: 64, guidance: 7.5,
      reshape: { n: 1, height: 64, width: 64, guidance: 7.5 } },
    { mode: 'text2image', prompt: PROMPT, steps: STEPS, seed: 13, width: 32, height: 48, guidance: 1,
      reshape: { n: 1, height: 48, width: 32, guidance: 1 } },
  ];

  before(async () => {
    modelDir = await tinyModel('sd15');
    root = mkdtempSync(join(tmpdir(), 'pictograph-static-'));
    for (const [name, resolution] of [['static', '64x64'], ['several', '64x64 32x48']] as const) {
      mkdirSync(join(root, name));
      writeFileSync(join(root, name, 'graph.pbtxt'), ovmsGraph([`models_path: "${modelDir}"`, 'device: "CPU"', `resolution: "${resolution}"`]));
    }
    writeFileSync(join(root, 'config.json'), JSON.stringify({
      model_config_list: [{ config: { name: 'static', base_path: 'static' } }, { config: { name: 'several', base_path: 'several' } }],
    }));
    [flags, graphs, references] = await Promise.all([
      startServer(['--model_name', 'tiny', '--model_path', modelDir, '--task', 'image_generation', '--resolution', '64x64',
        '--num_images_per_prompt', '2', '--guidance_scale', '5']),
      startServer(['--config_path', join(root, 'config.json')]),
      genaiGenerateBatch(genaiRequests.map((request) => ({ ...request, modelDir }))),
    ]);
  });
  after(async () => {
    for (const server of [flags, graphs]) if (server !== undefined) expect(await server.stop()).to.equal(0);
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });

  describe('--resolution 64x64 --num_images_per_prompt 2 --guidance_scale 5', () => {
    it('answers a request without size, n or guidance with the pixels of GenAI reshape(2, 64, 64, 5)', async () => {
      const reply = await postJson(flags, { model: 'tiny', prompt: PROMPT, num_inference_steps: STEPS, rng_seed: 11 });
      expect(reply.status, reply.body).to.equal(200);
      expect(sameImages(pixelsOf(reply), reference(references[0]))).to.equal(true);
    });

    it('gives the same images when the request names the static size, n and guidance', async () => {
      const reply = await postJson(flags, { model: 'tiny', prompt: PROMPT, num_inference_steps: STEPS, rng_seed: 11, size: '64x64', n: 2 }, '5.0');
      expect(reply.status, reply.body).to.equal(200);
      expect(sameImages(pixelsOf(reply), reference(references[0]))).to.equal(true);
    });

    const refused: readonly [string, Readonly<Record<string, unknown>>, string | undefined, string][] = [
      ['another size', { size: '32x32' }, undefined, npuResolutionNotSupported(32n, 32n)],
      ['another n', { n: 1 }, undefined, NPU_NUM_IMAGES_MISMATCH],
      ['another guidance_scale', {}, '7.5', NPU_GUIDANCE_SCALE_MISMATCH],
    ];
    for (const [what, fields, guidance, message] of refused) {
      it(`refuses ${what}: 400 "${message}"`, async () => {
        const reply = await postJson(flags, { model: 'tiny', prompt: PROMPT, num_inference_steps: STEPS, ...fields }, guidance);
        expect([reply.status, errorMessage(reply)]).to.deep.equal([400, message]);
      });
    }

    it('refuses an image edit with 400: GenAI encodes the image with batch 1, the static VAE encoder takes 2', async () => {
      const form = new FormData();
      form.set('model', 'tiny');
      form.set('prompt', PROMPT);
      const png = encode({ width: 64, height: 64, data: new Uint8Array(64 * 64 * 3).fill(128), channels: 3, depth: 8 });
      form.set('image', new Blob([png], { type: 'image/png' }), 'grey.png');
      const response = await fetch(`${flags.url}/v3/images/edits`, { method: 'POST', body: form });
      const reply = { status: response.status, body: await response.text() };
      expect([reply.status, errorMessage(reply)]).to.deep.equal([400, editsNeedStaticBatchOne(2)]);
    });
  });

  describe('OVMS-format graph.pbtxt files (config.json)', () => {
    it('resolution "64x64": loads, serves the pixels of GenAI reshape(1, 64, 64, 7.5), refuses other sizes', async () => {
      const reply = await postJson(graphs, { model: 'static', prompt: PROMPT, num_inference_steps: STEPS, rng_seed: 12 });
      expect(reply.status, reply.body).to.equal(200);
      expect(sameImages(pixelsOf(reply), reference(references[1]))).to.equal(true);
      const other = await postJson(graphs, { model: 'static', prompt: PROMPT, num_inference_steps: STEPS, size: '32x48' });
      expect([other.status, errorMessage(other)]).to.deep.equal([400, npuResolutionNotSupported(32n, 48n)]);
    });

    it('resolution "64x64 32x48": serves both sizes (64x64 by default, the first listed) and refuses a third', async () => {
      const request = { model: 'several', prompt: PROMPT, num_inference_steps: 1 };
      const [byDefault, listed, unlisted, twoImages] = await Promise.all([
        postJson(graphs, request), postJson(graphs, { ...request, size: '32x48' }), postJson(graphs, { ...request, size: '48x32' }),
        postJson(graphs, { ...request, n: 2 }),
      ]);
      expect([byDefault.status, listed.status], `${byDefault.body.slice(0, 200)} ${listed.body.slice(0, 200)}`).to.deep.equal([200, 200]);
      expect([sizesOf(byDefault), sizesOf(listed)]).to.deep.equal([['64x64'], ['32x48']]);
      expect([unlisted.status, errorMessage(unlisted)]).to.deep.equal([400, npuResolutionNotSupported(48n, 32n)]);
      // OVMS compares n (and guidance_scale) with the static defaults 1 (and 7.5) even when nothing is reshaped.
      expect([twoImages.status, errorMessage(twoImages)]).to.deep.equal([400, NPU_NUM_IMAGES_MISMATCH]);
    });
  });

  it('in process, resolution "32x48" with guidance_scale 1 (no CFG: batch 1 everywhere) gives GenAI reshape(1, 48, 32, 1)\'s pixels', async () => {
    const { generate, pool } = await generationPool(modelDir, 0, { resolution: '32x48', guidance_scale: 1 });
    const result = await generate({ prompt: PROMPT, num_inference_steps: STEPS, rng_seed: 13 });
    expect(sameImages(result.images, reference(references[2]))).to.equal(true);
    await pool.close();
  });
});
