//! `book.toml`: the handbook's configuration.
//!
//! Tables follow mdBook's layout with kebab-case keys. Unknown keys are errors
//! pointing at the key's line, so a typo never silently does nothing.
//!
//! This module owns every setting type (including [`RawHtml`] and the
//! [`DEFAULT_STANDARD`] key); it reads no other source than `book.toml` and
//! uses neither `parse` nor `markdown`, which sit above it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, SourceText};

/// The file name of the configuration.
pub const CONFIG_FILE: &str = "book.toml";

/// The key of the catalog used when `[standards]` names none.
pub const DEFAULT_STANDARD: &str = "iso9001-2015";

/// The whole configuration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// `[book]`
    #[serde(default)]
    pub book: BookConfig,
    /// `[build]`
    #[serde(default)]
    pub build: BuildConfig,
    /// `[documents]`
    #[serde(default)]
    pub documents: DocumentsConfig,
    /// `[output]`
    #[serde(default)]
    pub output: OutputConfig,
    /// `[standards]`
    #[serde(default)]
    pub standards: StandardsConfig,
    /// `[coverage]`
    #[serde(default)]
    pub coverage: CoverageConfig,
    /// `[check]`: lint levels and the vague-wording list.
    #[serde(default)]
    pub check: CheckConfig,
    /// `[history]`: what the build reads from git.
    #[serde(default)]
    pub history: HistoryConfig,
    /// `[documented-information]`: conditional items marked not needed.
    #[serde(default)]
    pub documented_information: DocumentedInformationConfig,
    /// `[management-review]`: how often top management reviews the QMS,
    /// and whether the input pack is published.
    #[serde(default)]
    pub management_review: ManagementReviewConfig,
    /// `[awareness]`: people, roles and the acknowledgement ledger.
    #[serde(default)]
    pub awareness: AwarenessConfig,
    /// The text of `book.toml`, for pointing diagnostics at it.
    #[serde(skip)]
    pub source: Option<SourceText>,
}

/// `[standards]`: which catalogs are in scope, the default one, and exclusions.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct StandardsConfig {
    /// Catalog keys in scope; default: the default standard only.
    #[serde(default)]
    pub in_scope: Option<Vec<String>>,
    /// The catalog that a plain `clauses: [...]` list refers to; default: the first in scope.
    #[serde(default)]
    pub default: Option<String>,
    /// `[standards.<key>]` tables.
    #[serde(flatten)]
    pub per_standard: BTreeMap<String, StandardConfig>,
}

/// `[standards.<key>]`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StandardConfig {
    /// `[standards.<key>.not-applicable]`: clause id → justification.
    #[serde(default)]
    pub not_applicable: BTreeMap<String, String>,
    /// `amendments = [...]`: the catalog's amendments the handbook is
    /// audited to (keys, e.g. `amd1-2024`); unset: all of them. The items of
    /// the others are left out of the catalog.
    #[serde(default)]
    pub amendments: Option<Vec<String>>,
}

/// How a lint is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LintLevel {
    /// Not reported.
    Allow,
    /// A warning.
    Warn,
    /// An error: fails the build and `check`.
    Deny,
}

/// `[check]`: each lint's level by code, and the vague-wording list.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct CheckConfig {
    /// Phrases auditors flag as vague; replaces the built-in list when set.
    #[serde(default)]
    pub vague_words: Option<Vec<String>>,
    /// Lint code → level.
    #[serde(flatten)]
    pub levels: BTreeMap<String, LintLevel>,
}

/// The built-in vague-wording list.
pub const DEFAULT_VAGUE_WORDS: [&str; 12] = [
    "as appropriate",
    "where appropriate",
    "where possible",
    "if possible",
    "if necessary",
    "where necessary",
    "as necessary",
    "proper",
    "properly",
    "adequate",
    "adequately",
    "etc.",
];

impl CheckConfig {
    /// The phrases to flag, lower-cased.
    pub fn vague_words(&self) -> Vec<String> {
        match &self.vague_words {
            Some(list) => list
                .iter()
                .map(|w| w.trim().to_lowercase())
                .filter(|w| !w.is_empty())
                .collect(),
            None => DEFAULT_VAGUE_WORDS.iter().map(|w| w.to_string()).collect(),
        }
    }
}

/// `[history]`: how the git history is read and shown.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HistoryConfig {
    /// A file of commits to leave out of histories, What's new and the feed
    /// (mechanical commits: reformatting, tool migrations), in the format of
    /// git's `blame.ignoreRevsFile`: one full commit hash a line, `#` comments.
    /// Relative to the handbook folder.
    #[serde(default)]
    pub ignore_revs_file: Option<String>,
    /// Publish every earlier revision of a document (`doc/<ID>/rev-<REV>.html`)
    /// and the changes between them (`doc/<ID>/changes.html`); default true.
    #[serde(default = "yes")]
    pub archive_revisions: bool,
}

fn yes() -> bool {
    true
}

impl Default for HistoryConfig {
    fn default() -> Self {
        HistoryConfig {
            ignore_revs_file: None,
            archive_revisions: true,
        }
    }
}

/// `[documented-information]`: the required documented information of
/// ISO 9001 as this handbook treats it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DocumentedInformationConfig {
    /// `[documented-information.not-needed]`: item reference as the catalog
    /// writes it (`"7.1.5.2 a)"`, `"8.5.3"`) → why its condition does not
    /// arise here. Checked against the catalog by [`crate::check`].
    #[serde(default)]
    pub not_needed: BTreeMap<String, String>,
}

/// Which revisions of a document the people of its audience acknowledge
/// (`acknowledge:` in front matter, defaults in `[awareness]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AckPolicy {
    /// Every new revision.
    EveryRevision,
    /// Only major revisions (see the README's "Awareness" section).
    MajorRevision,
    /// None: the document is on its audience's reading list only.
    None,
}

