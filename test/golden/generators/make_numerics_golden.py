#!/usr/bin/env python3
"""Regenerates test/golden/random/cpp-std-normal.json and test/golden/numerics/glibc-libm.json.

Compiles our two small C/C++ programs with this machine's cc/g++ (GCC + libstdc++ + glibc, what GenAI's Linux
wheels run on) and records their outputs. Tests never need a compiler: they read the JSON.
    python3 test/golden/generators/make_numerics_golden.py
"""
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.dirname(HERE)

RNG_SEEDS = ["42", "0", "12345", "4294967295", "4294967338"]  # the last narrows to 42, as GenAI's size_t -> uint32
RNG_LISTED = 1024        # values stored in full
RNG_HASHED = 1 << 20     # values covered by the SHA-256
LIBM_FUNCTIONS = ["logf", "expf", "sinf", "cosf"]
LIBM_COUNT = 1 << 22
LIBM_CHUNK = 1 << 16
# (guidance_scale, time_cond_proj_dim): LCM's 256, the defaults 8.5 / 1.0 (w = 0), large and odd cases.
EMBEDDING_CASES = [("8.5", 256), ("1.0", 256), ("1.5", 256), ("2.0", 256), ("4.0", 256), ("7.5", 256),
                   ("15.0", 256), ("20.0", 256), ("100.0", 256), ("1000.0", 256), ("8.5", 8), ("8.5", 7),
                   ("3.25", 512), ("0.5", 256)]


# glibc's x86-64 libm picks an FMA build of sinf/cosf/expf/logf on CPUs with FMA; this tunable forces the baseline.
NO_FMA_ENV = {**os.environ, "GLIBC_TUNABLES": "glibc.cpu.hwcaps=-AVX2,-FMA,-FMA4"}


def run(args, env=None):
    return subprocess.run(args, check=True, capture_output=True, text=True, env=env).stdout


def cpu_has_fma():
    with open("/proc/cpuinfo") as f:
        return " fma " in f.read().replace("\n", " ")


def tool_version(args):
    return run(args).splitlines()[0].strip()


def main():
    with tempfile.TemporaryDirectory() as tmp:
        normal = os.path.join(tmp, "cpp-std-normal")
        libm = os.path.join(tmp, "glibc-libm-golden")
        subprocess.run(["g++", "-O2", "-o", normal, os.path.join(HERE, "cpp-std-normal.cpp")], check=True)
        embedding = os.path.join(tmp, "guidance-embedding")
        subprocess.run(["cc", "-O2", "-o", embedding, os.path.join(HERE, "guidance-embedding.c"), "-lm"], check=True)
        subprocess.run(["cc", "-O2", "-o", libm, os.path.join(HERE, "glibc-libm-golden.c"), "-lm"], check=True)
        host = {
            "compiler": tool_version(["g++", "--version"]),
            "libc": tool_version(["ldd", "--version"]),
            "machine": platform.machine(),
        }

        seeds = []
        for seed in RNG_SEEDS:
            bits = run([normal, seed, str(RNG_HASHED)]).split()
            raw = le_float_bytes("".join(bits))
            seeds.append({"seed": seed, "first": bits[:RNG_LISTED], "count": RNG_HASHED,
                          "sha256": hashlib.sha256(raw).hexdigest()})
        write(os.path.join(GOLDEN, "random", "cpp-std-normal.json"), {
            "about": "std::mt19937(seed) + std::normal_distribution<float>(0,1): float32 bits; sha256 of the "
                     "little-endian float32 bytes of the first `count` values",
            "generator": "test/golden/generators/cpp-std-normal.cpp via make_numerics_golden.py",
            "host": host, "seeds": seeds})

        cases = [{"guidanceScale": g, "dim": d, "bits": run([embedding, g, str(d)]).split()}
                 for g, d in EMBEDDING_CASES]
        write(os.path.join(GOLDEN, "numerics", "guidance-embedding.json"), {
            "about": "GenAI get_guidance_scale_embedding(guidance_scale - 1.0f, dim) as float32 bits",
            "generator": "test/golden/generators/guidance-embedding.c via make_numerics_golden.py",
            "host": host, "cases": cases})

        variants = {}
        for variant, env in (("fma", None), ("noFma", NO_FMA_ENV)):
            functions = {}
            for fn in LIBM_FUNCTIONS:
                lines = run([libm, "sample", fn, str(LIBM_COUNT), str(LIBM_CHUNK)], env).split()
                hashes = [hashlib.sha256(le_float_bytes(line)).hexdigest() for line in lines]
                functions[fn] = {"count": LIBM_COUNT, "chunk": LIBM_CHUNK, "chunkSha256": hashes}
            variants[variant] = functions
        if not cpu_has_fma():
            raise SystemExit("this CPU has no FMA: the 'fma' variant cannot be recorded here")
        write(os.path.join(GOLDEN, "numerics", "glibc-libm.json"), {
            "about": "glibc float functions over xorshift32-sampled float inputs (see glibc-libm-golden.c "
                     "sample_input); sha256 per chunk of the little-endian float32 outputs; 'fma' is glibc's "
                     "FMA build (CPUs with FMA), 'noFma' the baseline build (GLIBC_TUNABLES hwcaps -AVX2,-FMA)",
            "generator": "test/golden/generators/glibc-libm-golden.c via make_numerics_golden.py",
            "host": host, "variants": variants})


def le_float_bytes(hex_line):
    """'3f800000bf800000...' (big-endian hex words) -> little-endian float32 bytes."""
    return b"".join(bytes.fromhex(hex_line[i:i + 8])[::-1] for i in range(0, len(hex_line), 8))


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    print("wrote", os.path.relpath(path, os.path.dirname(os.path.dirname(GOLDEN))), file=sys.stderr)


if __name__ == "__main__":
    main()
