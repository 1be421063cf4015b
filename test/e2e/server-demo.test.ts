/**
 * The README's first command, `npm run demo` (bin/demo.sh): on first start it makes the tiny model under its served
 * name, prints ready-to-paste calls, and starts the server as OVMS is started; the printed curl call works.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../support/paths.js';
import { responseImages } from '../support/served-model.js';
import { freePort } from '../support/server-process.js';

describe('npm run demo (bin/demo.sh)', () => {
  it('makes the tiny model on first start, prints how to call it, serves it, and stops on SIGINT', async () => {
    const models = mkdtempSync(join(tmpdir(), 'pictograph-demo-'));
    const port = await freePort();
    const demo = spawn('bash', [join(projectRoot, 'bin', 'demo.sh'), '--rest_bind_address', '127.0.0.1'], {
      cwd: projectRoot, env: { ...process.env, PORT: String(port), MODELS_DIR: models }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    demo.stdout.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
    demo.stderr.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
    const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 120_000;
      while (!(await fetch(`http://127.0.0.1:${port}/v2/health/ready`).then((r) => r.status === 200, () => false))) {
        if (Date.now() > deadline || demo.exitCode !== null) throw new Error(`the demo did not become ready:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(existsSync(join(models, 'pictograph', 'tiny-sd15', 'model_index.json'))).to.equal(true);
      expect(output).to.include(`demo: serving pictograph/tiny-sd15 on http://localhost:${port}`);
      // The printed curl call, as printed (with the loopback address the test bound).
      const printed = /curl (http:\/\/localhost:\d+\/v3\/images\/generations) -H "Content-Type: application\/json" \\\n\s+-d '([^']+)'/.exec(output);
      expect(printed, output).to.not.equal(null);
      const response = await fetch((printed?.[1] ?? '').replace('localhost', '127.0.0.1'), {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: printed?.[2],
      });
      expect(response.status).to.equal(200);
      expect(responseImages(await response.text())).to.have.length(1);
      demo.kill('SIGINT');
      expect(await exited).to.equal(0);
    } finally {
      if (demo.exitCode === null) demo.kill('SIGKILL');
      rmSync(models, { recursive: true, force: true });
    }
  });
});
