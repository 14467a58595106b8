// Every length the config and snapshot schemas set is `minLength: 1`, which a string meets in code units exactly
// when it does in code points (test/unit/config/schema-options.test.ts holds the schemas to that). Counted in code
// units (a property read, not a call per string), a million members validate in about half the time. Ajv calls
// the option deprecated and would say so on the console, hence no logger.
export const LENGTHS_IN_CODE_UNITS = { unicode: false, logger: false } as const;
