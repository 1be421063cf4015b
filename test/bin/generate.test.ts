/**
 * @module test/bin/generate.test
 * `pictograph generate`: flags and their errors (each names its flag), the request it builds (JSON, or the edits'
 * multipart form), output file names, errors from the graph mapped back to the flag they concern, and a real run
 * writing n PNGs. Edit pixels are checked against GenAI in test/e2e/edit-parity.test.ts.
 */
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outputPaths, parseGenerateFlags, requestBody, requestPayload, type GenerateFlags } from '../../bin/commands/generate.js';
import { runCli } from '../support/cli.js';
import { decodeRgbPng } from '../support/genai-reference.js';
import { sharedDataDir } from '../support/paths.js';
import { withSchedulerConfig } from '../support/model-variants.js';
import { tinyModel } from '../support/tiny-models.js';
import { usageErrorOf } from '../support/usage-errors.js';

describe('pictograph generate', function () {
  this.timeout(120_000);
  let scratch = '';
  let model = '';
  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'generate-cli-'));
    model = await tinyModel('sd15');
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  describe('flags', () => {
    const base = ['--model', 'm', '--prompt', 'p', '--out', 'o.png'];
    const flags = (...extra: string[]): GenerateFlags => {
      const parsed = parseGenerateFlags([...base, ...extra], '/work');
      if (parsed === 'help') return expect.fail('help');
      return parsed;
    };

    it('reads every flag; paths are resolved against the working directory', () => {
      expect(flags('--negative_prompt', 'n', '--size', '96x64', '--steps', '9', '--guidance', '7.5', '--seed', '18446744073709551615',
        '--n', '2', '--scheduler', 'euler_ancestral', '--device', 'CPU', '--ov_binding', 'c', '--timings', '--progress')).to.deep.equal({
        model: '/work/m', prompt: 'p', out: '/work/o.png', negativePrompt: 'n', size: '96x64', steps: 9n, guidance: 7.5,
        seed: 2n ** 64n - 1n, n: 2n, scheduler: 'euler_ancestral', device: 'CPU', binding: 'c', timings: true, progress: true,
      });
      expect(parseGenerateFlags(['--help'], '/')).to.equal('help');
    });

    it('reads the edit flags --image, --mask (paths resolved) and --strength', () => {
      expect(flags('--image', 'in.png', '--mask', '/d/m.png', '--strength', '.25')).to.include({
        image: '/work/in.png', mask: '/d/m.png', strength: 0.25,
      });
      expect(flags('--image', 'in.png')).to.not.have.any.keys('mask', 'strength');
    });

    const errors: readonly (readonly [readonly string[], RegExp])[] = [
      [['--prompt', 'p', '--out', 'o.png'], /^--model is required/],
      [['--model', 'm', '--out', 'o.png'], /^--prompt is required/],
      [['--model', 'm', '--prompt', 'p'], /^--out is required/],
      [[...base, '--size', '64'], /^--size must be WxH with positive integers/],
      [[...base, '--size', '0x64'], /^--size must be WxH/],
      [[...base, '--steps', '0'], /^--steps must be an integer from 1 to/],
      [[...base, '--steps', '2.5'], /^--steps must be an integer/],
      [[...base, '--seed', '18446744073709551616'], /^--seed must be an integer from 0 to 18446744073709551615/],
      [[...base, '--n', '0'], /^--n must be an integer from 1/],
      [[...base, '--guidance', 'high'], /^--guidance must be a number, got 'high'/],
      [[...base, '--scheduler', 'dpm'], /^--scheduler must be one of ddim, pndm, /],
      [[...base, '--mask', 'm.png'], /^--mask needs --image \(it is for edits\)$/],
      [[...base, '--strength', '0.5'], /^--strength needs --image/],
      [[...base, '--image', 'i.png', '--strength', 'half'], /^--strength must be a number, got 'half'/],
      [[...base, '--image', ''], /^--image must name a file/],
      [[...base, '--image', 'i.png', '--mask', ''], /^--mask must name a file/],
      [[...base, '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [argv, message] of errors) {
      it(`refuses ${argv.slice(-2).join(' ')}: ${message.source}`, () => {
        const [code, text] = usageErrorOf(() => parseGenerateFlags(argv, '/'));
        expect(code).to.equal(2);
        expect(text).to.match(message);
      });
    }

    it('builds the JSON request OVMS accepts: guidance as a float literal, the seed exact', () => {
      expect(requestBody(flags('--guidance', '7', '--seed', '18446744073709551615', '--size', '64x32', '--steps', '3', '--n', '2',
        '--negative_prompt', 'a "b"'))).to.equal('{"model":"m","prompt":"p","negative_prompt":"a \\"b\\"","size":"64x32",' +
        '"num_inference_steps":3,"guidance_scale":7.0,"rng_seed":18446744073709551615,"n":2}');
      expect(requestBody(flags('--guidance', '1e-1'))).to.contain('"guidance_scale":0.1');
    });

    it('builds the JSON request of a text-to-image run, and for an edit the multipart form curl -F would send', () => {
      const json = requestPayload(flags('--seed', '7'));
      expect(json).to.include({ kind: 'json', uri: '/v3/images/generations', contentType: 'application/json' });
      const image = new Uint8Array([1, 2, 3]);
      const mask = new Uint8Array([4, 5]);
      const edit = requestPayload(flags('--image', 'dir/cat.png', '--mask', 'cat_mask.png', '--strength', '1', '--size', '64x32',
        '--steps', '3', '--guidance', '7', '--seed', '18446744073709551615', '--n', '2', '--negative_prompt', 'dogs'), { image, mask });
      if (edit.kind !== 'multipart') return expect.fail(`a ${edit.kind} payload`);
      expect(edit.uri).to.equal('/v3/images/edits');
      expect(edit.contentType).to.match(/^multipart\/form-data; boundary=/);
      expect(edit.form.textFields.map(({ name, value }) => `${name}=${value}`)).to.deep.equal([
        'model=m', 'prompt=p', 'negative_prompt=dogs', 'size=64x32', 'num_inference_steps=3', 'guidance_scale=7.0',
        'rng_seed=18446744073709551615', 'n=2', 'strength=1.0',
      ]);
      expect(edit.form.files.map(({ name, fileName, bytes }) => [name, fileName, [...bytes]])).to.deep.equal([
        ['image', 'cat.png', [1, 2, 3]], ['mask', 'cat_mask.png', [4, 5]],
      ]);
      const i2i = requestPayload(flags('--image', 'cat.png'), { image });
      expect(i2i.kind === 'multipart' ? i2i.form.fieldNames() : []).to.deep.equal(['image', 'model', 'prompt']);
    });

    it('names outputs FILE.png, or FILE-0.png, FILE-1.png, ... for several images', () => {
      expect(outputPaths('/o/cat.png', 1)).to.deep.equal(['/o/cat.png']);
      expect(outputPaths('/o/cat.png', 3)).to.deep.equal(['/o/cat-0.png', '/o/cat-1.png', '/o/cat-2.png']);
      expect(outputPaths('/o/cat', 2)).to.deep.equal(['/o/cat-0', '/o/cat-1']);
    });
  });

  it('writes FILE-0.png and FILE-1.png for --n 2, prints their paths, reports timings and progress on stderr', async () => {
    const out = join(scratch, 'pair.png');
    const result = await runCli(['generate', '--model', model, '--prompt', 'two cats', '--size', '32x32', '--steps', '2', '--n', '2',
      '--out', out, '--timings', '--progress']);
    expect(result.code, result.stderr).to.equal(0);
    const paths = [join(scratch, 'pair-0.png'), join(scratch, 'pair-1.png')];
    expect(result.stdout.trim().split('\n')).to.deep.equal(paths);
    expect(existsSync(out)).to.equal(false);
    const images = paths.map((path) => decodeRgbPng(readFileSync(path)));
    expect(images.map((image) => [image.width, image.height])).to.deep.equal([[32, 32], [32, 32]]);
    expect(Buffer.from(images[0]?.pixels ?? []).equals(Buffer.from(images[1]?.pixels ?? []))).to.equal(false);
    const lines = result.stderr.trim().split('\n');
    expect(lines.slice(0, 3)).to.deep.equal(['step 1/3', 'step 2/3', 'step 3/3']);
    const timings = JSON.parse(lines[3] ?? '{}') as Record<string, number>;
    expect(Object.keys(timings)).to.deep.equal(['load_ms', 'generate_ms', 'images', 'peak_rss_mb']);
    expect(timings['images']).to.equal(2);
  });

  const graphErrors: readonly (readonly [string, () => readonly string[], RegExp])[] = [
    ['too many steps (the servable\'s limit)', () => ['--steps', '101'],
      /node "ImageGenExecutor": num_inference_steps is greater than maxNumInferenceSteps: 100 \(--steps\)/],
    ['a size the VAE cannot decode', () => ['--size', '63x64'],
      /node "ImageGenExecutor": width and height must be divisible by 2 \(got 63x64\) \(--size\)/],
    ['a negative prompt without guidance', () => ['--negative_prompt', 'x', '--guidance', '1'],
      /negative_prompt is not used when guidance_scale <= 1\.0 .*\(--negative_prompt\)/],
  ];
  for (const [what, extra, message] of graphErrors) {
    it(`names the flag of a request the graph refuses: ${what}`, async () => {
      const result = await runCli(['generate', '--model', model, '--prompt', 'p', '--out', join(scratch, 'x.png'), ...extra()]);
      expect(result.code).to.equal(1);
      expect(result.stderr).to.match(message);
    });
  }

  describe('edits', () => {
    let corrupt = '';
    before(() => {
      corrupt = join(scratch, 'corrupt.png');
      writeFileSync(corrupt, readFileSync(join(sharedDataDir, 'cat.png')).subarray(0, 100));
    });
    const cat = (): string => join(sharedDataDir, 'cat.png');
    const editErrors: readonly (readonly [string, () => readonly string[], RegExp])[] = [
      ['a corrupt image', () => ['--image', corrupt], /node "ImageGenExecutor": Image parsing failed: truncated PNG \(--image\)$/m],
      ['a corrupt mask', () => ['--image', cat(), '--mask', corrupt],
        /node "ImageGenExecutor": Image parsing failed: mask: truncated PNG \(--mask\)$/m],
      ['a strength above 1', () => ['--image', cat(), '--strength', '1.5'],
        /node "ImageGenExecutor": strength is greater than maxStrength: 1 \(--strength\)$/m],
      ['n = 2 when inpainting with a 4-channel UNet', () => ['--image', cat(), '--mask', cat(), '--n', '2'],
        /num_images_per_prompt must be 1 for inpainting with a 4-channel UNet \(got 2; .*\) \(--n\)$/m],
    ];
    for (const [what, extra, message] of editErrors) {
      it(`names the flag of an edit the graph refuses: ${what}`, async () => {
        const result = await runCli(['generate', '--model', model, '--prompt', 'p', '--out', join(scratch, 'x.png'), ...extra()]);
        expect(result.code).to.equal(1);
        expect(result.stderr).to.match(message);
      });
    }

    it('reports an image file it cannot read before loading the model (exit 1)', async () => {
      const result = await runCli(['generate', '--model', join(scratch, 'none'), '--prompt', 'p', '--out', join(scratch, 'x.png'),
        '--image', join(scratch, 'missing.png')]);
      expect([result.code, result.stderr]).to.match(/^1,pictograph generate: cannot read --image .*missing\.png: ENOENT/);
    });

    it('answers OVMS\'s message when a dedicated inpainting model gets an image without a mask', async () => {
      const inpainting = await tinyModel('sd15-inpaint');
      const result = await runCli(['generate', '--model', inpainting, '--prompt', 'p', '--image', cat(), '--out', join(scratch, 'x.png')]);
      expect([result.code, result.stderr]).to.match(
        /^1,pictograph generate: node "ImageGenExecutor": Image-to-image pipeline is not available for this model\n$/);
    });
  });

  it('reports an output it cannot write, and a device OpenVINO does not know, with exit 1', async () => {
    const unwritable = await runCli(['generate', '--model', model, '--prompt', 'p', '--steps', '1', '--out', join(scratch, 'no', 'dir', 'x.png')]);
    expect([unwritable.code, unwritable.stderr]).to.match(/^1,pictograph generate: cannot write --out .*no\/dir\/x\.png: ENOENT/);
    const device = await runCli(['generate', '--model', model, '--prompt', 'p', '--device', 'NOPE', '--out', join(scratch, 'x.png')]);
    expect(device.code).to.equal(1);
    expect(device.stderr).to.match(/^pictograph generate: [^]*Device with "NOPE" name is not registered/);
  });

  it('fails to load a model it cannot run, naming the file and key', async () => {
    const flowMatch = withSchedulerConfig(model, { _class_name: 'FlowMatchEulerDiscreteScheduler' });
    const result = await runCli(['generate', '--model', flowMatch, '--prompt', 'p', '--out', join(scratch, 'x.png')]);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/scheduler_config\.json: '_class_name': FlowMatchEulerDiscreteScheduler needs a SD3 or FLUX pipeline/);
    const missing = await runCli(['generate', '--model', join(scratch, 'none'), '--prompt', 'p', '--out', join(scratch, 'x.png')]);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.contain('Models path does not exist');
  });
});
