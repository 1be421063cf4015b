/**
 * @module calculators/image/image-preprocessor
 * GenAI's edit preprocessing, run by OpenVINO on CPU as GenAI runs it (DiffusionPipeline's m_image_resizer,
 * m_image_processor, m_mask_processor_rgb): compiled once per servable, one infer request per call so concurrent
 * requests never share state. Reference: genai-image-generation.md §5.2.
 */
import type { CompiledModel, Core, OpenVino, Tensor } from '../openvino/index.js';
import { serializeIr, type IrGraph } from '../openvino/ir/index.js';
import { floatTensor, type FloatTensor } from '../tensor/float-tensor.js';
import {
  imageNormalizerGraph, imageResizerGraph, maskBinarizerGraph, PROCESSOR_PORTS, RESIZER_PORTS,
} from './preprocessing-graphs.js';
import { rgbImage, type RgbImage } from './rgb-image.js';

/** GenAI compiles its image processors on CPU whatever the pipeline's device ("TODO: support GPU as well"). */
export const PREPROCESSING_DEVICE = 'CPU';

async function compileGraph(core: Core, graph: IrGraph, device: string): Promise<CompiledModel> {
  const { xml, bin } = serializeIr(graph);
  const model = core.readModelFromMemory(xml, bin);
  try {
    return await core.compileModel(model, device);
  } finally {
    model.dispose();
  }
}

export class ImagePreprocessor {
  private constructor(
    private readonly openVino: OpenVino,
    private readonly resizer: CompiledModel,
    private readonly normalizer: CompiledModel,
    private readonly maskBinarizer: CompiledModel,
  ) {}

  static async compile(openVino: OpenVino, core: Core, device = PREPROCESSING_DEVICE): Promise<ImagePreprocessor> {
    const [resizer, normalizer, maskBinarizer] = await Promise.all(
      [imageResizerGraph(), imageNormalizerGraph(), maskBinarizerGraph()].map((graph) => compileGraph(core, graph, device)));
    return new ImagePreprocessor(openVino, resizer!, normalizer!, maskBinarizer!);
  }

  /** ImageResizer::execute: Pillow-style bicubic (a = -0.75) in u8; an unchanged size is a copy, so it is skipped. */
  async resize(image: RgbImage, height: number, width: number): Promise<RgbImage> {
    if (image.height === height && image.width === width) return image;
    const output = await this.run(this.resizer, {
      [RESIZER_PORTS.image]: this.openVino.tensor('u8', [1, image.height, image.width, 3], image.pixels),
      [RESIZER_PORTS.targetSize]: this.openVino.tensor('i64', [2], BigInt64Array.of(BigInt(height), BigInt(width))),
    });
    return rgbImage(width, height, output.data as Uint8Array);
  }

  /** The VAE encoder's input: f32 NCHW [1,3,H,W] in [-1, 1]. */
  async normalize(image: RgbImage): Promise<FloatTensor> {
    const output = await this.run(this.normalizer, {
      [PROCESSOR_PORTS.image]: this.openVino.tensor('u8', [1, image.height, image.width, 3], image.pixels),
    });
    return floatTensor(output.shape, output.data as Float32Array);
  }

  /** GenAI's mask_condition: f32 NCHW [1,1,H,W], 1 where the mask's grey level is at least half white. */
  async binarizeMask(mask: RgbImage): Promise<FloatTensor> {
    const output = await this.run(this.maskBinarizer, {
      [PROCESSOR_PORTS.image]: this.openVino.tensor('u8', [1, mask.height, mask.width, 3], mask.pixels),
    });
    return floatTensor(output.shape, output.data as Float32Array);
  }

  dispose(): void {
    for (const model of [this.resizer, this.normalizer, this.maskBinarizer]) model.dispose();
  }

  /** One inference on a fresh request; the output is copied out before the request (which owns it) is freed. */
  private async run(model: CompiledModel, inputs: Readonly<Record<string, Tensor>>): Promise<{ shape: number[]; data: Uint8Array | Float32Array }> {
    const request = model.createInferRequest();
    try {
      for (const [name, tensor] of Object.entries(inputs)) request.setTensor(name, tensor);
      await request.infer();
      const output = request.getOutputTensor(0);
      return { shape: output.shape, data: (output.data as Uint8Array | Float32Array).slice() };
    } finally {
      request.dispose();
      for (const tensor of Object.values(inputs)) tensor.dispose();
    }
  }
}
