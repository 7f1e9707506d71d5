//! The Content-Security-Policy of generated pages.
//!
//! Templates carry `<meta http-equiv="Content-Security-Policy"
//! content="{{ csp }}">`; after rendering, the placeholder becomes a strict
//! policy: scripts and styles only from the site itself, plus the SHA-256 of
//! each inline script the page really contains (the 404 page's, a theme's own).

use sha2::{Digest, Sha256};

/// What templates put where the policy goes.
pub const PLACEHOLDER: &str = "__QMSBOOK_CSP__";

/// Standard base64 (with padding).
fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The hashes of the inline `<script>` elements (those without `src`).
fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    let finder = memchr::memmem::Finder::new("<script");
    while let Some(start) = finder.find(rest.as_bytes()) {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_start = tag_end + 1;
        let Some(close) = memchr::memmem::find(&after.as_bytes()[body_start..], b"</script>")
        else {
            break;
        };
        if !tag.contains("src=") {
            let body = &after[body_start..body_start + close];
            hashes.push(format!(
                "'sha256-{}'",
                base64(&Sha256::digest(body.as_bytes()))
            ));
        }
        rest = &after[body_start + close..];
    }
    hashes.sort();
    hashes.dedup();
    hashes
}

/// The policy for a page with these inline scripts.
pub fn policy(html: &str) -> String {
    policy_of(&[html])
}

/// The policy for a page made of these pieces (no script spans two pieces).
pub fn policy_of(pieces: &[&str]) -> String {
    let mut hashes: Vec<String> = pieces
        .iter()
        .flat_map(|p| inline_script_hashes(p))
        .collect();
    hashes.sort();
    hashes.dedup();
    let mut script = String::from("'self'");
    for h in hashes {
        script.push(' ');
        script.push_str(&h);
    }
    format!(
        "default-src 'self'; script-src {script}; style-src 'self'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'"
    )
}

/// Replaces the placeholder of a rendered page with its policy.
pub fn apply(mut html: String) -> String {
    let Some(at) = memchr::memmem::find(html.as_bytes(), PLACEHOLDER.as_bytes()) else {
        return html;
    };
    let p = policy(&html);
    html.replace_range(at..at + PLACEHOLDER.len(), &p);
    // A template may carry the placeholder more than once.
    if memchr::memmem::find(&html.as_bytes()[at + p.len()..], PLACEHOLDER.as_bytes()).is_some() {
        html = html.replace(PLACEHOLDER, &p);
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn inline_scripts_are_hashed_external_ones_not() {
        let html = format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{PLACEHOLDER}\"><script src=\"a.js\"></script><script>alert(1)</script>"
        );
        let out = apply(html);
        // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert!(
            out.contains("script-src 'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"),
            "{out}"
        );
        assert!(!out.contains(PLACEHOLDER));
    }
}
