import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Every ```ts block of the README, in order. */
export function readmeSnippets(): string[] {
  const readme = readFileSync(`${root}README.md`, "utf8");
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
}

/**
 * Writes `code` to tests/generated/NAME, inside the repository so that the package's own name
 * resolves to this checkout, and returns the path. Bun cannot resolve `jsr:` specifiers, so there
 * the import takes the form it has after `bunx jsr add`; Deno resolves `jsr:@x/systemd-watchdog`
 * to this workspace as written.
 */
export function writeSnippet(name: string, code: string): string {
  const dir = `${root}tests/generated/`;
  mkdirSync(dir, { recursive: true });
  const file = `${dir}${name}`;
  // Bun and Node.js resolve the package by its name (package.json's exports), not through JSR.
  writeFileSync(
    file,
    "Deno" in globalThis ? code : code.replaceAll('"jsr:@x/systemd-watchdog', '"@x/systemd-watchdog'),
  );
  return file;
}
