/**
 * @module calculators/schedulers/scheduler-types
 * Forcing a scheduler type, as GenAI's Scheduler::from_config(path, type) does: the model's scheduler_config.json is
 * read as the config of another class. Names are GenAI's Scheduler::Type values in lower case, plus short forms.
 */
import { parseSchedulerConfig, type LoadedSchedulerConfig } from './scheduler-config.js';

/** `--scheduler` names → the `_class_name` whose config reader GenAI then uses. */
export const SCHEDULER_TYPE_CLASSES: Readonly<Record<string, string>> = Object.freeze({
  ddim: 'DDIMScheduler',
  pndm: 'PNDMScheduler',
  euler_discrete: 'EulerDiscreteScheduler',
  euler: 'EulerDiscreteScheduler',
  euler_ancestral_discrete: 'EulerAncestralDiscreteScheduler',
  euler_ancestral: 'EulerAncestralDiscreteScheduler',
  lcm: 'LCMScheduler',
  flow_match_euler_discrete: 'FlowMatchEulerDiscreteScheduler',
  flow_match_euler: 'FlowMatchEulerDiscreteScheduler',
  // GenAI: LMS_DISCRETE is a deprecated alias of DDIM, not a real LMS.
  lms_discrete: 'LMSDiscreteScheduler',
  lms: 'LMSDiscreteScheduler',
});

export type SchedulerTypeName = keyof typeof SCHEDULER_TYPE_CLASSES;

export function isSchedulerTypeName(name: string): name is SchedulerTypeName {
  return Object.hasOwn(SCHEDULER_TYPE_CLASSES, name);
}

/** The scheduler config `json` (read from `file`) as the config of the forced type. */
export function parseSchedulerConfigAs(json: Readonly<Record<string, unknown>>, file: string,
  type: SchedulerTypeName): LoadedSchedulerConfig {
  return parseSchedulerConfig({ ...json, _class_name: SCHEDULER_TYPE_CLASSES[type] }, file);
}
