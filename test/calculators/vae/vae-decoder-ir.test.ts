/**
 * @module test/calculators/vae/vae-decoder-ir.test
 * GenAI's VAE post-processing merged into a decoder IR: the ops PrePostProcessor adds, in its order, and what the
 * rewritten IR computes through OpenVINO.
 */
import { expect } from 'chai';
import type { AutoencoderKlConfig } from '../../../calculators/pipeline/component-configs.js';
import { IrGraph, ops, serializeIr, type IrNode } from '../../../calculators/openvino/ir/index.js';
import { mergeVaeImagePostProcessing } from '../../../calculators/vae/vae-decoder-ir.js';
import { testOpenVino } from '../../support/tiny-servable.js';

const vae = (scalingFactor: number, shiftFactor: number): AutoencoderKlConfig => ({
  inChannels: 3, latentChannels: 3, outChannels: 3, scalingFactor: Math.fround(scalingFactor), shiftFactor: Math.fround(shiftFactor),
  blockOutChannels: [64], vaeScaleFactor: 1,
});

/** A "decoder" that returns its latent ([N, 3, H, W] → the same), so the post-processing alone shows. */
function identityDecoder(): IrGraph {
  const graph = new IrGraph();
  const latent = ops.parameter(graph, 'latent_sample', 'f32', [-1, 3, -1, -1]);
  const doubled = ops.multiply(latent, ops.constantOf(graph, 'f32', [1], [1]));
  ops.result(doubled, 'sample');
  return graph;
}

const chain = (node: IrNode): string[] => {
  const types: string[] = [];
  for (let current: IrNode | undefined = node; current !== undefined && current.type !== 'Parameter'; current = current.inputs[0]?.node) {
    types.push(current.type);
  }
  return types.reverse();
};

describe('vae/mergeVaeImagePostProcessing', () => {
  it('adds Divide(scaling) and Subtract(-shift) on the latent, then x·0.5 + 0.5, Clamp, ×255, u8, NCHW → NHWC', () => {
    const graph = identityDecoder();
    mergeVaeImagePostProcessing(graph, vae(0.3611, 0.1159));
    const [result] = graph.results;
    expect(chain(result as IrNode)).to.deep.equal(['Divide', 'Subtract', 'Multiply', 'Multiply', 'Add', 'Clamp', 'Multiply',
      'Convert', 'Transpose', 'Result']);
    expect(result?.inputs[0]?.port.names).to.deep.equal(['sample']);
  });

  it('leaves the latent alone when scaling_factor is 1 and shift_factor 0 (as PPP skips them)', () => {
    const graph = identityDecoder();
    mergeVaeImagePostProcessing(graph, vae(1, 0));
    expect(chain(graph.results[0] as IrNode).slice(0, 2)).to.deep.equal(['Multiply', 'Multiply']);
  });

  it('computes u8 NHWC trunc(clamp((x / s + shift)·0.5 + 0.5, 0, 1)·255) through OpenVINO (the CPU plugin truncates)', async () => {
    const graph = identityDecoder();
    mergeVaeImagePostProcessing(graph, vae(0.5, 0.25));
    const { xml, bin } = serializeIr(graph);
    const openVino = testOpenVino();
    const core = openVino.createCore();
    const compiled = await core.compileModel(core.readModelFromMemory(xml, bin), 'CPU');
    const request = compiled.createInferRequest();
    // [1, 3, 1, 2]: channel-major input, values chosen away from rounding ties.
    const latent = Float32Array.of(-2, 0.1, -0.3, 0.05, 0.3, 2);
    request.setInputTensor(0, openVino.tensor('f32', [1, 3, 1, 2], latent));
    await request.infer();
    const output = request.getOutputTensor(0);
    expect([output.elementType, output.shape]).to.deep.equal(['u8', [1, 1, 2, 3]]);
    // OpenVINO 2026.4 CPU: this f32 → u8 Convert truncates (82.875 → 82), it does not round.
    const expected = (x: number): number => Math.trunc(Math.min(1, Math.max(0, (x / 0.5 + 0.25) * 0.5 + 0.5)) * 255);
    // NHWC: pixel (0,0) = channels of element 0 of each plane, pixel (0,1) = element 1.
    expect([...(output.data as Uint8Array)]).to.deep.equal([-2, -0.3, 0.3, 0.1, 0.05, 2].map(expected));
    request.dispose();
    compiled.dispose();
    core.dispose();
  });
});
