/**
 * Calls onReload() in a Worker and prints what came of it: `listening` on Deno, whose Workers get signals (the
 * Worker then reloads on SIGUSR2, sent by the main thread, and prints `reloaded in the worker`), or the error's
 * code and message on Node.js and Bun, where signals reach only the main thread.
 */
import process from "node:process";
import { watchdog } from "../../mod.ts";

interface Port {
  postMessage(message: string): void;
}

function listenIn(port: Port): void {
  try {
    const wd = watchdog({ env: {} });
    wd.onReload(() => port.postMessage("reloaded in the worker"), { signal: "SIGUSR2" });
    wd.ready();
    port.postMessage("listening");
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    port.postMessage(`${code}: ${message}`);
  }
}

const report = (process as { report?: { reportOnSignal: boolean } }).report;
if (report) report.reportOnSignal = false;

if ("Deno" in globalThis) {
  if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined") {
    listenIn(globalThis as unknown as Port);
  } else {
    const worker = new Worker(import.meta.url, { type: "module" });
    worker.onmessage = ({ data }) => {
      console.log(data);
      if (data === "listening") process.kill(process.pid, "SIGUSR2");
      else worker.terminate();
    };
  }
} else {
  const threads = await import("node:worker_threads");
  if (!threads.isMainThread) {
    listenIn(threads.parentPort!);
  } else {
    const worker = new threads.Worker(new URL(import.meta.url));
    worker.on("message", (data: string) => {
      console.log(data);
      worker.terminate();
    });
  }
}
