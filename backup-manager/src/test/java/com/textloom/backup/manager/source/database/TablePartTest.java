package com.textloom.backup.manager.source.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.manager.source.database.TableFigures.TablePart;
import com.textloom.backup.manager.source.database.TableFigures.TableSize;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the figures' reading of the tables is shared by the sessions (the sums themselves: PostgresRoundTripIT). */
class TablePartTest {
    private static final List<TableSize> BENCH = List.of(
            new TableSize("public.pgbench_accounts", 671_000_000L, 81_968),
            new TableSize("public.bench_documents", 330_000_000L, 9_000),
            new TableSize("public.pgbench_tellers", 8_192, 1),
            new TableSize("public.empty", 0, 0));

    @Test
    void aLargeTableIsCutIntoBlockRangesThatCoverItToItsEnd() {
        List<TablePart> parts = TablePart.plan(BENCH, 2);

        for (TableSize t : BENCH) {
            List<TablePart> mine = parts.stream()
                    .filter(p -> p.table().equals(t.table()))
                    .sorted(Comparator.comparingLong(TablePart::fromBlock))
                    .toList();
            assertEquals(0, mine.get(0).fromBlock(), t.table() + " starts at block 0");
            for (int i = 1; i < mine.size(); i++) {
                assertEquals(mine.get(i - 1).toBlock(), mine.get(i).fromBlock(), t.table() + ": no gap, no overlap");
            }
            assertEquals(-1, mine.get(mine.size() - 1).toBlock(), t.table() + " is read to its end");
        }
        long accounts = parts.stream()
                .filter(p -> p.table().equals("public.pgbench_accounts"))
                .count();
        assertTrue(accounts >= 4, "the largest table in " + accounts + " parts");
        assertTrue(
                parts.stream()
                        .filter(p -> p.toBlock() >= 0)
                        .allMatch(p -> p.toBlock() - p.fromBlock() >= TablePart.MIN_BLOCKS),
                "no part under the minimum");
        assertEquals(
                parts.stream()
                        .map(TablePart::cost)
                        .sorted(Comparator.reverseOrder())
                        .toList(),
                parts.stream().map(TablePart::cost).toList(),
                "costliest first");
        assertEquals("public.empty t", parts.get(parts.size() - 1).from());
    }

    @Test
    void oneSessionReadsEveryTableWhole() {
        List<TablePart> parts = TablePart.plan(BENCH, 1);

        assertEquals(BENCH.size(), parts.size());
        assertTrue(parts.stream().allMatch(p -> p.fromBlock() == 0 && p.toBlock() == -1));
        assertEquals("public.pgbench_accounts t", parts.get(0).from());
    }

    @Test
    void aPartsQueryReadsItsBlockRangeByTid() {
        assertEquals(
                "public.x t WHERE t.ctid >= '(1024,0)'::tid AND t.ctid < '(2048,0)'::tid",
                new TablePart("public.x", 1024, 2048, 1).from());
        assertEquals("public.x t WHERE t.ctid >= '(2048,0)'::tid", new TablePart("public.x", 2048, -1, 1).from());
    }
}
