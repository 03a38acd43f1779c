//! The [`Authlete`] client.

use crate::clients::Clients;
use crate::config::{AuthleteBuilder, Config};
use crate::error::Error;

/// An Authlete API client. Cheap to clone and safe to share across threads; clones share one
/// connection pool.
///
/// ```no_run
/// # async fn run() -> Result<(), authlete::Error> {
/// use authlete::{Authlete, ClientGetApiRequest};
/// let authlete = Authlete::builder().bearer_token("token").build()?;
/// let client = authlete
///     .clients()
///     .get(ClientGetApiRequest { service_id: "715948317".into(), client_id: "1140735077".into() })
///     .await?;
/// println!("{:?}", client.client_name);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Authlete {
    clients: Clients,
}

impl Authlete {
    /// A builder; see [`AuthleteBuilder`].
    pub fn builder() -> AuthleteBuilder {
        AuthleteBuilder::default()
    }

    /// A client from the official TypeScript SDK's `SDKOptions` as JSON, for the language bindings; `binding`
    /// names the language in the User-Agent (e.g. `python/3.11`).
    pub fn from_options_json(json: &[u8], binding: &str) -> Result<Self, Error> {
        Authlete::builder().binding(binding).sdk_options_json(json)?.build()
    }

    /// The client-management operations.
    pub fn clients(&self) -> &Clients {
        &self.clients
    }

    /// The resolved configuration.
    pub fn config(&self) -> &Config {
        &self.clients.shared.config
    }
}

impl AuthleteBuilder {
    /// Builds the async client.
    pub fn build(self) -> Result<Authlete, Error> {
        Ok(Authlete { clients: Clients::new(self.resolve()?)? })
    }
}
