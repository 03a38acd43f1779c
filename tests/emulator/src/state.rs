//! In-memory state: services, clients and authorizations.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::{Mutex, MutexGuard};

use serde_json::{Map, Value};

use crate::errors::{codes, ApiError};
use crate::faults::Fault;
use crate::log::LogEntry;

/// A JSON object holding one client.
pub type Client = Map<String, Value>;

/// Fields a caller can never set (the server's values win).
pub const READ_ONLY: &[&str] = &[
    "clientId",
    "number",
    "serviceNumber",
    "clientSecret",
    "createdAt",
    "modifiedAt",
    "dynamicallyRegistered",
    "derivedSectorIdentifier",
];

/// Defaults a created client gets for fields the caller did not give.
const DEFAULTS: &[(&str, bool)] = &[
    ("clientIdAliasEnabled", false),
    ("locked", false),
    ("dynamicallyRegistered", false),
    ("parRequired", false),
    ("requestObjectRequired", false),
    ("authTimeRequired", false),
    ("bcUserCodeRequired", false),
    ("tlsClientCertificateBoundAccessTokens", false),
    ("frontChannelRequestObjectEncryptionRequired", false),
    ("requestObjectEncryptionAlgMatchRequired", false),
    ("requestObjectEncryptionEncMatchRequired", false),
];

/// The tokens and granted scopes of one (client, subject) pair.
#[derive(Debug, Clone, Default)]
pub struct Authorization {
    /// Number of live access tokens (0 after deleteTokens).
    pub tokens: u32,
    /// Scopes of the live tokens.
    pub token_scopes: Vec<String>,
    /// Latest granted scopes; `None` once deleted.
    pub latest: Option<Vec<String>>,
    /// Union of all scopes granted so far; `None` once deleted.
    pub merged: Option<Vec<String>>,
    /// Last modification (ms since epoch).
    pub modified_at: i64,
}

/// One service (created on first use).
#[derive(Debug, Default)]
pub struct Service {
    /// serviceNumber given to its clients.
    pub number: i64,
    /// API key reported by granted-scope responses.
    pub api_key: i64,
    /// Next client number.
    pub next_number: i64,
    /// Clients by number (so listing is ordered by creation).
    pub clients: BTreeMap<i64, Client>,
    /// Authorizations by (clientId, subject).
    pub authorizations: BTreeMap<(i64, String), Authorization>,
    /// Index: clientId -> number.
    by_id: HashMap<i64, i64>,
    /// Index: clientIdAlias -> number.
    by_alias: HashMap<String, i64>,
}

/// Mutable state guarded by one lock (never held across an await).
#[derive(Debug, Default)]
pub struct Inner {
    /// Services by id.
    pub services: HashMap<String, Service>,
    /// Queued faults.
    pub faults: Vec<Fault>,
    /// Request log (the newest `log_limit()` entries).
    pub log: VecDeque<LogEntry>,
    next_service: i64,
    used_ids: HashSet<i64>,
}

/// The emulator: shared state of one server.
#[derive(Debug, Default)]
pub struct Emulator {
    inner: Mutex<Inner>,
    required_token: Option<String>,
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A random client secret: 86 URL-safe base64 characters (512 bits).
pub fn new_secret() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    (0..86).map(|_| ALPHABET[fastrand::usize(..64)] as char).collect()
}

impl Emulator {
    /// A fresh, empty emulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// A fresh emulator that accepts only `Bearer <token>` on API requests (any other token
    /// gets 401 `A001203`); `None` (or an empty token) accepts any non-empty token.
    pub fn with_required_token(token: Option<String>) -> Self {
        Self { required_token: token.filter(|t| !t.is_empty()), ..Self::default() }
    }

    /// The one token API requests must carry, if the emulator requires one.
    pub fn required_token(&self) -> Option<&str> {
        self.required_token.as_deref()
    }

    /// Locks the state.
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// How many log entries are kept (env `AUTHLETE_EMULATOR_LOG_LIMIT`, default 10000), so a
/// long benchmark run does not grow without bound.
pub fn log_limit() -> usize {
    static LIMIT: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *LIMIT.get_or_init(|| {
        std::env::var("AUTHLETE_EMULATOR_LOG_LIMIT").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000)
    })
}

impl Inner {
    /// Appends to the request log, dropping the oldest entry when full.
    pub fn push_log(&mut self, entry: LogEntry) {
        while self.log.len() >= log_limit().max(1) {
            self.log.pop_front();
        }
        self.log.push_back(entry);
    }

    /// Clears everything (admin reset).
    pub fn reset(&mut self) {
        *self = Inner::default();
    }

    /// The service with this id, created on first use.
    pub fn service(&mut self, id: &str) -> &mut Service {
        if !self.services.contains_key(id) {
            self.next_service += 1;
            let api_key = id
                .parse::<i64>()
                .ok()
                .filter(|v| *v > 0)
                .unwrap_or_else(|| 20_000_000_000_000 + fastrand::i64(0..1_000_000_000_000));
            let svc =
                Service { number: 5000 + self.next_service, api_key, next_number: 1, ..Service::default() };
            self.services.insert(id.to_string(), svc);
        }
        self.services.entry(id.to_string()).or_default()
    }

    /// A new unique client id (14 digits, like Authlete's).
    pub fn new_client_id(&mut self) -> i64 {
        loop {
            let id = 10_000_000_000_000 + fastrand::i64(0..90_000_000_000_000);
            if self.used_ids.insert(id) {
                return id;
            }
        }
    }

