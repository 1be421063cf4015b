/**
 * @module test/support/http-server
 * Starts the real HTTP server in process on a free loopback port, serving graphs given as pbtxt text (with the
 * project's calculators plus the HTTP test calculators), and raw-socket helpers for what fetch cannot do.
 */
import { connect, type Socket } from 'node:net';
import { pino } from 'pino';
import { loadGraphText } from '../../engine/index.js';
import { GraphServable } from '../../http/graph-servable.js';
import { ServingMetrics } from '../../http/metrics.js';
import { ServableRegistry } from '../../http/servable.js';
import { HttpServer, type HttpServerOptions } from '../../http/server.js';
import { HTTP_TEST_CALCULATORS } from './http-calculators.js';
import { testEnvironment } from './node-runner.js';

export interface TestServer {
  readonly server: HttpServer;
  readonly servables: ServableRegistry;
  readonly metrics: ServingMetrics;
  readonly port: number;
  readonly url: string;
  /** Each servable by name (a graph servable, loaded unless listed in `loading`). */
  readonly byName: ReadonlyMap<string, GraphServable>;
  close(): Promise<void>;
}

export interface TestServerOptions extends Partial<Omit<HttpServerOptions, 'servables' | 'metrics' | 'logger'>> {
  /** Servable name → graph text. */
  readonly graphs: Readonly<Record<string, string>>;
  /** Servables left LOADING. */
  readonly loading?: readonly string[];
  /** Per-servable load options (aliases, hidden names, node display). */
  readonly loadOptions?: Readonly<Record<string, { aliases?: readonly string[]; isListed?: boolean; displayNode?: (node: string) => string }>>;
}

export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const env = testEnvironment(HTTP_TEST_CALCULATORS);
  const metrics = new ServingMetrics({ families: [] });
  const byName = new Map<string, GraphServable>();
  for (const [name, text] of Object.entries(options.graphs)) {
    const servable = new GraphServable(name, metrics.forServable(name));
    if (!(options.loading ?? []).includes(name)) {
      servable.loaded({ graph: loadGraphText(text, env, { file: `${name}.pbtxt` }), sidePackets: {}, ...options.loadOptions?.[name] });
    }
    byName.set(name, servable);
  }
  const servables = new ServableRegistry([...byName.values()]);
  const server = new HttpServer({
    servables,
    maxBodyBytes: options.maxBodyBytes ?? 1 << 20,
    apiKey: options.apiKey,
    cors: options.cors ?? { allowedOrigins: '*', allowedMethods: '*', allowedHeaders: '*', allowCredentials: false },
    metrics,
    logger: pino({ level: 'silent' }),
    serverInfo: options.serverInfo ?? { name: 'Pictograph', version: '0.0.0-test' },
  });
  const port = await server.listen('127.0.0.1', 0);
  return {
    server, servables, metrics, port, url: `http://127.0.0.1:${port}`, byName,
    async close() {
      server.close();
      await Promise.all([...byName.values()].map((servable) => servable.unload()));
    },
  };
}

/** An open TCP connection to the server, for writing requests by hand. */
export function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends on a socket until it closes it (or `timeoutMs` passes). */
export function readUntilClosed(socket: Socket, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => { socket.destroy(); resolve(Buffer.concat(chunks).toString('latin1')); }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
  });
}

/** Polls `condition` every 10 ms until it holds (or fails after `timeoutMs`). */
export async function eventually(condition: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
