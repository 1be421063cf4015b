/**
 * @module bin/serve/servable
 * What the server is asked to serve: one descriptor per servable, with where its graph comes from (a graph file
 * served as is, or a graph generated in memory from the image_generation task flags).
 */
import type { ImageGenerationTaskOptions } from './image-generation-task.js';

export type GraphSource =
  /** A graph.pbtxt, read and validated when the servable loads. */
  | { readonly kind: 'file'; readonly path: string }
  /** OVMS's in-memory graph mode: the ImageGenCalculator graph generated from task flags. */
  | { readonly kind: 'image-generation-task'; readonly task: ImageGenerationTaskOptions };

export interface ServableDescriptor {
  /** The name clients put in `model` (LoRA aliases are added when the graph loads). */
  readonly name: string;
  /** The servable's directory: relative paths in its graph resolve against it. Ends in "/" for config.json entries. */
  readonly basePath: string;
  readonly graph: GraphSource;
}
