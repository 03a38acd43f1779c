//! Every operation as an async method of `AuthleteNative` (a `suspend fun` in Kotlin) and its
//! synchronous `_blocking` twin, and every model's `<model>_from_json` / `<model>_to_json`:
//! written here once and expanded over the core's lists of operations and models
//! (`authlete::for_each_operation!`, `authlete::for_each_model!`), so that a new operation or
//! model needs nothing in this crate.

use crate::client::AuthleteNative;
use crate::models::{decode, encode};
use authlete::foreign::NativeError;

macro_rules! operation_methods {
    ($(($name:ident, $blocking:ident, $with:ident, $blocking_with:ident, $request:ty, $output:ty, $doc:literal)),* $(,)?) => {
        #[uniffi::export]
        impl AuthleteNative {
            $(
                #[doc = $doc]
                pub async fn $name(&self, request: $request) -> Result<$output, NativeError> {
                    self.execute(request, None).await
                }

                /// The blocking twin of the async method of the same name: runs on the calling
                /// thread until the call is done.
                pub fn $blocking(&self, request: $request) -> Result<$output, NativeError> {
                    self.execute_blocking(request, None)
                }

                /// The async method of the same name with per-call options (the official
                /// TypeScript SDK's RequestOptions as JSON). The variants without options take
                /// no options argument at all: an optional argument costs the foreign side one
                /// more native call per call, to allocate its buffer even when it is absent
                /// (bench/OPTIMISATIONS.md, item 38).
                pub async fn $with(&self, request: $request, options_json: String) -> Result<$output, NativeError> {
                    self.execute(request, Some(options_json)).await
                }

                /// The blocking twin of the `_with` async method of the same name.
                pub fn $blocking_with(&self, request: $request, options_json: String) -> Result<$output, NativeError> {
                    self.execute_blocking(request, Some(options_json))
                }
            )*
        }
    };
}

authlete::for_each_operation!(operation_methods);

macro_rules! json_functions {
    ($(($model:ty, $from_json:ident, $to_json:ident, $what:literal)),* $(,)?) => {
        $(
            /// Decodes the model from JSON (the API's camelCase form).
            #[uniffi::export]
            pub fn $from_json(json: String) -> Result<$model, NativeError> {
                decode(&json, $what)
            }

            /// Encodes the model as JSON (the API's camelCase form, every field).
            #[uniffi::export]
            pub fn $to_json(value: $model) -> Result<String, NativeError> {
                encode(&value)
            }
        )*
    };
}

authlete::for_each_model!(json_functions);
