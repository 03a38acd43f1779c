//! HTTPS serving for tests of the SDKs' TLS options: a test PKI made on the spot (a CA, a
//! server certificate for `localhost` and `127.0.0.1`, a client certificate), and the
//! acceptor that serves with it, optionally requiring a client certificate (mTLS).

use std::path::Path;
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose,
};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::TlsAcceptor;

/// The files [`make_test_pki`] writes into its folder.
pub const PKI_FILES: [&str; 5] = ["ca.pem", "server.pem", "server.key", "client.pem", "client.key"];

/// Writes a fresh test PKI into `dir` ([`PKI_FILES`]): a CA, a server certificate for
/// `localhost` and `127.0.0.1` and a client certificate, both signed by the CA.
pub fn make_test_pki(dir: &Path) -> Result<(), String> {
    let e = |e: rcgen::Error| format!("cannot make the test PKI: {e}");
    let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(e)?;
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name.push(DnType::CommonName, "authlete-emulator test CA");
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca = CertifiedIssuer::self_signed(ca, KeyPair::generate().map_err(e)?).map_err(e)?;

    let leaf = |names: Vec<String>, purpose: ExtendedKeyUsagePurpose| -> Result<(String, String), String> {
        let mut params = CertificateParams::new(names).map_err(e)?;
        params.distinguished_name.push(DnType::CommonName, "authlete-emulator test");
        params.extended_key_usages = vec![purpose];
        let key = KeyPair::generate().map_err(e)?;
        let cert = params.signed_by(&key, &ca).map_err(e)?;
        Ok((cert.pem(), key.serialize_pem()))
    };
    let (server_pem, server_key) =
        leaf(vec!["localhost".into(), "127.0.0.1".into()], ExtendedKeyUsagePurpose::ServerAuth)?;
    let (client_pem, client_key) = leaf(vec!["client.test".into()], ExtendedKeyUsagePurpose::ClientAuth)?;

    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for (name, text) in PKI_FILES.iter().zip([ca.pem(), server_pem, server_key, client_pem, client_key]) {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// The TLS acceptor for a server certificate and key (PEM files); with `client_ca`, clients
/// must present a certificate signed by it.
pub fn acceptor(cert: &Path, key: &Path, client_ca: Option<&Path>) -> Result<TlsAcceptor, String> {
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let certs = |p: &Path| -> Result<Vec<CertificateDer<'static>>, String> {
        CertificateDer::pem_slice_iter(&read(p)?)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("{}: {e}", p.display()))
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let builder = match client_ca {
        Some(ca) => {
            let mut roots = RootCertStore::empty();
            for c in certs(ca)? {
                roots.add(c).map_err(|e| format!("{}: {e}", ca.display()))?;
            }
            let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .map_err(|e| e.to_string())?;
            builder.with_client_cert_verifier(verifier)
        }
        None => builder.with_no_client_auth(),
    };
    let key = PrivateKeyDer::from_pem_slice(&read(key)?).map_err(|e| format!("{}: {e}", key.display()))?;
    let config = builder.with_single_cert(certs(cert)?, key).map_err(|e| e.to_string())?;
    Ok(TlsAcceptor::from(Arc::new(config)))
}
