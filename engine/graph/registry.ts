/**
 * @module engine/graph/registry
 * Explicit registries (no import-time registration): calculators by name, subgraphs by type (pbtxt text or a
 * TypeScript factory), and the GraphEnvironment that bundles them with the protobuf schema they need.
 */
import type { GraphConfig, NodeConfig } from '../config/graph-config.js';
import { ProtoSchema } from '../config/proto-schema.js';
import type { CalculatorClass, ContractSpec } from './contract.js';

export class CalculatorRegistry {
  private readonly classes = new Map<string, CalculatorClass>();
  private readonly extraProtoFiles = new Set<string>();

  /** Registers a calculator under the name graphs use in `calculator:`; names are unique. */
  register<S extends ContractSpec>(name: string, calculator: CalculatorClass<S>): this {
    if (this.classes.has(name)) throw new Error(`calculator "${name}" is already registered`);
    this.classes.set(name, calculator as unknown as CalculatorClass);
    return this;
  }

  /** A `.proto` file (relative to schemas/proto) to load although no registered calculator names it. */
  addProtoFile(file: string): this {
    this.extraProtoFiles.add(file);
    return this;
  }

  get(name: string): CalculatorClass | undefined {
    return this.classes.get(name);
  }

  get names(): readonly string[] {
    return [...this.classes.keys()].sort();
  }

  /** Every `.proto` file the registered calculators' options need, plus the extra ones. */
  get protoFiles(): readonly string[] {
    const files = new Set(this.extraProtoFiles);
    for (const calculator of this.classes.values()) {
      if (calculator.contract.options !== undefined) files.add(calculator.contract.options.protoFile);
    }
    return [...files];
  }

  /** The registered name closest to `name` (for "did you mean"), if any is close enough. */
  suggest(name: string): string | undefined {
    return closestName(name, this.names);
  }
}

/** Builds a subgraph's config for one node that uses it (MediaPipe Subgraph::GetConfig). */
export type SubgraphFactory = (node: NodeConfig) => GraphConfig;

/** A subgraph registered as pbtxt text (parsed when first used) or as a factory. */
export type SubgraphDefinition =
  | { readonly kind: 'text'; readonly text: string; readonly file: string }
  | { readonly kind: 'factory'; readonly factory: SubgraphFactory };

export class SubgraphRegistry {
  private readonly definitions = new Map<string, SubgraphDefinition>();

  /** A pbtxt subgraph; its graph-level streams and side packets are its interface. */
  registerText(type: string, text: string, file = `<subgraph ${type}>`): this {
    return this.add(type, { kind: 'text', text, file });
  }

  registerFactory(type: string, factory: SubgraphFactory): this {
    return this.add(type, { kind: 'factory', factory });
  }

  get(type: string): SubgraphDefinition | undefined {
    return this.definitions.get(type);
  }

  has(type: string): boolean {
    return this.definitions.has(type);
  }

  get names(): readonly string[] {
    return [...this.definitions.keys()].sort();
  }

  private add(type: string, definition: SubgraphDefinition): this {
    if (this.definitions.has(type)) throw new Error(`subgraph "${type}" is already registered`);
    this.definitions.set(type, definition);
    return this;
  }
}

/** What loading a graph needs: the schema to parse against and the registries to resolve names with. */
export interface GraphEnvironment {
  readonly schema: ProtoSchema;
  readonly calculators: CalculatorRegistry;
  readonly subgraphs: SubgraphRegistry;
}

/** An environment whose schema has every options file the calculators declare. */
export function createEnvironment(calculators: CalculatorRegistry, subgraphs = new SubgraphRegistry()): GraphEnvironment {
  return { schema: new ProtoSchema().load(calculators.protoFiles), calculators, subgraphs };
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The candidate with the smallest case-insensitive edit distance, if within a quarter of the name's length. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 4)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
