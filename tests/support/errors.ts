import assert from "node:assert/strict";
import { NotifyError } from "../../src/error.ts";

/** Runs `fn`, asserts it throws a NotifyError, and returns that error. */
export function notifyErrorOf(fn: () => unknown): NotifyError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof NotifyError, `expected a NotifyError, got ${error}`);
    return error;
  }
  assert.fail("expected a NotifyError, but nothing was thrown");
}

/** The `code` of the NotifyError that `fn` throws. */
export function codeOf(fn: () => unknown): string {
  return notifyErrorOf(fn).code;
}

/** An `onError` handler that keeps what it is given, and the codes of those errors. */
export function collectErrors() {
  const errors: NotifyError[] = [];
  return {
    errors,
    onError: (error: NotifyError) => void errors.push(error),
    codes: () => errors.map((error) => error.code),
  };
}
