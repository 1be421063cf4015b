/**
 * @module engine/graph/validation-messages
 * The catalogue of validation messages (what `pictograph graph check` prints after `file:line: node "X" (Calc): `).
 * MediaPipe's own wording is kept in parentheses or verbatim where users search for it.
 */

const didYouMean = (guess: string | undefined): string => (guess === undefined ? '' : `; did you mean "${guess}"?`);

export const VALIDATION = {
  calculatorNotSet: 'calculator is not set',
  optionValueUnsupported: 'option_value is not supported (use a subgraph factory to pass options)',
  duplicateOptionsType: (type: string): string => `Options type: '${type}' specified more than once`,
  undeclaredExecutor: (executor: string): string => `executor "${executor}" is not declared in the graph`,
  negativeMaxInFlight: (value: number): string => `max_in_flight ${value} must be >= 0`,
  unknownCalculator: (calculator: string, guess?: string): string => `unknown calculator ${calculator}${didYouMean(guess)}`,
  streamInfoNamesNoInput: (tagIndex: string, described: string): string => `input_stream_info "${tagIndex}" names no input stream (${described})`,
  streamInfoTwice: (tagIndex: string): string => `input_stream_info "${tagIndex}" is given more than once`,
  requiredPort: (what: string, tag: string): string =>
    `${what} ${tag === '' ? 'index 0 (untagged)' : `tag "${tag}"`} is required but not connected`,
  unexpectedPort: (what: string, entry: string, tag: string, index: number): string =>
    `${what} "${entry}" is not expected by the calculator (Tag "${tag}" index ${index} was not expected.)`,
  unsupportedHandler: (handler: string, supported: readonly string[]): string =>
    `input stream handler "${handler}" is not supported (supported: ${supported.join(', ')})`,
  unknownHandler: (handler: string, guess?: string): string => `unknown input stream handler "${handler}"${didYouMean(guess)}`,
  syncSetNamesNoInput: (entry: string): string => `sync_set entry "${entry}" names no input stream`,
  syncSetTwice: (entry: string): string => `sync_set entry "${entry}" is in more than one sync set`,
  generatorsUnsupported: 'packet_factory and packet_generator are not supported: produce side packets with a node',
  statusHandlerUnsupported: 'status_handler is not supported',
  streamProducedTwice: (stream: string, by: string): string =>
    `output stream "${stream}" is already produced by ${by} (Output Stream "${stream}" defined twice.)`,
  sidePacketProducedTwice: (name: string): string =>
    `output side packet "${name}" is produced twice (Output Side Packet "${name}" defined twice.)`,
  noProducer: (stream: string): string => `input stream "${stream}" has no producer`,
  graphOutputNoProducer: (stream: string): string => `graph output_stream "${stream}" has no producer`,
  reservedExecutor: (name: string): string => `executor name "${name}" is reserved`,
  executorTwice: (name: string): string => `executor "${name}" is declared twice`,
  numThreadsAndDefaultExecutor: 'num_threads is set and the default executor (name "") is declared as well; use one of them',
  cycle: (nodes: readonly string[]): string =>
    `Generator side packet cycle or calculator stream cycle detected in graph: [${nodes.join(', ')}]; ` +
    'mark the edge that closes the loop with input_stream_info { tag_index: "..." back_edge: true }',
  typeMismatch: (what: string, name: string, consumed: string, producer: string, produced: string): string =>
    `${what} "${name}" expects packets of type "${consumed}" but node "${producer}" produces packets of type "${produced}"`,
} as const;
