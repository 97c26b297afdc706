// Built from the sources by scripts/build.ts (npm run build): edit those, not this.
// @ts-self-types="../mod.ts"
export {
  NotifyError,
  SD_LISTEN_FDS_START,
  Watchdog,
  closeSharedSocket,
  monotonicUsec,
  sdBooted,
  sdIsFifo,
  sdIsMq,
  sdIsSocket,
  sdIsSocketInet,
  sdIsSocketUnix,
  sdIsSpecial,
  sdListenFds,
  sdListenFdsWithNames,
  sdNotify,
  sdNotifyBarrier,
  sdNotifyWithFds,
  sdWatchdogEnabled,
  watchdog,
} from "./bundle.js";
