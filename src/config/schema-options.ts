// Options for compiling groupform's own schemas (config and snapshot), which a unit test checks against the JSON
// Schema meta-schema: checking them again on every run would compile the meta-schema first (a third of the
// compile time, paid by every command that reads a config).
// Every length the schemas set is `minLength: 1`, which a string meets in code units exactly when it does in code
// points (test/unit/config/schema-options.test.ts holds the schemas to that). Counted in code units (a property
// read, not a call per string), a million members validate in about half the time. Ajv calls the option
// deprecated and would say so on the console, hence no logger.
export const OWN_SCHEMA_OPTIONS = { validateSchema: false, unicode: false, logger: false } as const;
