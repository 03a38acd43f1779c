// `authlete/lib/http`: the official TypeScript SDK's HTTPClient and its types.
//
// This SDK sends its requests from its Rust core, not through fetch: `new Authlete({ httpClient })`
// accepts a plain `new HTTPClient()` and refuses (SDKValidationError) one with a fetcher or a
// hook; tests use the emulator (`authlete/testing`).

export type Awaitable<T> = T | Promise<T>;

/** fetch's signature. */
export type Fetcher = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface HTTPClientOptions {
  fetcher?: Fetcher | undefined;
}

export type BeforeRequestHook = (req: Request) => Awaitable<Request | void>;
export type RequestErrorHook = (err: unknown, req: Request) => Awaitable<void>;
export type ResponseHook = (res: Response, req: Request) => Awaitable<void>;

export declare class HTTPClient {
  constructor(options?: HTTPClientOptions);
  /** Sends `request` through the hooks and the fetcher (fetch by default). */
  request(request: Request): Promise<Response>;
  addHook(hook: "beforeRequest", fn: BeforeRequestHook): this;
  addHook(hook: "requestError", fn: RequestErrorHook): this;
  addHook(hook: "response", fn: ResponseHook): this;
  removeHook(hook: "beforeRequest", fn: BeforeRequestHook): this;
  removeHook(hook: "requestError", fn: RequestErrorHook): this;
  removeHook(hook: "response", fn: ResponseHook): this;
  clone(): HTTPClient;
}
