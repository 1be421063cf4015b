// The OVMS demo's inpainting with the official OpenAI Node SDK (multipart: image and mask as files, OVMS's fields
// next to the OpenAI ones, sent as form fields); writes the PNG to argv[2]. Without `mask` it is image-to-image.
// IMAGE and MASK default to the OVMS demo's cat.png and cat_mask.png; PICTOGRAPH_URL, PICTOGRAPH_MODEL, SIZE, STEPS
// and PICTOGRAPH_API_KEY as in generate.mjs.
import { createReadStream, writeFileSync } from 'node:fs';
import OpenAI from 'openai';

const data = new URL('../../../shared/data/', import.meta.url);
const client = new OpenAI({
  baseURL: `${process.env.PICTOGRAPH_URL ?? 'http://localhost:8000'}/v3`,
  apiKey: process.env.PICTOGRAPH_API_KEY ?? 'unused',
});
const response = await client.images.edit({
  model: process.env.PICTOGRAPH_MODEL ?? 'pictograph/tiny-sd15',
  image: createReadStream(process.env.IMAGE ?? new URL('cat.png', data)),
  mask: createReadStream(process.env.MASK ?? new URL('cat_mask.png', data)),
  prompt: 'a tiger sitting on a bench',
  size: process.env.SIZE ?? '512x512',
  rng_seed: 409,
  num_inference_steps: Number(process.env.STEPS ?? 50),
});
const out = process.argv[2] ?? 'edited.png';
writeFileSync(out, Buffer.from(response.data[0].b64_json, 'base64'));
console.log(`wrote ${out}`);
