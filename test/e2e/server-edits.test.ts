/**
 * Image edits end to end through the server process: one config.json serves tiny SD 1.5, its 9-channel inpainting
 * variant and SD 1.5 without vae_encoder/ (each an OVMS-written graph.pbtxt). The OVMS demo's edit requests (curl
 * `-F` forms, the OpenAI Python and Node SDKs) for image-to-image, inpainting and outpainting, at small sizes (512x512
 * takes minutes on the tiny model), give GenAI's pixels; bad inputs get OVMS's status and a message naming the field.
 */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { encode } from 'fast-png';
import OpenAI, { toFile } from 'openai';
import { ovmsGraphTemplate } from '../../bin/serve/ovms-graph-template.js';
import {
  imageParsingFailed, notSupportedFormat, tooManyPixels, DEFAULT_IMAGE_LIMITS, UNKNOWN_IMAGE_TYPE,
} from '../../calculators/image/image-decoder.js';
import {
  IMAGE2IMAGE_NOT_AVAILABLE, imageTooSmall, INPAINTING_NOT_AVAILABLE, inpaintingOneImage, TEXT2IMAGE_NOT_AVAILABLE,
} from '../../calculators/pipeline/generation-config.js';
import { sizeNotJoinable } from '../../calculators/pipeline/diffusion-model.js';
import * as messages from '../../calculators/request/request-messages.js';
import { decodeRgbPng, genaiGenerateBatch, type GenaiOutcome, type GenaiRequest, type RgbImage } from '../support/genai-reference.js';
import { withoutComponent } from '../support/model-variants.js';
import { sharedDataDir, venvPython } from '../support/paths.js';
import { encodeTestPng, ihdr, PNG_SIGNATURE, pngChunk } from '../support/png-writer.js';
import { runProcess } from '../support/process.js';
import { pngSize, responseImages } from '../support/served-model.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { tinyModel } from '../support/tiny-models.js';

/** The served names: a model serving every mode, a dedicated inpainting model, a text-to-image-only model. */
const SD15 = 'tiny/sd15';
const INPAINT = 'tiny/sd15-inpaint';
const T2I_ONLY = 'tiny/sd15-without-vae-encoder';

const data = (file: string): string => join(sharedDataDir, file);

/** One edit as a client sends it; the wire names are OVMS's. */
interface EditCall {
  readonly model: string;
  readonly prompt: string;
  readonly image: string;
  readonly mask?: string;
  readonly size?: string;
  readonly num_inference_steps: number;
  readonly strength?: number;
  readonly rng_seed: number;
  readonly n?: number;
}

type Client = 'curl' | 'fetch' | 'python' | 'node';

const FIELDS = ['size', 'num_inference_steps', 'strength', 'rng_seed', 'n'] as const;

/** The demo's pictures, and two the suite writes: a 77x45 picture (not a multiple of the VAE scale factor) and a 32x48 mask. */
type Picture = 'cat.png' | 'cat_mask.png' | 'outpaint_input.png' | 'outpaint_mask.png' | 'odd.png' | 'small-mask.png';

/** One edit as a client sends it (pictures by name); the wire names are OVMS's. */
interface EditRequest extends Omit<EditCall, 'image' | 'mask'> {
  readonly image: Picture;
  readonly mask?: Picture;
}

/** A served edit that GenAI must reproduce pixel for pixel. */
interface ParityCase {
  readonly label: string;
  readonly client: Client;
  readonly request: EditRequest;
  /** What comes back: count and size of the PNGs. */
  readonly expected: { readonly count: number; readonly width: number; readonly height: number };
}

