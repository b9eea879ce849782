package com.textloom.backup.support.config;

import com.textloom.backup.config.EnvFile;
import io.smallrye.config.EnvConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSourceProvider;

/**
 * Makes the variables of {@code .env.backup} configuration, as the guide does
 * ({@code cp .env.backup.example .env.backup}).
 *
 * <p>The file is {@code .env.backup} in the working directory, or the file named by the environment
 * variable (or system property) {@value #FILE_VARIABLE} ({@link EnvFile#location}), read by {@link EnvFile}: the
 * command line finds and reads it with the same code ({@code com.textloom.backup.config.SuiteEnvironment}). Its
 * variables behave exactly like environment
 * variables ({@code BACKUP_DAILY_RETENTION_DAYS} answers {@code backup.daily-retention-days}), with
 * ordinal {@value #ORDINAL}: below the real environment (300), so <b>a variable set in the environment
 * overrides the file</b>, and above {@code application.properties} (250), so the file overrides the
 * packaged defaults. A missing file is not an error; an unreadable line is, naming file and line.
 */
public class EnvFileConfigSourceProvider implements ConfigSourceProvider {

    /** Names another file than {@code ./.env.backup}. */
    public static final String FILE_VARIABLE = EnvFile.FILE_VARIABLE;
    /** Default file name, in the working directory. */
    public static final String DEFAULT_FILE = EnvFile.DEFAULT_FILE;
    /** Between the environment (300) and application.properties (250). */
    public static final int ORDINAL = 295;

    @Override
    public Iterable<ConfigSource> getConfigSources(ClassLoader forClassLoader) {
        Path file = location();
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return List.of(new EnvFileConfigSource(file, EnvFile.read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Where the file is looked for (absolute). */
    public static Path location() {
        return EnvFile.location(System.getenv(), Path.of(""));
    }

    /** The file's variables, looked up like environment variables. */
    static final class EnvFileConfigSource extends EnvConfigSource {

        /**
         * Keeps the name {@code EnvConfigSource}: SmallRye exempts sources of that name from "does not map to
         * any root" checks, which the file needs (it carries the whole suite's variables, a service maps only
         * its own). Messages name the file through {@link VariableCheck}.
         */
        EnvFileConfigSource(Path file, Map<String, String> variables) {
            super(variables, EnvFileConfigSourceProvider.ORDINAL);
        }

        @Override
        public int getOrdinal() {
            // not ORDINAL alone: inside this class that is EnvConfigSource.ORDINAL (300)
            return EnvFileConfigSourceProvider.ORDINAL;
        }
    }
}
