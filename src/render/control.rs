//! Document-control views: reviews due, what's new (and its Atom feed), and
//! the whole handbook on one print page.

use crate::output::site_files::SiteFiles;
use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::markdown::PrintTarget;
use crate::model::handbook::Handbook;
use crate::model::reviews::{self, ReviewState};
use crate::parse::history::History;
use crate::render::theme::Theme;
use crate::render::writer::{SiteWriter, gather};
use crate::render::{self, DocSummary, summary};
use crate::util::html::escape;

/// How many entries "What's new" and the feed show.
pub const RECENT_CHANGES: usize = 50;

#[derive(Serialize)]
struct ReviewRow<'a> {
    doc: DocSummary<'a>,
    date: String,
    days: i64,
    overdue_days: i64,
    state: ReviewState,
}

#[derive(Serialize)]
struct OwnerReviews<'a> {
    owner: String,
    rows: Vec<ReviewRow<'a>>,
}

/// One recent change.
#[derive(Serialize)]
struct NewsItem<'a> {
    doc: DocSummary<'a>,
    date: String,
    timestamp: String,
    subject: String,
    author: Option<String>,
    commit: Option<String>,
    commit_url: Option<String>,
}

#[derive(Serialize)]
struct PrintDoc<'a> {
    doc: DocSummary<'a>,
    type_label: String,
    approved_by: Option<&'a str>,
    review_by: Option<String>,
    content: String,
}