const PROMPT = 'a tiger sitting on a bench';
const PARITY_CASES: readonly ParityCase[] = [
  { label: 'image-to-image, curl -F, the 512x512 cat resized to size 64x64, strength 0.67', client: 'curl',
    request: { model: SD15, prompt: PROMPT, image: 'cat.png', size: '64x64', num_inference_steps: 3, strength: 0.67, rng_seed: 409 },
    expected: { count: 1, width: 64, height: 64 } },
  { label: 'image-to-image, fetch, no size: the 77x45 image\'s size rounded down (76x44), default strength 0.8', client: 'fetch',
    request: { model: SD15, prompt: PROMPT, image: 'odd.png', num_inference_steps: 5, rng_seed: 7 },
    expected: { count: 1, width: 76, height: 44 } },
  { label: 'image-to-image, the OVMS demo\'s Python snippet (extra_body, strength 0.67), n = 2', client: 'python',
    request: { model: SD15, prompt: PROMPT, image: 'cat.png', size: '64x64', num_inference_steps: 3, strength: 0.67, rng_seed: 409, n: 2 },
    expected: { count: 2, width: 64, height: 64 } },
  { label: 'inpainting, the OVMS demo\'s curl (-F image=@cat.png -F mask=@cat_mask.png, an RGBA mask), size 64x64 instead of 512x512',
    client: 'curl',
    request: { model: SD15, prompt: PROMPT, image: 'cat.png', mask: 'cat_mask.png', size: '64x64', num_inference_steps: 3, rng_seed: 409 },
    expected: { count: 1, width: 64, height: 64 } },
  { label: 'inpainting, the Python SDK with mask=, a 9-channel inpainting model, no size (the model\'s own), n = 2', client: 'python',
    request: { model: INPAINT, prompt: PROMPT, image: 'cat.png', mask: 'cat_mask.png', num_inference_steps: 3, rng_seed: 409, n: 2 },
    expected: { count: 2, width: 64, height: 64 } },
  { label: 'inpainting, the Node SDK (toFile), a 32x48 mask on a 512x512 image (resized, as GenAI), strength 0.9', client: 'node',
    request: { model: SD15, prompt: PROMPT, image: 'cat.png', mask: 'small-mask.png', size: '64x64', num_inference_steps: 4, strength: 0.9, rng_seed: 3 },
    expected: { count: 1, width: 64, height: 64 } },
  { label: 'outpainting, curl -F with the demo\'s 768x768 outpaint_input.png and outpaint_mask.png, size 96x64 instead of 768x768',
    client: 'curl',
    request: { model: SD15, prompt: PROMPT, image: 'outpaint_input.png', mask: 'outpaint_mask.png', size: '96x64', num_inference_steps: 3, rng_seed: 409 },
    expected: { count: 1, width: 96, height: 64 } },
];

