//! Type checks of request bodies against the contract (known fields only; unknown fields
//! are kept as they are). Written by hand from the OpenAPI description; a test checks that
//! this table matches `spec/authlete-clients.openapi.yaml`.

use serde_json::{Map, Value};

use crate::errors::{codes, ApiError};

/// The JSON kind of a known field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// string
    Str,
    /// boolean
    Bool,
    /// integer, int32
    I32,
    /// integer, int64
    I64,
    /// array of strings
    StrArr,
    /// string from an enum
    Enum(&'static [&'static str]),
    /// array of strings from an enum
    EnumArr(&'static [&'static str]),
    /// array of `tagged_value` objects
    Tagged,
    /// array of `pair` objects
    Pairs,
    /// the `client_extension` object
    Extension,
}

/// `application_type`
#[rustfmt::skip]
pub const APPLICATION_TYPE: &[&str] = &["WEB", "NATIVE"];
/// `client_type`
#[rustfmt::skip]
pub const CLIENT_TYPE: &[&str] = &["PUBLIC", "CONFIDENTIAL"];
/// `subject_type`
#[rustfmt::skip]
pub const SUBJECT_TYPE: &[&str] = &["PUBLIC", "PAIRWISE"];
/// `client_auth_method`, plus `ATTEST_JWT_CLIENT_AUTH` (a value newer servers know).
#[rustfmt::skip]
pub const AUTH_METHOD: &[&str] = &[
    "NONE", "CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST", "CLIENT_SECRET_JWT", "PRIVATE_KEY_JWT",
    "TLS_CLIENT_AUTH", "SELF_SIGNED_TLS_CLIENT_AUTH", "ATTEST_JWT_CLIENT_AUTH",
];
/// `grant_type`, plus `PRE_AUTHORIZED_CODE` (a value newer servers know).
#[rustfmt::skip]
pub const GRANT_TYPE: &[&str] = &[
    "AUTHORIZATION_CODE", "IMPLICIT", "PASSWORD", "CLIENT_CREDENTIALS", "REFRESH_TOKEN", "CIBA",
    "DEVICE_CODE", "TOKEN_EXCHANGE", "JWT_BEARER", "PRE_AUTHORIZED_CODE",
];
/// `response_type`
#[rustfmt::skip]
pub const RESPONSE_TYPE: &[&str] = &[
    "NONE", "CODE", "TOKEN", "ID_TOKEN", "CODE_TOKEN", "CODE_ID_TOKEN", "ID_TOKEN_TOKEN",
    "CODE_ID_TOKEN_TOKEN",
];
/// `jws_alg`
#[rustfmt::skip]
pub const JWS_ALG: &[&str] = &[
    "NONE", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512",
    "PS256", "PS384", "PS512", "ES256K", "EdDSA",
];
/// `jwe_alg`
#[rustfmt::skip]
pub const JWE_ALG: &[&str] = &[
    "RSA1_5", "RSA_OAEP", "RSA_OAEP_256", "A128KW", "A192KW", "A256KW", "DIR", "ECDH_ES",
    "ECDH_ES_A128KW", "ECDH_ES_A192KW", "ECDH_ES_A256KW", "A128GCMKW", "A192GCMKW",
    "A256GCMKW", "PBES2_HS256_A128KW", "PBES2_HS384_A192KW", "PBES2_HS512_A256KW",
];
/// `jwe_enc`
#[rustfmt::skip]
pub const JWE_ENC: &[&str] =
    &["A128CBC_HS256", "A192CBC_HS384", "A256CBC_HS512", "A128GCM", "A192GCM", "A256GCM"];
