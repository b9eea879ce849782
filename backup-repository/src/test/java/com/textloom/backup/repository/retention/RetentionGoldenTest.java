package com.textloom.backup.repository.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven retention calendars, in the manner of restic's {@code testdata/policy_keep_*}: each
 * file under {@code src/test/resources/retention/} gives a policy, snapshots and the expected
 * decision for each snapshot, with the reasons of every kept one.
 *
 * <pre>
 * policy last=0 daily=3 weekly=0 monthly=0 zone=Asia/Shanghai
 * snapshot ID TIME [failed] [group=NAME]   (no group: the one group "")
 * keep ID | reason | reason      (every reason, in rule order: last, daily, weekly, monthly)
 * forget ID
 * forget-rest                    (every snapshot not named by a keep/forget line is forgotten)
 * </pre>
 */
class RetentionGoldenTest {

    static Stream<Path> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(RetentionGoldenTest.class.getResource("/retention").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertTrue(files.size() >= 10, "golden cases missing in " + dir);
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesEachGoldenCalendarAsWritten(Path file) throws IOException {
        RetentionPolicy policy = null;
        List<RetentionCandidate> snapshots = new ArrayList<>();
        Map<String, List<String>> expected = new LinkedHashMap<>(); // id -> reasons, null = forget
        boolean forgetRest = false;
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] w = line.split("\\s+");
            switch (w[0]) {
                case "policy" -> policy = parsePolicy(w);
                case "snapshot" -> {
                    List<String> rest = Arrays.asList(w).subList(3, w.length);
                    String group = rest.stream()
                            .filter(t -> t.startsWith("group="))
                            .map(t -> t.substring(6))
                            .findFirst()
                            .orElse("");
                    snapshots.add(new RetentionCandidate(
                            w[1], Instant.parse(w[2]), Set.of(), !rest.contains("failed"), group));
                }
                case "keep" -> {
                    String[] parts = line.substring(5).split("\\|");
                    List<String> reasons =
                            Arrays.stream(parts).skip(1).map(String::strip).toList();
                    expected.put(parts[0].strip(), reasons);
                }
                case "forget" -> expected.put(w[1], null);
                case "forget-rest" -> forgetRest = true;
                default -> throw new IllegalStateException(file + ": unknown line " + line);
            }
        }
        if (forgetRest) {
            for (RetentionCandidate c : snapshots) {
                expected.putIfAbsent(c.id(), null);
            }
        }
        assertEquals(snapshots.size(), expected.size(), file + ": every snapshot needs an expectation");

        RetentionPlan plan = policy.apply(snapshots);

        assertEquals(snapshots.size(), plan.decisions().size());
        for (RetentionDecision d : plan.decisions()) {
            List<String> want = expected.get(d.snapshot().id());
            String where = file.getFileName() + " " + d.snapshot().id() + " " + d.reasons();
            if (want == null) {
                assertFalse(d.keep(), where + " should be forgotten");
            } else {
                assertTrue(d.keep(), where + " should be kept");
                assertEquals(want, d.reasons(), where);
            }
        }
        for (int i = 1; i < plan.decisions().size(); i++) {
            assertFalse(
                    plan.decisions()
                            .get(i)
                            .snapshot()
                            .time()
                            .isAfter(plan.decisions().get(i - 1).snapshot().time()),
                    "decisions are newest first");
        }
    }

    private static RetentionPolicy parsePolicy(String[] w) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (int i = 1; i < w.length; i++) {
            String[] p = w[i].split("=", 2);
            kv.put(p[0], p[1]);
        }
        return new RetentionPolicy(
                Integer.parseInt(kv.get("last")),
                Integer.parseInt(kv.get("daily")),
                Integer.parseInt(kv.get("weekly")),
                Integer.parseInt(kv.get("monthly")),
                ZoneId.of(kv.get("zone")));
    }
}
