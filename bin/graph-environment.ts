/**
 * @module bin/graph-environment
 * The graph environment every command loads graphs in: Pictograph's calculators and subgraphs with their option
 * schemas. `graph check`, `graph run` and the server all use this one, so a graph that checks is a graph that serves.
 */
import { createCalculatorRegistry } from '../calculators/registry.js';
import { createEnvironment, type GraphEnvironment } from '../engine/index.js';

export function createGraphEnvironment(): GraphEnvironment {
  return createEnvironment(createCalculatorRegistry());
}
