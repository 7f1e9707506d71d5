//! What's new: the recent changes (from git, else from effective dates) as
//! the `whats-new.html` page shows them, and their Atom feed (`feed.xml`).
//!
//! Writes nothing itself; [`crate::render::control`] writes the page and the feed.

use serde::Serialize;

use crate::model::handbook::Handbook;
use crate::parse::history::History;
use crate::util::html::escape;
use crate::views::summary::{DocSummary, summary};

/// How many entries "What's new" and the feed show.
pub const RECENT_CHANGES: usize = 50;

/// One recent change.
#[derive(Serialize)]
pub struct NewsItem<'a> {
    /// The document.
    pub doc: DocSummary<'a>,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// RFC 3339, for the feed.
    pub timestamp: String,
    /// What changed.
    pub subject: String,
    /// The document's revision after the change (from the front matter at
    /// the commit when there is git history, else the current one).
    pub revision: Option<String>,
    /// The document's status after the change.
    pub status: Option<String>,
    /// Who changed it (from git).
    pub author: Option<String>,
    /// The short commit hash (from git).
    pub commit: Option<String>,
    /// The commit's web page, when `[output.html] commit-url` is set.
    pub commit_url: Option<String>,
    /// Sort key: git's log order (commit time), or the effective date.
    #[serde(skip)]
    order: (std::cmp::Reverse<String>, usize),
}

/// Recent changes, newest first: from git when there is history (each
/// commit with the revision it gave the document, in git's commit-time
/// order, mechanical commits left out), else from effective dates.
pub fn recent<'a>(hb: &'a Handbook, history: &'a History) -> Vec<NewsItem<'a>> {
    let mut items: Vec<NewsItem<'a>> = Vec::new();
    let has_history = !history.is_empty();
    for (i, d) in hb.documents.iter().enumerate() {
        if !d.published {
            continue;
        }
        if has_history {
            for c in history.of(i).shown() {
                let commit = &c.commit;
                items.push(NewsItem {
                    doc: summary(d),
                    date: commit.date().to_string(),
                    timestamp: commit.authored.clone(),
                    subject: commit.subject.clone(),
                    revision: c.revision.clone(),
                    status: c.status.clone(),
                    author: Some(commit.author.clone()),
                    commit: Some(commit.short().to_string()),
                    commit_url: hb.config.output.html.commit_url(&commit.hash),
                    // Git's order over the whole handbook; the document's place breaks ties.
                    order: (std::cmp::Reverse(String::new()), c.seq),
                });
            }
        } else if let Some(e) = &d.meta.effective {
            let rev = d
                .meta
                .revision
                .as_deref()
                .map(|r| format!("Revision {r}"))
                .unwrap_or_else(|| "New revision".into());
            items.push(NewsItem {
                doc: summary(d),
                date: e.value.to_string(),
                timestamp: format!("{}T00:00:00Z", e.value),
                subject: format!("{rev} effective"),
                revision: d.meta.revision.clone(),
                status: Some(d.meta.status.as_str().to_string()),
                author: None,
                commit: None,
                commit_url: None,
                order: (std::cmp::Reverse(e.value.to_string()), 0),
            });
        }
    }
    items.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.doc.id.cmp(b.doc.id)));
    items.truncate(RECENT_CHANGES);
    items
}

/// The Atom feed of recent changes.
pub fn feed(hb: &Handbook, items: &[NewsItem<'_>], build_date: &str) -> String {
    let base = hb.config.output.html.site_base().unwrap_or_default();
    let title = &hb.config.book.title;
    let feed_id = if base.is_empty() {
        format!("urn:qmsbook:{}", crate::util::slug::slugify(title))
    } else {
        format!("{base}feed.xml")
    };
    let updated = items.first().map_or_else(
        || format!("{build_date}T00:00:00Z"),
        |i| i.timestamp.clone(),
    );
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    xml.push_str(&format!(
        "  <title>{} · what's new</title>\n",
        escape(title)
    ));
    xml.push_str(&format!(
        "  <id>{}</id>\n  <updated>{}</updated>\n",
        escape(&feed_id),
        escape(&updated)
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}whats-new.html\"/>\n",
        escape(&base)
    ));
    if !base.is_empty() {
        xml.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}feed.xml\"/>\n",
            escape(&base)
        ));
    }
    let org = if hb.config.book.organization.is_empty() {
        title.as_str()
    } else {
        hb.config.book.organization.as_str()
    };
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n  <generator>qmsbook</generator>\n",
        escape(org)
    ));
    for item in items {
        let id = match &item.commit {
            Some(c) => format!("urn:qmsbook:change:{}:{c}", item.doc.id),
            None => format!("urn:qmsbook:change:{}:{}", item.doc.id, item.date),
        };
        let rev = item
            .revision
            .as_deref()
            .map(|r| format!(" rev. {r}"))
            .unwrap_or_default();
        xml.push_str("  <entry>\n");
        xml.push_str(&format!(
            "    <title>{} {}{rev}: {}</title>\n",
            escape(item.doc.id),
            escape(item.doc.title),
            escape(&item.subject)
        ));
        xml.push_str(&format!(
            "    <id>{}</id>\n    <updated>{}</updated>\n",
            escape(&id),
            escape(&item.timestamp)
        ));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}{}\"/>\n",
            escape(&base),
            escape(item.doc.url)
        ));
        if let Some(a) = &item.author {
            xml.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                escape(a)
            ));
        }
        xml.push_str(&format!(
            "    <summary>{}</summary>\n",
            escape(&item.subject)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}
