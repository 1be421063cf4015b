/**
 * @module http/servable
 * What the front end serves: named servables that turn a request payload into a response body, their OVMS
 * lifecycle state, and the registry that routes a `model` name (or a LoRA alias) to one of them.
 */
import type { RequestPayload } from '../calculators/request/request-payload.js';

/** OVMS's ModelVersionState names; LOADING_FAILED is shown by OVMS as LOADING with error FAILED_PRECONDITION. */
export type ServableState = 'LOADING' | 'LOADING_FAILED' | 'AVAILABLE' | 'UNLOADING' | 'END';

export interface Servable {
  /** The name clients put in `model` (a graph name in OVMS's terms). */
  readonly name: string;
  readonly state: ServableState;
  /** Further names routed to this servable (LoRA aliases), known once it is loaded. */
  readonly aliases: readonly string[];
  /** False hides the name from /v3/models while it stays routable (OVMS: a base model with STATIC or FUSE LoRA). */
  readonly isListed: boolean;
  /**
   * Runs one request; resolves to the response body. Rejects with a GraphError (the graph's failure), an HttpError
   * (the servable cannot take it: not loaded, no response), or CANCELLED when `signal` aborts.
   */
  run(payload: RequestPayload, signal: AbortSignal): Promise<string>;
}

/** A name given to two servables, or to a servable and another's alias (OVMS: MEDIAPIPE_GRAPH_NAME_OCCUPIED). */
export const nameOccupied = (name: string): string =>
  `Given mediapipe graph name is already occupied: '${name}' is used by more than one servable or LoRA alias`;

export class ServableRegistry {
  private readonly byName: ReadonlyMap<string, Servable>;

  constructor(readonly servables: readonly Servable[]) {
    const byName = new Map<string, Servable>();
    for (const servable of servables) {
      if (byName.has(servable.name)) throw new Error(nameOccupied(servable.name));
      byName.set(servable.name, servable);
    }
    this.byName = byName;
  }

  /** The servable a `model` value routes to: a servable name first, then the aliases of available servables. */
  find(name: string): Servable | undefined {
    return this.byName.get(name) ?? this.servables.find((s) => s.state === 'AVAILABLE' && s.aliases.includes(name));
  }

  /** Names and aliases clash? (Checked once every servable has loaded and knows its aliases.) */
  duplicateName(): string | undefined {
    const seen = new Set<string>();
    for (const name of this.servables.flatMap((s) => [s.name, ...s.aliases])) {
      if (seen.has(name)) return name;
      seen.add(name);
    }
    return undefined;
  }

  /** /v3/models: every available servable's name (unless hidden) and its aliases, in servable order. */
  listedNames(): readonly string[] {
    return this.servables
      .filter((s) => s.state === 'AVAILABLE')
      .flatMap((s) => [...(s.isListed ? [s.name] : []), ...s.aliases]);
  }

  /** Every servable is AVAILABLE (OVMS's server readiness once the servable manager has loaded the config). */
  get isReady(): boolean {
    return this.servables.every((s) => s.state === 'AVAILABLE');
  }
}
