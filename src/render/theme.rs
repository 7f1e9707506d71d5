//! The theme: Tera templates and static files, built in or overridden file by
//! file from the handbook's `themes/<name>/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, SourceText};
use crate::util::embedded;

/// Prefix under which the built-in templates are registered in Tera; a user
/// template of the same name (without the prefix) wins.
const BUILTIN_PREFIX: &str = "builtin/";

/// Loaded templates and the static files to copy.
pub struct Theme {
    /// The template engine with every template parsed.
    pub tera: tera::Tera,
    /// Static files: path under `static/` → bytes.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Template name → its text and the path shown in diagnostics.
    sources: BTreeMap<String, SourceText>,
    /// A random value in every body marker, so text an author writes can
    /// never be taken for one (see [`Theme::body_marker`]).
    marker_nonce: String,
}

/// A value no author can guess: the standard library's per-process random
/// hash keys, mixed with the time. It never reaches the output.
fn random_nonce() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.write_u32(std::process::id());
    format!("{:016x}", h.finish())
}

/// The folder of a user theme.
pub fn user_theme_dir(root: &Path, name: &str) -> PathBuf {
    root.join("themes").join(name)
}

impl Theme {
    /// Loads the built-in theme and, when `user` names a folder, its overrides.
    pub fn load(root: &Path, user: Option<&str>) -> Result<Theme, Vec<Diagnostic>> {
        let mut diagnostics = Vec::new();
        let mut templates: Vec<(String, String, String)> = Vec::new(); // (name, text, shown path)
        let mut static_files = BTreeMap::new();
        for (path, bytes) in embedded::THEME {
            if let Some(name) = path.strip_prefix("templates/") {
                let text = String::from_utf8_lossy(bytes).into_owned();
                templates.push((
                    format!("{BUILTIN_PREFIX}{name}"),
                    text,
                    format!("(built-in theme)/{path}"),
                ));
            } else if let Some(name) = path.strip_prefix("static/") {
                static_files.insert(name.to_string(), bytes.to_vec());
            }
        }
        if let Some(name) = user {
            let dir = user_theme_dir(root, name);
            if !dir.is_dir() {
                return Err(vec![
                    Diagnostic::error("theme", format!("the theme folder `themes/{name}` does not exist"))
                        .in_file(crate::config::CONFIG_FILE)
                        .help("create it, or remove `theme` from `[output.html]` to use the built-in theme"),
                ]);
            }
            for entry in walkdir::WalkDir::new(&dir)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
            {
                if !entry.file_type().is_file() {
                    continue;
                }
                let Ok(rel) = entry.path().strip_prefix(&dir) else {
                    continue;
                };
                let rel = rel.to_string_lossy().replace('\\', "/");
                let shown = format!("themes/{name}/{rel}");
                if let Some(tpl) = rel.strip_prefix("templates/") {
                    match std::fs::read(entry.path()).map(String::from_utf8) {
                        Ok(Ok(text)) => templates.push((tpl.to_string(), text, shown)),
                        _ => diagnostics.push(
                            Diagnostic::error(
                                "theme",
                                format!("cannot read `{shown}` as UTF-8 text"),
                            )
                            .in_file(shown.clone())
                            .help("save the template as UTF-8"),
                        ),
                    }
                } else if let Some(file) = rel.strip_prefix("static/") {
                    match std::fs::read(entry.path()) {
                        Ok(bytes) => {
                            static_files.insert(file.to_string(), bytes);
                        }
                        Err(e) => diagnostics.push(
                            Diagnostic::error("theme", format!("cannot read `{shown}`: {e}"))
                                .in_file(shown.clone()),
                        ),
                    }
                }
            }
        }
        let mut tera = tera::Tera::new();
        if let Err(e) = tera.set_fallback_prefixes([BUILTIN_PREFIX]) {
            diagnostics.push(Diagnostic::error("theme", e.to_string()));
        }
        let sources: BTreeMap<String, SourceText> = templates
            .iter()
            .map(|(name, text, shown)| {
                (name.clone(), SourceText::new(shown.clone(), text.as_str()))
            })
            .collect();
        if diagnostics.is_empty()
            && let Err(e) =
                tera.add_raw_templates(templates.iter().map(|(n, t, _)| (n.as_str(), t.as_str())))
        {
            diagnostics.push(template_error(
                &sources,
                &e,
                "the theme's templates do not load",
            ));
        }
        if diagnostics.is_empty() {
            Ok(Theme {
                tera,
                static_files,
                sources,
                marker_nonce: random_nonce(),
            })
        } else {
            Err(diagnostics)
        }
    }
}

impl Theme {
    /// Renders a template; errors point at the template file, line and column.
    pub fn render(&self, template: &str, cx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(template, cx)
            .map(crate::render::csp::apply)
            .map_err(|e| {
                template_error(&self.sources, &e, &format!("rendering `{template}` failed"))
            })
    }
}

const BODY_MARKER_START: &str = "\u{E000}qmsbook-body-";
const BODY_MARKER_END: char = '\u{E001}';

impl Theme {
    /// What a template gets in place of a large piece of HTML (a document
    /// body on the print page): replaced by body `i` as the page is written,
    /// see [`Theme::render_spliced`]. It carries this theme's random nonce,
    /// so a title or any other text an author writes can never splice a body
    /// in (a look-alike stays text).
    pub fn body_marker(&self, i: usize) -> String {
        format!(
            "{BODY_MARKER_START}{}-{i}{BODY_MARKER_END}",
            self.marker_nonce
        )
    }

