import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Rows for the text-heavy benchmark table, the same on every run (fixed seed), written to stdout in
 * PostgreSQL's COPY text format for
 * {@code COPY bench_documents (id, title, body, tags, meta, created_at) FROM STDIN}.
 *
 * <pre>
 *   java TextRows.java [BYTES]     about BYTES of row text (default 300 MB)
 * </pre>
 *
 * Bodies are 200 B .. 12 KB of paragraphs drawn from a 20 000-word vocabulary with a skewed
 * (Zipf-like) frequency, some words accented or CJK, so they compress like prose, not like a
 * repeated string; long bodies are TOASTed (pglz) by the server as in a real documents table.
 */
public class TextRows {
    static final String[] WORDS = words();

    public static void main(String[] args) throws IOException {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 300_000_000L;
        SplittableRandom r = new SplittableRandom(7);
        long written = 0;
        long id = 0;
        long epoch = Instant.parse("2023-01-01T00:00:00Z").getEpochSecond();
        StringBuilder b = new StringBuilder(16_384);
        try (OutputStream out = new BufferedOutputStream(System.out, 1 << 16)) {
            while (written < total) {
                id++;
                b.setLength(0);
                b.append(id).append('\t');
                sentence(b, r, 3 + r.nextInt(8));
                b.append('\t');
                int bodyLen = r.nextInt(10) == 0 ? 4_000 + r.nextInt(8_000) : 200 + r.nextInt(2_500);
                int start = b.length();
                while (b.length() - start < bodyLen) {
                    sentence(b, r, 6 + r.nextInt(20));
                    b.append(r.nextInt(6) == 0 ? "\\n\\n" : " ");
                }
                b.append("\t{");
                int tags = r.nextInt(5);
                for (int i = 0; i < tags; i++) {
                    b.append(i == 0 ? "" : ",").append(word(r));
                }
                b.append("}\t{\"pages\": ").append(1 + r.nextInt(400)).append(", \"lang\": \"")
                        .append(r.nextInt(4) == 0 ? "zh" : "en").append("\", \"score\": ")
                        .append(r.nextInt(10_000) / 100.0).append("}\t")
                        .append(Instant.ofEpochSecond(epoch + r.nextLong(60L * 86_400 * 365))).append('\n');
                byte[] line = b.toString().getBytes(StandardCharsets.UTF_8);
                out.write(line);
                written += line.length;
            }
        }
    }

    static void sentence(StringBuilder b, SplittableRandom r, int words) {
        for (int i = 0; i < words; i++) {
            String w = word(r);
            if (i == 0) {
                b.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
            } else {
                b.append(' ').append(w);
            }
        }
        b.append(r.nextInt(8) == 0 ? ',' : '.');
    }

    /** A word, frequent ones far more often than rare ones. */
    static String word(SplittableRandom r) {
        double u = r.nextDouble();
        return WORDS[(int) (WORDS.length * u * u * u)];
    }

    static String[] words() {
        SplittableRandom r = new SplittableRandom(1);
        String[] w = new String[20_000];
        String accents = "éèàüöçñ";
        for (int i = 0; i < w.length; i++) {
            StringBuilder b = new StringBuilder();
            if (i % 97 == 0) {
                for (int j = 0, n = 2 + r.nextInt(3); j < n; j++) {
                    b.append((char) (0x4e00 + r.nextInt(0x5000)));
                }
            } else {
                for (int j = 0, n = 2 + r.nextInt(9); j < n; j++) {
                    b.append(i % 13 == 0 && j == 1 ? accents.charAt(r.nextInt(accents.length())) : (char) ('a' + r.nextInt(26)));
                }
            }
            w[i] = b.toString();
        }
        return w;
    }
}
