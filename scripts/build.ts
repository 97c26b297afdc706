/**
 * Builds `dist/`, what the package's exports point at, from the sources
 * (`mod.ts`, `testing.ts`, `advanced.ts` and what they import), which stay the truth:
 *
 *   deno run --allow-all scripts/build.ts          # writes dist/
 *   deno run --allow-all scripts/build.ts --check  # fails if dist/ is not what the sources build now
 *
 * One module per entry point and one chunk they share (so that
 * `NotifyError` is one class for both); their types and documentation are the
 * sources' (`@ts-self-types`). Why: a runtime pays for every module it
 * loads and every byte it parses; the sources are 34 modules and 137 KB with
 * their comments (`npm run bench` measures the difference).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const deno = Deno.execPath();
const ENTRIES = ["mod.ts", "testing.ts", "advanced.ts"];
const HEADER = "// Built from the sources by scripts/build.ts (npm run build): edit those, not this.\n";

async function build(outdir: string): Promise<void> {
  const { success, stderr } = await new Deno.Command(deno, {
    args: [
      "bundle",
      "--quiet",
      // Not minified: it imports no faster (measured on Bun and Node.js), and minified, its names would be lost in
      // logs (Bun prints a class by its declared name) and Node.js would print a whole 20 KB line with an uncaught
      // error's source excerpt.
      "--keep-names", // a class that names itself inside its body would otherwise be called "_FakeNotifySocket"
      "--code-splitting",
      "--format=esm",
      "--platform=deno",
      `--outdir=${outdir}`,
      ...ENTRIES,
    ],
    cwd: root,
    stdout: "inherit",
    stderr: "piped",
  }).output();
  if (!success) throw new Error(`deno bundle failed:\n${new TextDecoder().decode(stderr)}`);
  for (const entry of ENTRIES) {
    const name = entry.replace(/\.ts$/, "");
    const file = join(outdir, `${name}.js`);
    // Its types and documentation are the sources': where Deno and JSR find a JavaScript module's types.
    await Deno.writeTextFile(file, `${HEADER}// @ts-self-types="../${entry}"\n${await Deno.readTextFile(file)}`);
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
