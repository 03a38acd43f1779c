// Compile-time pins of the official TypeScript SDK's names and shapes (`npm run typecheck`,
// strict + exactOptionalPropertyTypes): code written for it must compile against this package.
// Each @ts-expect-error must be an error, so a declaration is neither missing nor `any`.
import { Authlete, HTTPClient, SDK_METADATA, ServerList, serverURLFromOptions, exactInt64, type SDKOptions } from "authlete";
import { AuthleteCore } from "authlete/core.js";
import { clientsGet } from "authlete/funcs/clientsGet.js";
import { clientsGetList } from "authlete/funcs/clientsGetList.js";
import * as models from "authlete/models";
import {
  ClientType,
  JweAlg,
  JweEnc,
  JwsAlg,
  ResponseMode,
  type Client,
  type ClientInput,
  type ClientLimitedAuthorization,
  type ClientAuthorizationGetListResponse,
  type ResultErrorData,
  type Security,
} from "authlete/models";
import * as errors from "authlete/models/errors";
import type { ClientGetListApiRequest, ClientUpdateApiRequest } from "authlete/models/operations";
import type { Result, OK as OKType } from "authlete/types";
import { OK, ERR } from "authlete/types";
import type { Fetcher, HTTPClientOptions, BeforeRequestHook, RequestErrorHook, ResponseHook } from "authlete/lib/http";
import type { RetryConfig, BackoffStrategy } from "authlete/lib/retries.js";
import * as config from "authlete/lib/config.js";
import type * as operations from "authlete/models/operations";
import { Clients } from "authlete/sdk/clients.js";

/** `T` and `U` are the same type. */
type Equal<T, U> = (<G>() => G extends T ? 1 : 2) extends <G>() => G extends U ? 1 : 2 ? true : false;
function assertType<T extends true>(): void {}

// Every model and request type the official TypeScript SDK's `clients` documentation names.
export type NamedByTheDocs = [
  models.Client,
  models.ClientAuthorizationDeleteResponse,
  models.ClientAuthorizationGetListResponse,
  models.ClientAuthorizationUpdateResponse,
  models.ClientExtensionRequestableScopesUpdateResponse,
  models.ClientFlagUpdateResponse,
  models.ClientGetListResponse,
  models.ClientSecretRefreshResponse,
  models.ClientSecretUpdateResponse,
  operations.ClientAuthorizationDeleteApiRequest,
  operations.ClientAuthorizationGetListApiRequest,
  operations.ClientAuthorizationUpdateApiRequest,
  operations.ClientCreateApiRequest,
  operations.ClientDeleteApiRequest,
  operations.ClientExtensionRequestablesScopesDeleteApiRequest,
  operations.ClientExtensionRequestablesScopesUpdateApiRequest,
  operations.ClientFlagUpdateApiRequest,
  operations.ClientGetApiRequest,
  operations.ClientGetListApiRequest,
  operations.ClientSecretRefreshApiRequest,
  operations.ClientSecretUpdateApiRequest,
  operations.ClientUpdateApiRequest,
];

// ---------------------------------------------------------------- 1. enum constant names
const kw: "A128KW" = JweAlg.A128Kw;
const gcmkw: "A128GCMKW" = JweAlg.A128Gcmkw;
const ecdh: "ECDH_ES_A128KW" = JweAlg.EcdhEsA128Kw;
const pbes: "PBES2_HS256_A128KW" = JweAlg.Pbes2Hs256A128Kw;
const cbc: "A128CBC_HS256" = JweEnc.A128CbcHs256;
const gcm: "A128GCM" = JweEnc.A128Gcm;
const es256k: "ES256K" = JwsAlg.Es256K;
const conf: "CONFIDENTIAL" = ClientType.Confidential;
void [kw, gcmkw, ecdh, pbes, cbc, gcm, es256k, conf];
// @ts-expect-error the old spelling is gone
void JweAlg.A128kw;
// @ts-expect-error the old spelling is gone
void JwsAlg.Es256k;

