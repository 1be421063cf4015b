/**
 * @module calculators/request/image-generation-request
 * The typed image-generation request: what the request decoder produces from an OVMS/OpenAI payload (JSON for
 * generations, multipart for edits) and what the pipeline calculators consume. Wire names (`rng_seed`) are mapped to
 * these camelCase fields once, in the decoder. A field left undefined means "not sent": the pipeline then applies
 * GenAI's per-model default.
 */

/** Which GenAI pipeline a request needs. */
export type GenerationMode = 'text2image' | 'image2image' | 'inpainting';

/** An encoded image as it arrived (PNG, JPEG, ...); decoded by an image-decoding calculator. */
export interface EncodedImage {
  readonly bytes: Uint8Array;
  /** The multipart file name or content type when known, for error messages only. */
  readonly origin?: string;
}

export interface ImageGenerationRequest {
  readonly mode: GenerationMode;
  /** The `model` field: the servable name or a LoRA alias. */
  readonly model?: string;
  readonly prompt: string;
  readonly prompt2?: string;
  readonly prompt3?: string;
  readonly negativePrompt?: string;
  readonly negativePrompt2?: string;
  readonly negativePrompt3?: string;
  readonly width?: number;
  readonly height?: number;
  readonly numImagesPerPrompt?: number;
  readonly numInferenceSteps?: number;
  readonly guidanceScale?: number;
  readonly strength?: number;
  /** uint64 as sent (exact); GenAI narrows it to uint32 when seeding its generator. */
  readonly rngSeed?: bigint;
  readonly maxSequenceLength?: number;
  /** Per-request LoRA alpha overrides, by adapter alias. */
  readonly loraAlphas: Readonly<Record<string, number>>;
  /** Edits only. */
  readonly image?: EncodedImage;
  /** Inpainting only: white = repaint. */
  readonly mask?: EncodedImage;
}
