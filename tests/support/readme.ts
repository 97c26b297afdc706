import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The README and the pages of docs/, as paths from the repository's root. */
export const DOCUMENTS: string[] = [
  "README.md",
  ...readdirSync(`${root}docs`).filter((name) => name.endsWith(".md")).sort().map((name) => `docs/${name}`),
];

/** Every ```LANGUAGE block of the README and of docs/, in order. */
export function documentationBlocks(language = "ts"): string[] {
  const fence = new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, "gm");
  return DOCUMENTS.flatMap((path) =>
    [...readFileSync(`${root}${path}`, "utf8").matchAll(fence)].map((match) => match[1])
  );
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
