/** Creates a watchdog, says so, and reports readiness once; prints what ready() returned. */
import { watchdog } from "../../mod.ts";

const wd = watchdog();
console.log("created");
console.log(wd.ready());
