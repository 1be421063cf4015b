/**
 * @module bin/graph-environment
 * The graph environment every command loads graphs in: Pictograph's calculators with their option schemas, and
 * OVMS's ImageGenCalculator as a subgraph that expands into the image-generation pipeline, so OVMS's graph.pbtxt
 * files load unchanged. `graph check`, `graph run` and the server all use this one: a graph that checks, serves.
 */
import { createCalculatorRegistry } from '../calculators/registry.js';
import { createEnvironment, SubgraphRegistry, type GraphEnvironment } from '../engine/index.js';
import { imageGenerationSubgraphFactory, OVMS_IMAGE_GEN_CALCULATOR } from '../graphs/image-generation-graph.js';

export function createGraphEnvironment(): GraphEnvironment {
  const subgraphs = new SubgraphRegistry();
  const env = createEnvironment(createCalculatorRegistry(), subgraphs);
  subgraphs.registerFactory(OVMS_IMAGE_GEN_CALCULATOR, imageGenerationSubgraphFactory(env.schema));
  return env;
}
