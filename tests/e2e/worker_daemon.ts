/**
 * An end-to-end daemon whose work runs in a Worker, as a service author would split it: the Worker keeps its own
 * Watchdog (status lines) and asks for reloads with onReload(). Where the runtime refuses that in a Worker
 * (Node.js and Bun: signals reach only the main thread), the main thread listens instead, as the error says, and
 * passes each reload on with postMessage. The status says which way it went and counts the reloads done.
 */
import process from "node:process";
import { watchdog } from "../../mod.ts";

interface Port {
  postMessage(message: unknown): void;
}

/** The Worker's side: a Watchdog of its own, reloads by signal if it may, else asked for by the main thread. */
function work(port: Port, onMessage: (listener: (message: unknown) => void) => void): void {
  const wd = watchdog();
  let reloads = 0;
  const reload = () => void wd.status(`reloaded ${++reloads} in the worker (${how})`);
  let how: string;
  try {
    wd.onReload(reload);
    how = "its own listener";
  } catch (error) {
    how = `main thread, as the worker got ${(error as { code: string }).code}`;
  }
  onMessage((message) => {
    // The unit started: this Watchdog says so too, so that its own reloads may run from now on.
    if (message === "started") wd.ready();
    if (message === "reload") {
      reload();
      port.postMessage("reloaded");
    }
  });
  port.postMessage({ how });
}

/** The main thread's side: the unit's READY=1, and the reload listener when the Worker could not have one. */
function serve(worker: Port, onMessage: (listener: (message: unknown) => void) => void): void {
  const wd = watchdog();
  let reloaded = () => {};
  onMessage((message) => {
    if (message === "reloaded") return reloaded();
    const { how } = message as { how: string };
    if (how.startsWith("main thread")) {
      wd.onReload(() => {
        worker.postMessage("reload");
        return new Promise<void>((resolve) => (reloaded = resolve));
      });
    }
    wd.status(`worker listening by ${how}`);
    wd.ready();
    worker.postMessage("started");
    setInterval(() => wd.ping(), 250);
  });
}

if ("Deno" in globalThis) {
  const scope = globalThis as unknown as Port & { onmessage: unknown; WorkerGlobalScope?: unknown };
  if (scope.WorkerGlobalScope !== undefined) {
    work(scope, (listener) => (scope.onmessage = ({ data }: { data: unknown }) => listener(data)));
  } else {
    const worker = new Worker(import.meta.url, { type: "module" });
    serve(worker, (listener) => (worker.onmessage = ({ data }) => listener(data)));
  }
} else {
  const threads = await import("node:worker_threads");
  if (!threads.isMainThread) {
    const port = threads.parentPort!;
    work(port, (listener) => port.on("message", listener));
  } else {
    const worker = new threads.Worker(new URL(import.meta.url));
    serve(worker, (listener) => worker.on("message", listener));
  }
}
process.on("SIGTERM", () => process.exit(0));