/// `client_registration_type`
#[rustfmt::skip]
pub const REGISTRATION_TYPE: &[&str] = &["AUTOMATIC", "EXPLICIT"];
/// `fapi_mode`
#[rustfmt::skip]
pub const FAPI_MODE: &[&str] = &[
    "FAPI1_ADVANCED", "FAPI1_BASELINE", "FAPI2_MESSAGE_SIGNING_AUTH_REQ",
    "FAPI2_MESSAGE_SIGNING_AUTH_RES", "FAPI2_MESSAGE_SIGNING_INTROSPECTION_RES", "FAPI2_SECURITY",
];
/// `responseModes` items
#[rustfmt::skip]
pub const RESPONSE_MODE: &[&str] =
    &["QUERY", "FRAGMENT", "FORM_POST", "JWT", "QUERY_JWT", "FRAGMENT_JWT", "FORM_POST_JWT"];

use Kind::*;

/// Every property of the `client` schema and its kind.
#[rustfmt::skip]
pub const CLIENT_FIELDS: &[(&str, Kind)] = &[
    ("number", I32), ("serviceNumber", I32), ("clientName", Str), ("description", Str), ("clientNames", Tagged),
    ("descriptions", Tagged), ("clientId", I64), ("clientSecret", Str), ("clientIdAlias", Str),
    ("clientIdAliasEnabled", Bool), ("clientType", Enum(CLIENT_TYPE)),
    ("applicationType", Enum(APPLICATION_TYPE)), ("logoUri", Str), ("logoUris", Tagged),
    ("contacts", StrArr), ("tlsClientCertificateBoundAccessTokens", Bool),
    ("dynamicallyRegistered", Bool), ("softwareId", Str), ("softwareVersion", Str),
    ("registrationAccessTokenHash", Str), ("createdAt", I64), ("modifiedAt", I64),
    ("grantTypes", EnumArr(GRANT_TYPE)), ("responseTypes", EnumArr(RESPONSE_TYPE)),
    ("redirectUris", StrArr), ("authorizationSignAlg", Enum(JWS_ALG)),
    ("authorizationEncryptionAlg", Enum(JWE_ALG)), ("authorizationEncryptionEnc", Enum(JWE_ENC)),
    ("tokenAuthMethod", Enum(AUTH_METHOD)), ("tokenAuthSignAlg", Enum(JWS_ALG)),
    ("selfSignedCertificateKeyId", Str), ("tlsClientAuthSubjectDn", Str),
    ("tlsClientAuthSanDns", Str), ("tlsClientAuthSanUri", Str), ("tlsClientAuthSanIp", Str),
    ("tlsClientAuthSanEmail", Str), ("parRequired", Bool), ("requestObjectRequired", Bool),
    ("requestSignAlg", Enum(JWS_ALG)), ("requestEncryptionAlg", Enum(JWE_ALG)),
    ("requestEncryptionEnc", Enum(JWE_ENC)), ("requestUris", StrArr), ("defaultMaxAge", I32),
    ("defaultAcrs", StrArr), ("idTokenSignAlg", Enum(JWS_ALG)),
    ("idTokenEncryptionAlg", Enum(JWE_ALG)), ("idTokenEncryptionEnc", Enum(JWE_ENC)),
    ("authTimeRequired", Bool), ("subjectType", Enum(SUBJECT_TYPE)),
    ("sectorIdentifierUri", Str), ("derivedSectorIdentifier", Str), ("jwksUri", Str),
    ("jwks", Str), ("userInfoSignAlg", Enum(JWS_ALG)), ("userInfoEncryptionAlg", Enum(JWE_ALG)),
    ("userInfoEncryptionEnc", Enum(JWE_ENC)), ("loginUri", Str), ("tosUri", Str),
    ("tosUris", Tagged), ("policyUri", Str), ("policyUris", Tagged), ("clientUri", Str),
    ("clientUris", Tagged), ("bcDeliveryMode", Str), ("bcNotificationEndpoint", Str),
    ("bcRequestSignAlg", Enum(JWS_ALG)), ("bcUserCodeRequired", Bool), ("attributes", Pairs),
    ("extension", Extension), ("authorizationDetailsTypes", StrArr), ("customMetadata", Str),
    ("frontChannelRequestObjectEncryptionRequired", Bool),
    ("requestObjectEncryptionAlgMatchRequired", Bool),
    ("requestObjectEncryptionEncMatchRequired", Bool), ("digestAlgorithm", Str),
    ("singleAccessTokenPerSubject", Bool), ("pkceRequired", Bool), ("pkceS256Required", Bool),
    ("dpopRequired", Bool), ("automaticallyRegistered", Bool), ("explicitlyRegistered", Bool),
    ("rsRequestSigned", Bool), ("rsSignedRequestKeyId", Str),
    ("clientRegistrationTypes", EnumArr(REGISTRATION_TYPE)), ("organizationName", Str),
    ("signedJwksUri", Str), ("entityId", Str), ("trustAnchorId", Str), ("trustChain", StrArr),
    ("trustChainExpiresAt", I64), ("trustChainUpdatedAt", I64), ("locked", Bool),
    ("credentialOfferEndpoint", Str), ("fapiModes", EnumArr(FAPI_MODE)),
    ("responseModes", EnumArr(RESPONSE_MODE)), ("credentialResponseEncryptionRequired", Bool),
    ("mtlsEndpointAliasesUsed", Bool),
];

