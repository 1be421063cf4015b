/**
 * @module test/calculators/openvino/native-memory.test
 * Native memory: RSS over 1000 inferences, and what garbage collection may free (lifetime-probe.ts).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type CompiledModel, type Core, loadOpenVino } from '../../../calculators/openvino/index.js';
import { affineExpected, affineModel } from './models.js';
import type { LifetimeReport } from './lifetime-probe.js';

const MiB = 1024 * 1024;
/** Rows of the [rows, 4] f32 tensors each iteration allocates: 256 KiB apiece, so a leak shows within 100 runs. */
const ROWS = 16_384;

describe('native memory (C API)', function () {
  this.timeout(120_000);
  const ov = loadOpenVino({ binding: 'c' });
  let core: Core;
  let compiled: CompiledModel;
  before(async () => {
    core = ov.createCore();
    const { xml, weights } = affineModel('f32');
    const model = core.readModelFromMemory(xml, weights);
    compiled = await core.compileModel(model, 'CPU');
    model.dispose();
  });
  after(() => {
    compiled.dispose();
    core.dispose();
  });

  it('RSS stops growing over 1000 inferences that dispose what they create', async () => {
    const rssMiB: number[] = [];
    for (let i = 1; i <= 1000; i += 1) {
      const request = compiled.createInferRequest();
      const input = ov.tensor('f32', [ROWS, 4]);
      (input.data as Float32Array).fill(i % 7);
      request.setTensor('x', input);
      await request.infer();
      const y = request.getTensor('y');
      expect((y.data as Float32Array)[ROWS * 4 - 1]).to.equal(affineExpected([0, 0, 0, i % 7])[ 'y'][3]);
      y.dispose();
      input.dispose();
      request.dispose();
      if (i % 100 === 0) rssMiB.push(process.memoryUsage().rss / MiB);
    }
    // Warm-up (allocator pools, JIT, OpenVINO caches) is over by iteration 200; each leaked iteration would hold
    // ≥ 512 KiB (input + output), i.e. ≥ 400 MiB over the last 800 iterations.
    const growth = rssMiB[9]! - rssMiB[1]!;
    expect(growth, `RSS every 100 iterations (MiB): ${rssMiB.map((v) => v.toFixed(0)).join(' ')}`).to.be.below(24);
  });

  it('keeps host arrays alive while bound, and frees forgotten handles (run with --expose-gc)', () => {
    const probe = fileURLToPath(new URL('./lifetime-probe.js', import.meta.url));
    const child = spawnSync(process.execPath, ['--expose-gc', probe], { encoding: 'utf8', timeout: 110_000 });
    expect(child.status, child.stderr).to.equal(0);
    const report = JSON.parse(child.stdout) as LifetimeReport;
    expect(report.isBoundArrayAliveAfterGc).to.equal(true);
    expect(report.boundArrayResult).to.deep.equal(affineExpected([1, 2, 3, 4]).y);
    expect(report.isArrayCollectedAfterRequestDispose).to.equal(true);
    expect(report.forgottenMiB, 'MiB of forgotten native tensors still resident after gc').to.be.below(
      report.allocatedMiB / 4);
  });
});
