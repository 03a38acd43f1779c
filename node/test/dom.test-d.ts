// Checked only with the DOM library (test/tsconfig.dom.json): fetch's own types, as a project
// that targets browsers too has them, fit the per-call options.
import { Authlete } from "authlete";
import type { RequestOptions } from "authlete";

declare const headers: HeadersInit;
declare const init: RequestInit;
declare const cache: RequestCache;
declare const priority: RequestPriority;

export const options: RequestOptions = { headers, cache, priority, signal: init.signal ?? null, redirect: init.redirect ?? "follow" };
export const call = (authlete: Authlete) => authlete.clients.get({ serviceId: "1", clientId: "2" }, { ...options, fetchOptions: { headers } });
