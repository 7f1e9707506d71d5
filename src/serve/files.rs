//! Serving the built site's files safely: only files inside the site folder,
//! no directory listings, `index.html` for folders, the site's 404 page for
//! misses, and the live-reload script injected into HTML responses only.

use std::path::{Component, Path, PathBuf};

/// The script tag added to served HTML (never to the built files).
pub const LIVE_SCRIPT_TAG: &str = "<script src=\"/__qmsbook/live.js\"></script>";

/// Maps a request path to a file inside `site`, or `None` when the path is
/// malformed, escapes the site (`..`, encoded or not, backslashes, absolute
/// paths, symbolic links pointing outside) or names nothing servable.
pub fn resolve(site: &Path, request_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode_strict(request_path)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let relative = decoded.strip_prefix('/')?;
    let mut path = PathBuf::new();
    for segment in relative.split('/') {
        match segment {
            "" => continue,
            "." | ".." => return None,
            s => {
                // A segment must be a plain name (no drive prefixes or roots).
                let mut components = Path::new(s).components();
                match (components.next(), components.next()) {
                    (Some(Component::Normal(_)), None) => path.push(s),
                    _ => return None,
                }
            }
        }
    }
    let site = site.canonicalize().ok()?;
    let mut candidate = site.join(&path).canonicalize().ok()?;
    if !candidate.starts_with(&site) {
        return None;
    }
    if candidate.is_dir() {
        candidate = candidate.join("index.html").canonicalize().ok()?;
        if !candidate.starts_with(&site) {
            return None;
        }
    }
    candidate.is_file().then_some(candidate)
}

/// Decodes `%XX` escapes; `None` for malformed escapes or invalid UTF-8.
fn percent_decode_strict(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let value = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            out.push(value);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The content type of a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("csv") => "text/csv; charset=utf-8",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script before `</body>` (or at the end).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{LIVE_SCRIPT_TAG}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{LIVE_SCRIPT_TAG}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_everything_outside_the_site() -> Result<(), Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        let site = tmp.path().join("site");
        std::fs::create_dir_all(site.join("doc"))?;
        std::fs::write(site.join("index.html"), "home")?;
        std::fs::write(site.join("doc/a b.html"), "a")?;
        std::fs::write(tmp.path().join("secret.txt"), "s")?;
        #[cfg(unix)]
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), site.join("link.txt"))?;
        assert_eq!(
            resolve(&site, "/").map(|p| p.ends_with("index.html")),
            Some(true)
        );
        assert!(resolve(&site, "/doc/a%20b.html").is_some());
        assert!(resolve(&site, "/doc").is_none(), "no listing, no index");
        for bad in [
            "/../secret.txt",
            "/doc/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/..%2fsecret.txt",
            "/..\\secret.txt",
            "/%5c..%5csecret.txt",
            "//etc/passwd",
            "/link.txt",
            "/%zz",
            "/a%00b",
            "relative",
        ] {
            assert!(resolve(&site, bad).is_none(), "{bad}");
        }
        Ok(())
    }

    #[test]
    fn injects_before_body_end() {
        assert_eq!(
            inject(b"<html><body>x</body></html>"),
            format!("<html><body>x{LIVE_SCRIPT_TAG}</body></html>").into_bytes()
        );
    }
}
