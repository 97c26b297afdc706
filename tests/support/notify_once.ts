/** Creates a watchdog and reports readiness once; prints what ready() returned. */
import { watchdog } from "../../mod.ts";

console.log(watchdog().ready());
