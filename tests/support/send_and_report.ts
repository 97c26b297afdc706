/** Sends STATE (default READY=1) with sdNotify and prints `true`/`false`, or the NotifyError code. */
import process from "node:process";
import { NotifyError, sdNotify } from "../../mod.ts";

try {
  console.log(String(sdNotify(process.env.STATE ?? "READY=1")));
} catch (error) {
  if (!(error instanceof NotifyError)) throw error;
  console.log(error.code);
}
