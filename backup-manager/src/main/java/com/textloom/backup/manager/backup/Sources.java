package com.textloom.backup.manager.backup;

import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.source.BackupSource;
import com.textloom.backup.manager.source.SourceException;
import com.textloom.backup.manager.source.database.PostgresLocation;
import com.textloom.backup.manager.source.database.PostgresSource;
import com.textloom.backup.manager.source.files.FileTreeSource;
import com.textloom.backup.manager.source.redis.RedisLocation;
import com.textloom.backup.manager.source.redis.RedisSource;
import com.textloom.backup.repository.manifest.BackupManifest;
import java.util.ArrayList;
import java.util.List;

/** The guide's components, in backup order, and the repository parts each one writes. */
public final class Sources {
    /** Every component name, in the order a full backup takes them. */
    public static final List<String> ALL = BackupManifest.COMPONENTS;

    private Sources() {}

    /** Whether a stored stream or tree named {@code part} belongs to {@code component}. */
    public static boolean partOf(String component, String part) {
        return BackupManifest.partOf(component, part);
    }

    /**
     * The sources for the named components (all when the list is empty). A component whose
     * configuration is missing or invalid becomes a source that fails with that reason, so the
     * other components still run.
     *
     * @throws IllegalArgumentException for a name that is not a component
     */
    public static List<BackupSource> forComponents(List<String> names, ManagerSettings settings) {
        List<String> wanted = names == null || names.isEmpty() ? ALL : names;
        List<BackupSource> out = new ArrayList<>();
        for (String name : wanted) {
            out.add(
                    switch (name) {
                        case "database" ->
                            configured(
                                    name,
                                    () -> new PostgresSource(
                                            PostgresLocation.parse(require(settings.databaseUrl(), "DATABASE_URL")),
                                            settings.toolLimits()));
                        case "redis" ->
                            configured(
                                    name,
                                    () -> new RedisSource(
                                            RedisLocation.parse(require(settings.redisUrl(), "REDIS_URL"))));
                        case "workspace" -> new FileTreeSource(FileTreeSource.WORKSPACE, settings.workspaceDir());
                        case "logs" -> new FileTreeSource(FileTreeSource.LOGS, settings.logDir());
                        default ->
                            throw new IllegalArgumentException("unknown component '" + name + "' (known: " + ALL + ")");
                    });
        }
        return out;
    }

    /** Checks component names, naming the first bad one. */
    public static void validate(List<String> names) {
        if (names != null) {
            for (String n : names) {
                if (!ALL.contains(n)) {
                    throw new IllegalArgumentException("unknown component '" + n + "' (known: " + ALL + ")");
                }
            }
        }
    }

    private static String require(String value, String variable) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(variable + " is not set");
        }
        return value;
    }

    private interface Maker {
        BackupSource make();
    }

    private static BackupSource configured(String component, Maker maker) {
        try {
            return maker.make();
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage();
            return new BackupSource() {
                @Override
                public String component() {
                    return component;
                }

                @Override
                public com.textloom.backup.manager.source.ComponentResult backup(
                        com.textloom.backup.manager.source.ComponentSink sink) throws SourceException {
                    throw new SourceException(component, "not configured: " + reason);
                }
            };
        }
    }
}
