/**
 * The HTTP front end in process: the real uWS server and routes over real graphs of test calculators. Routing and
 * OVMS's statuses, models listing, health, /v1/config, metrics, CORS, API keys, body limits, large responses,
 * disconnects and shutdown.
 */
import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { Ajv } from 'ajv';
import { pino } from 'pino';
import { MODEL_OBJECT_SCHEMA, MODELS_LIST_SCHEMA } from '../../schemas/http/models-response.js';
import { OVMS_BUCKETS_US } from '../../http/metrics.js';
import { ServableRegistry } from '../../http/servable.js';
import { HttpServer } from '../../http/server.js';
import { HoldRequestCalculator, httpTestGraph, largeBody } from '../support/http-calculators.js';
import { eventually, openSocket, readUntilClosed, startTestServer, type TestServer } from '../support/http-server.js';

const JSON_HEADERS = { 'content-type': 'application/json' };

async function post(base: string, path: string, body: unknown, headers: Record<string, string> = JSON_HEADERS): Promise<{ status: number; body: string; headers: Headers }> {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

async function get(base: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: string; headers: Headers }> {
  const response = await fetch(`${base}${path}`, init);
  return { status: response.status, body: await response.text(), headers: response.headers };
}

const wrapped = (code: string, message: string, node = 'ImageGenExecutor'): string =>
  JSON.stringify({ error: `Mediapipe execution failed. MP status - ${code}: CalculatorGraph::Run() failed: \nCalculator::Process() for node "${node}" failed: ${message}` });

describe('HTTP server (uWS, in process)', () => {
  let t: TestServer;

  before(async () => {
    t = await startTestServer({
      graphs: {
        describe: httpTestGraph('DescribeRequestCalculator'),
        'OpenVINO/stable-diffusion-v1-5-int8-ov': httpTestGraph('DescribeRequestCalculator'),
        fail: httpTestGraph('FailRequestCalculator'),
        'fail-inner': httpTestGraph('FailRequestCalculator', 'imagegenexecutor__decoder'),
        hold: httpTestGraph('HoldRequestCalculator'),
        large: httpTestGraph('LargeResponseCalculator'),
        'no-response': `input_stream: "HTTP_REQUEST_PAYLOAD:input"\noutput_stream: "HTTP_RESPONSE_PAYLOAD:output"\n` +
          'node { calculator: "PassThroughCalculator" input_stream: "input" output_stream: "output" }\n',
      },
      loadOptions: {
        describe: { aliases: ['pokemon', 'blend'], isListed: false },
        'fail-inner': { displayNode: (node) => (node.startsWith('imagegenexecutor__') ? 'ImageGenExecutor' : node) },
      },
      maxBodyBytes: 4096,
    });
  });
  after(() => t.close());

  describe('routing (OVMS\'s regexes and answers)', () => {
    it('answers 406 for a method OVMS does not take, and for a known path with the wrong method', async () => {
      for (const [method, path] of [['PUT', '/v3/models'], ['DELETE', '/v2/health/ready'], ['POST', '/v2/health/live'], ['POST', '/metrics'], ['PATCH', '/v1/config']]) {
        const response = await get(t.url, path ?? '', { method });
        expect([method, path, response.status, response.body]).to.deep.equal([method, path, 406, '{"error":"Unsupported method"}']);
      }
    });

    it('answers 400 "Invalid request URL" for an unknown path, also GET on a POST-only /v3 path (as OVMS)', async () => {
      for (const path of ['/', '/v4/models', '/v3/images/generations', '/v2/health']) {
        expect(await get(t.url, path).then((r) => [r.status, r.body])).to.deep.equal([400, '{"error":"Invalid request URL"}']);
      }
    });

    it('refuses escaping paths with PATH_INVALID (400); POST /v1/config is a /v1 request like any other (404)', async () => {
      for (const path of ['/v3/models/../../etc', '/v3/models/%2E%2E/x', '/v3/models/..']) {
        const socket = await openSocket(t.port);
        const reply = readUntilClosed(socket, 2000);
        socket.end(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
        expect(await reply, path).to.match(/^HTTP\/1\.1 400 [^]*\{"error":"The provided base path is invalid or doesn't exists"\}$/);
      }
      expect((await post(t.url, '/v1/config', '', {})).status).to.equal(404);
    });
  });

  it('listens on every address of a comma-separated bind address, on one port', async () => {
    const server = new HttpServer({
      servables: new ServableRegistry([]), maxBodyBytes: 1024, logger: pino({ level: 'silent' }),
      cors: { allowedOrigins: '*', allowedMethods: '*', allowedHeaders: '*', allowCredentials: false },
      serverInfo: { name: 'Pictograph', version: '0' },
    });
    const port = await server.listen('127.0.0.1,127.0.0.2', 0);
    try {
      for (const host of ['127.0.0.1', '127.0.0.2']) expect((await get(`http://${host}:${port}`, '/v2/health/live')).status, host).to.equal(200);
    } finally {
      server.close();
    }
  });

  describe('models', () => {
    it('lists available servables and aliases on /v3/models, /v1/models and /v3/v1/models; hidden names stay routable', async () => {
      const validList = new Ajv({ strict: true }).compile(MODELS_LIST_SCHEMA);
      for (const path of ['/v3/models', '/v1/models', '/v3/v1/models']) {
        const response = await get(t.url, path);
        expect(response.status).to.equal(200);
        expect(validList(JSON.parse(response.body)), JSON.stringify(validList.errors)).to.equal(true);
        const body = JSON.parse(response.body) as { object: string; data: { id: string; object: string; created: number; owned_by: string }[] };
        expect(body.object).to.equal('list');
        expect(body.data.map((model) => model.id)).to.deep.equal([
          'pokemon', 'blend', 'OpenVINO/stable-diffusion-v1-5-int8-ov', 'fail', 'fail-inner', 'hold', 'large', 'no-response',
        ]);
        for (const model of body.data) {
          expect(model.object).to.equal('model');
          expect(model.owned_by).to.equal('OVMS');
          expect(Math.abs(model.created - Date.now() / 1000)).to.be.below(5);
        }
      }
      const viaAlias = await post(t.url, '/v3/images/generations', { model: 'blend', prompt: 'cat' });
      expect(JSON.parse(viaAlias.body)).to.deep.include({ model: 'blend', kind: 'json' });
      expect((await post(t.url, '/v3/images/generations', { model: 'describe', prompt: 'cat' })).status).to.equal(200);
    });

    it('retrieves one model whose id contains "/"; an unknown id is 404 (DEVIATION: OVMS 500)', async () => {
      const found = await get(t.url, '/v3/models/OpenVINO/stable-diffusion-v1-5-int8-ov');
      expect(found.status).to.equal(200);
      const validModel = new Ajv({ strict: true }).compile(MODEL_OBJECT_SCHEMA);
      expect(validModel(JSON.parse(found.body)), JSON.stringify(validModel.errors)).to.equal(true);
      expect(JSON.parse(found.body)).to.deep.include({ id: 'OpenVINO/stable-diffusion-v1-5-int8-ov', object: 'model', owned_by: 'OVMS' });
      expect(JSON.parse((await get(t.url, '/v1/models/OpenVINO%2Fstable-diffusion-v1-5-int8-ov')).body)).to.have.property('id', 'OpenVINO/stable-diffusion-v1-5-int8-ov');
      expect(await get(t.url, '/v3/models/nope').then((r) => [r.status, r.body])).to.deep.equal([404, '{"error":"Model not found"}']);
    });
  });

  describe('health and status', () => {
    it('is live, ready when every servable is loaded, and answers model readiness (names with "/" percent-encoded)', async () => {
      expect(await get(t.url, '/v2/health/live').then((r) => [r.status, r.body])).to.deep.equal([200, '']);
      expect(await get(t.url, '/v2/health/ready').then((r) => [r.status, r.body])).to.deep.equal([200, '']);
      expect((await get(t.url, '/v2/models/OpenVINO%2Fstable-diffusion-v1-5-int8-ov/ready')).status).to.equal(200);
      expect((await get(t.url, '/v2/models/describe/versions/1/ready')).status).to.equal(200);
      expect(await get(t.url, '/v2/models/nope/ready').then((r) => [r.status, r.body]))
        .to.deep.equal([404, '{"error":"Model with requested name is not found"}']);
      expect(JSON.parse((await get(t.url, '/v2')).body)).to.deep.equal({ name: 'Pictograph', version: '0.0.0-test', extensions: [] });
    });

    it('is not ready while a servable loads; that servable answers 503 (DEVIATION: OVMS 500) and its readiness 404', async () => {
      const loading = await startTestServer({ graphs: { a: httpTestGraph('DescribeRequestCalculator'), b: httpTestGraph('DescribeRequestCalculator') }, loading: ['b'] });
      try {
        expect(await get(loading.url, '/v2/health/ready').then((r) => [r.status, r.body, r.headers.get('x-should-retry')]))
          .to.deep.equal([503, '{"error":"Server is not ready"}', null]);
        expect(await get(loading.url, '/v2/models/b/ready').then((r) => [r.status, r.body]))
          .to.deep.equal([404, '{"error":"Model with requested version is not loaded yet"}']);
        expect(await post(loading.url, '/v3/images/generations', { model: 'b', prompt: 'x' }).then((r) => [r.status, r.body]))
          .to.deep.equal([503, '{"error":"Mediapipe is not loaded yet"}']);
        expect(JSON.parse((await get(loading.url, '/v3/models')).body).data).to.have.length(1);
        expect((await get(loading.url, '/v1/config')).body).to.equal(
          '{\n"a" : \n{\n "model_version_status": [\n  {\n   "version": "1",\n   "state": "AVAILABLE",\n   "status": {\n' +
          '    "error_code": "OK",\n    "error_message": "OK"\n   }\n  }\n ]\n},\n"b" : \n{\n "model_version_status": [\n  {\n' +
          '   "version": "1",\n   "state": "LOADING",\n   "status": {\n    "error_code": "OK",\n    "error_message": "OK"\n   }\n  }\n ]\n}\n}');
      } finally {
        await loading.close();
      }
    });
  });

  describe('POST /v3 and /v1: parsing, routing by model, graph errors', () => {
    it('hands the graph the payload: JSON on /v3 and /v1, the decoded URI, multipart fields', async () => {
      for (const path of ['/v3/images/generations', '/v1/images/generations']) {
        const response = await post(t.url, path, { model: 'describe', prompt: 'three cats' });
        expect(response.status).to.equal(200);
        expect(response.headers.get('content-type')).to.equal('application/json');
        expect(JSON.parse(response.body)).to.deep.equal({ kind: 'json', uri: path, model: 'describe', prompt: 'three cats' });
      }
      const form = new FormData();
      form.append('model', 'describe');
      form.append('prompt', 'a cat');
      form.append('image', new Blob([new Uint8Array([1, 2, 3])]), 'cat.png');
      const edit = await fetch(`${t.url}/v3/images/edits`, { method: 'POST', body: form });
      expect(JSON.parse(await edit.text())).to.deep.equal({ kind: 'multipart', uri: '/v3/images/edits', model: 'describe', prompt: 'a cat' });
    });

    it('answers OVMS\'s HTTP-level errors: 412 for bad JSON, 404 for an unknown model, URI routing without a content type', async () => {
      expect(await post(t.url, '/v3/images/generations', '{"model":').then((r) => [r.status, r.body]))
        .to.deep.equal([412, '{"error":"The file is not valid json - Cannot parse JSON body"}']);
      expect(await post(t.url, '/v3/images/generations', { prompt: 'cat' }).then((r) => [r.status, r.body]))
        .to.deep.equal([412, '{"error":"The file is not valid json - model field is missing in JSON body"}']);
      expect(await post(t.url, '/v3/images/generations', { model: 'nope', prompt: 'cat' }).then((r) => [r.status, r.body]))
        .to.deep.equal([404, '{"error":"Mediapipe graph definition with requested name is not found"}']);
      expect(await post(t.url, '/v3/images/generations', 'x', { 'content-type': 'text/plain' }).then((r) => [r.status, r.body]))
        .to.deep.equal([404, '{"error":"Mediapipe graph definition with requested name is not found"}']);
    });

    it('wraps graph errors as OVMS does: 400 for a calculator error, 412 for FAILED_PRECONDITION; 503 for UNAVAILABLE, 501 for UNIMPLEMENTED', async () => {
      expect(await post(t.url, '/v3/images/generations', { model: 'fail', message: 'prompt field is missing in JSON body' }).then((r) => [r.status, r.body]))
        .to.deep.equal([400, wrapped('INVALID_ARGUMENT', 'prompt field is missing in JSON body')]);
      expect(await post(t.url, '/v3/images/generations', { model: 'fail', code: 'FAILED_PRECONDITION', message: 'Text-to-image pipeline is not available for this model' })
        .then((r) => [r.status, JSON.parse(r.body).error])).to.deep.equal([412,
        'Mediapipe graph precondition failed - FAILED_PRECONDITION: CalculatorGraph::Run() failed: \nCalculator::Process() for node "ImageGenExecutor" failed: Text-to-image pipeline is not available for this model']);
      expect((await post(t.url, '/v3/images/generations', { model: 'fail', code: 'UNAVAILABLE' })).status).to.equal(503);
      const unimplemented = await post(t.url, '/v3/images/generations', { model: 'fail', code: 'UNIMPLEMENTED', message: 'not yet' });
      expect(unimplemented.status).to.equal(501);
      expect(unimplemented.headers.get('x-should-retry'), 'SDKs must not repeat it').to.equal('false');
    });

    it('shows an inner node of an expanded subgraph under the subgraph node\'s name', async () => {
      expect(await post(t.url, '/v3/images/generations', { model: 'fail-inner', message: 'n field is not a int' }).then((r) => r.body))
        .to.equal(wrapped('INVALID_ARGUMENT', 'n field is not a int'));
    });

    it('a graph that answers nothing usable is our fault: 500 naming the servable and stream', async () => {
      const response = await post(t.url, '/v3/images/generations', { model: 'no-response', prompt: 'x' });
      expect([response.status, response.body]).to.deep.equal([500,
        '{"error":"the graph of servable \'no-response\' produced an object on its output stream \\"output\\", not a response body"}']);
    });
  });

  describe('body limit (413 before the body is read whole)', () => {
    it('refuses a Content-Length above the limit at once and closes the connection', async () => {
      const socket = await openSocket(t.port);
      const closed = readUntilClosed(socket);
      socket.write('POST /v3/images/generations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"model":');
      const reply = await closed;
      expect(reply).to.match(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
      expect(reply).to.include('{"error":"Request body is too large - the limit is 4096 bytes"}');
    });

    it('refuses a chunked body as soon as it passes the limit, without waiting for its end', async () => {
      const socket = await openSocket(t.port);
      const closed = readUntilClosed(socket);
      socket.write('POST /v3/images/generations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
      const chunk = 'x'.repeat(1000);
      for (let i = 0; i < 5; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      // The body never ends: only the limit can answer it.
      const reply = await closed;
      expect(reply).to.match(/^HTTP\/1\.1 413 /);
    });

    it('accepts a body just under the limit', async () => {
      const prompt = 'x'.repeat(4096 - JSON.stringify({ model: 'describe', prompt: '' }).length);
      expect((await post(t.url, '/v3/images/generations', { model: 'describe', prompt })).status).to.equal(200);
    });
  });

  describe('responses and disconnects', () => {
    it('writes a large body to a slow reader whole (uWS backpressure)', async () => {
      const size = 24 * 1024 * 1024;
      const socket = await openSocket(t.port);
      const body = JSON.stringify({ model: 'large', size });
      socket.write(`POST /v3/images/generations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      socket.pause();
      await sleep(300);
      const chunks: Buffer[] = [];
      let received = 0;
      const done = new Promise<void>((resolve) => {
        socket.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          received += chunk.length;
          if (received >= size) resolve();
        });
      });
      socket.resume();
      await done;
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const bodyStart = text.indexOf('\r\n\r\n') + 4;
      expect(text.slice(bodyStart).length).to.equal(size);
      expect(text.slice(bodyStart) === largeBody(size)).to.equal(true);
    });

    it('cancels the run when the client disconnects, and keeps serving', async () => {
      const before = HoldRequestCalculator.cancelled;
      const controller = new AbortController();
      const request = fetch(`${t.url}/v3/images/generations`, {
        method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ model: 'hold', prompt: 'x' }), signal: controller.signal,
      }).catch(() => 'aborted');
      await eventually(() => HoldRequestCalculator.waiting === 1, 5000, 'the request to reach the graph');
      controller.abort();
      expect(await request).to.equal('aborted');
      await eventually(() => HoldRequestCalculator.cancelled === before + 1, 5000, 'the run to be cancelled');
      expect(HoldRequestCalculator.waiting).to.equal(0);
      expect((await post(t.url, '/v3/images/generations', { model: 'describe', prompt: 'x' })).status).to.equal(200);
    });

    it('runs concurrent requests of one servable in parallel', async () => {
      const requests = [1, 2, 3].map(() => post(t.url, '/v3/images/generations', { model: 'hold', prompt: 'x' }));
      await eventually(() => HoldRequestCalculator.waiting === 3, 5000, 'three requests in the graph at once');
      HoldRequestCalculator.release();
      expect((await Promise.all(requests)).map((r) => r.body)).to.deep.equal(Array(3).fill('{"released":true}'));
    });
  });

  describe('metrics', () => {
    it('counts accepted requests, errors and responses with OVMS\'s labels, and times each node', async () => {
      await post(t.url, '/v3/images/generations', { model: 'describe', prompt: 'x' });
      await post(t.url, '/v3/images/generations', { model: 'fail' });
      const response = await get(t.url, '/metrics');
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.match(/^text\/plain/);
      const text = response.body;
      const value = (series: string): number => Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
      expect(value('ovms_requests_accepted{name="fail",api="V3",method="Unary",interface="REST"}')).to.be.at.least(1);
      expect(value('ovms_graph_error{name="fail",api="V3",method="Unary",interface="REST"}')).to.be.at.least(1);
      expect(value('ovms_responses{name="describe",api="V3",method="Unary",interface="REST"}')).to.be.at.least(1);
      expect(value('ovms_requests_accepted{name="describe",api="V3",method="Stream",interface="REST"}')).to.equal(0);
      expect(value('ovms_current_graphs{name="describe"}')).to.equal(0);
      expect(value('ovms_graph_processing_time_us_count{name="describe",method="Unary"}')).to.be.at.least(1);
      expect(value(`ovms_graph_processing_time_us_bucket{le="${OVMS_BUCKETS_US[1]}",name="describe",method="Unary"}`)).to.be.a('number');
      expect(value('pictograph_node_process_time_us_count{name="describe",node="ImageGenExecutor",calculator="DescribeRequestCalculator"}')).to.be.at.least(1);
    });

    it('uses OVMS\'s buckets: floor(10 * 1.8^i), 33 of them', () => {
      expect(OVMS_BUCKETS_US.slice(0, 6)).to.deep.equal([10, 18, 32, 58, 104, 188]);
      expect(OVMS_BUCKETS_US).to.have.length(33);
    });
  });

  describe('CORS', () => {
    it('puts OVMS\'s CORS headers on every response and answers OPTIONS on any path with 200', async () => {
      for (const response of [await get(t.url, '/v3/models'), await get(t.url, '/nope'), await get(t.url, '/v3/images/generations', { method: 'OPTIONS' })]) {
        expect(response.headers.get('access-control-allow-origin')).to.equal('*');
        expect(response.headers.get('access-control-allow-methods')).to.equal('*');
        expect(response.headers.get('access-control-allow-headers')).to.equal('*');
        expect(response.headers.get('access-control-allow-credentials')).to.equal(null);
      }
      expect((await get(t.url, '/anything/at/all', { method: 'OPTIONS' })).status).to.equal(200);
    });

    it('answers a listed origin with itself (DEVIATION: OVMS sends the whole list), and credentials when allowed', async () => {
      const cors = await startTestServer({
        graphs: {}, cors: { allowedOrigins: 'http://a.test,http://b.test', allowedMethods: 'GET,POST', allowedHeaders: 'Authorization', allowCredentials: true },
      });
      try {
        const listed = await get(cors.url, '/v3/models', { headers: { origin: 'http://b.test' } });
        expect(listed.headers.get('access-control-allow-origin')).to.equal('http://b.test');
        expect(listed.headers.get('vary')).to.equal('Origin');
        expect(listed.headers.get('access-control-allow-credentials')).to.equal('true');
        expect(listed.headers.get('access-control-allow-methods')).to.equal('GET,POST');
        expect((await get(cors.url, '/v3/models', { headers: { origin: 'http://c.test' } })).headers.get('access-control-allow-origin')).to.equal(null);
      } finally {
        await cors.close();
      }
    });
  });

  describe('API key', () => {
    it('guards POST /v3 and /v1 only: 401 without the exact "Bearer <key>" (DEVIATION: OVMS 500)', async () => {
      const guarded = await startTestServer({ graphs: { describe: httpTestGraph('DescribeRequestCalculator') }, apiKey: 's3cret' });
      try {
        const request = { model: 'describe', prompt: 'x' };
        const unauthorized = [401, '{"error":"Unauthorized request due to invalid or missing api-key"}'];
        expect(await post(guarded.url, '/v3/images/generations', request).then((r) => [r.status, r.body])).to.deep.equal(unauthorized);
        for (const authorization of ['Bearer wrong', 'bearer s3cret', 's3cret', 'Bearer  s3cret']) {
          expect(await post(guarded.url, '/v1/images/generations', request, { ...JSON_HEADERS, authorization }).then((r) => [r.status, r.body])).to.deep.equal(unauthorized);
        }
        expect((await post(guarded.url, '/v3/images/generations', request, { ...JSON_HEADERS, Authorization: 'Bearer s3cret' })).status).to.equal(200);
        expect((await get(guarded.url, '/v3/models')).status).to.equal(200);
        expect((await get(guarded.url, '/v2/health/ready')).status).to.equal(200);
      } finally {
        await guarded.close();
      }
    });
  });

  describe('shutdown', () => {
    it('stops accepting, lets runs in flight finish, and answers 503 on open connections', async () => {
      const closing = await startTestServer({ graphs: { hold: httpTestGraph('HoldRequestCalculator'), describe: httpTestGraph('DescribeRequestCalculator') } });
      const inFlight = post(closing.url, '/v3/images/generations', { model: 'hold', prompt: 'x' });
      await eventually(() => HoldRequestCalculator.waiting === 1, 5000, 'the request to reach the graph');
      closing.server.stopListening();
      expect(await get(closing.url, '/v2/health/live').then((r) => r.status, () => 'refused')).to.equal('refused');
      expect(await closing.server.whenIdle(50)).to.equal(false);
      HoldRequestCalculator.release();
      expect((await inFlight).body).to.equal('{"released":true}');
      expect(await closing.server.whenIdle(5000)).to.equal(true);
      await closing.close();
    });

    it('cancels what is still running when asked; those clients get 503', async () => {
      const closing = await startTestServer({ graphs: { hold: httpTestGraph('HoldRequestCalculator') } });
      const inFlight = post(closing.url, '/v3/images/generations', { model: 'hold', prompt: 'x' });
      await eventually(() => HoldRequestCalculator.waiting === 1, 5000, 'the request to reach the graph');
      closing.server.stopListening();
      closing.server.cancelInFlight();
      expect(await inFlight.then((r) => [r.status, r.body])).to.deep.equal([503, '{"error":"Server is not ready - the server is shutting down"}']);
      expect(await closing.server.whenIdle(5000)).to.equal(true);
      await closing.close();
    });
  });
});
