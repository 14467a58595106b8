import { describe, expect, it } from 'vitest';
import { interpolate } from '../../../src/config/interpolate.js';
import { checkSecretSource } from '../../../src/config/secrets.js';

const env = { A: 'alpha', EMPTY: '', PATH_LIKE: 'x/y' };

describe('interpolate', () => {
  it.each([
    ['plain text', 'plain text'],
    ['${A}', 'alpha'],
    ['pre-${A}-post', 'pre-alpha-post'],
    ['${A}${A}', 'alphaalpha'],
    ['${UNSET:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${A:-fallback}', 'alpha'],
    ['${UNSET:-}', ''],
    ['${EMPTY}', ''],
    ['${UNSET:-a:b-c}', 'a:b-c'],
    ['$${A}', '${A}'],
    ['$$${A}', '$${A}'], // the escape is read left to right: $ then $${ then A}
    ['cost $5 and $$', 'cost $5 and $$'],
    ['${PATH_LIKE}', 'x/y'],
  ])('%s -> %s', (text, value) => {
    expect(interpolate(text, env)).toMatchObject({ value, problems: [] });
  });

  it.each([
    ['${UNSET}', 0, 'ENV_MISSING', /UNSET is not set/],
    ['abc ${UNSET} ${A}', 4, 'ENV_MISSING', /UNSET/],
    ['${', 0, 'ENV_SYNTAX', /unterminated/],
    ['x ${1BAD}', 2, 'ENV_SYNTAX', /invalid \$\{1BAD\}/],
    ['${A B}', 0, 'ENV_SYNTAX', /invalid/],
    ['${A:-${B}}', 0, 'ENV_SYNTAX', /nested/],
    ['${A-x}', 0, 'ENV_SYNTAX', /invalid/],
  ])('%s is reported at index %i as %s', (text, index, code, message) => {
    const [problem, ...others] = interpolate(text, env).problems;
    expect(others).toEqual([]);
    expect(problem).toMatchObject({ index, code });
    expect(problem?.message).toMatch(message);
  });
});

describe('checkSecretSource', () => {
  it.each([
    ['${KEY}', true],
    ['${KEY:-}', true],
    ['sk-literal', false],
    ['${KEY}x', false],
    ['x${KEY}', false],
    ['${A}${B}', false],
    ['${KEY:-sk-default}', false],
    ['$${KEY}', false],
    ['', false],
    [12345, false],
  ])('%j is allowed: %s', (raw, allowed) => {
    const problem = checkSecretSource(raw, 'scimKey');
    expect(problem === undefined).toBe(allowed);
    if (problem !== undefined && typeof raw === 'string' && raw !== '') expect(problem).not.toContain(raw.replace(/^\$+\{KEY:-/, '').replace(/\}$/, ''));
  });
});
