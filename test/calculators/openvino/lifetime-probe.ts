/**
 * @module test/calculators/openvino/lifetime-probe
 * Run by native-memory.test.ts as `node --expose-gc`: checks what garbage collection may and may not free, and prints
 * a LifetimeReport as JSON. Not a test file itself (mocha only runs *.test.js).
 */
import { loadOpenVino, type Tensor } from '../../../calculators/openvino/index.js';
import { affineModel } from './models.js';

export interface LifetimeReport {
  /** A host array bound to a request, with no other reference, survives gc… */
  readonly isBoundArrayAliveAfterGc: boolean;
  /** …and the request still reads its values… */
  readonly boundArrayResult: number[];
  /** …until the request is disposed. */
  readonly isArrayCollectedAfterRequestDispose: boolean;
  /** Native tensors allocated then dropped without dispose(): how much, and how much is still resident after gc. */
  readonly allocatedMiB: number;
  readonly forgottenMiB: number;
}

const MiB = 1024 * 1024;

async function collectGarbage(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  // WeakRef targets and finalizers are only released between jobs, so let the loop turn between collections.
  for (let i = 0; i < 4; i += 1) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function main(): Promise<LifetimeReport> {
  const ov = loadOpenVino({ binding: 'c' });
  const core = ov.createCore();
  const { xml, weights } = affineModel('f32');
  const compiled = await core.compileModel(core.readModelFromMemory(xml, weights), 'CPU');
  const request = compiled.createInferRequest();

  const bind = (): WeakRef<Float32Array> => {
    const data = new Float32Array([1, 2, 3, 4]);
    const tensor = ov.tensor('f32', [1, 4], data);
    request.setTensor('x', tensor);
    tensor.dispose();
    return new WeakRef(data);
  };
  const bound = bind();
  await collectGarbage();
  const isBoundArrayAliveAfterGc = bound.deref() !== undefined;
  await request.infer();
  const boundArrayResult = Array.from(request.getTensor('y').data as Float32Array);
  request.dispose();
  await collectGarbage();
  const isArrayCollectedAfterRequestDispose = bound.deref() === undefined;

  const count = 64;
  const forget = (): void => {
    for (let i = 0; i < count; i += 1) {
      const tensor: Tensor = ov.tensor('f32', [MiB / 4]);
      (tensor.data as Float32Array).fill(i); // touch every page so it is resident
    }
  };
  const before = process.memoryUsage().rss;
  forget();
  await collectGarbage();
  const forgottenMiB = Math.max(0, process.memoryUsage().rss - before) / MiB;
  compiled.dispose();
  core.dispose();
  return { isBoundArrayAliveAfterGc, boundArrayResult, isArrayCollectedAfterRequestDispose, allocatedMiB: count,
    forgottenMiB };
}

process.stdout.write(`${JSON.stringify(await main())}\n`);
