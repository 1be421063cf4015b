/**
 * @module calculators/openvino/c-api/ports
 * Reads the inputs or outputs of a model or compiled model (name, element type, partial shape) from const ports,
 * freeing each port and string it gets. Dimensions come from the raw {min, max} pairs (reference §4.2: a static 0
 * counts as "dynamic" for ov_dimension_is_dynamic, so that helper is not used).
 */
import koffi from 'koffi';
import type { DimensionInterval, PortInfo } from '../api.js';
import type { CContext } from './context.js';
import { check, produced, takeString } from './status.js';
import type { DimensionStruct, Out, PartialShapeStruct, Pointer, Status } from './symbols.js';

/** Where the ports come from: a count and a getter by index (model or compiled model). */
export interface PortSource {
  readonly owner: Pointer;
  readonly size: (owner: Pointer, size: Out<number>) => Status;
  readonly sizeCall: string;
  readonly port: (owner: Pointer, index: number, port: Out<Pointer | null>) => Status;
  readonly portCall: string;
}

function portName(ctx: CContext, port: Pointer): string {
  const out: [Pointer | null] = [null];
  // Unnamed tensors make ov_port_get_any_name fail; such a port simply has no name.
  return ctx.c.ov_port_get_any_name(port, out) === 0 ? takeString(ctx.c, out[0]) : '';
}

function toInterval(dim: DimensionStruct): DimensionInterval {
  return { min: Number(dim.min), max: Number(dim.max) };
}

function readPort(ctx: CContext, port: Pointer): PortInfo {
  const { c } = ctx;
  const name = portName(ctx, port);
  const type: [number] = [0];
  check(c, c.ov_port_get_element_type(port, type), 'ov_port_get_element_type');
  const shape: PartialShapeStruct = { rank: { min: 0, max: 0 }, dims: null };
  check(c, c.ov_port_get_partial_shape(port, shape), 'ov_port_get_partial_shape');
  const rank = toInterval(shape.rank);
  const isRankDynamic = rank.min !== rank.max;
  let intervals: DimensionInterval[] = [];
  if (typeof shape.dims === 'bigint') {
    if (!isRankDynamic && rank.max > 0) {
      intervals = (koffi.decode(shape.dims, 'ov_dimension_t', rank.max) as DimensionStruct[]).map(toInterval);
    }
    c.ov_partial_shape_free(shape);
  }
  return {
    name,
    names: name === '' ? [] : [name],
    elementType: ctx.elements.typeOf(type[0]),
    partialShape: intervals.map(({ min, max }) => (min === max ? min : -1)),
    intervals,
    isRankDynamic,
  };
}

export function readPorts(ctx: CContext, source: PortSource): PortInfo[] {
  const { c } = ctx;
  const size: [number] = [0];
  check(c, source.size(source.owner, size), source.sizeCall);
  return Array.from({ length: size[0] }, (_, index) => {
    const out: [Pointer | null] = [null];
    const port = produced(c, source.port(source.owner, index, out), out, source.portCall);
    try {
      return readPort(ctx, port);
    } finally {
      c.ov_output_const_port_free(port);
    }
  });
}
