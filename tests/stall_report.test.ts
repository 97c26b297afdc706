import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { NotifyError, watchdog } from "../mod.ts";
import { FakeNotifySocket } from "../testing.ts";
import { describeStall, runStallThread, STALL_SLOTS, type StallEvent, StallWatch } from "../src/stall_watch.ts";
import { run, runScriptArgs, runtimeExecutable, runtimeName } from "./support/spawn.ts";

const script = fileURLToPath(new URL("./support/stall_service.ts", import.meta.url));

/** Counters as the main thread keeps them, for a watchdog of `intervalMs`. */
function counters(intervalMs: number, afterMs = 0): Int32Array {
  const shared = new Int32Array(Object.keys(STALL_SLOTS).length);
  shared[STALL_SLOTS.intervalMs] = intervalMs;
  shared[STALL_SLOTS.afterMs] = afterMs;
  return shared;
}

/**
 * Checks `watch` every 100 ms (as the thread does, a few times per afterMs) from `from` to `to` ms; `at(now)` changes
 * the counters first. Returns what it reported, with when.
 */
function checks(watch: StallWatch, from: number, to: number, at: (now: number) => void = () => {}) {
  const events: [number, StallEvent][] = [];
  for (let now = from; now <= to; now += 100) {
    at(now);
    const event = watch.check(now);
    if (event) events.push([now, event]);
  }
  return events;
}