// ---------------------------------------------------------------- 2. models the docs name
const modes: Client["responseModes"] = [ResponseMode.FormPostJwt, ResponseMode.Query];
void modes;
assertType<Equal<NonNullable<Client["responseModes"]>, Array<ResponseMode>>>();
// @ts-expect-error responseModes holds strings
const badModes: Client["responseModes"] = [1];
void badModes;
const input: ClientInput = { clientName: "x", responseModes: ["QUERY"] };
void input;
// @ts-expect-error a read-only field is not part of a request body
const withId: ClientInput = { clientId: 1 };
void withId;
declare const apps: ClientAuthorizationGetListResponse;
const app: ClientLimitedAuthorization | undefined = apps.clients?.[0];
void app;
const data: ResultErrorData = { resultCode: "A1", resultMessage: "m" };
const sec: Security = { authlete: "t" };
const sec2: models.Security = { bearer: "t" };
void [data, sec, sec2];

// ---------------------------------------------------------------- 3. `prop?: T | undefined`
declare const maybe: string | undefined;
declare const maybeN: number | undefined;
const list: ClientGetListApiRequest = { serviceId: "1", developer: maybe, start: maybeN, end: undefined };
void list;
const partial: ClientInput = { clientName: maybe, description: undefined };
void partial;
const opts: SDKOptions = { serverURL: undefined, timeoutMs: maybeN, userAgent: maybe };
void opts;

