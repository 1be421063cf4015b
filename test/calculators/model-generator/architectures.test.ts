import { expect } from 'chai';
import { type Arch, type ModelSize, pipelineSpec } from '../../../calculators/model-generator/configs/index.js';
import { buildComponent, type ComponentName, COMPONENTS } from '../../../calculators/model-generator/model-directory.js';
import { RandomWeights } from '../../../calculators/model-generator/random-weights.js';

const random = new RandomWeights(42);
const build = (arch: Arch, size: ModelSize, component: ComponentName, format: 'f32' | 'int8' = 'f32') =>
  buildComponent(pipelineSpec(arch, size), component, random, format);

describe('generated architectures', () => {
  it('have the parameter counts of the real models (diffusion-model-configs.md §4-6)', () => {
    const expected: [Arch, ModelSize, Record<ComponentName, number>][] = [
      ['sd15', 'full', { text_encoder: 123_060_480, unet: 859_520_964, vae_encoder: 34_163_664, vae_decoder: 49_490_199 }],
      ['sd21', 'full', { text_encoder: 340_387_840, unet: 865_910_724, vae_encoder: 34_163_664, vae_decoder: 49_490_199 }],
      ['lcm', 'full', { text_encoder: 123_060_480, unet: 859_602_884, vae_encoder: 34_163_664, vae_decoder: 49_490_199 }],
      ['sd15-inpaint', 'full', { text_encoder: 123_060_480, unet: 859_535_364, vae_encoder: 34_163_664, vae_decoder: 49_490_199 }],
      // hf-internal-testing/tiny-stable-diffusion-torch and echarlaix/tiny-random-latent-consistency (§5.1, §5.3).
      ['sd15', 'tiny', { text_encoder: 68_473, unet: 1_427_012, vae_encoder: 256_304, vae_decoder: 402_071 }],
      ['lcm', 'tiny', { text_encoder: 60_160, unet: 18_592, vae_encoder: 4_892, vae_decoder: 6_935 }],
    ];
    for (const [arch, size, counts] of expected) {
      const actual = Object.fromEntries(COMPONENTS.map((component) => [component, build(arch, size, component).parameterCount()]));
      expect(actual, `${arch} ${size}`).to.deep.equal(counts);
    }
  });

  it('compress exactly the Linear, Conv2d and Embedding weights to int8 (optimum-intel test counts, §5)', () => {
    const u8Constants = (arch: Arch, component: ComponentName) => build(arch, 'tiny', component, 'int8').graph.nodes
      .filter((node) => node.type === 'Const' && node.outputs[0]!.elementType === 'u8').length;
    // _ARCHITECTURES_TO_EXPECTED_INT8 for stable-diffusion: weights + zero points.
    expect(COMPONENTS.map((component) => u8Constants('sd15', component))).to.deep.equal([64, 242, 34, 42]);
    // The tiny LCM text encoder: 20 weight layers.
    expect(u8Constants('lcm', 'text_encoder')).to.equal(40);
  });

  it('name MatMul and Convolution nodes and weights like optimum exports, uniquely (LoRA matching)', () => {
    const names = (arch: Arch, component: ComponentName) => build(arch, 'tiny', component).graph.nodes.map((node) => node.name);
    const unet = names('sd15', 'unet');
    expect(unet).to.include.members([
      '__module.conv_in/aten::_convolution/Convolution',
      '__module.time_embedding.linear_1/aten::linear/MatMul',
      '__module.down_blocks.1.attentions.0.proj_in/aten::_convolution/Convolution',
      '__module.down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q/aten::linear/MatMul',
      '__module.down_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k/aten::linear/MatMul',
      '__module.down_blocks.1.attentions.0.transformer_blocks.0.ff.net.0.proj/aten::linear/MatMul',
      '__module.down_blocks.0.resnets.0.time_emb_proj/aten::linear/MatMul',
      '__module.up_blocks.0.resnets.2.conv_shortcut/aten::_convolution/Convolution',
      '__module.mid_block.attentions.0.transformer_blocks.0.attn1/aten::scaled_dot_product_attention/ScaledDotProductAttention',
      'self.down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q.weight',
      'self.conv_in.weight', 'self.conv_in.bias',
    ]);
    expect(names('sd21', 'unet')).to.include('__module.down_blocks.1.attentions.0.proj_in/aten::linear/MatMul');
    expect(names('lcm', 'unet')).to.include('__module.time_embedding.cond_proj/aten::linear/MatMul');
    expect(names('sd15', 'text_encoder')).to.include.members([
      '__module.text_model.embeddings.token_embedding/aten::embedding/Gather',
      '__module.text_model.encoder.layers.4.self_attn.q_proj/aten::linear/MatMul',
      '__module.text_model.encoder.layers.0.mlp.fc2/aten::linear/MatMul',
      'self.text_model.embeddings.position_embedding.weight',
    ]);
    expect(names('sd15', 'vae_decoder')).to.include.members([
      '__module.post_quant_conv/aten::_convolution/Convolution',
      '__module.decoder.up_blocks.0.upsamplers.0.conv/aten::_convolution/Convolution',
      '__module.decoder.mid_block.attentions.0.to_q/aten::linear/MatMul',
    ]);
    expect(names('sd15', 'vae_encoder')).to.include('__module.quant_conv/aten::_convolution/Convolution');
    for (const arch of ['sd15', 'sd21'] as const) {
      for (const component of COMPONENTS) {
        const weighted = build(arch, 'tiny', component).graph.nodes
          .filter((node) => node.type === 'MatMul' || node.type === 'Convolution').map((node) => node.name);
        expect(new Set(weighted).size, `${arch} ${component}`).to.equal(weighted.length);
      }
    }
  });

  it('declare the inputs and outputs of genai-image-generation.md §1.3', () => {
    const ports = (arch: Arch, component: ComponentName) => {
      const { graph } = build(arch, 'tiny', component);
      return {
        inputs: graph.parameters.map((p) => [p.outputs[0]!.names[0], p.outputs[0]!.elementType, p.outputs[0]!.shape]),
        outputs: graph.results.map((r) => [r.inputs[0]!.port.names.at(-1), r.inputs[0]!.elementType, r.inputs[0]!.shape]),
      };
    };
    expect(ports('sd15', 'unet')).to.deep.equal({
      inputs: [['sample', 'f32', [-1, 4, -1, -1]], ['timestep', 'i64', [-1]], ['encoder_hidden_states', 'f32', [-1, 77, 32]]],
      outputs: [['out_sample', 'f32', [-1, 4, -1, -1]]],
    });
    expect(ports('lcm', 'unet').inputs.at(-1)).to.deep.equal(['timestep_cond', 'f32', [-1, 32]]);
    expect(ports('sd15-inpaint', 'unet').inputs[0]).to.deep.equal(['sample', 'f32', [-1, 9, -1, -1]]);
    expect(ports('sd15', 'text_encoder')).to.deep.equal({
      inputs: [['input_ids', 'i64', [-1, -1]]],
      outputs: [['last_hidden_state', 'f32', [-1, -1, 32]], ['pooler_output', 'f32', [-1, 32]]],
    });
    expect(ports('sd15', 'vae_encoder')).to.deep.equal({
      inputs: [['sample', 'f32', [-1, 3, -1, -1]]], outputs: [['latent_parameters', 'f32', [-1, 8, -1, -1]]],
    });
    expect(ports('sd15', 'vae_decoder')).to.deep.equal({
      inputs: [['latent_sample', 'f32', [-1, 4, -1, -1]]], outputs: [['sample', 'f32', [-1, 3, -1, -1]]],
    });
  });
});
