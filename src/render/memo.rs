//! What `serve` remembers of each document page between builds of the same
//! site, so that an edit re-renders only the pages whose inputs changed.
//!
//! Each page is remembered by a digest of everything it is rendered from
//! ([`PageKey`], see [`crate::render::document::PageInputs::key`]) and its
//! entry of the search index. A page whose key is the same is left on disk
//! as it is; the whole memo is void when the build's shared template data
//! changes.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::render::context::SiteContext;
use crate::render::document::PageKey;
use crate::render::search::DocIndex;

/// One remembered document page.
#[derive(Clone)]
pub struct MemoPage {
    /// The digest of its inputs but the document's text.
    pub key: PageKey,
    /// The document's text (kept, so it is compared by address first).
    pub text: Arc<str>,
    /// Its search index entry, when it is in the reading order.
    pub entry: Option<Arc<DocIndex>>,
}

/// The document pages of the last build, by URL.
#[derive(Default, Clone)]
pub struct PageMemo {
    site: Option<PageKey>,
    pages: FxHashMap<String, MemoPage>,
    rendered: Vec<usize>,
}

impl PageMemo {
    /// The page at `url` when it was rendered from the same inputs: the
    /// same shared data `site`, the same `key` and the same `text`.
    pub fn same_page(
        &self,
        site: &PageKey,
        url: &str,
        key: &PageKey,
        text: &Arc<str>,
    ) -> Option<&MemoPage> {
        if self.site.as_ref() != Some(site) {
            return None;
        }
        self.pages
            .get(url)
            .filter(|m| &m.key == key && (Arc::ptr_eq(&m.text, text) || *m.text == **text))
    }

    /// Replaces what is remembered with one build's pages; `rendered` are
    /// the documents whose pages that build rendered (the others were left).
    pub fn replace(
        &mut self,
        site: PageKey,
        pages: FxHashMap<String, MemoPage>,
        rendered: Vec<usize>,
    ) {
        self.site = Some(site);
        self.pages = pages;
        self.rendered = rendered;
    }

    /// The documents whose pages the last build rendered, by index.
    pub fn rendered(&self) -> &[usize] {
        &self.rendered
    }
}

/// The digest of the build's shared template data.
pub fn site_key(site: &SiteContext) -> PageKey {
    use sha2::Digest as _;
    let json = serde_json::to_vec(site).unwrap_or_default();
    sha2::Sha256::digest(&json).into()
}
