/*
 * Golden vectors for calculators/numerics/glibc-libm.ts: this machine's glibc logf/expf/sinf/cosf.
 *   glibc-libm-golden sample <fn> <count> <chunk>   prints one SHA-256-ready line per chunk: the outputs of
 *                                                    <count> xorshift32-chosen inputs (see sample_input) as hex bits
 *   glibc-libm-golden range <fn> <lo> <hi>           writes fn(x) as little-endian float32 for every float bit
 *                                                    pattern lo..hi (inclusive) to stdout (the exhaustive check)
 * Build: cc -O2 -o glibc-libm-golden glibc-libm-golden.c -lm   (our own program; GenAI calls these same functions)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef float (*fn_t)(float);

static float f_logf(float x) { return logf(x); }
static float f_expf(float x) { return expf(x); }
static float f_sinf(float x) { return sinf(x); }
static float f_cosf(float x) { return cosf(x); }

static fn_t pick(const char *name) {
  if (!strcmp(name, "logf")) return f_logf;
  if (!strcmp(name, "expf")) return f_expf;
  if (!strcmp(name, "sinf")) return f_sinf;
  if (!strcmp(name, "cosf")) return f_cosf;
  fprintf(stderr, "unknown function %s\n", name);
  exit(2);
}

static uint32_t bits_of(float x) { uint32_t b; memcpy(&b, &x, 4); return b; }
static float float_of(uint32_t b) { float x; memcpy(&x, &b, 4); return x; }

/* The magnitude bound (as float bits) each function is sampled over; the sign is drawn too (logf: positive only). */
static uint32_t max_magnitude_bits(const char *name) {
  if (!strcmp(name, "expf")) return 0x42d00000u; /* 104.0f: past the underflow threshold */
  return 0x7f7fffffu;                           /* every finite float */
}

static uint32_t xorshift32(uint32_t *state) {
  uint32_t x = *state;
  x ^= x << 13; x ^= x >> 17; x ^= x << 5;
  return *state = x;
}

static float sample_input(const char *name, uint32_t *state) {
  uint32_t r = xorshift32(state);
  uint32_t magnitude = (r & 0x7fffffffu) % (max_magnitude_bits(name) + 1u);
  uint32_t sign = strcmp(name, "logf") ? (xorshift32(state) & 0x80000000u) : 0u;
  return float_of(sign | magnitude);
}

int main(int argc, char **argv) {
  if (argc != 5) { fprintf(stderr, "usage: see the header\n"); return 2; }
  fn_t fn = pick(argv[2]);
  if (!strcmp(argv[1], "sample")) {
    uint32_t state = 0x9e3779b9u;
    unsigned long count = strtoul(argv[3], 0, 10), chunk = strtoul(argv[4], 0, 10);
    for (unsigned long i = 0; i < count; ++i) {
      printf("%08x", bits_of(fn(sample_input(argv[2], &state))));
      if ((i + 1) % chunk == 0) printf("\n");
    }
    return 0;
  }
  if (!strcmp(argv[1], "range")) {
    uint32_t lo = (uint32_t)strtoul(argv[3], 0, 0), hi = (uint32_t)strtoul(argv[4], 0, 0);
    static float buf[1 << 16];
    size_t n = 0;
    for (uint64_t b = lo; b <= hi; ++b) {
      buf[n++] = fn(float_of((uint32_t)b));
      if (n == sizeof buf / sizeof buf[0]) { fwrite(buf, 4, n, stdout); n = 0; }
    }
    fwrite(buf, 4, n, stdout);
    return 0;
  }
  fprintf(stderr, "unknown mode %s\n", argv[1]);
  return 2;
}
