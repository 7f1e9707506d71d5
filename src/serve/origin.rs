//! Which requests the preview server answers: only those addressed to it.
//!
//! A web page on another site can make the browser send requests to
//! `127.0.0.1` through a host name it controls (DNS rebinding), and can open
//! a WebSocket to any address. So every request must name the server in its
//! `Host` header (`localhost`, the address it listens on, or, when it listens
//! on every interface, any IP address, never another host name), and a
//! WebSocket upgrade that comes from a page must come from one of the
//! server's own pages (its `Origin` equals `http://` + `Host`).
//!
//! This module decides; the server answers a refusal with 403.

use std::net::IpAddr;

/// The names a request may address the server by.
#[derive(Debug, Clone)]
pub struct Allowed {
    /// The address the server listens on.
    pub ip: IpAddr,
    /// The port it listens on.
    pub port: u16,
    /// The host name given with `-n`, when it was one (`localhost`).
    pub name: Option<String>,
}

impl Allowed {
    /// Whether a request whose `Host` header is `host` is addressed to this
    /// server. `None` (HTTP/1.0 clients) is accepted only on loopback.
    pub fn host(&self, host: Option<&str>) -> Result<(), String> {
        let Some(host) = host else {
            return if is_loopback(self.ip) {
                Ok(())
            } else {
                Err("the request has no Host header".into())
            };
        };
        let (name, port) = split_host(host).ok_or_else(|| format!("`{host}` is not a host"))?;
        if port.is_some_and(|p| p != self.port) {
            return Err(format!("`{host}` names another port"));
        }
        let name = name.to_ascii_lowercase();
        let by_name = self
            .name
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case(&name));
        let loopback_name =
            is_loopback(self.ip) && (name == "localhost" || name.ends_with(".localhost"));
        let literal = name
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .ok();
        let by_address = literal.is_some_and(|a| {
            a.to_canonical() == self.ip.to_canonical()
                || self.ip.is_unspecified()
                || (is_loopback(self.ip) && is_loopback(a))
        });
        if by_name || loopback_name || by_address {
            Ok(())
        } else {
            Err(format!(
                "Host `{host}` is not this server (a web page may be trying to read the preview through its own host name)"
            ))
        }
    }

    /// Whether a WebSocket upgrade with this `Origin` may connect: none
    /// (not a browser page), or exactly this server's own origin.
    pub fn origin(&self, origin: Option<&str>, host: Option<&str>) -> Result<(), String> {
        match (origin, host) {
            (None, _) => Ok(()),
            (Some(o), Some(h)) if o.eq_ignore_ascii_case(&format!("http://{h}")) => Ok(()),
            (Some(o), _) => Err(format!("WebSocket from another site (`{o}`)")),
        }
    }
}

/// Whether an address is this machine's loopback (IPv4-mapped included).
pub fn is_loopback(ip: IpAddr) -> bool {
    ip.to_canonical().is_loopback()
}

/// Splits `name:port`, `[v6]:port`, `name` or `[v6]`.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    if host.is_empty() {
        return None;
    }
    if host.starts_with('[') {
        let end = host.find(']')?;
        let (name, rest) = host.split_at(end + 1);
        return match rest.strip_prefix(':') {
            Some(p) => Some((name, Some(p.parse().ok()?))),
            None if rest.is_empty() => Some((name, None)),
            None => None,
        };
    }
    match host.rsplit_once(':') {
        Some((name, p)) if !name.contains(':') => Some((name, Some(p.parse().ok()?))),
        Some(_) => None,
        None => Some((host, None)),
    }
}

/// The URL to show for a server on `ip:port` (IPv6 in brackets; every
/// interface shown as 127.0.0.1).
pub fn display_url(ip: IpAddr, port: u16) -> String {
    let shown = if ip.is_unspecified() {
        IpAddr::from([127, 0, 0, 1])
    } else {
        ip
    };
    format!("http://{}/", std::net::SocketAddr::new(shown, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(ip: &str, name: Option<&str>) -> Allowed {
        Allowed {
            ip: ip.parse().unwrap(),
            port: 3000,
            name: name.map(str::to_string),
        }
    }

    #[test]
    fn loopback_accepts_its_own_names_only() {
        let a = on("127.0.0.1", None);
        for ok in [
            "127.0.0.1:3000",
            "localhost:3000",
            "LOCALHOST",
            "[::1]:3000",
            "127.0.0.1",
            "app.localhost:3000",
        ] {
            assert!(a.host(Some(ok)).is_ok(), "{ok}");
        }
        for bad in [
            "attacker.example",
            "attacker.example:3000",
            "127.0.0.1:80",
            "",
            "10.0.0.5:3000",
            "a:b:c",
        ] {
            assert!(a.host(Some(bad)).is_err(), "{bad}");
        }
        assert!(a.host(None).is_ok());
    }

    #[test]
    fn every_interface_accepts_addresses_not_names() {
        let a = on("0.0.0.0", None);
        assert!(a.host(Some("192.168.1.20:3000")).is_ok());
        assert!(a.host(Some("rebind.attacker.example:3000")).is_err());
        assert!(a.host(None).is_err());
        let named = on("127.0.0.1", Some("localhost"));
        assert!(named.host(Some("localhost:3000")).is_ok());
    }

    #[test]
    fn websockets_only_from_the_servers_own_pages() {
        let a = on("127.0.0.1", None);
        assert!(a.origin(None, Some("127.0.0.1:3000")).is_ok());
        assert!(
            a.origin(Some("http://127.0.0.1:3000"), Some("127.0.0.1:3000"))
                .is_ok()
        );
        assert!(
            a.origin(Some("http://attacker.example"), Some("127.0.0.1:3000"))
                .is_err()
        );
        assert!(a.origin(Some("null"), Some("127.0.0.1:3000")).is_err());
    }

    #[test]
    fn urls_bracket_ipv6_and_mapped_loopback_is_loopback() {
        assert_eq!(
            display_url("::1".parse().unwrap(), 3000),
            "http://[::1]:3000/"
        );
        assert_eq!(
            display_url("0.0.0.0".parse().unwrap(), 80),
            "http://127.0.0.1:80/"
        );
        assert!(is_loopback("::ffff:127.0.0.1".parse().unwrap()));
        assert!(!is_loopback("::ffff:10.0.0.1".parse().unwrap()));
    }
}
