/**
 * @module bin/commands/serve
 * `pictograph serve` (and `pictograph --rest_port ...` with no command, as OVMS is started): validates the servables'
 * graphs, listens, loads their resources (ready when all are AVAILABLE), serves until SIGTERM or SIGINT, then shuts
 * down gracefully: stop listening, let runs finish (cancel them after a grace period), free resources, exit 0.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Logger } from 'pino';
import { loadOpenVino, type OpenVino } from '../../calculators/openvino/index.js';
import { GraphServable } from '../../http/graph-servable.js';
import { ServingMetrics } from '../../http/metrics.js';
import { ServableRegistry } from '../../http/servable.js';
import { HttpServer } from '../../http/server.js';
import { UsageError, type Command, type CommandIo } from '../command.js';
import { createGraphEnvironment } from '../graph-environment.js';
import { packageVersion } from '../package-version.js';
import { parseServeFlags, type ServeConfig } from '../serve/flags.js';
import { taskPipelineGraph } from '../serve/ovms-graph-template.js';
import { loadServable, validateServable } from '../serve/load-servables.js';
import { createServerLogger } from '../serve/logger.js';
import { EXIT_FAILURE, EXIT_USAGE } from '../serve/messages.js';

/** How long shutdown waits for requests in flight before cancelling them. */
export const SHUTDOWN_GRACE_MS = 30_000;
/** How long it then waits for the cancelled runs to end, and for the servables to unload. */
const CANCEL_WAIT_MS = 5_000;
export const TRACE_DIR_ENV = 'PICTOGRAPH_TRACE_DIR';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve image generation over OVMS\'s REST API (the default: pictograph --rest_port 8000 --model_path ...)',
  async run(argv: readonly string[], io: CommandIo): Promise<number> {
    const invocation = parseServeFlags(argv, { env: io.env, cwd: io.cwd });
    switch (invocation.kind) {
      case 'help':
        io.stdout.write(invocation.text);
        return 0;
      case 'version':
        io.stdout.write(`Pictograph ${packageVersion()}\n`);
        return 0;
      case 'dump-graph':
        writeFileSync(invocation.path, taskPipelineGraph(invocation.task, createGraphEnvironment(), packageVersion()));
        io.stdout.write(`wrote the graph for ${invocation.task.modelsPath} to ${invocation.path}\n`);
        return 0;
      case 'serve':
        return serve(invocation.config, io);
    }
  },
};

async function serve(config: ServeConfig, io: CommandIo): Promise<number> {
  const version = packageVersion();
  // 1. Everything that can be refused without listening: metrics families, every graph.
  let metrics: ServingMetrics | undefined;
  try {
    metrics = config.metrics.enabled ? new ServingMetrics({ families: config.metrics.list }) : undefined;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), EXIT_USAGE);
  }
  const env = createGraphEnvironment();
  const validated = config.servables.map((descriptor) => validateServable(descriptor, {
    env, version, ...(config.cacheDir === undefined ? {} : { cacheDir: config.cacheDir }),
  }));
  const logger = createServerLogger(config.logLevel, config.logPath);
  const servables = validated.map(({ descriptor }) => new GraphServable(descriptor.name, metrics?.forServable(descriptor.name)));
  const registry = new ServableRegistry(servables);
  const server = new HttpServer({
    servables: registry,
    maxBodyBytes: config.maxBodyBytes,
    apiKey: config.apiKey,
    cors: config.cors,
    metrics,
    logger,
    serverInfo: { name: 'Pictograph', version },
  });

  // 2. Listen, then load: the health endpoints answer while servables load, as in OVMS.
  let port: number;
  try {
    port = await server.listen(config.restBindAddress, config.restPort);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.error(message);
    io.stderr.write(`pictograph: ${message}\n`);
    return EXIT_FAILURE;
  }
  logger.info({ address: config.restBindAddress, port }, `REST server listening on port ${port}`);
  const stop = stopSignals(logger, () => server.cancelInFlight());
  const autoPoolSize = Math.max(1, Math.min(config.restWorkers ?? availableParallelism(), availableParallelism()));
  const traceDir = io.env[TRACE_DIR_ENV] || undefined;
  let openVino: OpenVino | undefined;
  const loadContext = {
    openVino: () => (openVino ??= loadOpenVino(config.openVino)),
    autoPoolSize,
    ...(traceDir === undefined ? {} : { traceDir }),
  };
  const loading = Promise.all(validated.map((entry, i) => loadServable(entry, servables[i] as GraphServable, loadContext)));
  const outcome = await Promise.race([
    loading.then(() => undefined, (error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
    stop.signalled.then(() => 'stopped' as const),
  ]);
  let exitCode = 0;
  if (outcome instanceof Error) {
    logger.error({ err: outcome }, outcome.message);
    io.stderr.write(`pictograph: ${outcome.message}\n`);
    exitCode = EXIT_FAILURE;
  } else if (outcome === undefined) {
    const clash = registry.duplicateName();
    if (clash !== undefined) {
      const message = `a servable name or LoRA alias is used twice: '${clash}'`;
      logger.error(message);
      io.stderr.write(`pictograph: ${message}\n`);
      exitCode = EXIT_FAILURE;
    } else {
      logger.info({ servables: registry.servables.map((s) => s.name) }, `serving ${registry.servables.length} servable(s); ready`);
      await stop.signalled;
    }
  }

  // 3. Graceful shutdown.
  await shutdown(server, servables, logger, loading);
  stop.dispose();
  logger.info('shut down');
  return exitCode;
}

async function shutdown(server: HttpServer, servables: readonly GraphServable[], logger: Logger, loading: Promise<unknown>): Promise<void> {
  server.stopListening();
  if (server.requestsInFlight > 0) logger.info(`shutting down: waiting for ${server.requestsInFlight} request(s) in flight`);
  if (!(await server.whenIdle(SHUTDOWN_GRACE_MS))) {
    logger.warn(`cancelling ${server.requestsInFlight} request(s) still running after ${SHUTDOWN_GRACE_MS / 1000} s`);
    server.cancelInFlight();
    await server.whenIdle(CANCEL_WAIT_MS);
  }
  // Resources still being built are freed once they exist. A run that ignores its cancellation cannot hold the exit.
  await loading.catch(() => undefined);
  const unloaded = Promise.all(servables.map((servable) => servable.unload())).then(() => true);
  if (!(await Promise.race([unloaded, delay(CANCEL_WAIT_MS).then(() => false)]))) {
    logger.warn('a run did not end after its cancellation; exiting without freeing its servable');
  }
  server.close();
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** SIGTERM or SIGINT starts the shutdown; a second one cancels what is still running. */
function stopSignals(logger: Logger, force: () => void): { signalled: Promise<NodeJS.Signals>; dispose(): void } {
  let count = 0;
  let resolve: (signal: NodeJS.Signals) => void = () => {};
  const signalled = new Promise<NodeJS.Signals>((r) => { resolve = r; });
  const onSignal = (signal: NodeJS.Signals): void => {
    count++;
    if (count === 1) {
      logger.info(`${signal} received: shutting down`);
      resolve(signal);
    } else {
      logger.warn(`${signal} received again: cancelling requests in flight`);
      force();
    }
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    signalled,
    dispose() {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    },
  };
}