/// Every property of the `client_extension` schema and its kind.
#[rustfmt::skip]
pub const EXTENSION_FIELDS: &[(&str, Kind)] = &[
    ("requestableScopes", StrArr), ("requestableScopesEnabled", Bool),
    ("accessTokenDuration", I64), ("refreshTokenDuration", I64), ("idTokenDuration", I64),
    ("tokenExchangePermitted", Bool),
];

/// The request body of an operation, as the contract describes it.
#[derive(Debug, Clone, Copy)]
pub struct BodySchema {
    /// Name of the schema under `components/schemas`.
    pub schema: &'static str,
    /// Every property of the schema and its kind.
    pub fields: &'static [(&'static str, Kind)],
    /// The properties the schema marks required.
    pub required: &'static [&'static str],
    /// Whether the operation needs a body at all (an empty one is refused with `A000104`).
    pub body_required: bool,
}

/// `client` (create, update).
pub const CLIENT_BODY: BodySchema =
    BodySchema { schema: "client", fields: CLIENT_FIELDS, required: &[], body_required: false };

/// `client_flag_update_request` (updateLockFlag).
pub const FLAG_UPDATE_BODY: BodySchema = BodySchema {
    schema: "client_flag_update_request",
    fields: &[("clientLocked", Bool)],
    required: &["clientLocked"],
    body_required: false,
};

/// `client_secret_update_request` (updateSecret).
pub const SECRET_UPDATE_BODY: BodySchema = BodySchema {
    schema: "client_secret_update_request",
    fields: &[("clientSecret", Str)],
    required: &["clientSecret"],
    body_required: true,
};

/// `client_authorization_update_request` (updateTokens).
pub const AUTHORIZATION_UPDATE_BODY: BodySchema = BodySchema {
    schema: "client_authorization_update_request",
    fields: &[("subject", Str), ("scopes", StrArr)],
    required: &["subject"],
    body_required: false,
};

/// `client_extension_requestable_scopes_update_request` (updateRequestableScopes).
pub const REQUESTABLE_SCOPES_UPDATE_BODY: BodySchema = BodySchema {
    schema: "client_extension_requestable_scopes_update_request",
    fields: &[("requestableScopes", StrArr)],
    required: &[],
    body_required: true,
};

/// The request body schema of every operation that has one (a test checks this table
/// against the contract's `requestBody` of each operation).
pub const OP_BODIES: &[(&str, &BodySchema)] = &[
    ("clients.create", &CLIENT_BODY),
    ("clients.update", &CLIENT_BODY),
    ("clients.updateLockFlag", &FLAG_UPDATE_BODY),
    ("clients.updateSecret", &SECRET_UPDATE_BODY),
    ("clients.updateTokens", &AUTHORIZATION_UPDATE_BODY),
    ("clients.updateRequestableScopes", &REQUESTABLE_SCOPES_UPDATE_BODY),
];

