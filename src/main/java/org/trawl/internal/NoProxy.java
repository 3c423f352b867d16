package org.trawl.internal;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A {@code NO_PROXY} list, matched the way curl matches it (lib/noproxy.c, {@code Curl_check_noproxy}):
 * entries separated by commas and blanks; the list {@code *} alone bypasses every host; a host name entry
 * matches that name and every name below it ({@code example.com} and {@code .example.com} both match
 * {@code www.example.com}, never {@code notexample.com}), case-insensitively, trailing dots ignored; an IP
 * entry matches only an IP literal host, with an optional CIDR suffix ({@code 10.0.0.0/8}, {@code fd00::/8}).
 * Two additions curl lacks, which Go and wget read too: an entry may end in {@code :PORT}, and then matches
 * only that port, and an IPv6 entry may be written in brackets ({@code [::1]}, {@code [::1]:8080}).
 */
public final class NoProxy {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final boolean all;
    private final List<Entry> entries;

    private record Entry(String name, InetAddress ip, int bits, int port) {}

    private NoProxy(boolean all, List<Entry> entries) {
        this.all = all;
        this.entries = entries;
    }

    /** The list as the variable holds it; null or blank is an empty list, which bypasses nothing. */
    public static NoProxy parse(String list) {
        if (list == null) {
            return new NoProxy(false, List.of());
        }
        if (list.strip().equals("*")) { // curl: only the whole list "*" means every host
            return new NoProxy(true, List.of());
        }
        List<Entry> entries = new ArrayList<>();
        for (String token : list.split("[,\\s]+")) {
            Entry e = entry(token);
            if (e != null) {
                entries.add(e);
            }
        }
        return new NoProxy(false, List.copyOf(entries));
    }

    private static Entry entry(String token) {
        if (token.isEmpty()) {
            return null;
        }
        String host = token;
        int port = -1;
        if (host.startsWith("[")) { // [v6] or [v6]:port
            int close = host.indexOf(']');
            if (close < 0) {
                return null;
            }
            String rest = host.substring(close + 1);
            host = host.substring(1, close);
            if (rest.startsWith(":")) {
                port = port(rest.substring(1));
                if (port < 0) {
                    return null;
                }
            } else if (!rest.isEmpty() && !rest.startsWith("/")) {
                return null;
            } else {
                host = host + rest; // [fd00::]/8
            }
        } else if (host.indexOf(':') > 0 && host.indexOf(':') == host.lastIndexOf(':')) { // name:port, v4:port
            port = port(host.substring(host.indexOf(':') + 1));
            if (port < 0) {
                return null;
            }
            host = host.substring(0, host.indexOf(':'));
        }
        int bits = -1;
        String address = host;
        int slash = host.indexOf('/');
        if (slash >= 0) {
            address = host.substring(0, slash);
            try {
                bits = Integer.parseInt(host.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        InetAddress ip = literal(address);
        if (ip != null) {
            int max = ip.getAddress().length * 8;
            return new Entry(null, ip, bits < 0 || bits > max ? max : bits, port);
        }
        if (slash >= 0) {
            return null; // a CIDR suffix on a name means nothing
        }
        String name = stripDots(host.toLowerCase(Locale.ROOT));
        return name.isEmpty() ? null : new Entry(name, null, 0, port);
    }

    /** Whether a request to {@code host} (a name, an IPv4 literal or an IPv6 one, bracketed or not) on {@code port} goes direct. */
    public boolean bypasses(String host, int port) {
        if (all) {
            return true;
        }
        if (host == null || host.isEmpty()) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress ip = literal(h);
        String name = ip == null ? stripTrailingDot(h.toLowerCase(Locale.ROOT)) : null;
        for (Entry e : entries) {
            if (e.port >= 0 && e.port != port) {
                continue;
            }
            if (ip != null ? e.ip != null && inRange(ip, e.ip, e.bits) : e.name != null && below(name, e.name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the list is {@code *}. */
    public boolean bypassesAll() {
        return all;
    }

    private static boolean below(String name, String domain) {
        return name.equals(domain) || name.endsWith(domain) && name.charAt(name.length() - domain.length() - 1) == '.';
    }

    private static boolean inRange(InetAddress ip, InetAddress net, int bits) {
        byte[] a = ip.getAddress(), b = net.getAddress();
        if (a.length != b.length) {
            return false;
        }
        int shift = a.length * 8 - bits;
        return new BigInteger(1, a).shiftRight(shift).equals(new BigInteger(1, b).shiftRight(shift));
    }

    /** The address of an IP literal, or null for anything else (never a DNS look-up). */
    static InetAddress literal(String s) {
        boolean v4 = IPV4.matcher(s).matches();
        if (v4) {
            for (String octet : s.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null; // not a literal, and the JDK would look it up as a name
                }
            }
        } else if (!IPV6.matcher(s).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(s); // a literal (checked above): parsed, never resolved
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static int port(String s) {
        try {
            int p = Integer.parseInt(s);
            return p >= 0 && p <= 65535 ? p : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String stripDots(String s) {
        String t = stripTrailingDot(s);
        return t.startsWith(".") ? t.substring(1) : t;
    }

    private static String stripTrailingDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
