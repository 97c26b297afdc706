/**
 * The daemon the end-to-end tests start under systemd, on Deno, Bun or Node.js. It is
 * the main process of its unit; SCENARIO (set with systemd-run --setenv)
 * picks what it does.
 */
import { spawnSync } from "node:child_process";
import { readlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import process from "node:process";
import { loadLibc } from "../../ffi/runtime.ts";
import { runtimeName } from "../support/spawn.ts";
import { sdListenFdsWithNames, sdNotify, sdNotifyBarrier, sdNotifyWithFds, watchdog } from "../../mod.ts";

const wd = watchdog();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const keepAlive = () => setInterval(() => wd.ping(), 100);

/** Makes every call, timing each; what the test needs to know about a burst. */
function burst(calls: (() => boolean)[]) {
  const started = performance.now();
  let longestMs = 0;
  let falses = 0;
  for (const call of calls) {
    const before = performance.now();
    if (!call()) falses++;
    longestMs = Math.max(longestMs, performance.now() - before);
  }
  return { calls: calls.length, falses, longestMs, totalMs: performance.now() - started, queued: wd.queued };
}

switch (process.env.SCENARIO) {
  case "ready":
    wd.status(`enabled=${wd.isEnabled} timeout=${wd.timeout} UTF-8: Grüße ☃ ✓ 🎉`);
    wd.ready();
    keepAlive();
    break;

  case "keep-alive": {
    // No ping() anywhere: keepAlive() does it, until HEALTHY_FOR_MS (if set) has passed.
    const started = Date.now();
    const healthyFor = Number(process.env.HEALTHY_FOR_MS ?? Infinity);
    // With WatchdogSignal=SIGUSR2, ignoring it keeps the unit in "stop-watchdog" for the test to read.
    if (process.env.IGNORE_SIGUSR2) process.on("SIGUSR2", () => {});
    wd.keepAlive({ healthy: () => Date.now() - started < healthyFor || "the job queue stalled" });
    wd.ready();
    setInterval(() => {}, 1000); // the keep-alive's timer is unref'd: something else keeps us running
    break;
  }

  case "barrier":
    // A short-lived sender: once the barrier passes, systemd has processed READY=1, so exiting
    // at once cannot overtake it.
    wd.status("ready, then gone");
    sdNotify("READY=1");
    if (await sdNotifyBarrier({ timeoutMs: 5000 })) process.exit(0);
    process.exit(3);
    break;

  case "activated": {
    // Socket activation: serve HTTP on the socket systemd passed. node:net adopts it on every
    // runtime (Bun 1.4's node:http ignores listen({ fd }) and picks a port of its own).
    const [passed] = sdListenFdsWithNames();
    const http = createServer((_, response) =>
      response.end(`${runtimeName} serves fd ${passed.fd} named ${passed.name}`)
    );
    createNetServer((connection) => http.emit("connection", connection)).listen({ fd: passed.fd }, () => wd.ready());
    break;
  }

  case "fd-store": {
    // First start: put a pipe in the file descriptor store. After a restart: get it back by name.
    const describe = (fd: number) => readlinkSync(`/proc/self/fd/${fd}`);
    const stored = sdListenFdsWithNames().find(({ name }) => name === "kept");
    if (stored) {
      wd.status(`got back ${describe(stored.fd)}`);
    } else {
      const pipe = new Int32Array(2);
      if (loadLibc().pipe2(new Uint8Array(pipe.buffer), 0o2000000) !== 0) throw new Error("pipe2 failed");
      // FDPOLL=0: the write end dies with this process, and systemd would drop a read end that hangs up.
      sdNotifyWithFds({ FDSTORE: true, FDNAME: "kept", FDPOLL: 0 }, [pipe[0]]);
      wd.status(`stored ${describe(pipe[0])}`);
    }
    wd.ready();
    keepAlive();
    break;
  }

  case "busy": {
    wd.ready();
    const pings = keepAlive();
    await sleep(1500);
    clearInterval(pings);
    wd.status("blocking the event loop");
    for (;;) { /* a wedged service: no timer runs, so no ping is sent */ }
  }

  case "error":
    // systemd clears StatusText once the unit is dead; ignoring the watchdog signal (see the test)
    // keeps the daemon in "stop-watchdog" long enough for the test to read it.
    process.on("SIGUSR2", () => {});
    wd.ready();
    keepAlive();
    await sleep(300);
    wd.notifyError("Disk on fire");
    break;

  case "slow-start": {
    const extend = process.env.EXTEND === "1";
    for (let second = 0; second < 4; second++) {
      if (extend) wd.extendTimeout(3_000_000);
      await sleep(1000);
    }
    wd.ready();
    keepAlive();
    break;
  }

  case "watchdog-off":
    // WATCHDOG_USEC=0 turns the unit's watchdog off: no ping is sent afterwards, and none is needed.
    wd.ready();
    wd.setWatchdogInterval(0);
    wd.status(`watchdog ${wd.isEnabled ? "on" : "off"}`);
    setInterval(() => wd.ping(), 100); // sends nothing: the Watchdog is off too
    break;

  case "change-interval":
    wd.ready();
    wd.setWatchdogInterval(4_000_000);
    wd.status(`interval ${wd.timeout}`);
    setInterval(() => wd.notify(), 2000); // slower than WatchdogSec=1, faster than the new 4 s
    break;

  case "reload":
    process.on("SIGHUP", async () => {
      wd.reloading();
      wd.status("reloading");
      await sleep(1000);
      wd.status("reloaded");
      wd.ready();
    });
    wd.ready();
    keepAlive();
    break;

  case "on-reload":
  case "on-reload-failing":
    // Installed before READY=1: systemd may send the reload signal as soon as the service is ready.
    wd.onReload(async () => {
      wd.status("reloading");
      await sleep(1000);
      if (process.env.SCENARIO === "on-reload-failing") throw new Error("config.toml: line 3: unknown key");
      wd.status("reloaded");
    });
    wd.ready();
    keepAlive();
    break;

  case "stop":
    process.on("SIGTERM", () => {
      wd.stopping();
      process.exit(0);
    });
    wd.ready();
    keepAlive();
    break;

  case "errno":
    wd.ready();
    wd.status("Failing with EIO");
    wd.errno(5);
    keepAlive();
    break;

  case "unset": {
    sdNotify("READY=1", { unsetEnvironment: true });
    const child = spawnSync("sh", ["-c", "echo ${NOTIFY_SOCKET-unset}"]).stdout.toString().trim();
    wd.status(`child NOTIFY_SOCKET=${child}`); // this Watchdog read the variable before it was removed
    keepAlive();
    break;
  }

  case "burst": {
    // The test stops the manager (SIGSTOP), signals us, and continues the manager seconds later.
    const report = process.env.REPORT!;
    process.on("SIGUSR1", () => {
      const calls: (() => boolean)[] = [];
      for (let i = 0; i < 2000; i++) {
        calls.push(() => wd.status(`burst ${i}`));
        if (i % 100 === 0) calls.push(() => wd.notify());
      }
      calls.push(() => wd.ready(), () => wd.status("burst done"));
      writeFileSync(`${report}.1`, JSON.stringify(burst(calls)));
    });
    process.on("SIGUSR2", async () => {
      const calls: (() => boolean)[] = Array.from({ length: 500 }, (_, i) => () => wd.status(`stopping ${i}`));
      calls.push(() => wd.stopping(), () => wd.status("stopping by itself"));
      writeFileSync(`${report}.2`, JSON.stringify(burst(calls)));
      await wd.flush({ timeoutMs: 60_000 });
      // Still running: systemd waits in "deactivating" until this process exits, on SIGTERM.
    });
    process.on("SIGTERM", () => process.exit(0));
    wd.status("waiting for the burst");
    keepAlive();
    break;
  }

  case "flood": {
    // As a service author writes one: pings as the README says, and a status line per request, about
    // 3,000 requests a second served from the event loop, which keeps turning so that timers run.
    wd.ready();
    setInterval(() => wd.ping(), wd.timeoutMs / 4);
    let request = 0;
    const serve = () => {
      for (let i = 0; i < 30; i++) wd.status(`request ${++request}`);
      setTimeout(serve, 10);
    };
    serve();
    break;
  }

  case "http": {
    // A request handler that reports what it serves, whatever the path holds (line breaks too).
    const server = createServer((request, response) => {
      const sent = wd.status(`request ${decodeURIComponent(request.url ?? "")}`);
      response.end(`sent=${sent}`);
    });
    server.listen(Number(process.env.PORT), "127.0.0.1", () => wd.ready());
    wd.keepAlive();
    break;
  }

  case "reload-during-start": {
    // A slow start with its reload listener installed first: a SIGHUP now must not make the unit look started.
    let started = false;
    wd.onReload(() => void wd.status(started ? "reloaded after the start" : "reloaded during the start"));
    wd.status("loading");
    await sleep(Number(process.env.START_MS));
    started = true;
    wd.status("started");
    wd.ready();
    keepAlive();
    break;
  }

  case "keep-alive-later": {
    // A keep-alive asked for under a unit without WatchdogSec=; the service turns the watchdog on afterwards.
    const service = watchdog({ keepAlive: true });
    service.ready();
    service.setWatchdogInterval(2_000_000);
    service.status(`watchdog turned on: ${service.timeout} µs`);
    setInterval(() => {}, 1000); // the keep-alive's timer is unref'd: something else keeps us running
    break;
  }

  case "close-on-stop":
    // The shutdown every service writes: STOPPING=1, close(), exit a moment later; a timer still pings meanwhile.
    setInterval(() => wd.ping(), 10);
    setInterval(() => wd.status(`serving ${Date.now()}`), 10);
    process.on("SIGTERM", () => {
      wd.stopping();
      wd.close();
      setTimeout(() => process.exit(0), 300);
    });
    wd.ready();
    break;

  case "notify-access":
    wd.ready();
    wd.notifyAccess("all");
    wd.status("NOTIFYACCESS=all sent");
    keepAlive();
    break;

  default:
    throw new Error(`unknown SCENARIO ${process.env.SCENARIO}`);
}
