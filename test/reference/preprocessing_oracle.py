"""GenAI's edit preprocessing built the way GenAI builds it (src/cpp/src/image_generation/image_processor.cpp, read
for facts): ImageResizer (Interpolate-11 over a runtime target size), ImageProcessor with PrePostProcessor steps
(normalize; binarize an RGB mask), and the NEAREST mask resizer, compiled on CPU by the venv's OpenVINO.

Usage: python preprocessing_oracle.py < REQUEST.json

Request: {"resize": [{"image": B64 (u8 HWC RGB), "height", "width", "target": [H, W]}],
          "normalize": [{"image", "height", "width"}], "binarize": [...same...],
          "nearest": [{"mask": B64 (f32 NCHW [1,1,H,W]), "height", "width", "target": [h, w]}]}
Prints the same lists with "output" (base64 of the raw output bytes) and "shape".
"""
import base64
import json
import sys

import numpy as np
import openvino as ov
import openvino.opset13 as opset
from openvino.preprocess import ColorFormat, PrePostProcessor

core = ov.Core()


def resizer(element_type, height_width_axes, mode):
    image = opset.parameter(ov.PartialShape.dynamic(4), element_type, name="image")
    target = opset.parameter([2], ov.Type.i64, name="target_spatial_shape")
    axes = opset.constant(np.array(height_width_axes, dtype=np.int64))
    nearest = mode == "nearest"
    interp = ov.opset11.interpolate(image, target, mode=mode, shape_calculation_mode="sizes", axes=axes,
                                    pads_begin=[0, 0], pads_end=[0, 0],
                                    coordinate_transformation_mode="asymmetric" if nearest else "pytorch_half_pixel",
                                    nearest_mode="floor")
    model = ov.Model([opset.result(interp)], [image, target])
    return core.compile_model(model, "CPU").create_infer_request()


def processor(binarize):
    parameter = opset.parameter(ov.PartialShape.dynamic(4), ov.Type.f32)
    model = ov.Model([opset.result(parameter)], [parameter])
    ppp = PrePostProcessor(model)
    ppp.input().tensor().set_layout(ov.Layout("NHWC")).set_element_type(ov.Type.u8).set_color_format(ColorFormat.RGB)
    ppp.input().model().set_layout(ov.Layout("NCHW"))
    if binarize:
        def threshold(port):
            is_set = opset.greater_equal(port, opset.constant(np.array([0.5], dtype=np.float32)))
            return opset.select(is_set, opset.constant(np.array([1.0], dtype=np.float32)),
                                opset.constant(np.array([0.0], dtype=np.float32))).output(0)
        ppp.input().preprocess().convert_element_type(ov.Type.f32).convert_color(ColorFormat.GRAY).scale(255.0) \
            .custom(threshold)
    else:
        ppp.input().preprocess().convert_layout(ov.Layout("NCHW")).convert_element_type(ov.Type.f32) \
            .scale(255.0 / 2.0).mean(1.0)
    return core.compile_model(ppp.build(), "CPU").create_infer_request()


def image_of(case):
    return np.frombuffer(base64.b64decode(case["image"]), dtype=np.uint8).reshape(1, case["height"], case["width"], 3)


def answer(case, output):
    return {"shape": list(output.shape), "output": base64.b64encode(np.ascontiguousarray(output).tobytes()).decode()}


def main():
    request = json.load(sys.stdin)
    image_resizer = resizer(ov.Type.u8, [1, 2], "bicubic_pillow")
    mask_resizer = resizer(ov.Type.f32, [2, 3], "nearest")
    normalizer = processor(binarize=False)
    binarizer = processor(binarize=True)
    result = {"resize": [], "normalize": [], "binarize": [], "nearest": []}
    for case in request.get("resize", []):
        out = image_resizer.infer({"image": image_of(case), "target_spatial_shape": np.array(case["target"], dtype=np.int64)})
        result["resize"].append(answer(case, out[0]))
    for case in request.get("normalize", []):
        result["normalize"].append(answer(case, normalizer.infer([image_of(case)])[0]))
    for case in request.get("binarize", []):
        result["binarize"].append(answer(case, binarizer.infer([image_of(case)])[0]))
    for case in request.get("nearest", []):
        mask = np.frombuffer(base64.b64decode(case["mask"]), dtype=np.float32).reshape(1, 1, case["height"], case["width"])
        out = mask_resizer.infer({"image": mask, "target_spatial_shape": np.array(case["target"], dtype=np.int64)})
        result["nearest"].append(answer(case, out[0]))
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
