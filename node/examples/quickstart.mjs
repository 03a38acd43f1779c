// A client's whole life with the Authlete Node SDK: create, read, list, update, lock,
// secrets, requestable scopes, authorizations, delete; and the error of a missing client.
//
//   AUTHLETE_SERVER_URL=http://127.0.0.1:PORT AUTHLETE_BEARER=token node examples/quickstart.mjs
import { Authlete } from "authlete";
import { ResultError } from "authlete/models/errors";

const authlete = new Authlete({
  security: { bearer: process.env["AUTHLETE_BEARER"] ?? process.env["AUTHLETE_AUTHLETE"] ?? "demo-token" },
  // The server comes from AUTHLETE_SERVER_URL when set (the local emulator in `make demo`).
});
const serviceId = process.env["AUTHLETE_SERVICE_ID"] ?? "715948317";

const created = await authlete.clients.create({
  serviceId,
  client: {
    clientName: "Quickstart client",
    clientIdAlias: "quickstart-client",
    clientIdAliasEnabled: true,
    clientType: "CONFIDENTIAL",
    applicationType: "WEB",
    grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
    responseTypes: ["CODE"],
    redirectUris: ["https://quickstart.example.com/cb"],
    tokenAuthMethod: "CLIENT_SECRET_BASIC",
    attributes: [{ key: "team", value: "docs" }],
  },
});
const clientId = String(created.clientId);
console.log(`created client ${clientId} (${created.clientName})`);

const got = await authlete.clients.get({ serviceId, clientId });
console.log(`got: ${got.clientName}, grant types ${got.grantTypes?.join(", ")}`);

const list = await authlete.clients.getList({ serviceId, start: 0, end: 10 });
console.log(`the service has ${list.totalCount} client(s)`);

// get -> change -> update keeps every other field (unknown ones too).
const updated = await authlete.clients.update({ serviceId, clientId, client: { ...got, clientName: "Renamed quickstart client" } });
console.log(`renamed to: ${updated.clientName}`);

const lock = await authlete.clients.updateLockFlag({
  serviceId,
  clientIdentifier: clientId,
  clientFlagUpdateRequest: { clientLocked: true },
});
console.log(`lock: ${lock.resultMessage}`);
await authlete.clients.updateLockFlag({ serviceId, clientIdentifier: clientId, clientFlagUpdateRequest: { clientLocked: false } });

const rotated = await authlete.clients.rotateSecret({ serviceId, clientIdentifier: clientId });
console.log(`rotated secret: ${rotated.resultCode}`);
const set = await authlete.clients.updateSecret({
  serviceId,
  clientIdentifier: clientId,
  clientSecretUpdateRequest: { clientSecret: "my-own-secret_0123456789" },
});
console.log(`set secret: ${set.resultCode}`);

const scopes = await authlete.clients.updateRequestableScopes({
  serviceId,
  clientId,
  clientExtensionRequestableScopesUpdateRequest: { requestableScopes: ["openid", "profile"] },
});
console.log(`requestable scopes: ${scopes.requestableScopes?.join(" ")}`);
await authlete.clients.deleteRequestableScopes({ serviceId, clientId });

const tokens = await authlete.clients.updateTokens({
  serviceId,
  clientId,
  clientAuthorizationUpdateRequest: { subject: "john", scopes: ["openid"] },
});
console.log(`update tokens: ${tokens.resultCode}`);
const apps = await authlete.clients.getAuthorizedApplications({ serviceId, subject: "john" });
console.log(`john authorized ${apps.totalCount ?? 0} application(s)`);
const revoked = await authlete.clients.deleteTokens({ serviceId, clientId, subject: "john" });
console.log(`delete tokens: ${revoked.resultCode}`);

await authlete.clients.delete({ serviceId, clientId });
console.log(`deleted client ${clientId}`);

try {
  await authlete.clients.get({ serviceId, clientId });
} catch (e) {
  if (!(e instanceof ResultError)) throw e;
  console.log(`as expected, it is gone: HTTP ${e.statusCode} ${e.resultCode}`);
}