    /// Records an explicit client id; false when it is already used.
    pub fn claim_client_id(&mut self, id: i64) -> bool {
        self.used_ids.insert(id)
    }

    /// Releases a client id (after a delete).
    pub fn release_client_id(&mut self, id: i64) {
        self.used_ids.remove(&id);
    }
}

/// The numeric clientId of a stored client.
pub fn client_id(c: &Client) -> i64 {
    c.get("clientId").and_then(Value::as_i64).unwrap_or(0)
}

impl Service {
    /// Finds a client by numeric id or by alias; returns its number (the map key).
    pub fn find(&self, ident: &str) -> Result<i64, ApiError> {
        ident
            .parse::<i64>()
            .ok()
            .and_then(|id| self.by_id.get(&id))
            .or_else(|| self.by_alias.get(ident))
            .copied()
            .ok_or_else(|| ApiError::no_such_client(ident))
    }

    /// Stores (or replaces) the client with this number, keeping the indexes current.
    pub fn put(&mut self, number: i64, client: Client) {
        self.unindex(number);
        self.by_id.insert(client_id(&client), number);
        if let Some(alias) = client.get("clientIdAlias").and_then(Value::as_str) {
            self.by_alias.insert(alias.to_string(), number);
        }
        self.clients.insert(number, client);
    }

    /// Removes the client with this number.
    pub fn remove(&mut self, number: i64) -> Option<Client> {
        self.unindex(number);
        self.clients.remove(&number)
    }

    fn unindex(&mut self, number: i64) {
        if let Some(old) = self.clients.get(&number) {
            self.by_id.remove(&client_id(old));
            if let Some(alias) = old.get("clientIdAlias").and_then(Value::as_str) {
                if self.by_alias.get(alias) == Some(&number) {
                    self.by_alias.remove(alias);
                }
            }
        }
    }

    /// The client with this number (must exist).
    pub fn client(&mut self, number: i64) -> Result<&mut Client, ApiError> {
        self.clients.get_mut(&number).ok_or_else(|| ApiError::no_such_client(&number.to_string()))
    }

    /// Fails when `alias` is used by a client other than `except` (a client number).
    pub fn check_alias(&self, body: &Client, except: Option<i64>) -> Result<(), ApiError> {
        let Some(alias) = body.get("clientIdAlias").and_then(Value::as_str) else {
            return Ok(());
        };
        let taken = self.by_alias.get(alias).is_some_and(|n| Some(*n) != except);
        if taken {
            return Err(ApiError::bad_request(
                codes::DUPLICATE_ALIAS,
                format!("The client ID alias '{alias}' is already in use in the service."),
            ));
        }
        Ok(())
    }
}

/// Removes read-only keys and JSON nulls (null reads as absent) from a request body.
pub fn writable(body: &Client) -> Client {
    body.iter()
        .filter(|(k, v)| !READ_ONLY.contains(&k.as_str()) && !v.is_null())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Adds default values for absent fields.
pub fn apply_defaults(c: &mut Client) {
    for (k, v) in DEFAULTS {
        c.entry(k.to_string()).or_insert(Value::Bool(*v));
    }
    c.entry("defaultMaxAge").or_insert(Value::from(0));
    c.entry("subjectType").or_insert(Value::from("PUBLIC"));
    c.entry("tokenAuthMethod").or_insert(Value::from("CLIENT_SECRET_BASIC"));
}

/// Stores a new client in `svc_id`, assigning the server-side fields. `explicit` carries
/// an admin-seeded clientId/clientSecret, which are kept.
pub fn insert_client(
    inner: &mut Inner,
    svc_id: &str,
    mut client: Client,
    explicit_id: Option<i64>,
    explicit_secret: Option<String>,
) -> Result<Client, ApiError> {
    let id = match explicit_id {
        Some(id) => {
            if !inner.claim_client_id(id) {
                return Err(ApiError::bad_request(
                    codes::BAD_PARAM,
                    format!("The client ID {id} is already in use."),
                ));
            }
            id
        }
        None => inner.new_client_id(),
    };
    let now = now_ms();
    let svc = inner.service(svc_id);
    if let Err(e) = svc.check_alias(&client, None) {
        inner.release_client_id(id);
        return Err(e);
    }
    let svc = inner.service(svc_id);
    let number = svc.next_number;
    svc.next_number += 1;
    client.insert("clientId".into(), Value::from(id));
    client.insert("number".into(), Value::from(number));
    client.insert("serviceNumber".into(), Value::from(svc.number));
    let secret = explicit_secret.unwrap_or_else(new_secret);
    client.insert("clientSecret".into(), Value::from(secret));
    client.entry("createdAt").or_insert(Value::from(now));
    client.entry("modifiedAt").or_insert(Value::from(now));
    svc.put(number, client.clone());
    Ok(client)
}

/// The `client_limited` view of a client.
pub fn limited(c: &Client) -> Value {
    let keys = [
        "number",
        "clientName",
        "clientNames",
        "descriptions",
        "clientId",
        "clientIdAlias",
        "clientIdAliasEnabled",
        "clientType",
    ];
    Value::Object(keys.iter().filter_map(|k| c.get(*k).map(|v| (k.to_string(), v.clone()))).collect())
}
