/**
 * @module bin/commands/info
 * `pictograph info [--ov_binding auto|c|node]`: prints the OpenVINO version, the binding in use, the native library
 * and the available devices, one `key: value` per line. Exit 1, with what was searched, when there is no runtime.
 */
import {
  loadOpenVino, OpenVinoError, OpenVinoNotFoundError,
} from '../../calculators/openvino/index.js';
import { type Command, type CommandIo, UsageError } from '../command.js';
import { OV_BINDING_FLAG, openVinoLoadOptions } from '../openvino-options.js';

/** The `--ov_binding` value from `--ov_binding X` or `--ov_binding=X`; any other argument is a usage error. */
function parseFlags(argv: readonly string[]): { binding?: string } {
  let binding: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === OV_BINDING_FLAG) {
      binding = argv[i + 1];
      if (binding === undefined) throw new UsageError(`${OV_BINDING_FLAG} needs a value (auto, c or node)`);
      i += 1;
    } else if (arg.startsWith(`${OV_BINDING_FLAG}=`)) {
      binding = arg.slice(OV_BINDING_FLAG.length + 1);
    } else {
      throw new UsageError(`unknown argument '${arg}' (info takes only ${OV_BINDING_FLAG} auto|c|node)`);
    }
  }
  return binding === undefined ? {} : { binding };
}

function describeRuntime(options: ReturnType<typeof openVinoLoadOptions>): string[] {
  const ov = loadOpenVino(options);
  const core = ov.createCore();
  try {
    return [`openvino: ${ov.version}`, `binding: ${ov.binding}`, `library: ${ov.libraryPath}`,
      ...core.availableDevices().map((device) => `device: ${device}`)];
  } finally {
    core.dispose();
  }
}

export const infoCommand: Command = {
  name: 'info',
  summary: 'the OpenVINO runtime in use: version, binding, library, devices',
  async run(argv: readonly string[], io: CommandIo): Promise<number> {
    const options = openVinoLoadOptions(parseFlags(argv).binding, io.env);
    try {
      io.stdout.write(`${describeRuntime(options).join('\n')}\n`);
      return 0;
    } catch (error) {
      if (error instanceof OpenVinoNotFoundError || error instanceof OpenVinoError) {
        io.stderr.write(`pictograph info: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  },
};