impl AckPolicy {
    /// The spelling in front matter and `book.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            AckPolicy::EveryRevision => "every-revision",
            AckPolicy::MajorRevision => "major-revision",
            AckPolicy::None => "none",
        }
    }

    /// Every spelling, for messages.
    pub const ALL: [&'static str; 3] = ["every-revision", "major-revision", "none"];

    /// The policy spelt `s` (case-insensitive).
    pub fn parse(s: &str) -> Option<AckPolicy> {
        match s.trim().to_ascii_lowercase().as_str() {
            "every-revision" => Some(AckPolicy::EveryRevision),
            "major-revision" => Some(AckPolicy::MajorRevision),
            "none" => Some(AckPolicy::None),
            _ => None,
        }
    }
}

/// `[awareness]`: who must read what (ISO 9001 7.3, 5.2.2), and the proof
/// that they did. Off when the people file does not exist.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AwarenessConfig {
    /// The roster (`person,roles,start,end`), relative to the handbook
    /// root, outside the content folder; default `people.csv`.
    #[serde(default)]
    pub people: Option<PathBuf>,
    /// The folder of acknowledgement files (`*.csv`, `date,person,document,revision`),
    /// relative to the handbook root; default `acknowledgements`.
    #[serde(default)]
    pub ledger: Option<PathBuf>,
    /// Days from a revision's effective date (or a person's start, when
    /// later) to the acknowledgement's due date; default 14.
    #[serde(default = "default_due_days")]
    pub due_days: u32,
    /// Publish people's names; `false` publishes counts only.
    #[serde(default = "yes")]
    pub show_names: bool,
    /// The policy of documents whose type sets none; default `every-revision`.
    #[serde(default)]
    pub acknowledge: Option<AckPolicy>,
    /// `[awareness.types.<type>]`: the policy per document type.
    #[serde(default)]
    pub types: BTreeMap<String, AwarenessTypeConfig>,
}

/// `[awareness.types.<type>]`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AwarenessTypeConfig {
    /// The policy of this type's documents.
    #[serde(default)]
    pub acknowledge: Option<AckPolicy>,
}

/// The default people file.
pub const DEFAULT_PEOPLE_FILE: &str = "people.csv";
/// The default acknowledgement folder.
pub const DEFAULT_LEDGER_DIR: &str = "acknowledgements";
/// The largest `due-days`.
pub const MAX_DUE_DAYS: u32 = 3650;

fn default_due_days() -> u32 {
    14
}

impl Default for AwarenessConfig {
    fn default() -> Self {
        AwarenessConfig {
            people: None,
            ledger: None,
            due_days: default_due_days(),
            show_names: true,
            acknowledge: None,
            types: BTreeMap::new(),
        }
    }
}

impl AwarenessConfig {
    /// The people file, relative to the handbook root.
    pub fn people_path(&self) -> PathBuf {
        self.people
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_PEOPLE_FILE))
    }

    /// The acknowledgement folder, relative to the handbook root.
    pub fn ledger_path(&self) -> PathBuf {
        self.ledger
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_LEDGER_DIR))
    }

    /// The policy of a document of type `doc_type` that sets none itself.
    pub fn policy_of_type(&self, doc_type: &str) -> AckPolicy {
        self.types
            .get(doc_type)
            .and_then(|t| t.acknowledge)
            .or(self.acknowledge)
            .unwrap_or(AckPolicy::EveryRevision)
    }
}

/// `[coverage]`: how coverage is counted.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CoverageConfig {
    /// Whether a tag on a parent clause counts for all its requirements (default false).
    #[serde(default)]
    pub parent_tags_cover_children: bool,
}

impl StandardsConfig {
    /// The catalogs in scope, in configured order.
    pub fn scope(&self) -> Vec<String> {
        self.in_scope
            .clone()
            .unwrap_or_else(|| vec![DEFAULT_STANDARD.to_string()])
    }

    /// The default catalog's key.
    pub fn default_key(&self) -> String {
        self.default
            .clone()
            .or_else(|| self.scope().into_iter().next())
            .unwrap_or_else(|| DEFAULT_STANDARD.to_string())
    }
}

/// `[book]`: what the handbook is.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BookConfig {
    /// Handbook title.
    #[serde(default = "default_title")]
    pub title: String,
    /// The organisation whose QMS this is.
    #[serde(default)]
    pub organization: String,
    /// One-line description (meta description, home page).
    #[serde(default)]
    pub description: String,
    /// Language tag of the content, e.g. `en-GB`.
    #[serde(default = "default_language")]
    pub language: String,
    /// Folder with the documents, relative to the handbook root.
    #[serde(default = "default_src")]
    pub src: PathBuf,
}

impl Default for BookConfig {
    fn default() -> Self {
        Self {
            title: default_title(),
            organization: String::new(),
            description: String::new(),
            language: default_language(),
            src: default_src(),
        }
    }
}

fn default_title() -> String {
    "Quality Management System".to_string()
}
fn default_language() -> String {
    "en".to_string()
}
fn default_src() -> PathBuf {
    PathBuf::from("content")
}

/// `[build]`: how the site is built.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BuildConfig {
    /// Output folder, relative to the handbook root.
    #[serde(default = "default_build_dir")]
    pub build_dir: PathBuf,
    /// Publish draft and in-review documents (with a banner).
    #[serde(default)]
    pub drafts: bool,
}

impl Default for BuildConfig {
    fn default() -> Self {
        Self {
            build_dir: default_build_dir(),
            drafts: false,
        }
    }
}

fn default_build_dir() -> PathBuf {
    PathBuf::from("book")
}

