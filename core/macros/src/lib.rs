//! `#[derive(Model)]`: the conventions every model of the `authlete` crate shares, written once
//! here instead of per model by the generator. The generator (`codegen/emit_rust.py`) writes
//! only the declarations; this derive adds to each:
//!
//! - `Debug`: the fields that are set, secrets (`#[model(secret)]`) as `<redacted>`, unknown
//!   fields by name only;
//! - `Serialize`: the set fields in declaration order under their wire names, then the unknown
//!   fields in `extra` except a key that names a field (never written twice); a request body
//!   leaves out the read-only fields (`#[model(read_only)]`);
//! - `Deserialize`: known keys straight into the fields, unknown ones into `extra`; a repeated
//!   or missing required field is an error, `null` reads as absent for optional fields;
//! - `Check` (`authlete::models::check`): the same visitor, reading each value with its type's
//!   check instead of building it, so that what the check accepts is what `Deserialize` reads;
//! - `Model`: the read-only wire names and the request-body writer.
//!
//! `#[derive(Operation)]` does the same for a request type: the `Operation` impl (the
//! operation's description and how the request becomes a path, a query and a body) from the
//! struct's `#[operation(...)]` attribute and its fields' roles.
//!
//! The expansions name the `authlete` crate's internals by `crate::` paths: the derives are
//! for that crate only.
//!
//! ```ignore
//! #[derive(Clone, Default, PartialEq, Model)]
//! pub struct Client {
//!     #[model(wire = "clientId", read_only)]
//!     pub client_id: Option<i64>,
//!     #[model(wire = "clientSecret", read_only, secret)]
//!     pub client_secret: Option<String>,
//!     /// Fields this SDK version does not know.
//!     pub extra: Map<String, Value>,
//! }
//! ```

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::quote;
use syn::{
    parse_macro_input, Data, DeriveInput, Fields, GenericArgument, Ident, LitStr, PathArguments, Type,
};

/// One field of a model, as its attributes declare it.
struct Field {
    ident: Ident,
    /// The JSON member name.
    wire: LitStr,
    /// The value type: `T` of an `Option<T>` field, else the field's type.
    value: Type,
    /// Not an `Option`: missing is an error.
    required: bool,
    read_only: bool,
    secret: bool,
}

/// Derives `Debug`, `Serialize`, `Deserialize`, `Check` and `Model` for a model struct (see
/// the crate documentation). Every field but `extra` carries `#[model(wire = "...")]`.
#[proc_macro_derive(Model, attributes(model))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(input, "Model: only structs"));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new_spanned(input, "Model: only structs with named fields"));
    };
    let mut fields = Vec::new();
    let mut has_extra = false;
    for f in &named.named {
        let Some(ident) = f.ident.clone() else { continue };
        if ident == "extra" {
            has_extra = true;
            continue;
        }
        fields.push(field(ident, f)?);
    }
    if !has_extra {
        return Err(syn::Error::new_spanned(input, "Model: a field `extra: Map<String, Value>` is required"));
    }
    let name = &input.ident;
    Ok([
        debug(name, &fields),
        serialize(name, &fields),
        deserialize(name, &fields),
        check(name, &fields),
        model(name, &fields),
    ]
    .into_iter()
    .collect())
}

fn field(ident: Ident, f: &syn::Field) -> syn::Result<Field> {
    let mut wire = None;
    let (mut read_only, mut secret) = (false, false);
    for attr in f.attrs.iter().filter(|a| a.path().is_ident("model")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("wire") {
                wire = Some(meta.value()?.parse::<LitStr>()?);
            } else if meta.path.is_ident("read_only") {
                read_only = true;
            } else if meta.path.is_ident("secret") {
                secret = true;
            } else {
                return Err(meta.error("expected `wire = \"...\"`, `read_only` or `secret`"));
            }
            Ok(())
        })?;
    }
    let wire =
        wire.ok_or_else(|| syn::Error::new_spanned(&ident, "Model: `#[model(wire = \"...\")]` is required"))?;
    let (value, required) = match option_inner(&f.ty) {
        Some(inner) => (inner.clone(), false),
        None => (f.ty.clone(), true),
    };
    Ok(Field { ident, wire, value, required, read_only, secret })
}

/// `T` when `ty` is `Option<T>`.
fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    match args.args.first()? {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    }
}

