"""Reads and compiles every component of a model directory with OpenVINO and prints, per component, one JSON line:
parameter count, input and output ports, read and compile times. The manual check for `make-model --size full`
(test/README.md); the tests use the TypeScript binding instead.

Usage: python model_summary.py MODEL_DIR

parameter_count = elements of the weight Constants optimum names `self.<module path>.<param>` (also f16
`..._compressed` and int8 `u8` weights; not zero points or scales, named `.../zero_point`, nor integer buffers such
as position_ids).
"""
import json
import os
import sys
import time

import numpy as np
import openvino as ov

COMPONENTS = ("text_encoder", "unet", "vae_encoder", "vae_decoder")


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
            continue
        total += int(np.prod(op.get_output_shape(0)))
    return total


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    core = ov.Core()
    for component in COMPONENTS:
        started = time.time()
        model = core.read_model(os.path.join(sys.argv[1], component, "openvino_model.xml"))
        read_s = time.time() - started
        started = time.time()
        core.compile_model(model, "CPU")
        print(json.dumps({"component": component, "parameter_count": parameter_count(model),
                          "inputs": [port_report(p) for p in model.inputs],
                          "outputs": [port_report(p) for p in model.outputs],
                          "read_s": round(read_s, 2), "compile_s": round(time.time() - started, 2)}), flush=True)


if __name__ == "__main__":
    main()
