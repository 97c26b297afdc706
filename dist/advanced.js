// Built from the sources by scripts/build.ts (npm run build): edit those, not this.
// @ts-self-types="../advanced.ts"
export {
  MAX_DATAGRAM_BYTES,
  NotifySocket,
  encodeState,
  formatState,
  parseNotifyAddress,
  readWatchdogEnvironment,
} from "./bundle.js";
