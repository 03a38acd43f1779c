// Compile-time checks of the declarations (`npm run typecheck`): each @ts-expect-error must
// be an error, so the declarations are neither missing nor `any`.
import { Authlete } from "authlete";
import { AuthleteCore } from "authlete/core.js";
import { clientsGet } from "authlete/funcs/clientsGet.js";
import { clientsDelete } from "authlete/funcs/clientsDelete.js";
import { clientManagementGetGrantedScopes } from "authlete/funcs/clientManagementGetGrantedScopes.js";
import { GrantType, type Client, type ClientLimited, type Int64 } from "authlete/models";
import type { ClientAuthorizationGetListApiRequest } from "authlete/models/operations";
import { ResultError, SDKValidationError, AuthleteError, type AuthleteSDKError } from "authlete/models/errors";

export async function checks(): Promise<void> {
  const authlete = new Authlete({ security: { bearer: "t" }, serverURL: "http://localhost:1", timeoutMs: 5 });
  const client: Client = await authlete.clients.get({ serviceId: "1", clientId: "2" });
  const id: Int64 | undefined = client.clientId;
  const big: Int64 = 9007199254740993n;
  void id;
  void big;
  // Open enums: the known literals, and any other string.
  const grants: Client["grantTypes"] = [GrantType.AuthorizationCode, "REFRESH_TOKEN", "SOMETHING_NEW"];
  void grants;
  const name: string | undefined = client.clientName;
  void name;
  // @ts-expect-error clientName is a string
  const wrong: number | undefined = client.clientName;
  void wrong;
  // @ts-expect-error serviceId is required
  await authlete.clients.get({ clientId: "2" });
  // @ts-expect-error no such field
  await authlete.clients.create({ serviceId: "1", client: { clientNmae: "typo" } });
  const v: void = await authlete.clients.delete({ serviceId: "1", clientId: "2" });
  void v;
  // One `subject` for both, or the official TypeScript SDK's two fields.
  const r1: ClientAuthorizationGetListApiRequest = { serviceId: "1", subject: "john" };
  const r2: ClientAuthorizationGetListApiRequest = { serviceId: "1", subjectPathParameter: "a", subjectQueryParameter: "a" };
  // @ts-expect-error a subject is required
  const r3: ClientAuthorizationGetListApiRequest = { serviceId: "1" };
  void [r1, r2, r3];

  const core = new AuthleteCore({ retryConfig: { strategy: "none" } });
  const res = await clientsGet(core, { serviceId: "1", clientId: "2" }, { timeoutMs: 10, signal: AbortSignal.timeout(5) });
  if (res.ok) {
    const c: Client = res.value;
    void c;
  } else {
    const e: AuthleteSDKError = res.error;
    if (e instanceof ResultError) {
      const code: string | undefined = e.resultCode;
      const status: number = e.statusCode;
      const isBase: AuthleteError = e;
      void [code, status, isBase];
    } else if (e instanceof SDKValidationError) {
      const field: string | undefined = e.field;
      void field;
    }
  }
  const d = await clientsDelete(core, { serviceId: "1", clientId: "2" });
  if (d.ok) {
    const nothing: void = d.value;
    void nothing;
  }
  // @ts-expect-error retries must be a RetryConfig
  await authlete.clients.get({ serviceId: "1", clientId: "2" }, { retries: { strategy: "sometimes" } });

  // Pagers: async iterators over every item.
  for await (const c of authlete.clients.listAll({ serviceId: "1", pageSize: 50 })) {
    const each: Client = c;
    void each;
  }
  for await (const app of authlete.clients.authorizedApplicationsAll({ serviceId: "1", subject: "john" })) {
    const each: ClientLimited = app;
    void each;
  }
  // @ts-expect-error the pager sets start and end itself
  authlete.clients.listAll({ serviceId: "1", start: 0 });
  // @ts-expect-error the subject is required
  authlete.clients.authorizedApplicationsAll({ serviceId: "1" });

  // The official SDK's clientManagement resource.
  const granted = await authlete.clientManagement.getGrantedScopes({ serviceId: "1", clientId: "2", subject: "john" });
  const same: Awaited<ReturnType<typeof authlete.clients.getGrantedScopes>> = granted;
  void same;
  // @ts-expect-error only the official SDK's three operations
  await authlete.clientManagement.get({ serviceId: "1", clientId: "2" });
  const viaFunc = await clientManagementGetGrantedScopes(core, { serviceId: "1", clientId: "2", subject: "john" });
  void viaFunc;
}
