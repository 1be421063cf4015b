/**
 * @module test/calculators/openvino/async-inference.test
 * infer() runs off the event loop: timers fire during a long inference, requests overlap.
 */
import { expect } from 'chai';
import { type CompiledModel, type Core, loadOpenVino, type Model } from '../../../calculators/openvino/index.js';
import { matmulChainModel } from './models.js';

/** Big enough that one inference on [SIZE, SIZE] takes a good fraction of a second on 2 cores. */
const SIZE = 1024;
const DEPTH = 16;

describe('InferRequest.infer() off the event loop (C API)', function () {
  this.timeout(120_000);
  const ov = loadOpenVino({ binding: 'c' });
  let core: Core;
  let model: Model;
  let compiled: CompiledModel;
  before(async () => {
    core = ov.createCore();
    const { xml, weights } = matmulChainModel(SIZE, DEPTH);
    model = core.readModelFromMemory(xml, weights);
    // Two streams: with one (the LATENCY default on CPU), OpenVINO queues concurrent requests itself.
    compiled = await core.compileModel(model, 'CPU', { NUM_STREAMS: '2', INFERENCE_PRECISION_HINT: 'f32' });
  });
  after(() => {
    compiled.dispose();
    model.dispose();
    core.dispose();
  });

  function request(rows: number) {
    const inferRequest = compiled.createInferRequest();
    inferRequest.setTensor('x', ov.tensor('f32', [rows, SIZE], new Float32Array(rows * SIZE).fill(1)));
    return inferRequest;
  }

  it('keeps timers firing during a long inference', async () => {
    const long = request(SIZE);
    let isDone = false;
    let ticksWhileRunning = 0;
    const timer = setInterval(() => { if (!isDone) ticksWhileRunning += 1; }, 5);
    const started = performance.now();
    await long.infer();
    isDone = true;
    clearInterval(timer);
    const ms = performance.now() - started;
    expect(ticksWhileRunning, `ticks during a ${ms.toFixed(0)} ms inference`).to.be.at.least(3);
    // All-ones rows stay all ones: every W column sums to 1.
    expect((long.getTensor('y').data as Float32Array)[0]).to.be.closeTo(1, 1e-3);
    long.dispose();
  });

  it('runs several requests concurrently: a short one finishes while a long one is in flight', async () => {
    const long = request(SIZE);
    const short = request(1);
    let inFlight = 0;
    const inFlightAtEnd: Record<string, number> = {};
    const run = (name: string, inferRequest: ReturnType<typeof request>) => {
      inFlight += 1;
      return inferRequest.infer().then(() => {
        inFlightAtEnd[name] = inFlight;
        inFlight -= 1;
      });
    };
    await Promise.all([run('long', long), run('short', short)]);
    expect(inFlightAtEnd).to.deep.equal({ short: 2, long: 1 });
    long.dispose();
    short.dispose();
  });
});
