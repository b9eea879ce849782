package com.textloom.backup.support.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the protected TextLoom application keeps its data: {@code DATABASE_URL}, {@code REDIS_URL},
 * {@code TEXTLOOM_WORKSPACE_DIR}, {@code TEXTLOOM_LOG_DIR}. An unset URL means the component is not configured;
 * the directories have the catalogue's defaults ({@code ./workspace}, {@code ./logs}, as the manager has always
 * used). The URLs may carry passwords: never log them whole.
 */
@ConfigMapping(prefix = "")
public interface ProtectedAppConfig {

    /** DATABASE_URL: {@code postgresql://user[:password]@host:port/database}. */
    @WithName("database.url")
    Optional<String> databaseUrl();

    /** REDIS_URL: {@code redis://[:password@]host:port/db}. */
    @WithName("redis.url")
    Optional<String> redisUrl();

    /** TEXTLOOM_WORKSPACE_DIR: the application's workspace directory. */
    @WithName("textloom.workspace-dir")
    Optional<Path> workspaceDir();

    /** TEXTLOOM_LOG_DIR: the application's log directory. */
    @WithName("textloom.log-dir")
    Optional<Path> logDir();
}
