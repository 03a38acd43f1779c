//! TLS for the transport: the operating system's trust store (rustls-platform-verifier), extra
//! CA certificates given as PEM, and an optional client certificate (mTLS). ring is the crypto
//! provider: it needs no C toolchain beyond the one Rust uses, also when cross-compiling.

use std::fmt;
use std::sync::{Arc, OnceLock};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::{ClientConfig, DigitallySignedStruct, SignatureScheme};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};

use crate::error::Error;
use crate::secret::Secret;

/// The TLS settings of a client.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TlsSettings {
    /// Extra trusted CA certificates (PEM, one or more), beside the operating system's.
    pub ca_certificates: Option<String>,
    /// A client certificate chain (PEM) for mutual TLS; needs `client_key`.
    pub client_certificate: Option<String>,
    /// The client certificate's private key (PEM).
    pub client_key: Option<Secret>,
}

impl fmt::Debug for TlsSettings {
    /// Sizes only: the PEM texts are long, and the key is a secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pem = |p: &Option<String>| p.as_ref().map(|p| format!("<{} bytes of PEM>", p.len()));
        f.debug_struct("TlsSettings")
            .field("ca_certificates", &pem(&self.ca_certificates))
            .field("client_certificate", &pem(&self.client_certificate))
            .field("client_key", &self.client_key)
            .finish()
    }
}

impl TlsSettings {
    /// Checks the PEM texts (before any I/O), so that a bad certificate or key is an
    /// `SDKValidationError` at construction rather than a failure at the first call.
    pub(crate) fn check(&self) -> Result<(), Error> {
        if let Some(pem) = &self.ca_certificates {
            certificates("caCertificates", pem)?;
        }
        match (&self.client_certificate, &self.client_key) {
            (Some(cert), Some(key)) => {
                certificates("clientCertificate", cert)?;
                private_key(key)?;
                Ok(())
            }
            (None, None) => Ok(()),
            (Some(_), None) => Err(Error::validation("clientKey", "is required with clientCertificate")),
            (None, Some(_)) => Err(Error::validation("clientCertificate", "is required with clientKey")),
        }
    }

    /// The rustls configuration for these settings.
    pub(crate) fn client_config(&self) -> Result<ClientConfig, Error> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let extra = match &self.ca_certificates {
            Some(pem) => certificates("caCertificates", pem)?,
            None => Vec::new(),
        };
        // Reading the system's store takes a while: it is read at the first TLS handshake, not
        // for a client that only ever speaks plain HTTP, and once per process when no extra
        // CA is given.
        static PLATFORM: OnceLock<Loaded> = OnceLock::new();
        let verifier: Arc<dyn ServerCertVerifier> = Arc::new(Lazy {
            extra: if extra.is_empty() { None } else { Some(extra) },
            own: OnceLock::new(),
            shared: &PLATFORM,
            provider: provider.clone(),
        });
        let builder = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| tls_error("options", &e))?
            .dangerous()
            .with_custom_certificate_verifier(verifier);
        match (&self.client_certificate, &self.client_key) {
            (Some(cert), Some(key)) => builder
                .with_client_auth_cert(certificates("clientCertificate", cert)?, private_key(key)?)
                .map_err(|e| tls_error("clientKey", &e)),
            _ => Ok(builder.with_no_client_auth()),
        }
    }
}

/// The platform's verifier with `extra` roots added.
fn verifier(extra: Vec<CertificateDer<'static>>, provider: &Arc<CryptoProvider>) -> Loaded {
    rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider.clone())
        .map(|v| Arc::new(v) as Arc<dyn ServerCertVerifier>)
        .map_err(|e| e.to_string())
}

/// The platform's verifier, or why it could not be made. No usable trust store (a minimal
/// container, say) fails only the HTTPS calls, with the reason, not the client's construction:
/// plain-HTTP calls still work.
type Loaded = Result<Arc<dyn ServerCertVerifier>, String>;

/// The certificates of a PEM text: at least one, every one readable.
fn certificates(field: &str, pem: &str) -> Result<Vec<CertificateDer<'static>>, Error> {
    let certs = CertificateDer::pem_slice_iter(pem.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Error::validation(field, format!("is not valid PEM: {e}")))?;
    if certs.is_empty() {
        return Err(Error::validation(field, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)"));
    }
    Ok(certs)
}

/// The private key of a PEM text (PKCS#8, PKCS#1 or SEC1). Its content never goes into an
/// error.
fn private_key(pem: &Secret) -> Result<PrivateKeyDer<'static>, Error> {
    PrivateKeyDer::from_pem_slice(pem.expose().as_bytes())
        .map_err(|_| Error::validation("clientKey", "holds no readable PEM private key"))
}

fn tls_error(field: &str, e: &rustls::Error) -> Error {
    Error::validation(field, format!("cannot configure TLS: {e}"))
}

/// The platform's verifier, made at its first use: shared by every client without extra CAs
/// (`shared`), made per client with them (`own`).
#[derive(Debug)]
struct Lazy {
    extra: Option<Vec<CertificateDer<'static>>>,
    own: OnceLock<Loaded>,
    shared: &'static OnceLock<Loaded>,
    provider: Arc<CryptoProvider>,
}

impl Lazy {
    fn get(&self) -> Result<&Arc<dyn ServerCertVerifier>, rustls::Error> {
        let loaded = match &self.extra {
            None => self.shared.get_or_init(|| verifier(Vec::new(), &self.provider)),
            Some(extra) => self.own.get_or_init(|| verifier(extra.clone(), &self.provider)),
        };
        loaded.as_ref().map_err(|reason| {
            rustls::Error::General(format!("no trusted CA certificates ({reason}); give caCertificates"))
        })
    }
}

impl ServerCertVerifier for Lazy {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.get()?.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.get()?.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.get()?.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}
