/**
 * @module test/support/server-process
 * The real server as users start it: `bin/pictograph.js` with OVMS flags in a child process on a free loopback
 * port, ready once /v2/health/ready answers 200; stopped with a signal, reporting its exit code and output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { cliPath, projectRoot } from './paths.js';

export interface ServerProcess {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything written so far (pino JSON lines on stdout). */
  stdout(): string;
  stderr(): string;
  /** Sends the signal (SIGTERM by default) and resolves with the exit code once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves with the exit code when the process exits by itself. */
  readonly exited: Promise<number | null>;
}

export interface ServerProcessOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** How long to wait for readiness. */
  readonly readyTimeoutMs?: number;
  /** Skip waiting for /v2/health/ready (for servers expected to fail or stay unready). */
  readonly waitForReady?: boolean;
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `pictograph --rest_port <free> --rest_bind_address 127.0.0.1 ...args` and waits until it is ready. */
export async function startServer(args: readonly string[], options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [cliPath, '--rest_port', String(port), '--rest_bind_address', '127.0.0.1', ...args], {
    cwd: options.cwd ?? projectRoot,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    port, url, child, exited,
    stdout: () => stdout,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  if (options.waitForReady === false) return server;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  let exitedEarly = false;
  void exited.then(() => { exitedEarly = true; });
  while (Date.now() < deadline) {
    if (exitedEarly) throw new Error(`the server exited (code ${child.exitCode}) before it was ready:\n${stderr}\n${stdout}`);
    const ready = await fetch(`${url}/v2/health/ready`).then((r) => r.status === 200, () => false);
    if (ready) return server;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`the server was not ready within ${options.readyTimeoutMs ?? 60_000} ms:\n${stderr}\n${stdout}`);
}