export async function usage(): Promise<void> {
  const authlete = new Authlete({ security: { authlete: process.env["AUTHLETE_AUTHLETE"] ?? "" } });
  await authlete.clients.getList({ serviceId: "1", developer: maybe });

  // -------------------------------------------------------------- 4. int64 fields are numbers
  const c = await authlete.clients.get({ serviceId: "1", clientId: "2" });
  const later: number = (c.createdAt ?? 0) + 1000;
  const id: number | undefined = c.clientId;
  const exact: bigint | undefined = exactInt64(c, "clientId");
  void [later, id, exact];
  assertType<Equal<Client["clientId"], number | undefined>>();
  assertType<Equal<NonNullable<Client["extension"]>["accessTokenDuration"], number | undefined>>();
  // @ts-expect-error a result's int64 is a number, not a bigint
  const asBig: bigint | undefined = c.clientId;
  void asBig;
  // Requests still take a bigint, and a result passed back.
  const upd: ClientUpdateApiRequest = { serviceId: "1", clientId: "2", client: { ...c, trustChainExpiresAt: 9007199254740993n } };
  await authlete.clients.update(upd);
  await authlete.clients.update({ serviceId: "1", clientId: String(exactInt64(c, "clientId")), client: c });

  // -------------------------------------------------------------- 5. errors (the README's pattern)
  try {
    await authlete.clients.get({ serviceId: "1", clientId: "2" });
  } catch (e) {
    if (e instanceof errors.AuthleteError) {
      const status: number = e.statusCode;
      const body: string = e.body;
      const headers: Headers = e.headers;
      const raw: Response = e.rawResponse;
      void [status, body, headers, raw];
      if (e instanceof errors.ResultError) {
        const code: string | undefined = e.data$.resultCode;
        void code;
      }
    }
    if (e instanceof errors.ResponseValidationError) {
      const raw: unknown = e.rawValue;
      const pretty: string = e.pretty();
      void [raw, pretty];
    }
    if (e instanceof errors.SDKValidationError) {
      const msg: string = e.rawMessage;
      const pretty: string = e.pretty();
      void [msg, pretty];
    }
    if (e instanceof errors.ConnectionError) {
      const n: "ConnectionError" = e.name;
      void n;
    }
  }
  const response = new Response("{}", { status: 400 });
  const request = new Request("https://us.authlete.com/");
  const re = new errors.ResultError({ resultCode: "A1" }, { response, request, body: "{}" });
  const de = new errors.AuthleteDefaultError("m", { response, request, body: "" });
  const ve = new errors.SDKValidationError("bad", new Error("why"), { x: 1 });
  const rve = new errors.ResponseValidationError("bad body", { response, request, body: "", cause: null, rawValue: 1, rawMessage: "m" });
  const names: ["ConnectionError", "RequestTimeoutError", "RequestAbortedError", "InvalidRequestError", "UnexpectedClientError"] = [
    new errors.ConnectionError("m", { cause: 1 }).name,
    new errors.RequestTimeoutError("m").name,
    new errors.RequestAbortedError("m").name,
    new errors.InvalidRequestError("m").name,
    new errors.UnexpectedClientError("m").name,
  ];
  void [re, de, ve, rve, names];
  // @ts-expect-error ResultError takes the error data, not a message and a record
  void new errors.ResultError("m", { statusCode: 400 });
  const errData: errors.ResultErrorData = re.data$;
  void errData;

  // -------------------------------------------------------------- 6. configuration
  const fnSec = new Authlete({ security: async () => ({ authlete: await Promise.resolve("t") }) });
  void fnSec;
  new Authlete({ security: () => ({ bearer: "t" }) });
  const httpClient = new HTTPClient({ fetcher: (input, init) => fetch(input, init) });
  httpClient.addHook("beforeRequest", (req) => {
    const next = new Request(req, { signal: AbortSignal.timeout(5000) });
    next.headers.set("x-custom-header", "custom value");
    return next;
  });
  httpClient.addHook("requestError", (err, req) => {
    console.error(`Endpoint: ${req.method} ${req.url}`, err);
  });
  httpClient.addHook("response", (res, req) => void [res.status, req.url]);
  const cloned: HTTPClient = httpClient.clone();
  const httpOpts: HTTPClientOptions = { fetcher: fetch };
  const f: Fetcher = fetch;
  const hooks: [BeforeRequestHook, RequestErrorHook, ResponseHook] = [(r) => r, () => {}, () => {}];
  void [cloned, httpOpts, f, hooks];
  new Authlete({ httpClient: new HTTPClient() });
  await authlete.clients.get(
    { serviceId: "1", clientId: "2" },
    { signal: null, cache: "no-store", redirect: "error", headers: { "x-a": "1" }, fetchOptions: { headers: new Headers() }, serverURL: new URL("http://localhost:1") },
  );
  const headersInit: Record<string, string | readonly string[]> | Headers = { "x-a": ["1", "2"] };
  const pairs: string[][] = [["x-b", "1"]];
  await authlete.clients.get({ serviceId: "1", clientId: "2" }, { headers: headersInit, fetchOptions: { headers: pairs } });
  // @ts-expect-error method is not a per-call option
  await authlete.clients.get({ serviceId: "1", clientId: "2" }, { method: "POST" });

  // -------------------------------------------------------------- retries
  const retries: RetryConfig = {
    strategy: "backoff",
    backoff: { initialInterval: 1, maxInterval: 50, exponent: 1.1, maxElapsedTime: 100 },
    retryConnectionErrors: false,
  };
  const backoff: BackoffStrategy | undefined = retries.strategy === "backoff" ? retries.backoff : undefined;
  void backoff;
  await authlete.clients.get({ serviceId: "1", clientId: "2" }, { retries, retryCodes: ["5XX", "429"] });
  new Authlete({ retryConfig: retries, security: { authlete: "t" } });
  new Authlete({ retryConfig: { strategy: "none" } });

  // -------------------------------------------------------------- server selection
  new Authlete({ serverIdx: 1 });
  new Authlete({ serverURL: "https://us.authlete.com" });
  assertType<Equal<typeof ServerList, readonly ["https://us.authlete.com", "https://jp.authlete.com", "https://eu.authlete.com", "https://br.authlete.com"]>>();
  const first: "https://us.authlete.com" = ServerList[0];
  const url: URL | null = serverURLFromOptions({ serverIdx: 2 });
  const sameFn: typeof serverURLFromOptions = config.serverURLFromOptions;
  const meta: { readonly language: string; readonly sdkVersion: string; readonly genVersion: string; readonly userAgent: string; readonly openapiDocVersion: string } = SDK_METADATA;
  void [first, url, sameFn, meta];

  // -------------------------------------------------------------- debugging
  new Authlete({ debugLogger: console });

  // -------------------------------------------------------------- standalone functions
  const core = new AuthleteCore({ security: { authlete: "t" } });
  const res = await clientsGet(core, { serviceId: "1", clientId: "2" });
  if (res.ok) {
    const got: Client = res.value;
    void got;
  } else {
    const err: errors.AuthleteSDKError = res.error;
    void err;
  }
  const [inspected, call] = await clientsGetList(core, { serviceId: "1" }).$inspect();
  const r: Result<models.ClientGetListResponse, errors.AuthleteSDKError> = inspected;
  void r;
  switch (call.status) {
    case "complete": {
      const both: [Request, Response] = [call.request, call.response];
      void both;
      break;
    }
    case "request-error": {
      const req: Request = call.request;
      void req;
      break;
    }
    case "invalid":
      break;
  }
  const ok: OKType<number> = OK(1);
  const e: Result<number, string> = ERR("x");
  void [ok, e];

  // -------------------------------------------------------------- sdk/clients.js
  const resource: Clients = authlete.clients;
  void resource;
}
