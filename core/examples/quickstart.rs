//! A client's whole life with the Rust core: create, get, list, update, lock, rotate and set
//! the secret, requestable scopes, delete. Run it against the local emulator:
//!
//! ```sh
//! tests/with-emulator.sh cargo run -p authlete --example quickstart
//! ```
//!
//! The server comes from `AUTHLETE_SERVER_URL`, the token from `AUTHLETE_BEARER` (or a demo
//! token for the emulator).

use authlete::*;
use futures_util::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let token = std::env::var("AUTHLETE_BEARER").unwrap_or_else(|_| "demo-token".into());
    let authlete = Authlete::builder().bearer_token(token).build()?;
    let clients = authlete.clients();
    let service = "715948317".to_string();
    println!("server: {}", authlete.config().server_url);

    let created = clients
        .create(ClientCreateApiRequest {
            service_id: service.clone(),
            client: Some(Client {
                client_name: Some("My Client".into()),
                client_type: Some(ClientType::Confidential),
                application_type: Some(ApplicationType::Web),
                grant_types: Some(vec![GrantType::AuthorizationCode, GrantType::RefreshToken]),
                response_types: Some(vec![ResponseType::Code]),
                redirect_uris: Some(vec!["https://my-client.example.com/cb1".into()]),
                token_auth_method: Some(ClientAuthMethod::ClientSecretBasic),
                ..Default::default()
            }),
        })
        .await?;
    let id = created.client_id.unwrap_or_default().to_string();
    println!("created client {id} ({:?})", created.client_name.as_deref().unwrap_or(""));
    // Debug output never shows the secret.
    println!("debug view: {created:?}");

    let mut client =
        clients.get(ClientGetApiRequest { service_id: service.clone(), client_id: id.clone() }).await?;
    println!("got client {id}: {}", client.client_name.as_deref().unwrap_or(""));

    let all: Vec<Client> = clients.list_all(service.clone(), None, 10).try_collect().await?;
    println!("the service has {} client(s)", all.len());

    client.client_name = Some("My renamed client".into());
    let updated = clients
        .update(ClientUpdateApiRequest {
            service_id: service.clone(),
            client_id: id.clone(),
            client: Some(client),
        })
        .await?;
    println!("renamed to {}", updated.client_name.as_deref().unwrap_or(""));

    let lock = clients
        .update_lock_flag(ClientFlagUpdateApiRequest {
            service_id: service.clone(),
            client_identifier: id.clone(),
            client_flag_update_request: Some(ClientFlagUpdateRequest {
                client_locked: true,
                ..Default::default()
            }),
        })
        .await?;
    println!("locked: {}", lock.result_message);

    let rotated = clients
        .rotate_secret(ClientSecretRefreshApiRequest {
            service_id: service.clone(),
            client_identifier: id.clone(),
        })
        .await?;
    println!("rotated the secret: {}", rotated.result_code.as_deref().unwrap_or(""));

    let set = clients
        .update_secret(ClientSecretUpdateApiRequest {
            service_id: service.clone(),
            client_identifier: id.clone(),
            client_secret_update_request: ClientSecretUpdateRequest {
                client_secret: "my_updated_client_secret".into(),
                ..Default::default()
            },
        })
        .await?;
    println!("set the secret: {}", set.result_code.as_deref().unwrap_or(""));

    let scopes = clients
        .update_requestable_scopes(ClientExtensionRequestablesScopesUpdateApiRequest {
            service_id: service.clone(),
            client_id: id.clone(),
            client_extension_requestable_scopes_update_request:
                ClientExtensionRequestableScopesUpdateRequest {
                    requestable_scopes: Some(vec!["openid".into(), "profile".into()]),
                    ..Default::default()
                },
        })
        .await?;
    println!("requestable scopes: {:?}", scopes.requestable_scopes.unwrap_or_default());
    clients
        .delete_requestable_scopes(ClientExtensionRequestablesScopesDeleteApiRequest {
            service_id: service.clone(),
            client_id: id.clone(),
        })
        .await?;
    println!("requestable scopes cleared");

    clients.delete(ClientDeleteApiRequest { service_id: service.clone(), client_id: id.clone() }).await?;
    println!("deleted client {id}");
    match clients.get(ClientGetApiRequest { service_id: service, client_id: id }).await {
        Err(e) => println!("get after delete fails as expected: {} {:?}", e.kind(), e.result_code()),
        Ok(_) => println!("unexpected: the client still exists"),
    }
    Ok(())
}
