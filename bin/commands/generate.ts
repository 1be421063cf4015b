/**
 * @module bin/commands/generate
 * `pictograph generate`: one text-to-image request through the same graph the server runs for
 * `--task image_generation`, without HTTP. The flags become an OpenAI-style JSON request to `/v3/images/generations`;
 * the PNGs come back in the graph's response body and are written to --out (FILE-0.png, FILE-1.png, … for --n > 1).
 */
import { writeFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { loadOpenVino, OpenVinoError, OpenVinoNotFoundError } from '../../calculators/openvino/index.js';
import {
  loadImageGenerationServable, type ImageGenerationServable,
} from '../../calculators/pipeline/image-generation-servable.js';
import { prepareImageGenPipelineArgs, type ImageGenCalculatorOptions } from '../../calculators/request/image-gen-options.js';
import { isJsonObject, parseJson } from '../../calculators/request/json-value.js';
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
                          [--steps N] [--guidance G] [--seed S] [--n N] [--scheduler NAME] [--device DEVICE]
                          [--ov_binding auto|c|node] [--timings] [--progress]

Runs one text-to-image request through the server's image_generation graph (no HTTP) and writes the PNG(s):
FILE.png, or FILE-0.png, FILE-1.png, ... when --n is above 1. Unset values take the model's defaults as the server
does (steps: 50; guidance: 7.5, LCM 8.5; size: unet.sample_size x VAE scale; seed: 42).

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
  readonly device?: string;
  readonly binding?: string;
  readonly timings: boolean;
  readonly progress: boolean;
}

const UINT64_MAX = 2n ** 64n - 1n;
/** The endpoint the request imitates (the graph's request node routes on it). */
const GENERATIONS_URI = '/v3/images/generations';
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The request field each flag becomes, to name the flag in errors about that field. */
const FLAG_OF_FIELD: readonly (readonly [field: RegExp, flag: string])[] = [
  [/\bnum_inference_steps\b/, '--steps'], [/\bguidance_scale\b/, '--guidance'], [/\bnegative_prompt\b/, '--negative_prompt'],
  [/\bnum_images_per_prompt\b|\bn field\b/, '--n'], [/\brng_seed\b/, '--seed'], [/\bwidth\b|\bheight\b|\bsize\b/, '--size'],
  [/\bprompt field\b/, '--prompt'],
];

function unsignedFlag(flag: string, text: string | undefined, min: bigint, max: bigint): bigint | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || BigInt(text) < min || BigInt(text) > max) {
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max}, got '${text}'`);
  }
  return BigInt(text);
}

export function parseGenerateFlags(argv: readonly string[], cwd: string): GenerateFlags | 'help' {
  const flags = parseCommandFlags(argv, {
    model: { type: 'string' }, prompt: { type: 'string' }, out: { type: 'string' }, negative_prompt: { type: 'string' },
    size: { type: 'string' }, steps: { type: 'string' }, guidance: { type: 'string' }, seed: { type: 'string' },
    n: { type: 'string' }, scheduler: { type: 'string' }, device: { type: 'string' }, ov_binding: { type: 'string' },
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
  const guidanceText = text('guidance');
  if (guidanceText !== undefined && (!FLOAT.test(guidanceText) || !Number.isFinite(Number(guidanceText)))) {
    throw new UsageError(`--guidance must be a number, got '${guidanceText}'`);
  }
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
    guidance: guidanceText === undefined ? undefined : Number(guidanceText),
    seed: unsignedFlag('seed', text('seed'), 0n, UINT64_MAX),
    n: unsignedFlag('n', text('n'), 1n, 2n ** 31n - 1n),
    scheduler,
    device: text('device'),
    binding: text('ov_binding'),
    timings: flags.isSet('timings'),
    progress: flags.isSet('progress'),
  };
}

/** The OpenAI-style request body; guidance_scale is written with a fraction, as OVMS takes only float literals. */
export function requestBody(flags: GenerateFlags): string {
  const members: string[] = [`"model":${JSON.stringify(basename(flags.model) || 'model')}`, `"prompt":${JSON.stringify(flags.prompt)}`];
  if (flags.negativePrompt !== undefined) members.push(`"negative_prompt":${JSON.stringify(flags.negativePrompt)}`);
  if (flags.size !== undefined) members.push(`"size":${JSON.stringify(flags.size)}`);
  if (flags.steps !== undefined) members.push(`"num_inference_steps":${flags.steps}`);
  if (flags.guidance !== undefined) {
    const g = String(flags.guidance);
    members.push(`"guidance_scale":${/[.eE]/.test(g) ? g : `${g}.0`}`);
  }
  if (flags.seed !== undefined) members.push(`"rng_seed":${flags.seed}`);
  if (flags.n !== undefined) members.push(`"n":${flags.n}`);
  return `{${members.join(',')}}`;
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
  const { value: body, memberNames } = parseJson(requestBody(flags));
  if (!isJsonObject(body)) throw new Error('the request body is not a JSON object');
  const payload: RequestPayload = { kind: 'json', uri: GENERATIONS_URI, contentType: 'application/json', body, memberNames };
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
  summary: 'one text-to-image request through the image_generation graph, written as PNG (no server)',
  run,
};

