/**
 * @module calculators/schedulers
 * The public surface of the schedulers: read a scheduler_config.json, create the scheduler, drive it.
 */
export type { Scheduler, StepResult } from './scheduler.js';
export {
  parseSchedulerConfig, readSchedulerConfig, SCHEDULER_CLASS_NAMES,
  type LoadedSchedulerConfig, type SchedulerConfig, type SchedulerKind,
} from './scheduler-config.js';
export { createScheduler, type AnyScheduler } from './scheduler-factory.js';
export { DdimScheduler } from './ddim.js';
export { PndmScheduler } from './pndm.js';
export { EulerDiscreteScheduler } from './euler-discrete.js';
export { EulerAncestralScheduler } from './euler-ancestral.js';
export { LcmScheduler } from './lcm.js';
export { FlowMatchEulerScheduler } from './flow-match-euler.js';
