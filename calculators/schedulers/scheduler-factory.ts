/**
 * @module calculators/schedulers/scheduler-factory
 * A fresh scheduler for a validated config (GenAI Scheduler::from_config). Schedulers are stateful: make one per
 * generation (or call setTimesteps() again before reuse).
 */
import { DdimScheduler } from './ddim.js';
import { EulerAncestralScheduler } from './euler-ancestral.js';
import { EulerDiscreteScheduler } from './euler-discrete.js';
import { FlowMatchEulerScheduler } from './flow-match-euler.js';
import { LcmScheduler } from './lcm.js';
import { PndmScheduler } from './pndm.js';
import type { SchedulerConfig } from './scheduler-config.js';

/** Every concrete scheduler, discriminated by `kind` (FlowMatch adds setTimestepsForSequence and scaleNoise). */
export type AnyScheduler =
  | DdimScheduler | PndmScheduler | EulerDiscreteScheduler | EulerAncestralScheduler | LcmScheduler
  | FlowMatchEulerScheduler;

export function createScheduler(config: SchedulerConfig): AnyScheduler {
  switch (config.kind) {
    case 'ddim': return new DdimScheduler(config);
    case 'pndm': return new PndmScheduler(config);
    case 'euler-discrete': return new EulerDiscreteScheduler(config);
    case 'euler-ancestral': return new EulerAncestralScheduler(config);
    case 'lcm': return new LcmScheduler(config);
    case 'flow-match-euler': return new FlowMatchEulerScheduler(config);
  }
}
