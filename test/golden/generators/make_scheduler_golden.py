#!/usr/bin/env python3
"""Regenerates test/golden/schedulers/genai-probe.json: per-step callback latents recorded from OpenVINO GenAI
(the pinned openvino-genai wheel) running the probe model of genai_probe_model.py with each scheduler.
    .venv/bin/python test/golden/generators/make_scheduler_golden.py
The TypeScript test replays each case with our RNG, schedulers and guidance and must match every bit.
"""
import json
import os
import struct
import sys
import tempfile

import numpy as np
import openvino as ov
import openvino_genai

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from clip_vocab import write_clip_tokenizer  # noqa: E402
from genai_probe_model import (FIXED_IMAGE_LATENT, SD3_FIXED_IMAGE_LATENT, SD3_VAE, build_probe_model,  # noqa: E402
                               build_sd3_probe_model, build_flux_probe_model,
                               convert_tokenizer_dir, FLUX_VAE)

FLOW = {"_class_name": "FlowMatchEulerDiscreteScheduler", "shift": 3.0}
FLUX = {"_class_name": "FlowMatchEulerDiscreteScheduler", "base_image_seq_len": 256, "base_shift": 0.5,
        "max_image_seq_len": 4096, "max_shift": 1.15, "num_train_timesteps": 1000, "shift": 3.0,
        "use_dynamic_shifting": True}
FLUX_MAX_SEQUENCE_LENGTH = 16
SD15 = {"beta_start": 0.00085, "beta_end": 0.012, "beta_schedule": "scaled_linear", "steps_offset": 1}
PROMPT = "a photo of a cat"
NEGATIVE = "blurry, low quality"


def case(name, scheduler, steps, guidance=1.0, seed=42, lcm=False, strength=1.0, num_images=1, size=16,
         negative=None, pipeline="sd"):
    return {"name": name, "pipeline": "lcm" if lcm else pipeline, "lcm": lcm, "scheduler": scheduler, "steps": steps, "guidanceScale": guidance,
            "seed": seed, "strength": strength, "numImages": num_images, "width": size, "height": size,
            "prompt": PROMPT, "negativePrompt": negative}


def sd(cls, **extra):
    return {"_class_name": cls, **SD15, **extra}


