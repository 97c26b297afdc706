// Built from the sources by scripts/build.ts (npm run build): edit those, not this.
// @ts-self-types="../advanced.ts"
import {
  MAX_DATAGRAM_BYTES,
  NotifySocket,
  encodeState,
  formatState,
  readWatchdogEnvironment
} from "./chunk-ZEUXG7KY.js";
import {
  parseNotifyAddress
} from "./chunk-YF54BUF2.js";
export {
  MAX_DATAGRAM_BYTES,
  NotifySocket,
  encodeState,
  formatState,
  parseNotifyAddress,
  readWatchdogEnvironment
};
