/** An in-memory WebSocketLike for protocol tests without a network. */
import { EventEmitter } from "node:events";
import type { WebSocketFactory, WebSocketLike } from "../../src/record/socket-source.js";

/** A fake socket the test drives: `serverOpen`, `serverSend`, `serverClose`. */
export class FakeSocket extends EventEmitter {
  readyState = 0;
  readonly sent: string[] = [];
  readonly url: string;
  readonly headers: Record<string, string>;

  constructor(url: string, headers: Record<string, string>) {
    super();
    this.url = url;
    this.headers = headers;
  }

  send(data: string | Buffer): void {
    this.sent.push(typeof data === "string" ? data : data.toString("utf8"));
  }

  close(code = 1000, reason = ""): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.emit("close", code, Buffer.from(reason));
  }

  terminate(): void {
    this.close(1006, "");
  }

  serverOpen(): void {
    this.readyState = 1;
    this.emit("open");
  }

  serverSend(text: string): void {
    this.emit("message", Buffer.from(text), false);
  }

  serverClose(code: number, reason = ""): void {
    this.close(code, reason);
  }
}

/** A factory that keeps every socket it made. */
export function fakeSockets(): { factory: WebSocketFactory; sockets: FakeSocket[] } {
  const sockets: FakeSocket[] = [];
  return {
    sockets,
    factory: (url, headers) => {
      const s = new FakeSocket(url, headers);
      sockets.push(s);
      return s as unknown as WebSocketLike;
    },
  };
}
