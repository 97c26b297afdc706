/**
 * The systemd installations the end-to-end suite runs against: the one installed on the machine
 * (252 on Debian 12), and the one from bookworm-backports (254) that scripts/fetch_systemd.sh
 * unpacks beside it without installing it.
 *
 * @module
 */

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { LOADER, MULTIARCH } from "../support/arch.ts";

/** Where a systemd's binaries are, and what they need to run. */
export interface SystemdInstall {
  /** The version, e.g. 252. */
  version: number;
  /** For test names: "systemd 252 (installed)". */
  label: string;
  /** The command that starts it as a user manager (`systemd --user`). */
  manager: string[];
  systemctl: string;
  systemdRun: string;
  /** Environment systemctl and systemd-run need (LD_LIBRARY_PATH for an unpacked one). */
  env: Record<string, string>;
}

const backports = fileURLToPath(new URL("../../.cache/systemd-backports/", import.meta.url));

function versionOf(systemctl: string, env: Record<string, string> = {}): number {
  const output = spawnSync(systemctl, ["--version"], { env: { ...process.env, ...env } }).stdout?.toString() ?? "";
  return Number(/^systemd (\d+)/.exec(output)?.[1] ?? 0);
}

function installed(): SystemdInstall | string {
  if (process.platform !== "linux") return `systemd needs Linux, not ${process.platform}`;
  if (!existsSync("/lib/systemd/systemd")) return "/lib/systemd/systemd is not installed (Debian package: systemd)";
  if (spawnSync("systemd-run", ["--version"]).status !== 0) return "systemd-run is not installed";
  const version = versionOf("systemctl");
  return {
    version,
    label: `systemd ${version} (installed)`,
    manager: ["/lib/systemd/systemd", "--user"],
    systemctl: "systemctl",
    systemdRun: "systemd-run",
    env: {},
  };
}

function unpacked(): SystemdInstall | string {
  const root = `${backports}root`;
  if (!existsSync(`${root}/lib/systemd/systemd`)) {
    return "systemd from bookworm-backports is not unpacked (scripts/fetch_systemd.sh, which npm test runs, does it)";
  }
  const libraries = `${root}/usr/lib/${MULTIARCH}/systemd:${root}/usr/lib/${MULTIARCH}`;
  const env = { LD_LIBRARY_PATH: libraries };
  const version = Number(readFileSync(`${backports}version`, "utf8"));
  return {
    version,
    label: `systemd ${version} (bookworm-backports, unpacked)`,
    // Through the dynamic loader, so that LD_LIBRARY_PATH is not in the manager's environment, which its
    // units would inherit (and Deno refuses to spawn children with it set, short of --allow-all).
    manager: [LOADER, "--library-path", libraries, `${root}/lib/systemd/systemd`, "--user"],
    systemctl: `${root}/bin/systemctl`,
    systemdRun: `${root}/usr/bin/systemd-run`,
    env,
  };
}

/** Each installation, or why it cannot run here. */
export function systemdInstalls(): { name: string; install: SystemdInstall | string }[] {
  return [{ name: "the installed systemd", install: installed() }, {
    name: "systemd from bookworm-backports",
    install: unpacked(),
  }];
}
