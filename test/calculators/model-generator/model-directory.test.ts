import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipelineSpec } from '../../../calculators/model-generator/configs/index.js';
import { FLOAT_CONFIG_KEYS } from '../../../calculators/model-generator/configs/index.js';
import {
  componentConfig, DIFFUSERS_VERSION, modelIndex, writeModelDirectory,
} from '../../../calculators/model-generator/model-directory.js';
import { pythonJson } from '../../../calculators/model-generator/python-json.js';
import { GraphError } from '../../../engine/status.js';

const config = (value: Parameters<typeof pythonJson>[0]) => pythonJson(value, { indent: 2, floatKeys: FLOAT_CONFIG_KEYS });

describe('model directory', () => {
  it('writes the SD 1.5 UNet and VAE configs an optimum export has (diffusion-model-configs.md §4.2)', () => {
    const spec = pipelineSpec('sd15', 'full');
    // The exported files, one line per key as json.dumps(indent=2) writes them (lists flattened here).
    const unet = JSON.parse(config(componentConfig(spec, 'unet'))) as Record<string, unknown>;
    expect(unet).to.deep.equal({
      _class_name: 'UNet2DConditionModel', _diffusers_version: DIFFUSERS_VERSION, _name_or_path: 'pictograph/sd15-full/unet',
      act_fn: 'silu', addition_embed_type: null, addition_embed_type_num_heads: 64, addition_time_embed_dim: null,
      attention_head_dim: 8, attention_type: 'default', block_out_channels: [320, 640, 1280, 1280], center_input_sample: false,
      class_embed_type: null, class_embeddings_concat: false, conv_in_kernel: 3, conv_out_kernel: 3, cross_attention_dim: 768,
      cross_attention_norm: null,
      down_block_types: ['CrossAttnDownBlock2D', 'CrossAttnDownBlock2D', 'CrossAttnDownBlock2D', 'DownBlock2D'],
      downsample_padding: 1, dropout: 0.0, dual_cross_attention: false, encoder_hid_dim: null, encoder_hid_dim_type: null,
      flip_sin_to_cos: true, freq_shift: 0, in_channels: 4, layers_per_block: 2, mid_block_only_cross_attention: null,
      mid_block_scale_factor: 1, mid_block_type: 'UNetMidBlock2DCrossAttn', norm_eps: 1e-05, norm_num_groups: 32,
      num_attention_heads: null, num_class_embeds: null, only_cross_attention: false, out_channels: 4,
      projection_class_embeddings_input_dim: null, resnet_out_scale_factor: 1.0, resnet_skip_time_act: false,
      resnet_time_scale_shift: 'default', reverse_transformer_layers_per_block: null, sample_size: 64, time_cond_proj_dim: null,
      time_embedding_act_fn: null, time_embedding_dim: null, time_embedding_type: 'positional', timestep_post_act: null,
      transformer_layers_per_block: 1, up_block_types: ['UpBlock2D', 'CrossAttnUpBlock2D', 'CrossAttnUpBlock2D', 'CrossAttnUpBlock2D'],
      upcast_attention: false, use_linear_projection: false,
    });
    const text = config(componentConfig(spec, 'unet'));
    expect(text).to.contain('\n  "dropout": 0.0,\n').and.contain('\n  "resnet_out_scale_factor": 1.0,\n').and.contain('\n  "mid_block_scale_factor": 1,\n');
    expect(config(componentConfig(spec, 'vae_decoder'))).to.contain('\n  "scaling_factor": 0.18215,\n  "shift_factor": null,\n');
    expect(config(componentConfig(pipelineSpec('sd21', 'full'), 'unet'))).to.contain('"attention_head_dim": [\n    5,\n    10,\n    20,\n    20\n  ],');
  });

  it('writes the text encoder config as transformers 5.24 saves CLIPTextConfig', () => {
    expect(config(componentConfig(pipelineSpec('sd15', 'tiny'), 'text_encoder'))).to.equal(`{
  "_name_or_path": "pictograph/sd15-tiny/text_encoder",
  "architectures": [
    "CLIPTextModel"
  ],
  "attention_dropout": 0.0,
  "bos_token_id": 0,
  "dtype": "float32",
  "eos_token_id": 2,
  "export_model_type": "clip-text",
  "hidden_act": "quick_gelu",
  "hidden_size": 32,
  "initializer_factor": 1.0,
  "initializer_range": 0.02,
  "intermediate_size": 37,
  "layer_norm_eps": 1e-05,
  "max_position_embeddings": 77,
  "model_type": "clip_text_model",
  "num_attention_heads": 4,
  "num_hidden_layers": 5,
  "pad_token_id": 1,
  "projection_dim": 512,
  "transformers_version": "5.24.0",
  "vocab_size": 1000
}
`);
  });

  it('names the diffusers pipeline class GenAI dispatches on, without a safety checker', () => {
    expect(modelIndex(pipelineSpec('lcm', 'full'))).to.deep.include({
      _class_name: 'LatentConsistencyModelPipeline', scheduler: ['diffusers', 'LCMScheduler'],
      safety_checker: [null, null], requires_safety_checker: false, unet: ['diffusers', 'UNet2DConditionModel'],
    });
  });

  it('refuses a non-empty output directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pictograph-model-dir-'));
    try {
      mkdirSync(join(dir, 'out'));
      writeFileSync(join(dir, 'out', 'keep.txt'), 'x');
      expect(() => writeModelDirectory({ arch: 'sd15', size: 'tiny', weights: 'f32', seed: 1, outDir: join(dir, 'out') }))
        .to.throw(GraphError, /is not empty/).with.property('code', 'FAILED_PRECONDITION');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
