import { libcFor } from "./descriptor_checks.ts";
import { errnoName } from "./errno.ts";
import { NotifyError } from "./error.ts";
import { AT_FDCWD, AT_SYMLINK_NOFOLLOW, ENOENT, F_OK } from "./linux.ts";

const RUNTIME_UNIT_DIRECTORY = new TextEncoder().encode("/run/systemd/system/\0");

/**
 * Mirrors sd_booted(3): whether systemd booted this system, that is whether `/run/systemd/system/` exists. Asked
 * through libc, so Deno needs `--allow-ffi` for it, not `--allow-read`.
 * @throws {NotifyError} The errno name when the directory cannot be checked for a reason other than `ENOENT`;
 * `EPERM` or `ENOSYS` when FFI is not permitted or not available.
 *
 * @example
 * ```ts
 * import { sdBooted } from "@x/systemd-watchdog";
 *
 * if (!sdBooted()) console.log("not under systemd: logging to a file instead");
 * ```
 */
export function sdBooted(): boolean {
  const libc = libcFor("Cannot tell whether systemd booted this system");
  if (libc.faccessat(AT_FDCWD, RUNTIME_UNIT_DIRECTORY, F_OK, AT_SYMLINK_NOFOLLOW) === 0) return true;
  const errno = libc.errno();
  if (errno === ENOENT) return false;
  const code = errnoName(errno);
  throw new NotifyError(code, `Cannot tell whether systemd booted this system: access() failed with ${code}`);
}
