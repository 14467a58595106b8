// Node's util.inspect looks this symbol up by its registered name, so the model needs no node:util import.
const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

const REDACTED = '[redacted]';

/**
 * A credential read from the environment. Its value leaves the object only through reveal(), so it cannot
 * reach a log, an error message, JSON output or a plan file by accident.
 */
export class Secret {
  readonly #value: string;
  /** Where it came from, e.g. `${DESCOPE_SCIM_KEY_ACME}`, for messages. */
  readonly origin: string;
  constructor(value: string, origin: string) {
    this.#value = value;
    this.origin = origin;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return REDACTED;
  }
  toJSON(): string {
    return REDACTED;
  }
  [inspectCustom](): string {
    return `Secret(${this.origin})`;
  }
}