describe("stall reports: what the helper thread decides", () => {
  it("a loop that stops beating for a quarter of the interval is blocked; once it beats again, it ran again", () => {
    const shared = counters(4000);
    const watch = new StallWatch(shared, 0);
    const beat = () => shared[STALL_SLOTS.beats]++;
    assert.deepEqual(checks(watch, 100, 2000, (now) => now <= 1000 && beat()), [[2000, {
      kind: "blocked",
      forMs: 1000,
    }]]);
    assert.deepEqual(checks(watch, 2100, 3000), [], "said once per stall");
    assert.deepEqual(checks(watch, 3100, 3200, beat), [[3100, { kind: "ran again", forMs: 2100 }]]);
  });

  it("a loop that beats while no ping goes out for seven eighths of the interval is not blocked: no ping", () => {
    const shared = counters(4000);
    const watch = new StallWatch(shared, 0);
    const beat = () => shared[STALL_SLOTS.beats]++;
    assert.deepEqual(checks(watch, 100, 3000, beat), [], "a ping three quarters of the interval apart is on time");
    assert.deepEqual(checks(watch, 3100, 4000, beat), [[3500, { kind: "no ping", forMs: 3500 }]], "said once");
    shared[STALL_SLOTS.pings]++;
    assert.deepEqual(checks(watch, 4100, 4100, beat), [[4100, { kind: "pinged again", forMs: 4100 }]]);
  });

  it("a no ping that turns out to be a blocked loop is reported again, as blocked", () => {
    const shared = counters(4000);
    const watch = new StallWatch(shared, 0);
    const beat = () => shared[STALL_SLOTS.beats]++;
    assert.deepEqual(checks(watch, 100, 4500, (now) => now <= 3500 && beat()), [
      [3500, { kind: "no ping", forMs: 3500 }],
      [4500, { kind: "blocked", forMs: 1000 }],
    ]);
    assert.deepEqual(checks(watch, 4600, 4600, beat), [[4600, { kind: "ran again", forMs: 1100 }]]);
  });

  it("no ping is said while the keep-alive withholds pings on purpose (its own status says why)", () => {
    const shared = counters(4000);
    shared[STALL_SLOTS.withheld] = 1;
    const watch = new StallWatch(shared, 0);
    assert.deepEqual(checks(watch, 100, 8000, () => shared[STALL_SLOTS.beats]++), []);
  });

  it("turned off then on again, it starts afresh: the time off is neither a block nor missing pings", () => {
    const shared = counters(4000);
    const watch = new StallWatch(shared, 0);
    shared[STALL_SLOTS.intervalMs] = 0;
    assert.deepEqual(checks(watch, 100, 5000), [], "nothing while off");
    shared[STALL_SLOTS.intervalMs] = 4000;
    assert.deepEqual(checks(watch, 5100, 6100), [[6100, { kind: "blocked", forMs: 1000 }]], "counted from when on");
  });

  it("a report open when the watchdog goes off ends: a no ping is no longer due, a blocked loop that turned it off ran", () => {
    const shared = counters(4000);
    const watch = new StallWatch(shared, 0);
    const beat = () => shared[STALL_SLOTS.beats]++;
    assert.deepEqual(checks(watch, 100, 3500, beat), [[3500, { kind: "no ping", forMs: 3500 }]]);
    shared[STALL_SLOTS.intervalMs] = 0; // STOPPING=1, or WATCHDOG_USEC=0
    assert.deepEqual(checks(watch, 3600, 3600, beat), [[3600, { kind: "not due", forMs: 3600 }]]);

    const counters2 = counters(4000);
    const watch2 = new StallWatch(counters2, 0);
    assert.deepEqual(checks(watch2, 100, 1000), [[1000, { kind: "blocked", forMs: 1000 }]]);
    // What StallReport.follow(0) does, from the main thread's loop: the interval goes to 0 and the loop beats once.
    counters2[STALL_SLOTS.intervalMs] = 0;
    counters2[STALL_SLOTS.beats]++;
    assert.deepEqual(checks(watch2, 1100, 5000), [[1100, { kind: "ran again", forMs: 1100 }]]);
  });

  it("a blocked report open when the watchdog is turned on again ends when the loop beats", () => {
    const shared = counters(4000);
    const watch = new StallWatch(shared, 0);
    assert.deepEqual(checks(watch, 100, 1000), [[1000, { kind: "blocked", forMs: 1000 }]]);
    shared[STALL_SLOTS.intervalMs] = 0;
    assert.deepEqual(checks(watch, 1100, 1500), []);
    shared[STALL_SLOTS.intervalMs] = 4000;
    shared[STALL_SLOTS.beats]++;
    const [[, event]] = checks(watch, 1600, 1600);
    assert.equal(event.kind, "ran again");
  });

  it("a whole process stopped (checks come late: SIGSTOP, a frozen cgroup) is not a blocked loop", () => {
    const shared = counters(4000);
    const watch = new StallWatch(shared, 0);
    const beat = () => shared[STALL_SLOTS.beats]++;
    checks(watch, 100, 500, beat);
    assert.equal(watch.check(2500), undefined, "2 s without a check: stopped, not blocked");
    assert.deepEqual(checks(watch, 2600, 3000, beat), []);
  });

  it("a late check ends no report: only a beat ends 'blocked', only a ping (or the watchdog off) ends 'no ping'", () => {
    const shared = counters(4000);
    const watch = new StallWatch(shared, 0);
    const beat = () => shared[STALL_SLOTS.beats]++;
    assert.deepEqual(checks(watch, 100, 3500, beat), [[3500, { kind: "no ping", forMs: 3500 }]]);
    assert.equal(watch.check(5000), undefined, "checked late, still no ping: nothing to take back");
    shared[STALL_SLOTS.pings]++;
    assert.deepEqual(watch.check(5100), { kind: "pinged again", forMs: 5100 }, "counted from the last ping");

    const blocked = new StallWatch(counters(4000), 0);
    assert.deepEqual(checks(blocked, 100, 1000), [[1000, { kind: "blocked", forMs: 1000 }]]);
    assert.equal(blocked.check(3000), undefined, "checked late, still blocked");
    assert.deepEqual(checks(blocked, 3100, 4000), [], "and not reported again");
  });

  it("afterMs replaces the quarter of the interval, up to half of it; nothing is said while the watchdog is off", () => {
    const shared = counters(4000, 300);
    const watch = new StallWatch(shared, 0);
    assert.deepEqual(checks(watch, 100, 300), [[300, { kind: "blocked", forMs: 300 }]]);
    assert.equal(new StallWatch(counters(4000, 10_000), 0).afterMs, 2000, "an afterMs past the kill is capped");
    const quiet = new StallWatch(counters(0), 0);
    assert.deepEqual(checks(quiet, 100, 60_000), []);
    assert.equal(quiet.afterMs, 0);
  });

  it("describes a stall with its duration, its start and, when known, where the loop stopped", () => {
    const wallNow = new Date(2026, 11, 5, 12, 0, 3, 523).getTime();
    const blocked = describeStall({ kind: "blocked", forMs: 2400 }, wallNow, ["parse (file:///srv/a.js:3:7)", "main"]);
    assert.equal(blocked.status, "Event loop blocked for 2.4 s (since 12:00:01.123), in parse (file:///srv/a.js:3:7)");
    assert.match(
      blocked.line,
      /^Event loop blocked for 2\.4 s .*its stack: parse \(file:\/\/\/srv\/a\.js:3:7\) <- main$/,
    );
    assert.equal(
      describeStall({ kind: "blocked", forMs: 2400 }, wallNow).status,
      "Event loop blocked for 2.4 s (since 12:00:01.123)",
    );
    assert.equal(
      describeStall({ kind: "ran again", forMs: 2600 }, wallNow).line,
      "Event loop ran again after 2.6 s blocked",
    );
    const noPing = describeStall({ kind: "no ping", forMs: 3100 }, wallNow);
    assert.equal(noPing.status, "No watchdog ping for 3.1 s while the event loop ran");
    assert.doesNotMatch(noPing.line, /blocked/);
    const worker = describeStall({ kind: "blocked", forMs: 2400 }, wallNow, [], "Worker's event loop");
    assert.match(worker.status!, /^Worker's event loop blocked for 2\.4 s/);
  });
});

/** Counters in shared memory, as the main thread makes them, for a watchdog of `intervalMs`. */
function sharedCounters(intervalMs: number): Int32Array {
  const shared = new Int32Array(new SharedArrayBuffer(4 * Object.keys(STALL_SLOTS).length));
  shared[STALL_SLOTS.intervalMs] = intervalMs;
  return shared;
}

interface ThreadRecord {
  statuses: string[];
  lines: string[];
  restored: number[];
  failed: unknown[];
  closed: number;
}

/**
 * Runs the helper thread's loop here, on this thread, over `shared` (a 400 ms interval: checks every 25 ms), with a
 * libc that records (`libc` changes it) and `stack` for where the main thread is; until `until(sent)` holds (or 5 s
 * pass). Closes it twice, as a failed thread is (once by itself, once by the main thread).
 */
async function threadLoop(
  shared: Int32Array,
  stack: () => Promise<string[]>,
  until: (sent: ThreadRecord) => boolean,
  libc: { sendto?: () => number; write?: () => number } = {},
) {
  const sent: ThreadRecord = { statuses: [], lines: [], restored: [], failed: [], closed: 0 };
  const decoder = new TextDecoder();
  const closers: (() => void)[] = [];
  runStallThread({
    data: {
      shared: shared.buffer as SharedArrayBuffer,
      sockaddr: new Uint8Array(3),
      stack: true,
      libcNames: ["libc"],
      loop: "Event loop",
    },
    openLibc: () => ({
      socket: () => 99,
      sendto: (_fd, bytes) => libc.sendto?.() ?? (sent.statuses.push(decoder.decode(bytes)), bytes.length),
      write: (_fd, bytes) => libc.write?.() ?? (sent.lines.push(decoder.decode(bytes).trim()), bytes.length),
      close: () => sent.closed++,
    }),
    Watch: StallWatch,
    describe: describeStall,
    mainThreadStack: stack,
    restore: (report) => sent.restored.push(report),
    fail: (error) => sent.failed.push(error),
    onClose: (close) => closers.push(close),
  });
  const deadline = performance.now() + 5000;
  while (!until(sent) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  for (const close of [...closers, ...closers]) close();
  return sent;
}

describe("stall reports: the helper thread's loop", () => {
  it("a blocked loop is told to systemd; once it runs again, the service's line is asked back for that report", async () => {
    const shared = sharedCounters(400);
    let blocked = true;
    const beats = setInterval(() => blocked || Atomics.add(shared, STALL_SLOTS.beats, 1), 5);
    const sent = await threadLoop(shared, () => Promise.resolve(["parse (file:///srv/a.js:3:7)"]), (sent) => {
      if (sent.statuses.length > 0) blocked = false;
      return sent.restored.length > 0;
    });
    clearInterval(beats);
    assert.equal(sent.statuses.length, 1, sent.statuses.join("\n"));
    assert.match(sent.statuses[0], /^STATUS=Event loop blocked for 0\.\d s \(since .*\), in parse/);
    assert.match(sent.lines[1], /^@x\/systemd-watchdog: Event loop ran again after 0\.\d s blocked$/);
    assert.deepEqual(sent.restored, [1], "report number 1 is over");
    assert.equal(sent.closed, 1, "its socket closed once");
  });

  it("a loop that ran again while its stack was read is said to have run again, without a STATUS= to take back", async () => {
    const shared = sharedCounters(400);
    const stack = () => {
      Atomics.add(shared, STALL_SLOTS.beats, 1); // the loop ran on before the frames came back
      return Promise.resolve(["handler (file:///srv/a.js:9:1)"]);
    };
    const sent = await threadLoop(shared, stack, (sent) => sent.lines.length > 0);
    assert.deepEqual(sent.statuses, [], "nothing stale went to systemd");
    assert.match(sent.lines[0], /^@x\/systemd-watchdog: Event loop ran again after 0\.\d s blocked$/);
    assert.deepEqual(sent.restored, [], "no line of the service's to put back");
  });

  it("a report systemd could not be told asks for nothing back; one the main thread took back neither", async () => {
    const untold = sharedCounters(400);
    let blocked = true;
    const beats = setInterval(() => blocked || Atomics.add(untold, STALL_SLOTS.beats, 1), 5);
    const sent = await threadLoop(untold, () => Promise.resolve([]), (sent) => {
      if (sent.lines.length > 0) blocked = false;
      return sent.lines.length > 1;
    }, { sendto: () => -1 });
    clearInterval(beats);
    assert.match(sent.lines[0], /blocked .*\(systemd could not be told\)$/);
    assert.match(sent.lines[1], /ran again/);
    assert.deepEqual(sent.restored, []);

    const takenBack = sharedCounters(400);
    blocked = true;
    const beats2 = setInterval(() => blocked || Atomics.add(takenBack, STALL_SLOTS.beats, 1), 5);
    const sent2 = await threadLoop(takenBack, () => Promise.resolve([]), (sent) => {
      if (sent.statuses.length > 0 && blocked) {
        Atomics.store(takenBack, STALL_SLOTS.shown, 0); // what StallReport.follow(0) does first
        blocked = false;
      }
      return sent.lines.length > 1;
    });
    clearInterval(beats2);
    assert.match(sent2.lines[1], /ran again/);
    assert.deepEqual(sent2.restored, []);
  });

  it("a thread that fails closes its socket, once, and says why", async () => {
    const shared = sharedCounters(400);
    const sent = await threadLoop(shared, () => Promise.resolve([]), (sent) => sent.failed.length > 0, {
      write: () => {
        throw new Error("stderr is gone");
      },
    });
    assert.equal(String(sent.failed[0]), "Error: stderr is gone");
    assert.equal(sent.closed, 1);
  });
});

describe("stall reports: the option", () => {
  it("refuses what is not true, false or options, and an afterMs that is not a positive integer (EINVAL)", () => {
    for (const stallReport of ["yes", 1, null, { afterMs: 0 }, { afterMs: 1.5 }, { afterMs: 2 ** 31 }]) {
      assert.throws(
        () => watchdog({ env: {}, stallReport: stallReport as never }),
        (error) => error instanceof NotifyError && error.code === "EINVAL",
        JSON.stringify(stallReport),
      );
    }
  });
});

/** Runs tests/support/stall_service.ts with `mode` against a fake manager; returns what it sent and printed. */
async function service(mode: string, env: Record<string, string> = {}) {
  await using fake = await FakeNotifySocket.open();
  const result = await run(runtimeExecutable, [...runScriptArgs, script, mode], { ...fake.env, ...env }, 30_000);
  const lines = result.stderr.split("\n").filter((line) => line.startsWith("@x/systemd-watchdog: "));
  return { ...result, lines, statuses: fake.datagrams.filter((datagram) => datagram.startsWith("STATUS=")) };
}

describe(`stall reports in a service of its own, on ${runtimeName}`, () => {
  it("a loop blocked in a named function: STATUS= and stderr say so and for how long, then that it ran again", async () => {
    const { code, stdout, stderr, lines, statuses } = await service("blocks:1500", { WATCHDOG_USEC: "2000000" });
    assert.equal(code, 0, stderr);
    assert.equal(
      stdout,
      "blocking for 1500 ms\nrunning again\ndone\n",
      "it exits by itself: the thread keeps nothing alive",
    );
    assert.equal(
      statuses.length,
      3,
      `its own, the report, its own again: ${JSON.stringify(statuses)}; stderr: ${stderr}`,
    );
    assert.equal(statuses[0], "STATUS=Serving");
    assert.match(statuses[1], /^STATUS=Event loop blocked for 0\.\d s \(since \d\d:\d\d:\d\d\.\d{3}\)/);
    assert.equal(statuses[2], "STATUS=Serving", "the service's own status line comes back");
    assert.equal(lines.length, 2, stderr);
    assert.match(
      lines[0],
      /^@x\/systemd-watchdog: Event loop blocked for 0\.\d s \(since .*\).*: no watchdog ping can go out/,
    );
    assert.match(lines[1], /^@x\/systemd-watchdog: Event loop ran again after 1\.\d s blocked$/);
    if (runtimeName === "node") {
      assert.match(statuses[1], /, in parseHugeThing \(file:\/\/.*stall_service\.ts:\d+:\d+\)$/, "Node.js says where");
      assert.match(lines[0], /its stack: parseHugeThing \(file:.*stall_service\.ts:\d+:\d+\) <- /);
    }
  });

  it("a loop that runs while nothing pings is not called blocked: no watchdog ping while the event loop ran", async () => {
    const { code, stderr, lines, statuses } = await service("no-ping:2000", { WATCHDOG_USEC: "2000000" });
    assert.equal(code, 0, stderr);
    assert.match(statuses[1], /^STATUS=No watchdog ping for \d\.\d s while the event loop ran$/);
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0], /No watchdog ping for \d\.\d s while the event loop ran: is a timer calling ping\(\)/);
    assert.doesNotMatch(stderr, /blocked/);
  });

  it("a keep-alive that withholds pings because healthy() says no: its Unhealthy line stays, no 'no ping' over it", async () => {
    const { code, stderr, lines, statuses } = await service("unhealthy:2500", { WATCHDOG_USEC: "2000000" });
    assert.equal(code, 0, stderr);
    assert.deepEqual(statuses, ["STATUS=Serving", "STATUS=Unhealthy, watchdog pings paused: database unreachable"]);
    assert.deepEqual(lines, []);
  });

  it("a block while the keep-alive withholds pings: its Unhealthy line comes back afterwards, not an older one", async () => {
    const { code, stderr, statuses } = await service("unhealthy-block:1500", { WATCHDOG_USEC: "2000000" });
    assert.equal(code, 0, stderr);
    const unhealthy = "STATUS=Unhealthy, watchdog pings paused: database unreachable";
    assert.equal(statuses.length, 4, JSON.stringify(statuses));
    assert.deepEqual([statuses[0], statuses[1], statuses[3]], ["STATUS=Serving", unhealthy, unhealthy]);
    assert.match(statuses[2], /^STATUS=Event loop blocked for/);
  });

  it("a report still shown at STOPPING=1 is taken back, once: the last line sent comes back", async () => {
    const noPing = await service("no-ping-then-stop:2000", { WATCHDOG_USEC: "2000000" });
    assert.equal(noPing.code, 0, noPing.stderr);
    assert.equal(noPing.statuses.length, 3, JSON.stringify(noPing.statuses));
    assert.match(noPing.statuses[1], /^STATUS=No watchdog ping for/);
    assert.equal(noPing.statuses[2], "STATUS=Serving");
    assert.match(noPing.lines[1], /No watchdog ping is due any more, after \d\.\d s without one$/);
    const blocked = await service("block-then-close:1500", { WATCHDOG_USEC: "2000000" });
    assert.equal(blocked.code, 0, blocked.stderr);
    assert.equal(blocked.statuses.length, 3, `put back once, before close(): ${JSON.stringify(blocked.statuses)}`);
    assert.match(blocked.statuses[1], /^STATUS=Event loop blocked for/);
    assert.equal(blocked.statuses[2], "STATUS=Serving");
  });

  it("a service that never set a status line gets an empty one back (systemd then shows none)", async () => {
    const { code, stderr, statuses } = await service("blocks:1500", { WATCHDOG_USEC: "2000000", NO_STATUS: "1" });
    assert.equal(code, 0, stderr);
    assert.equal(statuses.length, 2, JSON.stringify(statuses));
    assert.match(statuses[0], /^STATUS=Event loop blocked for/);
    assert.equal(statuses[1], "STATUS=");
  });

  it("a loop blocked in a system call is reported too, and runs on afterwards (never left paused)", async () => {
    const { code, stdout, stderr, lines, statuses } = await service("syscall:1500", { WATCHDOG_USEC: "2000000" });
    assert.equal(code, 0, stderr);
    assert.equal(stdout, "running again\ndone\n");
    assert.match(
      statuses[1],
      /^STATUS=Event loop blocked for \d\.\d s \(since [\d:.]+\)$/,
      "no frames: it was not in JS",
    );
    assert.equal(statuses[2], "STATUS=Serving");
    assert.match(lines[1], /Event loop ran again after 1\.\d s blocked/);
  });

  if (runtimeName === "node") {
    it("under --permission: without --allow-worker, EPERM once and the service runs on; without --allow-inspector, reports without frames", async () => {
      await using fake = await FakeNotifySocket.open();
      const permission = ["--permission", "--allow-ffi", "--allow-fs-read=*", "--disable-warning=SecurityWarning"];
      const env = { ...fake.env, WATCHDOG_USEC: "2000000" };
      const noWorker = await run(runtimeExecutable, [...runScriptArgs, ...permission, script, "blocks:1000"], env);
      assert.equal(noWorker.code, 0, noWorker.stderr);
      assert.match(
        noWorker.stderr,
        /Cannot report stalls: Node\.js runs with --permission.*add --allow-worker \[EPERM/,
      );
      assert.doesNotMatch(noWorker.stderr, /Event loop blocked/);
      const noInspector = await run(
        runtimeExecutable,
        [...runScriptArgs, ...permission, "--allow-worker", script, "blocks:1000"],
        env,
      );
      assert.equal(noInspector.code, 0, noInspector.stderr);
      assert.match(noInspector.stderr, /@x\/systemd-watchdog: Event loop blocked for 0\.\d s \(since [\d:.]+\): /);
      assert.doesNotMatch(noInspector.stderr, /helper thread failed/);
    });
  }

  it("a block shorter than afterMs says nothing", async () => {
    const { code, stderr, lines, statuses } = await service("blocks:200", { WATCHDOG_USEC: "4000000" });
    assert.equal(code, 0, stderr);
    assert.deepEqual(statuses, ["STATUS=Serving"]);
    assert.deepEqual(lines, []);
  });

  it("without a watchdog, a block is not reported; nor after close()", async () => {
    const off = await service("blocks:600", { STALL_AFTER_MS: "100" });
    assert.equal(off.code, 0, off.stderr);
    assert.deepEqual(off.lines, []);
    const closed = await service("close-then-block:1200", { WATCHDOG_USEC: "1000000" });
    assert.equal(closed.code, 0, closed.stderr);
    assert.deepEqual(closed.lines, []);
    assert.deepEqual(closed.statuses, ["STATUS=Serving"]);
  });
});
