/**
 * What a live venue client and the transport carrying it agree on: the connection a session
 * handler may use, and the handler the transport calls. Below both the protocols (which write
 * handlers) and the recorder (which carries them), so neither imports the other.
 */

/** What a session handler may do with its connection. */
export interface LiveConnection {
  /** This connection's number in the tape. */
  readonly c: number;
  /** Sends a text frame (and records it). */
  send(text: string): void;
  /** Closes the socket; the source reconnects unless `stop` was called. */
  close(code: number, reason: string): void;
  /** Gives up: closes and never reconnects; the recording reports `reason`. */
  fatal(reason: string): void;
}

/** The protocol spoken on one connection: called by the source, one handler per connection. */
export interface SessionHandler {
  /** The socket opened; send the login here. */
  opened?(): void;
  /** A text frame arrived (already recorded). */
  text?(text: string): void;
  /** The connection ended (clear timers here). */
  closed?(): void;
}
