import { it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import process from "node:process";
import { runtimeExecutable } from "../support/spawn.ts";
import { documentationBlocks, writeSnippet } from "../support/readme.ts";
import { fetchText, freePort, runtime, scriptCommand, startUnit, staysActive } from "./units.ts";
import { describeUnderEachSystemd } from "./each_systemd.ts";
import type { UserManager } from "./user_manager.ts";

// The flags the README's unit file gives Deno.
const DENO_FLAGS = ["--allow-env", "--allow-ffi", "--allow-net"];

/** How the suite runs each README snippet that is a service; `match` finds it. */
interface ServiceSnippet {
  name: string;
  match: string;
  /** The flags Deno needs, when not the README unit file's. */
  denoFlags?: string[];
  run(manager: UserManager, command: string[]): Promise<void>;
}

const SERVICES: ServiceSnippet[] = [
  {
    name: "the first example",
    match: 'wd.status("Starting my service...");',
    async run(manager, command) {
      await using unit = await startUnit(manager, "readme-intro", ["WatchdogSec=3"], { command });
      assert.equal(unit.started.code, 0, unit.started.stderr);
      assert.equal((await manager.show(unit.unit)).StatusText, "Starting my service...");
      await staysActive(manager, unit.unit, 4000); // past WatchdogSec: ping() from the timer keeps it
    },
  },
  {
    name: "A service",
    match: 'wd.status("Serving on :8080");',
    async run(manager, command) {
      await using unit = await startUnit(manager, "readme-usage", ["WatchdogSec=3"], { command });
      assert.equal(unit.started.code, 0, unit.started.stderr);
      await manager.waitFor(unit.unit, (shown) => shown.StatusText === "Serving on :8080");
      await staysActive(manager, unit.unit, 3500);
      const stop = await manager.systemctl("stop", unit.unit);
      assert.equal(stop.code, 0, stop.stderr);
      assert.equal(await unit.ended(), "success exited 0"); // stopping(), flush(), exit(0)
    },
  },
  {
    name: "Why did the watchdog kill my service?",
    match: "stallReport: true",
    async run(manager, command) {
      await using unit = await startUnit(manager, "readme-stall", ["WatchdogSec=2"], { command });
      assert.equal(unit.started.code, 0, unit.started.stderr);
      const blocked = await manager.waitFor(unit.unit, (shown) => shown.StatusText.startsWith("Event loop blocked"));
      assert.match(blocked.StatusText, /^Event loop blocked for \d\.\d s \(since \d\d:\d\d:\d\d\.\d{3}\)/);
      if (runtime === "node") assert.match(blocked.StatusText, /, in parseHugeThing \(file:.*:\d+:\d+\)$/);
      assert.match(await unit.ended(), /^watchdog /, "still killed: the helper thread never pings");
    },
  },
  {
    name: "Reloading",
    match: "wd.onReload(async () => {",
    denoFlags: [...DENO_FLAGS, "--allow-read"],
    async run(manager, command) {
      const settings = `${manager.runtimeDir}/readme-reload-${runtime}.json`;
      writeFileSync(settings, '{ "port": 8080 }');
      const reload = manager.install.version >= 253 ? "Type=notify-reload" : "ExecReload=/bin/kill -HUP $MAINPID";
      await using unit = await startUnit(manager, "readme-reload", ["WatchdogSec=3", reload], {
        command,
        env: { SETTINGS: settings },
      });
      assert.equal(unit.started.code, 0, unit.started.stderr);
      writeFileSync(settings, '{ "port": 8080, "workers": 4 }');
      assert.equal((await manager.systemctl("reload", unit.unit)).code, 0);
      await manager.waitFor(unit.unit, (shown) => shown.StatusText === "Serving with 2 settings", 10_000);
      writeFileSync(settings, '{ "port": '); // broken: the reload fails, the service keeps its settings
      assert.equal((await manager.systemctl("reload", unit.unit)).code, 0);
      const failed = await manager.waitFor(unit.unit, (shown) => shown.StatusText.startsWith("Reload failed"), 10_000);
      assert.equal(failed.ActiveState, "active");
      await staysActive(manager, unit.unit, 3500);
      rmSync(settings);
    },
  },
  {
    name: "the raw protocol",
    match: "const intervalUsec = sdWatchdogEnabled();",
    async run(manager, command) {
      await using unit = await startUnit(manager, "readme-raw", [], { command });
      assert.equal(unit.started.code, 0, unit.started.stderr); // READY=1 arrived
      assert.equal(await unit.ended(), "success exited 0");
    },
  },
  {
    name: "Automatic keep-alive",
    match: "keepAlive: { healthy:",
    async run(manager, command) {
      await using unit = await startUnit(manager, "readme-keep-alive", ["WatchdogSec=1"], { command });
      assert.equal(unit.started.code, 0, unit.started.stderr);
      await staysActive(manager, unit.unit, 3000);
    },
  },
  {
    name: "the short-lived sender",
    match: "await sdNotifyBarrier(",
    async run(manager, command) {
      await using unit = await startUnit(manager, "readme-barrier", ["RemainAfterExit=yes"], { command });
      assert.equal(unit.started.code, 0, unit.started.stderr);
      const shown = await manager.waitFor(unit.unit, (shown) => shown.SubState === "exited", 10_000);
      assert.deepEqual([shown.ActiveState, shown.Result], ["active", "success"]);
    },
  },
  {
    name: "socket activation",
    match: 'sdListenFdsWithNames().find(({ name }) => name === "http")',
    async run(manager, command) {
      const port = await freePort();
      const name = `sdw-${runtime}-readme-activated-${process.pid}`;
      const unitDir = `${manager.runtimeDir}/systemd/user`;
      mkdirSync(unitDir, { recursive: true });
      writeFileSync(`${unitDir}/${name}.socket`, `[Socket]\nListenStream=127.0.0.1:${port}\nFileDescriptorName=http\n`);
      writeFileSync(`${unitDir}/${name}.service`, `[Service]\nType=notify\nExecStart=${command.join(" ")}\n`);
      await manager.systemctl("daemon-reload");
      try {
        const listening = await manager.systemctl("start", `${name}.socket`);
        assert.equal(listening.code, 0, listening.stderr);
        assert.equal(await fetchText(`http://127.0.0.1:${port}/`), "hello\n");
        assert.equal((await manager.show(`${name}.service`)).ActiveState, "active");
        // A socket of the wrong kind: the service says so and exits, and nothing blames the watchdog.
        await manager.systemctl("stop", `${name}.socket`, `${name}.service`);
        writeFileSync(
          `${unitDir}/${name}.socket`,
          `[Socket]\nListenDatagram=127.0.0.1:${port}\nFileDescriptorName=http\n`,
        );
        await manager.systemctl("daemon-reload");
        assert.equal((await manager.systemctl("start", `${name}.socket`)).code, 0);
        const refused = await manager.systemctl("start", `${name}.service`);
        assert.notEqual(refused.code, 0, "the service started on a datagram socket");
        const shown = await manager.show(`${name}.service`);
        assert.equal(shown.StatusText, "the socket named http is not a listening TCP socket");
        assert.equal(shown.Result, "exit-code");
      } finally {
        await manager.systemctl("stop", `${name}.socket`, `${name}.service`);
        rmSync(`${unitDir}/${name}.socket`);
        rmSync(`${unitDir}/${name}.service`);
      }
    },
  },
];

// Snippets that are not services, and where they are run instead.
const NOT_SERVICES = [{ match: "FakeNotifySocket", ranBy: "tests/readme.test.ts, as a test" }];

describeUnderEachSystemd(`the README's services, as written (${runtime})`, (systemd) => {
  it("every ts snippet of the README and docs/ is one of these services, or run elsewhere", () => {
    for (const snippet of documentationBlocks()) {
      const known = [...SERVICES, ...NOT_SERVICES].filter(({ match }) => snippet.includes(match));
      assert.equal(known.length, 1, `say how the suite runs this documentation snippet:\n${snippet}`);
    }
  });

  // The README's commands are the installed systemd's, and start the service with Deno.
  if (runtime === "deno" && systemd.install.systemctl === "systemctl") {
    it("Try it locally: the README's systemd-run commands, as written, start the service, show it, stop it", () => {
      const commands = documentationBlocks("sh").find((code) =>
        code.includes("systemd-run --user --collect --unit=my-service")
      );
      assert.ok(commands, "the README still has Try it locally");
      const match = SERVICES.find(({ name }) => name === "A service")!.match;
      const service = documentationBlocks().find((code) => code.includes(match));
      assert.ok(service, "the README still has its service");
      const main = writeSnippet("main.ts", service); // "$PWD/main.ts", in the repository so that the package resolves
      const path = `${dirname(runtimeExecutable)}:${process.env.PATH}`; // "$(which deno)": this Deno
      try {
        const shell = spawnSync("bash", ["-e", "-c", commands], {
          cwd: dirname(main),
          env: { ...process.env, ...systemd.manager.env, DBUS_SESSION_BUS_ADDRESS: "", PATH: path },
          encoding: "utf8",
          timeout: 60_000,
        });
        assert.equal(shell.status, 0, shell.stdout + shell.stderr);
        assert.deepEqual(shell.stdout.trim().split("\n").sort(), [
          "ActiveState=active",
          "StatusText=Serving on :8080",
        ]);
      } finally {
        spawnSync("systemctl", ["--user", "stop", "my-service"], {
          env: { ...process.env, ...systemd.manager.env, DBUS_SESSION_BUS_ADDRESS: "" },
        });
      }
    });
  }

  for (const service of SERVICES) {
    it(`${service.name} runs as a service`, async () => {
      const snippet = documentationBlocks().find((code) => code.includes(service.match));
      assert.ok(snippet, `the README still has ${service.name}`);
      const file = writeSnippet(`readme_${service.name.replaceAll(/\W+/g, "_")}_${runtime}.ts`, snippet);
      await service.run(systemd.manager, scriptCommand(file, service.denoFlags ?? DENO_FLAGS));
    });
  }
});
