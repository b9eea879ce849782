package com.textloom.backup.reliability;

import java.util.Random;

/**
 * The run's seed: {@code -Dreliability.seed=N} when given (a replay), else a fresh one. Printed once; each scenario
 * draws from its own {@link Random} derived from the seed and the scenario's name, so a scenario replays the same
 * choices (timings, bytes, bodies) whatever ran before it.
 */
final class Seeds {
    private static final long SEED = pick();

    private Seeds() {}

    static long seed() {
        return SEED;
    }

    /** The random source of one scenario. */
    static Random forScenario(String scenario) {
        return new Random(SEED * 31 + scenario.hashCode());
    }

    private static long pick() {
        String given = System.getProperty("reliability.seed", "").strip();
        long seed = given.isEmpty() ? System.nanoTime() ^ System.currentTimeMillis() : Long.parseLong(given);
        System.out.println("reliability: seed " + seed + " (replay with -Dreliability.seed=" + seed + ")");
        return seed;
    }
}
