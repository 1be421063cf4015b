/**
 * @module test/support/python
 * Runs a script of the project venv's Python (the OpenVINO / GenAI reference side of the tests) with a JSON
 * request on stdin and parses the JSON it prints. A failure carries the script's stderr.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot, venvPython } from './paths.js';

export interface PythonRunOptions {
  /** Killed with SIGKILL after this long. */
  readonly timeoutMs?: number;
}

/** `script` is relative to test/reference/. */
export function runPythonJson<T>(script: string, args: readonly string[], request: unknown,
  options: PythonRunOptions = {}): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(venvPython, [join(projectRoot, 'test', 'reference', script), ...args], {
      cwd: projectRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONUNBUFFERED: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`${script} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${stderr.slice(-4000)}`));
        return;
      }
      try {
        resolvePromise(JSON.parse(stdout) as T);
      } catch (error) {
        reject(new Error(`${script} printed no JSON: ${stdout.slice(0, 500)}\n${stderr.slice(-2000)}`, { cause: error }));
      }
    });
    child.stdin.end(JSON.stringify(request));
  });
}
