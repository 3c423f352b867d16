package org.trawl.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A .netrc file as curl reads it: {@code machine NAME login USER password PASS} entries and one
 * {@code default} entry for any other host; tokens are separated by blanks or newlines and may be
 * double-quoted (with backslash escapes); a {@code macdef} body runs to the next empty line and is
 * skipped. The first entry for a machine wins. Written here because the JDK has no reader for it.
 */
public final class Netrc {
    /** A login and password for one host. */
    public record Login(String user, String password) {
        @Override
        public String toString() {
            return "Login[" + user + ", ***]"; // the password stays out of any message or log
        }
    }

    private final Map<String, Login> machines;
    private final Login fallback;

    private Netrc(Map<String, Login> machines, Login fallback) {
        this.machines = machines;
        this.fallback = fallback;
    }

    /** The login for {@code host} (case-insensitive), the default entry's, or null. */
    public Login forHost(String host) {
        Login l = host == null ? null : machines.get(host.toLowerCase(Locale.ROOT));
        return l != null ? l : fallback;
    }

    /** Reads the text of a .netrc; what it cannot read is skipped, as curl does. */
    public static Netrc parse(String text) {
        List<String> tokens = tokens(text);
        Map<String, Login> machines = new HashMap<>();
        Login fallback = null;
        int i = 0;
        while (i < tokens.size()) {
            String t = tokens.get(i++);
            boolean isDefault = t.equals("default");
            if (!t.equals("machine") && !isDefault) {
                continue;
            }
            String machine = null;
            if (!isDefault) {
                if (i >= tokens.size()) {
                    break;
                }
                machine = tokens.get(i++).toLowerCase(Locale.ROOT);
            }
            String user = null, password = null;
            while (i < tokens.size()) {
                String key = tokens.get(i);
                if (key.equals("machine") || key.equals("default")) {
                    break;
                }
                i++;
                if (i >= tokens.size()) {
                    break;
                }
                switch (key) {
                    case "login" -> user = tokens.get(i++);
                    case "password" -> password = tokens.get(i++);
                    case "account" -> i++;
                    default -> {
                        // an unknown word: curl skips it too
                    }
                }
            }
            if (user == null && password == null) {
                continue;
            }
            Login login = new Login(user == null ? "" : user, password == null ? "" : password);
            if (isDefault) {
                fallback = fallback == null ? login : fallback;
            } else {
                machines.putIfAbsent(machine, login);
            }
        }
        return new Netrc(Map.copyOf(machines), fallback);
    }

    /** The words of the file, quotes resolved, macdef bodies left out. */
    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int n = text.length(), i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            StringBuilder word = new StringBuilder();
            if (c == '"') {
                i++;
                while (i < n && text.charAt(i) != '"') {
                    char d = text.charAt(i++);
                    if (d == '\\' && i < n) {
                        char e = text.charAt(i++);
                        word.append(
                                switch (e) {
                                    case 'n' -> '\n';
                                    case 'r' -> '\r';
                                    case 't' -> '\t';
                                    default -> e;
                                });
                    } else {
                        word.append(d);
                    }
                }
                i++; // the closing quote
            } else {
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    word.append(text.charAt(i++));
                }
            }
            String w = word.toString();
            if (w.equals("macdef") && c != '"') {
                // its name, then a body that ends at the first empty line
                int end = text.indexOf("\n\n", i);
                i = end < 0 ? n : end + 2;
                continue;
            }
            out.add(w);
        }
        return out;
    }
}
