/** Helpers for tests that wait for something asynchronous, or watch what a library writes to stderr. */

/** Resolves once `condition` holds, polling; the polling timer keeps the event loop alive meanwhile. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Runs `action` with `console.error` collected into `lines` (given to `action` as it fills), then restores it. */
export async function withStderrLines(action: (lines: readonly string[]) => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void lines.push(args.join(" "));
  try {
    await action(lines);
  } finally {
    console.error = original;
  }
  return lines;
}
