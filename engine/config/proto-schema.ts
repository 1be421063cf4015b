/**
 * @module engine/config/proto-schema
 * The protobufjs Root that graphs are parsed against: MediaPipe's framework messages from `schemas/proto/mediapipe/`
 * plus every options message a calculator (or the caller) registers. An options type missing here is a parse error,
 * as in C++ (`Could not find type ... stored in google.protobuf.Any`).
 */
import protobuf from 'protobufjs';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The framework's own schema files, relative to the proto folder. */
export const FRAMEWORK_PROTO_FILES: readonly string[] = [
  'mediapipe/calculator.proto',
  'mediapipe/stream_handler_options.proto',
];

export const GRAPH_CONFIG_TYPE = 'mediapipe.CalculatorGraphConfig';

function findProtoDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'schemas', 'proto');
    if (existsSync(join(candidate, 'mediapipe', 'calculator.proto'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('schemas/proto/mediapipe/calculator.proto not found above the engine');
    dir = parent;
  }
}

/** `schemas/proto` of this checkout (found upwards from the compiled module, so it works from dist/). */
export const PROTO_DIR = findProtoDir();

/** A protobufjs Root with the framework schema loaded; more `.proto` files can be added before parsing. */
export class ProtoSchema {
  readonly root = new protobuf.Root();
  private readonly loaded = new Set<string>();

  constructor(readonly protoDir: string = PROTO_DIR) {
    // Imports are written relative to the proto folder (`import "mediapipe/calculator_options.proto"`);
    // google/protobuf/*.proto come from protobufjs's bundled common files.
    this.root.resolvePath = (_origin, target) =>
      target.startsWith('google/protobuf/') || isAbsolute(target) ? target : join(this.protoDir, target);
    this.load(FRAMEWORK_PROTO_FILES);
  }

  /** Loads `.proto` files (relative to the proto folder, or absolute); files already loaded are skipped. */
  load(files: Iterable<string>): this {
    const fresh = [...files].filter((file) => !this.loaded.has(file));
    if (fresh.length === 0) return this;
    this.root.loadSync(fresh.map((file) => (isAbsolute(file) ? file : join(this.protoDir, file))), { keepCase: true });
    this.root.resolveAll();
    for (const file of fresh) this.loaded.add(file);
    return this;
  }

  /** The files loaded so far (relative names as given). */
  get files(): readonly string[] {
    return [...this.loaded];
  }

  /** A message type by its full name (`mediapipe.FlowLimiterCalculatorOptions`), or undefined. */
  lookupType(name: string): protobuf.Type | undefined {
    const found = this.root.lookup(name.startsWith('.') ? name : `.${name}`);
    return found instanceof protobuf.Type ? found : undefined;
  }

  get graphConfigType(): protobuf.Type {
    const type = this.lookupType(GRAPH_CONFIG_TYPE);
    if (type === undefined) throw new Error(`${GRAPH_CONFIG_TYPE} is missing from the schema`);
    return type;
  }
}
