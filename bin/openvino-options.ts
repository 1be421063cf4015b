/**
 * @module bin/openvino-options
 * Turns `--ov_binding` and the OPENVINO_LIB_DIR environment variable into the options of loadOpenVino(). Only bin/
 * reads the environment; every command that needs OpenVINO goes through here.
 */
import { BINDING_CHOICES, type BindingChoice, type LoadOptions } from '../calculators/openvino/index.js';
import { UsageError } from './command.js';

export const OV_BINDING_FLAG = '--ov_binding';
export const OPENVINO_LIB_DIR = 'OPENVINO_LIB_DIR';

function isBindingChoice(value: string): value is BindingChoice {
  return (BINDING_CHOICES as readonly string[]).includes(value);
}

/** `binding` is the `--ov_binding` value if given (default `auto`); OPENVINO_LIB_DIR, if set, is the only lib folder. */
export function openVinoLoadOptions(binding: string | undefined, env: NodeJS.ProcessEnv): LoadOptions {
  const choice = binding ?? 'auto';
  if (!isBindingChoice(choice)) {
    throw new UsageError(`${OV_BINDING_FLAG} must be one of ${BINDING_CHOICES.join(', ')} (got '${choice}')`);
  }
  const libDir = env[OPENVINO_LIB_DIR];
  return libDir === undefined || libDir === '' ? { binding: choice } : { binding: choice, libDir };
}
