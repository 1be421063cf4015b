/**
 * @module calculators/model-generator/clip-text-model
 * transformers' CLIPTextModel (`models/clip/modeling_clip.py`; diffusion-model-configs.md §2.3) as optimum exports
 * it: `input_ids` i64 `[?, ?]` → `last_hidden_state` `[?, ?, H]`, `pooler_output` `[?, H]`. Pre-LN encoder layers
 * with causal self-attention; pooling at argmax(input_ids), the legacy `eos_token_id == 2` rule (the highest id is
 * `<|endoftext|>`).
 */
import { IrGraph, type Output, ops, type WeightFormat } from '../openvino/ir/index.js';
import { attention } from './attention.js';
import type { ClipTextConfig } from './configs/index.js';
import { activation, embedding, layerNorm, linear } from './layers.js';
import { ComponentBuild, ModuleScope } from './module-scope.js';
import type { RandomWeights } from './random-weights.js';

export function buildClipTextModel(config: ClipTextConfig, random: RandomWeights, format: WeightFormat): ComponentBuild {
  const build = new ComponentBuild(new IrGraph(), random, format);
  const graph = build.graph;
  const textModel = ModuleScope.root(build).child('text_model');
  const width = config.hidden_size;
  const ids = ops.parameter(graph, 'input_ids', 'i64', [-1, -1]);

  // Embeddings: token + position, position_ids = the registered arange buffer sliced to the sequence length.
  const embeddings = textModel.child('embeddings');
  const tokens = embedding(embeddings.child('token_embedding'), ids, config.vocab_size, width);
  const positionIds = ops.constantOf(graph, 'i64', Array.from({ length: config.max_position_embeddings }, (_, i) => i),
    [1, config.max_position_embeddings], { name: 'self.text_model.embeddings.position_ids' });
  const sequence = ops.gather(ops.shapeOf(ids, 'i64', { name: embeddings.opName('aten::size', 'ShapeOf') }), [1], 0);
  const positions = embedding(embeddings.child('position_embedding'),
    ops.slice(positionIds, [0], sequence, [1], [1], { name: embeddings.opName('aten::slice', 'Slice') }),
    config.max_position_embeddings, width);
  let h = ops.add(tokens, positions, { name: embeddings.opName('aten::add', 'Add') });

  const eps = config.layer_norm_eps;
  const names = { query: 'q_proj', key: 'k_proj', value: 'v_proj', out: 'out_proj' };
  for (let i = 0; i < config.num_hidden_layers; i++) {
    const layer = textModel.child('encoder', 'layers', i);
    const normed = layerNorm(layer.child('layer_norm1'), h, width, eps);
    const attended = attention(layer.child('self_attn'), normed, normed,
      { channels: width, heads: config.num_attention_heads, contextChannels: width }, { names, qkvBias: true, causal: true });
    h = ops.add(h, attended, { name: layer.opName('aten::add', 'Add') });
    const mlp = layer.child('mlp');
    const expanded = activation(mlp.child('activation_fn'),
      linear(mlp.child('fc1'), layerNorm(layer.child('layer_norm2'), h, width, eps), width, config.intermediate_size),
      config.hidden_act);
    h = ops.add(h, linear(mlp.child('fc2'), expanded, config.intermediate_size, width), { name: layer.opName('aten::add', 'Add') });
  }
  const last = layerNorm(textModel.child('final_layer_norm'), h, width, eps);
  ops.result(last, 'last_hidden_state');

  // pooler_output = last_hidden_state[arange(B), argmax(input_ids)]: a stable TopK keeps torch.argmax's first maximum.
  const [, eosIndex] = ops.topK(ids, 1, -1, {
    mode: 'max', sort: 'value', stable: true, indexElementType: 'i64', name: textModel.opName('aten::argmax', 'TopK'),
  });
  const eosPosition = ops.squeeze(eosIndex, [1], { name: textModel.opName('aten::argmax', 'Squeeze') });
  const pooled: Output = ops.gather(last, eosPosition, 1, { batchDims: 1, name: textModel.opName('aten::index', 'Gather') });
  ops.result(pooled, 'pooler_output');
  return build;
}
