import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { projectRoot } from '../support/paths.js';

describe('pictograph CLI', () => {
  it('prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
    const result = await runCli(['--version']);
    expect(result.code).to.equal(0);
    expect(result.stdout.trim()).to.equal(`pictograph ${pkg.version}`);
  });

  it('rejects an unknown command with exit 2 and names it', async () => {
    const result = await runCli(['no-such-command']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain("unknown command 'no-such-command'");
  });
});
