/**
 * @module test/support/generation-graph
 * The image-generation graph run in process on a tiny servable, through the engine's GraphPool as the server runs
 * it: requests as JSON bodies, the response's PNGs decoded to pixels, each step's PROGRESS packet kept.
 */
import type { DenoiseProgress } from '../../calculators/denoise/denoise-calculator.js';
import type { ImageGenerationServable } from '../../calculators/pipeline/image-generation-servable.js';
import type { ImageGenCalculatorOptions } from '../../calculators/request/image-gen-options.js';
import { GraphPool, type GraphQueueSize } from '../../engine/index.js';
import { buildImageGenerationGraph, GRAPH_STREAMS } from '../../graphs/image-generation-graph.js';
import { decodeRgbPng, type RgbImage } from './genai-reference.js';
import { testEnvironment } from './node-runner.js';
import { jsonPayload } from './request-fixtures.js';
import { tinyServable } from './tiny-servable.js';

export interface GenerationResult {
  readonly images: RgbImage[];
  readonly progress: DenoiseProgress[];
}

export interface GenerationPool {
  readonly pool: GraphPool;
  readonly servable: ImageGenerationServable;
  /** Runs one request (a JSON body without `model`); rejects with the run's GraphError. */
  generate(body: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<GenerationResult>;
}

/** JSON text with bigints written as plain integers and whole guidance values as floats (OVMS's IsFloat). */
function requestText(body: Readonly<Record<string, unknown>>): string {
  return JSON.stringify({ model: 'tiny', ...body }, (key, value: unknown) => {
    if (typeof value === 'bigint') return `__int__${value}__`;
    if (key === 'guidance_scale' && typeof value === 'number' && Number.isInteger(value)) return `__float__${value}.0__`;
    return value;
  }).replace(/"__(?:int|float)__([0-9.]+)__"/g, '$1');
}

/**
 * A pool over `modelDir`'s servable; `size` as the graph directive (0: a fresh graph per request); `options` the
 * servable's ImageGenCalculatorOptions besides models_path (e.g. a static `resolution`).
 */
export async function generationPool(modelDir: string, size: GraphQueueSize = 0,
  options: Partial<ImageGenCalculatorOptions> = {}): Promise<GenerationPool> {
  const servable = await tinyServable(modelDir, options);
  const { graph } = buildImageGenerationGraph({ calculatorOptions: { ...options, models_path: modelDir }, graphQueueSize: size },
    testEnvironment());
  const pool = new GraphPool({ graph, sidePackets: () => servable.sidePackets(), autoSize: 2 });
  return {
    pool,
    servable,
    async generate(body, signal) {
      const result = await pool.run({
        inputs: { [GRAPH_STREAMS.input]: jsonPayload(requestText(body)) },
        outputs: [GRAPH_STREAMS.output, GRAPH_STREAMS.progress],
        ...(signal === undefined ? {} : { signal }),
      });
      const response = JSON.parse(String(result.outputs[GRAPH_STREAMS.output]?.[0]?.value)) as { data: { b64_json: string }[] };
      return {
        images: response.data.map((item) => decodeRgbPng(new Uint8Array(Buffer.from(item.b64_json, 'base64')))),
        progress: (result.outputs[GRAPH_STREAMS.progress] ?? []).map((packet) => packet.value as DenoiseProgress),
      };
    },
  };
}