CASES = [
    # Euler discrete
    case("euler leading n=1", sd("EulerDiscreteScheduler"), 1),
    case("euler leading n=4 cfg", sd("EulerDiscreteScheduler"), 4, guidance=7.5, negative=NEGATIVE),
    case("euler leading n=20", sd("EulerDiscreteScheduler"), 20, seed=7),
    case("euler linspace n=7", sd("EulerDiscreteScheduler", timestep_spacing="linspace"), 7),
    case("euler trailing n=9 (extra t=-1)", sd("EulerDiscreteScheduler", timestep_spacing="trailing"), 9),
    case("euler trailing n=16", sd("EulerDiscreteScheduler", timestep_spacing="trailing"), 16),
    case("euler log_linear n=5", sd("EulerDiscreteScheduler", interpolation_type="log_linear"), 5),
    case("euler sigma_min n=4", sd("EulerDiscreteScheduler", final_sigmas_type="sigma_min"), 4),
    case("euler v_prediction n=4", sd("EulerDiscreteScheduler", prediction_type="v_prediction"), 4),
    case("euler sample n=3", sd("EulerDiscreteScheduler", prediction_type="sample"), 3),
    case("euler zero snr trailing n=6", sd("EulerDiscreteScheduler", timestep_spacing="trailing",
                                           rescale_betas_zero_snr=True, prediction_type="v_prediction"), 6),
    case("euler batch 2 32px cfg", sd("EulerDiscreteScheduler"), 3, guidance=5.0, num_images=2, size=32),
    case("euler i2i strength 0.6", sd("EulerDiscreteScheduler"), 10, strength=0.6),
    # Euler ancestral
    case("euler_a leading n=4", sd("EulerAncestralDiscreteScheduler"), 4),
    case("euler_a trailing n=9", sd("EulerAncestralDiscreteScheduler", timestep_spacing="trailing"), 9),
    case("euler_a v_prediction cfg n=3", sd("EulerAncestralDiscreteScheduler", prediction_type="v_prediction"), 3,
         guidance=3.0, negative=NEGATIVE),
    case("euler_a i2i strength 0.5", sd("EulerAncestralDiscreteScheduler"), 8, strength=0.5),
    # DDIM (and LMS, which GenAI maps to DDIM)
    case("ddim leading n=5", sd("DDIMScheduler", clip_sample=False), 5),
    case("ddim linspace n=3 cfg", sd("DDIMScheduler", clip_sample=False, timestep_spacing="linspace"), 3,
         guidance=7.5),
    case("ddim trailing n=10", sd("DDIMScheduler", clip_sample=False, timestep_spacing="trailing"), 10),
    case("ddim v_prediction zero snr", sd("DDIMScheduler", clip_sample=False, prediction_type="v_prediction",
                                          rescale_betas_zero_snr=True, timestep_spacing="trailing"), 4),
    case("ddim sample set_alpha_to_one=false", sd("DDIMScheduler", clip_sample=False, prediction_type="sample",
                                                  set_alpha_to_one=False), 4),
    case("lms (ddim alias) n=4", sd("LMSDiscreteScheduler", clip_sample=False), 4),
    case("ddim i2i strength 0.75", sd("DDIMScheduler", clip_sample=False), 8, strength=0.75),
    # PNDM
    case("pndm n=1", sd("PNDMScheduler", skip_prk_steps=True), 1),
    case("pndm n=2", sd("PNDMScheduler", skip_prk_steps=True), 2),
    case("pndm n=6 cfg", sd("PNDMScheduler", skip_prk_steps=True), 6, guidance=7.5, negative=NEGATIVE),
    case("pndm linspace n=4 v_prediction", sd("PNDMScheduler", skip_prk_steps=True, timestep_spacing="linspace",
                                              prediction_type="v_prediction"), 4),
    case("pndm trailing n=8", sd("PNDMScheduler", skip_prk_steps=True, timestep_spacing="trailing"), 8),
    case("pndm i2i strength 0.7", sd("PNDMScheduler", skip_prk_steps=True), 10, strength=0.7),
    # LCM (LatentConsistencyModelPipeline: no CFG, timestep_cond from the guidance embedding)
    case("lcm n=1", {"_class_name": "LCMScheduler"}, 1, guidance=8.5, lcm=True),
    case("lcm n=4", {"_class_name": "LCMScheduler"}, 4, guidance=8.5, lcm=True),
    case("lcm n=6 guidance 3", {"_class_name": "LCMScheduler"}, 6, guidance=3.0, lcm=True, seed=1234),
    case("lcm clip_sample n=4", {"_class_name": "LCMScheduler", "clip_sample": True}, 4, guidance=8.5, lcm=True),
    case("lcm linear betas n=3", {"_class_name": "LCMScheduler", "beta_schedule": "linear"}, 3, guidance=8.5,
         lcm=True),
    case("lcm i2i strength 0.5", {"_class_name": "LCMScheduler"}, 4, guidance=8.5, lcm=True, strength=0.5),
    # FlowMatch Euler through StableDiffusion3Pipeline (n <= 6 keeps TaylorSeer inactive: it starts at step 6)
    case("sd3 flow shift 3 n=4 cfg", FLOW, 4, guidance=7.0, pipeline="sd3"),
    case("sd3 flow shift 3 n=1", FLOW, 1, pipeline="sd3"),
    case("sd3 flow shift 1 n=6", {"_class_name": "FlowMatchEulerDiscreteScheduler", "shift": 1.0}, 6,
         pipeline="sd3", seed=5),
    case("sd3 flow default config n=3 cfg negative", {"_class_name": "FlowMatchEulerDiscreteScheduler"}, 3,
         guidance=4.5, negative=NEGATIVE, pipeline="sd3"),
    case("sd3 flow i2i strength 0.6", FLOW, 5, guidance=7.0, strength=0.6, pipeline="sd3"),
    # FlowMatch Euler through FluxPipeline: set_timesteps(image_seq_len, n, strength), packed latents
    case("flux dynamic shifting n=4", FLUX, 4, pipeline="flux"),
    case("flux dynamic shifting 32px n=3", FLUX, 3, size=32, pipeline="flux", seed=3),
    case("flux static shift n=5", {**FLUX, "use_dynamic_shifting": False}, 5, pipeline="flux"),
    case("flux exponential time shift n=2", {**FLUX, "time_shift_type": "exponential"}, 2, pipeline="flux"),
    case("flux shift_terminal n=4", {**FLUX, "shift_terminal": 0.1}, 4, pipeline="flux"),
    case("flux i2i strength 0.5", FLUX, 6, strength=0.5, pipeline="flux"),
]