/// `[documents]`: the kinds of documents this handbook has.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DocumentsConfig {
    /// `[documents.types.<key>]`; when absent, the built-in set is used.
    #[serde(default)]
    pub types: Option<BTreeMap<String, DocTypeConfig>>,
    /// Months from `effective` to the next review, for documents without `review_by`.
    #[serde(default)]
    pub review_interval_months: Option<u32>,
    /// Documents due for review within this many days are listed as due soon.
    #[serde(default = "default_warning_days")]
    pub review_warning_days: u32,
    /// Front-matter keys of the handbook's own, beyond the built-in ones,
    /// with their types; other unknown keys are reported (`unknown-field`).
    #[serde(default)]
    pub extra_fields: ExtraFields,
    /// Every approved or in-review document must log its current revision
    /// in `changes:` (`missing-change-summary`), not only those that keep a
    /// log.
    #[serde(default)]
    pub require_change_log: bool,
    /// The roles that may approve documents (`approver-not-allowed`); a
    /// type's own list replaces it. Empty or absent: any role.
    #[serde(default)]
    pub approver_roles: Option<Vec<String>>,
    /// Months from an external document's `currency_checked` to its next
    /// currency check, when it gives no `next_currency_check`; default
    /// [`DEFAULT_CURRENCY_CHECK_MONTHS`].
    #[serde(default)]
    pub currency_check_months: Option<u32>,
}

/// Months between currency checks of external documents when `[documents]
/// currency-check-months` is not set.
pub const DEFAULT_CURRENCY_CHECK_MONTHS: u32 = 12;

impl Default for DocumentsConfig {
    fn default() -> Self {
        Self {
            types: None,
            review_interval_months: None,
            review_warning_days: default_warning_days(),
            extra_fields: ExtraFields::default(),
            require_change_log: false,
            approver_roles: None,
            currency_check_months: None,
        }
    }
}

impl DocumentsConfig {
    /// Months between currency checks of external documents.
    pub fn currency_check_months(&self) -> u32 {
        self.currency_check_months
            .unwrap_or(DEFAULT_CURRENCY_CHECK_MONTHS)
    }
}

/// The type of a declared extra front-matter field (`[documents] extra-fields`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExtraType {
    /// Any YAML value.
    Any,
    /// Text (a number is taken as written).
    String,
    /// A date written `YYYY-MM-DD`.
    Date,
    /// A list of values.
    List,
}

/// `[documents] extra-fields`: either a list of names (any value) or a table
/// from name to type, e.g. `{ department = "string", next_audit = "date" }`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtraFields(pub BTreeMap<String, ExtraType>);

impl ExtraFields {
    /// The declared type of `key`, when declared.
    pub fn get(&self, key: &str) -> Option<ExtraType> {
        self.0.get(key).copied()
    }
}

impl<'de> Deserialize<'de> for ExtraFields {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = ExtraFields;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a list of field names, or a table from field name to \"string\", \"date\", \"list\" or \"any\"",
                )
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<ExtraFields, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(name) = seq.next_element::<String>()? {
                    out.insert(name, ExtraType::Any);
                }
                Ok(ExtraFields(out))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<ExtraFields, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((name, kind)) = map.next_entry::<String, ExtraType>()? {
                    out.insert(name, kind);
                }
                Ok(ExtraFields(out))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

fn default_warning_days() -> u32 {
    30
}

/// One declared document type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DocTypeConfig {
    /// Singular label, e.g. "Procedure".
    pub label: String,
    /// Plural label, e.g. "Procedures"; defaults to the label with an "s".
    #[serde(default)]
    pub plural: Option<String>,
    /// Required ID prefix, e.g. `SOP-`.
    #[serde(default)]
    pub prefix: Option<String>,
    /// Position in navigation (lower first); ties sort by key.
    #[serde(default)]
    pub order: Option<i64>,
    /// Review interval for this type, overriding `[documents] review-interval-months`.
    #[serde(default)]
    pub review_interval_months: Option<u32>,
    /// The roles that may approve this type, replacing `[documents] approver-roles`.
    #[serde(default)]
    pub approver_roles: Option<Vec<String>>,
    /// Documents of this type are of external origin (standards, customer
    /// drawings, regulations); default: true for the key `external`, false
    /// for any other.
    #[serde(default)]
    pub external: Option<bool>,
    /// Whether documents of this type are records (evidence kept, which
    /// satisfies items to retain); default: true for the type `record` only.
    #[serde(default)]
    pub record: Option<bool>,
    /// Documents of this type are management review records (ISO 9001
    /// 9.3): their `date`, `chair`, `covers`, `decisions` and `actions` are
    /// read and checked; default: true for the key `management-review` only.
    #[serde(default)]
    pub management_review: Option<bool>,
}

/// A document type as the rest of the program sees it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DocType {
    /// The key used in front matter (`type: procedure`).
    pub key: String,
    /// Singular label.
    pub label: String,
    /// Plural label.
    pub plural: String,
    /// Required ID prefix, if any.
    pub prefix: Option<String>,
    /// Navigation order.
    pub order: i64,
    /// Months between reviews, counted from `effective`.
    pub review_interval_months: Option<u32>,
    /// The roles that may approve documents of this type (trimmed, blank
    /// ones dropped); empty: any role.
    pub approver_roles: Vec<String>,
    /// Whether documents of this type are of external origin: listed on the
    /// external documents page, checked for currency instead of approval
    /// and review, and not counted toward clause coverage.
    pub external: bool,
    /// Whether documents of this type are records.
    pub record: bool,
    /// Whether documents of this type are management review records.
    pub management_review: bool,
}

/// The key of the built-in type for management review records; its
/// documents are records too unless the type says `record = false`.
pub const MANAGEMENT_REVIEW_TYPE: &str = "management-review";

