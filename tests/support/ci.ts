import process from "node:process";

/**
 * The `skip` option for a suite that needs something this machine may lack:
 * `false` when it is there, the reason when it is not, and an error in CI
 * (`CI=true`), where a suite that cannot run must fail rather than skip.
 */
export function skipUnless(available: boolean, reason: string): string | false {
  if (available) return false;
  if (process.env.CI === "true") throw new Error(`${reason}, and in CI this suite must run`);
  return reason;
}