def hex_floats(array):
    return [struct.pack(">f", float(v)).hex() for v in np.asarray(array, dtype=np.float32).ravel()]


def run_case(model_dir, spec, tokenizer, attempts=8):
    """GenAI's callback thread can still lose a race on a busy machine; the run is deterministic, so retry."""
    for attempt in range(attempts):
        result = run_case_once(model_dir, spec, tokenizer)
        if result is not None:
            return result
        print(f"{spec['name']}: incomplete callbacks, retrying ({attempt + 1})", file=sys.stderr)
    raise SystemExit(f"{spec['name']}: GenAI kept dropping step callbacks; slow the probe down more "
                     "(genai_probe_model._pacing_zero)")


def run_case_once(model_dir, spec, tokenizer):
    os.makedirs(os.path.join(model_dir, "scheduler"), exist_ok=True)
    with open(os.path.join(model_dir, "scheduler", "scheduler_config.json"), "w") as f:
        json.dump(spec["scheduler"], f)
    recorded = []

    def callback(step, num_steps, latent):
        recorded.append({"step": step, "numSteps": num_steps, "latent": hex_floats(np.array(latent.data))})
        return False

    kwargs = dict(width=spec["width"], height=spec["height"], num_inference_steps=spec["steps"],
                  guidance_scale=spec["guidanceScale"], rng_seed=spec["seed"],
                  num_images_per_prompt=spec["numImages"], callback=callback)
    if spec["negativePrompt"] is not None:
        kwargs["negative_prompt"] = spec["negativePrompt"]
    if spec["pipeline"] == "flux":
        kwargs["max_sequence_length"] = FLUX_MAX_SEQUENCE_LENGTH
    if spec["strength"] < 1.0:
        pipe = openvino_genai.Image2ImagePipeline(model_dir, "CPU")
        image = ov.Tensor(np.full([1, spec["height"], spec["width"], 3], 128, np.uint8))
        pipe.generate(spec["prompt"], image, strength=spec["strength"], **kwargs)
    else:
        pipe = openvino_genai.Text2ImagePipeline(model_dir, "CPU")
        pipe.generate(spec["prompt"], **kwargs)
    expected_calls = recorded[0]["numSteps"] if recorded else -1
    if len(recorded) != expected_calls or [r["step"] for r in recorded] != list(range(expected_calls)):
        return None
    ids = lambda text: tokenizer.encode(text).input_ids.data[0].tolist()  # noqa: E731
    return {**spec, "promptIds": ids(spec["prompt"]), "negativePromptIds": ids(spec["negativePrompt"] or ""),
            "steps_recorded": recorded}


def main():
    with tempfile.TemporaryDirectory() as tmp:
        vocab = os.path.join(tmp, "clip")
        write_clip_tokenizer(vocab)
        convert_tokenizer_dir(vocab)
        tokenizer = openvino_genai.Tokenizer(vocab)
        dirs = {"sd": os.path.join(tmp, "sd"), "lcm": os.path.join(tmp, "lcm"), "sd3": os.path.join(tmp, "sd3")}
        build_probe_model(dirs["sd"], vocab, False)
        build_probe_model(dirs["lcm"], vocab, True)
        build_sd3_probe_model(dirs["sd3"], vocab)
        dirs["flux"] = os.path.join(tmp, "flux")
        build_flux_probe_model(dirs["flux"], vocab)
        results = [run_case(dirs[spec["pipeline"]], spec, tokenizer) for spec in CASES]
    out = os.path.join(os.path.dirname(HERE), "schedulers", "genai-probe.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump({
            "about": "per-step callback latents (float32 bits) from GenAI Text2Image/Image2ImagePipeline on the "
                     "probe model of genai_probe_model.py; see that file for the probe UNet's formula",
            "genai": openvino_genai.__version__, "openvino": ov.__version__,
            "fixedImageLatent": hex_floats(FIXED_IMAGE_LATENT), "vaeScalingFactor": 0.18215,
            "sd3": {"fixedImageLatent": hex_floats(SD3_FIXED_IMAGE_LATENT), "vaeScalingFactor": SD3_VAE["scaling_factor"],
                    "vaeShiftFactor": SD3_VAE["shift_factor"]},
            "flux": {"vaeScalingFactor": FLUX_VAE["scaling_factor"], "vaeShiftFactor": FLUX_VAE["shift_factor"]},
            "cases": results}, f, indent=0)
        f.write("\n")
    print("wrote", out, len(results), "cases")


if __name__ == "__main__":
    main()