/// `[management-review]`: the planned interval of management reviews
/// (ISO 9001 9.3.1) and the input pack page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ManagementReviewConfig {
    /// Months allowed between two reviews (`management-review-overdue`);
    /// default [`DEFAULT_REVIEW_INTERVAL_MONTHS`].
    #[serde(default)]
    pub interval_months: Option<u32>,
    /// Publish the input pack for the next review as
    /// `management-review-pack.html` (default false).
    #[serde(default)]
    pub publish_pack: bool,
}

/// Months between management reviews when `[management-review]
/// interval-months` is not set.
pub const DEFAULT_REVIEW_INTERVAL_MONTHS: u32 = 12;

impl ManagementReviewConfig {
    /// Months allowed between two management reviews.
    pub fn interval_months(&self) -> u32 {
        self.interval_months
            .unwrap_or(DEFAULT_REVIEW_INTERVAL_MONTHS)
    }
}

/// The key of the built-in type for documents of external origin.
pub const EXTERNAL_TYPE: &str = "external";

/// `[output]`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OutputConfig {
    /// `[output.html]`
    #[serde(default)]
    pub html: HtmlConfig,
}

/// `[output.html]`: the HTML site.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HtmlConfig {
    /// Theme folder name under `themes/`; its files override the built-in theme.
    #[serde(default)]
    pub theme: Option<String>,
    /// Absolute URL the site is published at (for sitemap and canonical links).
    #[serde(default)]
    pub site_url: Option<String>,
    /// Web address of the handbook's git repository; turns commit hashes into links.
    #[serde(default)]
    pub git_repository_url: Option<String>,
    /// Commit link template with `{repo}` and `{hash}`; default `{repo}/commit/{hash}`.
    #[serde(default)]
    pub git_commit_url: Option<String>,
    /// "Edit this page" link template with `{repo}` and `{path}` (the source
    /// file's path in the repository); default `{repo}/edit/main/{path}`;
    /// empty for no link. Only used when `git-repository-url` is set.
    #[serde(default)]
    pub edit_url_template: Option<String>,
    /// Raw HTML in Markdown: `sanitize` (default), `escape` or `allow`.
    #[serde(default)]
    pub raw_html: RawHtml,
    /// Publish active content files (`.html`, `.js`, `.xml`, …) from the
    /// content folder, and SVG images unchanged; by default they are not
    /// published and SVG images are sanitized.
    #[serde(default)]
    pub publish_active_files: bool,
    /// The largest print page, in kilobytes (default [`DEFAULT_PRINT_PAGE_KB`]):
    /// a handbook larger than this is printed by document type, one print
    /// page per type (split further when a type alone is larger).
    #[serde(default)]
    pub print_page_kb: Option<u64>,
}

/// The default of `[output.html] print-page-kb`: 5 MB, a page a browser
/// lays out and prints in seconds (about 700 documents of a typical size).
pub const DEFAULT_PRINT_PAGE_KB: u64 = 5 * 1024;

/// How raw HTML in Markdown is treated (`[output.html] raw-html`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RawHtml {
    /// Cleaned with an allow-list (the default).
    #[default]
    Sanitize,
    /// Shown as text.
    Escape,
    /// Passed through unchanged (only for fully trusted authors).
    Allow,
}

impl HtmlConfig {
    /// The largest print page in bytes (`print-page-kb`; 0 is refused when
    /// `book.toml` is read).
    pub fn print_page_bytes(&self) -> usize {
        let kb = self.print_page_kb.unwrap_or(DEFAULT_PRINT_PAGE_KB).max(1);
        usize::try_from(kb.saturating_mul(1024)).unwrap_or(usize::MAX)
    }

    /// `site-url` with exactly one trailing slash, when set.
    pub fn site_base(&self) -> Option<String> {
        self.site_url
            .as_deref()
            .map(|u| format!("{}/", u.trim_end_matches('/')))
    }

    /// The link to a commit, when a repository URL is configured.
    pub fn commit_url(&self, hash: &str) -> Option<String> {
        let repo = self.git_repository_url.as_deref()?.trim_end_matches('/');
        let template = self
            .git_commit_url
            .as_deref()
            .unwrap_or("{repo}/commit/{hash}");
        Some(template.replace("{repo}", repo).replace("{hash}", hash))
    }

    /// The "Edit this page" link of the source file at `path` (its path in
    /// the repository, already percent-encoded), when a repository URL is
    /// configured and the template is not empty.
    pub fn edit_url(&self, path: &str) -> Option<String> {
        let repo = self.git_repository_url.as_deref()?.trim_end_matches('/');
        let template = self
            .edit_url_template
            .as_deref()
            .unwrap_or(DEFAULT_EDIT_URL_TEMPLATE);
        if template.trim().is_empty() {
            return None;
        }
        Some(
            template
                .replace("{repo}", repo)
                .replace("{path}", path.trim_start_matches('/')),
        )
    }
}

/// The default `[output.html] edit-url-template` (GitHub's and Gitea's form).
pub const DEFAULT_EDIT_URL_TEMPLATE: &str = "{repo}/edit/main/{path}";

impl Config {
    /// A diagnostic pointing at the first occurrence of `needle` in `book.toml`
    /// (or at the file when it is not found).
    pub fn diagnostic_at(&self, needle: &str, d: Diagnostic) -> Diagnostic {
        match &self.source {
            Some(src) => match src.text.find(needle) {
                Some(at) => d.at_bytes(src, at..at + needle.len()),
                None => d.in_file(CONFIG_FILE),
            },
            None => d.in_file(CONFIG_FILE),
        }
    }

    /// A diagnostic pointing at the line of `book.toml` that excludes
    /// `clause` of `standard` (`"8.3" = "…"` under
    /// `[standards.<standard>.not-applicable]`), else at the first mention
    /// of the quoted clause id, else at the file.
    pub fn exclusion_diagnostic(&self, standard: &str, clause: &str, d: Diagnostic) -> Diagnostic {
        match (
            &self.source,
            self.source
                .as_ref()
                .and_then(|s| exclusion_line(&s.text, standard, clause)),
        ) {
            (Some(src), Some(range)) => d.at_bytes(src, range),
            _ => self.diagnostic_at(&format!("\"{clause}\""), d),
        }
    }

