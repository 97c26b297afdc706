// Start-up baseline: a script that imports a one-line module, the runtime's own cost of any import.
import { ONE } from "./one_line.ts";

if (ONE !== 1) throw new Error("unreachable");
