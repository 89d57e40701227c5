"""The SSRF guard: the crawler fetches only from the public internet unless told otherwise.

A source list, a link on a page or a redirect can name a host that resolves inside the
researcher's network (a router's admin page, a cloud metadata service at 169.254.169.254,
a database on localhost). The guard refuses every address that is not globally routable:
loopback, private (RFC 1918, unique-local), link-local, carrier-grade NAT, multicast,
reserved, unspecified, and IPv6 forms that embed one of those (IPv4-mapped ``::ffff:a.b.c.d``,
6to4, NAT64's well-known prefix).

The check must run on the address actually connected to, not on the name in the URL,
since a public-looking name can resolve to 127.0.0.1; the crawler therefore calls
:func:`check_address` from its DNS resolver, on every connection, including after each
redirect. :func:`check_url` is the same check for code that resolves by itself.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from pipeline.errors import E, PolicytrailError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class RefusedAddress(PolicytrailError):
    """A URL whose host is, or resolves to, an address the guard refuses."""

    def __init__(self, url: str, host: str, address: str) -> None:
        super().__init__(E.E074, url=url, host=host, address=address)
        self.host = host
        self.address = address


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, NAT64), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public_address(address: str | IPAddress) -> bool:
    """Whether an address is globally routable (and so safe to crawl by default)."""
    try:
        ip = ipaddress.ip_address(str(address).strip("[]").split("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        inner = embedded_ipv4(ip)
        if inner is not None:
            # An IPv4-mapped address is refused outright: it names an IPv4 host through
            # an IPv6 socket, the classic way round filters that only look at IPv4.
            if ip.ipv4_mapped is not None:
                return False
            return is_public_address(inner)
    return bool(ip.is_global) and not ip.is_multicast and not ip.is_unspecified


def parse_pins(entries: Iterable[str]) -> dict[str, str]:
    """``HOST:ADDRESS`` entries (like curl's ``--resolve``) as a host -> address map."""
    pins: dict[str, str] = {}
    for entry in entries:
        host, sep, address = entry.strip().partition(":")
        if not sep or not host or not address:
            detail = f"{entry!r} is not HOST:ADDRESS"
            raise PolicytrailError(E.E103, name="crawl_resolve", detail=detail)
        ipaddress.ip_address(address.strip("[]"))  # ValueError on nonsense
        pins[host.lower()] = address.strip("[]")
    return pins


def check_address(url: str, host: str, address: str, *, allow_private: bool) -> None:
    """Raise :class:`RefusedAddress` unless ``address`` may be connected to."""
    if not allow_private and not is_public_address(address):
        raise RefusedAddress(url, host, address)


def literal_address(host: str) -> str | None:
    """The address when a URL's host is an IP literal, else None."""
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


def check_url(
    url: str,
    *,
    allow_private: bool,
    pins: dict[str, str] | None = None,
    resolve: Callable[[str], list[str]] | None = None,
) -> list[str]:
    """Resolve ``url``'s host and check every address; return the addresses.

    Pinned hosts are trusted (the user named their address). All resolved addresses must
    pass, since a connection may use any of them.
    """
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        raise PolicytrailError(E.E073, url=url)
    if pins and host in pins:
        return [pins[host]]
    literal = literal_address(host)
    addresses = [literal] if literal else (resolve or _resolve)(host)
    for address in addresses:
        check_address(url, host, address, allow_private=allow_private)
    return addresses


def _resolve(host: str) -> list[str]:
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return sorted({str(info[4][0]) for info in infos})