/// The request body schema of operation `op`, if it takes a body.
pub fn body_schema(op: &str) -> Option<&'static BodySchema> {
    OP_BODIES.iter().find(|(name, _)| *name == op).map(|(_, b)| *b)
}

/// Whether a `Content-Type` value is `application/x-www-form-urlencoded` (parameters ignored).
pub fn is_form(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|ct| ct.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"))
}

/// Parses, then checks, the body of an operation that takes one: a JSON object, or a form
/// (`application/x-www-form-urlencoded`) read as one by the field kinds; every known field
/// of the schema must have its type (`A000102`) and enum values (`A000103`); a missing
/// required field, or a missing body where one is required, is `A000104`. `null` reads as
/// absent. Unknown fields are kept as they are.
pub fn check_request(
    body: &BodySchema,
    content_type: Option<&str>,
    bytes: &[u8],
) -> Result<Option<Map<String, Value>>, ApiError> {
    let parsed = if is_form(content_type) { parse_form(bytes, body.fields)? } else { parse_body(bytes)? };
    let Some(obj) = parsed else {
        if let Some(field) = body.required.first() {
            return Err(ApiError::missing(field));
        }
        if body.body_required {
            let field = body.fields.first().map(|(n, _)| *n).unwrap_or("body");
            return Err(ApiError::missing(field));
        }
        return Ok(None);
    };
    check_fields(&obj, body.fields, "", &[])?;
    for field in body.required {
        if obj.get(*field).is_none_or(Value::is_null) {
            return Err(ApiError::missing(field));
        }
    }
    Ok(Some(obj))
}

fn percent_decode(s: &str) -> Result<String, ApiError> {
    let bad = || ApiError::bad_request(codes::BAD_JSON, "The request body is not a valid form.");
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex =
                    bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).ok_or_else(bad)?;
                out.push(u8::from_str_radix(hex, 16).map_err(|_| bad())?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| bad())
}

/// Reads a form body as a JSON object: each known field by its kind (booleans `true`/`false`,
/// integers in decimal, arrays from repeated keys, `scopes` also split on spaces as the
/// contract describes, objects as JSON text); unknown fields as strings (arrays when
/// repeated). Empty means `None`.
pub fn parse_form(bytes: &[u8], table: &[(&str, Kind)]) -> Result<Option<Map<String, Value>>, ApiError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ApiError::bad_request(codes::BAD_JSON, "The request body is not a valid form."))?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    let mut pairs: Vec<(String, Vec<String>)> = Vec::new();
    for part in text.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        let (k, v) = (percent_decode(k)?, percent_decode(v)?);
        match pairs.iter_mut().find(|(name, _)| *name == k) {
            Some((_, values)) => values.push(v),
            None => pairs.push((k, vec![v])),
        }
    }
    let mut obj = Map::new();
    for (name, values) in pairs {
        let kind = table.iter().find(|(n, _)| *n == name).map(|(_, k)| *k);
        let value = match kind {
            Some(kind) => form_value(kind, &name, &values)?,
            None if values.len() == 1 => Value::from(values[0].clone()),
            None => Value::from(values),
        };
        obj.insert(name, value);
    }
    Ok(Some(obj))
}

fn form_value(kind: Kind, field: &str, values: &[String]) -> Result<Value, ApiError> {
    let last = values.last().map(String::as_str).unwrap_or("");
    Ok(match kind {
        Str | Enum(_) => Value::from(last),
        Bool => match last {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(ApiError::bad_type(field, "boolean")),
        },
        I32 | I64 => {
            last.parse::<i64>().map(Value::from).map_err(|_| ApiError::bad_type(field, "integer"))?
        }
        StrArr | EnumArr(_) if field == "scopes" || field == "requestableScopes" => Value::from(
            values.iter().flat_map(|v| v.split(' ')).filter(|s| !s.is_empty()).collect::<Vec<_>>(),
        ),
        StrArr | EnumArr(_) => Value::from(values.to_vec()),
        Tagged | Pairs | Extension => serde_json::from_str(last)
            .map_err(|_| ApiError::bad_type(field, "JSON text of an object or array"))?,
    })
}

