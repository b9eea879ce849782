package com.textloom.backup.support.logging;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Makes the service's log files ({@code quarkus.log.file.path} and every {@code quarkus.log.handler.file."NAME".path}
 * that is enabled) readable by the service user only, {@code 0600}, at every start, before any request is served:
 * log lines name backups, hosts and callers. Files rotated later are created by the logging library with the
 * process umask; the suite's launchers ({@code deploy/local/up}, the systemd units) run the services with
 * umask {@code 077}, so those are private too. A file that is a symbolic link is left alone.
 */
@ApplicationScoped
public class LogFilePermissions {

    private static final Logger LOG = Logger.getLogger(LogFilePermissions.class);
    private static final Pattern NAMED_PATH =
            Pattern.compile("quarkus\\.log\\.handler\\.file\\.(\"[^\"]+\"|[^.]+)\\.path");

    void restrict(@Observes @Priority(1) StartupEvent start) {
        for (Path file : logFiles(ConfigProvider.getConfig())) {
            try {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            } catch (IOException | UnsupportedOperationException e) {
                LOG.warnf("could not make the log file %s private (0600): %s", file, e.getMessage());
            }
        }
    }

    /** The enabled log files of {@code config}. */
    static List<Path> logFiles(Config config) {
        List<Path> files = new ArrayList<>();
        if (enabled(config, "quarkus.log.file.", false)) {
            files.add(Path.of(config.getOptionalValue("quarkus.log.file.path", String.class)
                    .orElse("quarkus.log")));
        }
        for (String name : config.getPropertyNames()) {
            var m = NAMED_PATH.matcher(name);
            if (m.matches() && enabled(config, "quarkus.log.handler.file." + m.group(1) + ".", true)) {
                config.getOptionalValue(name, String.class).map(Path::of).ifPresent(files::add);
            }
        }
        return files;
    }

    /**
     * {@code <prefix>enabled} or its older spelling {@code <prefix>enable} (the services use it) set to true; when
     * neither is set, {@code byDefault}. (Quarkus gives the new spelling a default, so either being true counts.)
     */
    private static boolean enabled(Config config, String prefix, boolean byDefault) {
        Optional<Boolean> current = config.getOptionalValue(prefix + "enabled", Boolean.class);
        Optional<Boolean> older = config.getOptionalValue(prefix + "enable", Boolean.class);
        if (current.orElse(false) || older.orElse(false)) {
            return true;
        }
        return current.isEmpty() && older.isEmpty() && byDefault;
    }
}
