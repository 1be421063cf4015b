/**
 * @module test/support/served-model
 * What end-to-end server tests serve: the tiny SD 1.5 model placed where OVMS's layout expects it
 * (`<repository>/pictograph/tiny-sd15`, the demo's served name), the examples folder beside it (its graphs point to
 * `../models/...`), and small readers for what comes back (PNG size, the images of a response body).
 */
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './paths.js';
import { tinyModel } from './tiny-models.js';

/** The demo's served name, used by the examples by default. */
export const DEMO_MODEL = 'pictograph/tiny-sd15';

export interface ServedModelLayout {
  /** A fresh folder holding `models/` and `examples/`. */
  readonly root: string;
  /** `<root>/models`: `--model_repository_path`, with `pictograph/tiny-sd15` in it. */
  readonly repository: string;
  /** `<root>/examples`: a copy of the project's examples, whose graphs find the model at `../models/...`. */
  readonly examples: string;
}

/** Lays out the tiny model (generated once per machine and cached) and the examples in a temp folder. */
export async function servedModelLayout(): Promise<ServedModelLayout> {
  const model = await tinyModel('sd15');
  const root = mkdtempSync(join(tmpdir(), 'pictograph-served-'));
  const repository = join(root, 'models');
  mkdirSync(join(repository, 'pictograph'), { recursive: true });
  symlinkSync(model, join(repository, DEMO_MODEL), 'dir');
  const examples = join(root, 'examples');
  cpSync(join(projectRoot, 'examples'), examples, { recursive: true });
  return { root, repository, examples };
}

/** Width and height from a PNG's IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(png: Uint8Array): { readonly width: number; readonly height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || signature.some((byte, i) => png[i] !== byte)) throw new Error('not a PNG');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** The PNGs of an images response body (`{"created", "data": [{"b64_json"}, ...]}`). */
export function responseImages(body: string): readonly Uint8Array[] {
  const parsed = JSON.parse(body) as { created: unknown; data: { b64_json: string }[] };
  if (typeof parsed.created !== 'number') throw new Error(`no "created" in ${body.slice(0, 200)}`);
  return parsed.data.map((item) => new Uint8Array(Buffer.from(item.b64_json, 'base64')));
}