/// Recent changes, newest first: from git when there is history, else from effective dates.
fn recent<'a>(hb: &'a Handbook, history: &'a History) -> Vec<NewsItem<'a>> {
    let mut items: Vec<NewsItem<'a>> = Vec::new();
    let has_history = history.per_document.iter().any(|h| !h.is_empty());
    for (i, d) in hb.documents.iter().enumerate() {
        if !d.published {
            continue;
        }
        if has_history {
            for c in history.per_document.get(i).into_iter().flatten() {
                items.push(NewsItem {
                    doc: summary(d),
                    date: c.date.clone(),
                    timestamp: c.timestamp.clone(),
                    subject: c.subject.clone(),
                    author: Some(c.author.clone()),
                    commit: Some(c.short.clone()),
                    commit_url: hb.config.output.html.commit_url(&c.hash),
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
                author: None,
                commit: None,
                commit_url: None,
            });
        }
    }
    items.sort_by(|a, b| {
        b.timestamp
            .cmp(&a.timestamp)
            .then_with(|| a.doc.id.cmp(b.doc.id))
    });
    items.truncate(RECENT_CHANGES);
    items
}

/// The Atom feed of recent changes.
fn feed(hb: &Handbook, items: &[NewsItem<'_>], build_date: &str) -> String {
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
            .doc
            .revision
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

/// `print-pages.css`: one named page per printed document, whose footer names
/// the document and revision ("Uncontrolled when printed · SOP-004 rev. C ·
/// printed <date>"); the date is the build date until the page's script
/// replaces it with the day of printing.
fn print_pages_css(docs: &[&crate::model::handbook::Document], build_date: &str) -> String {
    let css_string = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', " ")
    };
    let mut css = format!(
        "@charset \"utf-8\";\n/* Generated by qmsbook: per-document footers of print.html. */\n:root {{ --qms-print-date: \"{}\"; }}\n",
        css_string(build_date)
    );
    for (n, d) in docs.iter().enumerate() {
        let rev = d
            .meta
            .revision
            .as_deref()
            .map(|r| format!(" rev. {r}"))
            .unwrap_or_default();
        css.push_str(&format!(
            "[id=\"{id}\"] {{ page: d{n}; }}\n@page d{n} {{ @bottom-center {{ content: \"Uncontrolled when printed · {id}{rev} · printed \" var(--qms-print-date); font-size: 8pt; }} }}\n",
            id = css_string(d.id()),
            rev = css_string(&rev),
        ));
    }
    css
}

/// Writes reviews.html, whats-new.html, feed.xml and print.html; returns how many files.
pub fn render(
    hb: &Handbook,
    theme: &Theme,
    history: &History,
    out: &SiteFiles,
    build_date: &str,
) -> Result<usize, Vec<Diagnostic>> {
    let w = SiteWriter { theme, out };
    let mut results = Vec::new();

    // Reviews: overdue and due soon, by owner.
    let mut by_owner: BTreeMap<String, Vec<ReviewRow<'_>>> = BTreeMap::new();
    for d in hb.documents.iter().filter(|d| d.published) {
        if let Some(r) = reviews::review(hb, d)
            && r.state != ReviewState::Current
        {
            by_owner
                .entry(d.meta.owner.clone().unwrap_or_else(|| "(no owner)".into()))
                .or_default()
                .push(ReviewRow {
                    doc: summary(d),
                    date: r.date.to_string(),
                    days: r.days,
                    overdue_days: -r.days,
                    state: r.state,
                });
        }
    }
    let owners: Vec<OwnerReviews<'_>> = by_owner
        .into_iter()
        .map(|(owner, mut rows)| {
            rows.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.doc.id.cmp(b.doc.id)));
            OwnerReviews { owner, rows }
        })
        .collect();
    let overdue = owners
        .iter()
        .flat_map(|o| &o.rows)
        .filter(|r| r.state == ReviewState::Overdue)
        .count();
    let due_soon = owners.iter().flat_map(|o| &o.rows).count() - overdue;
    results.push(w.page("reviews.html", "reviews.html", "", "reviews", |cx| {
        cx.insert("owners", &owners);
        cx.insert("overdue", &overdue);
        cx.insert("due_soon", &due_soon);
        cx.insert("warning_days", &hb.config.documents.review_warning_days);
    }));

    // What's new and the feed.
    let items = recent(hb, history);
    let from_git = items.iter().any(|i| i.commit.is_some());
    results.push(
        w.page("whats-new.html", "whats-new.html", "", "whats-new", |cx| {
            cx.insert("items", &items);
            cx.insert("from_git", &from_git);
        }),
    );
    results.push(w.file("feed.xml", feed(hb, &items, build_date).as_bytes()));

    // The print page: every current published document in navigation order.
    let _t = crate::util::timings::stage("print page");
    let docs: Vec<&crate::model::handbook::Document> = hb.navigable().map(|(_, d)| d).collect();
    let included: HashSet<&str> = docs.iter().map(|d| d.url.as_str()).collect();
    // Bodies are rendered in parallel and spliced into the rendered template
    // where their markers are, while the file is written: the template never
    // sees (or copies) megabytes of HTML.
    let bodies: Vec<String> = docs
        .par_iter()
        .map(|d| {
            render::render_body(
                d,
                "",
                Some(PrintTarget {
                    prefix: d.id(),
                    included: &included,
                }),
                hb.config.output.html.raw_html,
            )
        })
        .collect();
    let printed: Vec<PrintDoc<'_>> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| PrintDoc {
            doc: summary(d),
            type_label: hb
                .doc_type(&d.meta.doc_type.value)
                .map_or_else(|| d.meta.doc_type.value.clone(), |t| t.label.clone()),
            approved_by: d.meta.approved_by.as_deref(),
            review_by: reviews::next_review(hb, d).map(|r| r.to_string()),
            content: crate::render::theme::body_marker(i),
        })
        .collect();
    results.push(w.file(
        "print-pages.css",
        print_pages_css(&docs, build_date).as_bytes(),
    ));
    let mut cx = tera::Context::new();
    cx.insert("root", "");
    cx.insert("current", "print");
    cx.insert("documents", &printed);
    results.push(
        theme
            .render_spliced("print.html", &cx, &bodies)
            .and_then(|page| out.write_parts("print.html", &page.parts())),
    );

    gather(results)
}
