/** Test helpers: run the Authlete emulator around your tests, without Authlete credentials. */

/** The token `Emulator.token` reports when the emulator accepts any token. */
export declare const ANY_TOKEN: "emulator-token";

/** Options of {@link startEmulator}. */
export interface StartEmulatorOptions {
  /** Accept only `Authorization: Bearer <token>` (`--require-token`); default: any non-empty token. */
  token?: string | undefined;
  /** The executable; default: $AUTHLETE_EMULATOR_BIN, else `authlete-emulator` on PATH. */
  bin?: string | undefined;
  /** How long to wait for the emulator's URL line (default 10000). */
  startupTimeoutMs?: number | undefined;
  /** How long to wait after SIGTERM before SIGKILL (default 5000). */
  stopTimeoutMs?: number | undefined;
}

/** One request as the emulator's admin log reports it. */
export interface EmulatorLogEntry {
  op: string | null;
  method: string;
  path: string;
  segments: string[];
  query: string | null;
  headers: Record<string, string>;
  body: unknown;
  rawBody: string | null;
  completed: boolean;
  cancelled: boolean;
  fault: string | null;
  status: number | null;
}

/** A running emulator. */
export interface Emulator {
  /** Base URL (`http://127.0.0.1:PORT`): the SDK's `serverURL`. */
  readonly url: string;
  /** A bearer token the emulator accepts: the required one, or a placeholder. */
  readonly token: string;
  /** The process id. */
  readonly pid: number | undefined;
  /** Stops the process: SIGTERM, then SIGKILL after `stopTimeoutMs`. Safe to call twice. */
  stop(): Promise<void>;
  /** A call of the admin API (`POST /__emulator/<call>`); resolves to its JSON answer. */
  admin(call: string, body?: Record<string, unknown>): Promise<any>;
  /** Forgets every service, client, authorization, queued fault and logged request. */
  reset(): Promise<void>;
  /** Queues a fault for operation `op` (e.g. `"clients.get"`; null: any), e.g. `{ status: 503 }`. */
  fault(op: string | null | undefined, spec?: Record<string, unknown>): Promise<{ queued: number; fault: string }>;
  /** The requests received (optionally of one operation), oldest first. */
  log(op?: string): Promise<EmulatorLogEntry[]>;
  /** `await using emu = await startEmulator()` stops it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** The emulator executable (`bin`, $AUTHLETE_EMULATOR_BIN, or PATH); throws (code ENOENT) if none. */
export declare function findEmulator(bin?: string): string;

/** Starts the emulator on a free loopback port; resolves once it printed its URL. */
export declare function startEmulator(options?: StartEmulatorOptions): Promise<Emulator>;
