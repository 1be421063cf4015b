import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphError } from '../../../engine/status.js';
import { decodeImage } from '../../../calculators/image/image-decoder.js';
import { ImagePreprocessor } from '../../../calculators/image/image-preprocessor.js';
import { loadOpenVino, type Core, type OpenVino } from '../../../calculators/openvino/index.js';
import { CppStdGenerator } from '../../../calculators/random/cpp-std-generator.js';
import type { RandomGenerator } from '../../../calculators/random/generator.js';
import { floatTensor, type FloatTensor } from '../../../calculators/tensor/float-tensor.js';
import {
  imageLatent, LATENT_PARAMETERS, LATENT_SAMPLE, sampleLatent, unexpectedEncoderOutput,
} from '../../../calculators/vae/latent-distribution.js';
import { VaeEncoder } from '../../../calculators/vae/vae-encoder.js';
import { firstBitMismatch } from '../../support/golden.js';
import { sharedDataDir } from '../../support/paths.js';
import { runPythonJson } from '../../support/python.js';
import { tinyModel } from '../../support/tiny-models.js';

/** A generator that hands out a fixed sequence: the sampling arithmetic alone. */
function sequence(values: number[]): RandomGenerator {
  let at = 0;
  const next = (): number => values[at++ % values.length]!;
  return { next, randnTensor: (shape) => floatTensor(shape, Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, next)) };
}

describe('VAE encoding (GenAI AutoencoderKL::encode with a generator)', function () {
  this.timeout(300_000);

  it('samples mean + exp(0.5·clamp(logvar, -30, 20))·ε, then shifts and scales in float', () => {
    // [1, 2·1, 1, 3]: means 1, 2, 3; logvars -40 (clamped to -30), 0, 30 (clamped to 20).
    const parameters = floatTensor([1, 2, 1, 3], Float32Array.of(1, 2, 3, -40, 0, 30));
    const sampled = sampleLatent(parameters, sequence([0.5, -1, 2]));
    expect(sampled.shape).to.deep.equal([1, 1, 1, 3]);
    expect([...sampled.data]).to.deep.equal([Math.fround(1 + Math.fround(Math.exp(-15)) * 0.5), 2 - 1, Math.fround(3 + Math.fround(Math.exp(10)) * 2)]);
    const scaled = imageLatent(LATENT_PARAMETERS, parameters, sequence([0.5, -1, 2]), { scalingFactor: 0.18215, shiftFactor: 0.5 });
    expect(scaled.data[1]).to.equal(Math.fround(Math.fround(1 - 0.5) * Math.fround(0.18215)));
    // latent_sample is used as it is: no draw.
    const generator = new CppStdGenerator(7);
    const sample = imageLatent(LATENT_SAMPLE, floatTensor([1, 1, 1, 2], Float32Array.of(2, 4)), generator, { scalingFactor: 0.5, shiftFactor: 0 });
    expect([...sample.data]).to.deep.equal([1, 2]);
    expect(generator.next()).to.equal(new CppStdGenerator(7).next());
  });

  it('refuses an encoder output GenAI does not know, and a batch above 1', () => {
    expect(() => imageLatent('sample', floatTensor([1, 8, 1, 1]), new CppStdGenerator(0), { scalingFactor: 1, shiftFactor: 0 }))
      .to.throw(GraphError, unexpectedEncoderOutput('sample'));
    expect(() => sampleLatent(floatTensor([2, 8, 1, 1]), new CppStdGenerator(0))).to.throw(GraphError, 'Batch size must be 1');
  });

  describe('on the tiny SD 1.5 model, against GenAI', () => {
    let openVino: OpenVino;
    let core: Core;
    let modelDir: string;
    before(async () => {
      modelDir = await tinyModel('sd15');
      openVino = loadOpenVino();
      core = openVino.createCore();
    });
    after(() => core.dispose());

    it('gives the same latent bits and consumes the same number of draws', async () => {
      const preprocessor = await ImagePreprocessor.compile(openVino, core);
      const cat = await preprocessor.resize(decodeImage(readFileSync(join(sharedDataDir, 'cat.png'))), 64, 48);
      const image: FloatTensor = await preprocessor.normalize(cat);
      preprocessor.dispose();
      const config = JSON.parse(readFileSync(join(modelDir, 'vae_decoder', 'config.json'), 'utf8')) as
        { scaling_factor: number; shift_factor?: number; block_out_channels: number[] };
      const scaleFactor = 2 ** (config.block_out_channels.length - 1);
      const model = core.readModel(join(modelDir, 'vae_encoder', 'openvino_model.xml'));
      const compiled = await core.compileModel(model, 'CPU');
      model.dispose();
      const encoder = new VaeEncoder(openVino, compiled, { scalingFactor: config.scaling_factor, shiftFactor: config.shift_factor ?? 0 });
      expect(encoder.outputName).to.equal(LATENT_PARAMETERS);
      const generator = new CppStdGenerator(409);
      const request = compiled.createInferRequest();
      const latent = await encoder.encode(request, image, generator);
      request.dispose();
      compiled.dispose();

      const reference = await runPythonJson<{ shape: number[]; latent: string; next: number }>('vae_encode_oracle.py', [], {
        model_dir: modelDir, image: Buffer.from(image.data.buffer).toString('base64'), height: 64, width: 48, seed: 409,
      });
      expect(latent.shape).to.deep.equal(reference.shape);
      expect(latent.shape).to.deep.equal([1, 4, 64 / scaleFactor, 48 / scaleFactor]);
      const expected = Buffer.from(reference.latent, 'base64');
      expect(firstBitMismatch(latent.data, new Float32Array(expected.buffer, expected.byteOffset, expected.byteLength / 4))).to.equal(-1);
      expect(generator.next()).to.equal(reference.next);
    });
  });
});
