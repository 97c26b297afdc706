import {
  __name,
  runtime
} from "./chunk-PR5KD5ZS.js";

// src/unref_timer.ts
function unrefInterval(callback, ms) {
  const timer = setInterval(callback, ms);
  unref(timer);
  return () => clearInterval(timer);
}
__name(unrefInterval, "unrefInterval");
function unref(timer) {
  runtime.unref(timer);
}
__name(unref, "unref");

export {
  unrefInterval,
  unref
};
