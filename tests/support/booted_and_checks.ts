// sdBooted() and a descriptor check, for tests/permissions.test.ts: prints what they answer.
import { sdBooted, sdIsSocket } from "../../mod.ts";

console.log(`booted: ${sdBooted()}`);
sdIsSocket(0);
console.log("stdin checked");
