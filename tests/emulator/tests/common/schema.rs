//! A small OpenAPI 3.0 schema validator over serde_json, covering what the contract uses:
//! type, format (int32/int64), properties, items, enum, $ref, required.

use serde_json::Value;

/// The contract, parsed from YAML.
pub struct Spec(pub Value);

pub fn load() -> Spec {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/authlete-clients.openapi.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let yaml: serde_norway::Value = serde_norway::from_str(&text).unwrap();
    Spec(serde_json::to_value(yaml).unwrap())
}

impl Spec {
    pub fn resolve<'a>(&'a self, mut v: &'a Value) -> &'a Value {
        while let Some(r) = v.get("$ref").and_then(Value::as_str) {
            let mut cur = &self.0;
            for part in r.trim_start_matches("#/").split('/') {
                cur = &cur[part];
            }
            assert!(!cur.is_null(), "unresolved $ref {r}");
            v = cur;
        }
        v
    }

    /// The schema of `method path` for `status`: `Some(None)` when the response has no body.
    pub fn response_schema(&self, method: &str, template: &str, status: u16) -> Option<Option<&Value>> {
        let op = &self.0["paths"][template][method.to_ascii_lowercase()];
        let resp = op["responses"].get(status.to_string())?;
        let resp = self.resolve(resp);
        Some(resp.get("content").map(|c| &c["application/json"]["schema"]))
    }

    pub fn validate(&self, schema: &Value, v: &Value, at: &str) -> Result<(), String> {
        let schema = self.resolve(schema);
        if v.is_null() {
            return Ok(()); // fields are optional; null reads as absent
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            if !values.contains(v) {
                return Err(format!("{at}: {v} is not one of the enum values"));
            }
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("object") => {
                let obj = v.as_object().ok_or(format!("{at}: object expected, got {v}"))?;
                for r in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
                    let k = r.as_str().unwrap();
                    if obj.get(k).is_none_or(Value::is_null) {
                        return Err(format!("{at}: required {k} missing"));
                    }
                }
                if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                    for (k, s) in props {
                        if let Some(x) = obj.get(k) {
                            self.validate(s, x, &format!("{at}.{k}"))?;
                        }
                    }
                }
                Ok(())
            }
            Some("array") => {
                let arr = v.as_array().ok_or(format!("{at}: array expected, got {v}"))?;
                for (i, x) in arr.iter().enumerate() {
                    self.validate(&schema["items"], x, &format!("{at}[{i}]"))?;
                }
                Ok(())
            }
            Some("string") if !v.is_string() => Err(format!("{at}: string expected, got {v}")),
            Some("boolean") if !v.is_boolean() => Err(format!("{at}: boolean expected, got {v}")),
            Some("number") if !v.is_number() => Err(format!("{at}: number expected, got {v}")),
            Some("integer") => {
                let n = v.as_i64().ok_or(format!("{at}: integer expected, got {v}"))?;
                match schema.get("format").and_then(Value::as_str) {
                    Some("int32") if i32::try_from(n).is_err() => Err(format!("{at}: {n} is not int32")),
                    _ => Ok(()),
                }
            }
            _ => Ok(()),
        }
    }
}
