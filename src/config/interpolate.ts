/** One `${...}` expression found in a string, by its index in that string. */
export interface Expression {
  index: number;
  name: string;
  /** The text after `:-`, when given. */
  fallback?: string;
}

export interface InterpolationProblem {
  index: number;
  code: 'ENV_MISSING' | 'ENV_SYNTAX';
  message: string;
}

export interface Interpolated {
  value: string;
  expressions: Expression[];
  problems: InterpolationProblem[];
}

const EXPRESSION = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([^]*))?$/;

/** Finds the expressions of `text` without the environment: `$${` is a literal `${`, not an expression. */
export function scanExpressions(text: string): { expressions: Expression[]; problems: InterpolationProblem[]; parts: Part[] } {
  const expressions: Expression[] = [];
  const problems: InterpolationProblem[] = [];
  const parts: Part[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      literal += '${';
      i += 3;
      continue;
    }
    if (!text.startsWith('${', i)) {
      literal += text[i];
      i += 1;
      continue;
    }
    const close = text.indexOf('}', i + 2);
    const body = close < 0 ? undefined : text.slice(i + 2, close);
    const match = body === undefined || body.includes('${') ? null : EXPRESSION.exec(body);
    if (match === null || close < 0) {
      problems.push({ index: i, code: 'ENV_SYNTAX', message: syntaxMessage(body) });
      literal += text.slice(i, close < 0 ? text.length : close + 1);
      i = close < 0 ? text.length : close + 1;
      continue;
    }
    const name = match[1] as string;
    const expression: Expression = match[2] === undefined ? { index: i, name } : { index: i, name, fallback: match[2] };
    if (literal !== '') parts.push(literal);
    literal = '';
    parts.push(expression);
    expressions.push(expression);
    i = close + 1;
  }
  if (literal !== '') parts.push(literal);
  return { expressions, problems, parts };
}

type Part = string | Expression;

function syntaxMessage(body: string | undefined): string {
  const hint = 'write ${NAME} or ${NAME:-default} (NAME: letters, digits, _), or $${ for a literal ${';
  if (body === undefined) return `unterminated \${ expression; ${hint}`;
  if (body.includes('${')) return `nested \${ expressions are not supported; ${hint}`;
  return `invalid \${${body}} expression; ${hint}`;
}

/**
 * Replaces `${NAME}` and `${NAME:-default}` from env (the default applies when NAME is unset or empty, as in
 * POSIX shells and docker compose). A missing variable is reported and replaced by ''.
 */
export function interpolate(text: string, env: NodeJS.ProcessEnv, options: { secret?: boolean } = {}): Interpolated {
  if (!text.includes('$')) return { value: text, expressions: [], problems: [] };
  const { expressions, problems, parts } = scanExpressions(text);
  let value = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      value += part;
      continue;
    }
    const set = env[part.name];
    if (part.fallback !== undefined) {
      value += set === undefined || set === '' ? part.fallback : set;
    } else if (set === undefined) {
      problems.push({ index: part.index, code: 'ENV_MISSING', message: missingMessage(part.name, options.secret === true) });
    } else {
      value += set;
    }
  }
  problems.sort((a, b) => a.index - b.index);
  return { value, expressions, problems };
}

function missingMessage(name: string, secret: boolean): string {
  // A secret may not have a default (it would be committed), but may be optional: empty counts as absent.
  const optional = secret ? `write \${${name}:-} if it may be absent` : `to make it optional, give a default: \${${name}:-value}`;
  return `environment variable ${name} is not set (${optional})`;
}
