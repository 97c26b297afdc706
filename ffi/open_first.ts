import { NotifyError } from "../src/error.ts";

/**
 * The first library of `names` that `open` loads. A failure that `refused` turns into an error (a missing permission)
 * ends the search at once; any other is remembered, and when no name loads, the last is the cause of the `ENOSYS`
 * thrown.
 *
 * @example
 * ```ts
 * import { openFirst } from "./open_first.ts";
 *
 * const name = openFirst(["libc.so.6", "libc.so"], (name) => name);
 * ```
 */
export function openFirst<T>(
  names: readonly string[],
  open: (name: string) => T,
  refused: (error: unknown, name: string) => NotifyError | undefined = () => undefined,
): T {
  let lastError: unknown;
  for (const name of names) {
    try {
      return open(name);
    } catch (error) {
      const denied = refused(error, name);
      if (denied) throw denied;
      lastError = error;
    }
  }
  throw new NotifyError("ENOSYS", `Cannot load any of ${names.join(", ")}`, { cause: lastError });
}
