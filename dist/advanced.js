// Built from the sources by scripts/build.ts (npm run build): edit those, not this.
// @ts-self-types="../advanced.ts"
import {
  MAX_DATAGRAM_BYTES,
  NotifySocket,
  encodeState,
  formatState,
  readWatchdogEnvironment
} from "./chunk-KQZNW4LX.js";
import {
  parseNotifyAddress
} from "./chunk-SRFCJBJU.js";
export {
  MAX_DATAGRAM_BYTES,
  NotifySocket,
  encodeState,
  formatState,
  parseNotifyAddress,
  readWatchdogEnvironment
};
