// The ESM entry points' declarations (`.d.mts`, resolved by `import` under node16/nodenext)
// are those of the CommonJS modules: the same classes and types either way.
import { Authlete, HTTPClient, ServerList, exactInt64 } from "authlete";
import { AuthleteCore } from "authlete/core.js";
import { clientsGet } from "authlete/funcs/clientsGet.js";
import { JweAlg, type Client, type ClientInput } from "authlete/models";
import { ResultError, AuthleteError } from "authlete/models/errors";
import type { ClientGetApiRequest } from "authlete/models/operations";
import { OK } from "authlete/types";
import { serverURLFromOptions } from "authlete/lib/config.js";
import type { RetryConfig } from "authlete/lib/retries.js";
import { Clients } from "authlete/sdk/clients.js";
import { startEmulator } from "authlete/testing";
import type * as cjs from "./esm-cjs-side.cjs";

type Equal<T, U> = (<G>() => G extends T ? 1 : 2) extends <G>() => G extends U ? 1 : 2 ? true : false;
function assertType<T extends true>(): void {}

assertType<Equal<typeof ResultError, typeof cjs.ResultError>>();
assertType<Equal<Client, cjs.Client>>();
assertType<Equal<typeof Authlete, typeof cjs.Authlete>>();

export async function esm(): Promise<void> {
  const core = new AuthleteCore({ security: { authlete: "t" } });
  const req: ClientGetApiRequest = { serviceId: "1", clientId: "2" };
  const res = await clientsGet(core, req);
  if (!res.ok && res.error instanceof ResultError) {
    const base: AuthleteError = res.error;
    void base;
  }
  const kw: "A128KW" = JweAlg.A128Kw;
  const input: ClientInput = { clientName: "x" };
  const url: URL | null = serverURLFromOptions({ serverIdx: 0 });
  const first: "https://us.authlete.com" = ServerList[0];
  const retries: RetryConfig = { strategy: "none" };
  const resource: Clients = new Authlete().clients;
  const n: bigint | undefined = res.ok ? exactInt64(res.value, "clientId") : undefined;
  void [kw, input, url, first, retries, resource, n, OK(1), new HTTPClient(), startEmulator];
}
