/**
 * @module bin/commands/generate
 * `pictograph generate`: one image request through the same graph the server runs for `--task image_generation`,
 * without HTTP. The flags become an OpenAI-style JSON request to `/v3/images/generations`, or with --image the
 * multipart form of `/v3/images/edits` (image and mask as file parts, as the HTTP layer parses it); the PNGs come back
 * in the graph's response body and are written to --out (FILE-0.png, FILE-1.png, … for --n > 1).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { loadOpenVino, OpenVinoError, OpenVinoNotFoundError } from '../../calculators/openvino/index.js';
import {
  loadImageGenerationServable, type ImageGenerationServable,
} from '../../calculators/pipeline/image-generation-servable.js';
import { prepareImageGenPipelineArgs, type ImageGenCalculatorOptions } from '../../calculators/request/image-gen-options.js';
import { isJsonObject, parseJson } from '../../calculators/request/json-value.js';
import { MultipartForm, type MultipartFile } from '../../calculators/request/multipart-form.js';
import type { RequestPayload } from '../../calculators/request/request-payload.js';
import { isSchedulerTypeName, SCHEDULER_TYPE_CLASSES, type SchedulerTypeName } from '../../calculators/schedulers/scheduler-types.js';
import { createCalculatorRegistry } from '../../calculators/registry.js';
import type { DenoiseProgress } from '../../calculators/denoise/denoise-calculator.js';
import {
  CalculatorGraph, createEnvironment, GraphError, GraphRunError, type Packet, type ValidatedGraph,
} from '../../engine/index.js';
import { buildImageGenerationGraph, GRAPH_STREAMS, imageGenOptionsOf } from '../../graphs/image-generation-graph.js';
import { type Command, type CommandIo, UsageError } from '../command.js';
import { parseCommandFlags } from '../command-flags.js';
import { openVinoLoadOptions } from '../openvino-options.js';

const USAGE = `Usage: pictograph generate --model DIR --prompt TEXT --out FILE.png [--negative_prompt TEXT] [--size WxH]
                          [--steps N] [--guidance G] [--seed S] [--n N] [--scheduler NAME]
                          [--image FILE [--mask FILE] [--strength S]] [--device DEVICE]
                          [--ov_binding auto|c|node] [--timings] [--progress]

Runs one request through the server's image_generation graph (no HTTP) and writes the PNG(s): FILE.png, or
FILE-0.png, FILE-1.png, ... when --n is above 1. Text-to-image by default; with --image an edit (/v3/images/edits):
image-to-image, or inpainting with --mask (outpainting is inpainting with the image on a larger canvas). Unset values
take the model's defaults as the server does (steps: 50; guidance: 7.5, LCM 8.5; seed: 42; strength: 0.8 for
image-to-image, 1.0 for inpainting; size: unet.sample_size x VAE scale, but for image-to-image the image's size rounded
down to a multiple of the VAE scale).

  --model DIR           an OpenVINO diffusers export (model_index.json, text_encoder/, unet/, vae_decoder/, ...)
  --prompt TEXT         what to draw
  --out FILE.png        where to write the image
  --negative_prompt T   what to avoid (needs --guidance above 1; not for LCM)
  --size WxH            image size in pixels, each a multiple of the VAE scale factor (8 for real models)
  --steps N             denoising steps (1..100)
  --guidance G          classifier-free guidance scale (a number; above 1 enables CFG)
  --seed S              rng_seed, 0..18446744073709551615 (GenAI uses the low 32 bits)
  --n N                 images per prompt (1..10)
  --scheduler NAME      use another scheduler with the model's scheduler config: ${Object.keys(SCHEDULER_TYPE_CLASSES).join(', ')}
  --image FILE          edit this image (PNG, JPEG, BMP, GIF, PPM/PGM; alpha is dropped)
  --mask FILE           inpaint: white pixels are repainted (needs --image; resized to the image when sizes differ)
  --strength S          how much of the image is repainted, 0..1 (needs --image)
  --device DEVICE       one device, or three space-separated (text encoder, denoiser, VAE); default CPU
  --ov_binding B        the OpenVINO binding: auto (default), c or node
  --timings             print {"load_ms", "generate_ms", "images", "peak_rss_mb"} as JSON on stderr
  --progress            print "step K/N" on stderr after each denoising step
`;

export interface GenerateFlags {
  readonly model: string;
  readonly prompt: string;
  readonly out: string;
  readonly negativePrompt?: string;
  readonly size?: string;
  readonly steps?: bigint;
  readonly guidance?: number;
  readonly seed?: bigint;
  readonly n?: bigint;
  readonly scheduler?: SchedulerTypeName;
  /** An edit: the image file (absolute path), the mask file, the strength. */
  readonly image?: string;
  readonly mask?: string;
  readonly strength?: number;
  readonly device?: string;
  readonly binding?: string;
  readonly timings: boolean;
  readonly progress: boolean;
}

