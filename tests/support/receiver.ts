/**
 * A notify-socket receiver for tests, with synchronous helpers on top of the
 * package's own receiving end.
 *
 * @module
 */

import { DatagramReceiver } from "../../src/datagram_receiver.ts";

let counter = 0;

/** A unique socket address: a path in the temp dir, or an abstract name. */
export function uniqueAddress(kind: "path" | "abstract"): string {
  const name = `sdw-test-${Date.now()}-${Math.random().toString(36).slice(2)}-${counter++}`;
  return kind === "path" ? `/tmp/${name}.sock` : `@${name}`;
}

/** A bound AF_UNIX datagram socket that collects what is sent to it. */
export class Receiver extends DatagramReceiver {
  constructor(address: string = uniqueAddress("path")) {
    super(address);
  }

  /** The environment a sender under test needs. */
  get env(): Record<string, string> {
    return { NOTIFY_SOCKET: this.address };
  }

  /** Every datagram queued now. */
  drain(): string[] {
    const messages: string[] = [];
    for (let message = this.tryReceive(); message !== undefined; message = this.tryReceive()) {
      messages.push(message);
    }
    return messages;
  }
}
