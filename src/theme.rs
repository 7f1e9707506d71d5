//! The theme: Tera templates and static files, built in or overridden file by
//! file from the handbook's `themes/<name>/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, SourceText};
use crate::embedded;

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
            .map(crate::csp::apply)
            .map_err(|e| {
                template_error(&self.sources, &e, &format!("rendering `{template}` failed"))
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
