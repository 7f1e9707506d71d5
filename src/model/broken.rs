//! Documents whose front matter cannot be used: what could still be read of
//! them (ID, title, where the first error is, what they link to), so that
//! links to them are reported as consequences of that error and not as
//! links to nothing. Plain data; filled in by [`crate::model::handbook`].

/// A document whose front matter cannot be used: what could be read of it,
/// so that links to it are told apart from links to nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenDocument {
    /// Path relative to the content folder.
    pub rel_path: String,
    /// Its ID, when one could be read.
    pub id: Option<String>,
    /// Its title, when one could be read.
    pub title: Option<String>,
    /// `file:line:column` of its first error.
    pub first_error: String,
    /// What its body links to, unchecked: lower-cased IDs of `[[ID]]` links
    /// and content-relative paths of `.md` links (so the documents it links
    /// to are not reported as orphans because of its error).
    pub links_to: Vec<String>,
}
