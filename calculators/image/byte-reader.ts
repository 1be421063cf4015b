/**
 * @module calculators/image/byte-reader
 * A bounds-checked cursor over an encoded image: every read past the end throws ImageFormatError naming the format
 * ("truncated BMP"), so a short file is a clear 400 instead of stb_image's silent zero padding.
 */
import { ImageFormatError } from './image-format.js';

export class ByteReader {
  private position: number;

  constructor(private readonly bytes: Uint8Array, private readonly format: string, start = 0) {
    this.position = start;
  }

  get offset(): number {
    return this.position;
  }

  get remaining(): number {
    return this.bytes.length - this.position;
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.position++]!;
  }

  u16le(): number {
    this.need(2);
    const value = this.bytes[this.position]! | (this.bytes[this.position + 1]! << 8);
    this.position += 2;
    return value;
  }

  u16be(): number {
    this.need(2);
    const value = (this.bytes[this.position]! << 8) | this.bytes[this.position + 1]!;
    this.position += 2;
    return value;
  }

  u32le(): number {
    return this.u16le() + this.u16le() * 0x10000;
  }

  u32be(): number {
    return this.u16be() * 0x10000 + this.u16be();
  }

  /** A view of the next `count` bytes (no copy). */
  take(count: number): Uint8Array {
    this.need(count);
    const view = this.bytes.subarray(this.position, this.position + count);
    this.position += count;
    return view;
  }

  skip(count: number): void {
    this.need(count);
    this.position += count;
  }

  seek(offset: number): void {
    if (offset < 0 || offset > this.bytes.length) throw this.truncated();
    this.position = offset;
  }

  private need(count: number): void {
    if (count < 0 || this.position + count > this.bytes.length) throw this.truncated();
  }

  private truncated(): ImageFormatError {
    return new ImageFormatError(`truncated ${this.format}`);
  }
}
