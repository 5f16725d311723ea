package io.warden.ops.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one-line JSON the load generator prints and the side-by-side runner reads back.
 *
 * <p>Grammar (a subset of JSON, enough for a flat record):
 * <pre>
 *   object := '{' [ member (',' member)* ] '}'
 *   member := string ':' value
 *   value  := string | number | 'null'
 *   string := '"' (any char but '"' and '\', or '\' one of '"' '\' '/' 'n' 't' 'r') * '"'
 * </pre>
 * Whitespace is allowed between tokens. Numbers are read as doubles, null as NaN; non-finite
 * doubles are written as null because JSON has no NaN.
 */
final class FlatJson {
    private final StringBuilder out = new StringBuilder("{");

    FlatJson put(String name, String value) {
        member(name);
        quote(value);
        return this;
    }

    FlatJson put(String name, long value) {
        member(name);
        out.append(value);
        return this;
    }

    FlatJson put(String name, double value) {
        member(name);
        out.append(Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f", value) : "null");
        return this;
    }

    String build() {
        return out + "}";
    }

    private void member(String name) {
        if (out.length() > 1) {
            out.append(',');
        }
        quote(name);
        out.append(':');
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        throw new IllegalArgumentException("control character in JSON string: " + (int) c);
                    }
                    out.append(c);
                }
            }
        }
        out.append('"');
    }

    /** Values are String or Double (NaN for null). */
    static Map<String, Object> parse(String text) {
        return new Reader(text).object();
    }

    private static final class Reader {
        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text;
        }

        Map<String, Object> object() {
            Map<String, Object> members = new LinkedHashMap<>();
            expect('{');
            if (peek() == '}') {
                pos++;
            } else {
                do {
                    String name = string();
                    expect(':');
                    members.put(name, value());
                } while (consumeIf(','));
                expect('}');
            }
            skipSpace();
            if (pos != text.length()) {
                throw error("trailing characters");
            }
            return members;
        }

        private Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (text.startsWith("null", pos)) {
                pos += 4;
                return Double.NaN;
            }
            int start = pos;
            while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            try {
                return Double.parseDouble(text.substring(start, pos));
            } catch (NumberFormatException e) {
                throw error("expected a string, number or null");
            }
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (pos >= text.length()) {
                    throw error("unterminated escape");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    default -> throw error("unsupported escape \\" + e);
                }
            }
        }

        private char peek() {
            skipSpace();
            if (pos >= text.length()) {
                throw error("unexpected end");
            }
            return text.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private boolean consumeIf(char c) {
            if (peek() == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at offset " + pos + " in: " + text);
        }
    }
}
