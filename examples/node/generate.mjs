// The OVMS demo's image generation with the official OpenAI Node SDK; writes the PNG to argv[2].
// OVMS-only fields (rng_seed, num_inference_steps) go in the body next to the OpenAI ones. PICTOGRAPH_URL (default
// http://localhost:8000), PICTOGRAPH_MODEL (default pictograph/tiny-sd15), SIZE, STEPS and PICTOGRAPH_API_KEY adapt it.
import { writeFileSync } from 'node:fs';
import OpenAI from 'openai';

const client = new OpenAI({
  baseURL: `${process.env.PICTOGRAPH_URL ?? 'http://localhost:8000'}/v3`,
  apiKey: process.env.PICTOGRAPH_API_KEY ?? 'unused',
});
const response = await client.images.generate({
  model: process.env.PICTOGRAPH_MODEL ?? 'pictograph/tiny-sd15',
  prompt: 'three cats',
  size: process.env.SIZE ?? '512x512',
  rng_seed: 409,
  num_inference_steps: Number(process.env.STEPS ?? 50),
});
const out = process.argv[2] ?? 'generated.png';
writeFileSync(out, Buffer.from(response.data[0].b64_json, 'base64'));
console.log(`wrote ${out}`);
