/**
 * @module engine/graph/load
 * Text or file → validated graph in one call: parse (protobufjs text format), expand subgraphs, validate.
 */
import { readFileSync } from 'node:fs';
import { parseGraphText } from '../config/pbtxt.js';
import type { GraphEnvironment } from './registry.js';
import { validateGraph, type ValidateOptions } from './validate.js';
import type { ValidatedGraph } from './validated-graph.js';

export interface LoadOptions extends ValidateOptions {
  /** The name errors show for text that did not come from a file. */
  readonly file?: string;
}

/** Throws GraphConfigError (syntax) or GraphConfigErrors (validation). */
export function loadGraphText(text: string, env: GraphEnvironment, options: LoadOptions = {}): ValidatedGraph {
  return validateGraph(parseGraphText(text, env.schema, options.file ?? '<graph>'), env, options);
}

/** Reads and loads a `.pbtxt` file; errors name the path as given. */
export function loadGraphFile(path: string, env: GraphEnvironment, options: ValidateOptions = {}): ValidatedGraph {
  return loadGraphText(readFileSync(path, 'utf8'), env, { ...options, file: path });
}
