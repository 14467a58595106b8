import { expect } from 'vitest';

/** The error `promise` rejects with; fails the test when it resolves, or rejects with anything but an `errorClass`. */
export async function rejection<E extends Error = Error>(
  promise: Promise<unknown>,
  errorClass: abstract new (...args: never[]) => E = Error as unknown as abstract new (...args: never[]) => E,
): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(errorClass);
  return error as E;
}
