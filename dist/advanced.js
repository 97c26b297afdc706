// Built from the sources by scripts/build.ts (npm run build): edit those, not this.
// @ts-self-types="../advanced.ts"
import {
  MAX_DATAGRAM_BYTES,
  NotifySocket,
  encodeState,
  formatState,
  readWatchdogEnvironment
} from "./chunk-W3E5W7VQ.js";
import {
  parseNotifyAddress
} from "./chunk-STQBC35H.js";
export {
  MAX_DATAGRAM_BYTES,
  NotifySocket,
  encodeState,
  formatState,
  parseNotifyAddress,
  readWatchdogEnvironment
};
