/**
 * @module test/support/genai-reference
 * OpenVINO GenAI as the oracle: runs test/reference/genai_harness.py (one Python process per call) and returns the
 * images as RGB pixels plus, when asked, the latent GenAI's callback sees after each step.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, encode } from 'fast-png';
import { runPythonJson } from './python.js';

export type GenaiMode = 'text2image' | 'image2image' | 'inpainting';

/** 8-bit RGB, row-major `height × width × 3`. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

export interface GenaiRequest {
  readonly modelDir: string;
  readonly mode: GenaiMode;
  readonly prompt: string;
  /** Unset fields keep GenAI's per-model defaults (genai-image-generation.md §1.4). */
  readonly negativePrompt?: string;
  readonly width?: number;
  readonly height?: number;
  readonly steps?: number;
  readonly guidance?: number;
  readonly strength?: number;
  /** `rng_seed`, up to 2^64 - 1 (GenAI narrows it to uint32). */
  readonly seed?: number | bigint;
  readonly n?: number;
  /** A PNG path or pixels (written to a PNG for the harness). */
  readonly image?: string | RgbImage;
  /** White = repaint. */
  readonly mask?: string | RgbImage;
  /** Record the callback latent of every step. */
  readonly latents?: boolean;
  /**
   * Static shapes: the pipeline is constructed without a device, `reshape(n, height, width, guidance)`d (as OVMS
   * does for one static resolution), then compiled on CPU. Requests with the same value share the pipeline.
   */
  readonly reshape?: { readonly n: number; readonly height: number; readonly width: number; readonly guidance: number };
  /** Where the harness writes; a fresh temp dir when omitted. */
  readonly outDir?: string;
}

export interface StepLatent {
  readonly step: number;
  readonly numSteps: number;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export interface GenaiResult {
  /** One per generated image, RGB pixels (decoded from the harness's PNGs). */
  readonly images: RgbImage[];
  readonly latents?: StepLatent[];
  readonly genaiVersion: string;
  readonly openvinoVersion: string;
  /** Holds image_<i>.png, latents/ and manifest.json. */
  readonly outDir: string;
}

interface Manifest {
  readonly genai_version: string;
  readonly openvino_version: string;
  readonly images: { file: string; width: number; height: number }[];
  readonly latents: { step: number; num_steps: number; file: string; shape: number[] }[];
}

export function decodeRgbPng(bytes: Uint8Array): RgbImage {
  const png = decode(bytes);
  if (png.depth !== 8 || png.channels !== 3) throw new Error(`expected 8-bit RGB PNG, got ${png.channels} channels at depth ${png.depth}`);
  return { width: png.width, height: png.height, pixels: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
}

function pngPath(outDir: string, name: string, image: string | RgbImage): string {
  if (typeof image === 'string') return image;
  const path = join(outDir, `${name}.png`);
  writeFileSync(path, encode({ width: image.width, height: image.height, data: image.pixels, channels: 3, depth: 8 }));
  return path;
}

/** JSON with bigints as plain integers (Python reads any size). */
function jsonWithBigInts(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `__bigint__${v}__` : v)).replace(/"__bigint__(\d+)__"/g, '$1');
}

/** The harness's snake_case request; pixels given as images are written as PNGs into `outDir`. */
function wireRequest(request: GenaiRequest, outDir: string): Record<string, unknown> {
  mkdirSync(outDir, { recursive: true });
  return {
    model_dir: request.modelDir, out_dir: outDir, mode: request.mode, prompt: request.prompt,
    negative_prompt: request.negativePrompt, width: request.width, height: request.height,
    num_inference_steps: request.steps, guidance_scale: request.guidance, strength: request.strength,
    rng_seed: request.seed, num_images_per_prompt: request.n,
    image: request.image === undefined ? undefined : pngPath(outDir, 'input_image', request.image),
    mask: request.mask === undefined ? undefined : pngPath(outDir, 'input_mask', request.mask),
    latents: request.latents ?? false,
    reshape: request.reshape === undefined ? undefined
      : [request.reshape.n, request.reshape.height, request.reshape.width, request.reshape.guidance],
  };
}

function readResult(request: GenaiRequest, manifest: Manifest, outDir: string): GenaiResult {
  const images = manifest.images.map((entry) => decodeRgbPng(readFileSync(join(outDir, entry.file))));
  const latents = request.latents === true ? manifest.latents.map((entry): StepLatent => {
    const bytes = readFileSync(join(outDir, entry.file));
    return {
      step: entry.step, numSteps: entry.num_steps, shape: entry.shape,
      data: new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
    };
  }) : undefined;
  return { images, latents, genaiVersion: manifest.genai_version, openvinoVersion: manifest.openvino_version, outDir };
}

const freshOutDir = (): string => mkdtempSync(join(tmpdir(), 'pictograph-genai-'));

export async function genaiGenerate(request: GenaiRequest): Promise<GenaiResult> {
  const outDir = request.outDir ?? freshOutDir();
  const requestFile = join(outDir, 'request.json');
  writeFileSync(requestFile, jsonWithBigInts(wireRequest(request, outDir)));
  const manifest = await runPythonJson<Manifest>('genai_harness.py', [requestFile], undefined);
  return readResult(request, manifest, outDir);
}

/** What GenAI did with one request of a batch: its result, or the error it raised. */
export type GenaiOutcome = { readonly result: GenaiResult } | { readonly error: string };

/**
 * Several requests in ONE Python process (the harness's batch mode): a pipeline per model directory, a fresh
 * scheduler per request (as OVMS's per-request clone()). A request GenAI refuses yields `{ error }`.
 */
export async function genaiGenerateBatch(requests: readonly GenaiRequest[]): Promise<GenaiOutcome[]> {
  const batchDir = freshOutDir();
  const outDirs = requests.map((request, i) => request.outDir ?? join(batchDir, `request_${i}`));
  const wire = requests.map((request, i) => wireRequest(request, outDirs[i] as string));
  const requestFile = join(batchDir, 'batch.json');
  writeFileSync(requestFile, jsonWithBigInts({ requests: wire }));
  const { results } = await runPythonJson<{ results: (Manifest | { error: string })[] }>('genai_harness.py', [requestFile], undefined);
  return results.map((entry, i): GenaiOutcome => ('error' in entry
    ? { error: entry.error }
    : { result: readResult(requests[i] as GenaiRequest, entry, outDirs[i] as string) }));
}
