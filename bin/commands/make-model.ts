/**
 * @module bin/commands/make-model
 * `pictograph make-model`: writes a Stable Diffusion model directory with random seeded weights, laid out like an
 * `optimum-cli export openvino` of the real model (OpenVINO IR, configs, CLIP tokenizer files).
 */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ARCHS, type Arch, MODEL_SIZES, type ModelSize } from '../../calculators/model-generator/configs/index.js';
import { writeModelDirectory } from '../../calculators/model-generator/model-directory.js';
import { WEIGHT_FORMATS, type WeightFormat } from '../../calculators/openvino/ir/index.js';
import { type Command, type CommandIo, UsageError } from '../command.js';
import { parseCommandFlags } from '../command-flags.js';

const USAGE = `Usage: pictograph make-model --arch ${ARCHS.join('|')} --out DIR [--size ${MODEL_SIZES.join('|')}]
                             [--weights ${WEIGHT_FORMATS.join('|')}] [--seed N]

Writes model_index.json, scheduler/, tokenizer/, text_encoder/, unet/, vae_encoder/ and vae_decoder/ into DIR
(created if missing; must be empty). Defaults: --size tiny, --weights f32, --seed 42.
`;

export interface MakeModelFlags {
  readonly arch: Arch;
  readonly size: ModelSize;
  readonly weights: WeightFormat;
  readonly seed: number;
  readonly out: string;
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback?: T): T {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`--${flag} is required (one of ${allowed.join(', ')})\n\n${USAGE}`);
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got '${value}'`);
  }
  return value as T;
}

export function parseMakeModelFlags(argv: readonly string[], cwd: string): MakeModelFlags | 'help' {
  const flags = parseCommandFlags(argv, {
    arch: { type: 'string' }, size: { type: 'string' }, weights: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' },
  }, USAGE);
  if (flags === 'help') return 'help';
  const text = (name: string): string | undefined => flags.text(name);
  const seedText = text('seed') ?? '42';
  const seed = Number(seedText);
  if (!/^\d+$/.test(seedText) || !Number.isSafeInteger(seed)) {
    throw new UsageError(`--seed must be a non-negative integer, got '${seedText}'`);
  }
  const out = text('out');
  if (out === undefined || out === '') throw new UsageError(`--out is required\n\n${USAGE}`);
  return {
    arch: oneOf('arch', text('arch'), ARCHS),
    size: oneOf('size', text('size'), MODEL_SIZES, 'tiny'),
    weights: oneOf('weights', text('weights'), WEIGHT_FORMATS, 'f32'),
    seed,
    out: resolve(cwd, out),
  };
}

const formatBytes = (bytes: number): string =>
  bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseMakeModelFlags(argv, io.cwd);
  if (flags === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  if (existsSync(flags.out) && readdirSync(flags.out).length > 0) {
    throw new UsageError(`--out ${flags.out} is not empty`, 1);
  }
  const started = Date.now();
  const model = writeModelDirectory({ arch: flags.arch, size: flags.size, weights: flags.weights, seed: flags.seed, outDir: flags.out });
  const lines = [`${flags.arch} ${flags.size} (${flags.weights} weights, seed ${flags.seed}) → ${model.dir}`];
  for (const component of model.components) {
    lines.push(`  ${component.name.padEnd(13)} ${component.parameterCount.toLocaleString('en-US').padStart(13)} parameters` +
      `  ${formatBytes(component.binBytes + component.xmlBytes).padStart(9)}`);
  }
  lines.push(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

export const makeModelCommand: Command = {
  name: 'make-model',
  summary: 'write a random-weight Stable Diffusion model directory (OpenVINO IR, like an optimum export)',
  run,
};
