/**
 * The frame of every end-to-end file: the same tests under each systemd installation, each with a private user
 * manager started before them and stopped after.
 *
 * @module
 */

import { after, before, describe } from "node:test";
import { skipUnless } from "../support/ci.ts";
import { type SystemdInstall, systemdInstalls } from "./systemd_installs.ts";
import { UserManager } from "./user_manager.ts";

/** What the tests of one installation use. */
export interface UnderSystemd {
  readonly install: SystemdInstall;
  /** The running manager (from the tests' `before()` on). */
  readonly manager: UserManager;
}

/**
 * Describes `title` under each installation (skipped, or failed in CI, where one cannot run), calling `tests` to
 * declare its tests; `start` starts the manager (default: {@linkcode UserManager.start}).
 */
export function describeUnderEachSystemd(
  title: string,
  tests: (systemd: UnderSystemd) => void,
  start: (install: SystemdInstall) => Promise<UserManager> = UserManager.start,
): void {
  for (const { name, install } of systemdInstalls()) {
    describe(`${title}, under ${typeof install === "string" ? name : install.label}`, {
      skip: skipUnless(typeof install !== "string", `${name} cannot run a user manager here: ${install}`),
    }, () => {
      if (typeof install === "string") return;
      let manager: UserManager | undefined;
      before(async () => {
        manager = await start(install);
      });
      after(async () => {
        await manager?.stop();
      });
      tests({
        install,
        get manager() {
          if (manager === undefined) throw new Error(`the user manager of ${install.label} has not started`);
          return manager;
        },
      });
    });
  }
}
