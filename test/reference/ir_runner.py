"""Reads, compiles and runs OpenVINO IRs for the TypeScript tests (test/support/ir-runner.ts).

Usage: python ir_runner.py < REQUEST.json
       python ir_runner.py --summary MODEL_DIR   (reads and compiles each component; prints times and parameter counts)

Request (JSON on stdin):
  {"runs": [{"xml": PATH, "infer": true, "outputs_dir": DIR | null,
             "inputs": {NAME: {"shape": [..], "element_type": "f32" | "i64" | ...,
                               "values": [..] | "file": RAW_PATH | "random": {"seed": S, "scale": X}}}}]}
Response (JSON on stdout): {"openvino_version": .., "runs": [{"inputs": [PORT..], "outputs": [PORT..], "parameter_count",
  "results": [{"names", "element_type", "shape", "finite", "min", "max", "mean", "std", "file"}]}]}
PORT = {"names": [..], "element_type": "f32", "shape": [-1, 4, -1, -1]} (-1 = dynamic).
parameter_count = elements of the weight Constants optimum names `self.<module path>.<param>` (also
`..._compressed` f16 and int8 `u8` weights; not zero points or scales, named `.../zero_point`, nor integer buffers).
Raw files are little-endian, C order. Errors: exit 1 with the message on stderr.
"""
import json
import os
import sys
import time

import numpy as np
import openvino as ov

DTYPES = {"f32": np.float32, "f16": np.float16, "f64": np.float64, "i64": np.int64, "i32": np.int32,
          "u8": np.uint8, "i8": np.int8, "boolean": np.bool_}


def port_report(port):
    shape = [d.get_length() if d.is_static else -1 for d in port.get_partial_shape()]
    return {"names": sorted(port.get_names()), "element_type": port.get_element_type().get_type_name(), "shape": shape}


def parameter_count(model):
    total = 0
    for op in model.get_ops():
        name = op.get_friendly_name()
        if op.get_type_name() != "Constant" or not name.startswith("self.") or "/" in name:
            continue
        if op.get_element_type() in (ov.Type.i64, ov.Type.i32):
            continue  # buffers such as position_ids
        total += int(np.prod(op.get_output_shape(0)))
    return total


def make_input(spec):
    dtype = DTYPES[spec["element_type"]]
    shape = spec["shape"]
    if "values" in spec:
        return np.array(spec["values"], dtype=dtype).reshape(shape)
    if "file" in spec:
        return np.fromfile(spec["file"], dtype=dtype).reshape(shape)
    random = spec["random"]
    generator = np.random.default_rng(random["seed"])
    return (generator.standard_normal(shape) * random.get("scale", 1.0)).astype(dtype)


def run(core, request):
    model = core.read_model(request["xml"])
    report = {"inputs": [port_report(p) for p in model.inputs], "outputs": [port_report(p) for p in model.outputs],
              "parameter_count": parameter_count(model)}
    if not request.get("compile", True):
        return report
    compiled = core.compile_model(model, "CPU")
    if not request.get("infer", True):
        return report
    inputs = {name: make_input(spec) for name, spec in request.get("inputs", {}).items()}
    outputs = compiled(inputs)
    results = []
    outputs_dir = request.get("outputs_dir")
    for index, port in enumerate(compiled.outputs):
        value = np.asarray(outputs[port])
        as_float = value.astype(np.float64)
        entry = {"names": sorted(port.get_names()), "element_type": port.get_element_type().get_type_name(),
                 "shape": list(value.shape), "finite": bool(np.isfinite(as_float).all()),
                 "min": float(as_float.min()), "max": float(as_float.max()),
                 "mean": float(as_float.mean()), "std": float(as_float.std()), "file": None}
        if outputs_dir is not None:
            os.makedirs(outputs_dir, exist_ok=True)
            path = os.path.join(outputs_dir, f"output_{index}.raw")
            np.ascontiguousarray(value).tofile(path)
            entry["file"] = path
        results.append(entry)
    report["results"] = results
    return report


def summary(model_dir):
    core = ov.Core()
    for component in ("text_encoder", "unet", "vae_encoder", "vae_decoder"):
        started = time.time()
        model = core.read_model(os.path.join(model_dir, component, "openvino_model.xml"))
        read_s = time.time() - started
        started = time.time()
        core.compile_model(model, "CPU")
        print(json.dumps({"component": component, "parameter_count": parameter_count(model),
                          "inputs": [port_report(p) for p in model.inputs], "outputs": [port_report(p) for p in model.outputs],
                          "read_s": round(read_s, 2), "compile_s": round(time.time() - started, 2)}), flush=True)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--summary":
        summary(sys.argv[2])
        return
    request = json.load(sys.stdin)
    core = ov.Core()
    reports = [run(core, r) for r in request["runs"]]
    json.dump({"openvino_version": ov.get_version(), "runs": reports}, sys.stdout)


if __name__ == "__main__":
    main()
