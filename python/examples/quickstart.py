"""A client's whole life through the Authlete SDK: create, get, list, update, lock, rotate the
secret, set the secret, requestable scopes, delete.

    AUTHLETE_SERVER_URL=http://127.0.0.1:8080 python examples/quickstart.py

The server comes from AUTHLETE_SERVER_URL (the SDK reads it when no server is given); the
token is "demo-token" (the local emulator accepts any).
"""

from __future__ import annotations

import logging

from authlete_sdk import Authlete, BackoffStrategy, RetryConfig
from authlete_sdk.errors import ResultError
from authlete_sdk.models import Client, ClientType, GrantType

SERVICE_ID = "715948317"


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(name)s %(levelname)s %(message)s")
    retry = RetryConfig("backoff", BackoffStrategy(100, 2000, 1.5, 10_000), retry_connection_errors=True)
    with Authlete(security={"bearer": "demo-token"}, retry_config=retry) as authlete:
        print(f"server: {authlete.server_url}")
        clients = authlete.clients

        created = clients.create(
            service_id=SERVICE_ID,
            client=Client(
                client_name="Quickstart app",
                client_type=ClientType.CONFIDENTIAL,
                grant_types=[GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN],
                redirect_uris=["https://app.example.com/callback"],
            ),
        )
        assert created.client_id is not None
        client_id = str(created.client_id)
        print(
            f"created  client {client_id}: {created.client_name!r} (repr redacts the secret: {'***' in repr(created)})"
        )

        got = clients.get(service_id=SERVICE_ID, client_id=client_id)
        print(f"got      client {got.client_id}: type={got.client_type} grants={got.grant_types}")

        page = clients.get_list(service_id=SERVICE_ID, start=0, end=10)
        print(f"listed   {page.total_count} client(s): {[c.client_name for c in page.clients or []]}")
        every = [c.client_id for c in clients.list_all(service_id=SERVICE_ID, page_size=2)]
        print(f"paged    through {len(every)} client(s) two at a time")

        got.description = "Updated by the quickstart"
        updated = clients.update(service_id=SERVICE_ID, client_id=client_id, client=got)
        print(f"updated  description: {updated.description!r}")

        locked = clients.update_lock_flag(
            service_id=SERVICE_ID, client_identifier=client_id, client_flag_update_request={"client_locked": True}
        )
        print(f"locked   {locked.result_code}: {locked.result_message}")

        rotated = clients.rotate_secret(service_id=SERVICE_ID, client_identifier=client_id)
        print(
            f"rotated  secret ({rotated.result_code}); the new secret is {len(rotated.new_client_secret or '')} chars"
        )

        updated_secret = clients.update_secret(
            service_id=SERVICE_ID,
            client_identifier=client_id,
            client_secret_update_request={"client_secret": "my-own-secret_0123456789"},
        )
        print(f"set      secret ({updated_secret.result_code})")

        scopes = clients.update_requestable_scopes(
            service_id=SERVICE_ID,
            client_id=client_id,
            client_extension_requestable_scopes_update_request={"requestable_scopes": ["openid", "profile"]},
        )
        print(f"scopes   requestable: {scopes.requestable_scopes}")
        print(f"scopes   read back: {clients.get_requestable_scopes(service_id=SERVICE_ID, client_id=client_id)}")
        clients.delete_requestable_scopes(service_id=SERVICE_ID, client_id=client_id)
        print("scopes   cleared")

        clients.delete(service_id=SERVICE_ID, client_id=client_id)
        print(f"deleted  client {client_id}")
        try:
            clients.get(service_id=SERVICE_ID, client_id=client_id)
        except ResultError as e:
            print(f"get after delete: HTTP {e.status_code} {e.result_code} {e.result_message}")


if __name__ == "__main__":
    main()