    /// The document types in navigation order: declared ones, or the built-in set.
    pub fn doc_types(&self) -> Vec<DocType> {
        let mut types: Vec<DocType> = match &self.documents.types {
            Some(map) => map
                .iter()
                .enumerate()
                .map(|(i, (key, t))| DocType {
                    key: key.clone(),
                    label: t.label.clone(),
                    plural: t.plural.clone().unwrap_or_else(|| format!("{}s", t.label)),
                    prefix: t.prefix.clone().filter(|p| !p.is_empty()),
                    order: t.order.unwrap_or(1000 + i as i64),
                    review_interval_months: t
                        .review_interval_months
                        .or(self.documents.review_interval_months),
                    approver_roles: roles(
                        t.approver_roles
                            .as_ref()
                            .or(self.documents.approver_roles.as_ref()),
                    ),
                    external: t.external.unwrap_or(key == EXTERNAL_TYPE),
                    record: t
                        .record
                        .unwrap_or(key == RECORD_TYPE || key == MANAGEMENT_REVIEW_TYPE),
                    management_review: t.management_review.unwrap_or(key == MANAGEMENT_REVIEW_TYPE),
                })
                .collect(),
            None => default_doc_types()
                .into_iter()
                .map(|t| DocType {
                    review_interval_months: self.documents.review_interval_months,
                    approver_roles: roles(self.documents.approver_roles.as_ref()),
                    ..t
                })
                .collect(),
        };
        types.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.key.cmp(&b.key)));
        types
    }
}

/// The type key whose documents are records unless its type says
/// `record = false`.
pub const RECORD_TYPE: &str = "record";

/// The built-in document types, used when `book.toml` declares none.
pub fn default_doc_types() -> Vec<DocType> {
    [
        ("manual", "Manual", "Manuals", 10),
        ("policy", "Policy", "Policies", 20),
        ("procedure", "Procedure", "Procedures", 30),
        (
            "work-instruction",
            "Work instruction",
            "Work instructions",
            40,
        ),
        ("form", "Form", "Forms", 50),
        ("record", "Record", "Records", 60),
        (EXTERNAL_TYPE, "External document", "External documents", 70),
        (
            MANAGEMENT_REVIEW_TYPE,
            "Management review",
            "Management reviews",
            80,
        ),
    ]
    .into_iter()
    .map(|(key, label, plural, order)| DocType {
        key: key.to_string(),
        label: label.to_string(),
        plural: plural.to_string(),
        prefix: None,
        order,
        review_interval_months: None,
        approver_roles: Vec::new(),
        external: key == EXTERNAL_TYPE,
        record: key == RECORD_TYPE || key == MANAGEMENT_REVIEW_TYPE,
        management_review: key == MANAGEMENT_REVIEW_TYPE,
    })
    .collect()
}

/// A configured list of roles, trimmed, without blank entries.
fn roles(list: Option<&Vec<String>>) -> Vec<String> {
    list.into_iter()
        .flatten()
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect()
}

/// Loads `book.toml` from `root`. Errors carry the file, line and column.
pub fn load(root: &Path) -> Result<Config, Diagnostic> {
    let path = root.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        let msg = if e.kind() == std::io::ErrorKind::NotFound {
            format!("no `{CONFIG_FILE}` in `{}`", root.display())
        } else {
            format!("cannot read `{CONFIG_FILE}`: {e}")
        };
        Diagnostic::error("config", msg).help(
            "run the command in a handbook folder, pass the folder as an argument, or create one with `qmsbook init`",
        )
    })?;
    parse(&text)
}

/// The allowed values of each numeric setting, inclusive: `(key, min, max)`.
pub const NUMERIC_RANGES: [(&str, i64, i64); 4] = [
    ("review-interval-months", 1, 1200),
    ("currency-check-months", 1, 1200),
    ("review-warning-days", 0, 3650),
    ("order", -1_000_000, 1_000_000),
];

/// The numeric settings with their positions, read before the typed
/// configuration so that an out-of-range value is reported with its range
/// (and never reaches date arithmetic that would overflow).
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "kebab-case")]
struct Numbers {
    documents: DocumentNumbers,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "kebab-case")]
struct DocumentNumbers {
    review_interval_months: Option<toml::Spanned<i64>>,
    review_warning_days: Option<toml::Spanned<i64>>,
    currency_check_months: Option<toml::Spanned<i64>>,
    types: BTreeMap<String, TypeNumbers>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "kebab-case")]
struct TypeNumbers {
    review_interval_months: Option<toml::Spanned<i64>>,
    order: Option<toml::Spanned<i64>>,
}

/// Checks every numeric setting against [`NUMERIC_RANGES`]. Values of the
/// wrong type are left to the typed parse, which reports them.
fn check_numbers(text: &str) -> Result<(), Diagnostic> {
    let Ok(numbers) = toml::from_str::<Numbers>(text) else {
        return Ok(());
    };
    let d = &numbers.documents;
    let mut values: Vec<(&str, String, &Option<toml::Spanned<i64>>)> = vec![
        (
            "review-interval-months",
            "[documents]".into(),
            &d.review_interval_months,
        ),
        (
            "review-warning-days",
            "[documents]".into(),
            &d.review_warning_days,
        ),
        (
            "currency-check-months",
            "[documents]".into(),
            &d.currency_check_months,
        ),
    ];
    for (name, t) in &d.types {
        let table = format!("[documents.types.{name}]");
        values.push((
            "review-interval-months",
            table.clone(),
            &t.review_interval_months,
        ));
        values.push(("order", table, &t.order));
    }
    for (key, table, value) in values {
        let Some(value) = value else {
            continue;
        };
        let Some(&(_, min, max)) = NUMERIC_RANGES.iter().find(|(k, _, _)| *k == key) else {
            continue;
        };
        let v = *value.get_ref();
        if v < min || v > max {
            let source = SourceText::new(CONFIG_FILE, text);
            return Err(Diagnostic::error(
                "config",
                format!("`{key}` in `{table}` is {v}, outside the allowed range {min} to {max}"),
            )
            .at_bytes(&source, value.span())
            .help(format!("set `{key}` to a whole number from {min} to {max}")));
        }
    }
    Ok(())
}

