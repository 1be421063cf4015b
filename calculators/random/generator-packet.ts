/**
 * @module calculators/random/generator-packet
 * The per-request random generator as a packet. It is mutable, so it travels as a baton: the node that creates it
 * (the request node, from rng_seed) and every node that draws from it forward it on a GENERATOR output once their
 * draws are done. The wiring thus fixes GenAI's consumption order (genai-image-generation.md §4.3): VAE sample →
 * initial noise → masked-image sample → per-step scheduler draws. No two nodes hold it at the same time.
 */
import { packetType } from '../../engine/index.js';
import type { RandomGenerator } from './generator.js';

export const RANDOM_GENERATOR = packetType<RandomGenerator>('RandomGenerator',
  (value) => typeof value === 'object' && value !== null && typeof (value as RandomGenerator).next === 'function');
