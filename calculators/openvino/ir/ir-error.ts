/**
 * @module calculators/openvino/ir/ir-error
 * The error the IR writer and reader throw: a GraphError whose message names the layer (or file) at fault.
 */
import { GraphError, type StatusCode } from '../../../engine/status.js';

export class IrError extends GraphError {
  constructor(message: string, options: { code?: StatusCode; file?: string; cause?: unknown } = {}) {
    super(options.code ?? 'INVALID_ARGUMENT', message, options.file === undefined ? {} : { file: options.file },
      options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IrError';
  }
}
