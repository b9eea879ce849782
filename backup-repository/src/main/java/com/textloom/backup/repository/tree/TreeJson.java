package com.textloom.backup.repository.tree;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tree blob's JSON (FORMAT.md §8), written and read by hand instead of through a data-binding
 * library: a re-backup encodes and decodes one tree per directory, and a bean (de)serializer cost
 * more CPU in class loading, reflection and JIT compilation than the rest of an unchanged re-backup
 * (backup-repository README, "Where the time goes").
 *
 * <p>Guarantees: {@link #encode} produces exactly the canonical bytes of FORMAT.md §8 (the bytes
 * version-1 writers have always produced: pinned by {@code TreeKnownAnswerTest} and compared with
 * the former Jackson encoding on random trees by {@code TreeJsonTest}). {@link #decode} accepts any
 * JSON text with the fields of §8: any whitespace and member order, unknown members of any kind
 * ignored, {@code null} for an absent value, integral numbers also in fraction or exponent form.
 * Anything else (bad syntax, a value of the wrong kind, invalid UTF-8, trailing data, nesting deeper
 * than {@value #MAX_DEPTH}) is a {@link Malformed}. It reads one blob already in memory and keeps no
 * state.
 */
final class TreeJson {
    /** Deepest nesting of arrays and objects accepted (unknown members only: a tree needs 3). */
    static final int MAX_DEPTH = 1000;

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private TreeJson() {}

    /** A tree blob that is not valid JSON or not a tree's JSON; the message says where. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    // ---------------------------------------------------------------- encoding

    /** The canonical JSON of {@code tree} (its nodes in the order given). */
    static byte[] encode(Tree tree) {
        Out out = new Out(64 + 256 * tree.nodes().size());
        out.ascii("{\"nodes\":[");
        boolean first = true;
        for (Node n : tree.nodes()) {
            if (!first) {
                out.put(',');
            }
            first = false;
            node(out, n);
        }
        out.ascii("]}");
        return out.bytes();
    }

    private static void node(Out out, Node n) {
        out.ascii("{\"name\":");
        out.string(n.name());
        out.ascii(",\"type\":");
        out.string(n.type());
        out.ascii(",\"mode\":");
        out.number(n.mode());
        number(out, ",\"uid\":", n.uid());
        number(out, ",\"gid\":", n.gid());
        string(out, ",\"user\":", n.user());
        string(out, ",\"group\":", n.group());
        out.ascii(",\"mtime_ns\":");
        out.number(n.mtimeNs());
        number(out, ",\"size\":", n.size());
        number(out, ",\"inode\":", n.inode());
        number(out, ",\"device\":", n.device());
        number(out, ",\"links\":", n.links());
        if (n.content() != null) {
            out.ascii(",\"content\":[");
            boolean first = true;
            for (String id : n.content()) {
                if (!first) {
                    out.put(',');
                }
                first = false;
                if (id == null) {
                    out.ascii("null");
                } else {
                    out.string(id);
                }
            }
            out.put(']');
        }
        string(out, ",\"subtree\":", n.subtree());
        string(out, ",\"target\":", n.target());
        out.ascii(",\"file\":");
        out.ascii(n.isFile() ? "true" : "false");
        out.ascii(",\"dir\":");
        out.ascii(n.isDir() ? "true" : "false");
        out.ascii(",\"symlink\":");
        out.ascii(n.isSymlink() ? "true" : "false");
        out.put('}');
    }

    private static void number(Out out, String member, Number value) {
        if (value != null) {
            out.ascii(member);
            out.number(value.longValue());
        }
    }

    private static void string(Out out, String member, String value) {
        if (value != null) {
            out.ascii(member);
            out.string(value);
        }
    }

    /** A growing byte array; one per encoded tree. */
    private static final class Out {
        private byte[] buf;
        private int len;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, len);
        }

        private void room(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        void put(char ascii) {
            room(1);
            buf[len++] = (byte) ascii;
        }

        void ascii(String s) {
            int n = s.length();
            room(n);
            for (int i = 0; i < n; i++) {
                buf[len++] = (byte) s.charAt(i);
            }
        }

        void number(long v) {
            ascii(Long.toString(v));
        }

        /**
         * A JSON string as FORMAT.md §8 says: short escapes for {@code " \ \b \t \n \f \r}, other
         * characters below U+0020 and every UTF-16 surrogate (so a character above U+FFFF as its
         * pair) as upper-case {@code \}{@code uXXXX}, everything else as plain UTF-8.
         */
        void string(String s) {
            int n = s.length();
            room(n * 6 + 2);
            byte[] b = buf;
            int p = len;
            b[p++] = '"';
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    if (c >= 0x20 && c != '"' && c != '\\') {
                        b[p++] = (byte) c;
                        continue;
                    }
                    b[p++] = '\\';
                    switch (c) {
                        case '"' -> b[p++] = '"';
                        case '\\' -> b[p++] = '\\';
                        case '\b' -> b[p++] = 'b';
                        case '\t' -> b[p++] = 't';
                        case '\n' -> b[p++] = 'n';
                        case '\f' -> b[p++] = 'f';
                        case '\r' -> b[p++] = 'r';
                        default -> p = unicodeEscape(b, p, c);
                    }
                } else if (c < 0x800) {
                    b[p++] = (byte) (0xC0 | (c >> 6));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    b[p++] = '\\';
                    p = unicodeEscape(b, p, c);
                } else {
                    b[p++] = (byte) (0xE0 | (c >> 12));
                    b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            b[p++] = '"';
            len = p;
        }

        /** {@code uXXXX} (the backslash is written by the caller), upper-case hex. */
        private static int unicodeEscape(byte[] b, int p, char c) {
            b[p++] = 'u';
            b[p++] = HEX[(c >> 12) & 0xF];
            b[p++] = HEX[(c >> 8) & 0xF];
            b[p++] = HEX[(c >> 4) & 0xF];
            b[p++] = HEX[c & 0xF];
            return p;
        }
    }

    // ---------------------------------------------------------------- decoding

    /**
     * The tree in {@code json}; its node list is {@code null} when the root object has no
     * {@code nodes} member or it is {@code null} (the caller validates names, order and fields).
     */
    static List<Node> decodeNodes(byte[] json) throws Malformed {
        In in = new In(json);
        List<Node> nodes = null;
        in.expect('{');
        if (!in.endOf('}')) {
            do {
                String member = in.string();
                in.expect(':');
                if (member.equals("nodes")) {
                    nodes = in.nullLiteral() ? null : nodeList(in);
                } else {
                    in.skipValue(1);
                }
            } while (in.next(',', '}'));
        }
        in.end();
        return nodes;
    }

    private static List<Node> nodeList(In in) throws Malformed {
        in.expect('[');
        List<Node> nodes = new ArrayList<>();
        if (!in.endOf(']')) {
            do {
                nodes.add(node(in));
            } while (in.next(',', ']'));
        }
        return nodes;
    }

    private static Node node(In in) throws Malformed {
        String name = null;
        String type = null;
        int mode = 0;
        Integer uid = null;
        Integer gid = null;
        String user = null;
        String group = null;
        long mtimeNs = 0;
        Long size = null;
        Long inode = null;
        Long device = null;
        Integer links = null;
        List<String> content = null;
        String subtree = null;
        String target = null;
        in.expect('{');
        if (!in.endOf('}')) {
            do {
                String member = in.string();
                in.expect(':');
                switch (member) {
                    case "name" -> name = in.stringOrNull();
                    case "type" -> type = in.stringOrNull();
                    case "mode" -> mode = toInt(in.numberOrNull(), 0);
                    case "uid" -> uid = toInt(in.numberOrNull());
                    case "gid" -> gid = toInt(in.numberOrNull());
                    case "user" -> user = in.stringOrNull();
                    case "group" -> group = in.stringOrNull();
                    case "mtime_ns" -> {
                        Long t = in.numberOrNull();
                        mtimeNs = t == null ? 0 : t;
                    }
                    case "size" -> size = in.numberOrNull();
                    case "inode" -> inode = in.numberOrNull();
                    case "device" -> device = in.numberOrNull();
                    case "links" -> links = toInt(in.numberOrNull());
                    case "content" -> content = in.nullLiteral() ? null : idList(in);
                    case "subtree" -> subtree = in.stringOrNull();
                    case "target" -> target = in.stringOrNull();
                    default -> in.skipValue(2);
                }
            } while (in.next(',', '}'));
        }
        return new Node(
                name, type, mode, uid, gid, user, group, mtimeNs, size, inode, device, links, content, subtree, target);
    }

    private static List<String> idList(In in) throws Malformed {
        in.expect('[');
        List<String> ids = new ArrayList<>();
        if (!in.endOf(']')) {
            do {
                ids.add(in.string());
            } while (in.next(',', ']'));
        }
        return ids;
    }

    private static int toInt(Long v, int absent) throws Malformed {
        Integer i = toInt(v);
        return i == null ? absent : i;
    }

    private static Integer toInt(Long v) throws Malformed {
        if (v == null) {
            return null;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new Malformed("number " + v + " out of range");
        }
        return (int) (long) v;
    }

    /** A cursor over the JSON bytes. */
    private static final class In {
        private final byte[] b;
        private int p;

        In(byte[] b) {
            this.b = b;
        }

        private Malformed error(String what) {
            return new Malformed(what + " at byte " + p);
        }

        private void space() {
            while (p < b.length && (b[p] == ' ' || b[p] == '\t' || b[p] == '\n' || b[p] == '\r')) {
                p++;
            }
        }

        /** The next non-space byte, not consumed; -1 at the end. */
        private int peek() {
            space();
            return p < b.length ? b[p] & 0xFF : -1;
        }

        void expect(char c) throws Malformed {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            p++;
        }

        /** Consumes {@code close} and answers true when it comes next (an empty array or object). */
        boolean endOf(char close) {
            if (peek() == close) {
                p++;
                return true;
            }
            return false;
        }

        /** After a member or element: true on {@code sep}, false on {@code close}, else malformed. */
        boolean next(char sep, char close) throws Malformed {
            int c = peek();
            if (c == sep) {
                p++;
                return true;
            }
            if (c == close) {
                p++;
                return false;
            }
            throw error("expected '" + sep + "' or '" + close + "'");
        }

        /** Nothing but whitespace left. */
        void end() throws Malformed {
            if (peek() != -1) {
                throw error("data after the tree");
            }
        }

        /** Consumes a {@code null} literal if one comes next. */
        boolean nullLiteral() throws Malformed {
            if (peek() == 'n') {
                literal("null");
                return true;
            }
            return false;
        }

        private void literal(String word) throws Malformed {
            int n = word.length();
            if (p + n > b.length) {
                throw error("expected " + word);
            }
            for (int i = 0; i < n; i++) {
                if (b[p + i] != word.charAt(i)) {
                    throw error("expected " + word);
                }
            }
            p += n;
        }

        String stringOrNull() throws Malformed {
            return nullLiteral() ? null : string();
        }

        Long numberOrNull() throws Malformed {
            return nullLiteral() ? null : number();
        }

        String string() throws Malformed {
            if (peek() != '"') {
                throw error("expected a string");
            }
            int start = ++p;
            boolean plain = true;
            while (true) {
                if (p >= b.length) {
                    throw error("unterminated string");
                }
                int c = b[p] & 0xFF;
                if (c == '"') {
                    break;
                }
                if (c < 0x20) {
                    throw error("control character in a string");
                }
                if (c == '\\' || c >= 0x80) {
                    plain = false;
                    if (c == '\\') {
                        p++;
                    }
                }
                p++;
            }
            int end = p++;
            if (plain) {
                return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
            }
            return unescape(start, end);
        }

        /** The characters of a string with escapes or non-ASCII bytes between start and end. */
        private String unescape(int start, int end) throws Malformed {
            StringBuilder s = new StringBuilder(end - start);
            int i = start;
            while (i < end) {
                int c = b[i] & 0xFF;
                if (c == '\\') {
                    char e = (char) (b[i + 1] & 0xFF);
                    i += 2;
                    switch (e) {
                        case '"', '\\', '/' -> s.append(e);
                        case 'b' -> s.append('\b');
                        case 't' -> s.append('\t');
                        case 'n' -> s.append('\n');
                        case 'f' -> s.append('\f');
                        case 'r' -> s.append('\r');
                        case 'u' -> {
                            if (i + 4 > end) {
                                throw error("short \\u escape");
                            }
                            int v = 0;
                            for (int k = 0; k < 4; k++) {
                                int d = Character.digit(b[i + k], 16);
                                if (d < 0) {
                                    throw error("bad \\u escape");
                                }
                                v = v * 16 + d;
                            }
                            s.append((char) v);
                            i += 4;
                        }
                        default -> throw error("bad escape \\" + e);
                    }
                } else {
                    int run = i;
                    while (i < end && b[i] != '\\') {
                        i++;
                    }
                    try {
                        s.append(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b, run, i - run)));
                    } catch (CharacterCodingException bad) {
                        throw error("invalid UTF-8");
                    }
                }
            }
            return s.toString();
        }

        /** An integral number, also written with a fraction or an exponent (420.0, 4.2E2). */
        Long number() throws Malformed {
            space();
            int start = p;
            boolean integral = true;
            if (p < b.length && b[p] == '-') {
                p++;
            }
            int digits = p;
            while (p < b.length && b[p] >= '0' && b[p] <= '9') {
                p++;
            }
            if (p == digits) {
                throw error("expected a number");
            }
            if (b[digits] == '0' && p - digits > 1) {
                throw error("leading zero");
            }
            if (p < b.length && b[p] == '.') {
                integral = false;
                p++;
                int frac = p;
                while (p < b.length && b[p] >= '0' && b[p] <= '9') {
                    p++;
                }
                if (p == frac) {
                    throw error("expected digits after '.'");
                }
            }
            if (p < b.length && (b[p] == 'e' || b[p] == 'E')) {
                integral = false;
                p++;
                if (p < b.length && (b[p] == '+' || b[p] == '-')) {
                    p++;
                }
                int exp = p;
                while (p < b.length && b[p] >= '0' && b[p] <= '9') {
                    p++;
                }
                if (p == exp) {
                    throw error("expected digits in the exponent");
                }
            }
            String text = new String(b, start, p - start, StandardCharsets.US_ASCII);
            try {
                return integral ? Long.parseLong(text) : new BigDecimal(text).longValueExact();
            } catch (NumberFormatException | ArithmeticException notALong) {
                throw error("not an integer in range: " + text);
            }
        }

        /** Skips one value of any kind; {@code depth} is the nesting it sits at. */
        void skipValue(int depth) throws Malformed {
            if (depth > MAX_DEPTH) {
                throw error("nested too deeply");
            }
            int c = peek();
            switch (c) {
                case '"' -> string();
                case '{' -> {
                    p++;
                    if (!endOf('}')) {
                        do {
                            string();
                            expect(':');
                            skipValue(depth + 1);
                        } while (next(',', '}'));
                    }
                }
                case '[' -> {
                    p++;
                    if (!endOf(']')) {
                        do {
                            skipValue(depth + 1);
                        } while (next(',', ']'));
                    }
                }
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        skipNumber();
                    } else {
                        throw error("expected a value");
                    }
                }
            }
        }

        /** Any JSON number, integral or not, of any size (an unknown member's value). */
        private void skipNumber() throws Malformed {
            int start = p;
            while (p < b.length && "+-0123456789.eE".indexOf(b[p]) >= 0) {
                p++;
            }
            try {
                new BigDecimal(new String(b, start, p - start, StandardCharsets.US_ASCII));
            } catch (NumberFormatException bad) {
                throw error("bad number");
            }
        }
    }
}
