/**
 * examples/ against the real server: examples/config.json serves the OVMS-written graph and the hand-edited graph
 * as two servables of one server; the curl, Python and Node clients run as users run them and agree byte for byte,
 * for generations and for edits (inpainting, outpainting, image-to-image; small sizes: 512x512 takes minutes on the
 * tiny model); and SIGTERM lets a request in flight finish before the process exits 0.
 */
import { expect } from 'chai';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as messages from '../../calculators/request/request-messages.js';
import { projectRoot, sharedDataDir, venvPython } from '../support/paths.js';
import { runProcess, type ProcessResult } from '../support/process.js';
import { pngSize, servedModelLayout, type ServedModelLayout } from '../support/served-model.js';
import { startServer, type ServerProcess } from '../support/server-process.js';

const OVMS_GRAPH = 'pictograph/tiny-sd15-ovms-graph';
const EDITED_GRAPH = 'pictograph/tiny-sd15-edited-graph';

describe('examples/ against the server process', function () {
  let layout: ServedModelLayout;
  let server: ServerProcess;
  let out: string;

  /** Runs an example the way its header says, against `model`; its PNG goes to `<out>/<name>`. */
  function runExample(command: string, args: readonly string[], model: string, name: string,
    env: NodeJS.ProcessEnv = {}): Promise<ProcessResult> {
    return runProcess(command, [...args, join(out, name)], {
      cwd: projectRoot,
      env: { ...process.env, PICTOGRAPH_URL: server.url, PICTOGRAPH_MODEL: model, SIZE: '64x64', STEPS: '3', ...env },
      timeoutMs: 120_000,
    });
  }

  before(async function () {
    this.timeout(300_000);
    layout = await servedModelLayout();
    out = layout.root;
    server = await startServer(['--config_path', join(layout.examples, 'config.json'), '--metrics_enable']);
  });
  after(async () => {
    if (server !== undefined && server.child.exitCode === null) await server.stop();
    if (layout !== undefined) rmSync(layout.root, { recursive: true, force: true });
  });

  it('config.json serves both graphs', async () => {
    const models = await (await fetch(`${server.url}/v3/models`)).json() as { data: { id: string }[] };
    expect(models.data.map((model) => model.id)).to.deep.equal([OVMS_GRAPH, EDITED_GRAPH]);
  });

  it('the curl, Python and Node generation examples write the same PNG, from either graph', async () => {
    const runs = [
      ['curl.png', 'bash', ['examples/curl/generate.sh'], EDITED_GRAPH],
      ['python.png', venvPython, ['examples/python/generate.py'], EDITED_GRAPH],
      ['node.png', process.execPath, ['examples/node/generate.mjs'], EDITED_GRAPH],
      ['ovms.png', 'bash', ['examples/curl/generate.sh'], OVMS_GRAPH],
    ] as const;
    const pngs: Buffer[] = [];
    for (const [name, command, args, model] of runs) {
      const result = await runExample(command, args, model, name);
      expect(result.code, `${name}: ${result.stderr}`).to.equal(0);
      expect(result.stdout).to.include(`wrote ${join(out, name)}`);
      const png = readFileSync(join(out, name));
      expect(pngSize(png), name).to.deep.equal({ width: 64, height: 64 });
      pngs.push(png);
    }
    for (const png of pngs.slice(1)) expect(png.equals(pngs[0] as Buffer)).to.equal(true);
  });

  it('each graph enforces its own options; errors name the request node as OVMS does ("ImageGenExecutor")', async () => {
    const ROWS = [
      [OVMS_GRAPH, { n: 5 }, messages.numImagesAboveMax(4n)],
      [EDITED_GRAPH, { num_inference_steps: 51 }, messages.stepsAboveMax(50n)],
    ] as const;
    for (const [model, fields, message] of ROWS) {
      const response = await fetch(`${server.url}/v3/images/generations`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model, prompt: 'cat', ...fields }),
      });
      expect(response.status, model).to.equal(400);
      expect((await response.json() as { error: string }).error, model).to.match(new RegExp(`for node "ImageGenExecutor" failed: ${message}$`));
    }
  });

  it('the edit examples (curl, Python, Node) write images; the same edit gives the same PNG from every client and graph', async () => {
    const outpaint = { IMAGE: join(sharedDataDir, 'outpaint_input.png'), MASK: join(sharedDataDir, 'outpaint_mask.png') };
    const runs = [
      // [file, command, args, model, extra environment, what must give the same PNG]
      ['inpaint-curl.png', 'bash', ['examples/curl/edit.sh'], EDITED_GRAPH, {}, 'inpainting'],
      ['inpaint-node.png', process.execPath, ['examples/node/edit.mjs'], EDITED_GRAPH, {}, 'inpainting'],
      ['inpaint-ovms.png', 'bash', ['examples/curl/edit.sh'], OVMS_GRAPH, {}, 'inpainting'],
      ['i2i-python.png', venvPython, ['examples/python/edit.py'], EDITED_GRAPH, {}, 'image-to-image'],
      ['i2i-curl.png', 'bash', ['examples/curl/edit.sh'], EDITED_GRAPH, { MASK: '', STRENGTH: '0.67' }, 'image-to-image'],
      ['outpaint-curl.png', 'bash', ['examples/curl/edit.sh'], EDITED_GRAPH, outpaint, 'outpainting'],
      ['outpaint-node.png', process.execPath, ['examples/node/edit.mjs'], OVMS_GRAPH, outpaint, 'outpainting'],
    ] as const;
    const byKind = new Map<string, Buffer[]>();
    for (const [name, command, args, model, env, kind] of runs) {
      const result = await runExample(command, args, model, name, env);
      expect(result.code, `${name}: ${result.stderr}`).to.equal(0);
      expect(result.stdout).to.include(`wrote ${join(out, name)}`);
      const png = readFileSync(join(out, name));
      expect(pngSize(png), name).to.deep.equal({ width: 64, height: 64 });
      byKind.set(kind, [...byKind.get(kind) ?? [], png]);
    }
    for (const [kind, pngs] of byKind) {
      for (const png of pngs.slice(1)) expect(png.equals(pngs[0] as Buffer), kind).to.equal(true);
    }
    const [inpainted, changed, outpainted] = ['inpainting', 'image-to-image', 'outpainting'].map((kind) => byKind.get(kind)?.[0] as Buffer);
    expect(inpainted?.equals(changed as Buffer), 'a mask changes the result').to.equal(false);
    expect(inpainted?.equals(outpainted as Buffer), 'another image and mask change the result').to.equal(false);
  });

  it('SIGTERM: the request in flight finishes, then the process exits 0', async () => {
    const current = `ovms_current_graphs{name="${EDITED_GRAPH}"}`;
    const inFlight = fetch(`${server.url}/v3/images/generations`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: EDITED_GRAPH, prompt: 'cat', num_inference_steps: 40 }),
    }).then(async (response) => ({ status: response.status, body: await response.text() }));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      if (text.includes(`${current} 1`)) break;
      if (Date.now() > deadline) throw new Error('the request never reached the graph');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const exit = server.stop('SIGTERM');
    const answered = await inFlight;
    expect(answered.status, answered.body).to.equal(200);
    expect(await exit).to.equal(0);
    expect(server.stdout()).to.include('shutting down: waiting for 1 request(s) in flight');
  });
});
