#!/usr/bin/env python3
"""Builds a tiny "probe" Stable Diffusion model folder that OpenVINO GenAI loads, whose UNet output is a simple,
bit-reproducible function of its inputs, so the per-step callback latents expose GenAI's scheduler arithmetic:

    out_sample[b] = sample[b]·0.5 + float(timestep)·2^-10 + float(input_ids[b][1])·2^-12
                    (+ (timestep_cond[0][0] + timestep_cond[0][half])·2^-4 for LCM)  (+ 0.0, see _pacing_zero)

(input_ids[b][1] is the prompt's first token id, carried by the probe text encoder, so CFG's uncond and text halves
differ). Power-of-two factors make the result independent of any multiply-add fusion in the CPU plugin. The
probe's text encoder outputs last_hidden_state[b, k, :] = float(input_ids[b][k]); its VAE decoder takes the first
three latent channels, upsampled 8x; its VAE encoder (image-to-image) outputs a fixed latent.
Tokenizer: the real CLIP vocabulary (clip_vocab.py) converted with openvino_tokenizers.
Test-side only (uses the venv's openvino Python API).
"""
import json
import os

import numpy as np
import openvino as ov
import openvino.opset13 as ops

HIDDEN = 8
MAX_TOKENS = 77
# The VAE encoder's fixed latent (per element of [1, 4, 2, 2]; image-to-image probes use 16x16 images).
FIXED_IMAGE_LATENT = np.array([0.25, -0.5, 1.0, -1.25, 0.75, -0.125, 0.5, 2.0,
                               -0.75, 0.375, -2.0, 1.5, 0.0625, -0.3125, 1.125, -1.0], dtype=np.float32)


def _pacing_zero(runtime_input):
    """+0.0 that takes milliseconds to compute (a 512x512 MatMul chain over a runtime value, so the CPU plugin cannot
    fold it away). GenAI runs the step callback on a worker thread (threaded_callback.hpp) and drops the calls still
    queued when the denoising loop ends; pacing the UNet keeps that worker idle whenever GenAI queues the next
    step, so every step's callback runs. Adding +0.0 changes no value."""
    rng = np.random.default_rng(0)
    one = ops.add(ops.multiply(ops.reduce_max(runtime_input, ops.constant(np.array([0, 1, 2, 3], np.int64)), False),
                               ops.constant(np.float32(0.0))), ops.constant(np.float32(1.0)))
    matrix = ops.multiply(ops.constant(rng.standard_normal([512, 512]).astype(np.float32)), one)
    product = ops.matmul(ops.matmul(matrix, matrix, False, False), matrix, False, False)
    total = ops.reduce_sum(ops.abs(product), ops.constant(np.array([0, 1], np.int64)), False)
    return ops.multiply(total, ops.constant(np.float32(0.0)))


def _text_encoder():
    ids = ops.parameter([-1, MAX_TOKENS], ov.Type.i64, name="input_ids")
    as_float = ops.convert(ids, ov.Type.f32)
    hidden = ops.multiply(ops.unsqueeze(as_float, [2]), ops.constant(np.ones([HIDDEN], np.float32)))
    hidden.output(0).get_tensor().set_names({"last_hidden_state"})
    pooled = ops.gather(hidden, ops.constant(np.int64(0)), ops.constant(np.int64(1)))
    pooled.output(0).get_tensor().set_names({"pooler_output"})
    return ov.Model([hidden.output(0), pooled.output(0)], [ids], "probe_text_encoder")


