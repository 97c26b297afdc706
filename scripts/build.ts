/**
 * Builds `dist/`, what the package's exports point at, from the sources
 * (`mod.ts`, `testing.ts`, `advanced.ts` and what they import), which stay the truth:
 *
 *   deno run --allow-all scripts/build.ts          # writes dist/
 *   deno run --allow-all scripts/build.ts --check  # fails if dist/ is not what the sources build now
 *
 * All the code goes into one module, `dist/bundle.js`, and each entry point is a module that re-exports its names
 * from it (so `NotifyError` is one class for all three); their types and documentation are the sources'
 * (`@ts-self-types`). Why: a runtime pays for every module it loads and every byte it parses. The sources are 46
 * modules; with `--code-splitting` instead, `mod.js` loads three shared chunks, which costs Node.js about 3 ms more
 * (docs/performance.md, "Start-up").
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const deno = Deno.execPath();
const ENTRIES = ["mod.ts", "testing.ts", "advanced.ts"];
const BUNDLE = "bundle.js";
const HEADER = "// Built from the sources by scripts/build.ts (npm run build): edit those, not this.\n";

/** The names an entry point exports at runtime (its types exist only in the sources). */
async function runtimeExports(entry: string): Promise<string[]> {
  return Object.keys(await import(join(root, entry))).sort();
}

async function build(outdir: string): Promise<void> {
  const names = Object.fromEntries(
    await Promise.all(ENTRIES.map(async (entry) => [entry, await runtimeExports(entry)])),
  );
  // One entry that exports every name once, each from the entry point that exports it first.
  const seen = new Set<string>();
  const lines = ENTRIES.map((entry) => {
    const fresh = names[entry].filter((name: string) => !seen.has(name) && seen.add(name));
    return `export { ${fresh.join(", ")} } from ${JSON.stringify(join(root, entry))};`;
  });
  const scratch = await Deno.makeTempDir({ prefix: "sdw-bundle-" });
  try {
    const entry = join(scratch, BUNDLE.replace(/\.js$/, ".ts"));
    await Deno.writeTextFile(entry, lines.join("\n") + "\n");
    const { success, stderr } = await new Deno.Command(deno, {
      args: [
        "bundle",
        "--quiet",
        // Not minified: minified, Node.js prints a whole line of code with an uncaught error's source excerpt, and the
        // gain was measured small (docs/performance.md). Without keepNames, whose name-setting calls cost Bun and
        // Node.js 3 ms of start-up: tests/publish.test.ts checks that no exported class or function lost its name.
        "--format=esm",
        "--platform=deno",
        `--outdir=${outdir}`,
        entry,
      ],
      cwd: root,
      stdout: "inherit",
      stderr: "piped",
    }).output();
    if (!success) throw new Error(`deno bundle failed:\n${new TextDecoder().decode(stderr)}`);
  } finally {
    await Deno.remove(scratch, { recursive: true });
  }
  const bundle = join(outdir, BUNDLE);
  await Deno.writeTextFile(bundle, HEADER + await Deno.readTextFile(bundle));
  for (const entry of ENTRIES) {
    // Its types and documentation are the sources': where Deno and JSR find a JavaScript module's types.
    await Deno.writeTextFile(
      join(outdir, entry.replace(/\.ts$/, ".js")),
      `${HEADER}// @ts-self-types="../${entry}"\nexport {\n${
        names[entry].map((name: string) => `  ${name},\n`).join("")
      }} from "./${BUNDLE}";\n`,
    );
  }
}

async function contents(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for await (const entry of Deno.readDir(dir)) files.set(entry.name, await Deno.readTextFile(join(dir, entry.name)));
  return files;
}

const dist = join(root, "dist");
if (Deno.args.includes("--check")) {
  const fresh = await Deno.makeTempDir({ prefix: "sdw-build-" });
  try {
    await build(fresh);
    const [want, have] = [await contents(fresh), await contents(dist).catch(() => new Map<string, string>())];
    const names = new Set([...want.keys(), ...have.keys()]);
    const stale = [...names].filter((name) => want.get(name) !== have.get(name)).sort();
    if (stale.length > 0) {
      console.error(`dist/ is not what the sources build now (${stale.join(", ")}); run: npm run build`);
      Deno.exit(1);
    }
    console.log(`dist/ is what the sources build (${[...names].sort().join(", ")})`);
  } finally {
    await Deno.remove(fresh, { recursive: true });
  }
} else {
  await Deno.remove(dist, { recursive: true }).catch(() => {});
  await build(dist);
  console.log(`built ${[...(await contents(dist)).keys()].sort().join(", ")} in dist/`);
}