const UINT64_MAX = 2n ** 64n - 1n;
/** The endpoints the request imitates (the graph's request node routes on them). */
const GENERATIONS_URI = '/v3/images/generations';
const EDITS_URI = '/v3/images/edits';
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The request field each flag becomes, to name the flag in errors about that field. */
const FLAG_OF_FIELD: readonly (readonly [field: RegExp, flag: string])[] = [
  [/\bnum_inference_steps\b/, '--steps'], [/\bguidance_scale\b/, '--guidance'], [/\bnegative_prompt\b/, '--negative_prompt'],
  [/\bnum_images_per_prompt\b|\bn field\b/, '--n'], [/\brng_seed\b/, '--seed'], [/\bwidth\b|\bheight\b|\bsize\b/, '--size'],
  [/\bprompt field\b/, '--prompt'], [/\bstrength\b/, '--strength'],
  // The request node's mask decode errors read "Image parsing failed: mask: …"; the image's lack the "mask: ".
  [/^Image parsing failed: mask: /, '--mask'], [/^Image parsing failed: (?!mask: )|\bthe image \(/, '--image'],
];

function unsignedFlag(flag: string, text: string | undefined, min: bigint, max: bigint): bigint | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || BigInt(text) < min || BigInt(text) > max) {
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max}, got '${text}'`);
  }
  return BigInt(text);
}

function numberFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!FLOAT.test(text) || !Number.isFinite(Number(text))) throw new UsageError(`--${flag} must be a number, got '${text}'`);
  return Number(text);
}

export function parseGenerateFlags(argv: readonly string[], cwd: string): GenerateFlags | 'help' {
  const flags = parseCommandFlags(argv, {
    model: { type: 'string' }, prompt: { type: 'string' }, out: { type: 'string' }, negative_prompt: { type: 'string' },
    size: { type: 'string' }, steps: { type: 'string' }, guidance: { type: 'string' }, seed: { type: 'string' },
    n: { type: 'string' }, scheduler: { type: 'string' }, image: { type: 'string' }, mask: { type: 'string' },
    strength: { type: 'string' }, device: { type: 'string' }, ov_binding: { type: 'string' },
    timings: { type: 'boolean' }, progress: { type: 'boolean' },
  }, USAGE);
  if (flags === 'help') return 'help';
  const text = (name: string): string | undefined => flags.text(name);
  const required = (name: string): string => {
    const value = text(name);
    if (value === undefined || (value === '' && name !== 'prompt')) throw new UsageError(`--${name} is required\n\n${USAGE}`);
    return value;
  };
  const size = text('size');
  if (size !== undefined && !/^[1-9]\d*x[1-9]\d*$/.test(size)) {
    throw new UsageError(`--size must be WxH with positive integers (e.g. 512x512), got '${size}'`);
  }
  const guidance = numberFlag('guidance', text('guidance'));
  const strength = numberFlag('strength', text('strength'));
  const image = text('image');
  for (const needsImage of ['mask', 'strength']) {
    if (image === undefined && text(needsImage) !== undefined) throw new UsageError(`--${needsImage} needs --image (it is for edits)`);
  }
  for (const file of ['image', 'mask']) {
    if (text(file) === '') throw new UsageError(`--${file} must name a file`);
  }
  const mask = text('mask');
  const scheduler = text('scheduler');
  if (scheduler !== undefined && !isSchedulerTypeName(scheduler)) {
    throw new UsageError(`--scheduler must be one of ${Object.keys(SCHEDULER_TYPE_CLASSES).join(', ')}, got '${scheduler}'`);
  }
  return {
    model: resolve(cwd, required('model')),
    prompt: required('prompt'),
    out: resolve(cwd, required('out')),
    negativePrompt: text('negative_prompt'),
    size,
    steps: unsignedFlag('steps', text('steps'), 1n, UINT64_MAX),
    guidance,
    seed: unsignedFlag('seed', text('seed'), 0n, UINT64_MAX),
    n: unsignedFlag('n', text('n'), 1n, 2n ** 31n - 1n),
    scheduler,
    ...(image === undefined ? {} : { image: resolve(cwd, image) }),
    ...(mask === undefined ? {} : { mask: resolve(cwd, mask) }),
    ...(strength === undefined ? {} : { strength }),
    device: text('device'),
    binding: text('ov_binding'),
    timings: flags.isSet('timings'),
    progress: flags.isSet('progress'),
  };
}

/** A request field a flag sets: its wire name, its text, and whether JSON writes it as a number. */
type RequestField = readonly [name: string, text: string, isNumber: boolean];

/** The request fields the flags set (not the image and mask); guidance_scale is written with a fraction. */
function requestFields(flags: GenerateFlags): RequestField[] {
  const fields: RequestField[] = [['model', basename(flags.model) || 'model', false], ['prompt', flags.prompt, false]];
  if (flags.negativePrompt !== undefined) fields.push(['negative_prompt', flags.negativePrompt, false]);
  if (flags.size !== undefined) fields.push(['size', flags.size, false]);
  if (flags.steps !== undefined) fields.push(['num_inference_steps', String(flags.steps), true]);
  if (flags.guidance !== undefined) fields.push(['guidance_scale', floatLiteral(flags.guidance), true]);
  if (flags.seed !== undefined) fields.push(['rng_seed', String(flags.seed), true]);
  if (flags.n !== undefined) fields.push(['n', String(flags.n), true]);
  if (flags.strength !== undefined) fields.push(['strength', floatLiteral(flags.strength), true]);
  return fields;
}

/** OVMS takes only float literals (with a fraction or exponent) where it wants a float in JSON. */
function floatLiteral(value: number): string {
  const text = String(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

/** The OpenAI-style JSON request body of a text-to-image request. */
export function requestBody(flags: GenerateFlags): string {
  return `{${requestFields(flags).map(([name, text, isNumber]) => `${JSON.stringify(name)}:${isNumber ? text : JSON.stringify(text)}`).join(',')}}`;
}

/** The image and mask files of an edit, as read from disk. */
export interface EditFiles {
  readonly image: Uint8Array;
  readonly mask?: Uint8Array;
}

/**
 * The request the flags make: JSON for text-to-image; with an image, the multipart form the HTTP layer would parse
 * from `curl -F image=@FILE -F mask=@FILE -F field=value …` (every field a text part, as OVMS reads them).
 */
export function requestPayload(flags: GenerateFlags, files?: EditFiles): RequestPayload {
  if (files === undefined) {
    const { value: body, memberNames } = parseJson(requestBody(flags));
    if (!isJsonObject(body)) throw new Error('the request body is not a JSON object');
    return { kind: 'json', uri: GENERATIONS_URI, contentType: 'application/json', body, memberNames };
  }
  const filePart = (name: string, path: string | undefined, bytes: Uint8Array): MultipartFile =>
    ({ name, fileName: basename(path ?? name), contentType: 'application/octet-stream', bytes });
  const parts = [filePart('image', flags.image, files.image)];
  if (files.mask !== undefined) parts.push(filePart('mask', flags.mask, files.mask));
  const form = new MultipartForm(requestFields(flags).map(([name, value]) => ({ name, value })), parts);
  return { kind: 'multipart', uri: EDITS_URI, contentType: 'multipart/form-data; boundary=pictograph', form };
}

/** Reads the edit's files named by --image and --mask (undefined without --image). */
function readEditFiles(flags: GenerateFlags): EditFiles | undefined {
  if (flags.image === undefined) return undefined;
  const read = (flag: string, path: string): Uint8Array => {
    try {
      return new Uint8Array(readFileSync(path));
    } catch (error) {
      throw new UsageError(`cannot read --${flag} ${path}: ${(error as Error).message}`, 1);
    }
  };
  return { image: read('image', flags.image), ...(flags.mask === undefined ? {} : { mask: read('mask', flags.mask) }) };
}

/** FILE.png for one image; FILE-0.png, FILE-1.png, ... for several. */
export function outputPaths(out: string, count: number): string[] {
  if (count === 1) return [out];
  const extension = extname(out);
  const stem = out.slice(0, out.length - extension.length);
  return Array.from({ length: count }, (_, i) => `${stem}-${i}${extension}`);
}

/** The flag of the request field a message names first, if any. */
function flagNamedIn(message: string): string | undefined {
  let best: { at: number; flag: string } | undefined;
  for (const [field, flag] of FLAG_OF_FIELD) {
    const at = message.search(field);
    if (at >= 0 && (best === undefined || at < best.at)) best = { at, flag };
  }
  return best?.flag;
}

/** A run failure as lines for the user: each failing node's own message, with the flag it concerns. */
function describeFailure(error: unknown): string {
  const errors = error instanceof GraphRunError ? error.errors : [error];
  return errors.map((item) => {
    const cause = item instanceof GraphError && item.cause instanceof GraphError ? item.cause : item;
    const message = cause instanceof Error ? cause.message : String(cause);
    const node = item instanceof GraphError && item.at.node !== undefined ? `node "${item.at.node}": ` : '';
    const flag = flagNamedIn(message);
    return `${node}${message}${flag === undefined ? '' : ` (${flag})`}`;
  }).join('\n');
}

interface GenerationRun {
  readonly pngs: Uint8Array[];
  readonly generateMs: number;
}

async function generate(servable: ImageGenerationServable, graph: ValidatedGraph, payload: RequestPayload, io: CommandIo,
  showProgress: boolean): Promise<GenerationRun> {
  const run = new CalculatorGraph(graph);
  let body: string | undefined;
  run.observe<string>(GRAPH_STREAMS.output, { packet: (packet: Packet<string>) => { body = packet.value; } });
  if (showProgress) {
    run.observe<DenoiseProgress>(GRAPH_STREAMS.progress, {
      packet: (packet) => io.stderr.write(`step ${packet.value.step + 1}/${packet.value.numSteps}\n`),
    });
  }
  const cancel = (): void => run.cancel('interrupted');
  process.once('SIGINT', cancel);
  const started = performance.now();
  try {
    run.start({ sidePackets: servable.sidePackets() });
    run.addPacket(GRAPH_STREAMS.input, payload, 0);
    run.closeAllInputs();
    await run.waitUntilDone();
  } finally {
    process.removeListener('SIGINT', cancel);
  }
  const generateMs = performance.now() - started;
  if (body === undefined) throw new GraphError('INTERNAL', 'the graph produced no response');
  const parsed = JSON.parse(body) as { data: { b64_json: string }[] };
  return { pngs: parsed.data.map((item) => new Uint8Array(Buffer.from(item.b64_json, 'base64'))), generateMs };
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseGenerateFlags(argv, io.cwd);
  if (flags === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  const loadOptions = openVinoLoadOptions(flags.binding, io.env);
  const env = createEnvironment(createCalculatorRegistry());
  const calculatorOptions: ImageGenCalculatorOptions = {
    models_path: flags.model, ...(flags.device === undefined ? {} : { device: flags.device }),
  };
  const { graph } = buildImageGenerationGraph({ calculatorOptions, graphQueueSize: 0 }, env);
  const payload = requestPayload(flags, readEditFiles(flags));
  let servable: ImageGenerationServable | undefined;
  try {
    const loadStarted = performance.now();
    const options = imageGenOptionsOf(graph.config, env.schema) ?? calculatorOptions;
    const args = prepareImageGenPipelineArgs(options, { graphDirectory: io.cwd });
    servable = await loadImageGenerationServable(args, loadOpenVino(loadOptions),
      flags.scheduler === undefined ? {} : { scheduler: flags.scheduler });
    const loadMs = performance.now() - loadStarted;
    const result = await generate(servable, graph, payload, io, flags.progress);
    const paths = outputPaths(flags.out, result.pngs.length);
    for (const [i, png] of result.pngs.entries()) {
      try {
        writeFileSync(paths[i] as string, png);
      } catch (error) {
        throw new UsageError(`cannot write --out ${paths[i]}: ${(error as Error).message}`, 1);
      }
    }
    io.stdout.write(`${paths.join('\n')}\n`);
    if (flags.timings) {
      const peakRssMb = process.resourceUsage().maxRSS / 1024;
      io.stderr.write(`${JSON.stringify({ load_ms: loadMs, generate_ms: result.generateMs, images: result.pngs.length, peak_rss_mb: peakRssMb })}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof OpenVinoNotFoundError || error instanceof OpenVinoError) {
      io.stderr.write(`pictograph generate: ${error.message}\n`);
      return 1;
    }
    if (!(error instanceof GraphError)) throw error;
    io.stderr.write(`pictograph generate: ${describeFailure(error)}\n`);
    return error.code === 'CANCELLED' ? 130 : 1;
  } finally {
    servable?.dispose();
  }
}

export const generateCommand: Command = {
  name: 'generate',
  summary: 'one text-to-image or edit request through the image_generation graph, written as PNG (no server)',
  run,
};