def _unet(time_cond_proj_dim):
    sample = ops.parameter([-1, 4, -1, -1], ov.Type.f32, name="sample")
    timestep = ops.parameter([-1], ov.Type.i64, name="timestep")
    states = ops.parameter([-1, MAX_TOKENS, HIDDEN], ov.Type.f32, name="encoder_hidden_states")
    params = [sample, timestep, states]
    half_sample = ops.multiply(sample, ops.constant(np.float32(0.5)))
    t_term = ops.reshape(ops.multiply(ops.convert(timestep, ov.Type.f32), ops.constant(np.float32(2.0 ** -10))),
                         ops.constant(np.array([-1, 1, 1, 1], np.int64)), False)
    first_token = ops.gather(ops.gather(states, ops.constant(np.int64(1)), ops.constant(np.int64(1))),
                             ops.constant(np.int64(0)), ops.constant(np.int64(1)))
    e_term = ops.reshape(ops.multiply(first_token, ops.constant(np.float32(2.0 ** -12))),
                         ops.constant(np.array([-1, 1, 1, 1], np.int64)), False)
    out = ops.add(ops.add(half_sample, t_term), e_term)
    if time_cond_proj_dim is not None:
        cond = ops.parameter([-1, time_cond_proj_dim], ov.Type.f32, name="timestep_cond")
        params.append(cond)
        row = ops.gather(cond, ops.constant(np.int64(0)), ops.constant(np.int64(0)))
        pair = ops.add(ops.gather(row, ops.constant(np.int64(0)), ops.constant(np.int64(0))),
                       ops.gather(row, ops.constant(np.int64(time_cond_proj_dim // 2)), ops.constant(np.int64(0))))
        c_term = ops.reshape(ops.multiply(pair, ops.constant(np.float32(2.0 ** -4))),
                             ops.constant(np.array([1, 1, 1, 1], np.int64)), False)
        out = ops.add(out, c_term)
    out = ops.add(out, _pacing_zero(sample))
    out.output(0).get_tensor().set_names({"out_sample"})
    return ov.Model([out.output(0)], params, "probe_unet")


def _vae_decoder(channels=4):
    latent = ops.parameter([-1, channels, -1, -1], ov.Type.f32, name="latent_sample")
    rgb = ops.slice(latent, ops.constant(np.array([0], np.int64)), ops.constant(np.array([3], np.int64)),
                    ops.constant(np.array([1], np.int64)), ops.constant(np.array([1], np.int64)))
    up = ops.interpolate(rgb, ops.constant(np.array([8.0, 8.0], np.float32)), "nearest", "scales",
                         axes=ops.constant(np.array([2, 3], np.int64)))
    up.output(0).get_tensor().set_names({"sample"})
    return ov.Model([up.output(0)], [latent], "probe_vae_decoder")


def _vae_encoder(fixed_latent=FIXED_IMAGE_LATENT):
    """Outputs the fixed latent ([1, C, 2, 2], C = len/4) for any 16x16 image."""
    image = ops.parameter([-1, 3, 16, 16], ov.Type.f32, name="sample")
    zero = ops.multiply(ops.reduce_sum(image, ops.constant(np.array([0, 1, 2, 3], np.int64)), False),
                        ops.constant(np.float32(0.0)))
    latent = ops.add(ops.constant(fixed_latent.reshape([1, -1, 2, 2])), zero)
    latent.output(0).get_tensor().set_names({"latent_sample"})
    return ov.Model([latent.output(0)], [image], "probe_vae_encoder")


def _copy_tokenizer(tokenizer_dir, out_dir, names):
    for name in names:
        os.makedirs(os.path.join(out_dir, name), exist_ok=True)
        for file in os.listdir(tokenizer_dir):
            with open(os.path.join(tokenizer_dir, file), "rb") as src, \
                    open(os.path.join(out_dir, name, file), "wb") as dst:
                dst.write(src.read())


def _write_json(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(data, f, indent=1)


def build_probe_model(out_dir, tokenizer_dir, lcm):
    """Writes the probe model folder; `tokenizer_dir` holds openvino_tokenizer.xml (+ detokenizer, HF files)."""
    time_cond = 256 if lcm else None
    ov.save_model(_text_encoder(), os.path.join(out_dir, "text_encoder", "openvino_model.xml"))
    ov.save_model(_unet(time_cond), os.path.join(out_dir, "unet", "openvino_model.xml"))
    ov.save_model(_vae_decoder(), os.path.join(out_dir, "vae_decoder", "openvino_model.xml"))
    ov.save_model(_vae_encoder(), os.path.join(out_dir, "vae_encoder", "openvino_model.xml"))
    _write_json(os.path.join(out_dir, "text_encoder", "config.json"),
                {"max_position_embeddings": MAX_TOKENS, "num_hidden_layers": 1, "hidden_size": HIDDEN})
    _write_json(os.path.join(out_dir, "unet", "config.json"),
                {"in_channels": 4, "sample_size": 2, "time_cond_proj_dim": time_cond})
    vae = {"in_channels": 3, "latent_channels": 4, "out_channels": 3, "scaling_factor": 0.18215,
           "block_out_channels": [64, 64, 64, 64]}
    _write_json(os.path.join(out_dir, "vae_decoder", "config.json"), vae)
    _write_json(os.path.join(out_dir, "vae_encoder", "config.json"), vae)
    _copy_tokenizer(tokenizer_dir, out_dir, ["tokenizer"])
    _write_json(os.path.join(out_dir, "model_index.json"), {
        "_class_name": "LatentConsistencyModelPipeline" if lcm else "StableDiffusionPipeline",
        "text_encoder": ["transformers", "CLIPTextModel"], "tokenizer": ["transformers", "CLIPTokenizer"],
        "unet": ["diffusers", "UNet2DConditionModel"], "vae": ["diffusers", "AutoencoderKL"],
        "scheduler": ["diffusers", "LCMScheduler" if lcm else "EulerDiscreteScheduler"]})


def convert_tokenizer_dir(hf_dir):
    """Converts the HF CLIP folder with openvino_tokenizers, in place (openvino_tokenizer.xml, detokenizer)."""
    from openvino_tokenizers import convert_tokenizer
    from transformers import CLIPTokenizer
    tokenizer, detokenizer = convert_tokenizer(CLIPTokenizer.from_pretrained(hf_dir), with_detokenizer=True)
    ov.save_model(tokenizer, os.path.join(hf_dir, "openvino_tokenizer.xml"))
    ov.save_model(detokenizer, os.path.join(hf_dir, "openvino_detokenizer.xml"))


# --- Stable Diffusion 3 probe (FlowMatch Euler): the same idea for GenAI's StableDiffusion3Pipeline.
SD3_CHANNELS = 16
SD3_JOINT_DIM = 32
SD3_FIXED_IMAGE_LATENT = (np.arange(SD3_CHANNELS * 4, dtype=np.float32) - 32.0) / 16.0


def _clip_with_projection():
    """CLIPTextModelWithProjection probe: text_embeds[b, :] = float(ids[b][1]); hidden states = float(ids)."""
    ids = ops.parameter([-1, MAX_TOKENS], ov.Type.i64, name="input_ids")
    as_float = ops.convert(ids, ov.Type.f32)
    hidden = ops.multiply(ops.unsqueeze(as_float, [2]), ops.constant(np.ones([HIDDEN], np.float32)))
    first = ops.gather(hidden, ops.constant(np.int64(1)), ops.constant(np.int64(1)))
    outputs = [first.output(0)]
    for name in ["last_hidden_state", "hidden_states.0", "hidden_states.1"]:
        copy = ops.multiply(hidden, ops.constant(np.float32(1.0)))
        copy.output(0).get_tensor().set_names({name})
        outputs.append(copy.output(0))
    first.output(0).get_tensor().set_names({"text_embeds"})
    return ov.Model(outputs, [ids], "probe_clip_with_projection")


def _sd3_transformer():
    """out = hidden_states·0.5 + t·2^-10 + pooled[b][0]·2^-12 (t is the f32 timestep, 0..1000)."""
    sample = ops.parameter([-1, SD3_CHANNELS, -1, -1], ov.Type.f32, name="hidden_states")
    states = ops.parameter([-1, -1, SD3_JOINT_DIM], ov.Type.f32, name="encoder_hidden_states")
    pooled = ops.parameter([-1, 2 * HIDDEN], ov.Type.f32, name="pooled_projections")
    timestep = ops.parameter([-1], ov.Type.f32, name="timestep")
    shape4 = ops.constant(np.array([-1, 1, 1, 1], np.int64))
    half_sample = ops.multiply(sample, ops.constant(np.float32(0.5)))
    t_term = ops.reshape(ops.multiply(timestep, ops.constant(np.float32(2.0 ** -10))), shape4, False)
    first = ops.gather(pooled, ops.constant(np.int64(0)), ops.constant(np.int64(1)))
    e_term = ops.reshape(ops.multiply(first, ops.constant(np.float32(2.0 ** -12))), shape4, False)
    # encoder_hidden_states must be consumed; +0·max keeps it an input without changing a value.
    zero = ops.multiply(ops.reduce_max(states, ops.constant(np.array([0, 1, 2], np.int64)), False),
                        ops.constant(np.float32(0.0)))
    out = ops.add(ops.add(ops.add(half_sample, t_term), e_term), zero)
    out = ops.add(out, _pacing_zero(sample))
    out.output(0).get_tensor().set_names({"out_hidden_states"})
    return ov.Model([out.output(0)], [sample, states, pooled, timestep], "probe_sd3_transformer")






SD3_VAE = {"in_channels": 3, "latent_channels": SD3_CHANNELS, "out_channels": 3, "scaling_factor": 1.5305,
           "shift_factor": 0.0609, "block_out_channels": [64, 64, 64, 64]}


def build_sd3_probe_model(out_dir, tokenizer_dir):
    """An SD3 folder without T5 (text_encoder_3 null): two probe CLIPs, the probe transformer, probe VAE."""
    for encoder in ["text_encoder", "text_encoder_2"]:
        ov.save_model(_clip_with_projection(), os.path.join(out_dir, encoder, "openvino_model.xml"))
        _write_json(os.path.join(out_dir, encoder, "config.json"),
                    {"max_position_embeddings": MAX_TOKENS, "num_hidden_layers": 1, "hidden_size": HIDDEN,
                     "projection_dim": HIDDEN})
    ov.save_model(_sd3_transformer(), os.path.join(out_dir, "transformer", "openvino_model.xml"))
    _write_json(os.path.join(out_dir, "transformer", "config.json"),
                {"sample_size": 2, "patch_size": 2, "in_channels": SD3_CHANNELS, "joint_attention_dim": SD3_JOINT_DIM})
    ov.save_model(_vae_decoder(SD3_CHANNELS), os.path.join(out_dir, "vae_decoder", "openvino_model.xml"))
    ov.save_model(_vae_encoder(SD3_FIXED_IMAGE_LATENT), os.path.join(out_dir, "vae_encoder", "openvino_model.xml"))
    _write_json(os.path.join(out_dir, "vae_decoder", "config.json"), SD3_VAE)
    _write_json(os.path.join(out_dir, "vae_encoder", "config.json"), SD3_VAE)
    _copy_tokenizer(tokenizer_dir, out_dir, ["tokenizer", "tokenizer_2"])
    _write_json(os.path.join(out_dir, "model_index.json"), {
        "_class_name": "StableDiffusion3Pipeline",
        "text_encoder": ["transformers", "CLIPTextModelWithProjection"],
        "text_encoder_2": ["transformers", "CLIPTextModelWithProjection"], "text_encoder_3": [None, None],
        "tokenizer": ["transformers", "CLIPTokenizer"], "tokenizer_2": ["transformers", "CLIPTokenizer"],
        "tokenizer_3": [None, None], "transformer": ["diffusers", "SD3Transformer2DModel"],
        "vae": ["diffusers", "AutoencoderKL"], "scheduler": ["diffusers", "FlowMatchEulerDiscreteScheduler"]})


# --- FLUX probe (FlowMatch Euler with image-sequence-length shifting): GenAI's FluxPipeline.
FLUX_PACKED = 64


def _t5_probe():
    """T5EncoderModel probe: last_hidden_state[b, k, :] = float(ids[b][k])."""
    ids = ops.parameter([-1, -1], ov.Type.i64, name="input_ids")
    hidden = ops.multiply(ops.unsqueeze(ops.convert(ids, ov.Type.f32), [2]),
                          ops.constant(np.ones([HIDDEN], np.float32)))
    hidden.output(0).get_tensor().set_names({"last_hidden_state"})
    return ov.Model([hidden.output(0)], [ids], "probe_t5")


def _flux_transformer():
    """out = hidden_states·0.5 + timestep·2^-10 + pooled[b][0]·2^-12 (timestep is GenAI's t/1000)."""
    sample = ops.parameter([-1, -1, FLUX_PACKED], ov.Type.f32, name="hidden_states")
    states = ops.parameter([-1, -1, HIDDEN], ov.Type.f32, name="encoder_hidden_states")
    pooled = ops.parameter([-1, HIDDEN], ov.Type.f32, name="pooled_projections")
    timestep = ops.parameter([-1], ov.Type.f32, name="timestep")
    img_ids = ops.parameter([-1, 3], ov.Type.f32, name="img_ids")
    txt_ids = ops.parameter([-1, 3], ov.Type.f32, name="txt_ids")
    shape3 = ops.constant(np.array([-1, 1, 1], np.int64))
    half_sample = ops.multiply(sample, ops.constant(np.float32(0.5)))
    t_term = ops.reshape(ops.multiply(timestep, ops.constant(np.float32(2.0 ** -10))), shape3, False)
    first = ops.gather(pooled, ops.constant(np.int64(0)), ops.constant(np.int64(1)))
    e_term = ops.reshape(ops.multiply(first, ops.constant(np.float32(2.0 ** -12))), shape3, False)
    zero = ops.constant(np.float32(0.0))
    unused = ops.add(ops.add(ops.reduce_max(states, ops.constant(np.array([0, 1, 2], np.int64)), False),
                             ops.reduce_max(img_ids, ops.constant(np.array([0, 1], np.int64)), False)),
                     ops.reduce_max(txt_ids, ops.constant(np.array([0, 1], np.int64)), False))
    out = ops.add(ops.add(ops.add(half_sample, t_term), e_term), ops.multiply(unused, zero))
    out = ops.add(out, _pacing_zero(ops.unsqueeze(sample, [0])))
    out.output(0).get_tensor().set_names({"out_hidden_states"})
    return ov.Model([out.output(0)], [sample, states, pooled, timestep, img_ids, txt_ids], "probe_flux_transformer")


FLUX_VAE = {"in_channels": 3, "latent_channels": SD3_CHANNELS, "out_channels": 3, "scaling_factor": 0.3611,
            "shift_factor": 0.1159, "block_out_channels": [64, 64, 64, 64]}


def build_flux_probe_model(out_dir, tokenizer_dir):
    """A FLUX folder: probe CLIP (pooled output 1), probe T5 (the CLIP tokenizer stands in for T5's: GenAI only needs
    ids), probe transformer, probe VAE (16 latent channels)."""
    ov.save_model(_text_encoder(), os.path.join(out_dir, "text_encoder", "openvino_model.xml"))
    _write_json(os.path.join(out_dir, "text_encoder", "config.json"),
                {"max_position_embeddings": MAX_TOKENS, "num_hidden_layers": 1, "hidden_size": HIDDEN})
    ov.save_model(_t5_probe(), os.path.join(out_dir, "text_encoder_2", "openvino_model.xml"))
    _write_json(os.path.join(out_dir, "text_encoder_2", "config.json"), {"d_model": HIDDEN})
    ov.save_model(_flux_transformer(), os.path.join(out_dir, "transformer", "openvino_model.xml"))
    _write_json(os.path.join(out_dir, "transformer", "config.json"),
                {"in_channels": FLUX_PACKED, "guidance_embeds": False})
    ov.save_model(_vae_decoder(SD3_CHANNELS), os.path.join(out_dir, "vae_decoder", "openvino_model.xml"))
    ov.save_model(_vae_encoder(SD3_FIXED_IMAGE_LATENT), os.path.join(out_dir, "vae_encoder", "openvino_model.xml"))
    _write_json(os.path.join(out_dir, "vae_decoder", "config.json"), FLUX_VAE)
    _write_json(os.path.join(out_dir, "vae_encoder", "config.json"), FLUX_VAE)
    _copy_tokenizer(tokenizer_dir, out_dir, ["tokenizer", "tokenizer_2"])
    _write_json(os.path.join(out_dir, "model_index.json"), {
        "_class_name": "FluxPipeline", "text_encoder": ["transformers", "CLIPTextModel"],
        "text_encoder_2": ["transformers", "T5EncoderModel"], "tokenizer": ["transformers", "CLIPTokenizer"],
        "tokenizer_2": ["transformers", "T5TokenizerFast"], "transformer": ["diffusers", "FluxTransformer2DModel"],
        "vae": ["diffusers", "AutoencoderKL"], "scheduler": ["diffusers", "FlowMatchEulerDiscreteScheduler"]})
