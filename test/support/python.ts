/**
 * @module test/support/python
 * Runs a script of the project venv's Python (the OpenVINO / GenAI reference side of the tests) with a JSON
 * request on stdin and parses the JSON it prints. A failure carries the script's stderr.
 */
import { join } from 'node:path';
import { projectRoot, venvPython } from './paths.js';
import { runProcess } from './process.js';

export interface PythonRunOptions {
  /** Killed with SIGKILL after this long. */
  readonly timeoutMs?: number;
}

/** `script` is relative to test/reference/; `request` (when defined) goes to stdin as JSON. */
export async function runPythonJson<T>(script: string, args: readonly string[], request: unknown,
  options: PythonRunOptions = {}): Promise<T> {
  const result = await runProcess(venvPython, [join(projectRoot, 'test', 'reference', script), ...args], {
    cwd: projectRoot,
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
    stdin: request === undefined ? '' : JSON.stringify(request),
    timeoutMs: options.timeoutMs ?? 300_000,
  });
  if (result.code !== 0) {
    throw new Error(`${script} ${args.join(' ')} failed (${result.signal ?? `exit ${result.code}`}):\n${result.stderr.slice(-4000)}`);
  }
  try {
    return JSON.parse(result.stdout) as T;
  } catch (error) {
    throw new Error(`${script} printed no JSON: ${result.stdout.slice(0, 500)}\n${result.stderr.slice(-2000)}`, { cause: error });
  }
}
