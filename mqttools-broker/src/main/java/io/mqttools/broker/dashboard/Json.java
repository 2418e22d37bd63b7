package io.mqttools.broker.dashboard;

import java.util.Locale;

/**
 * A small JSON writer for the dashboard's few documents: objects, arrays, strings, numbers, booleans and
 * null, with commas placed by the writer. Written by hand: a JSON library would be larger than what it
 * writes here. Not thread-safe; one per document.
 */
final class Json {
    private final StringBuilder out = new StringBuilder(1024);
    /** Whether the value about to be written is the first in its object or array. */
    private boolean first = true;

    Json beginObject() {
        separate();
        out.append('{');
        first = true;
        return this;
    }

    Json endObject() {
        out.append('}');
        first = false;
        return this;
    }

    Json beginArray() {
        separate();
        out.append('[');
        first = true;
        return this;
    }

    Json endArray() {
        out.append(']');
        first = false;
        return this;
    }

    /** A member name; the next call writes its value. */
    Json name(String name) {
        separate();
        string(name);
        out.append(':');
        first = true;
        return this;
    }

    Json value(String s) {
        separate();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        first = false;
        return this;
    }

    Json value(long n) {
        separate();
        out.append(n);
        first = false;
        return this;
    }

    /** A finite number with at most three decimals; NaN and infinities, which JSON lacks, as 0. */
    Json value(double d) {
        separate();
        out.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.3f", d) : "0");
        first = false;
        return this;
    }

    Json value(boolean b) {
        separate();
        out.append(b);
        first = false;
        return this;
    }

    Json field(String name, String s) {
        return name(name).value(s);
    }

    Json field(String name, long n) {
        return name(name).value(n);
    }

    Json field(String name, double d) {
        return name(name).value(d);
    }

    Json field(String name, boolean b) {
        return name(name).value(b);
    }

    private void separate() {
        if (!first) {
            out.append(',');
        }
        first = false;
    }

    /** A string literal: quotes, backslashes and control characters escaped; also {@code <}, {@code >}, {@code &}. */
    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029
                            || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A surrogate that is half of a well-formed pair (a lone one would make the UTF-8 body invalid). */
    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
