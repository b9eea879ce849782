import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Benchmark data, the same bytes on every run (fixed seeds). Run with {@code java Generate.java}:
 *
 * <pre>
 *   workspace DIR [BYTES]   a workspace-like tree: ~1/3 text, ~1/3 JSON, ~1/3 incompressible media,
 *                           a few thousand files (default 1 GiB)
 *   small DIR [FILES]       many small text files of 1..6 KiB (default 200000)
 *   mutate DIR [PERCENT]    changes PERCENT % of the files under DIR (default 5): text and JSON
 *                           get a line rewritten in the middle and lines appended, media 64 KiB
 *                           overwritten in place
 * </pre>
 */
public class Generate {
  static final String[] WORDS = words();

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: java Generate.java workspace|small|mutate DIR [N]");
      System.exit(2);
    }
    Path dir = Path.of(args[1]);
    switch (args[0]) {
      case "workspace" -> workspace(dir, args.length > 2 ? Long.parseLong(args[2]) : 1L << 30);
      case "small" -> small(dir, args.length > 2 ? Integer.parseInt(args[2]) : 200_000);
      case "mutate" -> mutate(dir, args.length > 2 ? Double.parseDouble(args[2]) : 5.0);
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  static String[] words() {
    SplittableRandom r = new SplittableRandom(1);
    String[] w = new String[6000];
    for (int i = 0; i < w.length; i++) {
      StringBuilder b = new StringBuilder();
      int n = 2 + r.nextInt(9);
      for (int j = 0; j < n; j++) {
        b.append((char) ('a' + r.nextInt(26)));
      }
      w[i] = b.toString();
    }
    return w;
  }

  static void workspace(Path root, long total) throws IOException {
    SplittableRandom r = new SplittableRandom(42);
    long third = total / 3;
    long written = 0;
    int project = 0;
    int n = 0;
    long text = 0;
    long json = 0;
    long media = 0;
    while (text < third || json < third || media < third) {
      Path p = root.resolve(String.format("projects/p%03d", project));
      if (text < third) {
        long size = 4_000 + r.nextLong(450_000);
        write(p.resolve("docs/chapter-" + n + ".md"), size, r.split(), Generate::text);
        text += size;
        n++;
      }
      if (json < third) {
        long size = 4_000 + r.nextLong(500_000);
        write(p.resolve("data/records-" + n + ".json"), size, r.split(), Generate::json);
        json += size;
        n++;
      }
      if (media < third && r.nextInt(10) == 0) {
        long size = 256_000 + r.nextLong(8_000_000);
        write(p.resolve("media/asset-" + n + ".bin"), size, r.split(), Generate::random);
        media += size;
        n++;
      }
      if (n % 40 == 0) {
        project++;
      }
      written = text + json + media;
    }
    System.out.printf("workspace: %d files, %d bytes (text %d, json %d, media %d) in %s%n", n,
        written, text, json, media, root);
  }

  static void small(Path root, int files) throws IOException {
    SplittableRandom r = new SplittableRandom(7);
    long bytes = 0;
    for (int i = 0; i < files; i++) {
      long size = 1024 + r.nextLong(5 * 1024);
      write(root.resolve(String.format("d%03d/d%02d/note-%06d.txt", i / 5000, (i / 250) % 20, i)),
          size, r.split(), Generate::text);
      bytes += size;
    }
    System.out.printf("small: %d files, %d bytes in %s%n", files, bytes, root);
  }

  static void mutate(Path root, double percent) throws IOException {
    List<Path> all = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      s.filter(Files::isRegularFile).sorted().forEach(all::add);
    }
    SplittableRandom r = new SplittableRandom(99);
    int changed = 0;
    for (Path p : all) {
      if (r.nextDouble() * 100 >= percent) {
        continue;
      }
      changed++;
      long size = Files.size(p);
      try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.WRITE)) {
        if (p.toString().endsWith(".bin")) {
          byte[] b = new byte[(int) Math.min(65536, size)];
          r.nextBytes(b);
          ch.write(java.nio.ByteBuffer.wrap(b), r.nextLong(Math.max(1, size - b.length)));
        } else {
          byte[] line = ("\nedited " + r.nextLong() + " " + WORDS[r.nextInt(WORDS.length)] + "\n")
              .getBytes(StandardCharsets.UTF_8);
          ch.write(java.nio.ByteBuffer.wrap(line), size / 2);
          ch.write(java.nio.ByteBuffer.wrap(("appended " + r.nextLong() + "\n")
              .getBytes(StandardCharsets.UTF_8)), size);
        }
      }
    }
    System.out.printf("mutate: changed %d of %d files under %s%n", changed, all.size(), root);
  }

  interface Content {
    void fill(OutputStream out, long size, SplittableRandom r) throws IOException;
  }

  static void write(Path file, long size, SplittableRandom r, Content c) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      c.fill(out, size, r);
    }
  }

  static void text(OutputStream out, long size, SplittableRandom r) throws IOException {
    StringBuilder b = new StringBuilder(256);
    long left = size;
    while (left > 0) {
      b.setLength(0);
      int n = 5 + r.nextInt(14);
      for (int i = 0; i < n; i++) {
        b.append(WORDS[(int) Math.abs(r.nextGaussian() * 700) % WORDS.length]).append(' ');
      }
      b.append(".\n");
      byte[] line = b.toString().getBytes(StandardCharsets.UTF_8);
      int len = (int) Math.min(left, line.length);
      out.write(line, 0, len);
      left -= len;
    }
  }

  static void json(OutputStream out, long size, SplittableRandom r) throws IOException {
    long left = size;
    long id = r.nextLong(1_000_000);
    while (left > 0) {
      String rec = String.format("{\"id\": %d, \"user\": \"%s\", \"title\": \"%s %s\", "
              + "\"score\": %.4f, \"tags\": [\"%s\", \"%s\"], \"updated_at\": \"2026-%02d-%02dT%02d:%02d:00Z\"}%n",
          id++, WORDS[r.nextInt(300)], WORDS[r.nextInt(WORDS.length)],
          WORDS[r.nextInt(WORDS.length)], r.nextDouble() * 100, WORDS[r.nextInt(50)],
          WORDS[r.nextInt(50)], 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24),
          r.nextInt(60));
      byte[] b = rec.getBytes(StandardCharsets.UTF_8);
      int len = (int) Math.min(left, b.length);
      out.write(b, 0, len);
      left -= len;
    }
  }

  static void random(OutputStream out, long size, SplittableRandom r) throws IOException {
    byte[] buf = new byte[1 << 16];
    long left = size;
    while (left > 0) {
      r.nextBytes(buf);
      int len = (int) Math.min(left, buf.length);
      out.write(buf, 0, len);
      left -= len;
    }
  }
}
