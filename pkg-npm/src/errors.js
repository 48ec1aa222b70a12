// Error classes of the package. The wasm module throws plain `Error`s named
// `NexusconeError` carrying a `code`; `toNexusconeError` rethrows them as the
// subclass for that code, keeping core's `kind` and `key` and `entryId`, `line`,
// `offset`, `column` and `index`.

export class NexusconeError extends Error {
  constructor(message, code, details = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    for (const key of ['kind', 'key', 'entryId', 'line', 'offset', 'column', 'index']) {
      if (details[key] !== undefined) this[key] = details[key];
    }
  }
}

/** Input that could not be read: JSON, rows, hashes, JavaScript values. */
export class InvalidInputError extends NexusconeError {}
/** A public, signing or verifier key that could not be read. */
export class KeyError extends NexusconeError {}
/** A format version or option this version does not support (yet). */
export class UnsupportedError extends NexusconeError {}
/** A Merkle proof request with sizes or indexes that do not fit. */
export class ProofError extends NexusconeError {}
/** A checkpoint or signed note that does not open. */
export class CheckpointError extends NexusconeError {}
/** An object used in the wrong state (stream finished, module not initialised). */
export class StateError extends NexusconeError {}
/** The WebAssembly module trapped: a bug, please report it with the input. */
export class InternalError extends NexusconeError {}

const CLASSES = {
  INVALID_JSON: InvalidInputError,
  INVALID_ROW: InvalidInputError,
  INVALID_INPUT: InvalidInputError,
  INVALID_HASH: InvalidInputError,
  UNSUPPORTED_VALUE: InvalidInputError,
  TOO_DEEP: InvalidInputError,
  INVALID_KEY: KeyError,
  UNKNOWN_FORMAT: UnsupportedError,
  NOT_SUPPORTED: UnsupportedError,
  INVALID_PROOF_REQUEST: ProofError,
  INVALID_CHECKPOINT: CheckpointError,
  FINISHED: StateError,
  NOT_INITIALIZED: StateError,
};

export function toNexusconeError(error) {
  if (error instanceof NexusconeError) return error;
  if (error instanceof Error && error.name === 'NexusconeError' && typeof error.code === 'string') {
    const Class = CLASSES[error.code] ?? NexusconeError;
    return new Class(error.message, error.code, error);
  }
  if (typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError) {
    return new InternalError(`WebAssembly trap: ${error.message}`, 'INTERNAL');
  }
  return error;
}
