/**
 * Address checks that keep did:web resolution from reaching non-public networks (server-side request
 * forgery). Ranges from the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890) plus
 * RFC 1918 (private), RFC 6598 (CGNAT), RFC 3927 / RFC 4291 §2.5.6 (link-local), RFC 4193 (unique
 * local), RFC 4291 §2.5.5.2 (IPv4-mapped) and RFC 6761 §6.3 (`localhost`).
 */

type Range4 = [base: number, bits: number];

// Every range here is refused: not publicly routable, or a gateway to internal hosts.
const BLOCKED_V4: Range4[] = [
  [ip4(0, 0, 0, 0), 8], // "this network" (0.0.0.0/8)
  [ip4(10, 0, 0, 0), 8], // private (RFC 1918)
  [ip4(100, 64, 0, 0), 10], // shared address space / CGNAT (RFC 6598)
  [ip4(127, 0, 0, 0), 8], // loopback
  [ip4(169, 254, 0, 0), 16], // link-local (cloud metadata endpoints live here)
  [ip4(172, 16, 0, 0), 12], // private (RFC 1918)
  [ip4(192, 0, 0, 0), 24], // IETF protocol assignments
  [ip4(192, 0, 2, 0), 24], // documentation
  [ip4(192, 88, 99, 0), 24], // 6to4 relay anycast (deprecated)
  [ip4(192, 168, 0, 0), 16], // private (RFC 1918)
  [ip4(198, 18, 0, 0), 15], // benchmarking
  [ip4(198, 51, 100, 0), 24], // documentation
  [ip4(203, 0, 113, 0), 24], // documentation
  [ip4(224, 0, 0, 0), 4], // multicast
  [ip4(240, 0, 0, 0), 4], // reserved and limited broadcast
];

function ip4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

/** Parses dotted-quad IPv4 (four decimal octets, no leading zeros beyond "0"). */
export function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(?:0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

/** Parses IPv6 text (RFC 4291 §2.2, with `::` and a trailing dotted IPv4) into 8 16-bit groups. */
export function parseIPv6(text: string): number[] | undefined {
  let s = text;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!/^[0-9A-Fa-f:.]+$/.test(s)) return undefined;
  if (s.includes('.')) {
    // A trailing dotted IPv4 (RFC 4291 §2.2 form 3) becomes two hex groups.
    const lastColon = s.lastIndexOf(':');
    const v4 = parseIPv4(s.slice(lastColon + 1));
    if (v4 === undefined || lastColon < 0) return undefined;
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string): number[] | undefined => {
    if (h === '') return [];
    const groups = h.split(':');
    const out: number[] = [];
    for (const g of groups) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !rest) return undefined;
  const explicit = head.length + rest.length;
  if (halves.length === 1) return explicit === 8 ? head : undefined;
  if (explicit > 7) return undefined;
  return [...head, ...new Array<number>(8 - explicit).fill(0), ...rest];
}

function v4Blocked(value: number): boolean {
  return BLOCKED_V4.some(([base, bits]) => {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return ((value & mask) >>> 0) === base;
  });
}

function v6Blocked(g: number[]): boolean {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g as [number, number, number, number, number, number, number, number];
  const embedded = ((g6 << 16) | g7) >>> 0;
  const zeroPrefix = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (zeroPrefix && g5 === 0) {
    // ::/128 unspecified, ::1/128 loopback, and the deprecated IPv4-compatible ::a.b.c.d (RFC 4291 §2.5.5.1).
    return true;
  }
  if (zeroPrefix && g5 === 0xffff) return v4Blocked(embedded); // IPv4-mapped ::ffff:a.b.c.d
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return v4Blocked(embedded); // NAT64 64:ff9b::/96
  if (g0 === 0x2002) return v4Blocked(((g1 << 16) | g2) >>> 0); // 6to4 2002::/16 embeds an IPv4 address
  if ((g0 & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((g0 & 0xffc0) === 0xfec0) return true; // site-local fec0::/10 (deprecated)
  if ((g0 & 0xff00) === 0xff00) return true; // multicast ff00::/8
  if (g0 === 0x2001 && g1 === 0x0db8) return true; // documentation 2001:db8::/32
  if (g0 === 0x0100 && g1 === 0 && g2 === 0 && g3 === 0) return true; // discard-only 100::/64
  return false;
}

/**
 * True when `address` (IPv4 dotted quad or IPv6, brackets and zone allowed) is not a public unicast
 * address: loopback, private, link-local, unique-local, CGNAT, unspecified, multicast, reserved, or an
 * IPv4-mapped / NAT64 / 6to4 form of one. Unparseable input counts as non-public (fail closed).
 */
export function isNonPublicAddress(address: string): boolean {
  const v4 = parseIPv4(address);
  if (v4 !== undefined) return v4Blocked(v4);
  const v6 = parseIPv6(address);
  if (v6) return v6Blocked(v6);
  return true;
}

/** True when `host` is an IP literal (IPv4 dotted quad or bracketed IPv6), as a URL hostname gives them. */
export function isIpLiteral(host: string): boolean {
  return parseIPv4(host) !== undefined || (host.startsWith('[') && parseIPv6(host) !== undefined);
}

/** True for `localhost` and `*.localhost` (RFC 6761 §6.3), with or without a trailing dot. */
export function isLocalhostName(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost');
}