/// Checks that `path` (a `book.toml` path value) stays inside the handbook
/// root: relative, without `..`. Returns the problem, if any.
fn path_problem(path: &Path) -> Option<&'static str> {
    use std::path::Component;
    if path.as_os_str().is_empty() {
        return Some("is empty");
    }
    for c in path.components() {
        match c {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => return Some("leaves the handbook folder (`..`)"),
            Component::RootDir | Component::Prefix(_) => return Some("is an absolute path"),
        }
    }
    None
}

/// `src` must be a folder inside the handbook root and `theme` a folder name
/// under `themes/`.
fn check_paths(config: &Config, source: &SourceText) -> Result<(), Diagnostic> {
    let located = |key: &str, message: String, help: &str| {
        let d = Diagnostic::error("config", message).help(help.to_string());
        match find_key(&source.text, key) {
            Some(range) => d.at_bytes(source, range),
            None => d.in_file(CONFIG_FILE),
        }
    };
    if let Some(problem) = path_problem(&config.book.src) {
        return Err(located(
            "src",
            format!(
                "`src = \"{}\"` {problem}; the content folder must be inside the handbook folder",
                config.book.src.display()
            ),
            "give a folder relative to book.toml, e.g. `src = \"content\"`",
        ));
    }
    for (key, path) in [
        ("people", &config.awareness.people),
        ("ledger", &config.awareness.ledger),
    ] {
        if let Some(path) = path
            && let Some(problem) = path_problem(path).or_else(|| {
                let inside = path
                    .components()
                    .filter(|c| !matches!(c, std::path::Component::CurDir))
                    .collect::<PathBuf>()
                    .starts_with(
                        config
                            .book
                            .src
                            .components()
                            .filter(|c| !matches!(c, std::path::Component::CurDir))
                            .collect::<PathBuf>(),
                    );
                inside.then_some("is inside the content folder, whose files are published")
            })
        {
            return Err(located(
                key,
                format!(
                    "`{key} = \"{}\"` {problem}; it must be inside the handbook folder",
                    path.display()
                ),
                "give a path relative to book.toml, e.g. `people = \"people.csv\"`, `ledger = \"acknowledgements\"`",
            ));
        }
    }
    if let Some(key) = config
        .awareness
        .types
        .keys()
        .find(|k| !config.doc_types().iter().any(|t| &t.key == *k))
    {
        let known: Vec<String> = config.doc_types().into_iter().map(|t| t.key).collect();
        let d = Diagnostic::error(
            "config",
            format!("`[awareness.types.{key}]` names a document type this handbook does not have"),
        )
        .help(format!(
            "use one of the document types: {}",
            known.join(", ")
        ));
        let header = format!("[awareness.types.{key}]");
        return Err(match source.text.find(&header) {
            Some(at) => d.at_bytes(source, at..at + header.len()),
            None => d.in_file(CONFIG_FILE),
        });
    }
    if config.awareness.due_days > MAX_DUE_DAYS {
        return Err(located(
            "due-days",
            format!(
                "`due-days` is {}, outside the allowed range 0 to {MAX_DUE_DAYS}",
                config.awareness.due_days
            ),
            "set `due-days` to a whole number of days from 0 to 3650",
        ));
    }
    if config.output.html.print_page_kb == Some(0) {
        return Err(located(
            "print-page-kb",
            "`print-page-kb = 0` leaves no room for a print page".to_string(),
            "give the largest print page in kilobytes, e.g. `print-page-kb = 5120` (the default); a large value keeps the whole handbook on one page",
        ));
    }
    if let Some(theme) = &config.output.html.theme {
        let name_ok = !theme.is_empty()
            && theme != "."
            && theme != ".."
            && !theme.contains(['/', '\\', ':', '\0']);
        if !name_ok {
            return Err(located(
                "theme",
                format!("`theme = \"{theme}\"` is not a folder name under `themes/`"),
                "give the name of a folder in `themes/`, e.g. `theme = \"harbour\"`",
            ));
        }
    }
    Ok(())
}

/// Byte range of the key of the line that excludes `clause` in the table
/// `[standards.<standard>.not-applicable]` of `text` (the standard's key
/// bare or quoted; the clause bare or quoted).
fn exclusion_line(text: &str, standard: &str, clause: &str) -> Option<std::ops::Range<usize>> {
    let headers = [
        format!("[standards.{standard}.not-applicable]"),
        format!("[standards.\"{standard}\".not-applicable]"),
    ];
    let mut offset = 0;
    let mut inside = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            let header: String = trimmed
                .split('#')
                .next()
                .unwrap_or("")
                .split_whitespace()
                .collect();
            inside = headers.contains(&header);
        } else if inside && let Some((key, _)) = trimmed.split_once('=') {
            let key = key.trim();
            let bare = key.trim_matches(|c| c == '"' || c == '\'');
            if bare == clause {
                let lead = line.len() - line.trim_start().len();
                return Some(offset + lead..offset + lead + key.len());
            }
        }
        offset += line.len();
    }
    None
}

