// Built from the sources by scripts/build.ts (npm run build): edit those, not this.
// @ts-self-types="../advanced.ts"
import {
  MAX_DATAGRAM_BYTES,
  NotifySocket,
  encodeState,
  formatState,
  readWatchdogEnvironment
} from "./chunk-HI6D4DO2.js";
import {
  parseNotifyAddress
} from "./chunk-PR5KD5ZS.js";
export {
  MAX_DATAGRAM_BYTES,
  NotifySocket,
  encodeState,
  formatState,
  parseNotifyAddress,
  readWatchdogEnvironment
};
