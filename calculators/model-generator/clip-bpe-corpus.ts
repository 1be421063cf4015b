/**
 * @module calculators/model-generator/clip-bpe-corpus
 * The text the generated CLIP BPE vocabulary is trained on: image-generation prompts, so that prompts from the OVMS
 * demos and the tests tokenize into whole words. Its content decides the merges, so changing it changes every
 * generated tokenizer.
 */
export const CLIP_BPE_CORPUS = `
a photo of a cat sitting on a couch, highly detailed, 4k, sharp focus, studio lighting
three cats playing with a ball of yarn on a wooden floor in a cozy living room
a dog running on the beach at sunset, golden hour, cinematic, photorealistic
zebras grazing in the savanna under a blue sky with white clouds
a red sports car parked in front of a modern house, night, neon lights, rain
portrait of an old man with a grey beard, oil painting, dramatic light, masterpiece
a bowl of fresh fruit on a kitchen table, apples, oranges, bananas, grapes, still life
a castle on a hill surrounded by a forest, fantasy art, epic, matte painting
an astronaut riding a horse on the moon, digital art, trending on artstation
a cup of coffee with latte art, close up, shallow depth of field, bokeh
a futuristic city skyline with flying cars and tall towers, sci fi, concept art
a small wooden boat on a calm lake with mountains in the background, morning mist
a bright green parrot sitting on a branch in the jungle, vivid colors, wildlife photography
the face of a young woman with long brown hair, smiling, natural light, high quality
a snowy mountain village at night with warm windows and a starry sky, winter
a vase of sunflowers next to a window, watercolor painting, soft pastel colors
a lighthouse on a rocky coast with big waves crashing, storm, dark clouds
an orange tabby cat sleeping in the sun on a windowsill, cute, fluffy
a plate of pasta with tomato sauce and basil leaves, food photography, delicious
a train crossing an old stone bridge in the countryside, autumn trees, vintage photo
a robot reading a book in a library, warm light, detailed illustration
a field of tulips in the netherlands with a windmill, spring, sunny day
a black and white photograph of a busy street in the city, people walking, umbrellas
an underwater scene with coral reef, colorful fish and a sea turtle, clear water
a dragon flying over a medieval town, fire, smoke, dramatic sky, high resolution
a cottage in the woods with a garden of flowers, fairy tale, storybook style
a close up of a bee on a purple flower, macro photography, ultra detailed
a desert with sand dunes and a camel caravan at dawn, wide angle landscape
a white horse standing in a green meadow, soft focus, dreamy atmosphere
a pixel art character with a sword and shield, retro video game, simple background
blurry, low quality, bad anatomy, extra fingers, deformed, ugly, watermark, text, cropped, worst quality, jpeg artifacts
`;
