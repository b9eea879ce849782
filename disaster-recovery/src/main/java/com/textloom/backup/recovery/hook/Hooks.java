package com.textloom.backup.recovery.hook;

import com.textloom.backup.http.WholeExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs the operator's hooks (restart commands, the traffic switch): a value starting with {@code http://} or
 * {@code https://} is a URL that gets a POST with a small JSON body; anything else is a command line run by
 * {@code /bin/sh -c}.
 *
 * <p>Guarantees: a command gets only {@code PATH}, {@code HOME}, {@code LANG} and the variables the caller passes
 * (never this service's environment, which holds keys); it is killed with its descendants when it outlives the
 * timeout; its standard input is empty; stdout and stderr are kept together, bounded to the last
 * {@value #MAX_OUTPUT} characters (memory stays bounded whatever it prints). The hook's text is never reported
 * (it may carry a password): details name the variable. In the output, passwords in URLs
 * ({@code scheme://user:secret@}) and the {@code secrets} given are masked.
 */
public final class Hooks {
    static final int MAX_OUTPUT = 16 * 1024;
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@\\s]*:)[^@\\s]+@");
    private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ");

    private final Duration timeout;
    private final List<String> secrets;

    /** @param secrets values to mask in outputs (keys, passwords), empty or null ones ignored */
    public Hooks(Duration timeout, List<String> secrets) {
        this.timeout = timeout;
        this.secrets =
                secrets.stream().filter(s -> s != null && s.length() >= 4).toList();
    }

    /**
     * Runs the hook held by {@code variable}.
     *
     * @param hook the variable's value (a command line or a URL)
     * @param env  variables for a command, or fields of the JSON body for a URL (e.g. the scenario and run id)
     */
    public HookResult run(String variable, String hook, Map<String, String> env) {
        String h = hook.strip();
        if (h.startsWith("http://") || h.startsWith("https://")) {
            return post(variable, h, env);
        }
        return command(variable, h, env);
    }

    private HookResult command(String variable, String command, Map<String, String> env) {
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true);
        pb.environment().clear();
        for (String name : INHERITED) {
            String v = System.getenv(name);
            if (v != null) {
                pb.environment().put(name, v);
            }
        }
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new HookResult(false, variable + " could not be started: " + e.getMessage(), null);
        }
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // a command that does not read its input
        }
        TailCollector out = new TailCollector(p.getInputStream());
        Thread reader = new Thread(out, "hook-output");
        reader.setDaemon(true);
        reader.start();
        try {
            boolean ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                killTree(p);
                p.waitFor(5, TimeUnit.SECONDS);
                reader.join(2000);
                return new HookResult(
                        false,
                        variable + " did not finish within " + seconds(timeout.toMillis()) + " and was killed",
                        mask(out.text()));
            }
            reader.join(2000);
            int code = p.exitValue();
            String took = seconds((System.nanoTime() - t0) / 1_000_000);
            return code == 0
                    ? new HookResult(true, variable + " exited 0 after " + took, mask(out.text()))
                    : new HookResult(false, variable + " exited " + code + " after " + took, mask(out.text()));
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            return new HookResult(false, variable + " was interrupted", mask(out.text()));
        }
    }

    /**
     * Kills a hook with everything it started. The tree is taken while the hook lives (a dead process has no
     * descendants to list: they go to init), the hook itself is killed first so that a script runs no further command
     * (killing its children first let it go on to its next line, seen in CI: {@code echo never} ran), then the tree,
     * then anything the tree forked meanwhile.
     */
    private static void killTree(Process p) {
        List<ProcessHandle> tree = p.descendants().toList();
        p.destroyForcibly();
        for (ProcessHandle h : tree) {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        }
    }

    private HookResult post(String variable, String url, Map<String, String> fields) {
        long t0 = System.nanoTime();
        StringBuilder body = new StringBuilder("{");
        fields.forEach((k, v) -> body.append(body.length() > 1 ? "," : "")
                .append('"')
                .append(json(k.toLowerCase()))
                .append("\":\"")
                .append(json(v))
                .append('"'));
        body.append('}');
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
            // the whole exchange within the timeout, body included: a hook that stalls in its answer fails at it
            HttpResponse<String> r = WholeExchange.send(
                    client,
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(timeout)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(),
                    timeout);
            String text = r.body() == null ? "" : r.body();
            if (text.length() > MAX_OUTPUT) {
                text = text.substring(text.length() - MAX_OUTPUT);
            }
            String took = seconds((System.nanoTime() - t0) / 1_000_000);
            boolean ok = r.statusCode() / 100 == 2;
            return new HookResult(
                    ok, variable + " (URL) answered HTTP " + r.statusCode() + " after " + took, mask(text));
        } catch (IOException | IllegalArgumentException e) {
            return new HookResult(
                    false, variable + " (URL) could not be called: " + mask(String.valueOf(e.getMessage())), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HookResult(false, variable + " (URL) call was interrupted", null);
        }
    }

    /** {@code text} with URL passwords and the known secrets masked. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String t = URL_PASSWORD.matcher(text).replaceAll("$1***@");
        for (String s : secrets) {
            t = t.replace(s, "***");
        }
        return t;
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String seconds(long ms) {
        return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** Reads a stream to its end, keeping only the last {@value #MAX_OUTPUT} characters. */
    private static final class TailCollector implements Runnable {
        private final InputStream in;
        private final StringBuilder tail = new StringBuilder();

        TailCollector(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (tail) {
                        tail.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                        if (tail.length() > 2 * MAX_OUTPUT) {
                            tail.delete(0, tail.length() - MAX_OUTPUT);
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process was killed: what was read is kept
            }
        }

        String text() {
            synchronized (tail) {
                String s = tail.length() > MAX_OUTPUT ? tail.substring(tail.length() - MAX_OUTPUT) : tail.toString();
                return s.strip();
            }
        }
    }
}
