import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeImage } from '../../../calculators/image/image-decoder.js';
import { ImagePreprocessor } from '../../../calculators/image/image-preprocessor.js';
import { latentMask } from '../../../calculators/image/latent-mask.js';
import { rgbImage, type RgbImage } from '../../../calculators/image/rgb-image.js';
import { loadOpenVino, type Core, type OpenVino } from '../../../calculators/openvino/index.js';
import { floatTensor } from '../../../calculators/tensor/float-tensor.js';
import { firstBitMismatch } from '../../support/golden.js';
import { sharedDataDir } from '../../support/paths.js';
import { runPythonJson } from '../../support/python.js';

interface OracleOutput {
  readonly shape: number[];
  readonly output: string;
}
type OracleAnswer = Record<'resize' | 'normalize' | 'binarize' | 'nearest', OracleOutput[]>;

function noiseImage(width: number, height: number, seed: number): RgbImage {
  let state = seed;
  return rgbImage(width, height, Uint8Array.from({ length: width * height * 3 }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state >>> 24;
  }));
}

/** Greys around the 0.5 threshold from many RGB mixes: where the 1×1 grey convolution's rounding decides. */
function thresholdMask(width: number, height: number): RgbImage {
  const pixels = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    pixels.set([120 + (i % 16), 120 + ((i >> 4) % 16), 112 + ((i * 7) % 32)], i * 3);
  }
  return rgbImage(width, height, pixels);
}

const b64 = (bytes: Uint8Array | Float32Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
const floats = (answer: OracleOutput): Float32Array => {
  const bytes = Buffer.from(answer.output, 'base64');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
};
const imageCase = (image: RgbImage) => ({ image: b64(image.pixels), height: image.height, width: image.width });

describe('edit preprocessing (GenAI image_processor.cpp graphs on CPU)', function () {
  this.timeout(120_000);
  let openVino: OpenVino;
  let core: Core;
  let preprocessor: ImagePreprocessor;
  const cat = decodeImage(readFileSync(join(sharedDataDir, 'cat.png')));
  const catMask = decodeImage(readFileSync(join(sharedDataDir, 'cat_mask.png')));

  before(async () => {
    openVino = loadOpenVino();
    core = openVino.createCore();
    preprocessor = await ImagePreprocessor.compile(openVino, core);
  });
  after(() => {
    preprocessor.dispose();
    core.dispose();
  });

  it('matches PrePostProcessor-built models bit for bit: bicubic resize, normalisation, mask binarisation, nearest', async () => {
    const resizes: [RgbImage, number, number][] = [
      [noiseImage(9, 13, 1), 40, 24], [noiseImage(48, 64, 2), 16, 24], [noiseImage(70, 50, 3), 24, 32],
      [cat, 64, 64], [cat, 40, 72], [catMask, 64, 64],
    ];
    const resized = await Promise.all(resizes.map(([image, h, w]) => preprocessor.resize(image, h, w)));
    const normalizeInputs = [noiseImage(24, 16, 4), resized[3]!];
    const normalized = await Promise.all(normalizeInputs.map((image) => preprocessor.normalize(image)));
    const maskInputs = [thresholdMask(32, 16), resized[5]!, noiseImage(8, 8, 5)];
    const binarized = await Promise.all(maskInputs.map((mask) => preprocessor.binarizeMask(mask)));

    const oracle = await runPythonJson<OracleAnswer>('preprocessing_oracle.py', [], {
      resize: resizes.map(([image, h, w]) => ({ ...imageCase(image), target: [h, w] })),
      normalize: normalizeInputs.map(imageCase),
      binarize: maskInputs.map(imageCase),
      nearest: binarized.slice(0, 2).map((mask) => ({
        mask: b64(mask.data), height: mask.shape[2], width: mask.shape[3], target: [mask.shape[2]! / 8, mask.shape[3]! / 8],
      })),
    });

    resized.forEach((image, i) => {
      expect(oracle.resize[i]!.shape, `resize ${i}`).to.deep.equal([1, image.height, image.width, 3]);
      expect(b64(image.pixels), `resize ${i}`).to.equal(oracle.resize[i]!.output);
    });
    normalized.forEach((tensor, i) => {
      expect(tensor.shape).to.deep.equal(oracle.normalize[i]!.shape);
      expect(firstBitMismatch(tensor.data, floats(oracle.normalize[i]!)), `normalize ${i}`).to.equal(-1);
    });
    binarized.forEach((tensor, i) => {
      expect(tensor.shape).to.deep.equal(oracle.binarize[i]!.shape);
      expect(firstBitMismatch(tensor.data, floats(oracle.binarize[i]!)), `binarize ${i}`).to.equal(-1);
    });
    // Both values occur, so the threshold is exercised.
    expect(new Set(binarized[0]!.data)).to.deep.equal(new Set([0, 1]));
    oracle.nearest.forEach((answer, i) => {
      const latent = latentMask(binarized[i]!, 8);
      expect(latent.shape).to.deep.equal(answer.shape);
      expect(firstBitMismatch(latent.data, floats(answer)), `nearest ${i}`).to.equal(-1);
    });
  });

  it('keeps an image already at the target size, and normalises to x/127.5 - 1 in NCHW', async () => {
    const image = noiseImage(5, 3, 6);
    expect(await preprocessor.resize(image, 3, 5)).to.equal(image);
    const tensor = await preprocessor.normalize(image);
    expect(tensor.shape).to.deep.equal([1, 3, 3, 5]);
    // Channel 1 of pixel (row 2, column 4): NHWC index (2·5 + 4)·3 + 1.
    expect(tensor.data[1 * 15 + 2 * 5 + 4]).to.be.closeTo(image.pixels[(2 * 5 + 4) * 3 + 1]! / 127.5 - 1, 1e-6);
  });

  it('latentMask takes the top-left pixel of each block and refuses sizes that do not divide', () => {
    const mask = floatTensor([1, 1, 4, 4], Float32Array.from({ length: 16 }, (_, i) => i));
    expect([...latentMask(mask, 2).data]).to.deep.equal([0, 2, 8, 10]);
    expect(() => latentMask(floatTensor([1, 1, 6, 4]), 4)).to.throw(RangeError, /multiples of 4/);
  });
});
