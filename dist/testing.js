// Built from the sources by scripts/build.ts (npm run build): edit those, not this.
// @ts-self-types="../testing.ts"
export {
  FakeNotifySocket,
} from "./bundle.js";
