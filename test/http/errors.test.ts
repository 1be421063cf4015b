import { expect } from 'chai';
import { GraphError, STATUS_CODES } from '../../engine/status.js';
import {
  HttpError, IMAGE_GEN_NODE, OVMS_STATUS_TEXT, errorBody, graphErrorMessage, graphErrorResponse, httpErrorResponse,
} from '../../http/errors.js';
import { OVMS_STATUS_HTTP, httpStatusOfGraphCode, type OvmsStatus } from '../../http/status-to-http.js';

describe('status → HTTP', () => {
  /** OVMS's src/http_server.cpp map for the statuses the front end raises; deviations marked. */
  const ROWS: readonly (readonly [OvmsStatus, number, string])[] = [
    ['JSON_INVALID', 412, 'OVMS'],
    ['FAILED_TO_PARSE_MULTIPART_CONTENT_TYPE', 500, 'OVMS (unmapped)'],
    ['FAILED_TO_DEDUCE_MODEL_NAME_FROM_URI', 500, 'OVMS (unmapped)'],
    ['MEDIAPIPE_DEFINITION_NAME_MISSING', 404, 'OVMS'],
    ['MEDIAPIPE_DEFINITION_NOT_LOADED_YET', 503, 'DEVIATION: OVMS 500 (unmapped)'],
    ['MEDIAPIPE_DEFINITION_NOT_LOADED_ANYMORE', 404, 'OVMS'],
    ['MEDIAPIPE_EXECUTION_ERROR', 400, 'OVMS'],
    ['MEDIAPIPE_PRECONDITION_FAILED', 412, 'OVMS'],
    ['MEDIAPIPE_GRAPH_ADD_PACKET_INPUT_STREAM', 412, 'OVMS'],
    ['REST_INVALID_URL', 400, 'OVMS'],
    ['REST_UNSUPPORTED_METHOD', 406, 'OVMS'],
    ['PATH_INVALID', 400, 'OVMS'],
    ['SERVER_NOT_READY', 503, 'OVMS'],
    ['MODEL_NOT_LOADED', 404, 'DEVIATION: OVMS 500'],
    ['MODEL_NAME_MISSING', 404, 'OVMS'],
    ['MODEL_VERSION_NOT_LOADED_YET', 404, 'OVMS'],
    ['UNAUTHORIZED', 401, 'DEVIATION: OVMS 500'],
    ['INTERNAL_ERROR', 500, 'OVMS'],
    ['REQUEST_BODY_TOO_LARGE', 413, 'ours'],
  ];
  it('has one row per status, each as expected', () => {
    expect(Object.keys(OVMS_STATUS_HTTP).sort()).to.deep.equal(ROWS.map(([status]) => status).sort());
    for (const [status, http, why] of ROWS) expect(OVMS_STATUS_HTTP[status], `${status} (${why})`).to.equal(http);
  });

  it('graph errors: FAILED_PRECONDITION is 412, UNAVAILABLE 503 and UNIMPLEMENTED 501 (DEVIATIONS), every other code 400 like OVMS', () => {
    for (const code of STATUS_CODES) {
      const expected = code === 'FAILED_PRECONDITION' ? 412 : code === 'UNAVAILABLE' ? 503 : code === 'UNIMPLEMENTED' ? 501 : 400;
      expect(httpStatusOfGraphCode(code), code).to.equal(expected);
    }
  });
});

describe('error bodies', () => {
  it('HTTP errors read like OVMS Status strings', () => {
    expect(HttpError.of('JSON_INVALID', 'Cannot parse JSON body').message).to.equal('The file is not valid json - Cannot parse JSON body');
    expect(HttpError.of('MEDIAPIPE_DEFINITION_NAME_MISSING').message).to.equal('Mediapipe graph definition with requested name is not found');
    expect(httpErrorResponse(HttpError.of('SERVER_NOT_READY'))).to.deep.equal({ status: 503, body: '{"error":"Server is not ready"}' });
    expect(Object.keys(OVMS_STATUS_TEXT).sort()).to.deep.equal(Object.keys(OVMS_STATUS_HTTP).sort());
  });

  it('escapes like rapidjson: quotes, backslashes, control characters in upper-case hex; stops at NUL; keeps / and UTF-8', () => {
    expect(errorBody('Unhandled parameter: a"b\\c/d')).to.equal('{"error":"Unhandled parameter: a\\"b\\\\c/d"}');
    expect(errorBody('x\b\t\n\f\r\u0001\u001f\u007fé')).to.equal('{"error":"x\\b\\t\\n\\f\\r\\u0001\\u001F\u007fé"}');
    expect(errorBody('before\0after')).to.equal('{"error":"before"}');
    expect(JSON.parse(errorBody('a "quoted" \\ path\n'))).to.deep.equal({ error: 'a "quoted" \\ path\n' });
  });

  it('wraps calculator errors the way OVMS does (the shape OVMS\'s llmnode_test asserts)', () => {
    expect(errorBody(graphErrorMessage('INVALID_ARGUMENT', 'llmNode1', 'stop is not a string or array of strings'))).to.equal(
      '{"error":"Mediapipe execution failed. MP status - INVALID_ARGUMENT: CalculatorGraph::Run() failed: \\nCalculator::Process() for node \\"llmNode1\\" failed: stop is not a string or array of strings"}');
  });

  it('graph error responses: status from the code, node from the error or ImageGenExecutor', () => {
    const missing = new GraphError('FAILED_PRECONDITION', 'Text-to-image pipeline is not available for this model');
    expect(graphErrorResponse(missing)).to.deep.equal({
      status: 412,
      body: '{"error":"Mediapipe graph precondition failed - FAILED_PRECONDITION: CalculatorGraph::Run() failed: \\nCalculator::Process() for node \\"ImageGenExecutor\\" failed: Text-to-image pipeline is not available for this model"}',
    });
    const genai = new GraphError('INTERNAL', 'Error during images generation', { node: 'MyNode' });
    expect(graphErrorResponse(genai).status).to.equal(400);
    expect(graphErrorResponse(genai).body).to.contain('INTERNAL: CalculatorGraph::Run() failed: \\nCalculator::Process() for node \\"MyNode\\" failed: Error during images generation');
    expect(IMAGE_GEN_NODE).to.equal('ImageGenExecutor');
  });
});
