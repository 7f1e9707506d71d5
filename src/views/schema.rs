//! `qmsbook schema`: a JSON Schema of the front matter of this handbook, with
//! its declared types, clause ids and document IDs as enums, for editors.

use serde_json::{Value, json};

use crate::config::ExtraType;
use crate::model::handbook::Handbook;
use crate::parse::approval::ReviewOutcome;
use crate::parse::front_matter::Status;

/// The JSON Schema (draft-07, which YAML editor extensions support best).
pub fn front_matter_schema(hb: &Handbook) -> Value {
    let types: Vec<&str> = hb.types.iter().map(|t| t.key.as_str()).collect();
    let type_help: Vec<String> = hb
        .types
        .iter()
        .map(|t| match &t.prefix {
            Some(p) => format!("{} ({}: IDs start with {p})", t.key, t.label),
            None => format!("{} ({})", t.key, t.label),
        })
        .collect();
    let ids: Vec<&str> = hb.documents.iter().map(|d| d.id()).collect();
    let clause_list = |key: &str| -> Value {
        let ids: Vec<&str> = hb
            .catalogs
            .get(key)
            .map(|c| c.clauses.iter().map(|c| c.id.as_str()).collect())
            .unwrap_or_default();
        json!({ "type": "array", "items": { "type": "string", "enum": ids }, "uniqueItems": true })
    };
    let default = hb.config.standards.default_key();
    let per_standard: serde_json::Map<String, Value> = hb
        .scope
        .iter()
        .map(|k| (k.clone(), clause_list(k)))
        .collect();
    let date =
        json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "format": "date" });
    let date_described = |description: &str| {
        let mut d = date.clone();
        d["description"] = json!(description);
        d
    };
    let id_ref = json!({ "type": "string", "enum": ids });
    let mut properties = json!({
            "id": { "type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", "description": "Unique document ID, e.g. SOP-004" },
            "title": { "type": "string", "minLength": 1 },
            "type": { "type": "string", "enum": types, "description": type_help.join("; ") },
            "owner": { "type": "string", "description": "Owning role (not a person)" },
            "approved_by": { "type": "string", "description": "Approving role" },
            "approved_on": date_described("The day the current revision was approved"),
            "revision": { "type": ["string", "number"] },
            "effective": date.clone(),
            "review_by": date.clone(),
            "status": { "type": "string", "enum": Status::ALL, "default": "draft" },
            "changes": {
                "type": "array",
                "description": "Revision log: one entry per revision, in any order (shown newest first)",
                "items": {
                    "type": "object",
                    "required": ["revision", "date", "summary"],
                    "properties": {
                        "revision": { "type": ["string", "number"] },
                        "date": date.clone(),
                        "summary": { "type": "string", "minLength": 1, "description": "What changed in this revision" },
                        "approved_by": { "type": "string", "description": "Role that approved the revision" },
                        "approved_on": date.clone(),
                        "evidence": { "type": "string", "description": "Evidence of approval, e.g. a pull-request URL (http(s) addresses are linked)" },
                        "major": { "type": "boolean", "description": "A major revision, which `acknowledge: major-revision` asks people to acknowledge" }
                    },
                    "additionalProperties": false
                }
            },
            "reviewed": {
                "type": "object",
                "description": "The last periodic review; the next review counts from its date",
                "required": ["date", "by", "outcome"],
                "properties": {
                    "date": date.clone(),
                    "by": { "type": "string", "description": "Reviewing role" },
                    "outcome": { "type": "string", "enum": ReviewOutcome::ALL }
                },
                "additionalProperties": false
            },
            "clauses": {
                "description": format!("Clause ids of {default}, or a map from catalog key to clause ids"),
                "oneOf": [clause_list(&default), { "type": "object", "properties": per_standard.clone(), "additionalProperties": false }]
            },
            "weight": { "type": "integer", "description": "Order within the type in navigation" },
            "supersedes": { "oneOf": [id_ref.clone(), { "type": "array", "items": id_ref.clone() }] },
            "superseded_by": id_ref,
            "issuer": { "type": "string", "description": "External documents: who issued it (standards body, customer, authority, supplier)" },
            "identifier": { "type": ["string", "number"], "description": "External documents: its own identifier, e.g. ISO 9001:2015 or a drawing number" },
            "edition": { "type": ["string", "number"], "description": "External documents: the edition in use (text, or a date YYYY-MM-DD)" },
            "controlled_copy": { "type": "string", "description": "External documents: where the controlled copy is kept" },
            "currency_checked": date_described("External documents: the day it was last checked to be the current edition"),
            "next_currency_check": date_described("External documents: the next currency check (default: currency_checked + [documents] currency-check-months)"),
            "records": {
                "type": "array",
                "description": "The records this document governs (shown on its page and in the records register)",
                "items": {
                    "type": "object",
                    "required": ["id", "title"],
                    "properties": {
                        "id": { "type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", "description": "Unique record ID, e.g. REC-001; link to it with [[record:REC-001]]" },
                        "title": { "type": "string", "minLength": 1 },
                        "clauses": {
                            "description": format!("Clause ids of {default} the record is evidence for, or a map from catalog key to clause ids"),
                            "oneOf": [clause_list(&default), { "type": "object", "properties": per_standard.clone(), "additionalProperties": false }]
                        },
                        "location": { "type": "string", "description": "Where it is kept (a place)" },
                        "system": { "type": "string", "description": "The system it is kept in" },
                        "retention": { "type": "string", "description": "How long it is kept" },
                        "disposal": { "type": "string", "description": "What happens at the end of retention" },
                        "protection": { "type": "string", "description": "How it is protected from loss, damage and unintended change" },
                        "access": { "type": "string", "description": "Who may read or change it" }
                    },
                    "additionalProperties": false
                }
            }
    });
    // Management review records (types with `management-review = true`).
    if let Some(map) = properties.as_object_mut() {
        let text_list = json!({ "oneOf": [{ "type": "string" }, { "type": "array", "items": { "type": "string" } }] });
        map.insert(
            "date".into(),
            date_described("Management review records: the day the review was held"),
        );
        map.insert("chair".into(), json!({ "type": "string", "description": "Management review records: who chaired the review" }));
        map.insert("attendees".into(), json!({ "type": "array", "items": { "type": "string" }, "description": "Management review records: who attended (roles or names)" }));
        map.insert("covers".into(), json!({
            "type": "array",
            "description": "Management review records: the ISO 9001 9.3.2 inputs considered (c covers c1 to c7)",
            "items": { "enum": ["a", "b", "c", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "d", "e", "f"] }
        }));
        map.insert("decisions".into(), json!({
            "type": "object",
            "description": "Management review records: decisions by ISO 9001 9.3.3 output (a improvement, b changes to the QMS, c resource needs)",
            "properties": { "a": text_list.clone(), "b": text_list.clone(), "c": text_list },
            "additionalProperties": false
        }));
        map.insert("actions".into(), json!({
            "type": "array",
            "description": "Management review records: the actions decided, tracked on the management review page",
            "items": {
                "type": "object",
                "required": ["id", "title", "due"],
                "properties": {
                    "id": { "type": "string", "description": "Unique across every review, e.g. MR-2026-06-A1" },
                    "title": { "type": "string", "minLength": 1 },
                    "owner": { "type": "string" },
                    "due": date.clone(),
                    "status": { "enum": ["open", "done"] },
                    "closed_on": date.clone()
                },
                "additionalProperties": false
            }
        }));
    }
    // The handbook's own fields (`[documents] extra-fields`); nothing else is allowed.
    if let Some(map) = properties.as_object_mut() {
        map.insert(
            "audience".into(),
            json!({
                "description": "Who must read it: `all`, or roles of the people file",
                "oneOf": [{ "type": "string" }, { "type": "array", "items": { "type": "string" } }]
            }),
        );
        map.insert(
            "acknowledge".into(),
            json!({
                "type": "string",
                "enum": crate::config::AckPolicy::ALL,
                "description": "Which revisions its audience acknowledges (default from [awareness])"
            }),
        );
        for (key, kind) in &hb.config.documents.extra_fields.0 {
            let schema = match kind {
                ExtraType::Any => json!({ "description": "Declared in [documents] extra-fields" }),
                ExtraType::String => json!({ "type": ["string", "number"] }),
                ExtraType::Date => date.clone(),
                ExtraType::List => json!({ "type": "array" }),
            };
            map.entry(key.clone()).or_insert(schema);
        }
    }
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://qmsbook.invalid/front-matter.schema.json",
        "title": format!("Front matter of {}", hb.config.book.title),
        "description": "Generated by `qmsbook schema`; regenerate it when types, catalogs or documents change.",
        "type": "object",
        "required": ["id", "title", "type"],
        "properties": properties,
        "additionalProperties": false
    })
}
