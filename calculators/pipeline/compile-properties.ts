/**
 * @module calculators/pipeline/compile-properties
 * Where each stage compiles and with what: OVMS's `device` (one device for every stage, or three: text encoder,
 * denoiser, VAE) and its `plugin_config` turned into the string properties the OpenVINO binding takes. As GenAI, the
 * same properties go to every compile and nothing is added, so the CPU plugin picks GenAI's kernels.
 */
import type { DeviceProperties, PluginConfig, PluginConfigScalar, PluginConfigValue } from '../request/plugin-config.js';

export interface StageDevices {
  readonly textEncoder: string;
  readonly denoiser: string;
  readonly vae: string;
}

/**
 * `devices` as ImageGenPipelineArgs holds them. None given: OVMS's recommendTargetDevice picks a GPU when one is
 * there and CPU otherwise (DEVIATION: OVMS also ranks GPUs by free memory; we take the first one OpenVINO lists).
 */
export function stageDevices(devices: readonly string[], available: () => readonly string[]): StageDevices {
  if (devices.length === 3) {
    const [textEncoder, denoiser, vae] = devices as [string, string, string];
    return { textEncoder, denoiser, vae };
  }
  const device = devices[0] ?? recommendedDevice(available());
  return { textEncoder: device, denoiser: device, vae: device };
}

function recommendedDevice(available: readonly string[]): string {
  return available.find((device) => device.startsWith('GPU')) ?? 'CPU';
}

/**
 * The compile properties for `device`: every plugin_config entry as OpenVINO's string form, with the device's own
 * `DEVICE_PROPERTIES` entries on top (what ov::device::properties does for that device).
 */
export function compileProperties(config: PluginConfig, device: string): Readonly<Record<string, string>> {
  const properties: Record<string, string> = {};
  let perDevice: Readonly<Record<string, PluginConfigScalar>> = {};
  for (const [key, value] of Object.entries(config)) {
    if (isDeviceProperties(value)) perDevice = value[device] ?? {};
    else properties[key] = propertyText(value);
  }
  for (const [key, value] of Object.entries(perDevice)) properties[key] = propertyText(value);
  return properties;
}

function isDeviceProperties(value: PluginConfigValue): value is DeviceProperties {
  return typeof value === 'object';
}

/** OpenVINO's text of a property value: booleans as YES/NO, numbers in their shortest form. */
function propertyText(value: PluginConfigScalar): string {
  if (typeof value === 'boolean') return value ? 'YES' : 'NO';
  return String(value);
}
