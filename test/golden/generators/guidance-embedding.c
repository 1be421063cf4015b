/*
 * Golden vectors for calculators/denoise/guidance-embedding.ts: GenAI's get_guidance_scale_embedding expression
 * (diffusion_pipeline.hpp), written out in C with this machine's glibc expf/sinf/cosf and the same float/double types.
 *   guidance-embedding <guidance_scale> <dim>   prints dim float32 values as hex bits, one line
 * Build: cc -O2 -o guidance-embedding guidance-embedding.c -lm   (our own program)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: guidance-embedding <guidance_scale> <dim>\n"); return 2; }
  float guidance_scale = strtof(argv[1], 0) - 1.0f;  /* the pipeline passes guidance_scale - 1.0f */
  uint32_t dim = (uint32_t)strtoul(argv[2], 0, 10);
  float w = guidance_scale * 1000;
  uint32_t half = dim / 2;
  float emb = log(10000) / (half - 1);
  float *out = calloc(dim, sizeof(float));
  for (size_t i = 0; i < half; ++i) {
    float t = expf((i * (-emb))) * w;
    out[i] = sinf(t);
    out[i + half] = cosf(t);
  }
  if (dim % 2 == 1) out[dim - 1] = 0;
  for (uint32_t i = 0; i < dim; ++i) {
    uint32_t bits;
    memcpy(&bits, &out[i], 4);
    printf("%s%08x", i ? " " : "", bits);
  }
  printf("\n");
  return 0;
}
