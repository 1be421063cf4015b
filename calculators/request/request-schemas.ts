/**
 * @module calculators/request/request-schemas
 * The ajv side of request validation: the keywords that give schemas OVMS's field readers (`rapidjson`,
 * `multipart`), the compiled generations and edits schemas, and the one formatter that turns ajv errors into
 * field-level failures for the ordered OVMS checks to word.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { IMAGE_EDITS_REQUEST_SCHEMA } from '../../schemas/http/image-edits-request.js';
import { IMAGE_GENERATIONS_REQUEST_SCHEMA } from '../../schemas/http/image-generations-request.js';
import { jsonAnyNumber, jsonFloat, jsonInt32, jsonInt64, jsonUint64, stof, stoi32, stoi64, stou64 } from './field-readers.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json-value.js';
import type { MultipartFile, MultipartForm } from './multipart-form.js';

/** rapidjson predicates a `rapidjson` keyword can name. */
const RAPIDJSON_PREDICATES: Readonly<Record<string, (value: JsonValue) => boolean>> = {
  Int: (value) => jsonInt32(value) !== undefined,
  Int64: (value) => jsonInt64(value) !== undefined,
  Uint64: (value) => jsonUint64(value) !== undefined,
  Float: (value) => jsonFloat(value) !== undefined,
  Number: (value) => jsonAnyNumber(value) !== undefined,
  Object: (value) => isJsonObject(value),
};

/** One multipart part name as the edits schema sees it: OVMS's getFieldByName and getFileContentByFieldName views. */
export interface MultipartFieldView {
  /** The first text part's value; "" when there is none (OVMS cannot tell the two apart). */
  readonly text: string;
  readonly file?: MultipartFile;
}

const hasContent = (file: MultipartFile | undefined): boolean => file !== undefined && file.bytes.length > 0;

/** Checks a `multipart` keyword can name; an empty text always reads as "absent" and passes the number checks. */
const MULTIPART_CHECKS: Readonly<Record<string, (field: MultipartFieldView) => boolean>> = {
  'required-text': (field) => field.text !== '',
  'required-file': (field) => hasContent(field.file),
  file: () => true,
  'empty-text': (field) => field.text === '',
  stoi32: (field) => field.text === '' || stoi32(field.text) !== undefined,
  stoi64: (field) => field.text === '' || stoi64(field.text) !== undefined,
  stou64: (field) => field.text === '' || stou64(field.text) !== undefined,
  stof: (field) => field.text === '' || stof(field.text) !== undefined,
};

/**
 * What a schema says is wrong with one top-level field. `missing`: required but absent; `invalid`: the wrong type or
 * unparsable (for lora_alphas, `member` names the bad value's key); `rejected`: a field OVMS refuses by name;
 * `unknown`: not in the whitelist.
 */
export interface SchemaFailure {
  readonly field: string;
  readonly kind: 'missing' | 'invalid' | 'rejected' | 'unknown';
  readonly member?: string;
}

export interface RequestSchemas {
  generations(body: JsonObject): readonly SchemaFailure[];
  edits(form: MultipartForm): readonly SchemaFailure[];
}

/** Compiles both request schemas once (per decoder); validation does no I/O. */
export function compileRequestSchemas(): RequestSchemas {
  // verbose: errors carry the failing schema value, which tells a rejected field from a malformed one.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false });
  ajv.addKeyword({
    keyword: 'rapidjson',
    schemaType: 'string',
    errors: false,
    validate: (predicate: string, value: JsonValue) => predicateNamed(RAPIDJSON_PREDICATES, predicate)(value),
  });
  ajv.addKeyword({
    keyword: 'multipart',
    schemaType: 'string',
    errors: false,
    validate: (check: string, field: MultipartFieldView) => predicateNamed(MULTIPART_CHECKS, check)(field),
  });
  const generations = ajv.compile(IMAGE_GENERATIONS_REQUEST_SCHEMA);
  const edits = ajv.compile(IMAGE_EDITS_REQUEST_SCHEMA);
  return {
    generations: (body) => failuresOf(generations, body),
    edits: (form) => failuresOf(edits, multipartView(form)),
  };
}

function predicateNamed<T>(table: Readonly<Record<string, (value: T) => boolean>>, name: string): (value: T) => boolean {
  const predicate = table[name];
  if (predicate === undefined) throw new Error(`unknown schema check '${name}'`);
  return predicate;
}

/** Every part name (text or file, even with an empty value) mapped to its OVMS views. */
export function multipartView(form: MultipartForm): Readonly<Record<string, MultipartFieldView>> {
  return Object.fromEntries(form.fieldNames().map((name) => [name, { text: form.text(name), file: form.file(name) }]));
}

function failuresOf(validate: ValidateFunction, data: unknown): readonly SchemaFailure[] {
  if (validate(data)) return [];
  const failures = (validate.errors ?? []).flatMap(toFailure);
  // A field that is wrong as a whole (lora_alphas not an object) says nothing about its members.
  const wholeFieldInvalid = new Set(failures.filter((f) => f.kind === 'invalid' && f.member === undefined).map((f) => f.field));
  return failures.filter((f) => f.member === undefined || !wholeFieldInvalid.has(f.field));
}

/** The one formatter: an ajv error → the field it is about and what kind of failure it is. */
function toFailure(error: ErrorObject): SchemaFailure[] {
  const path = error.instancePath.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  const [field, member] = path;
  switch (error.keyword) {
    case 'required':
      return [{ field: String(error.params['missingProperty']), kind: 'missing' }];
    case 'propertyNames':
      return [{ field: String(error.params['propertyName']), kind: 'unknown' }];
    case 'false schema':
      return field === undefined ? [] : [{ field, kind: 'rejected' }];
    case 'enum':
      // The inner error of a propertyNames failure, already reported by it.
      return error.propertyName === undefined && field !== undefined ? [{ field, kind: 'invalid' }] : [];
    case 'multipart':
      return field === undefined ? [] : [{ field, kind: error.schema === 'empty-text' ? 'rejected' : 'invalid' }];
    default:
      if (field === undefined) return [];
      return [member === undefined ? { field, kind: 'invalid' } : { field, kind: 'invalid', member }];
  }
}
