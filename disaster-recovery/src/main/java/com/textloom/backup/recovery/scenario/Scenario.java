package com.textloom.backup.recovery.scenario;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The guide's failure scenarios (故障场景和恢复时间) with their default objectives and the backup components
 * each one restores. Targets can be overridden per scenario by configuration; these are the guide's table.
 */
public enum Scenario {
    /** 数据库故障: RPO 1 h, RTO 30 min — 自动检测 → 备份恢复 → 服务重启. */
    DATABASE_FAILURE(Duration.ofHours(1), Duration.ofMinutes(30), List.of("database")),
    /** Redis故障: RPO 15 min, RTO 10 min — 重启服务 → 数据恢复 → 验证功能. */
    REDIS_FAILURE(Duration.ofMinutes(15), Duration.ofMinutes(10), List.of("redis")),
    /** 应用故障: RPO 0, RTO 5 min — 进程重启 → 健康检查. */
    APPLICATION_FAILURE(Duration.ZERO, Duration.ofMinutes(5), List.of()),
    /** 存储故障: RPO 2 h, RTO 1 h — 存储切换 → 数据同步 → 服务恢复. */
    STORAGE_FAILURE(Duration.ofHours(2), Duration.ofHours(1), List.of()),
    /** 全站灾难: RPO 4 h, RTO 2 h — 备用环境 → 数据恢复 → 流量切换 (in the guide's order). */
    FULL_DISASTER(Duration.ofHours(4), Duration.ofHours(2), List.of("database", "redis", "workspace", "logs"));

    private final Duration defaultRpo;
    private final Duration defaultRto;
    private final List<String> components;

    Scenario(Duration defaultRpo, Duration defaultRto, List<String> components) {
        this.defaultRpo = defaultRpo;
        this.defaultRto = defaultRto;
        this.components = components;
    }

    /** The name used on the command line, in the API and in events: {@code database_failure} ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Duration defaultRpo() {
        return defaultRpo;
    }

    public Duration defaultRto() {
        return defaultRto;
    }

    /** The backup components this scenario restores, in restore order. */
    public List<String> components() {
        return components;
    }

    /**
     * The scenario named {@code id} ({@code database_failure} ...).
     *
     * @throws IllegalArgumentException naming the accepted names when there is none by that name
     */
    public static Scenario of(String id) {
        for (Scenario s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "': expected one of "
                + String.join(", ", Arrays.stream(values()).map(Scenario::id).toList()));
    }
}