    /// At the start of `s`: a body marker's length and index.
    fn parse_body_marker(&self, s: &str) -> Option<(usize, usize)> {
        let rest = s
            .strip_prefix(BODY_MARKER_START)?
            .strip_prefix(self.marker_nonce.as_str())?
            .strip_prefix('-')?;
        let digits = rest.find(BODY_MARKER_END)?;
        let i = rest[..digits].parse().ok()?;
        let len = s.len() - rest.len() + digits + BODY_MARKER_END.len_utf8();
        Some((len, i))
    }
}

/// A rendered page with large pieces (`bodies`) spliced in at markers, as
/// slices to write one after the other; see [`Theme::render_spliced`].
pub struct Spliced<'a> {
    html: String,
    pieces: Vec<Piece>,
    bodies: &'a [String],
}

enum Piece {
    Template(std::ops::Range<usize>),
    Body(usize),
}

impl Spliced<'_> {
    /// The page's bytes, in order.
    pub fn parts(&self) -> Vec<&[u8]> {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Template(r) => self.html.as_bytes().get(r.clone()).unwrap_or_default(),
                Piece::Body(i) => self.bodies.get(*i).map_or(&[][..], |b| b.as_bytes()),
            })
            .collect()
    }
}

impl Theme {
    /// Renders a template whose context holds [`body_marker`]s in place of
    /// `bodies` and splices the bodies in, without copying them. The
    /// Content-Security-Policy covers the inline scripts of template and bodies.
    pub fn render_spliced<'a>(
        &self,
        template: &str,
        cx: &tera::Context,
        bodies: &'a [String],
    ) -> Result<Spliced<'a>, Diagnostic> {
        let mut html = self.tera.render(template, cx).map_err(|e| {
            template_error(&self.sources, &e, &format!("rendering `{template}` failed"))
        })?;
        if let Some(at) =
            memchr::memmem::find(html.as_bytes(), crate::render::csp::PLACEHOLDER.as_bytes())
        {
            let mut texts: Vec<&str> = vec![html.as_str()];
            texts.extend(bodies.iter().map(String::as_str));
            let policy = crate::render::csp::policy_of(&texts);
            html.replace_range(at..at + crate::render::csp::PLACEHOLDER.len(), &policy);
            if html.contains(crate::render::csp::PLACEHOLDER) {
                html = html.replace(crate::render::csp::PLACEHOLDER, &policy);
            }
        }
        let mut pieces = Vec::new();
        let mut start = 0;
        let mut from = 0;
        let finder = memchr::memmem::Finder::new(BODY_MARKER_START);
        while let Some(found) = finder.find(&html.as_bytes()[from..]) {
            let at = from + found;
            match self.parse_body_marker(&html[at..]) {
                Some((len, i)) if i < bodies.len() => {
                    pieces.push(Piece::Template(start..at));
                    pieces.push(Piece::Body(i));
                    start = at + len;
                    from = start;
                }
                _ => from = at + BODY_MARKER_START.len(),
            }
        }
        pieces.push(Piece::Template(start..html.len()));
        Ok(Spliced {
            html,
            pieces,
            bodies,
        })
    }
}

/// Turns a Tera error into a diagnostic at the template's file, line and column.
fn template_error(
    sources: &BTreeMap<String, SourceText>,
    e: &tera::Error,
    what: &str,
) -> Diagnostic {
    let help = "fix the template; the README lists the variables each template receives";
    match e.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let name = report.filename();
            let source = sources
                .get(name)
                .or_else(|| sources.get(&format!("{BUILTIN_PREFIX}{name}")));
            let d =
                Diagnostic::error("template", format!("{what}: {}", report.message())).help(help);
            match source {
                Some(src) => {
                    let span = report.span();
                    let start = src.offset_of(span.start_line, span.start_col + 1);
                    let end = src.offset_of(span.end_line, span.end_col + 1).max(start);
                    d.at_bytes(src, start..end)
                }
                None => d,
            }
        }
        _ => {
            let text = e.to_string();
            let culprit = sources
                .iter()
                .rev()
                .find(|(name, _)| text.contains(name.as_str()))
                .map(|(_, s)| s.path.clone());
            let d = Diagnostic::error("template", format!("{what}: {text}")).help(help);
            match culprit {
                Some(file) => d.in_file(file),
                None => d,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spliced_bodies_replace_their_markers_and_count_in_the_policy()
    -> Result<(), Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        let mut theme = Theme::load(tmp.path(), None).map_err(|_| "theme")?;
        theme.tera.add_raw_templates([(
            "t.html",
            "<meta content=\"__QMSBOOK_CSP__\">{% for b in bodies %}[{{ b | safe }}]{% endfor %}{{ title }}",
        )])?;
        let bodies = vec!["<p>one</p>".to_string(), "<script>x()</script>".to_string()];
        let mut cx = tera::Context::new();
        cx.insert(
            "bodies",
            &[
                theme.body_marker(1),
                theme.body_marker(0),
                theme.body_marker(7),
            ],
        );
        // An author's text that looks like a marker stays text, even one
        // with the right shape: the nonce cannot be guessed.
        let forged = format!("{BODY_MARKER_START}0000000000000000-0{BODY_MARKER_END}");
        cx.insert("title", &forged);
        let page = theme
            .render_spliced("t.html", &cx, &bodies)
            .map_err(|d| d.message)?;
        let html: Vec<u8> = page.parts().concat();
        let html = String::from_utf8(html)?;
        assert!(
            html.contains("[<script>x()</script>][<p>one</p>]["),
            "{html}"
        );
        assert!(
            html.contains(&theme.body_marker(7)),
            "an unknown index is left alone"
        );
        assert!(html.ends_with(&forged), "{html}");
        assert!(
            html.contains(&crate::render::csp::policy("<script>x()</script>")),
            "{html}"
        );
        Ok(())
    }
}
