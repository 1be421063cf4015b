/**
 * @module calculators/pipeline/infer-request-slot
 * A calculator's own infer request on a shared compiled model: created in open(), freed in close() (also after a
 * failed or cancelled run), so each graph instance infers on its own request while the weights stay shared.
 */
import { GraphError } from '../../engine/index.js';
import type { InferRequest } from '../openvino/index.js';
import type { CompiledComponent } from './image-gen-resources.js';

export class InferRequestSlot {
  private request: InferRequest | undefined;

  open(component: CompiledComponent): void {
    this.request = component.model.createInferRequest();
  }

  /** The open request; INTERNAL when open() has not run. */
  get(): InferRequest {
    if (this.request === undefined) throw new GraphError('INTERNAL', 'the infer request is not open');
    return this.request;
  }

  close(): void {
    this.request?.dispose();
    this.request = undefined;
  }
}