describe('image edits through the server process (tiny SD 1.5, its inpainting variant, one without vae_encoder/)', function () {
  let root: string;
  let server: ServerProcess;
  /** Served name → model directory. */
  let modelDirs: Record<string, string>;
  let genai: Promise<GenaiOutcome[]>;

  const pathOf = (picture: Picture): string => (picture === 'odd.png' || picture === 'small-mask.png' ? join(root, picture) : data(picture));
  const callOf = (request: EditRequest): EditCall =>
    ({ ...request, image: pathOf(request.image), mask: request.mask === undefined ? undefined : pathOf(request.mask) });

  /** The PNGs one client gets for `call`. */
  async function edit(client: Client, call: EditCall): Promise<Uint8Array[]> {
    const fields = Object.fromEntries(FIELDS.filter((key) => call[key] !== undefined).map((key) => [key, String(call[key])]));
    switch (client) {
      case 'curl': {
        const result = await runProcess('curl', ['-sS', '--fail-with-body', `${server.url}/v3/images/edits`, '-F', `model=${call.model}`,
          '-F', `prompt=${call.prompt}`, '-F', `image=@${call.image}`, ...(call.mask === undefined ? [] : ['-F', `mask=@${call.mask}`]),
          ...Object.entries(fields).flatMap(([key, value]) => ['-F', `${key}=${value}`])], { cwd: sharedDataDir, timeoutMs: 120_000 });
        expect(result.code, `${result.stderr}${result.stdout}`).to.equal(0);
        return [...responseImages(result.stdout)];
      }
      case 'fetch': {
        const form = new FormData();
        for (const [key, value] of Object.entries({ model: call.model, prompt: call.prompt, ...fields })) form.append(key, value);
        form.append('image', new Blob([readFileSync(call.image)]), basename(call.image));
        if (call.mask !== undefined) form.append('mask', new Blob([readFileSync(call.mask)]), basename(call.mask));
        const response = await fetch(`${server.url}/v3/images/edits`, { method: 'POST', body: form });
        const body = await response.text();
        expect(response.status, body).to.equal(200);
        return [...responseImages(body)];
      }
      case 'python': {
        // The seed's snippet: OVMS's fields in extra_body, the files opened as the demo opens them.
        const result = await runProcess(venvPython, ['-c', `
import json, sys
from openai import OpenAI
call = json.loads(sys.argv[1])
client = OpenAI(base_url="${server.url}/v3", api_key="unused", max_retries=0)
files = {"mask": open(call["mask"], "rb")} if "mask" in call else {}
count = {"n": call["n"]} if "n" in call else {}
extra = {key: call[key] for key in ("rng_seed", "size", "num_inference_steps", "strength") if key in call}
response = client.images.edit(model=call["model"], image=open(call["image"], "rb"), prompt=call["prompt"], extra_body=extra, **files, **count)
print(json.dumps([image.b64_json for image in response.data]))
`, JSON.stringify(call)], { cwd: sharedDataDir, timeoutMs: 120_000 });
        expect(result.code, result.stderr).to.equal(0);
        return (JSON.parse(result.stdout) as string[]).map((b64) => new Uint8Array(Buffer.from(b64, 'base64')));
      }
      case 'node': {
        const client = new OpenAI({ baseURL: `${server.url}/v3`, apiKey: 'unused', maxRetries: 0 });
        const file = async (path: string): Promise<File> => toFile(readFileSync(path), basename(path), { type: 'image/png' });
        // OVMS's fields go next to the OpenAI ones; `size` is any WxH here, not only OpenAI's list.
        const params = {
          model: call.model, prompt: call.prompt, image: await file(call.image),
          ...(call.mask === undefined ? {} : { mask: await file(call.mask) }),
          ...Object.fromEntries(FIELDS.filter((key) => call[key] !== undefined).map((key) => [key, call[key]])),
        } as OpenAI.ImageEditParamsNonStreaming;
        const response = await client.images.edit(params);
        return (response.data ?? []).map((image) => new Uint8Array(Buffer.from(image.b64_json ?? '', 'base64')));
      }
    }
  }

  function genaiRequest({ request }: ParityCase): GenaiRequest {
    const [width, height] = request.size === undefined ? [undefined, undefined] : request.size.split('x').map(Number);
    return {
      modelDir: modelDirs[request.model] as string, mode: request.mask === undefined ? 'image2image' : 'inpainting', prompt: request.prompt,
      image: pathOf(request.image), mask: request.mask === undefined ? undefined : pathOf(request.mask), width, height,
      steps: request.num_inference_steps, strength: request.strength, seed: request.rng_seed, n: request.n,
    };
  }

  const pixelsEqual = (a: RgbImage, b: RgbImage): boolean =>
    a.width === b.width && a.height === b.height && Buffer.from(a.pixels).equals(Buffer.from(b.pixels));

  before(async function () {
    this.timeout(300_000);
    const sd15 = await tinyModel('sd15');
    modelDirs = { [SD15]: sd15, [INPAINT]: await tinyModel('sd15-inpaint'), [T2I_ONLY]: withoutComponent(sd15, 'vae_encoder') };
    root = mkdtempSync(join(tmpdir(), 'pictograph-edits-'));
    writeFileSync(pathOf('odd.png'), encode({ width: 77, height: 45, channels: 3, depth: 8,
      data: Uint8Array.from({ length: 77 * 45 * 3 }, (_, i) => (i * 37 + (i % 3) * 80) & 255) }));
    writeFileSync(pathOf('small-mask.png'), encode({ width: 32, height: 48, channels: 1, depth: 8,
      data: Uint8Array.from({ length: 32 * 48 }, (_, i) => (i % 32 >= 16 ? 255 : 0)) }));

    // OVMS's own layout: a graph.pbtxt per servable, written as OVMS writes it, named in config.json.
    const folders = Object.keys(modelDirs).map((name) => name.replace('/', '-'));
    for (const [i, modelsPath] of Object.values(modelDirs).entries()) {
      mkdirSync(join(root, folders[i] as string));
      writeFileSync(join(root, folders[i] as string, 'graph.pbtxt'),
        ovmsGraphTemplate({ modelsPath, pluginConfig: {}, loraAdapters: [], compositeLoraAdapters: [] }, 'test'));
    }
    writeFileSync(join(root, 'config.json'), JSON.stringify({
      model_config_list: Object.keys(modelDirs).map((name, i) => ({ config: { name, base_path: folders[i] } })),
    }));

    // GenAI runs while the server starts: one Python process for every case plus the pipelines it cannot build.
    genai = genaiGenerateBatch([
      ...PARITY_CASES.map(genaiRequest),
      ...([[INPAINT, 'image2image'], [INPAINT, 'text2image'], [T2I_ONLY, 'image2image'], [T2I_ONLY, 'inpainting']] as const).map(([model, mode]) => ({
        modelDir: modelDirs[model] as string, mode, prompt: PROMPT, image: data('cat.png'), mask: data('cat_mask.png'), width: 64, height: 64, steps: 2,
      })),
    ]);
    genai.catch(() => {});
    server = await startServer(['--config_path', join(root, 'config.json')]);
  });
  after(async () => {
    if (server !== undefined) expect(await server.stop()).to.equal(0);
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });

  describe('served edits give GenAI\'s pixels', () => {
    PARITY_CASES.forEach((testCase, index) => {
      it(testCase.label, async function () {
        this.timeout(300_000);
        const pngs = await edit(testCase.client, callOf(testCase.request));
        const { count, width, height } = testCase.expected;
        expect(pngs.map(pngSize)).to.deep.equal(Array.from({ length: count }, () => ({ width, height })));
        const outcome = (await genai)[index] as GenaiOutcome;
        if ('error' in outcome) throw new Error(`GenAI refused the case: ${outcome.error}`);
        const ours = pngs.map(decodeRgbPng);
        expect(ours.map((image, i) => pixelsEqual(image, outcome.result.images[i] as RgbImage))).to.deep.equal(ours.map(() => true));
      });
    });

    it('every client sends the same request: curl, fetch, the Python SDK and the Node SDK give the same PNG bytes', async function () {
      this.timeout(300_000);
      for (const call of [
        { model: SD15, prompt: 'a tiger', image: data('cat.png'), size: '64x64', num_inference_steps: 3, strength: 0.67, rng_seed: 409 },
        { model: SD15, prompt: 'a tiger', image: data('cat.png'), mask: data('cat_mask.png'), size: '64x64', num_inference_steps: 3, rng_seed: 409 },
      ]) {
        const [reference, ...others] = await Promise.all((['curl', 'fetch', 'python', 'node'] as const).map((client) => edit(client, call)));
        for (const pngs of others) expect(Buffer.from(pngs[0] as Uint8Array).equals(Buffer.from(reference?.[0] as Uint8Array))).to.equal(true);
      }
    });
  });

  it('inpainting runs concurrently (OVMS queues it) and gives what it gives alone', async function () {
    this.timeout(300_000);
    const calls = [1, 2, 3].map((seed) => ({
      model: seed === 2 ? INPAINT : SD15, prompt: 'a tiger', image: data('cat.png'), mask: data('cat_mask.png'),
      size: '64x64', num_inference_steps: 3, rng_seed: seed,
    }));
    const together = await Promise.all(calls.map((call) => edit('fetch', call)));
    for (const [i, call] of calls.entries()) {
      const alone = await edit('fetch', call);
      expect(Buffer.from(alone[0] as Uint8Array).equals(Buffer.from(together[i]?.[0] as Uint8Array)), `seed ${call.rng_seed}`).to.equal(true);
    }
  });

  describe('bad inputs: OVMS\'s status, a message naming the field, never a crash', () => {
    const wrapped = (message: string): string => JSON.stringify({
      error: `Mediapipe execution failed. MP status - INVALID_ARGUMENT: CalculatorGraph::Run() failed: \nCalculator::Process() for node "ImageGenExecutor" failed: ${message}`,
    });
    const precondition = (message: string): string => JSON.stringify({
      error: `Mediapipe graph precondition failed - FAILED_PRECONDITION: CalculatorGraph::Run() failed: \nCalculator::Process() for node "ImageGenExecutor" failed: ${message}`,
    });
    type Part = string | { readonly bytes: Uint8Array; readonly filename: string };
    const cat = (): Part => ({ bytes: readFileSync(data('cat.png')), filename: 'cat.png' });
    const bytes = (content: Uint8Array | string, filename = 'image.png'): Part =>
      ({ bytes: typeof content === 'string' ? Buffer.from(content) : content, filename });
    /** A PNG whose header declares width x height, with a few bytes of data: refused before any pixel is allocated. */
    const declaring = (width: number, height: number): Part => bytes(Buffer.concat([PNG_SIGNATURE, ihdr(width, height, 8, 2),
      pngChunk('IDAT', Uint8Array.of(0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01)), pngChunk('IEND', new Uint8Array(0))]));
    const tga = (): Part => {
      const header = new Uint8Array(18);
      header.set([0, 0, 2], 0);
      header.set([2, 0, 2, 0, 24, 0], 12);
      return bytes(Buffer.concat([header, new Uint8Array(2 * 2 * 3)]), 'image.tga');
    };
    /** A 1x1 picture: smaller than the VAE scale factor (2 on tiny models). */
    const onePixel = (): Part => bytes(encodeTestPng({ width: 1, height: 1, colorType: 2, depth: 8, samples: [200, 10, 10] }));

    async function post(parts: Readonly<Record<string, Part>>, path = '/v3/images/edits'): Promise<{ status: number; body: string }> {
      const form = new FormData();
      for (const [name, part] of Object.entries(parts)) {
        form.append(name, typeof part === 'string' ? part : new Blob([part.bytes]), ...(typeof part === 'string' ? [] : [part.filename]));
      }
      const response = await fetch(`${server.url}${path}`, { method: 'POST', body: form });
      return { status: response.status, body: await response.text() };
    }

    const base = { model: SD15, prompt: 'cat', size: '64x64', num_inference_steps: '2' };
    /** [what, form parts, status, body]; the OVMS text is OVMS's where OVMS has one (see the README's deviations). */
    const ROWS: readonly (readonly [string, () => Readonly<Record<string, Part>>, number, () => string])[] = [
      ['no image part', () => base, 400, () => wrapped(messages.IMAGE_MISSING_IN_MULTIPART)],
      ['image sent as a text field, not a file', () => ({ ...base, image: 'cat.png' }), 400, () => wrapped(messages.IMAGE_MISSING_IN_MULTIPART)],
      ['an empty image file', () => ({ ...base, image: bytes('') }), 400, () => wrapped(messages.IMAGE_MISSING_IN_MULTIPART)],
      ['image[] only (the SDKs\' array form): OVMS finds no image part', () => ({ ...base, 'image[]': cat() }), 400,
        () => wrapped(messages.IMAGE_MISSING_IN_MULTIPART)],
      ['image[] next to image: OVMS\'s whitelist names it', () => ({ ...base, image: cat(), 'image[]': cat() }), 400,
        () => wrapped(messages.unhandledParameter('image[]'))],
      ['a file that is no image', () => ({ ...base, image: bytes('hello, not a picture') }), 400, () => wrapped(imageParsingFailed(UNKNOWN_IMAGE_TYPE))],
      ['a PNG cut after its header', () => ({ ...base, image: bytes(readFileSync(data('cat.png')).subarray(0, 100)) }), 400,
        () => wrapped(imageParsingFailed('truncated PNG'))],
      ['a PNG cut in its pixel data', () => ({ ...base, image: bytes(readFileSync(data('cat.png')).subarray(0, 5000)) }), 400,
        () => wrapped(imageParsingFailed('truncated PNG'))],
      ['a WebP (stb cannot read it either)', () => ({ ...base, image: bytes(Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'), 'image.webp') }), 400,
        () => wrapped(imageParsingFailed(UNKNOWN_IMAGE_TYPE))],
      ['a TGA (stb reads it; refused by name)', () => ({ ...base, image: tga() }), 400, () => wrapped(imageParsingFailed(notSupportedFormat('TGA')))],
      ['a PNG declaring 100000x100000 in 70 bytes (stb\'s own limit)', () => ({ ...base, image: declaring(100_000, 100_000) }), 400,
        () => wrapped(imageParsingFailed('too large'))],
      ['a PNG declaring 8200x8200 (above the 8192x8192-pixel limit)', () => ({ ...base, image: declaring(8200, 8200) }), 400,
        () => wrapped(imageParsingFailed(tooManyPixels(8200, 8200, DEFAULT_IMAGE_LIMITS.maxPixels)))],
      ['a 1x1 image without size', () => ({ model: SD15, prompt: 'cat', image: onePixel() }), 400,
        () => wrapped(imageTooSmall({ width: 1, height: 1 }, 2))],
      ['a size the UNet cannot join back (GenAI fails inside it)', () => ({ ...base, image: cat(), size: '66x64' }), 400,
        () => wrapped(sizeNotJoinable(4, 66, 64))],
      ['a corrupt mask (named)', () => ({ ...base, image: cat(), mask: bytes('not a mask', 'mask.png') }), 400,
        () => wrapped(imageParsingFailed(`mask: ${UNKNOWN_IMAGE_TYPE}`))],
      ['strength 1.5', () => ({ ...base, image: cat(), strength: '1.5' }), 400, () => wrapped(messages.STRENGTH_ABOVE_MAX)],
      ['strength -0.1', () => ({ ...base, image: cat(), strength: '-0.1' }), 400, () => wrapped(messages.STRENGTH_BELOW_MIN)],
      ['strength "strong"', () => ({ ...base, image: cat(), strength: 'strong' }), 400, () => wrapped(messages.notAFloat('strength'))],
      ['strength nan', () => ({ ...base, image: cat(), strength: 'nan' }), 400, () => wrapped(messages.notAFloat('strength'))],
      ['the image is decoded before the options are checked (OVMS\'s order)', () => ({ ...base, image: bytes('x'), strength: '2' }), 400,
        () => wrapped(imageParsingFailed(UNKNOWN_IMAGE_TYPE))],
      ['4-channel inpainting with n = 2 (GenAI fails after encoding)', () => ({ ...base, image: cat(), mask: cat(), n: '2' }), 400,
        () => wrapped(inpaintingOneImage(2))],
      ['a dedicated inpainting model without mask', () => ({ ...base, model: INPAINT, image: cat() }), 412, () => precondition(IMAGE2IMAGE_NOT_AVAILABLE)],
      ['a dedicated inpainting model: a bad image is still found first', () => ({ ...base, model: INPAINT, image: bytes('x') }), 400,
        () => wrapped(imageParsingFailed(UNKNOWN_IMAGE_TYPE))],
      ['a model without vae_encoder/: image-to-image', () => ({ ...base, model: T2I_ONLY, image: cat() }), 412, () => precondition(IMAGE2IMAGE_NOT_AVAILABLE)],
      ['a model without vae_encoder/: inpainting, before the mask is decoded', () => ({ ...base, model: T2I_ONLY, image: cat(), mask: bytes('x') }), 412,
        () => precondition(INPAINTING_NOT_AVAILABLE)],
    ];
    for (const [what, parts, status, body] of ROWS) {
      it(`${what} → ${status}`, async () => {
        expect(await post(parts())).to.deep.equal({ status, body: body() });
      });
    }

    it('a dedicated inpainting model refuses generations with OVMS\'s 412; the model without vae_encoder/ generates', async () => {
      const generate = async (model: string): Promise<{ status: number; body: string }> => {
        const response = await fetch(`${server.url}/v3/images/generations`, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model, prompt: 'cat', size: '64x64', num_inference_steps: 2 }),
        });
        return { status: response.status, body: await response.text() };
      };
      expect(await generate(INPAINT)).to.deep.equal({ status: 412, body: precondition(TEXT2IMAGE_NOT_AVAILABLE) });
      const served = await generate(T2I_ONLY);
      expect(served.status, served.body).to.equal(200);
      expect(responseImages(served.body).map(pngSize)).to.deep.equal([{ width: 64, height: 64 }]);
    });

    it('GenAI cannot build the pipelines refused with 412 either', async function () {
      this.timeout(300_000);
      const refused = (await genai).slice(PARITY_CASES.length).map((outcome) => ('error' in outcome ? outcome.error : 'generated'));
      const reasons = [/Unsupported image to image generation pipeline 'StableDiffusionInpaintPipeline'/,
        /Unsupported text to image generation pipeline 'StableDiffusionInpaintPipeline'/, /vae_encoder/, /vae_encoder/];
      refused.forEach((error, i) => expect(error).to.match(reasons[i] as RegExp));
    });

    it('an empty mask part is image-to-image, as in OVMS; a mask sent as text is no mask', async () => {
      const i2i = await post({ ...base, image: cat(), rng_seed: '5' });
      const emptyMask = await post({ ...base, image: cat(), rng_seed: '5', mask: bytes('', 'mask.png') });
      const textMask = await post({ ...base, image: cat(), rng_seed: '5', mask: 'mask.png' });
      expect([i2i.status, emptyMask.status, textMask.status], i2i.body).to.deep.equal([200, 200, 200]);
      const image = (response: { body: string }): Buffer => Buffer.from(responseImages(response.body)[0] as Uint8Array);
      expect(image(emptyMask).equals(image(i2i))).to.equal(true);
      expect(image(textMask).equals(image(i2i))).to.equal(true);
    });

    it('the server still serves after every bad input', async () => {
      expect((await fetch(`${server.url}/v2/health/ready`)).status).to.equal(200);
      expect(server.child.exitCode).to.equal(null);
    });
  });
});
