//! Keeping secrets out of error messages. A server may echo the token or a client secret in a
//! result message or a body (a proxy's error page, say); every text an error shows is passed
//! through [`Secrets::scrub`] with the secrets the call sent or received. The raw body stays
//! in the error, behind its accessor.

use serde_json::Value;

use crate::models::SECRET_FIELDS;

/// What replaces a secret in a message.
pub(crate) const MARK: &str = "<redacted>";

/// The secrets of one call.
#[derive(Default)]
pub(crate) struct Secrets {
    values: Vec<String>,
}

impl Secrets {
    /// Adds a secret (nothing for an empty one).
    pub(crate) fn add(&mut self, value: &str) {
        if !value.is_empty() && !self.values.iter().any(|v| v == value) {
            self.values.push(value.to_owned());
        }
    }

    /// Adds an `Authorization` value and the credentials inside it.
    pub(crate) fn add_authorization(&mut self, value: &str) {
        self.add(value);
        if let Some((_, credentials)) = value.split_once(' ') {
            self.add(credentials.trim());
        }
    }

    /// Adds a URL's password and user (a proxy's, say) and the whole URL.
    pub(crate) fn add_url(&mut self, url: &str) {
        self.add(url);
        if let Ok(u) = reqwest::Url::parse(url) {
            self.add(u.password().unwrap_or_default());
            if u.password().is_some() {
                self.add(u.username());
            }
        }
    }

    /// Adds the values of secret fields ([`SECRET_FIELDS`]) anywhere in a JSON body; a body
    /// that is not JSON adds nothing.
    pub(crate) fn add_json_fields(&mut self, body: &[u8]) {
        fn walk(v: &Value, out: &mut Secrets) {
            match v {
                Value::Object(map) => {
                    for (k, v) in map {
                        match v {
                            Value::String(s) if SECRET_FIELDS.contains(&k.as_str()) => out.add(s),
                            _ => walk(v, out),
                        }
                    }
                }
                Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
                _ => {}
            }
        }
        if !body.contains(&b'{') {
            return;
        }
        if let Ok(v) = serde_json::from_slice::<Value>(body) {
            walk(&v, self);
        }
    }

    /// `text` with every secret, and every credential after `Bearer `, replaced by [`MARK`].
    pub(crate) fn scrub(&self, text: &str) -> String {
        let mut out = scrub_bearer(text);
        // Longest first, so that a secret containing another is replaced whole.
        let mut values: Vec<&String> = self.values.iter().collect();
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        for v in values {
            if out.contains(v.as_str()) {
                out = out.replace(v.as_str(), MARK);
            }
        }
        out
    }
}

/// Whether a request header's name says its value is a credential (`X-Api-Key`, `Cookie`...).
pub(crate) fn sensitive_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["auth", "key", "token", "secret", "cookie", "password", "session"].iter().any(|w| name.contains(w))
}

/// `text` with the credentials after every `Bearer ` (any case) replaced: whatever token a
/// server echoes, ours or not, it is not shown.
fn scrub_bearer(text: &str) -> String {
    const WORD: &str = "bearer";
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    let mut from = 0;
    while let Some(found) = lower[from..].find(WORD) {
        let start = from + found + WORD.len();
        let spaces = text[start..].len() - text[start..].trim_start_matches([' ', '\t']).len();
        let token_start = start + spaces;
        let token_len = text[token_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || "-._~+/=".contains(c)))
            .unwrap_or(text.len() - token_start);
        if spaces > 0 && token_len > 0 {
            out.push_str(&text[rest..token_start]);
            out.push_str(MARK);
            rest = token_start + token_len;
        }
        from = token_start + token_len;
    }
    out.push_str(&text[rest..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubs_given_secrets_and_any_bearer_credential() {
        let mut s = Secrets::default();
        s.add("tok-123");
        s.add_json_fields(br#"{"client":{"clientSecret":"s3cr3t-value"}, "n": 1}"#);
        assert_eq!(
            s.scrub("token tok-123 / secret s3cr3t-value / BEARER other.tok= end"),
            "token <redacted> / secret <redacted> / BEARER <redacted> end"
        );
        assert_eq!(s.scrub("bearer"), "bearer");
        assert_eq!(s.scrub("Bearer  x y"), "Bearer  <redacted> y");
        assert_eq!(s.scrub("no secrets é here"), "no secrets é here");
    }

    #[test]
    fn scrubs_url_credentials() {
        let mut s = Secrets::default();
        s.add_url("http://user:pa55@proxy.example:3128");
        assert_eq!(s.scrub("proxy pa55 failed"), "proxy <redacted> failed");
    }
}
