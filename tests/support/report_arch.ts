// Prints the architecture this runtime reports, and the one its FFI backend uses: "arm64 aarch64" under qemu.
import process from "node:process";
import { ffi } from "../../ffi/runtime.ts";
import { loadLibc } from "../../ffi/runtime.ts";

loadLibc(); // opens the C library of this architecture
console.log(process.arch, ffi.arch);
