import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { genaiGenerate } from '../support/genai-reference.js';
import { TINY_MODEL_CACHE, tinyModel } from '../support/tiny-models.js';

describe('GenAI reference harness', function () {
  this.timeout(300_000);

  it('tinyModel() generates once, caches under the temp dir and adds the OpenVINO tokenizer', async () => {
    const dir = await tinyModel('sd15');
    expect(dir.startsWith(TINY_MODEL_CACHE)).to.equal(true);
    expect(dir).to.match(/sd15-tiny-f32-seed42-v\d+-[0-9a-f]{12}$/);
    for (const file of ['model_index.json', 'unet/openvino_model.xml', 'tokenizer/openvino_tokenizer.xml', 'tokenizer/openvino_detokenizer.xml']) {
      expect(existsSync(join(dir, file)), file).to.equal(true);
    }
    const started = Date.now();
    expect(await tinyModel('sd15')).to.equal(dir);
    expect(await tinyModel('sd15', { seed: 42, weights: 'f32' })).to.equal(dir);
    expect(Date.now() - started).to.be.lessThan(1000);
    expect(await tinyModel('sd15', { weights: 'int8' })).to.not.equal(dir);
  });

  it('is deterministic for rng_seed, passes 64-bit seeds exactly, and records per-step latents and versions', async () => {
    const modelDir = await tinyModel('sd15');
    const base = { modelDir, mode: 'text2image', prompt: 'three cats', steps: 3 } as const;
    // GenAI narrows rng_seed to uint32, so 2^64 - 1 seeds like 2^32 - 1: equal images prove the value arrived whole.
    const first = await genaiGenerate({ ...base, seed: 4294967295, latents: true });
    const wide = await genaiGenerate({ ...base, seed: 2n ** 64n - 1n });
    const other = await genaiGenerate({ ...base, seed: 5, n: 2 });
    expect(first.images).to.have.length(1);
    expect(Buffer.from(wide.images[0]!.pixels).equals(Buffer.from(first.images[0]!.pixels))).to.equal(true);
    expect(Buffer.from(other.images[0]!.pixels).equals(Buffer.from(first.images[0]!.pixels))).to.equal(false);
    expect(other.images.map((image) => [image.width, image.height])).to.deep.equal([[64, 64], [64, 64]]);
    // PNDM runs n + 1 steps (genai-image-generation.md §8); the callback sees each step's denoised latent.
    expect(first.latents!.map((latent) => [latent.step, latent.numSteps])).to.deep.equal([[0, 4], [1, 4], [2, 4], [3, 4]]);
    expect(first.latents![0]!.shape).to.deep.equal([1, 4, 32, 32]);
    expect(first.latents![0]!.data).to.have.length(4 * 32 * 32);
    expect(first.genaiVersion).to.match(/^2026\.4\./);
    expect(first.openvinoVersion).to.match(/^2026\.4\./);
    const manifest = JSON.parse(readFileSync(join(first.outDir, 'manifest.json'), 'utf8')) as { request: { rng_seed: number } };
    expect(manifest.request.rng_seed).to.equal(4294967295);
    expect(wide.latents).to.equal(undefined);
  });

  it('runs image-to-image from pixels, sized from the image', async () => {
    const image = { width: 48, height: 32, pixels: Uint8Array.from({ length: 48 * 32 * 3 }, (_, i) => (i * 7) % 256) };
    const result = await genaiGenerate({ modelDir: await tinyModel('sd15'), mode: 'image2image', prompt: 'a dog', image, strength: 0.5, steps: 2 });
    expect(result.images.map((img) => [img.width, img.height])).to.deep.equal([[48, 32]]);
  });
});