/// The snake_case name `Debug` shows (the field's identifier without `r#`).
fn debug_name(ident: &Ident) -> LitStr {
    let s = ident.to_string();
    LitStr::new(s.strip_prefix("r#").unwrap_or(&s), Span::call_site())
}

fn debug(name: &Ident, fields: &[Field]) -> Tokens {
    let label = LitStr::new(&name.to_string(), Span::call_site());
    let entries = fields.iter().map(|f| {
        let (id, shown) = (&f.ident, debug_name(&f.ident));
        match (f.required, f.secret) {
            (true, true) => quote! { d.field(#shown, &crate::models::REDACTED); },
            (true, false) => quote! { d.field(#shown, &self.#id); },
            (false, true) => quote! { if self.#id.is_some() { d.field(#shown, &crate::models::REDACTED); } },
            (false, false) => quote! { if let Some(v) = &self.#id { d.field(#shown, v); } },
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let mut d = f.debug_struct(#label);
                #(#entries)*
                if !self.extra.is_empty() {
                    d.field("extra", &crate::models::ExtraKeys(&self.extra));
                }
                d.finish()
            }
        }
    }
}

fn serialize(name: &Ident, fields: &[Field]) -> Tokens {
    let entries = fields.iter().map(|f| {
        let (id, wire) = (&f.ident, &f.wire);
        match (f.required, f.read_only) {
            (true, true) => quote! { if !request { map.serialize_entry(#wire, &self.#id)?; } },
            (true, false) => quote! { map.serialize_entry(#wire, &self.#id)?; },
            (false, true) => {
                quote! { if let (false, Some(v)) = (request, &self.#id) { map.serialize_entry(#wire, v)?; } }
            }
            (false, false) => quote! { if let Some(v) = &self.#id { map.serialize_entry(#wire, v)?; } },
        }
    });
    let set = fields.iter().enumerate().map(|(i, f)| {
        let id = &f.ident;
        if f.required {
            quote! { #i => true, }
        } else {
            quote! { #i => self.#id.is_some(), }
        }
    });
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                self.write(serializer, false)
            }
        }

        impl #name {
            /// Writes the model; `request` leaves out the read-only fields.
            fn write<S: ::serde::Serializer>(&self, serializer: S, request: bool) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                #(#entries)*
                for (k, v) in &self.extra {
                    let written = match Self::field_index(k) {
                        None => true,
                        // Never twice: a field that is set is written above.
                        Some(i) => !(self.is_set(i)
                            || (request && <Self as crate::models::Model>::READ_ONLY_FIELDS.contains(&k.as_str()))),
                    };
                    if written {
                        map.serialize_entry(k, v)?;
                    }
                }
                map.end()
            }

            /// Whether field `i` (in declaration order) has a value.
            #[allow(clippy::match_like_matches_macro, clippy::match_single_binding)]
            fn is_set(&self, i: usize) -> bool {
                match i {
                    #(#set)*
                    _ => false,
                }
            }
        }
    }
}

fn deserialize(name: &Ident, fields: &[Field]) -> Tokens {
    let n = fields.len();
    let label = LitStr::new(&format!("struct {name}"), Span::call_site());
    let index = fields.iter().enumerate().map(|(i, f)| {
        let wire = &f.wire;
        quote! { #wire => Some(#i), }
    });
    let wires = fields.iter().map(|f| &f.wire);
    let temps = fields.iter().filter(|f| f.required).map(|f| {
        let (id, ty) = (&f.ident, &f.value);
        quote! { let mut #id: Option<#ty> = None; }
    });
    let reads = fields.iter().enumerate().map(|(i, f)| {
        let id = &f.ident;
        if f.required {
            quote! { #i => #id = Some(map.next_value()?), }
        } else {
            quote! { #i => out.#id = map.next_value()?, }
        }
    });
    let finish = fields.iter().filter(|f| f.required).map(|f| {
        let (id, wire) = (&f.ident, &f.wire);
        quote! { out.#id = #id.ok_or_else(|| ::serde::de::Error::missing_field(#wire))?; }
    });
    quote! {
        impl #name {
            /// The index of a known wire name.
            fn field_index(key: &str) -> Option<usize> {
                match key {
                    #(#index)*
                    _ => None,
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct V;
                impl<'de> ::serde::de::Visitor<'de> for V {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#label)
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<#name, A::Error> {
                        let mut seen = [false; #n];
                        #(#temps)*
                        let mut extra = ::serde_json::Map::new();
                        let mut out = <#name as ::std::default::Default>::default();
                        while let Some(key) = map.next_key_seed(crate::models::FieldKey(#name::field_index))? {
                            let i = match key {
                                crate::models::Key::Known(i) => i,
                                crate::models::Key::Other(k) => {
                                    let v: ::serde_json::Value = map.next_value()?;
                                    extra.insert(k, v);
                                    continue;
                                }
                            };
                            if let Some(s) = seen.get_mut(i) {
                                if ::std::mem::replace(s, true) {
                                    return Err(::serde::de::Error::duplicate_field(FIELDS[i]));
                                }
                            }
                            match i {
                                #(#reads)*
                                _ => {
                                    let _: ::serde::de::IgnoredAny = map.next_value()?;
                                }
                            }
                        }
                        #(#finish)*
                        out.extra = extra;
                        Ok(out)
                    }
                }
                const FIELDS: &[&str] = &[#(#wires),*];
                deserializer.deserialize_map(V)
            }
        }
    }
}

fn check(name: &Ident, fields: &[Field]) -> Tokens {
    let n = fields.len();
    let label = LitStr::new(&format!("struct {name}"), Span::call_site());
    let read_only: Vec<usize> =
        fields.iter().enumerate().filter(|(_, f)| f.read_only).map(|(i, _)| i).collect();
    // Only the outermost model of a request body is sent without its read-only fields.
    let take = if read_only.is_empty() {
        quote! { self.0.take_request(); }
    } else {
        quote! { let request = self.0.take_request(); }
    };
    let refuse = if read_only.is_empty() {
        quote! {}
    } else {
        quote! {
            #(#read_only)|* if request => {
                return Err(::serde::de::Error::custom("a read-only field in a request body"));
            }
        }
    };
    let reads = fields.iter().enumerate().map(|(i, f)| {
        let ty = &f.value;
        quote! { #i => map.next_value_seed(crate::models::check::Seed::<#ty>::new(self.0))?, }
    });
    let required: Vec<usize> =
        fields.iter().enumerate().filter(|(_, f)| f.required).map(|(i, _)| i).collect();
    let missing = if required.is_empty() {
        quote! {}
    } else {
        quote! {
            if #(!seen[#required])||* {
                return Err(::serde::de::Error::custom("missing field"));
            }
        }
    };
    quote! {
        impl crate::models::check::Check for #name {
            fn check<'de, D: ::serde::Deserializer<'de>>(
                deserializer: D,
                notes: &crate::models::check::Notes,
            ) -> ::std::result::Result<(), D::Error> {
                struct V<'n>(&'n crate::models::check::Notes);
                impl<'de> ::serde::de::Visitor<'de> for V<'_> {
                    type Value = ();
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#label)
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<(), A::Error> {
                        let mut seen = [false; #n];
                        #take
                        let mut unknown = crate::models::check::UnknownKeys::default();
                        while let Some(key) = map.next_key_seed(crate::models::FieldKey(#name::field_index))? {
                            let i = match key {
                                crate::models::Key::Known(i) => i,
                                crate::models::Key::Other(k) => {
                                    unknown.add(k)?;
                                    map.next_value_seed(crate::models::check::Seed::<::serde_json::Value>::new(self.0))?;
                                    continue;
                                }
                            };
                            if let Some(s) = seen.get_mut(i) {
                                if ::std::mem::replace(s, true) {
                                    return Err(::serde::de::Error::custom("repeated field"));
                                }
                            }
                            match i {
                                #refuse
                                #(#reads)*
                                _ => map.next_value_seed(crate::models::check::Seed::<::serde_json::Value>::new(self.0))?,
                            }
                        }
                        #missing
                        Ok(())
                    }
                }
                deserializer.deserialize_map(V(notes))
            }
        }
    }
}

fn model(name: &Ident, fields: &[Field]) -> Tokens {
    let read_only = fields.iter().filter(|f| f.read_only).map(|f| &f.wire);
    quote! {
        impl crate::models::Model for #name {
            const READ_ONLY_FIELDS: &'static [&'static str] = &[#(#read_only),*];

            fn serialize_request<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                self.write(serializer, true)
            }
        }
    }
}

/// A request field's role in the HTTP request.
enum Role {
    /// A path parameter (its name in the path template).
    Path(String),
    /// A query parameter (its name in the query string).
    Query(String),
    /// The one value of a parameter that is both in the path and in the query.
    Both(String),
    /// The JSON body.
    Body,
}

/// One field of a request type.
struct Param {
    ident: Ident,
    /// The field's name in the request object (its `#[serde(rename)]`): errors name it.
    wire: LitStr,
    role: Role,
    /// `T` of an `Option<T>` field, else the field's type.
    value: Type,
    required: bool,
}

/// Derives `Operation` for a request type:
///
/// ```ignore
/// #[derive(Deserialize, Operation)]
/// #[operation(name = "clients.get", method = Get, path = "/api/{serviceId}/client/get/{clientId}",
///             output = Client, idempotent)]
/// pub struct ClientGetApiRequest {
///     #[serde(rename = "serviceId")]
///     #[operation(path = "serviceId")]
///     pub service_id: String,
///     ...
/// }
/// ```
///
/// Fields: `path = "name"`, `query = "name"` (a `String` value is a text parameter, any other a
/// number that must not be negative), `both = "name"` (the value used for a parameter that is
/// both in the path and the query when those fields are not given), `body`. Without `output`
/// the operation returns no body.
#[proc_macro_derive(Operation, attributes(operation))]
pub fn derive_operation(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand_operation(&input) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn expand_operation(input: &DeriveInput) -> syn::Result<Tokens> {
    let (mut name, mut method, mut path, mut output, mut idempotent) = (None, None, None, None, false);
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("operation")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("name") {
                name = Some(meta.value()?.parse::<LitStr>()?);
            } else if meta.path.is_ident("method") {
                method = Some(meta.value()?.parse::<Ident>()?);
            } else if meta.path.is_ident("path") {
                path = Some(meta.value()?.parse::<LitStr>()?);
            } else if meta.path.is_ident("output") {
                output = Some(meta.value()?.parse::<Type>()?);
            } else if meta.path.is_ident("idempotent") {
                idempotent = true;
            } else {
                return Err(meta.error("expected `name`, `method`, `path`, `output` or `idempotent`"));
            }
            Ok(())
        })?;
    }
    let missing =
        |what: &str| syn::Error::new_spanned(&input.ident, format!("Operation: `{what}` is required"));
    let name = name.ok_or_else(|| missing("name"))?;
    let method = method.ok_or_else(|| missing("method"))?;
    let template = path.ok_or_else(|| missing("path"))?;
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(input, "Operation: only structs"));
    };
    let mut params = Vec::new();
    for f in &data.fields {
        if let Some(ident) = f.ident.clone() {
            params.push(param(ident, f)?);
        }
    }

    let both: Vec<&Param> = params.iter().filter(|p| matches!(p.role, Role::Both(_))).collect();
    let mut shared = Vec::new();
    for b in &both {
        let Role::Both(http) = &b.role else { continue };
        let find = |path: bool| {
            params.iter().find(|p| match &p.role {
                Role::Path(n) => path && n == http,
                Role::Query(n) => !path && n == http,
                _ => false,
            })
        };
        let (Some(p), Some(q)) = (find(true), find(false)) else {
            return Err(syn::Error::new_spanned(
                &b.ident,
                "Operation: `both` needs a path and a query field of that name",
            ));
        };
        let (pv, qv) = (format_ident(&format!("{http}_path")), format_ident(&format!("{http}_query")));
        let (pi, pw, qi, qw, bi) = (&p.ident, &p.wire, &q.ident, &q.wire, &b.ident);
        shared.push(quote! {
            let (#pv, #qv) = crate::operation::shared_param(#pw, &self.#pi, #qw, &self.#qi, &self.#bi)?;
        });
    }
    let is_shared = |http: &str| both.iter().any(|b| matches!(&b.role, Role::Both(n) if n == http));

    // The path: literal pieces and encoded segments, in template order.
    let mut steps = Vec::new();
    let text = template.value();
    let mut rest = text.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        if start > 0 {
            let lit = LitStr::new(&rest[..start], Span::call_site());
            steps.push(quote! { req.literal(#lit); });
        }
        let http = &rest[start + 1..start + len];
        let Some(p) = params.iter().find(|p| matches!(&p.role, Role::Path(n) if n == http)) else {
            return Err(syn::Error::new_spanned(
                &template,
                format!("Operation: no `path = \"{http}\"` field"),
            ));
        };
        let wire = &p.wire;
        if is_shared(http) {
            let v = format_ident(&format!("{http}_path"));
            steps.push(quote! { req.segment(#wire, #v)?; });
        } else {
            let id = &p.ident;
            steps.push(quote! { req.segment(#wire, &self.#id)?; });
        }
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        let lit = LitStr::new(rest, Span::call_site());
        steps.push(quote! { req.literal(#lit); });
    }
    for p in &params {
        let Role::Query(http) = &p.role else { continue };
        let (id, wire, http_lit) = (&p.ident, &p.wire, LitStr::new(http, Span::call_site()));
        if is_shared(http) {
            let v = format_ident(&format!("{http}_query"));
            steps.push(quote! { req.query(#wire, #http_lit, Some(#v))?; });
        } else if is_string(&p.value) {
            steps.push(quote! { req.query(#wire, #http_lit, self.#id.as_deref())?; });
        } else {
            steps.push(quote! { req.query_num(#wire, #http_lit, self.#id)?; });
        }
    }
    let mut raw_body = quote! {};
    if let Some(p) = params.iter().find(|p| matches!(p.role, Role::Body)) {
        let (id, wire, ty) = (&p.ident, &p.wire, &p.value);
        if p.required {
            steps.push(quote! { req.body(#wire, Some(&self.#id))?; });
        } else {
            steps.push(quote! { req.body(#wire, self.#id.as_ref())?; });
            raw_body = quote! {
                const RAW_BODY: Option<crate::operation::RawBody> = Some(crate::operation::RawBody {
                    field: #wire,
                    fits: crate::models::check::fits_request_body::<#ty>,
                });
            };
        }
    }
    let returns_body = output.is_some();
    let output = output.map_or_else(|| quote! { () }, |t| quote! { #t });
    let ident = &input.ident;
    Ok(quote! {
        impl crate::operation::Operation for #ident {
            type Output = #output;

            const SPEC: crate::operation::OpSpec = crate::operation::OpSpec {
                name: #name,
                method: crate::operation::HttpMethod::#method,
                path_template: #template,
                idempotent: #idempotent,
                returns_body: #returns_body,
            };

            #raw_body

            fn build(&self, req: &mut crate::operation::RequestParts) -> ::std::result::Result<(), crate::error::Error> {
                #(#shared)*
                #(#steps)*
                Ok(())
            }
        }
    })
}

fn param(ident: Ident, f: &syn::Field) -> syn::Result<Param> {
    let mut role = None;
    for attr in f.attrs.iter().filter(|a| a.path().is_ident("operation")) {
        attr.parse_nested_meta(|meta| {
            let value = |meta: &syn::meta::ParseNestedMeta<'_>| -> syn::Result<String> {
                Ok(meta.value()?.parse::<LitStr>()?.value())
            };
            role = Some(if meta.path.is_ident("path") {
                Role::Path(value(&meta)?)
            } else if meta.path.is_ident("query") {
                Role::Query(value(&meta)?)
            } else if meta.path.is_ident("both") {
                Role::Both(value(&meta)?)
            } else if meta.path.is_ident("body") {
                Role::Body
            } else {
                return Err(meta.error("expected `path`, `query`, `both` or `body`"));
            });
            Ok(())
        })?;
    }
    let role = role.ok_or_else(|| {
        syn::Error::new_spanned(&ident, "Operation: `#[operation(path | query | both | body)]` is required")
    })?;
    let mut wire = None;
    for attr in f.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                wire = Some(meta.value()?.parse::<LitStr>()?);
            } else if meta.input.peek(syn::Token![=]) {
                // Another `key = value` serde option: not ours.
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        })?;
    }
    let wire = wire.ok_or_else(|| {
        syn::Error::new_spanned(&ident, "Operation: `#[serde(rename = \"...\")]` is required")
    })?;
    let (value, required) = match option_inner(&f.ty) {
        Some(inner) => (inner.clone(), false),
        None => (f.ty.clone(), true),
    };
    Ok(Param { ident, wire, role, value, required })
}

fn format_ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Whether `ty` is `String`.
fn is_string(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.path.is_ident("String"))
}
