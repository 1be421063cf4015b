/**
 * @module calculators/request/multipart-form
 * A parsed multipart/form-data body with the accessors OVMS's calculator uses (drogon's MultiPartParser): the first
 * text part or file part of a name wins, an absent text field reads as "", and field names come back sorted.
 */

export interface MultipartTextField {
  readonly name: string;
  readonly value: string;
}

export interface MultipartFile {
  readonly name: string;
  /** The `filename` of the part's Content-Disposition. */
  readonly fileName: string;
  /** The part's Content-Type (application/octet-stream when the part named none). */
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

export class MultipartForm {
  constructor(
    /** Text parts (no `filename`), in body order. */
    readonly textFields: readonly MultipartTextField[],
    /** File parts, in body order. */
    readonly files: readonly MultipartFile[],
  ) {}

  /** getFieldByName: the first text part's value; "" when there is none (OVMS treats "" as absent). */
  text(name: string): string {
    return this.textFields.find((field) => field.name === name)?.value ?? '';
  }

  /** getFileContentByFieldName: the first file part of that name. */
  file(name: string): MultipartFile | undefined {
    return this.files.find((file) => file.name === name);
  }

  /** getFilesArrayByFieldName: every file part of that name, in body order. */
  filesNamed(name: string): readonly MultipartFile[] {
    return this.files.filter((file) => file.name === name);
  }

  /** getAllFieldNames: the names of all text and file parts, each once, in std::set (byte-wise) order. */
  fieldNames(): readonly string[] {
    const names = new Set([...this.files.map((file) => file.name), ...this.textFields.map((field) => field.name)]);
    return [...names].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
  }
}