/// Parses a request body: empty means `None`; otherwise it must be a JSON object.
pub fn parse_body(bytes: &[u8]) -> Result<Option<Map<String, Value>>, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => Ok(Some(m)),
        Ok(Value::Null) => Ok(None),
        Ok(_) => Err(ApiError::bad_request(codes::BAD_TYPE, "The request body must be a JSON object.")),
        Err(e) => {
            Err(ApiError::bad_request(codes::BAD_JSON, format!("The request body is not valid JSON: {e}")))
        }
    }
}

/// Checks the known fields of an object against a field table; `prefix` names nesting.
pub fn check_fields(
    obj: &Map<String, Value>,
    table: &[(&str, Kind)],
    prefix: &str,
    skip: &[&str],
) -> Result<(), ApiError> {
    for (name, kind) in table {
        if skip.contains(name) {
            continue;
        }
        if let Some(v) = obj.get(*name) {
            check_value(v, *kind, &format!("{prefix}{name}"))?;
        }
    }
    Ok(())
}

fn check_str_obj(v: &Value, keys: &[&str], field: &str) -> Result<(), ApiError> {
    let Value::Object(m) = v else {
        return Err(ApiError::bad_type(field, "object"));
    };
    for k in keys {
        if let Some(x) = m.get(*k) {
            if !x.is_null() && !x.is_string() {
                return Err(ApiError::bad_type(&format!("{field}.{k}"), "string"));
            }
        }
    }
    Ok(())
}

/// Checks one value (null is always accepted: it reads as absent).
pub fn check_value(v: &Value, kind: Kind, field: &str) -> Result<(), ApiError> {
    if v.is_null() {
        return Ok(());
    }
    let arr = |v: &Value| v.as_array().cloned().ok_or_else(|| ApiError::bad_type(field, "array"));
    match kind {
        Str if !v.is_string() => Err(ApiError::bad_type(field, "string")),
        Bool if !v.is_boolean() => Err(ApiError::bad_type(field, "boolean")),
        I32 if v.as_i64().and_then(|n| i32::try_from(n).ok()).is_none() => {
            Err(ApiError::bad_type(field, "int32 integer"))
        }
        I64 if v.as_i64().is_none() => Err(ApiError::bad_type(field, "int64 integer")),
        Enum(values) => check_enum(v, values, field),
        StrArr => {
            arr(v)?.iter().enumerate().try_for_each(|(i, x)| check_value(x, Str, &format!("{field}[{i}]")))
        }
        EnumArr(values) => {
            arr(v)?.iter().enumerate().try_for_each(|(i, x)| check_enum(x, values, &format!("{field}[{i}]")))
        }
        Tagged => arr(v)?
            .iter()
            .enumerate()
            .try_for_each(|(i, x)| check_str_obj(x, &["tag", "value"], &format!("{field}[{i}]"))),
        Pairs => arr(v)?
            .iter()
            .enumerate()
            .try_for_each(|(i, x)| check_str_obj(x, &["key", "value"], &format!("{field}[{i}]"))),
        Extension => match v {
            Value::Object(m) => check_fields(m, EXTENSION_FIELDS, &format!("{field}."), &[]),
            _ => Err(ApiError::bad_type(field, "object")),
        },
        _ => Ok(()),
    }
}

fn check_enum(v: &Value, values: &[&str], field: &str) -> Result<(), ApiError> {
    match v.as_str() {
        None => Err(ApiError::bad_type(field, "string")),
        Some(s) if values.contains(&s) => Ok(()),
        Some(s) => Err(ApiError::bad_request(
            codes::BAD_ENUM,
            format!("The value '{s}' of '{field}' is not supported."),
        )),
    }
}

/// Validates a client body of create/update: every field of the `client` schema, read-only
/// ones included (their values are then ignored, but a wrong type is refused as the real
/// API refuses it).
pub fn check_client(body: &Map<String, Value>) -> Result<(), ApiError> {
    check_fields(body, CLIENT_FIELDS, "", &[])
}