/// Byte range of the first line of `text` that sets `key` (`key = …`).
fn find_key(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let lead = line.len() - trimmed.len();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return Some(offset + lead..offset + lead + key.len());
        }
        offset += line.len();
    }
    None
}

/// Parses the text of `book.toml`.
pub fn parse(text: &str) -> Result<Config, Diagnostic> {
    check_numbers(text)?;
    let config: Config = toml::from_str(text).map_err(|e| {
        let source = SourceText::new(CONFIG_FILE, text);
        let message = e.message().trim().to_string();
        let help = if message.contains("unknown field") {
            "remove the key or correct its spelling; the README lists every `book.toml` key"
        } else {
            "fix the value; the README lists every `book.toml` key and its type"
        };
        let d =
            Diagnostic::error("config", format!("invalid `{CONFIG_FILE}`: {message}")).help(help);
        match e.span() {
            Some(span) => d.at_bytes(&source, span),
            None => d.in_file(CONFIG_FILE),
        }
    })?;
    let mut config = config;
    let source = SourceText::new(CONFIG_FILE, text);
    config.source = Some(source.clone());
    check_paths(&config, &source)?;
    if let Some(types) = &config.documents.types {
        if types.is_empty() {
            return Err(Diagnostic::error(
                "config",
                "`[documents.types]` declares no document types",
            )
            .in_file(CONFIG_FILE)
            .help("declare at least one type, or remove the table to use the built-in types"));
        }
        for key in types.keys() {
            if key.is_empty()
                || !key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                let at = text.find(&format!("types.{key}")).unwrap_or(0);
                return Err(Diagnostic::error(
                    "config",
                    format!("document type key `{key}` must be lower-case letters, digits and `-`"),
                )
                .at_bytes(&source, at..at + key.len() + 6)
                .help("rename the type, e.g. `work-instruction`"));
            }
        }
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply() {
        let c = parse("[book]\ntitle = \"T\"\n").expect("valid");
        assert_eq!(c.book.title, "T");
        assert_eq!(c.book.src, PathBuf::from("content"));
        assert_eq!(c.build.build_dir, PathBuf::from("book"));
        assert_eq!(c.doc_types().len(), 8);
        assert_eq!(c.doc_types()[0].key, "manual");
        assert_eq!(c.documents.currency_check_months(), 12);
        let external: Vec<String> = c
            .doc_types()
            .into_iter()
            .filter(|t| t.external)
            .map(|t| t.key)
            .collect();
        assert_eq!(external, ["external"]);
    }

    #[test]
    fn a_print_page_of_zero_kilobytes_is_refused_at_its_line() {
        let e =
            parse("[book]\ntitle = \"T\"\n[output.html]\nprint-page-kb = 0\n").expect_err("zero");
        assert!(e.message.contains("print-page-kb = 0"), "{}", e.message);
        assert_eq!(e.span.map(|s| s.start.line), Some(4));
        let c = parse("[output.html]\nprint-page-kb = 1\n").expect("valid");
        assert_eq!(c.output.html.print_page_bytes(), 1024);
    }

    #[test]
    fn unknown_key_is_an_error_with_its_line() {
        let e = parse("[book]\ntitle = \"T\"\ntitel = \"x\"\n").expect_err("unknown key");
        assert!(e.message.contains("unknown field `titel`"), "{}", e.message);
        assert_eq!(e.span.map(|s| s.start.line), Some(3));
    }

    #[test]
    fn declared_types_replace_defaults_in_order() {
        let c = parse(
            "[documents.types.sop]\nlabel = \"Procedure\"\nprefix = \"SOP-\"\norder = 2\n[documents.types.pol]\nlabel = \"Policy\"\nplural = \"Policies\"\norder = 1\n",
        )
        .expect("valid");
        let t = c.doc_types();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].plural, "Policies");
        assert_eq!(t[1].prefix.as_deref(), Some("SOP-"));
        assert!(t.iter().all(|t| !t.external));
    }

    #[test]
    fn a_type_of_external_origin_is_marked_or_named_external() {
        let c = parse(
            "[documents.types.external]\nlabel = \"External document\"\n[documents.types.drawing]\nlabel = \"Customer drawing\"\nexternal = true\n[documents.types.sop]\nlabel = \"Procedure\"\n",
        )
        .expect("valid");
        let external: Vec<String> = c
            .doc_types()
            .into_iter()
            .filter(|t| t.external)
            .map(|t| t.key)
            .collect();
        assert_eq!(external, ["drawing", "external"]);
        let c = parse("[documents.types.external]\nlabel = \"Ext\"\nexternal = false\n")
            .expect("valid");
        assert!(!c.doc_types()[0].external);
        let e = parse("[documents.types.x]\nlabel = \"X\"\nexternal = \"yes\"\n")
            .expect_err("not a bool");
        assert_eq!(e.span.map(|s| s.start.line), Some(3));
    }

    #[test]
    fn approver_roles_of_a_type_replace_the_handbook_s() {
        let c = parse(
            "[documents]\nrequire-change-log = true\napprover-roles = [\"Managing Director\", \" \"]\n[documents.types.sop]\nlabel = \"Procedure\"\napprover-roles = [\" Quality Manager \"]\n[documents.types.pol]\nlabel = \"Policy\"\n",
        )
        .expect("valid");
        assert!(c.documents.require_change_log);
        let t = c.doc_types();
        let roles = |key: &str| {
            t.iter()
                .find(|t| t.key == key)
                .map(|t| t.approver_roles.clone())
                .unwrap_or_default()
        };
        assert_eq!(roles("sop"), ["Quality Manager"]);
        assert_eq!(roles("pol"), ["Managing Director"]);
        let builtin = parse("[documents]\napprover-roles = [\"MD\"]\n").expect("valid");
        assert!(
            builtin
                .doc_types()
                .iter()
                .all(|t| t.approver_roles == ["MD"])
        );
        let e = parse("[documents]\napprover-role = [\"MD\"]\n").expect_err("unknown key");
        assert!(e.message.contains("approver-role"), "{}", e.message);
        let e = parse("[documents]\nrequire-change-log = \"yes\"\n").expect_err("not a bool");
        assert_eq!(e.span.map(|s| s.start.line), Some(2));
    }

    /// Every numeric setting, just inside and just outside its range: the
    /// value in range parses, the one outside is a `config` error on the
    /// key's line that names the range.
    #[test]
    fn numeric_settings_are_range_checked() {
        let settings: [(&str, &str); 5] = [
            ("[documents]\n", "review-interval-months"),
            ("[documents]\n", "review-warning-days"),
            ("[documents]\n", "currency-check-months"),
            (
                "[documents.types.sop]\nlabel = \"P\"\n",
                "review-interval-months",
            ),
            ("[documents.types.sop]\nlabel = \"P\"\n", "order"),
        ];
        for (table, key) in settings {
            let (_, min, max) = NUMERIC_RANGES
                .iter()
                .copied()
                .find(|(k, _, _)| *k == key)
                .expect("a range");
            let line = table.lines().count() + 1;
            for ok in [min, max] {
                let text = format!("{table}{key} = {ok}\n");
                assert!(parse(&text).is_ok(), "{text}");
            }
            for bad in [min - 1, max + 1, 240_000, 2_000_000, i64::MAX, i64::MIN] {
                if (min..=max).contains(&bad) {
                    continue;
                }
                let text = format!("{table}{key} = {bad}\n");
                let e = parse(&text).expect_err(&text);
                assert_eq!(e.code, "config");
                assert_eq!(e.span.map(|s| s.start.line), Some(line), "{text}");
                assert!(
                    e.message.contains(&format!("{min} to {max}")),
                    "{}",
                    e.message
                );
            }
        }
    }

    proptest::proptest! {
        /// No integer makes parsing or the review arithmetic panic: either
        /// it is refused, or it is in range.
        #[test]
        fn any_review_interval_is_refused_or_in_range(v in proptest::num::i64::ANY) {
            let text = format!("[documents]\nreview-interval-months = {v}\n");
            match parse(&text) {
                Ok(c) => {
                    let m = c.documents.review_interval_months.unwrap_or(0);
                    proptest::prop_assert!((1..=1200).contains(&m));
                }
                Err(e) => proptest::prop_assert_eq!(e.code, "config"),
            }
        }
    }

    #[test]
    fn an_exclusion_is_found_on_its_own_line() {
        let text = "[book]\ntitle = \"8.3\"\n[standards.iso14001-2015.not-applicable]\n\"8.3\" = \"x\"\n[standards.iso9001-2015.not-applicable]\n\"7.1.5.2\" = \"y\"\n  \"8.3\" = \"z\"\n";
        let c = parse(text).expect("valid");
        let d = c.exclusion_diagnostic("iso9001-2015", "8.3", Diagnostic::warning("x", "m"));
        assert_eq!(d.location(), "book.toml:7:3");
        let d = c.exclusion_diagnostic("iso14001-2015", "8.3", Diagnostic::warning("x", "m"));
        assert_eq!(d.location(), "book.toml:4:1");
        let d = c.exclusion_diagnostic("iso9001-2015", "9.9", Diagnostic::warning("x", "m"));
        assert_eq!(d.location(), "book.toml");
    }

    #[test]
    fn src_and_theme_stay_inside_the_handbook() {
        for (text, line) in [
            ("[book]\ntitle = \"T\"\nsrc = \"/etc\"\n", 3),
            ("[book]\nsrc = \"../outside\"\n", 2),
            ("[book]\nsrc = \"content/../../x\"\n", 2),
            ("[output.html]\ntheme = \"/\"\n", 2),
            ("[output.html]\ntheme = \"../../etc\"\n", 2),
            ("[output.html]\ntheme = \"..\"\n", 2),
        ] {
            let e = parse(text).expect_err(text);
            assert_eq!(e.code, "config", "{text}");
            assert_eq!(e.span.map(|s| s.start.line), Some(line), "{text}");
        }
        assert!(
            parse("[book]\nsrc = \"docs/handbook\"\n[output.html]\ntheme = \"harbour\"\n").is_ok()
        );
    }

    #[test]
    fn awareness_paths_stay_in_the_handbook_and_out_of_the_content() {
        for (text, line) in [
            ("[awareness]\npeople = \"../people.csv\"\n", 2),
            ("[awareness]\nledger = \"/var/acks\"\n", 2),
            ("[awareness]\npeople = \"./content/people.csv\"\n", 2),
            (
                "[book]\nsrc = \"docs\"\n[awareness]\nledger = \"docs/acks\"\n",
                4,
            ),
            ("[awareness]\ndue-days = 4000\n", 2),
            ("[awareness.types.memo]\nacknowledge = \"none\"\n", 1),
        ] {
            let e = parse(text).expect_err(text);
            assert_eq!(e.code, "config", "{text}");
            assert_eq!(e.span.map(|s| s.start.line), Some(line), "{text}");
        }
        let c = parse(
            "[awareness]\npeople = \"hr/people.csv\"\nshow-names = false\n[awareness.types.form]\nacknowledge = \"none\"\n",
        )
        .expect("valid");
        assert_eq!(c.awareness.people_path(), PathBuf::from("hr/people.csv"));
        assert_eq!(c.awareness.ledger_path(), PathBuf::from("acknowledgements"));
        assert_eq!(c.awareness.policy_of_type("form"), AckPolicy::None);
        assert_eq!(
            c.awareness.policy_of_type("policy"),
            AckPolicy::EveryRevision
        );
        assert!(!c.awareness.show_names);
    }
}
