// Sums JUnit reports from `deno test`, `bun test` and `node --test` into one line:
// "N passed, N failed, N skipped". Deno lists each describe() block as a test
// case too, with its steps named "block > step"; only leaves are counted.
import { readFileSync } from "node:fs";

function unescape(text) {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_, e) => ({ lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" })[e]);
}

function cases(xml) {
  const found = [];
  const pattern = /<testcase\b[^>]*\bname="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const match of xml.matchAll(pattern)) {
    const body = match[3] ?? "";
    found.push({
      name: unescape(match[1]),
      failed: /<(failure|error)\b/.test(body),
      skipped: /<skipped\b/.test(body),
    });
  }
  return found;
}

let passed = 0, failed = 0, skipped = 0;
// Arguments: label=report.xml=exit-status, one per runner.
for (const [label, file, status] of process.argv.slice(2).map((arg) => arg.split("="))) {
  let xml;
  try {
    xml = readFileSync(file, "utf8");
  } catch {
    console.log(`${label}: no report (the runner did not finish)`);
    failed++;
    continue;
  }
  const all = cases(xml);
  const isGroup = (c) => all.some((other) => other.name.startsWith(`${c.name} > `));
  const hasFailedChild = (c) => all.some((other) => other.failed && other.name.startsWith(`${c.name} > `));
  let p = 0, f = 0, s = 0;
  for (const c of all) {
    if (isGroup(c)) {
      if (c.failed && !hasFailedChild(c)) f++; // a hook failed, not a test
      continue;
    }
    if (c.failed) f++;
    else if (c.skipped) s++;
    else p++;
  }
  if (status !== "0" && f === 0) {
    console.log(`${label}: the runner exited with status ${status} outside any test`);
    f++;
  }
  console.log(`${label}: ${p} passed, ${f} failed, ${s} skipped`);
  passed += p, failed += f, skipped += s;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
