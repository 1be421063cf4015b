/**
 * The server command line: OVMS's ovmsconfig_test rows for image generation (§5.2), Config::validate's messages,
 * the serving modes, and the --source_loras grammar rows of lora_graph_export_test.
 */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../../bin/command.js';
import { parseServeFlags, type ServeConfig, type ServeInvocation } from '../../../bin/serve/flags.js';
import type { ImageGenerationTaskOptions } from '../../../bin/serve/image-generation-task.js';
import { usageErrorOf } from '../../support/usage-errors.js';

describe('pictograph serve flags', () => {
  let root: string;
  /** <root>/models/some/model: an image-generation model folder (model_index.json, no graph). */
  let repository: string;
  let modelDir: string;
  /** <root>/graph-model: a folder with a hand-written graph.pbtxt. */
  let graphDir: string;
  let loraFile: string;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'pictograph-serve-'));
    repository = join(root, 'models');
    modelDir = join(repository, 'some', 'model');
    mkdirSync(modelDir, { recursive: true });
    writeFileSync(join(modelDir, 'model_index.json'), '{"_class_name":"StableDiffusionPipeline"}');
    graphDir = join(root, 'graph-model');
    mkdirSync(graphDir);
    writeFileSync(join(graphDir, 'graph.pbtxt'), 'input_stream: "HTTP_REQUEST_PAYLOAD:input"\n');
    loraFile = join(root, 'pokemon.safetensors');
    writeFileSync(loraFile, '');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const run = (argv: readonly string[], env: NodeJS.ProcessEnv = {}): ServeInvocation => parseServeFlags(argv, { env, cwd: root });

  function config(argv: readonly string[], env: NodeJS.ProcessEnv = {}): ServeConfig {
    const invocation = run(argv, env);
    if (invocation.kind !== 'serve') throw new Error(`expected serve, got ${invocation.kind}`);
    return invocation.config;
  }

  const error = (argv: readonly string[], env: NodeJS.ProcessEnv = {}): [number, string] => usageErrorOf(() => run(argv, env));

  const SOURCE = ['--source_model', 'some/model', '--model_repository_path', 'models', '--task', 'image_generation'];
  const task = (argv: readonly string[]): ImageGenerationTaskOptions => {
    const graph = config(['--rest_port', '8000', ...SOURCE, ...argv]).servables[0]?.graph;
    if (graph?.kind !== 'image-generation-task') throw new Error('expected a generated graph');
    return graph.task;
  };

  describe('ovmsconfig_test rows (image generation)', () => {
    it('notSupportedImageGenerationGraphParameter / hfBadImageGenerationGraphNoPull', () => {
      expect(error([...SOURCE, '--unsupported_param', 'true'])).to.deep.equal(
        [64, 'task: image_generation - error parsing options - unmatched arguments : --unsupported_param, true, ']);
    });

    const ZERO_OR_FORMAT_ROWS: readonly (readonly [readonly string[], string])[] = [
      [['--num_streams', '0'], 'num_streams must be greater than 0'],
      [['--max_resolution', 'hello'], 'Invalid max_resolution format. Expected WxH, e.g., 1024x1024'],
      [['--default_resolution', 'hello'], 'Invalid default_resolution format. Expected WxH, e.g., 1024x1024'],
      [['--max_num_images_per_prompt', '0'], 'max_num_images_per_prompt must be greater than 0'],
      [['--default_num_inference_steps', '0'], 'default_num_inference_steps must be greater than 0'],
      [['--max_num_inference_steps', '0'], 'max_num_inference_steps must be greater than 0'],
      [['--source_loras', '=org/repo'], "Invalid --source_loras entry: '=org/repo'. Alias and source must not be empty."],
      [['--source_loras', 'alias='], "Invalid --source_loras entry: 'alias='. Alias and source must not be empty."],
      [['--source_loras', 'pokemon=org/repo@'], "Empty filename after @ in --source_loras entry: 'pokemon=org/repo@'"],
    ];
    for (const [argv, message] of ZERO_OR_FORMAT_ROWS) {
      it(`${argv.join(' ')} → ${message}`, () => {
        expect(error([...SOURCE, ...argv])).to.deep.equal([64, message]);
      });
    }

    it('positiveAllChangedImageGeneration (resolution kept verbatim)', () => {
      const all = config(['--rest_port', '8000', ...SOURCE, '--cache_dir', '/cache', '--target_device', 'GPU GPU NPU',
        '--num_streams', '14', '--num_images_per_prompt', '6', '--guidance_scale', '8.2', '--resolution', ' 3000x4000 200x700 100x200',
        '--max_resolution', '3000x4000', '--default_resolution', '300x400', '--max_num_images_per_prompt', '7',
        '--default_num_inference_steps', '2', '--max_num_inference_steps', '3', '--plugin_config', '{"SOME_KEY":"SOME_VALUE"}']);
      expect(all.servables).to.have.length(1);
      expect(all.servables[0]?.name).to.equal('some/model');
      expect(all.cacheDir).to.equal('/cache');
      const graph = all.servables[0]?.graph;
      expect(graph?.kind).to.equal('image-generation-task');
      if (graph?.kind !== 'image-generation-task') return;
      expect(graph.task).to.deep.equal({
        modelsPath: modelDir, targetDevice: 'GPU GPU NPU',
        pluginConfig: { manual: '{"SOME_KEY":"SOME_VALUE"}', numStreams: 14, cacheDir: '/cache' },
        resolution: ' 3000x4000 200x700 100x200', numImagesPerPrompt: 6, guidanceScale: Math.fround(8.2),
        maxResolution: '3000x4000', defaultResolution: '300x400', maxNumImagesPerPrompt: 7, defaultNumInferenceSteps: 2,
        maxNumInferenceSteps: 3, loraAdapters: [], compositeLoraAdapters: [],
      });
    });

    it('positiveImageGenerationWithSourceLoras (--flag=value form)', () => {
      const { loraAdapters } = task(['--source_loras=pokemon=juliensimon/sd-pokemon-lora@weights.safetensors,anime=org/anime-lora']);
      expect(loraAdapters).to.deep.equal([
        { alias: 'pokemon', alpha: undefined, sourceType: 'HF_REPO', source: 'juliensimon/sd-pokemon-lora', safetensorsFile: 'weights.safetensors' },
        { alias: 'anime', alpha: undefined, sourceType: 'HF_REPO', source: 'org/anime-lora', safetensorsFile: undefined },
      ]);
    });

    it('positiveDefaultImageGeneration: nothing set, plugin config empty', () => {
      expect(task([])).to.deep.equal({
        modelsPath: modelDir, targetDevice: undefined, pluginConfig: { manual: undefined, numStreams: undefined, cacheDir: undefined },
        resolution: undefined, numImagesPerPrompt: undefined, guidanceScale: undefined, maxResolution: undefined,
        defaultResolution: undefined, maxNumImagesPerPrompt: undefined, defaultNumInferenceSteps: undefined,
        maxNumInferenceSteps: undefined, loraAdapters: [], compositeLoraAdapters: [],
      });
    });

    it('flag value errors read like cxxopts', () => {
      expect(error(['--rest_port', 'abc'])).to.deep.equal([64, 'error parsing options: Argument ‘abc’ failed to parse']);
      expect(error(['--rest_port', '-1'])).to.deep.equal([64, 'error parsing options: Argument ‘-1’ failed to parse']);
      expect(error([...SOURCE, '--guidance_scale', 'high'])).to.deep.equal([64, 'error parsing options: Argument ‘high’ failed to parse']);
      expect(error(['--model_name'])).to.deep.equal([64, 'error parsing options: Option ‘model_name’ is missing an argument']);
    });
  });

  describe('--source_loras grammar (lora_graph_export_test CLI cases)', () => {
    const loraError = (loras: string, device = ''): string => {
      const [, message] = error([...SOURCE, '--source_loras', loras, ...(device === '' ? [] : ['--target_device', device])]);
      return message;
    };

    it('requires an alias, a valid one, and a source', () => {
      for (const entry of ['juliensimon/sd-pokemon-lora', 'org1/repo1@special.safetensors', '/tmp/x.safetensors']) {
        expect(loraError(entry)).to.equal(`Missing alias in --source_loras entry: '${entry}'. Expected format: alias=source`);
      }
      for (const alias of ['my lora', 'my/lora', 'my@lora']) {
        expect(loraError(`${alias}=org/repo`)).to.equal(
          `Invalid LoRA alias '${alias}' in --source_loras entry: '${alias}=org/repo'. Alias must contain only alphanumeric characters, hyphens, underscores, or dots.`);
      }
      expect(task(['--source_loras', 'my-lora_v1.0=org/repo']).loraAdapters[0]?.alias).to.equal('my-lora_v1.0');
    });

    it('types sources: URL, local file, HF repo', () => {
      const { loraAdapters } = task(['--source_loras', `u=https://host/dir/x.safetensors:0.5,l=${loraFile}:1.0,h=org/repo@f.safetensors:0.75`]);
      expect(loraAdapters).to.deep.equal([
        { alias: 'u', alpha: 0.5, sourceType: 'DIRECT_URL', source: 'https://host/dir/x.safetensors', safetensorsFile: 'x.safetensors' },
        { alias: 'l', alpha: 1, sourceType: 'LOCAL_FILE', source: loraFile, safetensorsFile: 'pokemon.safetensors' },
        { alias: 'h', alpha: 0.75, sourceType: 'HF_REPO', source: 'org/repo', safetensorsFile: 'f.safetensors' },
      ]);
    });

    it('refuses bad URLs and local files', () => {
      expect(loraError('u=https://host/x.bin')).to.equal("URL must point to a .safetensors file in --source_loras entry: 'u=https://host/x.bin'");
      expect(loraError('u=https://host/')).to.equal("Cannot extract filename from URL in --source_loras entry: 'u=https://host/'");
      expect(loraError('l=./x.bin')).to.equal("Local path must point to a .safetensors file in --source_loras entry: 'l=./x.bin'");
      expect(loraError('l=/nonexistent/x.safetensors')).to.equal(
        "Local LoRA file does not exist: '/nonexistent/x.safetensors' in --source_loras entry: 'l=/nonexistent/x.safetensors'");
      // A Windows drive is a local path and its colon no alpha: only the last colon (":0.6") is.
      expect(loraError('w=C:\\loras\\x.safetensors:0.6')).to.equal(
        "Local LoRA file does not exist: 'C:\\loras\\x.safetensors' in --source_loras entry: 'w=C:\\loras\\x.safetensors:0.6'");
    });

    it('parses adapter alphas strictly', () => {
      for (const alpha of ['abc', '0.5abc', '2.5.32']) {
        expect(loraError(`p=org/repo:${alpha}`)).to.equal(`Invalid alpha value '${alpha}' in --source_loras entry: 'p=org/repo:${alpha}'`);
      }
      expect(loraError('p=org/repo@some.safetensors:wikingowie')).to.equal(
        "Invalid alpha value 'wikingowie' in --source_loras entry: 'p=org/repo@some.safetensors:wikingowie'");
    });

    it('composites: references to known adapters, lenient alphas', () => {
      const { compositeLoraAdapters } = task(['--source_loras', 'a=org/a,b=org/b,combo=@a:0.7+@b,loose=@a:0.5abc']);
      expect(compositeLoraAdapters).to.deep.equal([
        { alias: 'combo', components: [{ adapterAlias: 'a', alpha: Math.fround(0.7) }, { adapterAlias: 'b', alpha: undefined }] },
        { alias: 'loose', components: [{ adapterAlias: 'a', alpha: 0.5 }] },
      ]);
      expect(loraError('a=org/a,combo=@a+@zzz')).to.equal("Composite LoRA references unknown adapter 'zzz' in entry: 'combo=@a+@zzz'");
      expect(loraError('a=org/a,combo=@a+a')).to.equal("Invalid composite LoRA component 'a' in entry: 'combo=@a+a'. Each component must start with @");
    });

    it('NPU: several adapters need a composite', () => {
      expect(loraError('a=org/a,b=org/b', 'NPU')).to.match(/^NPU device with multiple LoRA adapters requires composite definitions/);
      expect(task(['--target_device', 'NPU', '--source_loras', 'a=org/a,b=org/b,c=@a+@b']).compositeLoraAdapters).to.have.length(1);
    });
  });

  describe('Config::validate messages', () => {
    const MODEL = ['--model_name', 'sd', '--model_path', 'graph-model'];
    const ROWS: readonly (readonly [readonly string[], string])[] = [
      [['--rest_port', '8000', '--source_model', 'x/y', '--task', 'image_generation'], 'model_repository_path parameter is required for pull mode'],
      [['--rest_port', '8000', '--config_path', 'c.json', ...MODEL], 'Use either config_path or model_path with model_name'],
      [['--rest_port', '8000', '--model_path', 'graph-model'], 'Use config_path or model_path with model_name'],
      [['--rest_port', '8000', '--model_name', 'sd'], 'Use config_path or model_path with model_name'],
      [['--rest_port', '8000', '--config_path', 'c.json', '--target_device', 'GPU'], 'Model parameters in CLI are exclusive with the config file'],
      [['--metrics_enable', '--port', '9000', ...MODEL], 'rest_port setting is missing, metrics are enabled on rest port'],
      [['--rest_port', '8000', '--metrics_list', 'ovms_responses', ...MODEL], 'metrics_enable setting is missing, required when metrics_list is provided'],
      [MODEL, 'port and rest_port cannot both be unset'],
      [['--rest_port', '8000', '--rest_workers', '10001', ...MODEL], 'rest_workers count should be from 2 to 10000'],
      [['--port', '9000', '--rest_workers', '4', ...MODEL], 'rest_workers is set but rest_port is not set. rest_port is required to start rest servers'],
      [['--rest_port', '65536', ...MODEL], 'rest_port number out of range from 0 to 65535'],
      [['--rest_port', '8000', '--port', '70000', ...MODEL], 'port number out of range from 0 to 65535'],
      [['--rest_port', '8000', '--rest_bind_address', 'bad_host!', ...MODEL], 'rest_bind_address has invalid format: proper hostname or IP address expected.'],
      [['--rest_port', '8000', '--rest_bind_address', '256.0.0.1', ...MODEL], 'rest_bind_address has invalid format: proper hostname or IP address expected.'],
      [['--rest_port', '8000', '--port', '8000', ...MODEL], 'port and rest_port cannot have the same values'],
      [['--rest_port', '8000', '--log_level', 'VERBOSE', ...MODEL], 'log_level should be one of: TRACE, DEBUG, INFO, WARNING, ERROR'],
      [['--port', '9000', ...MODEL], 'rest_port must be set: Pictograph serves the REST API only (--port, gRPC, is accepted but unused)'],
      [['--rest_port', '8000', '--nonexistent', ...MODEL], 'error parsing options - unmatched arguments: --nonexistent, '],
    ];
    for (const [argv, message] of ROWS) {
      it(`${argv.join(' ')} → ${message}`, () => {
        expect(error(argv)).to.deep.equal([64, message]);
      });
    }

    it('accepts hostnames, IPv4, IPv6 and comma-separated lists as bind addresses', () => {
      for (const address of ['localhost', '127.0.0.1', '::1', 'fe80::1', 'my-host.example.com', '127.0.0.1,::1']) {
        expect(config(['--rest_port', '8000', '--rest_bind_address', address, ...MODEL]).restBindAddress).to.equal(address);
      }
    });

    it('refuses OVMS features Pictograph does not have, saying why', () => {
      expect(error(['--pull', '--source_model', 'x/y'])[1]).to.match(/^--pull is not supported by Pictograph: Pictograph never downloads/);
      expect(error(['--list_models'])[1]).to.match(/^--list_models is not supported/);
    });
  });

  describe('serving modes', () => {
    it('a model folder with a graph.pbtxt is served as is', () => {
      const served = config(['--rest_port', '8000', '--model_name', 'sd', '--model_path', 'graph-model']);
      expect(served.servables).to.deep.equal([{ name: 'sd', basePath: graphDir, graph: { kind: 'file', path: join(graphDir, 'graph.pbtxt') } }]);
      expect(served).to.deep.include({
        restPort: 8000, restBindAddress: '0.0.0.0', maxBodyBytes: 1073741824, logLevel: 'INFO', metrics: { enabled: false, list: [] }, apiKey: undefined,
        cors: { allowedOrigins: '*', allowedMethods: '*', allowedHeaders: '*', allowCredentials: false },
        openVino: { binding: 'auto' },
      });
    });

    it('graphs refuse single-model settings, as OVMS does', () => {
      expect(error(['--rest_port', '8000', '--model_name', 'sd', '--model_path', 'graph-model', '--target_device', 'GPU', '--nireq', '2'])).to.deep.equal(
        [64, 'Starting mediapipe graph with unsupported model settings: nireq, target_device, The settings should be set in subconfig.json file.']);
    });

    it('a model folder without a graph but with model_index.json gets a generated graph (task inferred)', () => {
      const served = config(['--rest_port', '8000', '--model_name', 'sd', '--model_path', 'models/some/model', '--resolution', '512x512']);
      expect(served.servables[0]?.graph.kind).to.equal('image-generation-task');
    });

    it('task flags next to a graph.pbtxt generate the graph instead (when the task can be inferred)', () => {
      const both = join(root, 'both');
      mkdirSync(both);
      writeFileSync(join(both, 'graph.pbtxt'), '');
      writeFileSync(join(both, 'config.json'), '{"architectures":["UNet2DConditionModel"]}');
      expect(config(['--rest_port', '8000', '--model_name', 'sd', '--model_path', 'both']).servables[0]?.graph.kind).to.equal('file');
      expect(config(['--rest_port', '8000', '--model_name', 'sd', '--model_path', 'both', '--num_streams', '2']).servables[0]?.graph.kind)
        .to.equal('image-generation-task');
    });

    it('names a missing model directory, and a folder it cannot serve', () => {
      expect(error(['--rest_port', '8000', '--model_name', 'sd', '--model_path', 'nowhere'])).to.deep.equal(
        [64, `the model directory ${join(root, 'nowhere')} does not exist`]);
      expect(error(['--rest_port', '8000', '--source_model', 'no/such', '--model_repository_path', 'models', '--task', 'image_generation']))
        .to.deep.equal([64, `the model directory ${join(repository, 'no/such')} does not exist`]);
      const empty = join(root, 'empty');
      mkdirSync(empty);
      expect(error(['--rest_port', '8000', '--model_name', 'sd', '--model_path', 'empty'])[1]).to.match(/^no graph.pbtxt in .*empty/);
    });

    it('--source_model serves <repository>/<source_model>, named by --model_name or else the source', () => {
      expect(config(['--rest_port', '8000', ...SOURCE]).servables[0]).to.deep.include({ name: 'some/model', basePath: modelDir });
      expect(config(['--rest_port', '8000', ...SOURCE, '--model_name', 'sd']).servables[0]?.name).to.equal('sd');
      const fromEnv = config(['--rest_port', '8000', '--source_model', 'some/model', '--task', 'image_generation'], { OVMS_MODEL_REPOSITORY_PATH: repository });
      expect(fromEnv.servables[0]?.basePath).to.equal(modelDir);
    });

    it('infers the task or says it cannot', () => {
      expect(config(['--rest_port', '8000', '--source_model', 'some/model', '--model_repository_path', 'models']).servables[0]?.graph.kind)
        .to.equal('image-generation-task');
      expect(error(['--rest_port', '8000', '--model_name', 'sd', '--model_path', 'graph-model', '--task', 'text_generation'])[1])
        .to.equal('error parsing options - --task text_generation is not supported by Pictograph, which serves image_generation only');
      expect(error(['--rest_port', '8000', '--model_name', 'sd', '--model_path', 'graph-model', '--task', 'painting'])[1])
        .to.equal('error parsing options - --task parameter unsupported value: painting');
      const unknown = join(root, 'unknown-model');
      mkdirSync(unknown);
      writeFileSync(join(unknown, 'config.json'), '{"architectures":["LlamaForCausalLM"]}');
      expect(error(['--rest_port', '8000', '--model_name', 'x', '--model_path', 'unknown-model'])[1])
        .to.equal('error parsing options - Could not infer model task - specify --task value explicitly');
    });

    it('--dump_graph writes the generated graph instead of serving: no port or name needed', () => {
      const dump = run([...SOURCE, '--dump_graph', 'out.pbtxt', '--max_num_inference_steps', '7']);
      if (dump.kind !== 'dump-graph') throw new Error(`expected dump-graph, got ${dump.kind}`);
      expect(dump.path).to.equal(join(root, 'out.pbtxt'));
      expect(dump.task).to.deep.include({ modelsPath: modelDir, maxNumInferenceSteps: 7 });
      expect(run(['--task', 'image_generation', '--model_path', 'models/some/model', '--dump_graph', 'g.pbtxt']).kind).to.equal('dump-graph');
      expect(error(['--rest_port', '8000', '--model_name', 'sd', '--model_path', 'graph-model', '--dump_graph', 'out.pbtxt'])[1])
        .to.match(/^--dump_graph writes a generated graph/);
    });
  });

  describe('server settings', () => {
    const MODEL = ['--rest_port', '8000', '--model_name', 'sd', '--model_path', 'graph-model'];

    it('API key: the first line of --api_key_file, trailing whitespace trimmed; else $API_KEY', () => {
      writeFileSync(join(root, 'key.txt'), 'secret-key \r\nsecond line\n');
      expect(config([...MODEL, '--api_key_file', 'key.txt'], { API_KEY: 'from-env' }).apiKey).to.equal('secret-key');
      expect(config(MODEL, { API_KEY: 'from-env' }).apiKey).to.equal('from-env');
      expect(error([...MODEL, '--api_key_file', 'missing.txt'])).to.deep.equal([64, 'Error reading API key file: Unable to open file missing.txt']);
    });

    it('CORS, metrics, logging, cache and binding settings', () => {
      const served = config([...MODEL, '--allowed_origins', 'http://a.example', '--allowed_methods', 'POST', '--allowed_headers', 'x-api',
        '--allow_credentials', '--metrics_enable', '--metrics_list', 'ovms_requests_accepted,ovms_responses', '--log_level', 'DEBUG',
        '--log_path', '/tmp/p.log', '--cache_dir', '/cache', '--ov_binding', 'c', '--rest_workers', '4', '--port', '9000',
        '--max_body_bytes', '1048576'],
      { OPENVINO_LIB_DIR: '/opt/ov' });
      expect(served).to.deep.include({
        cors: { allowedOrigins: 'http://a.example', allowedMethods: 'POST', allowedHeaders: 'x-api', allowCredentials: true },
        metrics: { enabled: true, list: ['ovms_requests_accepted', 'ovms_responses'] },
        logLevel: 'DEBUG', logPath: '/tmp/p.log', cacheDir: '/cache', openVino: { binding: 'c', libDir: '/opt/ov' }, restWorkers: 4,
        maxBodyBytes: 1048576,
      });
      expect(() => config([...MODEL, '--ov_binding', 'python'])).to.throw(UsageError, /--ov_binding must be one of/);
    });

    it('--help and --version', () => {
      const help = run(['--help']);
      expect(help.kind).to.equal('help');
      if (help.kind === 'help') expect(help.text).to.contain('--rest_port REST_PORT').and.contain('--max_num_inference_steps');
      expect(run([]).kind).to.equal('help');
      expect(run(['--version']).kind).to.equal('version');
      expect(error(['--help', '--bogus'])[1]).to.equal('error parsing options - unmatched arguments: --bogus, ');
    });
  });
});
