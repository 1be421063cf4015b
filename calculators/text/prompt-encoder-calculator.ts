/**
 * @module calculators/text/prompt-encoder-calculator
 * PromptEncoderCalculator: the text conditioning of a Stable Diffusion request, as GenAI's
 * StableDiffusionPipeline::compute_hidden_states (reference: genai-image-generation.md §2.1–2.2). The CLIP tokenizer
 * fills each row with the pad id and copies at most max_position_embeddings ids; with classifier-free guidance the
 * text encoder runs ONE batch-2 inference, row 0 the negative prompt ("" when none) and row 1 the positive. Output 0
 * (last_hidden_state) is repeated to GenAI's [negative × N, positive × N]; an LCM UNet also gets `timestep_cond`, the
 * guidance embedding of guidance_scale - 1 (not repeated for N, as in GenAI).
 *
 * Ports: input_stream `GENERATION_CONFIG`; input_side_packet `PIPELINE`, `TOKENIZER`, `TEXT_ENCODER`;
 * output_stream `CONDITIONING` (DenoiserConditioning: UNet inputs by name).
 *
 *   node {
 *     name: "PromptEncoder"
 *     calculator: "PromptEncoderCalculator"
 *     input_stream: "GENERATION_CONFIG:generation_config"
 *     input_side_packet: "PIPELINE:pipeline"
 *     input_side_packet: "TOKENIZER:tokenizer"
 *     input_side_packet: "TEXT_ENCODER:text_encoder"
 *     output_stream: "CONDITIONING:conditioning"
 *   }
 */
import {
  defineContract, GraphError, input, output, sideInput, type Calculator, type ContextOf,
} from '../../engine/index.js';
import { DENOISER_CONDITIONING, type DenoiserConditioning } from '../denoise/conditioning.js';
import { guidanceEmbedding } from '../denoise/guidance-embedding.js';
import type { InferRequest, TensorData } from '../openvino/index.js';
import { GENERATION_CONFIG, type GenerationConfig } from '../pipeline/generation-config.js';
import {
  CLIP_TOKENIZER, IMAGE_GEN_PIPELINE, TEXT_ENCODER_MODEL, type CompiledComponent,
} from '../pipeline/image-gen-resources.js';
import { InferRequestSlot } from '../pipeline/infer-request-slot.js';
import { floatTensor, type FloatTensor } from '../tensor/float-tensor.js';
import type { ClipTokenizer } from './clip-tokenizer.js';

export class PromptEncoderCalculator implements Calculator {
  static readonly contract = defineContract({
    inputs: { config: input('GENERATION_CONFIG', GENERATION_CONFIG) },
    side: {
      pipeline: sideInput('PIPELINE', IMAGE_GEN_PIPELINE),
      tokenizer: sideInput('TOKENIZER', CLIP_TOKENIZER),
      textEncoder: sideInput('TEXT_ENCODER', TEXT_ENCODER_MODEL),
    },
    outputs: { conditioning: output('CONDITIONING', DENOISER_CONDITIONING) },
  });
  private readonly request = new InferRequestSlot();

  open(cx: ContextOf<typeof PromptEncoderCalculator>): void {
    this.request.open(cx.side.textEncoder);
  }

  async process(cx: ContextOf<typeof PromptEncoderCalculator>): Promise<void> {
    const config = cx.in.config;
    const { model } = cx.side.pipeline;
    const rows = config.doClassifierFreeGuidance ? [config.negativePrompt ?? '', config.prompt] : [config.prompt];
    const hiddenStates = await encode(this.request.get(), cx.side.textEncoder, cx.side.tokenizer, rows,
      model.textEncoder.maxPositionEmbeddings);
    const conditioning: Record<string, FloatTensor> = {
      encoder_hidden_states: repeatRows(hiddenStates, config.numImagesPerPrompt),
    };
    if (model.unet.timeCondProjDim >= 0) {
      // GenAI: get_guidance_scale_embedding(guidance_scale - 1.0f, time_cond_proj_dim), shape [1, dim].
      conditioning['timestep_cond'] = guidanceEmbedding(Math.fround(config.guidanceScale - 1), model.unet.timeCondProjDim);
    }
    cx.out.conditioning.send(Object.freeze(conditioning) satisfies DenoiserConditioning);
  }

  close(): void {
    this.request.close();
  }
}

/** Runs the text encoder on one row per prompt; returns output 0 ([rows, length, hidden]) as a copy. */
async function encode(request: InferRequest, encoder: CompiledComponent, tokenizer: ClipTokenizer,
  prompts: readonly string[], length: number): Promise<FloatTensor> {
  const ids = prompts.flatMap((prompt) => tokenizer.inputIds(prompt, length));
  const port = encoder.model.inputs[0];
  // GenAI's CLIPTextModel::infer writes i32 or i64 ids, whichever the IR takes.
  const data: TensorData = port?.elementType === 'i32' ? Int32Array.from(ids) : BigInt64Array.from(ids, (id) => BigInt(id));
  request.setInputTensor(0, encoder.openVino.tensor(port?.elementType === 'i32' ? 'i32' : 'i64', [prompts.length, length], data));
  await request.infer();
  const output = request.getOutputTensor(0);
  if (output.elementType !== 'f32') throw new GraphError('INTERNAL', `text encoder output 0 is ${output.elementType}, expected f32`);
  return floatTensor(output.shape, Float32Array.from(output.data as Float32Array));
}

/**
 * GenAI's layout for N images: every row repeated N times in place ([neg, pos] → [neg × N, pos × N]); N = 1 keeps
 * the tensor as is.
 */
function repeatRows(tensor: FloatTensor, times: number): FloatTensor {
  if (times === 1) return tensor;
  const [rows, ...rest] = tensor.shape;
  const rowSize = tensor.data.length / (rows ?? 1);
  const out = floatTensor([(rows ?? 1) * times, ...rest]);
  for (let row = 0; row < (rows ?? 1); row++) {
    const source = tensor.data.subarray(row * rowSize, (row + 1) * rowSize);
    for (let copy = 0; copy < times; copy++) out.data.set(source, (row * times + copy) * rowSize);
  }
  return out;
}
